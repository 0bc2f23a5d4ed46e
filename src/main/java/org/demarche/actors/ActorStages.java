package org.demarche.actors;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.slice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.demarche.text.DocumentAnalysis;
import org.demarche.ml.ScalaInterop;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Actor stages and tables; the job wires them in {@code pipeline.NlpSteps}, {@code pipeline.ActorsPhase} and {@code pipeline.WritePhase} (keys {@code actors.*}).
 *
 * <p>{@link #stages(String)}: one {@link ActorMatcher} reading {@code body} (string) and {@code published_at}
 * (timestamp), adding {@code actor_mentions} ({@link ActorMatcher#OUTPUT_TYPE}).
 *
 * <p>{@link #mentionsTable}: the {@code actor_mentions} table, one row per mention: {@code doc_id}, {@code
 * published_at}, then the mention struct's fields ({@code sentence_index}, {@code start}, {@code end}, {@code
 * alias_text}, {@code actor_id}, {@code actor_name}, {@code cameo_code}, {@code country}, {@code alias_type}, {@code
 * method}, {@code resolution_method}, {@code confidence}).
 *
 * <p>{@link #actorsTable}: the {@code actors} dimension, one row per actor role period: {@code actor_id}, {@code name},
 * {@code kind}, {@code country}, {@code cameo_code}, {@code sector}, {@code role}, {@code valid_from}, {@code valid_to}.
 *
 * <p>{@link #candidatesTable}: the {@code actor_candidates} table for curation ({@link Discovery}): {@code candidate},
 * {@code n_mentions}, {@code n_docs}, {@code first_dt}, {@code last_dt} (timestamps), {@code example_sentences} (up to
 * 3), {@code score} = {@code n_docs * ln(1 + n_mentions)}; ordered by score, then candidate.
 */
public final class ActorStages {
  public static final String MENTIONS = "actor_mentions";
  public static final String CANDIDATES = "actor_candidates";

  private ActorStages() {}

  /** The actor stages with defaults; {@code dictionaryPath} "" for the built-in dictionary only. */
  public static List<PipelineStage> stages(String dictionaryPath) {
    List<PipelineStage> out = new ArrayList<>();
    out.add(new ActorMatcher().setInputCol("body").setDateCol("published_at").setOutputCol(MENTIONS)
        .setDictionaryPath(dictionaryPath == null ? "" : dictionaryPath));
    return out;
  }

  /** Explodes {@code actor_mentions} of the articles into the {@code actor_mentions} table. */
  public static Dataset<Row> mentionsTable(Dataset<Row> articles) {
    return articles.select(col("doc_id"), col("published_at"), explode(col(MENTIONS)).as("m"))
        .select(col("doc_id"), col("published_at"), col("m.sentence_index"), col("m.start"), col("m.end"),
            col("m.alias_text"), col("m.actor_id"), col("m.actor_name"), col("m.cameo_code"), col("m.country"),
            col("m.alias_type"), col("m.method"), col("m.resolution_method"), col("m.confidence"));
  }

  /** The {@code actors} dimension table from the (built-in plus user) dictionary. */
  public static Dataset<Row> actorsTable(SparkSession spark, String dictionaryPath) {
    ActorDictionary dict = ActorDictionary.cached(dictionaryPath == null ? "" : dictionaryPath);
    StructType schema = new StructType().add("actor_id", DataTypes.StringType, false)
        .add("name", DataTypes.StringType).add("kind", DataTypes.StringType).add("country", DataTypes.StringType)
        .add("cameo_code", DataTypes.StringType).add("sector", DataTypes.StringType).add("role", DataTypes.StringType)
        .add("valid_from", DataTypes.DateType).add("valid_to", DataTypes.DateType);
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, ActorDictionary.Actor> e : new java.util.TreeMap<>(dict.actors()).entrySet()) {
      ActorDictionary.Actor a = e.getValue();
      for (ActorDictionary.Role r : a.roles()) {
        rows.add(RowFactory.create(a.id(), a.name(), a.kind(), a.country().isEmpty() ? null : a.country(),
            r.cameoCode(), r.sector(), r.role().isEmpty() ? null : r.role(),
            r.from() == null ? null : java.sql.Date.valueOf(r.from()),
            r.to() == null ? null : java.sql.Date.valueOf(r.to())));
      }
    }
    // in slices of a few thousand rows: one local relation would ship the whole dictionary (about 7 MB) in one task
    int slices = Math.max(1, (rows.size() + 3999) / 4000);
    return spark.createDataFrame(
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, slices),
        schema);
  }

  /** One candidate occurrence in a document: the name and its sentence. */
  public static final StructType CANDIDATE_IN_DOC = new StructType().add("candidate", DataTypes.StringType, false)
      .add("sentence", DataTypes.StringType, false);
  /** The per-document column of candidate occurrences ({@link #withCandidateOccurrences}). */
  public static final String CANDIDATE_OCCURRENCES = "candidate_occurrences";

  /**
   * Adds {@link #CANDIDATE_OCCURRENCES}: the capitalised names near reporting verbs or titles that match no alias
   * ({@link Discovery}), per document, read from the {@link DocumentAnalysis} column {@code analysisCol} when given
   * (null: the body is analysed here). Needs {@code body} and {@code actor_mentions}.
   */
  public static Dataset<Row> withCandidateOccurrences(Dataset<Row> docs, String analysisCol) {
    org.apache.spark.sql.api.java.UDF3<String, scala.collection.Seq<Row>, Row, Object> f = (body, ms, analysis) -> {
      List<Row> out = new ArrayList<>();
      if (body == null) {
        return ScalaInterop.seq(out);
      }
      boolean[] covered = new boolean[body.length()];
      for (MentionFinder.Mention m : ActorMatcher.fromRows(ms)) {
        for (int c = Math.max(0, m.start()); c < Math.min(m.end(), covered.length); c++) {
          covered[c] = true;
        }
      }
      DocumentAnalysis a = analysis == null ? DocumentAnalysis.of(body) : DocumentAnalysis.fromRow(body, analysis);
      for (Discovery.Candidate c : Discovery.find(a, covered)) {
        out.add(RowFactory.create(c.name(), c.sentence()));
      }
      return ScalaInterop.seq(out);
    };
    Column analysis = analysisCol == null ? lit(null).cast(DocumentAnalysis.TYPE) : col(analysisCol);
    return docs.withColumn(CANDIDATE_OCCURRENCES, functions.udf(f, DataTypes.createArrayType(CANDIDATE_IN_DOC, false))
        .apply(col("body"), col(MENTIONS), analysis));
  }

  /**
   * Capitalised names near reporting verbs or titles that match no alias, aggregated for curation. Input: {@code
   * doc_id}, {@code published_at} (timestamp) and either {@link #CANDIDATE_OCCURRENCES} or {@code body} and
   * {@code actor_mentions} (from {@link ActorMatcher}), from which they are found here.
   */
  public static Dataset<Row> candidatesTable(Dataset<Row> articlesWithMentions) {
    Dataset<Row> docs = java.util.Arrays.asList(articlesWithMentions.columns()).contains(CANDIDATE_OCCURRENCES)
        ? articlesWithMentions : withCandidateOccurrences(articlesWithMentions, null);
    Dataset<Row> occ = docs.select(col("doc_id").cast("string").as("doc_id"),
            col("published_at").cast("timestamp").as("published_at"),
            functions.explode(col(CANDIDATE_OCCURRENCES)).as("o"))
        .select(col("o.candidate").as("candidate"), col("doc_id"), col("published_at"), col("o.sentence").as("sentence"));
    return occ.groupBy(col("candidate"))
        .agg(count("*").as("n_mentions"), countDistinct(col("doc_id")).as("n_docs"),
            min(col("published_at")).as("first_dt"), max(col("published_at")).as("last_dt"),
            // the earliest occurrences (by date, doc_id, sentence): the same examples whatever the partitioning
            slice(org.apache.spark.sql.functions.array_distinct(org.apache.spark.sql.functions.transform(
                org.apache.spark.sql.functions.sort_array(collect_list(org.apache.spark.sql.functions.struct(
                    col("published_at"), col("doc_id"), col("sentence")))), x -> x.getField("sentence"))), 1, 3)
                .as("example_sentences"))
        .withColumn("score", col("n_docs").multiply(log1p(col("n_mentions"))))
        .orderBy(col("score").desc(), col("candidate"));
  }
}
