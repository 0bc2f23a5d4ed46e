package org.demarche.threads;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.transform;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The {@code story_threads} rows: one per thread, rolled up from the articles that carry its id. {@code top_terms}:
 * the {@value #TOP_TERMS} terms most often among the members' {@code key_terms} (ties by term); {@code main_actors}:
 * the {@value #MAIN_ACTORS} actors with the highest summed salience over the members' document actors (ties by id);
 * {@code title}: the earliest article's title (ties by doc_id).
 */
public final class ThreadTable {
  public static final int TOP_TERMS = 10;
  public static final int MAIN_ACTORS = 5;

  private ThreadTable() {}

  /**
   * {@code members}: {@code doc_id}, {@code thread_id}, {@code dt}, {@code outlet}, {@code title}, {@code
   * published_at}, {@code key_terms}; {@code documentActors}: {@code doc_id}, {@code actor_id}, {@code salience}.
   */
  public static Dataset<Row> rollup(Dataset<Row> members, Dataset<Row> documentActors) {
    Dataset<Row> m = members.where(col("thread_id").isNotNull());
    Dataset<Row> base = m.groupBy("thread_id").agg(
        min("dt").as("first_date"), max("dt").as("last_date"),
        count(lit(1)).cast("int").as("article_count"), countDistinct("outlet").cast("int").as("outlet_count"),
        sort_array(collect_set("outlet")).as("outlets"),
        min(struct(col("published_at"), col("doc_id"), col("title"))).getField("title").as("title"));
    Dataset<Row> terms = ranked(m.select(col("thread_id"), explode(col("key_terms")).as("item"))
        .groupBy("thread_id", "item").agg(count(lit(1)).cast("double").as("w")), TOP_TERMS, "top_terms");
    Dataset<Row> actors = ranked(m.select("doc_id", "thread_id")
        .join(documentActors.select(col("doc_id"), col("actor_id").as("item"), col("salience")), "doc_id")
        .groupBy("thread_id", "item").agg(sum("salience").as("w")), MAIN_ACTORS, "main_actors");
    return base.join(terms, new String[] {"thread_id"}, "left")
        .join(actors, new String[] {"thread_id"}, "left")
        .select(col("thread_id"), col("first_date"), col("last_date"), col("article_count"), col("outlet_count"),
            col("outlets"), emptyIfNull("top_terms"), emptyIfNull("main_actors"), col("title"),
            col("first_date").as("dt"));
  }

  /** The top {@code n} items per thread by {@code w} (ties by item), as an array in that order. */
  private static Dataset<Row> ranked(Dataset<Row> weighted, int n, String name) {
    return weighted
        .withColumn("rank", row_number().over(Window.partitionBy("thread_id").orderBy(col("w").desc(), col("item"))))
        .where(col("rank").leq(n))
        .groupBy("thread_id")
        .agg(transform(sort_array(collect_list(struct(col("rank"), col("item")))), x -> x.getField("item")).as(name));
  }

  private static Column emptyIfNull(String c) {
    return org.apache.spark.sql.functions.coalesce(col(c), org.apache.spark.sql.functions.array().cast("array<string>"))
        .as(c);
  }
}
