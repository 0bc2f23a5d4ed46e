package org.demarche.topics;

import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.clustering.LDA;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class OnlineLdaTopicsTest {
  @Test
  void estimatorSettings() {
    LDA lda = OnlineLdaTopics.estimator("tf", 7, 30, 0.2, 3);
    assertThat(lda.getOptimizer()).isEqualTo("online");
    assertThat(lda.getOptimizeDocConcentration()).isTrue();
    assertThat(lda.getSubsamplingRate()).isEqualTo(0.2);
    assertThat(lda.getK()).isEqualTo(7);
    assertThat(lda.getMaxIter()).isEqualTo(30);
    assertThat(lda.getSeed()).isEqualTo(3L);
  }

  @Test
  void recoversPlantedTopicsDeterministically() {
    PlantedCorpus corpus = new PlantedCorpus(42);
    Dataset<Row> docs = corpus.dataset().cache();
    LDA lda = OnlineLdaTopics.estimator("tf", PlantedCorpus.K, 25, 1.0, 11);
    OnlineLdaTopics topics = OnlineLdaTopics.fit(lda, docs);
    assertThat(topics.numTopics()).isEqualTo(PlantedCorpus.K);

    Dataset<Row> tt = topics.topicTerms(corpus.vocabulary);
    assertThat(tt.columns()).containsExactly("topic", "term", "weight", "count");
    List<Row> terms = tt.collectAsList();
    double[] best = corpus.bestCosines(terms, PlantedCorpus.K);
    // online variational Bayes on 300 short documents: a lower bar than Gibbs' 0.9, met with margin on this corpus
    assertThat(Arrays.stream(best).boxed()).as("best cosines %s", Arrays.toString(best))
        .allSatisfy(c -> assertThat(c).isGreaterThanOrEqualTo(0.8));
    for (Row r : tt.groupBy("topic").agg(sum("weight")).collectAsList()) {
      assertThat(r.getDouble(1)).isCloseTo(1.0, within(1e-9));
    }

    List<Row> dt = topics.docTopics(docs, "doc_id").collectAsList();
    assertThat(dt).allSatisfy(r -> assertThat(r.getDouble(2)).isGreaterThanOrEqualTo(0.01));
    assertThat(dt.stream().map(r -> r.getString(0)).distinct().count()).isEqualTo(PlantedCorpus.DOCS);

    // same seed, same topics
    List<Row> again = OnlineLdaTopics.fit(OnlineLdaTopics.estimator("tf", PlantedCorpus.K, 25, 1.0, 11), docs)
        .topicTerms(corpus.vocabulary).orderBy("topic", "term").collectAsList();
    assertThat(again).isEqualTo(tt.orderBy("topic", "term").collectAsList());
    docs.unpersist();
  }
}
