package org.demarche.topics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.testing.SparkTestSession;

/**
 * A synthetic LDA corpus with known topics, from a fixed seed: K = 5 topics over V = 100 terms ({@code w0} …
 * {@code w99}). Topic k puts Zipf-like weight on its own 20 terms {@code [20k, 20k + 20)} and a little (3% in all) on
 * two terms of topic k + 1, so topics are disjoint-ish. Each of the 300 documents has 80 tokens drawn from a mixture
 * θ ~ Dirichlet(4 on a primary topic (d mod 5), 1.5 on a random secondary one, 0.05 elsewhere).
 */
public final class PlantedCorpus {
  public static final int K = 5;
  static final int WORDS_PER_TOPIC = 20;
  static final int V = K * WORDS_PER_TOPIC;
  static final int DOCS = 300;
  static final int TOKENS = 80;

  final double[][] phi = new double[K][V];
  final int[] primary = new int[DOCS];
  /** The sampled mixture of each document. */
  final double[][] theta = new double[DOCS][];
  public final List<Row> rows = new ArrayList<>();
  public final String[] vocabulary = new String[V];

  public PlantedCorpus(long seed) {
    Random rnd = new Random(seed);
    for (int w = 0; w < V; w++) {
      vocabulary[w] = "w" + w;
    }
    for (int k = 0; k < K; k++) {
      double sum = 0;
      for (int r = 0; r < WORDS_PER_TOPIC; r++) {
        phi[k][k * WORDS_PER_TOPIC + r] = 1.0 / Math.pow(r + 1, 0.8);
        sum += phi[k][k * WORDS_PER_TOPIC + r];
      }
      for (int r = 0; r < WORDS_PER_TOPIC; r++) {
        phi[k][k * WORDS_PER_TOPIC + r] *= 0.97 / sum;
      }
      int next = ((k + 1) % K) * WORDS_PER_TOPIC;
      phi[k][next + 5] += 0.015;
      phi[k][next + 6] += 0.015;
    }
    for (int d = 0; d < DOCS; d++) {
      int p = d % K;
      int s = (p + 1 + rnd.nextInt(K - 1)) % K;
      primary[d] = p;
      double[] a = new double[K];
      java.util.Arrays.fill(a, 0.05);
      a[p] = 4;
      a[s] = 1.5;
      double[] theta = dirichlet(rnd, a);
      this.theta[d] = theta;
      Map<Integer, Double> counts = new HashMap<>();
      for (int i = 0; i < TOKENS; i++) {
        int t = draw(rnd, theta);
        int w = draw(rnd, phi[t]);
        counts.merge(w, 1.0, Double::sum);
      }
      List<Map.Entry<Integer, Double>> es = new ArrayList<>(counts.entrySet());
      es.sort(Map.Entry.comparingByKey());
      int[] idx = new int[es.size()];
      double[] val = new double[es.size()];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = es.get(i).getKey();
        val[i] = es.get(i).getValue();
      }
      rows.add(RowFactory.create("d" + d, Vectors.sparse(V, idx, val)));
    }
  }

  static final StructType SCHEMA = new StructType()
      .add("doc_id", DataTypes.StringType, false)
      .add("tf", SQLDataTypes.VectorType(), true);

  public Dataset<Row> dataset(int partitions) {
    return SparkTestSession.get().createDataFrame(rows, SCHEMA).repartition(partitions);
  }

  /** Unrepartitioned, in document order (for determinism across runs). */
  Dataset<Row> dataset() {
    return SparkTestSession.get().createDataFrame(rows, SCHEMA);
  }

  /** The planted topic with the largest share in document d. */
  public int dominant(int d) {
    int best = 0;
    for (int k = 1; k < K; k++) {
      if (theta[d][k] > theta[d][best]) {
        best = k;
      }
    }
    return best;
  }

  static int draw(Random rnd, double[] p) {
    double u = rnd.nextDouble();
    double sum = 0;
    for (double x : p) {
      sum += x;
    }
    u *= sum;
    for (int i = 0; i < p.length; i++) {
      u -= p[i];
      if (u <= 0) {
        return i;
      }
    }
    return p.length - 1;
  }

  static double[] dirichlet(Random rnd, double[] a) {
    double[] x = new double[a.length];
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      x[i] = gamma(rnd, a[i]);
      s += x[i];
    }
    for (int i = 0; i < a.length; i++) {
      x[i] /= s;
    }
    return x;
  }

  /** Marsaglia &amp; Tsang (2000); shape &lt; 1 by the boost x · U^(1/shape). */
  static double gamma(Random rnd, double shape) {
    if (shape < 1) {
      return gamma(rnd, shape + 1) * Math.pow(rnd.nextDouble(), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double z = rnd.nextGaussian();
      double v = Math.pow(1 + c * z, 3);
      if (v > 0 && Math.log(rnd.nextDouble()) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }

  /** For each planted topic, the best cosine with any fitted topic, from long-format (topic, term, weight) rows. */
  double[] bestCosines(List<Row> topicTerms, int fittedK) {
    double[][] fitted = fittedMatrix(topicTerms, fittedK);
    double[] best = new double[K];
    for (int k = 0; k < K; k++) {
      for (double[] f : fitted) {
        best[k] = Math.max(best[k], cosine(phi[k], f));
      }
    }
    return best;
  }

  /** The fitted topic most similar to each planted topic. */
  int[] bestMatch(List<Row> topicTerms, int fittedK) {
    double[][] fitted = fittedMatrix(topicTerms, fittedK);
    int[] match = new int[K];
    for (int k = 0; k < K; k++) {
      double best = -1;
      for (int t = 0; t < fitted.length; t++) {
        double c = cosine(phi[k], fitted[t]);
        if (c > best) {
          best = c;
          match[k] = t;
        }
      }
    }
    return match;
  }

  static double[][] fittedMatrix(List<Row> topicTerms, int fittedK) {
    double[][] fitted = new double[fittedK][V];
    for (Row r : topicTerms) {
      fitted[r.getInt(r.fieldIndex("topic"))][Integer.parseInt(r.getString(r.fieldIndex("term")).substring(1))] =
          r.getDouble(r.fieldIndex("weight"));
    }
    return fitted;
  }

  static double cosine(double[] a, double[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
  }
}
