package org.demarche.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.stance.tone.NewsMtsc;
import org.demarche.stance.tone.TargetFeaturizer;

/**
 * Cross-validation harness for the targeted-tone features (not a test): features are computed once per featurizer
 * configuration, then Spark's LogisticRegression is fitted per fold on the precomputed vectors. Only the 80 % part
 * of the seed-42 split is read. Usage: {@code ToneTuning <newsmtsc.jsonl.gz> <spec> ...} with spec
 * {@code extras,reg,std,elasticNet,balanced,nb} e.g. {@code 0,0.03,true,0,true,false}.
 */
final class ToneTuning {
  static final StructType SCHEMA = new StructType().add("label", DataTypes.DoubleType)
      .add("weight", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());

  private ToneTuning() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("tone-tuning").master("local[2]")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    List<NewsMtsc.Example> train = NewsMtsc.split(NewsMtsc.read(Path.of(args[0])), 42).train();
    int k = 3;
    int[] fold = new int[train.size()];
    for (int i = 0; i < fold.length; i++) {
      fold[i] = NewsMtsc.fold(train.get(i).sentence(), 42, k);
    }
    Map<String, Vector[]> cache = new HashMap<>();
    for (int a = 1; a < args.length; a++) {
      String[] p = args[a].split(",");
      int extras = Integer.parseInt(p[0]);
      double reg = Double.parseDouble(p[1]);
      boolean std = Boolean.parseBoolean(p[2]);
      double en = Double.parseDouble(p[3]);
      boolean balanced = Boolean.parseBoolean(p[4]);
      double nb = Double.parseDouble(p[5]);
      int window = p.length > 6 ? Integer.parseInt(p[6]) : 4;
      int nf = p.length > 7 ? Integer.parseInt(p[7]) : 1 << 16;
      TargetFeaturizer.Config cfg = new TargetFeaturizer.Config(nf, window, true, true, true, extras);
      Vector[] x = cache.computeIfAbsent(cfg.toString(), c -> {
        Vector[] out = new Vector[train.size()];
        for (int i = 0; i < out.length; i++) {
          NewsMtsc.Example e = train.get(i);
          out[i] = TargetFeaturizer.features(e.sentence(), e.from(), e.to(), cfg);
        }
        return out;
      });
      long t = System.nanoTime();
      double[] f1 = new double[k];
      double[][] perClass = new double[k][];
      for (int fo = 0; fo < k; fo++) {
        double[] scale = nb > 0 ? nbScale(train, x, fold, fo, nf, nb) : null;
        List<Row> in = new ArrayList<>();
        List<Row> held = new ArrayList<>();
        int[] counts = new int[3];
        for (int i = 0; i < x.length; i++) {
          if (fold[i] != fo) {
            counts[train.get(i).labelIndex()]++;
          }
        }
        for (int i = 0; i < x.length; i++) {
          int y = train.get(i).labelIndex();
          double w = balanced ? (double) (x.length - 0) / 3 / counts[y] : 1.0;
          Row r = RowFactory.create((double) y, w, scale == null ? x[i] : scaled(x[i], scale));
          (fold[i] == fo ? held : in).add(r);
        }
        int[] gold = new int[held.size()];
        int[] pred = new int[held.size()];
        if (FAST) {
          FastLr m = new FastLr(in, reg, std);
          for (int i = 0; i < held.size(); i++) {
            gold[i] = (int) held.get(i).getDouble(0);
            pred[i] = m.predict((Vector) held.get(i).get(2));
          }
        } else {
          Dataset<Row> din = spark.createDataFrame(in, SCHEMA).coalesce(1).cache();
          LogisticRegression lr = new LogisticRegression().setFamily("multinomial").setRegParam(reg)
              .setElasticNetParam(en).setStandardization(std).setMaxIter(200).setTol(1e-6).setWeightCol("weight");
          LogisticRegressionModel m = lr.fit(din);
          din.unpersist();
          for (int i = 0; i < held.size(); i++) {
            gold[i] = (int) held.get(i).getDouble(0);
            pred[i] = (int) m.predict((Vector) held.get(i).get(2));
          }
        }
        StanceEvaluation.Metrics mt = StanceEvaluation.Metrics.of("cv", gold, pred);
        f1[fo] = mt.macroF1();
        perClass[fo] = mt.classes().stream().mapToDouble(StanceEvaluation.ClassScore::f1).toArray();
      }
      double mean = java.util.Arrays.stream(f1).average().orElse(0);
      double[] pc = new double[3];
      for (double[] c : perClass) {
        for (int j = 0; j < 3; j++) {
          pc[j] += c[j] / k;
        }
      }
      System.out.printf(Locale.ROOT, "CV %.4f  folds %.4f %.4f %.4f  neg/neu/pos %.3f %.3f %.3f  spec %s  (%.0fs)%n",
          mean, f1[0], f1[1], f1[2], pc[0], pc[1], pc[2], args[a], (System.nanoTime() - t) / 1e9);
    }
    spark.stop();
  }

  static final boolean FAST = !Boolean.getBoolean("spark.lr");

  /**
   * Spark's multinomial objective (weighted mean cross-entropy + reg/2 Σ (β σ)², intercepts free, σ the weighted
   * feature std when standardizing), optimised with Mallet's L-BFGS: a quick stand-in for screening.
   */
  static final class FastLr implements cc.mallet.optimize.Optimizable.ByGradientValue {
    final int[][] idx;
    final double[][] val;
    final int[] y;
    final double[] w;
    final int d;
    final double reg;
    final double[] pen;
    final double[] theta;
    final double wsum;
    double cachedValue = Double.NaN;
    double[] cachedGrad;

    FastLr(List<Row> rows, double reg, boolean std) {
      int n = rows.size();
      idx = new int[n][];
      val = new double[n][];
      y = new int[n];
      w = new double[n];
      d = ((Vector) rows.get(0).get(2)).size();
      double[] s1 = new double[d];
      double[] s2 = new double[d];
      double ws = 0;
      for (int i = 0; i < n; i++) {
        SparseVector v = ((Vector) rows.get(i).get(2)).toSparse();
        idx[i] = v.indices();
        val[i] = v.values();
        y[i] = (int) rows.get(i).getDouble(0);
        w[i] = rows.get(i).getDouble(1);
        ws += w[i];
        for (int k = 0; k < idx[i].length; k++) {
          s1[idx[i][k]] += w[i] * val[i][k];
          s2[idx[i][k]] += w[i] * val[i][k] * val[i][k];
        }
      }
      wsum = ws;
      double w2 = 0;
      for (int i = 0; i < n; i++) {
        w2 += w[i] * w[i];
      }
      pen = new double[d];
      for (int j = 0; j < d; j++) {
        double mean = s1[j] / ws;
        double var = (s2[j] - ws * mean * mean) / (ws - w2 / ws);
        pen[j] = std ? Math.max(var, 0) : (s2[j] > 0 ? 1 : 0);
      }
      this.reg = reg;
      theta = new double[3 * (d + 1)];
      cc.mallet.optimize.LimitedMemoryBFGS opt = new cc.mallet.optimize.LimitedMemoryBFGS(this);
      opt.setTolerance(1e-7);
      try {
        opt.optimize(300);
      } catch (RuntimeException e) {
        // line search gave up near the optimum: keep the parameters reached
      }
    }

    int predict(Vector x) {
      SparseVector v = x.toSparse();
      int best = 0;
      double bs = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < 3; c++) {
        double s = theta[3 * d + c];
        for (int k = 0; k < v.indices().length; k++) {
          s += theta[c * d + v.indices()[k]] * v.values()[k];
        }
        if (s > bs) {
          bs = s;
          best = c;
        }
      }
      return best;
    }

    private void compute() {
      if (!Double.isNaN(cachedValue)) {
        return;
      }
      double[] g = new double[theta.length];
      double loss = 0;
      double[] z = new double[3];
      for (int i = 0; i < y.length; i++) {
        double mx = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < 3; c++) {
          double s = theta[3 * d + c];
          for (int k = 0; k < idx[i].length; k++) {
            s += theta[c * d + idx[i][k]] * val[i][k];
          }
          z[c] = s;
          mx = Math.max(mx, s);
        }
        double sum = 0;
        for (int c = 0; c < 3; c++) {
          sum += Math.exp(z[c] - mx);
        }
        double lse = mx + Math.log(sum);
        loss += w[i] * (lse - z[y[i]]);
        for (int c = 0; c < 3; c++) {
          double p = Math.exp(z[c] - lse) - (c == y[i] ? 1 : 0);
          double gw = w[i] * p;
          g[3 * d + c] += gw;
          for (int k = 0; k < idx[i].length; k++) {
            g[c * d + idx[i][k]] += gw * val[i][k];
          }
        }
      }
      loss /= wsum;
      for (int j = 0; j < g.length; j++) {
        g[j] /= wsum;
      }
      for (int c = 0; c < 3; c++) {
        for (int j = 0; j < d; j++) {
          double b = theta[c * d + j];
          if (pen[j] == 0) {
            g[c * d + j] = 0;
            continue;
          }
          loss += 0.5 * reg * b * b * pen[j];
          g[c * d + j] += reg * b * pen[j];
        }
      }
      cachedValue = -loss;
      for (int j = 0; j < g.length; j++) {
        g[j] = -g[j];
      }
      cachedGrad = g;
    }

    @Override
    public double getValue() {
      compute();
      return cachedValue;
    }

    @Override
    public void getValueGradient(double[] out) {
      compute();
      System.arraycopy(cachedGrad, 0, out, 0, out.length);
    }

    @Override
    public int getNumParameters() {
      return theta.length;
    }

    @Override
    public void getParameters(double[] out) {
      System.arraycopy(theta, 0, out, 0, theta.length);
    }

    @Override
    public double getParameter(int i) {
      return theta[i];
    }

    @Override
    public void setParameters(double[] p) {
      System.arraycopy(p, 0, theta, 0, theta.length);
      cachedValue = Double.NaN;
    }

    @Override
    public void setParameter(int i, double v) {
      theta[i] = v;
      cachedValue = Double.NaN;
    }
  }

  /** NBSVM-style scale per hashed slot: max over classes of |log-count ratio| (one vs rest), train folds only. */
  static double[] nbScale(List<NewsMtsc.Example> train, Vector[] x, int[] fold, int fo, int nf, double alpha) {
    double[][] c = new double[3][nf];
    for (int i = 0; i < x.length; i++) {
      if (fold[i] == fo) {
        continue;
      }
      int y = train.get(i).labelIndex();
      SparseVector s = x[i].toSparse();
      for (int j : s.indices()) {
        if (j < nf) {
          c[y][j] += 1;
        }
      }
    }
    double[] tot = new double[nf];
    double[] sum = new double[3];
    for (int y = 0; y < 3; y++) {
      for (int j = 0; j < nf; j++) {
        tot[j] += c[y][j];
        sum[y] += c[y][j] + alpha;
      }
    }
    double all = sum[0] + sum[1] + sum[2];
    double[] r = new double[nf];
    for (int j = 0; j < nf; j++) {
      double best = 0;
      for (int y = 0; y < 3; y++) {
        double p = (c[y][j] + alpha) / sum[y];
        double q = (tot[j] - c[y][j] + 2 * alpha) / (all - sum[y]);
        best = Math.max(best, Math.abs(Math.log(p / q)));
      }
      r[j] = best;
    }
    return r;
  }

  static Vector scaled(Vector v, double[] r) {
    SparseVector s = v.toSparse();
    double[] val = s.values().clone();
    int[] idx = s.indices();
    for (int i = 0; i < idx.length; i++) {
      if (idx[i] < r.length) {
        val[i] *= r[idx[i]];
      }
    }
    return Vectors.sparse(s.size(), idx, val);
  }
}
