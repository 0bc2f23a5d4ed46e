package org.demarche.stance.tone;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.Tokenizer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.demarche.config.ConfigLoader;
import org.demarche.pipeline.StanceSteps;
import org.demarche.stance.StanceAnnotatorTest;
import org.demarche.stance.StanceFinder;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/** The tone model applied row by row inside the stance stage gives what {@code PipelineModel.transform} gives. */
class ToneScorerTest {
  static Dataset<Row> docs() throws Exception {
    return StanceAnnotatorTest.docs().withColumn("story_id", col("doc_id"))
        .withColumn("outlet", org.apache.spark.sql.functions.lit("test"));
  }

  @Test
  void probabilitiesAndClassesEqualTheModelsTransform() throws Exception {
    var spark = SparkTestSession.get();
    PipelineModel model = TargetedToneModel.builtin(spark);
    // the lexicon-scored tone units of the test documents, as the model's input rows
    Dataset<Row> units = StanceSteps.stanceTable(StanceSteps.annotate(docs(),
            new ConfigLoader().build(null).stance(), ""))
        .where(col("kind").equalTo("tone"))
        .select(col("evidence").as("sentence"), col("target_start").minus(col("evidence_start")).as("target_start"),
            col("target_end").minus(col("evidence_start")).as("target_end"));
    List<Row> rows = model.transform(units).select("sentence", "target_start", "target_end", "probability",
        "prediction").collectAsList();
    assertThat(rows).hasSizeGreaterThan(20);
    ToneScorer scorer = ToneScorer.of(model);
    java.util.Set<Integer> classes = new java.util.HashSet<>();
    for (Row r : rows) {
      String s = r.getString(0);
      double[] p = scorer.probabilities(s, ToneLexicon.tokenize(s), r.getInt(1), r.getInt(2));
      assertThat(p).as(s).containsExactly(((Vector) r.get(3)).toArray());
      assertThat(ToneScorer.prediction(p)).as(s).isEqualTo((int) r.getDouble(4));
      classes.add(ToneScorer.prediction(p));
    }
    assertThat(classes).hasSizeGreaterThan(1);
  }

  @Test
  void theStanceStageUsesTheModelsClassesAndKeepsTheLexiconScoreInTheDetail() throws Exception {
    var spark = SparkTestSession.get();
    var cfg = new ConfigLoader().build(null).stance();
    List<Row> lexicon = StanceSteps.stanceTable(StanceSteps.annotate(docs(), cfg, ""))
        .where(col("kind").equalTo("tone")).orderBy("doc_id", "evidence_start", "target_start", "source_type")
        .collectAsList();
    List<Row> model = StanceSteps.stanceTable(StanceSteps.annotate(docs(), cfg,
            TargetedToneModel.builtinPath(spark)))
        .where(col("kind").equalTo("tone")).orderBy("doc_id", "evidence_start", "target_start", "source_type")
        .collectAsList();
    assertThat(model).hasSameSizeAs(lexicon);
    ToneScorer scorer = ToneScorer.of(TargetedToneModel.builtin(spark));
    for (int i = 0; i < model.size(); i++) {
      Row m = model.get(i);
      Row l = lexicon.get(i);
      assertThat(m.<String>getAs("method")).isEqualTo("model");
      assertThat(l.<String>getAs("method")).isEqualTo("lexicon");
      String prefix = l.<String>getAs("detail") + "; lexicon ";
      assertThat(m.<String>getAs("detail")).startsWith(prefix);
      assertThat(Double.parseDouble(m.<String>getAs("detail").substring(prefix.length())))
          .isCloseTo(l.<Double>getAs("score"), org.assertj.core.data.Offset.offset(0.0005 + 1e-12));
      String s = m.getAs("evidence");
      int off = m.<Integer>getAs("evidence_start");
      double[] p = scorer.probabilities(s, ToneLexicon.tokenize(s), m.<Integer>getAs("target_start") - off,
          m.<Integer>getAs("target_end") - off);
      boolean failure = StanceFinder.CUE_FAILURE.equals(m.getAs("cue"));
      assertThat(m.<Double>getAs("score")).isEqualTo(failure ? Math.min(p[2] - p[0], StanceFinder.FAILURE_SCORE)
          : p[2] - p[0]);
      assertThat(m.<String>getAs("stance_class")).isEqualTo(failure ? "negative"
          : NewsMtsc.LABELS.get(ToneScorer.prediction(p)));
      assertThat(m.<Double>getAs("confidence")).isCloseTo(l.<Double>getAs("confidence")
          * Math.max(p[0], Math.max(p[1], p[2])), org.assertj.core.data.Offset.offset(0.0005 + 1e-12));
    }
  }

  @Test
  void aModelThatDoesNotEndWithALogisticRegressionIsRefusedByName() {
    PipelineModel bad = new PipelineModel("bad", new Transformer[] {new Tokenizer("tok")});
    assertThatThrownBy(() -> ToneScorer.of(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LogisticRegressionModel").hasMessageContaining("Tokenizer");
  }
}
