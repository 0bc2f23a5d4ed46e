package org.demarche.ml;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Base for per-document stages that read one column and append one column, in the style of Spark's
 * {@code UnaryTransformer}: {@code transformSchema} checks types before any data moves, and {@code transform}
 * keeps every input column and appends {@code outputCol}.
 *
 * <p>Subclasses provide a public no-arg constructor, a public {@code (String uid)} constructor (needed by {@link
 * #copy} and by persistence), their own typed Params, and {@link #outputExpr(Column)}. Persistence comes from
 * {@link DefaultParamsWritable}; each subclass adds {@code read()} and {@code load(String)}.
 */
public abstract class StringColumnTransformer extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final Param<String> inputCol;
  private final Param<String> outputCol;

  protected StringColumnTransformer(String uid) {
    this.uid = uid;
    this.inputCol = new Param<>(this, "inputCol", "input column name");
    this.outputCol = new Param<>(this, "outputCol", "output column name");
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

  public StringColumnTransformer setInputCol(String value) {
    set(inputCol, value);
    return this;
  }

  public StringColumnTransformer setOutputCol(String value) {
    set(outputCol, value);
    return this;
  }

  /** Input type; string by default. */
  protected DataType inputType() {
    return DataTypes.StringType;
  }

  /** Output type; string by default. */
  protected DataType outputType() {
    return DataTypes.StringType;
  }

  /** The expression producing the output column from the input column. Null input should give null output. */
  protected abstract Column outputExpr(Column input);

  @Override
  public StructType transformSchema(StructType schema) {
    if (!isDefined(inputCol) || !isDefined(outputCol)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": set inputCol and outputCol");
    }
    Schemas.checkColumnType(schema, "inputCol", $(inputCol), inputType());
    return Schemas.appendColumn(schema, "outputCol", $(outputCol), outputType());
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    return dataset.withColumn($(outputCol), outputExpr(col($(inputCol))));
  }

  @Override
  public Transformer copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + ": uid=" + uid + ", " + paramMap().toString().replace('\n', ' ');
  }
}
