package org.demarche.topics;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What every fitted topic engine offers, whatever its algorithm ({@link GibbsLdaModel}, {@link OnlineLdaTopics}).
 * Both results are long-format Datasets computed on the executors.
 */
public interface FittedTopics {
  /** Default of {@link #docTopics(Dataset, String)}: rows with a smaller weight are dropped. */
  double DEFAULT_MIN_WEIGHT = 0.01;

  int numTopics();

  /**
   * Topic-term weights, one row per (topic, term) with a non-zero weight: {@code topic} int (0 … K−1), {@code term}
   * string ({@code vocabulary[term_index]}), {@code weight} double (p(term | topic); the weights of a topic sum to
   * one), {@code count} double (tokens assigned to the term in the topic, or the engine's expected count).
   *
   * @param vocabulary the CountVectorizer vocabulary the model was fitted with (its length is the model's V)
   */
  Dataset<Row> topicTerms(String[] vocabulary);

  /**
   * Document-topic weights, long format: {@code doc_id} (the type of {@code docIdCol}), {@code topic} int,
   * {@code weight} double; rows with {@code weight < minWeight} are dropped. {@code docs} needs the model's features
   * column.
   */
  Dataset<Row> docTopics(Dataset<Row> docs, String docIdCol, double minWeight);

  /** {@link #docTopics(Dataset, String, double)} with {@link #DEFAULT_MIN_WEIGHT}. */
  default Dataset<Row> docTopics(Dataset<Row> docs, String docIdCol) {
    return docTopics(docs, docIdCol, DEFAULT_MIN_WEIGHT);
  }

  /** Long format from a dataset with a topic-distribution vector column. */
  static Dataset<Row> explodeDistribution(Dataset<Row> transformed, String docIdCol, String distributionCol,
      double minWeight) {
    if (!(minWeight >= 0)) {
      throw new IllegalArgumentException("minWeight must be >= 0, was " + minWeight);
    }
    return transformed
        .select(org.apache.spark.sql.functions.col(docIdCol).as("doc_id"),
            org.apache.spark.sql.functions.posexplode(
                org.apache.spark.ml.functions.vector_to_array(
                    org.apache.spark.sql.functions.col(distributionCol), "float64")).as(new String[] {"topic",
                "weight"}))
        .where(org.apache.spark.sql.functions.col("weight").geq(minWeight));
  }
}
