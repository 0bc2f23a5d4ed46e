package org.demarche.ml;

import java.util.Arrays;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Schema checks for our stages. Spark's own {@code SchemaUtils} is {@code private[spark]}, so we keep a local copy. */
public final class Schemas {
  private Schemas() {}

  /** Fails unless {@code schema} has {@code column} of exactly {@code expected} type; names the param to fix. */
  public static void checkColumnType(StructType schema, String param, String column, DataType expected) {
    if (!Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException(
          String.format("%s: column '%s' does not exist; available columns: %s",
              param, column, String.join(", ", schema.fieldNames())));
    }
    DataType actual = schema.apply(column).dataType();
    if (!actual.sameType(expected)) {
      throw new IllegalArgumentException(
          String.format("%s: column '%s' must be of type %s but was %s",
              param, column, expected.catalogString(), actual.catalogString()));
    }
  }

  /** Returns {@code schema} with a new nullable column; fails if the name is already taken. */
  public static StructType appendColumn(StructType schema, String param, String column, DataType type) {
    if (Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException(
          String.format("%s: output column '%s' already exists; choose another name", param, column));
    }
    return schema.add(new StructField(column, type, true, org.apache.spark.sql.types.Metadata.empty()));
  }
}
