package org.demarche.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.config.ConfigException;
import org.demarche.config.JobConfig;
import org.demarche.testing.SparkTestSession;
import org.demarche.topics.PlantedCorpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The topic step on a planted corpus: a fitted model is saved with its descriptor, a refit with another seed on the
 * corpus plus new documents keeps every planted theme's topic id, and applying the saved model scores new documents
 * with the same ids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopicStepsTest {
  private final SparkSession spark = SparkTestSession.get();
  private final PlantedCorpus corpus = new PlantedCorpus(11);
  private Path out;
  private PipelineModel text;
  private TopicSteps.Outcome first;
  private Map<String, Integer> firstDominant;

  static JobConfig.TopicsConfig cfg(long seed, String model) {
    return new JobConfig.TopicsConfig(true, "gibbs", PlantedCorpus.K, 60, seed, 1, 5.0, 0.01, 10, 20, 0.05, 0.01, 10,
        model, "auto", 0.5, List.of("month"), "clusters", true);
  }

  /** doc_id, terms (each word repeated by its count), tf. */
  Dataset<Row> docs(PlantedCorpus c, String prefix, int n) {
    List<Row> rows = new ArrayList<>();
    for (Row r : c.rows.subList(0, n)) {
      SparseVector v = (SparseVector) r.get(1);
      List<String> terms = new ArrayList<>();
      for (int i = 0; i < v.indices().length; i++) {
        for (int j = 0; j < (int) v.values()[i]; j++) {
          terms.add(c.vocabulary[v.indices()[i]]);
        }
      }
      rows.add(RowFactory.create(prefix + r.getString(0), terms.toArray(new String[0]), v));
    }
    StructType s = new StructType().add("doc_id", DataTypes.StringType)
        .add("terms", DataTypes.createArrayType(DataTypes.StringType))
        .add("tf", org.apache.spark.ml.linalg.SQLDataTypes.VectorType());
    return spark.createDataFrame(rows, s).repartition(2).cache();
  }

  static Map<String, Integer> dominant(Dataset<Row> docTopics) {
    Map<String, Integer> best = new HashMap<>();
    Map<String, Double> w = new HashMap<>();
    for (Row r : docTopics.collectAsList()) {
      String d = r.getAs("doc_id");
      double x = r.getAs("weight");
      if (x > w.getOrDefault(d, -1.0)) {
        w.put(d, x);
        best.put(d, r.getAs("topic_id"));
      }
    }
    return best;
  }

  @BeforeAll
  void fitFirst() throws Exception {
    out = Files.createTempDirectory("demarche-topics");
    text = new PipelineModel("text", new Transformer[] {new CountVectorizerModel(corpus.vocabulary)
        .setInputCol("terms").setOutputCol("tf")});
    first = TopicSteps.run(spark, docs(corpus, "", 300), text, cfg(1, ""), out.toString(), "r_first");
    firstDominant = dominant(first.docTopics());
  }

  @Test
  void aFittedModelIsSavedWithItsDescriptorAndDiagnostics() {
    assertThat(first.fitted()).isTrue();
    assertThat(first.modelId()).isEqualTo("m_first");
    assertThat(Path.of(first.modelPath(), TopicSteps.DESCRIPTOR)).isRegularFile();
    TopicSteps.Descriptor d = TopicSteps.readDescriptor(spark, first.modelPath());
    assertThat(d.formatVersion()).isEqualTo(TopicSteps.FORMAT_VERSION);
    assertThat(d.topicIds()).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    List<Row> topics = first.topics().collectAsList();
    assertThat(topics).hasSize(PlantedCorpus.K);
    for (Row t : topics) {
      assertThat(t.<Double>getAs("npmi")).isGreaterThan(0.3);
      assertThat(t.<String>getAs("label")).isNotBlank();
      assertThat(t.<String>getAs("engine")).isEqualTo("gibbs");
    }
    assertThat(first.lineage().where(col("event").equalTo("new")).count()).isEqualTo(PlantedCorpus.K);
  }

  @Test
  void topicIdsSurviveARefitWithAnotherSeedOnMoreDocuments() {
    // the corpus plus 10% new documents from the same themes, another seed: the previous model is found under the
    // output (topics.previous_model = auto) and every topic keeps the id of its planted theme
    Dataset<Row> more = docs(corpus, "", 300).unionByName(docs(new PlantedCorpus(12), "new_", 30));
    TopicSteps.Outcome refit = TopicSteps.run(spark, more, text, cfg(7, ""), out.toString(), "r_refit");
    assertThat(refit.descriptor().previousModelId()).isEqualTo("m_first");
    assertThat(refit.lineage().where(col("event").equalTo("matched")).count()).isEqualTo(PlantedCorpus.K);
    assertThat(refit.descriptor().topicIds()).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    Map<String, Integer> refitDominant = dominant(refit.docTopics());
    long same = firstDominant.entrySet().stream()
        .filter(e -> e.getValue().equals(refitDominant.get(e.getKey()))).count();
    assertThat(same).as("documents whose dominant topic id is unchanged").isGreaterThanOrEqualTo(270);
  }

  @Test
  void applyingTheSavedModelScoresWithTheSameIds() {
    TopicSteps.Outcome applied =
        TopicSteps.run(spark, docs(corpus, "", 300), text, cfg(1, first.modelPath()), out.toString(), "r_apply");
    assertThat(applied.fitted()).isFalse();
    assertThat(applied.modelId()).isEqualTo("m_first");
    Map<String, Integer> d = dominant(applied.docTopics());
    long same = firstDominant.entrySet().stream().filter(e -> e.getValue().equals(d.get(e.getKey()))).count();
    assertThat(same).isGreaterThanOrEqualTo(270);
  }

  @Test
  void aMissingModelIsAConfigError() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TopicSteps.readDescriptor(spark, out.resolve("nothing").toString()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("demarche-model.json");
  }
}
