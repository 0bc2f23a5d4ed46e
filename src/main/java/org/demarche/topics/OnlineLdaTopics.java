package org.demarche.topics;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.clustering.LDA;
import org.apache.spark.ml.clustering.LDAModel;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * MLlib's online variational LDA (Hoffman, Blei &amp; Bach 2010) behind {@link FittedTopics}: a thin adapter over
 * {@link LDAModel}, plus {@link #estimator} for the settings demarche uses (optimizer {@code online},
 * {@code optimizeDocConcentration} true).
 *
 * <p>{@link #topicTerms}: MLlib keeps the topics as the V × K variational parameters λ on the driver
 * ({@code topicsMatrix}); {@code weight} is λ_wt / Σ_w λ_wt (every term, so the rows sum to one per topic) and
 * {@code count} is the expected count λ_wt − η (η the effective {@code topicConcentration}), clipped at 0, scaled as MLlib
 * scales λ (to the corpus size). The rows are generated on the executors from a broadcast copy of the matrix.
 * {@link #docTopics}: {@code LDAModel.transform}'s {@code topicDistribution}.
 */
public final class OnlineLdaTopics implements FittedTopics {
  private final LDAModel model;

  public OnlineLdaTopics(LDAModel model) {
    this.model = model;
  }

  /**
   * An online LDA estimator: k topics, maxIter mini-batch iterations, each on a {@code subsamplingRate} fraction of
   * the documents, learning an asymmetric document concentration. The input is {@code featuresCol} term counts.
   */
  public static LDA estimator(String featuresCol, int k, int maxIter, double subsamplingRate, long seed) {
    return new LDA()
        .setOptimizer("online")
        .setFeaturesCol(featuresCol)
        .setK(k)
        .setMaxIter(maxIter)
        .setSubsamplingRate(subsamplingRate)
        .setOptimizeDocConcentration(true)
        .setSeed(seed)
        .setTopicDistributionCol("topic_distribution");
  }

  /** Fits {@code lda} on {@code docs} and wraps the model. */
  public static OnlineLdaTopics fit(LDA lda, Dataset<Row> docs) {
    return new OnlineLdaTopics(lda.fit(docs));
  }

  public LDAModel model() {
    return model;
  }

  @Override
  public int numTopics() {
    return model.getK();
  }

  @Override
  public Dataset<Row> topicTerms(String[] vocabulary) {
    Matrix m = model.topicsMatrix();
    int v = m.numRows();
    int k = m.numCols();
    if (vocabulary.length != v) {
      throw new IllegalArgumentException("vocabulary has " + vocabulary.length + " terms, the model " + v);
    }
    double[] lambda = m.toArray(); // column-major: topic t is lambda[t * v, (t + 1) * v)
    double eta = model.getEffectiveTopicConcentration();
    SparkSession spark = SparkSession.active();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<double[]> lam = jsc.broadcast(lambda);
    Broadcast<String[]> vocab = jsc.broadcast(vocabulary);
    List<Integer> topics = new ArrayList<>();
    for (int t = 0; t < k; t++) {
      topics.add(t);
    }
    JavaRDD<Row> rows = jsc.parallelize(topics, Math.max(1, Math.min(k, jsc.defaultParallelism()))).flatMap(t -> {
      double[] l = lam.value();
      String[] voc = vocab.value();
      double sum = 0;
      for (int w = 0; w < v; w++) {
        sum += l[t * v + w];
      }
      List<Row> out = new ArrayList<>(v);
      for (int w = 0; w < v; w++) {
        double x = l[t * v + w];
        if (x > 0) {
          out.add(RowFactory.create(t, voc[w], x / sum, Math.max(0, x - eta)));
        }
      }
      return out.iterator();
    });
    return spark.createDataFrame(rows, GibbsLdaModel.TERMS_SCHEMA);
  }

  @Override
  public Dataset<Row> docTopics(Dataset<Row> docs, String docIdCol, double minWeight) {
    return FittedTopics.explodeDistribution(model.transform(docs), docIdCol, model.getTopicDistributionCol(),
        minWeight);
  }
}
