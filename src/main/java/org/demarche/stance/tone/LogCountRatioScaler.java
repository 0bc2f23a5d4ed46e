package org.demarche.stance.tone;

import static org.apache.spark.sql.functions.col;

import java.util.Iterator;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.ml.Schemas;

/**
 * NBSVM-style feature scaling (Wang &amp; Manning 2012) for multi-class labels: each of the first {@code numScaled}
 * slots of a feature vector is multiplied by the largest one-vs-rest log-count ratio magnitude of that slot,
 * {@code r_j = max_c |log(p_cj / q_cj)|} with {@code p_cj = (n_cj + α) / Σ_k (n_ck + α)} (rows of class {@code c}
 * where slot {@code j} is non-zero) and {@code q_cj} the same over the other classes ({@code (K − 1) α} smoothing).
 * Slots from {@code numScaled} on (dense numeric features) pass unchanged. Words that separate the classes are
 * then cheap for an unstandardised, L2-regularised classifier, and words seen equally often in all classes are
 * damped.
 *
 * <p>Input: {@code inputCol} (vector), {@code labelCol} (double class index 0..K−1, fit only). Output of the fitted
 * {@link LogCountRatioScalerModel}: {@code outputCol} (vector of the same size). The fit reads the rows in order on the
 * driver (one pass; sums of small integers, so the result does not depend on partitioning).
 */
public class LogCountRatioScaler extends Estimator<LogCountRatioScalerModel> implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> inputCol;
  private final Param<String> outputCol;
  private final Param<String> labelCol;
  private final DoubleParam alpha;
  private final IntParam numScaled;

  public LogCountRatioScaler() {
    this(Identifiable.randomUID("logCountRatioScaler"));
  }

  public LogCountRatioScaler(String uid) {
    this.uid = uid;
    inputCol = new Param<>(this, "inputCol", "input feature vector column");
    outputCol = new Param<>(this, "outputCol", "output (scaled) feature vector column");
    labelCol = new Param<>(this, "labelCol", "class index column (double 0..K-1)");
    alpha = new DoubleParam(this, "alpha", "additive smoothing of the counts (> 0)", ParamValidators.gt(0));
    numScaled = new IntParam(this, "numScaled", "number of leading slots to scale (>= 0); later slots pass as they are",
        ParamValidators.gtEq(0));
    setDefault(inputCol, "raw_features");
    setDefault(outputCol, "features");
    setDefault(labelCol, "label");
    setDefault(alpha, 1.0);
    setDefault(numScaled, Integer.MAX_VALUE);
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> inputCol() {
    return inputCol;
  }

  public Param<String> outputCol() {
    return outputCol;
  }

  public Param<String> labelCol() {
    return labelCol;
  }

  public DoubleParam alpha() {
    return alpha;
  }

  public IntParam numScaled() {
    return numScaled;
  }

  public String getInputCol() {
    return $(inputCol);
  }

  public String getOutputCol() {
    return $(outputCol);
  }

  public String getLabelCol() {
    return $(labelCol);
  }

  public double getAlpha() {
    return (Double) $(alpha);
  }

  public int getNumScaled() {
    return (Integer) $(numScaled);
  }

  public LogCountRatioScaler setInputCol(String v) {
    set(inputCol, v);
    return this;
  }

  public LogCountRatioScaler setOutputCol(String v) {
    set(outputCol, v);
    return this;
  }

  public LogCountRatioScaler setLabelCol(String v) {
    set(labelCol, v);
    return this;
  }

  public LogCountRatioScaler setAlpha(double v) {
    set(alpha, v);
    return this;
  }

  public LogCountRatioScaler setNumScaled(int v) {
    set(numScaled, v);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Schemas.checkColumnType(schema, "inputCol", getInputCol(), SQLDataTypes.VectorType());
    return Schemas.appendColumn(schema, "outputCol", getOutputCol(), SQLDataTypes.VectorType());
  }

  @Override
  public LogCountRatioScalerModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    Schemas.checkColumnType(dataset.schema(), "labelCol", getLabelCol(), DataTypes.DoubleType);
    int size = -1;
    int k = 0;
    double[][] counts = null;
    Iterator<Row> it = dataset.select(col(getInputCol()), col(getLabelCol())).toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      if (r.isNullAt(0) || r.isNullAt(1)) {
        continue;
      }
      Vector v = (Vector) r.get(0);
      int y = (int) r.getDouble(1);
      if (y < 0 || y != r.getDouble(1)) {
        throw new IllegalArgumentException("labels must be class indices 0..K-1, got " + r.getDouble(1));
      }
      if (size < 0) {
        size = Math.min(v.size(), getNumScaled());
        counts = new double[0][];
      }
      if (y >= k) {
        double[][] grown = new double[y + 1][];
        System.arraycopy(counts, 0, grown, 0, k);
        for (int c = k; c <= y; c++) {
          grown[c] = new double[size];
        }
        counts = grown;
        k = y + 1;
      }
      double[] cy = counts[y];
      if (v instanceof org.apache.spark.ml.linalg.SparseVector sv) {
        int[] idx = sv.indices();
        double[] val = sv.values();
        for (int i = 0; i < idx.length; i++) {
          if (idx[i] < size && val[i] != 0.0) {
            cy[idx[i]] += 1;
          }
        }
      } else {
        double[] val = v.toArray();
        for (int j = 0; j < Math.min(size, val.length); j++) {
          if (val[j] != 0.0) {
            cy[j] += 1;
          }
        }
      }
    }
    if (size < 0 || k < 2) {
      throw new IllegalArgumentException("LogCountRatioScaler needs rows of at least two classes");
    }
    double[] scale = ratios(counts, getAlpha());
    LogCountRatioScalerModel m = new LogCountRatioScalerModel(uid, scale);
    copyValues(m, ParamMap.empty());
    m.setParent(this);
    return m;
  }

  /** {@code max_c |log(p_cj / q_cj)|} per slot (see the class comment); {@code counts[c][j]}. */
  static double[] ratios(double[][] counts, double alpha) {
    int k = counts.length;
    int n = counts[0].length;
    double[] sum = new double[k];
    double[] tot = new double[n];
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < n; j++) {
        tot[j] += counts[c][j];
        sum[c] += counts[c][j] + alpha;
      }
    }
    double all = 0;
    for (double s : sum) {
      all += s;
    }
    double[] r = new double[n];
    for (int j = 0; j < n; j++) {
      double best = 0;
      for (int c = 0; c < k; c++) {
        double p = (counts[c][j] + alpha) / sum[c];
        double q = (tot[j] - counts[c][j] + (k - 1) * alpha) / (all - sum[c]);
        best = Math.max(best, Math.abs(Math.log(p / q)));
      }
      r[j] = best;
    }
    return r;
  }

  @Override
  public LogCountRatioScaler copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<LogCountRatioScaler> read() {
    return new DefaultParamsReader<>();
  }

  public static LogCountRatioScaler load(String path) {
    return read().load(path);
  }
}
