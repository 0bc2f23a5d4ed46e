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

  /** Topics fitted: more than the 5 planted (see below). */
  static final int K = 8;

  /**
   * Online LDA on the planted corpus. With exactly 5 topics, online variational Bayes ends in a local optimum that
   * merges two planted topics (best cosines 0.66-0.76 for them) for 2 of 5 seeds tried (11-15; 10, 20 or 50 iterations,
   * subsampling 0.5 or 1.0, learningOffset 10 or 1024), so the honest bar is with spare topics: K = 8 recovered all
   * five for every seed tried. The small learningOffset suits a 300-document corpus (the default 1024 barely moves
   * λ in 20 full-batch iterations).
   */
  static LDA estimator(long seed) {
    return OnlineLdaTopics.estimator("tf", K, 10, 1.0, seed).setLearningOffset(10);
  }

  @Test
  void recoversPlantedTopicsDeterministically() {
    PlantedCorpus corpus = new PlantedCorpus(42);
    Dataset<Row> docs = corpus.dataset().cache();
    OnlineLdaTopics topics = OnlineLdaTopics.fit(estimator(11), docs);
    assertThat(topics.numTopics()).isEqualTo(K);

    Dataset<Row> tt = topics.topicTerms(corpus.vocabulary);
    assertThat(tt.columns()).containsExactly("topic", "term", "weight", "count");
    List<Row> terms = tt.collectAsList();
    double[] best = corpus.bestCosines(terms, K);
    // measured for seeds 11-15: every best cosine >= 0.99 with K = 8; the bar leaves room
    assertThat(Arrays.stream(best).boxed()).as("best cosines %s", Arrays.toString(best))
        .allSatisfy(c -> assertThat(c).isGreaterThanOrEqualTo(0.9));
    for (Row r : tt.groupBy("topic").agg(sum("weight")).collectAsList()) {
      assertThat(r.getDouble(1)).isCloseTo(1.0, within(1e-9));
    }

    List<Row> dt = topics.docTopics(docs, "doc_id").collectAsList();
    assertThat(dt).allSatisfy(r -> assertThat(r.getDouble(2)).isGreaterThanOrEqualTo(0.01));
    assertThat(dt.stream().map(r -> r.getString(0)).distinct().count()).isEqualTo(PlantedCorpus.DOCS);

    // same seed, same topics
    List<Row> again = OnlineLdaTopics.fit(estimator(11), docs)
        .topicTerms(corpus.vocabulary).orderBy("topic", "term").collectAsList();
    assertThat(again).isEqualTo(tt.orderBy("topic", "term").collectAsList());
    docs.unpersist();
  }
}
