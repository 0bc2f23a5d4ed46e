package org.demarche.dedupe;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.testing.SparkTestSession;

/** Readers for the research-only shared corpora (read in place, never copied into the repository). */
final class DedupeTestData {
  static final String ALLSIDES_2012_2014 = "allsides_article_bias/allsides_2012-2014.jsonl.bz2";
  static final String SAMPLE = "sample/diverse_sample.jsonl";

  private DedupeTestData() {}

  /** The first {@code limit} AllSides records in file order (all when limit &lt;= 0) as doc_id, outlet, title, body, content_hash. */
  static Dataset<Row> allSides(SparkSession spark, String relative, int limit) {
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType)
            .add("source", DataTypes.StringType)
            .add("date", DataTypes.StringType)
            .add("title", DataTypes.StringType)
            .add("text", DataTypes.StringType);
    Dataset<Row> raw =
        spark.read().schema(schema).json(SparkTestSession.sharedData(relative).toString())
            .withColumn("_row", monotonically_increasing_id());
    if (limit > 0) {
      raw = raw.orderBy(col("_row")).limit(limit);
    }
    Dataset<Row> docs =
        raw.select(col("id").as("doc_id"), col("source").as("outlet"), col("title"), col("text").as("body"));
    return new ContentHasher().transform(docs);
  }

  /** The 290-document diverse sample as doc_id, outlet, title, body, content_hash. */
  static Dataset<Row> sample(SparkSession spark) {
    Dataset<Row> docs =
        spark.read().json(SparkTestSession.sharedData(SAMPLE).toString())
            .select(col("doc_id"), col("outlet"), col("title"), col("text").as("body"));
    return new ContentHasher().transform(docs);
  }
}
