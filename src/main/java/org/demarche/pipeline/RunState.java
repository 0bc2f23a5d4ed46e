package org.demarche.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.demarche.config.JobConfig;
import org.demarche.ingest.InputFiles.InputFile;

/**
 * What the phases of one run share: the session, the config, the run's identity, and the values the phases hand on
 * (typed {@link Slot}s). A phase reads only the slots it names as inputs.
 */
public final class RunState {
  /** A named, typed value a phase produces and later phases read. */
  public record Slot<T>(String name) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The records read, one per input record, readable or not (persisted). */
  public static final Slot<Dataset<Row>> RECORDS = new Slot<>("records");
  /** The records after cleaning, with {@code reject_reason} set for those rejected (persisted). */
  public static final Slot<Dataset<Row>> CLEANED = new Slot<>("cleaned");
  /** The input files this batch owns ({@code source_file}). */
  public static final Slot<Dataset<Row>> BATCH_FILES = new Slot<>("batch_files");
  /** The accepted articles, one per document, with content hash and story (persisted). */
  public static final Slot<Dataset<Row>> ARTICLES = new Slot<>("articles");
  /** Records rejected by dedupe (repeated doc_ids, doc_ids already in the output). */
  public static final Slot<Dataset<Row>> DEDUPE_REJECTS = new Slot<>("dedupe_rejects");
  /** The documents with every per-document column the phases so far added. */
  public static final Slot<Dataset<Row>> DOCUMENTS = new Slot<>("documents");
  /** The stance table's rows (scored tone units and event rows), before the confidence filter. */
  public static final Slot<Dataset<Row>> STANCE_ROWS = new Slot<>("stance_rows");
  /** The text stages (vocabulary included) the documents' terms and features came from. */
  public static final Slot<PipelineModel> TEXT_MODEL = new Slot<>("text_model");
  /** The topic model and its per-document and per-topic rows. */
  public static final Slot<TopicSteps.Outcome> TOPICS = new Slot<>("topics");
  /** Each new article's story thread and key terms ({@code doc_id}, {@code thread_id}, {@code key_terms}). */
  public static final Slot<Dataset<Row>> THREADS = new Slot<>("threads");
  /** The doc_ids (with dt) this batch owns, frozen before any table is replaced. */
  public static final Slot<Dataset<Row>> OWNED = new Slot<>("owned_doc_ids");

  final SparkSession spark;
  final JobConfig cfg;
  final String out;
  final String runId;
  final String batchId;
  final List<InputFile> files;
  final RunSummary summary;
  /** Seconds per phase and per write sub-step: {@code runs.phase_seconds}. */
  final Map<String, Double> seconds = new LinkedHashMap<>();
  /** Datasets persisted by the phases, released when the run ends (never earlier: see {@link #cache}). */
  private final List<Dataset<Row>> caches = new ArrayList<>();
  private final Map<Slot<?>, Object> values = new LinkedHashMap<>();

  /** Records read (ingest). */
  long read;
  /** Documents after dedupe, the count every per-document phase keeps. */
  long documents;
  /** What the write phase found on storage for this run: articles, rejects by reason, and article statistics. */
  long accepted;
  long rejected;
  Map<String, Long> rejectsByReason = Map.of();
  /** count, distinct stories, distinct outlets, first dt, last dt of the articles written. */
  Row articleStats;

  RunState(SparkSession spark, JobConfig cfg, String out, String runId, String batchId, List<InputFile> files,
      RunSummary summary) {
    this.spark = spark;
    this.cfg = cfg;
    this.out = out;
    this.runId = runId;
    this.batchId = batchId;
    this.files = List.copyOf(files);
    this.summary = summary;
  }

  private Dataset<Row> stored;
  private java.time.LocalDate[] batchDates;

  /**
   * The first and last publication day of the batch's documents ({@link #DOCUMENTS}, or {@code docs} before that slot
   * is filled), computed once; null when none has a date.
   */
  public java.time.LocalDate[] batchDates(Dataset<Row> docs) {
    if (batchDates == null) {
      Row r = docs.agg(org.apache.spark.sql.functions.min(org.apache.spark.sql.functions.to_date(
              org.apache.spark.sql.functions.col("published_at"))),
          org.apache.spark.sql.functions.max(org.apache.spark.sql.functions.to_date(
              org.apache.spark.sql.functions.col("published_at")))).first();
      batchDates = r.isNullAt(0) ? new java.time.LocalDate[0]
          : new java.time.LocalDate[] {day(r.get(0)), day(r.get(1))};
    }
    return batchDates.length == 0 ? null : batchDates;
  }

  private static java.time.LocalDate day(Object d) {
    return d instanceof java.time.LocalDate l ? l : ((java.sql.Date) d).toLocalDate();
  }

  /**
   * The articles earlier batches wrote (not from this batch's input files), dated within the batch's dates ±
   * {@code days}: every column of {@code articles}; null when the batch has no dated document or the output no
   * article.
   */
  public Dataset<Row> earlierArticles(Dataset<Row> docs, int days) {
    java.time.LocalDate[] range = batchDates(docs);
    if (range == null || !org.demarche.output.OutputTables.hasParquetFile(spark,
        org.demarche.output.OutputTables.ARTICLES.path(out))) {
      return null;
    }
    return org.demarche.output.OutputTables.ARTICLES.read(spark, out)
        .where(inDays(range, days))
        .join(get(BATCH_FILES), new String[] {"source_file"}, "left_anti");
  }

  /** {@code dt} within the batch's dates ± {@code days} (the batch's dates from {@link #batchDates}). */
  public static org.apache.spark.sql.Column inDays(java.time.LocalDate[] range, int days) {
    org.apache.spark.sql.Column dt = org.apache.spark.sql.functions.col("dt");
    return dt.geq(org.apache.spark.sql.functions.lit(java.sql.Date.valueOf(range[0].minusDays(days))))
        .and(dt.leq(org.apache.spark.sql.functions.lit(java.sql.Date.valueOf(range[1].plusDays(days)))));
  }

  /**
   * {@code doc_id}, {@code source_file}, {@code run_id}, {@code dt} and {@code story_id} of the articles the output
   * held when the run started: read from storage once (a narrow scan) and cached, for the look-ups made before
   * anything is replaced (dedupe's repeated doc_ids and story sizes, the write phase's owned documents).
   */
  public Dataset<Row> storedArticles() {
    if (stored == null) {
      stored = cache(org.demarche.output.OutputTables.ARTICLES.read(spark, out)
          .select("doc_id", "source_file", "run_id", "dt", "story_id", "thread_id")
          .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK()));
    }
    return stored;
  }

  public <T> T get(Slot<T> slot) {
    @SuppressWarnings("unchecked")
    T v = (T) values.get(slot);
    return Objects.requireNonNull(v, () -> "no value for " + slot + " in this run; the plan lacks the phase that "
        + "produces it");
  }

  public boolean has(Slot<?> slot) {
    return values.containsKey(slot);
  }

  public <T> void put(Slot<T> slot, T value) {
    values.put(slot, Objects.requireNonNull(value, slot.name()));
  }

  /**
   * Registers a persisted dataset, released when the run ends. Caches are never released earlier: unpersisting a
   * parent drops the cached data of every query derived from it, which would silently re-run the NLP lineage at
   * write time.
   */
  public Dataset<Row> cache(Dataset<Row> persisted) {
    caches.add(persisted);
    return persisted;
  }

  void releaseCaches() {
    values.values().forEach(v -> {
      if (v instanceof Dataset<?> d) {
        d.unpersist();
      }
    });
    caches.forEach(Dataset::unpersist);
    caches.clear();
  }

  public SparkSession spark() {
    return spark;
  }

  public JobConfig cfg() {
    return cfg;
  }

  public String out() {
    return out;
  }

  public String runId() {
    return runId;
  }

  public String batchId() {
    return batchId;
  }

  public List<InputFile> files() {
    return files;
  }

  public RunSummary summary() {
    return summary;
  }

  public Map<String, Double> seconds() {
    return seconds;
  }
}
