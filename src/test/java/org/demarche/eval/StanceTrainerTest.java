package org.demarche.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.demarche.stance.tone.LogCountRatioScalerModel;
import org.demarche.stance.tone.NewsMtsc;
import org.demarche.stance.tone.TargetEmbedder;
import org.demarche.stance.tone.TargetFeaturizer;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

class StanceTrainerTest {
  static final Path FILE = SparkTestSession.sharedData("newsmtsc/newsmtsc_train.jsonl.gz");

  static List<NewsMtsc.Example> sample() {
    return NewsMtsc.read(FILE).subList(0, 400);
  }

  @Test
  void readerAndSplitBySentence() {
    List<NewsMtsc.Example> all = NewsMtsc.read(FILE);
    assertThat(all).hasSize(8739);
    assertThat(all).allSatisfy(e -> assertThat(e.sentence().substring(e.from(), e.to())).isEqualTo(e.mention()));
    NewsMtsc.Split s = NewsMtsc.split(all, 42);
    assertThat(s.train().size() + s.test().size()).isEqualTo(all.size());
    assertThat((double) s.test().size() / all.size()).isCloseTo(0.2, within(0.02));
    Set<String> trainSentences = new HashSet<>();
    s.train().forEach(e -> trainSentences.add(e.sentence()));
    assertThat(s.test()).noneMatch(e -> trainSentences.contains(e.sentence()));
    assertThat(NewsMtsc.split(all, 42)).isEqualTo(s);
  }

  @Test
  void sameSeedSameModelDifferentSeedDifferentRows() {
    SparkSession spark = SparkTestSession.get();
    StanceTrainer.Settings small = new StanceTrainer.Settings(1 << 12, 4, true, true, true, 0.01, 0.0, true, true, 40);
    List<NewsMtsc.Example> rows = sample();
    NewsMtsc.Split a = NewsMtsc.split(rows, 42);
    NewsMtsc.Split b = NewsMtsc.split(rows, 42);
    NewsMtsc.Split other = NewsMtsc.split(rows, 7);
    assertThat(a.train()).isEqualTo(b.train());
    assertThat(other.train()).isNotEqualTo(a.train());
    PipelineModel m1 = StanceTrainer.fit(spark, a.train(), small);
    PipelineModel m2 = StanceTrainer.fit(spark, b.train(), small);
    LogisticRegressionModel lr1 = (LogisticRegressionModel) m1.stages()[1];
    LogisticRegressionModel lr2 = (LogisticRegressionModel) m2.stages()[1];
    assertThat(lr1.coefficientMatrix().toArray()).containsExactly(lr2.coefficientMatrix().toArray());
    assertThat(lr1.interceptVector().toArray()).containsExactly(lr2.interceptVector().toArray());
    assertThat(java.util.Arrays.stream(lr1.coefficientMatrix().toArray()).anyMatch(x -> x != 0.0)).isTrue();
    List<Row> p1 = m1.transform(NewsMtsc.toDataFrame(spark, a.test())).select("prediction", "probability")
        .collectAsList();
    List<Row> p2 = m2.transform(NewsMtsc.toDataFrame(spark, a.test())).select("prediction", "probability")
        .collectAsList();
    assertThat(p1).isEqualTo(p2);
    // the model learnt something from its own training rows
    assertThat(StanceEvaluation.model(spark, m1, a.train()).accuracy()).isGreaterThan(0.6);
  }

  @Test
  void scaledPipelineIsDeterministicToo() {
    SparkSession spark = SparkTestSession.get();
    StanceTrainer.Settings s = new StanceTrainer.Settings(1 << 12, 4, true, true, true, 0.01, 0.0, true, true, 40)
        .withExtras(StanceTrainer.Settings.DEFAULT.extras()).withNbAlpha(1.0).withStandardization(false);
    List<NewsMtsc.Example> rows = NewsMtsc.split(sample(), 42).train();
    PipelineModel m1 = StanceTrainer.fit(spark, rows, s);
    PipelineModel m2 = StanceTrainer.fit(spark, rows, s);
    assertThat(m1.stages()).hasSize(3);
    assertThat(((LogCountRatioScalerModel) m1.stages()[1]).scale())
        .containsExactly(((LogCountRatioScalerModel) m2.stages()[1]).scale());
    LogisticRegressionModel lr1 = (LogisticRegressionModel) m1.stages()[2];
    LogisticRegressionModel lr2 = (LogisticRegressionModel) m2.stages()[2];
    assertThat(lr1.coefficientMatrix().toArray()).containsExactly(lr2.coefficientMatrix().toArray());
    assertThat(StanceEvaluation.model(spark, m1, rows).accuracy()).isGreaterThan(0.6);
  }

  @Test
  void embeddingPipelineIsDeterministic() {
    SparkSession spark = SparkTestSession.get();
    StanceTrainer.Settings s = new StanceTrainer.Settings(1 << 12, 4, true, true, true, 0.01, 0.0, false, true, 30)
        .withNbAlpha(1.0);
    List<NewsMtsc.Example> rows = NewsMtsc.split(sample(), 42).train();
    StanceTrainer.Embedding e = new StanceTrainer.Embedding(List.of(), 1, 8, 2, 300, 1.0);
    TargetEmbedder e1 = StanceTrainer.embedder(spark, rows, e, 42);
    TargetEmbedder e2 = StanceTrainer.embedder(spark, rows, e, 42);
    assertThat(e1.vocabularySize()).isEqualTo(300);
    assertThat(e1.table().get("the")).containsExactly(e2.table().get("the"));
    PipelineModel m1 = StanceTrainer.fit(spark, rows, s, e1);
    PipelineModel m2 = StanceTrainer.fit(spark, rows, s, e2);
    assertThat(m1.stages()).hasSize(5);
    LogisticRegressionModel lr1 = (LogisticRegressionModel) m1.stages()[4];
    LogisticRegressionModel lr2 = (LogisticRegressionModel) m2.stages()[4];
    assertThat(lr1.numFeatures()).isEqualTo((1 << 12) + TargetFeaturizer.DENSE + 4 * 8);
    assertThat(lr1.coefficientMatrix().toArray()).containsExactly(lr2.coefficientMatrix().toArray());
  }

  @Test
  void metricsFromAConfusionTable() {
    int[] gold = {0, 0, 1, 1, 2, 2};
    int[] pred = {0, 1, 1, 1, 2, 0};
    StanceEvaluation.Metrics m = StanceEvaluation.Metrics.of("x", gold, pred);
    assertThat(m.classes().get(0).precision()).isEqualTo(0.5);
    assertThat(m.classes().get(0).recall()).isEqualTo(0.5);
    assertThat(m.classes().get(1).precision()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(m.classes().get(1).f1()).isCloseTo(0.8, within(1e-12));
    assertThat(m.classes().get(2).f1()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(m.macroF1()).isCloseTo((0.5 + 0.8 + 2.0 / 3) / 3, within(1e-12));
    assertThat(m.accuracy()).isCloseTo(4.0 / 6, within(1e-12));
  }

  @Test
  void lexiconThresholdsComeFromTheTrainPartOnly() {
    NewsMtsc.Split s = NewsMtsc.split(sample(), 42);
    StanceEvaluation.Thresholds t = StanceEvaluation.fitThresholds(s.train());
    assertThat(t.low()).isLessThanOrEqualTo(t.high());
    StanceEvaluation.Metrics m = StanceEvaluation.lexicon(s.test(), t);
    assertThat(m.n()).isEqualTo(s.test().size());
    assertThat(m.macroF1()).isBetween(0.0, 1.0);
  }
}
