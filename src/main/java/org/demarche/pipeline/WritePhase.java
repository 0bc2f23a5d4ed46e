package org.demarche.pipeline;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.demarche.actors.ActorStages;
import org.demarche.ingest.ArticleSchema;
import org.demarche.output.KeyedReplace;
import org.demarche.output.KeyedReplace.OwnedPartitions;
import org.demarche.output.OutputTables;
import org.demarche.outlets.OutletAttributes;
import org.demarche.threads.ThreadTable;
import org.demarche.text.TextStages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the batch's per-document tables: {@code articles} and {@code rejects}, then (when their phases ran) the
 * actor tables, {@code statements}, {@code events}, {@code stance} and the topic tables. Every per-document table
 * replaces exactly the rows of the documents the batch owns (its own, and those the output holds from its input
 * files) and keeps all others. Counts what landed on storage, for the run's reconciliation.
 */
final class WritePhase implements Phase {
  private static final Logger LOG = LoggerFactory.getLogger(WritePhase.class);

  @Override
  public String name() {
    return "write";
  }

  @Override
  public Kind kind() {
    return Kind.SINK;
  }

  @Override
  public Set<RunState.Slot<?>> inputs() {
    return Set.of(RunState.CLEANED, RunState.ARTICLES, RunState.DEDUPE_REJECTS, RunState.BATCH_FILES,
        RunState.DOCUMENTS);
  }

  /** Written when their phases ran. */
  @Override
  public Set<RunState.Slot<?>> optionalInputs() {
    return Set.of(RunState.STANCE_ROWS, RunState.TOPICS, RunState.THREADS);
  }

  @Override
  public Set<RunState.Slot<?>> outputs() {
    return Set.of(RunState.OWNED);
  }

  @Override
  public String description(RunState s) {
    return "articles, rejects and the per-document tables";
  }

  @Override
  public Outcome run(RunState s) {
    String out = s.out();
    String runId = s.runId();
    Dataset<Row> articles = s.get(RunState.ARTICLES);
    Dataset<Row> rejects = rejectRows(s, s.get(RunState.CLEANED).filter(col("reject_reason").isNotNull())
        .unionByName(s.get(RunState.DEDUPE_REJECTS), true));
    long t0 = System.nanoTime();
    // The documents this batch owns, frozen before anything is replaced: its own, and those the output holds from its
    // input files. Every per-document table replaces exactly these documents' rows and keeps all others.
    Dataset<Row> owned = ownedDocIds(s, articles, s.get(RunState.BATCH_FILES));
    s.put(RunState.OWNED, owned);
    // their date folders, collected once: every doc-keyed table searches only these for the owned documents' rows
    OwnedPartitions dates = OwnedPartitions.of(owned, "dt");
    // the documents with the tone the stance phase computed from their analysis, when it ran
    Dataset<Row> toned = java.util.Arrays.asList(s.get(RunState.DOCUMENTS).columns()).contains("tone")
        ? s.get(RunState.DOCUMENTS) : articles;
    Dataset<Row> threads = s.has(RunState.THREADS) ? s.get(RunState.THREADS) : null;
    replaceOwned(s, OutputTables.ARTICLES, articleRows(s, toned, threads), owned, dates);
    double articlesSeconds = (System.nanoTime() - t0) / 1e9;
    KeyedReplace.replace(OutputTables.REJECTS, rejects, s.get(RunState.BATCH_FILES), null, "source_file", out, runId,
        "source_file", s.batchId());
    double rejectsSeconds = (System.nanoTime() - t0) / 1e9 - articlesSeconds;
    // Reconcile against what actually landed on storage, not against the in-memory plan.
    Row stats = OutputTables.ARTICLES.read(s.spark(), out).where(dates.rows()).filter(col("run_id").equalTo(runId))
        .agg(count(lit(1)), countDistinct("story_id"), countDistinct("outlet"), min("dt"), max("dt"))
        .first();
    s.accepted = stats.getLong(0);
    s.articleStats = stats;
    Map<String, Long> byReason = new TreeMap<>();
    for (Row r : OutputTables.REJECTS.read(s.spark(), out).filter(col("run_id").equalTo(runId))
        .groupBy("reason").count().collectAsList()) {
      byReason.put(r.getString(0), r.getLong(1));
    }
    s.rejectsByReason = byReason;
    s.rejected = byReason.values().stream().mapToLong(Long::longValue).sum();
    LOG.info("write: articles {} s, rejects {} s, read-back check {} s", String.format("%.1f", articlesSeconds),
        String.format("%.1f", rejectsSeconds),
        String.format("%.1f", (System.nanoTime() - t0) / 1e9 - articlesSeconds - rejectsSeconds));
    Dataset<Row> docs = s.get(RunState.DOCUMENTS);
    if (s.has(RunState.STANCE_ROWS)) {
      writeStance(s, docs, s.get(RunState.STANCE_ROWS), owned, dates);
    }
    if (s.cfg().actors().enabled()) {
      writeActors(s, docs, owned, dates);
    }
    if (threads != null) {
      writeThreads(s, threads, dates);
    }
    if (s.has(RunState.TOPICS)) {
      long t1 = System.nanoTime();
      s.spark().sparkContext().setJobGroup("write.topics", "write topic tables", false);
      TopicSteps.write(s.spark(), s.get(RunState.TOPICS), docs.select(col("doc_id"), col("story_id"), col("outlet"),
              to_date(col("published_at")).as("dt")), docs.select("doc_id", TextStages.TERMS),
          out, runId, s.cfg().topics(), s.cfg().trends().evidence(), owned);
      s.seconds().put("write_topics", (System.nanoTime() - t1) / 1e9);
    }
    return new Outcome(s.accepted + s.rejected, "articles " + s.accepted + ", rejects " + s.rejected);
  }

  private static void writeStance(RunState s, Dataset<Row> docs, Dataset<Row> stanceRows, Dataset<Row> owned,
      OwnedPartitions dates) {
    long t0 = System.nanoTime();
    String out = s.out();
    String runId = s.runId();
    s.spark().sparkContext().setJobGroup("write.stance", "write statements, events and stance", false);
    replaceOwned(s, OutputTables.STATEMENTS, StanceSteps.confident(StanceSteps.statementsTable(docs),
        s.cfg().stance()).withColumn("run_id", lit(runId)), owned, dates);
    replaceOwned(s, OutputTables.EVENTS, StanceSteps.confident(StanceSteps.eventsTable(docs),
        s.cfg().stance()).withColumn("run_id", lit(runId)), owned, dates);
    replaceOwned(s, OutputTables.STANCE, StanceSteps.confident(stanceRows, s.cfg().stance())
        .withColumn("run_id", lit(runId)), owned, dates);
    s.seconds().put("stance_write", (System.nanoTime() - t0) / 1e9);
  }

  private static void writeActors(RunState s, Dataset<Row> docs, Dataset<Row> owned, OwnedPartitions dates) {
    long t0 = System.nanoTime();
    String out = s.out();
    s.spark().sparkContext().setJobGroup("write.actors", "write actor tables", false);
    Dataset<Row> mentions = ActorStages.mentionsTable(docs.select(col("doc_id"), col("published_at"),
            col(ActorStages.MENTIONS)))
        .join(docs.select("doc_id", "story_id", "outlet"), "doc_id")
        .withColumn("run_id", lit(s.runId()))
        .withColumn("dt", to_date(col("published_at")));
    replaceOwned(s, OutputTables.ACTOR_MENTIONS, mentions, owned, dates);
    Dataset<Row> documentActors = docs.select(col("doc_id"), col("story_id"), col("outlet"), col("published_at"),
            explode(col("document_actors")).as("a"))
        .select(col("doc_id"), col("story_id"), col("outlet"), col("published_at"), col("a.*"))
        .withColumn("run_id", lit(s.runId()))
        .withColumn("dt", to_date(col("published_at")));
    replaceOwned(s, OutputTables.DOCUMENT_ACTORS, documentActors, owned, dates);
    String dictionary = s.cfg().actors().dictionaryPath().isEmpty() ? "builtin"
        : "builtin+" + s.cfg().actors().dictionaryPath();
    OutputTables.ACTORS.writeAll(ActorStages.actorsTable(s.spark(), s.cfg().actors().dictionaryPath())
        .withColumn("dictionary", lit(dictionary)), out, "actor_id");
    if (s.cfg().actors().candidates()) {
      Dataset<Row> cands = ActorStages.candidatesTable(docs)
          .withColumn("run_id", lit(s.runId())).withColumn("batch_id", lit(s.batchId()));
      OutputTables.ACTOR_CANDIDATES.writePartition(cands, out, s.batchId(), "score");
    }
    s.seconds().put("write_actors", (System.nanoTime() - t0) / 1e9);
  }

  /**
   * The {@code story_threads} rows of every thread this batch touches: the threads of its articles, and those its
   * input files' articles had before (a corrected rerun may move an article out of a thread), rolled up from the
   * articles on storage within {@code threads.window_days} + {@code threads.max_span_days} of the owned dates.
   */
  private static void writeThreads(RunState s, Dataset<Row> threads, OwnedPartitions dates) {
    long t0 = System.nanoTime();
    s.spark().sparkContext().setJobGroup("write.threads", "write story threads", false);
    Dataset<Row> touched = threads.select("thread_id")
        .unionByName(s.storedArticles().join(s.get(RunState.BATCH_FILES), new String[] {"source_file"}, "left_semi")
            .where(col("thread_id").isNotNull()).select("thread_id"))
        .distinct();
    int reach = s.cfg().threads().windowDays() + s.cfg().threads().maxSpanDays();
    // a touched thread's articles lie within reach of an owned date (all of them when some date is unknown)
    Column near = lit(true);
    if (!dates.anyNull() && !dates.values().isEmpty()) {
      List<java.time.LocalDate> days = dates.values().stream().map(WritePhase::localDate).sorted().toList();
      near = col("dt").between(lit(java.sql.Date.valueOf(days.get(0).minusDays(reach))),
          lit(java.sql.Date.valueOf(days.get(days.size() - 1).plusDays(reach))));
    }
    Dataset<Row> members = OutputTables.ARTICLES.read(s.spark(), s.out()).where(near)
        .join(touched, new String[] {"thread_id"}, "left_semi")
        .select("doc_id", "thread_id", "dt", "outlet", "title", "published_at", "key_terms");
    Dataset<Row> actors = OutputTables.DOCUMENT_ACTORS.read(s.spark(), s.out()).where(near)
        .select("doc_id", "actor_id", "salience");
    KeyedReplace.replace(OutputTables.STORY_THREADS,
        ThreadTable.rollup(members, actors).withColumn("run_id", lit(s.runId())), touched, null, "thread_id",
        s.out(), s.runId(), "thread_id", null);
    double sec = (System.nanoTime() - t0) / 1e9;
    s.seconds().put("write_threads", sec);
    LOG.info("write: story_threads in {} s", String.format("%.1f", sec));
  }

  /** A date value as Spark returns it: java.sql.Date, or LocalDate with {@code spark.sql.datetime.java8API.enabled}. */
  private static java.time.LocalDate localDate(Object v) {
    return v instanceof java.sql.Date d ? d.toLocalDate() : (java.time.LocalDate) v;
  }

  private static Dataset<Row> articleRows(RunState s, Dataset<Row> articles, Dataset<Row> threads) {
    Dataset<Row> a = threads == null
        ? articles.withColumn("thread_id", lit(null).cast("string")).withColumn("key_terms",
            lit(null).cast("array<string>"))
        : articles.join(threads, new String[] {"doc_id"}, "left");
    OutletAttributes outlets = OutletAttributes.load(s.cfg().outlets().file(), s.cfg().outlets().fields(),
        s.spark().sparkContext().hadoopConfiguration());
    return outlets.apply(StanceSteps.withDocumentTone(a))
        .withColumn("run_id", lit(s.runId()))
        .withColumn("title", col("title_clean"))
        .withColumn("text", s.cfg().output().writeText() ? col("body") : lit(null).cast("string"))
        .withColumn("n_chars", length(col("body")))
        .withColumn("n_words", size(split(trim(col("body")), "\\s+")))
        .withColumn("dt", to_date(col("published_at")));
  }

  /** Replaces the owned documents' rows of a doc-keyed, date-partitioned table with {@code rows}. */
  private static void replaceOwned(RunState s, OutputTables table, Dataset<Row> rows, Dataset<Row> owned,
      OwnedPartitions dates) {
    KeyedReplace.replace(table, rows, owned, dates, "doc_id", s.out(), s.runId(), "doc_id", null);
  }

  private static Dataset<Row> rejectRows(RunState s, Dataset<Row> rejected) {
    int max = s.cfg().input().maxRejectPayloadChars();
    return rejected
        .withColumn("run_id", lit(s.runId()))
        .withColumn("batch_id", lit(s.batchId()))
        .withColumn("phase", col("reject_phase"))
        .withColumn("reason", col("reject_reason"))
        .withColumn("detail", col("reject_detail"))
        .withColumn("raw_payload", col(ArticleSchema.RAW))
        .withColumn("payload_bytes", col(ArticleSchema.RAW_BYTES))
        .withColumn("payload_truncated", coalesce(length(col(ArticleSchema.RAW)), lit(0)).geq(max)
            .and(col(ArticleSchema.RAW_BYTES).gt(max)));
  }

  /**
   * The doc_ids this batch owns, with their dates before and after (the periods whose trends it changes): its accepted
   * articles and the articles the output holds from its input files. Written to {@code
   * <output>/_staging/<run>/_owned_doc_ids} and read back, so the set stays fixed while the tables it keys are
   * replaced.
   */
  private static Dataset<Row> ownedDocIds(RunState s, Dataset<Row> articles, Dataset<Row> batchFiles) {
    String path = s.out() + "/" + KeyedReplace.STAGING + "/" + s.runId() + "/_owned_doc_ids";
    s.storedArticles()
        .join(batchFiles, new String[] {"source_file"}, "left_semi")
        .select("doc_id", "dt")
        .unionByName(articles.select(col("doc_id"), to_date(col("published_at")).as("dt")))
        .distinct()
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(path);
    return s.spark().read().parquet(path);
  }
}
