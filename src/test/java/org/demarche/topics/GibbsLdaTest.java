package org.demarche.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.testing.SparkTestSession;
import org.demarche.testing.StageContracts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GibbsLdaTest {
  static PlantedCorpus corpus;
  static GibbsLdaModel model;

  static GibbsLda estimator() {
    return new GibbsLda().setK(PlantedCorpus.K).setMaxIter(60).setBurnIn(20).setOptimizeInterval(10).setSeed(7)
        .setNumPartitions(2);
  }

  @BeforeAll
  static void fit() {
    corpus = new PlantedCorpus(42);
    model = estimator().fit(corpus.dataset());
  }

  @AfterAll
  static void release() {
    model.unpersist();
  }

  @Test
  void recoversEveryPlantedTopic() {
    List<Row> terms = model.topicTerms(corpus.vocabulary).collectAsList();
    double[] best = corpus.bestCosines(terms, model.numTopics());
    assertThat(java.util.Arrays.stream(best).boxed()).as("best cosines %s", java.util.Arrays.toString(best))
        .allSatisfy(c -> assertThat(c).isGreaterThanOrEqualTo(0.9));

    // the five fitted topics are five different planted ones
    int[] match = corpus.bestMatch(terms, model.numTopics());
    assertThat(java.util.Arrays.stream(match).distinct().count()).isEqualTo(PlantedCorpus.K);

    // most documents' largest fitted topic is their largest planted topic (80 tokens make this noisy)
    List<Row> dt = model.transform(corpus.dataset()).select("doc_id", "topic_distribution").collectAsList();
    int agree = 0;
    for (Row r : dt) {
      int d = Integer.parseInt(r.getString(0).substring(1));
      Vector v = (Vector) r.get(1);
      if (v.argmax() == match[corpus.dominant(d)]) {
        agree++;
      }
    }
    assertThat(agree).isGreaterThanOrEqualTo((int) (0.9 * PlantedCorpus.DOCS));
  }

  @Test
  void countsAreConsistentAndHyperparametersLearned() {
    long tokens = (long) PlantedCorpus.DOCS * PlantedCorpus.TOKENS;
    assertThat(java.util.Arrays.stream(model.topicTotals()).sum()).isEqualTo(tokens);
    Row total = model.topicWordCounts().agg(sum("count")).first();
    assertThat(total.getLong(0)).isEqualTo(tokens);
    // per-term totals equal the corpus's term counts
    Map<Integer, Double> corpusCounts = new HashMap<>();
    for (Row r : corpus.rows) {
      Vector v = (Vector) r.get(1);
      v.foreachActive((i, c) -> {
        corpusCounts.merge((Integer) i, (Double) c, Double::sum);
        return scala.runtime.BoxedUnit.UNIT;
      });
    }
    for (Row r : model.topicWordCounts().groupBy("term_index").agg(sum("count")).collectAsList()) {
      assertThat((double) r.getLong(1)).isEqualTo(corpusCounts.get(r.getInt(0)));
    }
    // weights sum to one per topic
    for (Row r : model.topicTerms(corpus.vocabulary).groupBy("topic").agg(sum("weight")).collectAsList()) {
      assertThat(r.getDouble(1)).isCloseTo(1.0, within(1e-9));
    }
    // alpha was optimised: positive, no longer the symmetric 1.0 it started from
    assertThat(model.alpha()).hasSize(PlantedCorpus.K);
    assertThat(java.util.Arrays.stream(model.alpha()).boxed()).allSatisfy(a -> assertThat(a).isPositive());
    assertThat(model.alpha()).isNotEqualTo(new double[] {1, 1, 1, 1, 1});
    assertThat(model.beta()).isPositive().isNotEqualTo(0.01);
    GibbsLdaModel.TrainingSummary s = model.trainingSummary();
    assertThat(s.iterationSeconds()).hasSize(60);
    assertThat(s.logLikelihoodPerToken()).hasSize(6);
    // the log-likelihood improves from the 10th to the last iteration
    assertThat(s.logLikelihoodPerToken()[5]).isGreaterThan(s.logLikelihoodPerToken()[0]);
  }

  @Test
  void docTopicsIsLongFormatAboveMinWeight() {
    Dataset<Row> dt = model.docTopics(corpus.dataset(), "doc_id", 0.05);
    assertThat(dt.columns()).containsExactly("doc_id", "topic", "weight");
    List<Row> rows = dt.collectAsList();
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.getDouble(2)).isGreaterThanOrEqualTo(0.05);
      assertThat(r.getInt(1)).isBetween(0, PlantedCorpus.K - 1);
    });
    assertThat(rows.stream().map(r -> r.getString(0)).distinct().count()).isEqualTo(PlantedCorpus.DOCS);
    assertThat(model.docTopics(corpus.dataset(), "doc_id", 0).count())
        .isEqualTo((long) PlantedCorpus.DOCS * PlantedCorpus.K);
  }

  @Test
  void transformGivesDistributionsForAnyDocument() {
    StructType s = PlantedCorpus.SCHEMA;
    List<Row> rows = List.of(
        RowFactory.create("empty", Vectors.sparse(PlantedCorpus.V, new int[0], new double[0])),
        RowFactory.create("null", null),
        RowFactory.create("topic0", Vectors.sparse(PlantedCorpus.V, new int[] {0, 1, 2}, new double[] {5, 3, 2})),
        RowFactory.create("wider", Vectors.sparse(PlantedCorpus.V + 10, new int[] {3, PlantedCorpus.V + 5},
            new double[] {4, 1})));
    Dataset<Row> df = SparkTestSession.get().createDataFrame(rows, s);
    StageContracts.schemaMatchesTransform(model, df);
    List<Row> out = model.transform(df).orderBy("doc_id").collectAsList();
    Map<String, Vector> byId = new HashMap<>();
    for (Row r : out) {
      byId.put(r.getString(0), r.isNullAt(2) ? null : (Vector) r.get(2));
    }
    assertThat(byId.get("null")).isNull();
    for (String id : List.of("empty", "topic0", "wider")) {
      double[] v = byId.get(id).toArray();
      assertThat(v).hasSize(PlantedCorpus.K);
      assertThat(java.util.Arrays.stream(v).sum()).isCloseTo(1.0, within(1e-9));
    }
    // an empty document gets the prior mean
    double[] a = model.alpha();
    double as = java.util.Arrays.stream(a).sum();
    assertThat(byId.get("empty").apply(0)).isCloseTo(a[0] / as, within(1e-12));
    // a document of topic-0 terms is mostly the topic matched to planted topic 0
    int[] match = corpus.bestMatch(model.topicTerms(corpus.vocabulary).collectAsList(), model.numTopics());
    assertThat(byId.get("topic0").apply(match[0])).isGreaterThan(0.6);
  }

  @Test
  void sameSeedSameTopicsAndScores() {
    // with optimisation inside the short run
    GibbsLda short1 = estimator().setMaxIter(12).setBurnIn(5).setOptimizeInterval(5);
    GibbsLdaModel m1 = short1.fit(corpus.dataset());
    GibbsLdaModel m2 = short1.copy(new org.apache.spark.ml.param.ParamMap()).fit(corpus.dataset());
    GibbsLdaModel m3 = short1.copy(new org.apache.spark.ml.param.ParamMap()).setSeed(8).fit(corpus.dataset());
    try {
      List<Row> c1 = m1.topicWordCounts().orderBy("topic", "term_index").collectAsList();
      List<Row> c2 = m2.topicWordCounts().orderBy("topic", "term_index").collectAsList();
      List<Row> c3 = m3.topicWordCounts().orderBy("topic", "term_index").collectAsList();
      assertThat(c2).isEqualTo(c1);
      assertThat(c3).isNotEqualTo(c1);
      assertThat(m2.alpha()).isEqualTo(m1.alpha());
      List<Row> t1 = m1.transform(corpus.dataset()).orderBy("doc_id").collectAsList();
      List<Row> t2 = m2.transform(corpus.dataset().repartition(3)).orderBy("doc_id").collectAsList();
      assertThat(t2).isEqualTo(t1);
    } finally {
      m1.unpersist();
      m2.unpersist();
      m3.unpersist();
    }
  }

  @Test
  void aFitInOneTaskEqualsTheDistributedFit() {
    // the planted corpus has 24,000 tokens: under the default localMaxTokens it samples in one task
    GibbsLda base = estimator().setMaxIter(25).setBurnIn(5).setOptimizeInterval(5);
    GibbsLdaModel local = base.copy(new org.apache.spark.ml.param.ParamMap()).fit(corpus.dataset());
    GibbsLdaModel distributed = base.copy(new org.apache.spark.ml.param.ParamMap()).setLocalMaxTokens(0)
        .fit(corpus.dataset());
    try {
      assertThat(base.getLocalMaxTokens()).isGreaterThanOrEqualTo((long) PlantedCorpus.DOCS * PlantedCorpus.TOKENS);
      assertThat(counts(local)).isEqualTo(counts(distributed));
      assertThat(local.alpha()).isEqualTo(distributed.alpha());
      assertThat(local.beta()).isEqualTo(distributed.beta());
      assertThat(local.trainingSummary().logLikelihoodPerToken()).hasSize(distributed.trainingSummary().logLikelihoodPerToken().length);
      for (int i = 0; i < local.trainingSummary().logLikelihoodPerToken().length; i++) {
        assertThat(local.trainingSummary().logLikelihoodPerToken()[i])
            .isCloseTo(distributed.trainingSummary().logLikelihoodPerToken()[i], within(1e-9));
      }
    } finally {
      local.unpersist();
      distributed.unpersist();
    }
  }

  /** Topic-word counts of a model as sorted rows (topic, term_index, count). */
  static List<Row> counts(GibbsLdaModel m) {
    return m.topicWordCounts().orderBy("topic", "term_index").collectAsList();
  }

  @Test
  void clustersInitialisationIsTheSameForEverySeedAndAlreadyNearThePlantedTopics() {
    // zero sweeps: the model is the starting state itself
    GibbsLdaModel a = estimator().setMaxIter(0).setSeed(1).fit(corpus.dataset());
    GibbsLdaModel b = estimator().setMaxIter(0).setSeed(2).fit(corpus.dataset());
    GibbsLdaModel r1 = estimator().setMaxIter(0).setInitMode("random").setSeed(1).fit(corpus.dataset());
    GibbsLdaModel r2 = estimator().setMaxIter(0).setInitMode("random").setSeed(2).fit(corpus.dataset());
    try {
      assertThat(counts(b)).isEqualTo(counts(a));
      assertThat(counts(r2)).isNotEqualTo(counts(r1));
      double[] clustered = corpus.bestCosines(a.topicTerms(corpus.vocabulary).collectAsList(), PlantedCorpus.K);
      double[] random = corpus.bestCosines(r1.topicTerms(corpus.vocabulary).collectAsList(), PlantedCorpus.K);
      double meanClustered = java.util.Arrays.stream(clustered).average().orElse(0);
      double meanRandom = java.util.Arrays.stream(random).average().orElse(0);
      assertThat(meanClustered).as("clusters %s, random %s", java.util.Arrays.toString(clustered),
          java.util.Arrays.toString(random)).isGreaterThan(meanRandom + 0.2);
    } finally {
      a.unpersist();
      b.unpersist();
      r1.unpersist();
      r2.unpersist();
    }
  }

  @Test
  void warmStartBeginsFromTheGivenTopicsInTheirOrder() {
    // profiles: the fitted model's topics in reverse order, over all term indices
    double[][] profiles = new double[PlantedCorpus.K][model.vocabSize()];
    for (Row r : counts(model)) {
      profiles[PlantedCorpus.K - 1 - r.getInt(0)][r.getInt(1)] = r.getLong(2);
    }
    GibbsLda e = estimator().setMaxIter(0).setSeed(3).setInitialTopics(profiles);
    GibbsLdaModel warm = e.fit(corpus.dataset());
    GibbsLdaModel warm20 = e.setMaxIter(20).fit(corpus.dataset());
    try {
      for (GibbsLdaModel m : List.of(warm, warm20)) {
        double[][] fitted = new double[PlantedCorpus.K][m.vocabSize()];
        for (Row r : counts(m)) {
          fitted[r.getInt(0)][r.getInt(1)] = r.getLong(2);
        }
        for (int t = 0; t < PlantedCorpus.K; t++) {
          assertThat(PlantedCorpus.cosine(fitted[t], profiles[t])).as("topic %d", t).isGreaterThan(0.9);
        }
      }
      // without the profiles the same estimator goes back to its initMode
      GibbsLdaModel cold = e.setInitialTopics(null).setMaxIter(0).fit(corpus.dataset());
      assertThat(counts(cold)).isNotEqualTo(counts(warm));
      cold.unpersist();
    } finally {
      warm.unpersist();
      warm20.unpersist();
    }
  }

  @Test
  void stageContractsAndPersistence() throws Exception {
    StructType wrong = new StructType().add("tf", DataTypes.StringType);
    StageContracts.rejectsWrongInputType(estimator(), wrong, "featuresCol");
    StageContracts.rejectsWrongInputType(model, wrong, "featuresCol");
    StageContracts.rejectsWrongInputType(estimator().setTopicDistributionCol("tf"),
        new StructType().add("tf", SQLDataTypes.VectorType()), "topicDistributionCol");

    GibbsLda e = estimator().setAlpha(0.3).setBeta(0.02).setCheckpointInterval(5).setLogInterval(0)
        .setInitMode("random").setInitTerms(100);
    assertThatThrownBy(() -> estimator().setInitMode("kmeans")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initMode");
    StageContracts.roundTrip(e, GibbsLda::load);

    GibbsLdaModel tuned = model.copy(new org.apache.spark.ml.param.ParamMap()).setInferenceIter(20).setSeed(99);
    GibbsLdaModel loaded = StageContracts.roundTrip(tuned, GibbsLdaModel::load);
    assertThat(loaded.numTopics()).isEqualTo(model.numTopics());
    assertThat(loaded.vocabSize()).isEqualTo(model.vocabSize());
    assertThat(loaded.alpha()).isEqualTo(model.alpha());
    assertThat(loaded.beta()).isEqualTo(model.beta());
    assertThat(loaded.topicTotals()).isEqualTo(model.topicTotals());
    assertThat(loaded.topicWordCounts().orderBy("topic", "term_index").collectAsList())
        .isEqualTo(model.topicWordCounts().orderBy("topic", "term_index").collectAsList());
    assertThat(loaded.transform(corpus.dataset()).orderBy("doc_id").collectAsList())
        .isEqualTo(tuned.transform(corpus.dataset()).orderBy("doc_id").collectAsList());
    loaded.unpersist();
  }
}
