package org.demarche.topics;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.demarche.topics.gibbs.InitialTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link InitialTopics} of a {@link GibbsLda} fit: the idf of the first n term indices, and K profiles over
 * them, either given (warm start) or the centres of spherical k-means over the documents' L2-normalised tf-idf vectors
 * restricted to those n terms (Spark ML {@code KMeans}, cosine distance, a fixed seed). Only n-sized vectors and the
 * K × n centres reach the driver.
 */
final class ClusterInit {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterInit.class);
  private static final int KMEANS_ITERATIONS = 30;

  private ClusterInit() {}

  /** Null when the corpus has no terms (the fit then starts at random). */
  static InitialTopics initialTopics(SparkSession spark, JavaRDD<Vector> vectors, int k, int initTerms,
      double[][] given) {
    long t0 = System.nanoTime();
    // one pass: document frequencies of the first initTerms terms, then the document count, then the vector size
    final int m = initTerms;
    long[] df = vectors.treeAggregate(new long[m + 2], (acc, v) -> {
      acc[m]++;
      if (v != null) {
        acc[m + 1] = Math.max(acc[m + 1], v.size());
        SparseVector s = v.toSparse();
        for (int i : s.indices()) {
          if (i < m) {
            acc[i]++;
          }
        }
      }
      return acc;
    }, (a, b) -> {
      for (int i = 0; i < m + 1; i++) {
        a[i] += b[i];
      }
      a[m + 1] = Math.max(a[m + 1], b[m + 1]);
      return a;
    });
    final int n = (int) Math.min(m, df[m + 1]);
    if (n == 0) {
      return null;
    }
    double[] idf = new double[n];
    for (int w = 0; w < n; w++) {
      idf[w] = Math.log((df[m] + 1.0) / (df[w] + 1.0));
    }
    if (given != null) {
      double[][] rows = new double[given.length][n];
      for (int t = 0; t < given.length; t++) {
        System.arraycopy(given[t], 0, rows[t], 0, Math.min(n, given[t].length));
      }
      LOG.info("Gibbs LDA: warm start from {} given topic profiles over {} terms", given.length, n);
      return new InitialTopics(rows, idf);
    }
    JavaRDD<Row> points = vectors.filter(v -> v != null).map(v -> tfIdf(v, idf)).filter(v -> v != null)
        .map(v -> RowFactory.create(v));
    Dataset<Row> df2 = spark.createDataFrame(points, new StructType().add("v", SQLDataTypes.VectorType()))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      if (df2.isEmpty()) {
        return null;
      }
      KMeansModel km = new KMeans().setK(k).setSeed(GibbsLda.INIT_SEED).setMaxIter(KMEANS_ITERATIONS)
          .setDistanceMeasure("cosine").setFeaturesCol("v").fit(df2);
      Vector[] centres = km.clusterCenters();
      List<double[]> rows = new ArrayList<>();
      for (Vector c : centres) {
        double[] r = c.toArray();
        for (int w = 0; w < r.length; w++) {
          r[w] = Math.max(0, r[w]);
        }
        rows.add(r);
      }
      LOG.info("Gibbs LDA: {} k-means clusters over {} terms for the initial topics in {} s", rows.size(), n,
          String.format("%.1f", (System.nanoTime() - t0) / 1e9));
      return new InitialTopics(rows.toArray(new double[0][]), idf);
    } finally {
      df2.unpersist(false);
    }
  }

  /** The L2-normalised tf-idf of v's first idf.length terms, or null when it has none. */
  static Vector tfIdf(Vector v, double[] idf) {
    SparseVector s = v.toSparse();
    int[] idx = s.indices();
    double[] val = s.values();
    int m = 0;
    for (int i : idx) {
      if (i < idf.length) {
        m++;
      }
    }
    int[] oi = new int[m];
    double[] ov = new double[m];
    double norm = 0;
    int j = 0;
    for (int i = 0; i < idx.length; i++) {
      if (idx[i] < idf.length) {
        oi[j] = idx[i];
        ov[j] = val[i] * idf[idx[i]];
        norm += ov[j] * ov[j];
        j++;
      }
    }
    if (!(norm > 0)) {
      return null;
    }
    double sc = 1 / Math.sqrt(norm);
    for (int i = 0; i < m; i++) {
      ov[i] *= sc;
    }
    return Vectors.sparse(idf.length, oi, ov);
  }
}
