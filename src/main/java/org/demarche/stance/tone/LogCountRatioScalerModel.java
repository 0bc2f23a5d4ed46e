package org.demarche.stance.tone;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.demarche.ml.Schemas;

/**
 * A fitted {@link LogCountRatioScaler}: multiplies slot {@code j < scale.length} of {@code inputCol} by
 * {@code scale[j]}; later slots pass unchanged. Input: {@code inputCol} (vector). Output: {@code outputCol} (vector of
 * the same size, sparse when the input is sparse); a null input gives null. Saved as Spark metadata JSON plus the
 * scale vector as Parquet under {@code path/data}, like Spark's {@code IDFModel}.
 */
public class LogCountRatioScalerModel extends Model<LogCountRatioScalerModel> implements MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final double[] scale;
  private final Param<String> inputCol;
  private final Param<String> outputCol;

  public LogCountRatioScalerModel(String uid, double[] scale) {
    this.uid = uid;
    this.scale = scale.clone();
    inputCol = new Param<>(this, "inputCol", "input feature vector column");
    outputCol = new Param<>(this, "outputCol", "output (scaled) feature vector column");
    setDefault(inputCol, "raw_features");
    setDefault(outputCol, "features");
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

  public String getInputCol() {
    return $(inputCol);
  }

  public String getOutputCol() {
    return $(outputCol);
  }

  public LogCountRatioScalerModel setInputCol(String v) {
    set(inputCol, v);
    return this;
  }

  public LogCountRatioScalerModel setOutputCol(String v) {
    set(outputCol, v);
    return this;
  }

  /** A copy of the per-slot factors. */
  public double[] scale() {
    return scale.clone();
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Schemas.checkColumnType(schema, "inputCol", getInputCol(), SQLDataTypes.VectorType());
    return Schemas.appendColumn(schema, "outputCol", getOutputCol(), SQLDataTypes.VectorType());
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    final double[] s = scale;
    UDF1<Vector, Vector> f = v -> v == null ? null : apply(v, s);
    return dataset.withColumn(getOutputCol(), functions.udf(f, SQLDataTypes.VectorType()).apply(col(getInputCol())));
  }

  /** {@code v} with slot {@code j < s.length} multiplied by {@code s[j]}. */
  static Vector apply(Vector v, double[] s) {
    if (v instanceof SparseVector sv) {
      int[] idx = sv.indices();
      double[] val = sv.values().clone();
      for (int i = 0; i < idx.length; i++) {
        if (idx[i] < s.length) {
          val[i] *= s[idx[i]];
        }
      }
      return Vectors.sparse(sv.size(), idx, val);
    }
    double[] val = v.toArray().clone();
    for (int j = 0; j < Math.min(val.length, s.length); j++) {
      val[j] *= s[j];
    }
    return Vectors.dense(val);
  }

  @Override
  public LogCountRatioScalerModel copy(ParamMap extra) {
    return copyValues(new LogCountRatioScalerModel(uid, scale), extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  @Override
  public void save(String path) throws IOException {
    write().save(path);
  }

  public static MLReader<LogCountRatioScalerModel> read() {
    return new Reader();
  }

  public static LogCountRatioScalerModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "LogCountRatioScalerModel: uid=" + uid + ", slots=" + scale.length + ", "
        + paramMap().toString().replace('\n', ' ');
  }

  private static final StructType DATA = new StructType().add("scale", SQLDataTypes.VectorType(), false);

  /** Metadata JSON (params) plus the scale vector as Parquet under {@code path/data}. */
  private static final class Writer extends MLWriter {
    private final LogCountRatioScalerModel instance;

    Writer(LogCountRatioScalerModel instance) {
      this.instance = instance;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(instance, path, sc(), scala.Option.empty(), scala.Option.empty());
      sparkSession().createDataFrame(List.of(RowFactory.create(Vectors.dense(instance.scale))), DATA).coalesce(1)
          .write().parquet(new org.apache.hadoop.fs.Path(path, "data").toString());
    }
  }

  private static final class Reader extends MLReader<LogCountRatioScalerModel> {
    @Override
    public LogCountRatioScalerModel load(String path) {
      DefaultParamsReader.Metadata meta =
          DefaultParamsReader.loadMetadata(path, sc(), LogCountRatioScalerModel.class.getName());
      Row r = sparkSession().read().parquet(new org.apache.hadoop.fs.Path(path, "data").toString()).first();
      LogCountRatioScalerModel model = new LogCountRatioScalerModel(meta.uid(), ((Vector) r.get(0)).toArray());
      meta.getAndSetParams(model, scala.Option.empty());
      return model;
    }
  }
}
