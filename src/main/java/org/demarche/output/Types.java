package org.demarche.output;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Nested column types shared by output tables. */
public final class Types {
  private Types() {}

  /** {@code statements.targets}: the actors mentioned inside a statement. */
  public static final ArrayType STATEMENT_TARGETS = DataTypes.createArrayType(new StructType()
      .add("actor_id", DataTypes.StringType, true)
      .add("cameo_code", DataTypes.StringType, true)
      .add("alias_text", DataTypes.StringType, true)
      .add("start", DataTypes.IntegerType, true)
      .add("end", DataTypes.IntegerType, true), true);

  /** Evidence lists of trend and alert rows: the top rows by confidence. */
  public static final ArrayType EVIDENCE = DataTypes.createArrayType(new StructType()
      .add("doc_id", DataTypes.StringType, true)
      .add("confidence", DataTypes.DoubleType, true)
      .add("score", DataTypes.DoubleType, true)
      .add("sentence", DataTypes.StringType, true), true);

  /**
   * {@code topic_trends.evidence}: the documents with the highest weight of the topic in the period and slice, best
   * first: doc id, θ (the topic's share of the document), the document's outlet, title and date.
   */
  public static final ArrayType TOPIC_EVIDENCE = DataTypes.createArrayType(new StructType()
      .add("doc_id", DataTypes.StringType, true)
      .add("weight", DataTypes.DoubleType, true)
      .add("outlet", DataTypes.StringType, true)
      .add("title", DataTypes.StringType, true)
      .add("dt", DataTypes.DateType, true), true);
}
