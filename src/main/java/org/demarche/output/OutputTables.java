package org.demarche.output;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The output tables: names, partition columns and column order. This is the contract with dashboards, documented
 * in {@code docs/schema.md} and guarded by golden-schema tests. Columns are only ever added, never renamed.
 */
public enum OutputTables {
  ARTICLES("articles", "dt",
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("doc_id", DataTypes.StringType, false)
          .add("story_id", DataTypes.StringType, true)
          .add("story_size", DataTypes.IntegerType, true)
          .add("exact_duplicate_of", DataTypes.StringType, true)
          .add("content_hash", DataTypes.StringType, true)
          .add("outlet", DataTypes.StringType, true)
          .add("url", DataTypes.StringType, true)
          .add("title", DataTypes.StringType, true)
          .add("text", DataTypes.StringType, true)
          .add("published_at", DataTypes.TimestampType, true)
          .add("date_precision", DataTypes.StringType, true)
          .add("lang", DataTypes.StringType, true)
          .add("lang_confidence", DataTypes.DoubleType, true)
          .add("n_chars", DataTypes.IntegerType, true)
          .add("n_words", DataTypes.IntegerType, true)
          .add("source_file", DataTypes.StringType, false)
          .add("source_offset", DataTypes.LongType, false)
          .add("meta", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true)
          .add("tone", DataTypes.DoubleType, true)
          .add("positive_score", DataTypes.DoubleType, true)
          .add("negative_score", DataTypes.DoubleType, true)
          .add("polarity", DataTypes.DoubleType, true)
          .add("tone_word_count", DataTypes.IntegerType, true)
          .add("sentiment", DataTypes.DoubleType, true)
          .add("thread_id", DataTypes.StringType, true)
          .add("key_terms", DataTypes.createArrayType(DataTypes.StringType), true)
          .add("outlet_attributes", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true)
          .add("dt", DataTypes.DateType, true)),
  REJECTS("rejects", "batch_id",
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("doc_id", DataTypes.StringType, true)
          .add("source_file", DataTypes.StringType, false)
          .add("source_offset", DataTypes.LongType, false)
          .add("phase", DataTypes.StringType, false)
          .add("reason", DataTypes.StringType, false)
          .add("detail", DataTypes.StringType, true)
          .add("raw_payload", DataTypes.StringType, true)
          .add("payload_bytes", DataTypes.LongType, false)
          .add("payload_truncated", DataTypes.BooleanType, false)
          .add("batch_id", DataTypes.StringType, false)),
  RUNS("runs", "run_id",
      new StructType()
          .add("batch_id", DataTypes.StringType, false)
          .add("started_at", DataTypes.TimestampType, false)
          .add("finished_at", DataTypes.TimestampType, false)
          .add("demarche_version", DataTypes.StringType, false)
          .add("spark_version", DataTypes.StringType, false)
          .add("master", DataTypes.StringType, true)
          .add("input_paths", DataTypes.createArrayType(DataTypes.StringType), false)
          .add("input_files", DataTypes.IntegerType, false)
          .add("input_bytes", DataTypes.LongType, false)
          .add("records_read", DataTypes.LongType, false)
          .add("accepted", DataTypes.LongType, false)
          .add("rejected", DataTypes.LongType, false)
          .add("reconciled", DataTypes.BooleanType, false)
          .add("rejects_by_reason", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), false)
          .add("n_articles", DataTypes.LongType, false)
          .add("n_stories", DataTypes.LongType, false)
          .add("n_outlets", DataTypes.LongType, false)
          .add("min_dt", DataTypes.DateType, true)
          .add("max_dt", DataTypes.DateType, true)
          .add("phase_seconds", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType), false)
          .add("config", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), false)
          .add("resources", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), false)
          .add("run_id", DataTypes.StringType, false)),
  ACTOR_MENTIONS("actor_mentions", "dt",
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("doc_id", DataTypes.StringType, false)
          .add("story_id", DataTypes.StringType, true)
          .add("outlet", DataTypes.StringType, true)
          .add("published_at", DataTypes.TimestampType, true)
          .add("sentence_index", DataTypes.IntegerType, false)
          .add("start", DataTypes.IntegerType, false)
          .add("end", DataTypes.IntegerType, false)
          .add("alias_text", DataTypes.StringType, false)
          .add("actor_id", DataTypes.StringType, false)
          .add("actor_name", DataTypes.StringType, true)
          .add("cameo_code", DataTypes.StringType, true)
          .add("country", DataTypes.StringType, true)
          .add("alias_type", DataTypes.StringType, false)
          .add("method", DataTypes.StringType, false)
          .add("resolution_method", DataTypes.StringType, false)
          .add("confidence", DataTypes.DoubleType, false)
          .add("dt", DataTypes.DateType, true)),
  DOCUMENT_ACTORS("document_actors", "dt",
      withFields(new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("doc_id", DataTypes.StringType, false)
          .add("story_id", DataTypes.StringType, true)
          .add("outlet", DataTypes.StringType, true)
          .add("published_at", DataTypes.TimestampType, true), org.demarche.actors.DocumentActorRanker.ACTOR)
          .add("dt", DataTypes.DateType, true)),
  ACTORS("actors", null,
      new StructType()
          .add("actor_id", DataTypes.StringType, false)
          .add("name", DataTypes.StringType, true)
          .add("kind", DataTypes.StringType, true)
          .add("country", DataTypes.StringType, true)
          .add("cameo_code", DataTypes.StringType, true)
          .add("sector", DataTypes.StringType, true)
          .add("role", DataTypes.StringType, true)
          .add("valid_from", DataTypes.DateType, true)
          .add("valid_to", DataTypes.DateType, true)
          .add("dictionary", DataTypes.StringType, false)),
  ACTOR_CANDIDATES("actor_candidates", "batch_id",
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("candidate", DataTypes.StringType, false)
          .add("n_mentions", DataTypes.LongType, false)
          .add("n_docs", DataTypes.LongType, false)
          .add("first_dt", DataTypes.TimestampType, true)
          .add("last_dt", DataTypes.TimestampType, true)
          .add("example_sentences", DataTypes.createArrayType(DataTypes.StringType), true)
          .add("score", DataTypes.DoubleType, false)
          .add("batch_id", DataTypes.StringType, false)),
  KEYNESS("keyness", "batch_id",
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("group_type", DataTypes.StringType, false)
          .add("group", DataTypes.StringType, false)
          .add("method", DataTypes.StringType, false)
          .add("rank", DataTypes.IntegerType, false)
          .add("term", DataTypes.StringType, false)
          .add("count", DataTypes.LongType, false)
          .add("score", DataTypes.DoubleType, false)
          .add("z", DataTypes.DoubleType, true)
          .add("group_docs", DataTypes.LongType, false)
          .add("batch_id", DataTypes.StringType, false)),
  TOPICS("topics", "model_id",
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("topic_id", DataTypes.IntegerType, false)
          .add("topic_index", DataTypes.IntegerType, false)
          .add("label", DataTypes.StringType, true)
          .add("top_terms", DataTypes.createArrayType(DataTypes.StringType), true)
          .add("top_weights", DataTypes.createArrayType(DataTypes.DoubleType), true)
          .add("npmi", DataTypes.DoubleType, true)
          .add("umass", DataTypes.DoubleType, true)
          .add("exclusivity", DataTypes.DoubleType, true)
          .add("token_share", DataTypes.DoubleType, true)
          .add("stability", DataTypes.DoubleType, true)
          .add("engine", DataTypes.StringType, false)
          .add("k", DataTypes.IntegerType, false)
          .add("iterations", DataTypes.IntegerType, false)
          .add("fit_seconds", DataTypes.DoubleType, true)
          .add("model_mean_npmi", DataTypes.DoubleType, true)
          .add("model_mean_umass", DataTypes.DoubleType, true)
          .add("model_diversity", DataTypes.DoubleType, true)
          .add("model_path", DataTypes.StringType, false)
          .add("model_id", DataTypes.StringType, false)),
  DOC_TOPICS("doc_topics", "dt",
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("doc_id", DataTypes.StringType, false)
          .add("story_id", DataTypes.StringType, true)
          .add("outlet", DataTypes.StringType, true)
          .add("model_id", DataTypes.StringType, false)
          .add("topic_id", DataTypes.IntegerType, false)
          .add("weight", DataTypes.DoubleType, false)
          .add("dt", DataTypes.DateType, true)),
  TOPIC_LINEAGE("topic_lineage", "model_id",
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("topic_id", DataTypes.IntegerType, true)
          .add("previous_model_id", DataTypes.StringType, true)
          .add("previous_topic_id", DataTypes.IntegerType, true)
          .add("event", DataTypes.StringType, false)
          .add("cosine", DataTypes.DoubleType, true)
          .add("model_id", DataTypes.StringType, false)),
  TOPIC_TRENDS("topic_trends", "model_id",
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("grain", DataTypes.StringType, false)
          .add("period_start", DataTypes.DateType, false)
          .add("topic_id", DataTypes.IntegerType, false)
          .add("outlet", DataTypes.StringType, false)
          .add("n_docs", DataTypes.LongType, false)
          .add("weight_sum", DataTypes.DoubleType, false)
          .add("period_docs", DataTypes.LongType, false)
          .add("share", DataTypes.DoubleType, false)
          .add("top_words", DataTypes.createArrayType(DataTypes.StringType), true)
          .add("n_articles", DataTypes.LongType, false)
          .add("n_stories", DataTypes.LongType, false)
          .add("n_outlets", DataTypes.LongType, false)
          .add("period_articles", DataTypes.LongType, false)
          .add("evidence", Types.TOPIC_EVIDENCE, true)
          .add("model_id", DataTypes.StringType, false)),
  STATEMENTS("statements", "dt",
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("doc_id", DataTypes.StringType, false)
          .add("story_id", DataTypes.StringType, true)
          .add("outlet", DataTypes.StringType, true)
          .add("published_at", DataTypes.TimestampType, true)
          .add("statement_index", DataTypes.IntegerType, false)
          .add("kind", DataTypes.StringType, false)
          .add("reporting_verb", DataTypes.StringType, true)
          .add("verb_class", DataTypes.StringType, true)
          .add("speaker_text", DataTypes.StringType, true)
          .add("speaker_actor_id", DataTypes.StringType, true)
          .add("speaker_name", DataTypes.StringType, true)
          .add("speaker_code", DataTypes.StringType, true)
          .add("speaker_country", DataTypes.StringType, true)
          .add("speaker_resolution", DataTypes.StringType, false)
          .add("unresolved_reason", DataTypes.StringType, true)
          .add("content", DataTypes.StringType, false)
          .add("content_start", DataTypes.IntegerType, false)
          .add("content_end", DataTypes.IntegerType, false)
          .add("evidence", DataTypes.StringType, false)
          .add("evidence_start", DataTypes.IntegerType, false)
          .add("evidence_end", DataTypes.IntegerType, false)
          .add("targets", Types.STATEMENT_TARGETS, true)
          .add("confidence", DataTypes.DoubleType, false)
          .add("dt", DataTypes.DateType, true)),
  STANCE("stance", "dt", withUnits(new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("doc_id", DataTypes.StringType, false)
          .add("story_id", DataTypes.StringType, true)
          .add("outlet", DataTypes.StringType, true)
          .add("published_at", DataTypes.TimestampType, true))
      .add("dt", DataTypes.DateType, true)),
  EVENTS("events", "dt",
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("doc_id", DataTypes.StringType, false)
          .add("story_id", DataTypes.StringType, true)
          .add("outlet", DataTypes.StringType, true)
          .add("published_at", DataTypes.TimestampType, true)
          .add("event_index", DataTypes.IntegerType, false)
          .add("source_actor_id", DataTypes.StringType, false)
          .add("source_name", DataTypes.StringType, true)
          .add("source_code", DataTypes.StringType, true)
          .add("source_country", DataTypes.StringType, true)
          .add("target_actor_id", DataTypes.StringType, false)
          .add("target_name", DataTypes.StringType, true)
          .add("target_code", DataTypes.StringType, true)
          .add("target_country", DataTypes.StringType, true)
          .add("cameo_code", DataTypes.StringType, false)
          .add("event_description", DataTypes.StringType, true)
          .add("root_code", DataTypes.StringType, false)
          .add("quad_class", DataTypes.IntegerType, false)
          .add("goldstein", DataTypes.DoubleType, true)
          .add("verb", DataTypes.StringType, true)
          .add("pattern", DataTypes.StringType, true)
          .add("negated", DataTypes.BooleanType, false)
          .add("confidence", DataTypes.DoubleType, false)
          .add("evidence", DataTypes.StringType, false)
          .add("evidence_start", DataTypes.IntegerType, false)
          .add("evidence_end", DataTypes.IntegerType, false)
          .add("dt", DataTypes.DateType, true)),
  STORY_THREADS("story_threads", "dt",
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("thread_id", DataTypes.StringType, false)
          .add("first_date", DataTypes.DateType, false)
          .add("last_date", DataTypes.DateType, false)
          .add("article_count", DataTypes.IntegerType, false)
          .add("outlet_count", DataTypes.IntegerType, false)
          .add("outlets", DataTypes.createArrayType(DataTypes.StringType), false)
          .add("top_terms", DataTypes.createArrayType(DataTypes.StringType), false)
          .add("main_actors", DataTypes.createArrayType(DataTypes.StringType), false)
          .add("title", DataTypes.StringType, true)
          .add("dt", DataTypes.DateType, true)),
  FRAMING("framing", "grain",
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("group_key", DataTypes.StringType, false)
          .add("group_value", DataTypes.StringType, false)
          .add("period_start", DataTypes.DateType, false)
          .add("thread_id", DataTypes.StringType, true)
          .add("target_type", DataTypes.StringType, false)
          .add("target_id", DataTypes.StringType, false)
          .add("target_name", DataTypes.StringType, true)
          .add("mean", DataTypes.DoubleType, true)
          .add("ci_low", DataTypes.DoubleType, true)
          .add("ci_high", DataTypes.DoubleType, true)
          .add("n", DataTypes.LongType, false)
          .add("se", DataTypes.DoubleType, true)
          .add("clusters", DataTypes.LongType, false)
          .add("articles", DataTypes.LongType, false)
          .add("verbal_cooperation", DataTypes.IntegerType, false)
          .add("material_cooperation", DataTypes.IntegerType, false)
          .add("verbal_conflict", DataTypes.IntegerType, false)
          .add("material_conflict", DataTypes.IntegerType, false)
          .add("evidence", org.demarche.trends.Framing.EVIDENCE_LIST, true)
          .add("grain", DataTypes.StringType, true)),
  FRAMING_DIVERGENCE("framing_divergence", "grain",
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("group_key", DataTypes.StringType, false)
          .add("period_start", DataTypes.DateType, false)
          .add("thread_id", DataTypes.StringType, true)
          .add("target_type", DataTypes.StringType, false)
          .add("target_id", DataTypes.StringType, false)
          .add("target_name", DataTypes.StringType, true)
          .add("group_a", DataTypes.StringType, false)
          .add("group_b", DataTypes.StringType, false)
          .add("mean_a", DataTypes.DoubleType, true)
          .add("mean_b", DataTypes.DoubleType, true)
          .add("diff", DataTypes.DoubleType, true)
          .add("diff_se", DataTypes.DoubleType, true)
          .add("ci_low", DataTypes.DoubleType, true)
          .add("ci_high", DataTypes.DoubleType, true)
          .add("z", DataTypes.DoubleType, true)
          .add("n_a", DataTypes.LongType, false)
          .add("n_b", DataTypes.LongType, false)
          .add("clusters_a", DataTypes.LongType, false)
          .add("clusters_b", DataTypes.LongType, false)
          .add("evidence_a", org.demarche.trends.Framing.EVIDENCE_LIST, true)
          .add("evidence_b", org.demarche.trends.Framing.EVIDENCE_LIST, true)
          .add("grain", DataTypes.StringType, true)),
  ACTOR_TRENDS("actor_trends", "grain",
      new StructType()
          .add("period_start", DataTypes.DateType, false)
          .add("outlet", DataTypes.StringType, false)
          .add("actor_id", DataTypes.StringType, false)
          .add("actor_name", DataTypes.StringType, true)
          .add("n_articles", DataTypes.LongType, false)
          .add("n_stories", DataTypes.LongType, false)
          .add("n_outlets", DataTypes.LongType, false)
          .add("n_mentions", DataTypes.LongType, false)
          .add("period_articles", DataTypes.LongType, false)
          .add("share", DataTypes.DoubleType, false)
          .add("tone_mean", DataTypes.DoubleType, true)
          .add("tone_ci_low", DataTypes.DoubleType, true)
          .add("tone_ci_high", DataTypes.DoubleType, true)
          .add("tone_n", DataTypes.LongType, false)
          .add("tone_sd", DataTypes.DoubleType, true)
          .add("tone_se", DataTypes.DoubleType, true)
          .add("tone_clusters", DataTypes.LongType, false)
          .add("evidence", Types.EVIDENCE, true)
          .add("grain", DataTypes.StringType, false)),
  DYAD_TRENDS("dyad_trends", "grain",
      new StructType()
          .add("period_start", DataTypes.DateType, false)
          .add("outlet", DataTypes.StringType, false)
          .add("level", DataTypes.StringType, false)
          .add("source", DataTypes.StringType, false)
          .add("target", DataTypes.StringType, false)
          .add("n_articles", DataTypes.LongType, false)
          .add("n_stories", DataTypes.LongType, false)
          .add("n_outlets", DataTypes.LongType, false)
          .add("period_articles", DataTypes.LongType, false)
          .add("share", DataTypes.DoubleType, false)
          .add("tone_mean", DataTypes.DoubleType, true)
          .add("tone_ci_low", DataTypes.DoubleType, true)
          .add("tone_ci_high", DataTypes.DoubleType, true)
          .add("tone_n", DataTypes.LongType, false)
          .add("tone_sd", DataTypes.DoubleType, true)
          .add("tone_se", DataTypes.DoubleType, true)
          .add("tone_clusters", DataTypes.LongType, false)
          .add("n_events", DataTypes.LongType, false)
          .add("n_cooperation", DataTypes.LongType, false)
          .add("n_conflict", DataTypes.LongType, false)
          .add("goldstein_mean", DataTypes.DoubleType, true)
          .add("evidence", Types.EVIDENCE, true)
          .add("grain", DataTypes.StringType, false)),
  ISSUE_TRENDS("issue_trends", "grain",
      new StructType()
          .add("period_start", DataTypes.DateType, false)
          .add("outlet", DataTypes.StringType, false)
          .add("level", DataTypes.StringType, false)
          .add("source", DataTypes.StringType, false)
          .add("issue_id", DataTypes.StringType, false)
          .add("issue_label", DataTypes.StringType, true)
          .add("n_articles", DataTypes.LongType, false)
          .add("n_stories", DataTypes.LongType, false)
          .add("n_outlets", DataTypes.LongType, false)
          .add("period_articles", DataTypes.LongType, false)
          .add("share", DataTypes.DoubleType, false)
          .add("n_support", DataTypes.LongType, false)
          .add("n_oppose", DataTypes.LongType, false)
          .add("n_neutral", DataTypes.LongType, false)
          .add("stance_mean", DataTypes.DoubleType, true)
          .add("stance_ci_low", DataTypes.DoubleType, true)
          .add("stance_ci_high", DataTypes.DoubleType, true)
          .add("stance_n", DataTypes.LongType, false)
          .add("stance_sd", DataTypes.DoubleType, true)
          .add("stance_se", DataTypes.DoubleType, true)
          .add("stance_clusters", DataTypes.LongType, false)
          .add("evidence", Types.EVIDENCE, true)
          .add("grain", DataTypes.StringType, false)),
  OUTLET_TRENDS("outlet_trends", "grain",
      new StructType()
          .add("period_start", DataTypes.DateType, false)
          .add("outlet", DataTypes.StringType, false)
          .add("n_articles", DataTypes.LongType, false)
          .add("n_stories", DataTypes.LongType, false)
          .add("n_outlets", DataTypes.LongType, false)
          .add("period_articles", DataTypes.LongType, false)
          .add("share", DataTypes.DoubleType, false)
          .add("tone_mean", DataTypes.DoubleType, true)
          .add("tone_ci_low", DataTypes.DoubleType, true)
          .add("tone_ci_high", DataTypes.DoubleType, true)
          .add("tone_n", DataTypes.LongType, false)
          .add("tone_sd", DataTypes.DoubleType, true)
          .add("tone_se", DataTypes.DoubleType, true)
          .add("tone_clusters", DataTypes.LongType, false)
          .add("grain", DataTypes.StringType, false)),
  ALERTS("alerts", "grain",
      new StructType()
          .add("entity", DataTypes.StringType, false)
          .add("level", DataTypes.StringType, false)
          .add("key", DataTypes.StringType, false)
          .add("source", DataTypes.StringType, true)
          .add("target", DataTypes.StringType, true)
          .add("period_start", DataTypes.DateType, false)
          .add("metric", DataTypes.StringType, false)
          .add("value", DataTypes.DoubleType, true)
          .add("baseline_mean", DataTypes.DoubleType, true)
          .add("baseline_sd", DataTypes.DoubleType, true)
          .add("baseline_periods", DataTypes.LongType, false)
          .add("n", DataTypes.LongType, false)
          .add("z", DataTypes.DoubleType, true)
          .add("direction", DataTypes.StringType, false)
          .add("rule", DataTypes.StringType, false)
          .add("evidence", Types.EVIDENCE, true)
          .add("grain", DataTypes.StringType, false));

  private final String table;
  private final String partitionColumn;
  private final StructType schema;

  OutputTables(String table, String partitionColumn, StructType schema) {
    this.table = table;
    this.partitionColumn = partitionColumn;
    this.schema = schema;
  }

  /** The document columns followed by every field of a stance unit ({@link org.demarche.stance.StanceFinder#UNIT}). */
  private static StructType withUnits(StructType docColumns) {
    StructType out = docColumns;
    for (var f : org.demarche.stance.StanceFinder.UNIT.fields()) {
      out = out.add(f);
    }
    return out;
  }

  public String table() {
    return table;
  }

  public String partitionColumn() {
    return partitionColumn;
  }

  public StructType schema() {
    return schema;
  }

  public String path(String outputRoot) {
    return outputRoot.endsWith("/") ? outputRoot + table : outputRoot + "/" + table;
  }

  /** {@code head} followed by every field of {@code struct}: a table with one row per element of a stage's array. */
  private static StructType withFields(StructType head, StructType struct) {
    for (var f : struct.fields()) {
      head = head.add(f);
    }
    return head;
  }

  /** Selects the contract columns in contract order, checking that they are all present with the right types. */
  public Dataset<Row> conform(Dataset<Row> df) {
    List<String> have = Arrays.asList(df.columns());
    for (var f : schema.fields()) {
      if (!have.contains(f.name())) {
        throw new IllegalStateException("table " + table + " is missing column " + f.name());
      }
    }
    Column[] cols =
        Arrays.stream(schema.fields()).map(f -> col(f.name()).cast(f.dataType()).as(f.name())).toArray(Column[]::new);
    return df.select(cols);
  }

  /**
   * Replaces exactly one partition ({@code <table>/<partitionColumn>=<value>/}) with {@code df}, which must hold only
   * that value. Unlike a dynamic overwrite this also clears the partition when {@code df} is empty, leaving a
   * schema-only Parquet file, so the table stays readable and a rerun never keeps stale rows.
   */
  public void writePartition(Dataset<Row> df, String outputRoot, String value, String sortColumn) {
    conform(df)
        .drop(partitionColumn)
        .coalesce(1)
        .sortWithinPartitions(col(sortColumn))
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(path(outputRoot) + "/" + partitionColumn + "=" + value);
  }

  /** Replaces the whole (unpartitioned) table with {@code df}: for dimension tables such as {@code actors}. */
  public void writeAll(Dataset<Row> df, String outputRoot, String sortColumn) {
    // repartition, not coalesce: the single writing task reads a shuffle instead of carrying every input slice
    conform(df).repartition(1).sortWithinPartitions(col(sortColumn)).write().mode(SaveMode.Overwrite)
        .parquet(path(outputRoot));
  }

  /**
   * Writes with dynamic partition overwrite: the partitions this run produces are replaced, the others are kept, so
   * rerunning the same input gives the same rows and never duplicates them.
   */
  public void write(Dataset<Row> df, String outputRoot, String sortColumn) {
    // An explicit partition count: one write task per shuffle partition, each writing its partitions' files in turn
    // (a plain repartition(col) let one task per distinct date appear, which cost ~40 ms of scheduling per day).
    int tasks = Math.max(1, Integer.parseInt(df.sparkSession().conf().get("spark.sql.shuffle.partitions")));
    conform(df)
        .repartition(tasks, col(partitionColumn))
        .sortWithinPartitions(col(partitionColumn), col(sortColumn))
        .write()
        .mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy(partitionColumn)
        .parquet(path(outputRoot));
    // a first batch without rows (no events in a tiny batch) would leave a folder without data files, which Spark
    // cannot infer a schema from and DuckDB's glob does not match: give it one schema-only file in the null
    // partition, which every reader reads as zero rows
    if (!hasParquetFile(df.sparkSession(), path(outputRoot))) {
      writeEmpty(df.sparkSession(), outputRoot);
    }
  }

  /** One schema-only Parquet file under {@code <table>/<partitionColumn>=__HIVE_DEFAULT_PARTITION__/}. */
  void writeEmpty(org.apache.spark.sql.SparkSession spark, String outputRoot) {
    spark.createDataFrame(List.of(), schema).drop(partitionColumn).coalesce(1).write()
        .mode(SaveMode.Overwrite).parquet(path(outputRoot) + "/" + partitionColumn + "=" + NULL_PARTITION);
  }

  /** The folder name Hive, Spark and DuckDB read as a null partition value. */
  public static final String NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

  /**
   * Replaces the whole table: for tables recomputed from all the facts in the output folder (the trend and alert
   * tables, partitioned by {@code grain}, each row with a {@code period_start}). Each grain folder holds one file per
   * year of {@code period_start} ({@code grain=day/period-2013.parquet}), its rows ordered by {@code sortColumns}, so
   * the same facts always give the same files and a batch rewrites only the years it touches
   * ({@link #replacePeriods}). The files are staged under {@code <output>/_staging/<run>/<table>} and swapped in
   * through a manifest, as the per-document tables are ({@link KeyedReplace}).
   */
  public void replaceAll(Dataset<Row> df, String outputRoot, String runId, String... sortColumns) {
    swapYears(conform(df), null, outputRoot, runId, sortColumns);
  }

  /** The file of one grain and year in the trend tables' layout, relative to the table folder. */
  static String yearFile(String partitionValue, int year, String partitionColumn) {
    return partitionColumn + "=" + partitionValue + "/period-" + year + ".parquet";
  }

  private static final Pattern YEAR_FILE = Pattern.compile("period-\\d{4}\\.parquet");

  /**
   * Writes {@code rows} as one file per (partition value, year of {@code period_start}) and swaps them in; with
   * {@code scope} null every stored entry not rewritten is removed, otherwise only the {@code scope} entries (year
   * files) that no longer get rows.
   */
  private void swapYears(Dataset<Row> rows, Set<String> scope, String outputRoot, String runId,
      String... sortColumns) {
    org.apache.spark.sql.SparkSession spark = rows.sparkSession();
    Path table = new Path(path(outputRoot));
    Path stage = new Path(outputRoot + "/" + KeyedReplace.STAGING + "/"
        + runId + "/" + this.table);
    Path raw = new Path(stage, "raw");
    Path merged = new Path(stage, "merged");
    Column[] sort = new Column[sortColumns.length + 2];
    sort[0] = col(partitionColumn);
    sort[1] = col("_year");
    for (int i = 0; i < sortColumns.length; i++) {
      sort[i + 2] = col(sortColumns[i]);
    }
    int tasks = Math.max(1, Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions")));
    try {
      FileSystem fs = table.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(stage, true);
      // one task per (grain, year): each writes exactly one file
      rows.withColumn("_year", functions.year(col("period_start")))
          .repartition(tasks, col(partitionColumn), col("_year"))
          .sortWithinPartitions(sort)
          .write()
          .mode(SaveMode.Overwrite)
          .partitionBy(partitionColumn, "_year")
          .parquet(raw.toString());
      Set<String> fresh = new TreeSet<>();
      if (fs.exists(raw)) {
        for (FileStatus g : fs.listStatus(raw)) {
          String gn = g.getPath().getName();
          if (!g.isDirectory() || !gn.startsWith(partitionColumn + "=")) {
            continue;
          }
          for (FileStatus y : fs.listStatus(g.getPath())) {
            String yn = y.getPath().getName();
            if (!y.isDirectory() || !yn.startsWith("_year=")) {
              continue;
            }
            List<Path> files = new ArrayList<>();
            for (FileStatus f : fs.listStatus(y.getPath())) {
              if (f.getPath().getName().endsWith(".parquet")) {
                files.add(f.getPath());
              }
            }
            if (files.size() != 1) {
              throw new IOException("expected one file in " + y.getPath() + ", found " + files.size());
            }
            String rel = yearFile(gn.substring(partitionColumn.length() + 1),
                Integer.parseInt(yn.substring("_year=".length())), partitionColumn);
            Path to = new Path(merged, rel);
            fs.mkdirs(to.getParent());
            if (!fs.rename(files.get(0), to)) {
              throw new IOException("cannot move " + files.get(0) + " to " + to);
            }
            fresh.add(rel);
          }
        }
      }
      Set<String> remove = new TreeSet<>(scope == null ? storedEntries(fs, table) : scope);
      if (scope == null && fresh.isEmpty()) {
        // no rows at all: one schema-only file at the table's root (the partition column a plain column, so every
        // reader infers its type)
        Path empty = new Path(stage, "empty");
        spark.createDataFrame(List.of(), schema).coalesce(1).write().mode(SaveMode.Overwrite)
            .parquet(empty.toString());
        for (FileStatus f : fs.listStatus(empty)) {
          if (f.getPath().getName().endsWith(".parquet")) {
            fs.mkdirs(merged);
            if (!fs.rename(f.getPath(), new Path(merged, "empty.parquet"))) {
              throw new IOException("cannot move " + f.getPath());
            }
          }
        }
        fresh.add("empty.parquet");
      }
      remove.removeAll(fresh);
      fs.delete(raw, true);
      KeyedReplace.swap(fs, stage, merged, fresh, remove, table);
      // grain folders a full replace emptied
      if (fs.exists(table)) {
        for (FileStatus g : fs.listStatus(table)) {
          if (g.isDirectory() && fs.listStatus(g.getPath()).length == 0) {
            fs.delete(g.getPath(), false);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every data entry of a stored trend table, relative to its folder: the files in its partition folders and any
   * file or folder at its root (a schema-only file, or a layout of another version); hidden entries left out.
   */
  private Set<String> storedEntries(FileSystem fs, Path table)
      throws IOException {
    Set<String> out = new TreeSet<>();
    if (!fs.exists(table)) {
      return out;
    }
    for (FileStatus e : fs.listStatus(table)) {
      String n = e.getPath().getName();
      if (n.startsWith("_") || n.startsWith(".")) {
        continue;
      }
      if (e.isDirectory() && n.startsWith(partitionColumn + "=")) {
        for (FileStatus f : fs.listStatus(e.getPath())) {
          String fn = f.getPath().getName();
          if (!fn.startsWith("_") && !fn.startsWith(".")) {
            out.add(n + "/" + fn);
          }
        }
      } else {
        out.add(n);
      }
    }
    return out;
  }

  /** The partition folders ({@code col=value}) of the table that hold a Parquet file; empty when it has none. */
  public Set<String> partitionDirs(org.apache.spark.sql.SparkSession spark, String outputRoot) {
    try {
      Path p = new Path(path(outputRoot));
      return KeyedReplace.partitionDirs(p.getFileSystem(spark.sparkContext().hadoopConfiguration()), p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Replaces the rows of the periods in {@code periods} ({@code grain}, {@code period_start}) with {@code fresh}, and
   * keeps every other row: for the trend tables after a batch. Only the year files ({@link #replaceAll}) of the
   * touched periods are read and rewritten; the others stay as written. A table in another layout (written by an
   * earlier version) is rewritten whole, once, in this one.
   */
  public void replacePeriods(Dataset<Row> fresh, Dataset<Row> periods, String outputRoot, String runId,
      String... sortColumns) {
    org.apache.spark.sql.SparkSession spark = fresh.sparkSession();
    Path table = new Path(path(outputRoot));
    Set<String> stored;
    try {
      stored = storedEntries(table.getFileSystem(spark.sparkContext().hadoopConfiguration()), table);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Dataset<Row> scope = org.apache.spark.sql.functions.broadcast(periods);
    boolean yearLayout = !stored.isEmpty() && stored.stream().allMatch(e -> e.contains("/")
        && YEAR_FILE.matcher(e.substring(e.indexOf('/') + 1)).matches());
    if (!yearLayout) {
      Dataset<Row> kept = read(spark, outputRoot).join(scope, new String[] {"grain", "period_start"}, "left_anti");
      swapYears(conform(kept).unionByName(conform(fresh)), null, outputRoot, runId, sortColumns);
      return;
    }
    Set<String> touched = new TreeSet<>();
    for (Row r : periods.select(col("grain"), functions.year(col("period_start"))).distinct().collectAsList()) {
      touched.add(yearFile(r.getString(0), r.getInt(1), partitionColumn));
    }
    List<String> paths = new ArrayList<>();
    touched.stream().filter(stored::contains).forEach(f -> paths.add(new Path(table, f).toString()));
    Dataset<Row> kept = paths.isEmpty() ? spark.createDataFrame(List.of(), schema)
        : spark.read().schema(schema).option("basePath", table.toString()).parquet(paths.toArray(new String[0]))
            .join(scope, new String[] {"grain", "period_start"}, "left_anti");
    swapYears(conform(kept).unionByName(conform(fresh)), touched, outputRoot, runId, sortColumns);
  }

  /**
   * Replaces, within the partition {@code <partitionColumn>=<value>}, the rows of the periods in {@code periods}
   * ({@code grain}, {@code period_start}) with {@code fresh} (which holds only that value), and keeps the partition's
   * other rows: for one topic model's {@code topic_trends} after a batch. The new partition is written to
   * {@code <output>/_staging/<run>/<table>} and then moved into place.
   */
  public void replacePartitionPeriods(Dataset<Row> fresh, Dataset<Row> periods, String outputRoot, String value,
      String runId, String sortColumn) {
    org.apache.spark.sql.SparkSession spark = fresh.sparkSession();
    String dir = partitionColumn + "=" + value;
    Dataset<Row> kept = read(spark, outputRoot).where(col(partitionColumn).equalTo(value))
        .join(org.apache.spark.sql.functions.broadcast(periods), new String[] {"grain", "period_start"}, "left_anti");
    KeyedReplace.swapPartition(this, spark, outputRoot, runId, dir, staged -> conform(kept).unionByName(conform(fresh))
        .drop(partitionColumn).coalesce(1).sortWithinPartitions(col(sortColumn)).write().mode(SaveMode.Overwrite)
        .parquet(staged));
  }

  /**
   * Whether the files under {@code dir} (this table's folder, or one of its partitions) hold every column of this
   * version apart from the partition column: rows written before a column was added (say {@code tone_se}) would keep
   * it null if only some periods were recomputed.
   */
  public boolean storedHasAllColumns(org.apache.spark.sql.SparkSession spark, String dir) {
    Set<String> have = new TreeSet<>(List.of(spark.read().parquet(dir).schema().fieldNames()));
    for (String f : schema().fieldNames()) {
      if (!f.equals(partitionColumn()) && !have.contains(f)) {
        return false;
      }
    }
    return true;
  }

  /** Whether a path exists on its file system (local, HDFS, S3 …). */
  public static boolean exists(org.apache.spark.sql.SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The table under {@code outputRoot} read with its contract schema: a missing folder, or one a batch left without
   * files, reads as empty, and files written before a column was added read that column as null.
   */
  public Dataset<Row> read(org.apache.spark.sql.SparkSession spark, String outputRoot) {
    String p = path(outputRoot);
    if (!exists(spark, p)) {
      return spark.createDataFrame(List.of(), schema);
    }
    return spark.read().schema(schema).parquet(p);
  }

  /** Whether a folder holds a Parquet data file at any depth. */
  public static boolean hasParquetFile(org.apache.spark.sql.SparkSession spark, String dir) {
    try {
      Path p = new Path(dir);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        return false;
      }
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(p, true);
      while (it.hasNext()) {
        if (it.next().getPath().getName().endsWith(".parquet")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
