package org.demarche.pipeline;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.demarche.actors.ActorDictionary;
import org.demarche.actors.ActorDictionaryException;
import org.demarche.actors.ActorStages;
import org.demarche.cli.VersionProvider;
import org.demarche.config.ConfigException;
import org.demarche.clean.CleanStages;
import org.demarche.config.JobConfig;
import org.demarche.dedupe.ContentHasher;
import org.demarche.dedupe.StoryClusterer;
import org.demarche.ingest.ArticleSchema;
import org.demarche.ingest.CorpusIngest;
import org.demarche.ingest.InputFiles.InputFile;
import org.demarche.ingest.RejectReason;
import org.demarche.ml.ScalaInterop;
import org.demarche.output.KeyedReplace;
import org.demarche.output.OutputFolder;
import org.demarche.output.OutputTables;
import org.demarche.trends.TrendRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job: ingest → clean → dedupe → write. Each phase is a Spark job group, logs its row count and seconds,
 * and the run reconciles records read = accepted + rejected before anything is reported as done.
 */
public final class JobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
  /** One line per phase, for the console ({@code conf/log4j2.properties}). */
  private static final Logger PROGRESS = LoggerFactory.getLogger("demarche.progress");

  private final SparkSession spark;
  private final JobConfig cfg;
  private final Map<String, Object> resolvedConfig;

  public JobRunner(SparkSession spark, JobConfig cfg, Map<String, Object> resolvedConfig) {
    this.spark = spark;
    this.cfg = cfg;
    this.resolvedConfig = resolvedConfig;
  }

  public RunSummary run() {
    Sessions.configure(spark, cfg);
    Instant started = Instant.now();
    String out = cfg.output().path();
    List<InputFile> files = CorpusIngest.listFiles(spark, cfg.input());
    String batchId = batchId(files);
    String runId = runId(batchId);
    org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    OutputFolder.checkNoOverlap(cfg.input().paths(), out, hadoop);
    try (OutputFolder lock = OutputFolder.lock(out, runId, hadoop)) {
      return run(started, out, files, batchId, runId);
    }
  }

  /** The run itself, holding the output folder's lock. */
  private RunSummary run(Instant started, String out, List<InputFile> files, String batchId, String runId) {
    RunSummary summary = new RunSummary(runId, out);
    if (!spark.sparkContext().isLocal() && spark.sparkContext().getCheckpointDir().isEmpty()) {
      // iterative fits checkpoint to shared storage, so losing an executor does not lose their state
      spark.sparkContext().setCheckpointDir(out + "/" + KeyedReplace.STAGING + "/" + runId + "/checkpoints");
    }
    Map<String, Double> phaseSeconds = new LinkedHashMap<>();
    LOG.info("run {}: {} input files {}, output {}", runId, files.size(), CorpusIngest.formats(files), out);
    KeyedReplace.recover(spark, out);

    // INGEST ----------------------------------------------------------------------------------------------------
    Dataset<Row> ingested =
        phase(summary, phaseSeconds, "ingest", "read " + files.size() + " files " + CorpusIngest.formats(files),
            () -> CorpusIngest.read(spark, cfg.input(), files).persist(StorageLevel.MEMORY_AND_DISK()));
    long read = ingested.count();
    summary.count("records_read", read);

    // CLEAN -----------------------------------------------------------------------------------------------------
    Dataset<Row> cleaned =
        phase(summary, phaseSeconds, "clean", "html, mojibake, unicode, boilerplate, dates, language",
            () -> validate(clean(ingested)).persist(StorageLevel.MEMORY_AND_DISK()));

    // DEDUPE ----------------------------------------------------------------------------------------------------
    // The batch owns its input files: their earlier rows in the output are replaced by this run's (a corrected rerun
    // leaves no stale rows). A doc_id the output holds from another file belongs to an earlier batch and is rejected.
    Dataset<Row> batchFiles = batchFiles(files, ingested);
    Dataset<Row> valid = cleaned.filter(col("reject_reason").isNull());
    List<String> key = List.of("doc_id", "source_file", "source_offset");
    Dataset<Row> inOutput =
        valid.select("doc_id", "source_file", "source_offset")
            .join(OutputTables.ARTICLES.read(spark, out)
                .join(batchFiles, new String[] {"source_file"}, "left_anti")
                .groupBy("doc_id")
                .agg(min(concat(lit("doc_id already in the output, from "), col("source_file"), lit(" (run "),
                    col("run_id"), lit("); the earlier row is kept"))).as("reject_detail")), "doc_id")
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> fresh = valid.join(inOutput.select(key.stream().map(c -> col(c)).toArray(Column[]::new)),
        key.toArray(new String[0]), "left_anti");
    // Repeated doc_ids: rank on a narrow projection (no body text in the shuffle); the later copies are rejected.
    org.apache.spark.sql.expressions.WindowSpec byId =
        Window.partitionBy("doc_id").orderBy(col("source_file"), col("source_offset"));
    Dataset<Row> laterCopies =
        fresh.select("doc_id", "source_file", "source_offset")
            .withColumn("_id_rank", row_number().over(byId))
            .filter(col("_id_rank").gt(1))
            .drop("_id_rank")
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> articles =
        phase(summary, phaseSeconds, "dedupe", "exact hash + MinHash LSH stories",
            () -> {
              Dataset<Row> unique = fresh.join(laterCopies, key.toArray(new String[0]), "left_anti");
              Dataset<Row> hashed = new ContentHasher().setInputCol("body").setOutputCol("content_hash").transform(unique);
              return StoryClusterer.assign(hashed, cfg.dedupe()).persist(StorageLevel.MEMORY_AND_DISK());
            });
    Dataset<Row> duplicateIds =
        valid.join(laterCopies, key.toArray(new String[0]), "left_semi")
            .withColumn("reject_reason", lit(RejectReason.DUPLICATE_RECORD.code()))
            .withColumn("reject_detail", lit("doc_id already read earlier in this batch"))
            .withColumn("reject_phase", lit("dedupe"))
            .unionByName(valid.drop("reject_detail").join(inOutput, key.toArray(new String[0]), "inner")
                .withColumn("reject_reason", lit(RejectReason.DUPLICATE_IN_OUTPUT.code()))
                .withColumn("reject_phase", lit("dedupe")), true);

    // ACTORS and TEXT (per-document NLP stages) -------------------------------------------------------------------
    Dataset<Row> enriched = articles;
    // Caches are released at the end of the run, never earlier: unpersisting a parent drops the cached data of every
    // query derived from it, which would silently re-run the NLP lineage at write time.
    List<Dataset<Row>> caches = new java.util.ArrayList<>();
    Dataset<Row> stanceRows = null;
    if (cfg.actors().enabled()) {
      Dataset<Row> base = enriched;
      enriched = phase(summary, phaseSeconds, "actors", "actor dictionary match + in-document coreference",
          () -> NlpSteps.actorMatcher(cfg.actors()).transform(base), false);
    }
    if (cfg.stance().enabled()) {
      Dataset<Row> base = enriched;
      // the tone model is unpacked and loaded here, and scores the tone units inside the stance stage
      enriched = phase(summary, phaseSeconds, "stance",
          "statements, CAMEO events, targeted tone (model " + cfg.stance().toneModel() + "), issue stance",
          () -> StanceSteps.annotate(base, cfg.stance(), StanceSteps.toneModelPath(spark, cfg.stance(), out)), false);
      caches.add(base);
      // the stance table's rows: the scored units exploded and the event rows added (a projection, done at write)
      stanceRows = StanceSteps.stanceTable(enriched);
    }
    PipelineModel textModel = null;
    long acceptedDocs = summary.phases().get(summary.phases().size() - 1).rows();
    if (cfg.text().enabled() && acceptedDocs == 0) {
      LOG.warn("text: skipped: no article was accepted in this batch; no text features, topics or keyness");
    }
    if (cfg.text().enabled() && acceptedDocs > 0) {
      List<String> names = cfg.actors().enabled() && cfg.text().actorPhrases()
          ? NlpSteps.mentionedActorNames(enriched) : List.of();
      Dataset<Row> base = enriched;
      PipelineModel[] holder = new PipelineModel[1];
      if (!cfg.topics().model().isEmpty()) {
        // apply mode: the saved model's own text stages and vocabulary, so its topics mean the same words
        PipelineModel loaded = TopicSteps.loadTextModel(cfg.topics().model());
        holder[0] = loaded;
        enriched = phase(summary, phaseSeconds, "text", "text stages of " + cfg.topics().model(),
            () -> NlpSteps.dropIntermediates(loaded.transform(base)).persist(StorageLevel.MEMORY_AND_DISK()));
      } else {
        try {
          enriched = phase(summary, phaseSeconds, "text", "tokens, phrases, lemmas, stopwords, TF-IDF", () -> {
            NlpSteps.FittedText ft = NlpSteps.fitText(base, NlpSteps.textOptions(cfg.text(), names));
            holder[0] = ft.model();
            caches.addAll(ft.caches());
            return ft.docs();
          });
        } catch (NlpSteps.EmptyVocabularyException e) {
          LOG.warn("{}; skipped: text features, topics and keyness", e.getMessage());
        }
      }
      textModel = holder[0];
      if (base != articles && !caches.contains(base)) {
        caches.add(base);
      }
    }
    textRan = textModel != null;
    if (textRan) {
      summary.count("vocabulary", TopicSteps.vocabulary(textModel).length);
      List<RunSummary.Phase> ps = summary.phases();
      summary.count("n_docs_text", ps.get(ps.size() - 1).rows());
    }

    // TOPICS ----------------------------------------------------------------------------------------------------
    TopicSteps.Outcome topics = null;
    boolean topicsPossible = cfg.topics().enabled() && textRan && summary.count("n_docs_text") > 0;
    if (topicsPossible && cfg.topics().model().isEmpty()) {
      int v = TopicSteps.vocabulary(textModel).length;
      long docs = summary.count("n_docs_text");
      if (v < 2 * cfg.topics().k() || docs < cfg.topics().k()) {
        LOG.warn("topics: skipped: {} documents and a vocabulary of {} terms are too few for topics.k = {} (need at "
            + "least k documents and 2k terms)", docs, v, cfg.topics().k());
        summary.count("topics_skipped", 1);
        topicsPossible = false;
      }
    }
    if (topicsPossible) {
      Dataset<Row> docs = enriched;
      PipelineModel tm = textModel;
      TopicSteps.Outcome[] holder = new TopicSteps.Outcome[1];
      String note = cfg.topics().model().isEmpty()
          ? cfg.topics().engine() + " k=" + cfg.topics().k() + ", " + cfg.topics().iterations() + " iterations"
          : "apply " + cfg.topics().model();
      Dataset<Row> docTopics = phase(summary, phaseSeconds, "topics", note, () -> {
        holder[0] = TopicSteps.run(spark, docs, tm, cfg.topics(), out, runId);
        return holder[0].docTopics().persist(StorageLevel.MEMORY_AND_DISK());
      });
      caches.add(docTopics);
      topics = new TopicSteps.Outcome(holder[0].modelId(), holder[0].modelPath(), holder[0].fitted(),
          holder[0].model(), holder[0].descriptor(), docTopics, holder[0].topics(), holder[0].lineage(),
          holder[0].fitSeconds());
      summary.count("topics_k", holder[0].descriptor().k());
    }

    // WRITE -----------------------------------------------------------------------------------------------------
    Dataset<Row> articleRows = articleRows(articles, runId);
    Dataset<Row> rejects =
        rejectRows(cleaned.filter(col("reject_reason").isNotNull()).unionByName(duplicateIds, true), runId, batchId);

    spark.sparkContext().setJobGroup("write", "write articles and rejects", false);
    long t0 = System.nanoTime();
    // The documents this batch owns, frozen before anything is replaced: its own, and those the output holds from its
    // input files. Every per-document table replaces exactly these documents' rows and keeps all others.
    Dataset<Row> owned = ownedDocIds(articles, batchFiles, runId);
    KeyedReplace.replace(OutputTables.ARTICLES, articleRows, owned, "doc_id", out, runId, "doc_id");
    double articlesSeconds = (System.nanoTime() - t0) / 1e9;
    KeyedReplace.replace(OutputTables.REJECTS, rejects, batchFiles, "source_file", out, runId, "source_file",
        batchId);
    double rejectsSeconds = (System.nanoTime() - t0) / 1e9 - articlesSeconds;
    // Reconcile against what actually landed on storage, not against the in-memory plan.
    Dataset<Row> writtenArticles = OutputTables.ARTICLES.read(spark, out).filter(col("run_id").equalTo(runId));
    Dataset<Row> writtenRejects = OutputTables.REJECTS.read(spark, out).filter(col("run_id").equalTo(runId));
    Row stats =
        writtenArticles
            .agg(count(lit(1)), countDistinct("story_id"), countDistinct("outlet"), min("dt"), max("dt"))
            .first();
    long accepted = stats.getLong(0);
    stats = RowFactory.create(stats.get(1), stats.get(2), stats.get(3), stats.get(4));
    LOG.info("write: articles {} s, rejects {} s, read-back check {} s", String.format("%.1f", articlesSeconds),
        String.format("%.1f", rejectsSeconds),
        String.format("%.1f", (System.nanoTime() - t0) / 1e9 - articlesSeconds - rejectsSeconds));
    writeDerived(enriched, stanceRows, owned, runId, batchId, phaseSeconds);
    if (topics != null) {
      writeTopics(topics, enriched, owned, runId, phaseSeconds);
    }

    Map<String, Long> byReason = new TreeMap<>();
    for (Row r : writtenRejects.groupBy("reason").count().collectAsList()) {
      byReason.put(r.getString(0), r.getLong(1));
    }
    long rejected = byReason.values().stream().mapToLong(Long::longValue).sum();
    double writeSeconds = (System.nanoTime() - t0) / 1e9;
    phaseSeconds.put("write", writeSeconds);
    summary.phase("write", accepted + rejected, writeSeconds, "articles " + accepted + ", rejects " + rejected);
    PROGRESS.info("write    {} articles, {} rejects in {} s", accepted, rejected, String.format("%.1f", writeSeconds));
    summary.count("accepted", accepted);
    summary.count("rejected", rejected);
    if (cfg.trends().enabled()) {
      TrendRunner.Result tr = TrendRunner.run(spark, out, cfg.trends(), owned.select("dt"), runId);
      phaseSeconds.put("trends", tr.seconds());
      summary.phase("trends", tr.rows().values().stream().mapToLong(Long::longValue).sum(), tr.seconds(),
          tr.rows().toString());
      PROGRESS.info("trends   {} in {} s", tr.rows(), String.format("%.1f", tr.seconds()));
    }
    summary.count("n_articles", accepted);
    summary.count("n_stories", stats.getLong(0));
    summary.count("n_outlets", stats.getLong(1));
    boolean reconciled = read == accepted + rejected;
    LOG.info("reconcile: read {} = accepted {} + rejected {} : {}; rejects {}", read, accepted, rejected,
        reconciled ? "ok" : "MISMATCH", byReason);

    Row runRow =
        RowFactory.create(
            batchId, Timestamp.from(started), Timestamp.from(Instant.now()), VersionProvider.version(),
            spark.version(), spark.sparkContext().master(),
            org.demarche.ml.ScalaInterop.seq(cfg.input().paths()), files.size(),
            files.stream().mapToLong(InputFile::size).sum(), read, accepted, rejected, reconciled,
            scalaMap(byReason), accepted, stats.getLong(0), stats.getLong(1),
            stats.isNullAt(2) ? null : (Date) stats.get(2), stats.isNullAt(3) ? null : (Date) stats.get(3),
            scalaMap(phaseSeconds), scalaMap(stringMap(resolvedConfig)), scalaMap(resources()), runId);
    Dataset<Row> runs = spark.createDataFrame(List.of(runRow), OutputTables.RUNS.schema());
    OutputTables.RUNS.writePartition(runs, out, runId, "run_id");

    summary.tables(java.util.Arrays.stream(OutputTables.values()).filter(t -> exists(t.path(out)))
        .map(OutputTables::table).toList());
    KeyedReplace.discard(spark, out, runId);
    inOutput.unpersist();
    ingested.unpersist();
    cleaned.unpersist();
    enriched.unpersist();
    caches.forEach(Dataset::unpersist);
    phaseCaches.forEach(Dataset::unpersist);
    phaseCaches.clear();
    articles.unpersist();
    laterCopies.unpersist();
    if (!reconciled) {
      throw new IllegalStateException(String.format(
          "reconciliation failed: read %d != accepted %d + rejected %d; see the runs table, run_id %s",
          read, accepted, rejected, runId));
    }
    return summary;
  }

  /** Fails fast (exit 2) when {@code actors.dictionary_path} cannot be read or does not validate. */
  public static void checkActorDictionary(JobConfig cfg) {
    if (cfg.actors().enabled() && !cfg.actors().dictionaryPath().isEmpty()) {
      try {
        ActorDictionary.cached(cfg.actors().dictionaryPath());
      } catch (ActorDictionaryException e) {
        throw new ConfigException("actors.dictionary_path: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Writes the tables derived from the enriched articles: actor tables, stance tables ({@code stanceRows}: the stance
   * table's rows, scored in the stance phase) and keyness.
   */
  private void writeDerived(Dataset<Row> enriched, Dataset<Row> stanceRows, Dataset<Row> owned, String runId,
      String batchId, Map<String, Double> seconds) {
    String out = cfg.output().path();
    if (cfg.stance().enabled()) {
      long t0 = System.nanoTime();
      spark.sparkContext().setJobGroup("write", "write statements, events and stance", false);
      KeyedReplace.replace(OutputTables.STATEMENTS, StanceSteps.confident(StanceSteps.statementsTable(enriched),
          cfg.stance()).withColumn("run_id", lit(runId)), owned, "doc_id", out, runId, "doc_id");
      KeyedReplace.replace(OutputTables.EVENTS, StanceSteps.confident(StanceSteps.eventsTable(enriched),
          cfg.stance()).withColumn("run_id", lit(runId)), owned, "doc_id", out, runId, "doc_id");
      KeyedReplace.replace(OutputTables.STANCE, StanceSteps.confident(stanceRows, cfg.stance())
          .withColumn("run_id", lit(runId)), owned, "doc_id", out, runId, "doc_id");
      seconds.put("stance_write", (System.nanoTime() - t0) / 1e9);
    }
    if (cfg.actors().enabled()) {
      long t0 = System.nanoTime();
      spark.sparkContext().setJobGroup("write", "write actor tables", false);
      Dataset<Row> mentions = ActorStages.mentionsTable(enriched.select(col("doc_id"), col("published_at"),
              col(ActorStages.MENTIONS)))
          .join(enriched.select("doc_id", "story_id", "outlet"), "doc_id")
          .withColumn("run_id", lit(runId))
          .withColumn("dt", to_date(col("published_at")));
      KeyedReplace.replace(OutputTables.ACTOR_MENTIONS, mentions, owned, "doc_id", out, runId, "doc_id");
      String dictionary = cfg.actors().dictionaryPath().isEmpty() ? "builtin"
          : "builtin+" + cfg.actors().dictionaryPath();
      OutputTables.ACTORS.writeAll(ActorStages.actorsTable(spark, cfg.actors().dictionaryPath())
          .withColumn("dictionary", lit(dictionary)), out, "actor_id");
      if (cfg.actors().candidates()) {
        Dataset<Row> cands = ActorStages.candidatesTable(enriched)
            .withColumn("run_id", lit(runId)).withColumn("batch_id", lit(batchId));
        OutputTables.ACTOR_CANDIDATES.writePartition(cands, out, batchId, "score");
      }
      seconds.put("write_actors", (System.nanoTime() - t0) / 1e9);
    }
    if (textRan && cfg.keyness().enabled()) {
      long t0 = System.nanoTime();
      spark.sparkContext().setJobGroup("write", "write keyness", false);
      NlpSteps.KeynessRows k = NlpSteps.keyness(enriched, cfg.keyness());
      OutputTables.KEYNESS.writePartition(
          k.rows().withColumn("run_id", lit(runId)).withColumn("batch_id", lit(batchId)), out, batchId, "group_type");
      k.release();
      seconds.put("write_keyness", (System.nanoTime() - t0) / 1e9);
    }
  }

  /** Writes {@code topics}, {@code topic_lineage} (fitted models), {@code doc_topics} and {@code topic_trends}. */
  private void writeTopics(TopicSteps.Outcome t, Dataset<Row> enriched, Dataset<Row> owned, String runId,
      Map<String, Double> seconds) {
    long t0 = System.nanoTime();
    spark.sparkContext().setJobGroup("write", "write topic tables", false);
    TopicSteps.write(spark, t, enriched.select(col("doc_id"), col("story_id"), col("outlet"),
            to_date(col("published_at")).as("dt")), enriched.select("doc_id", org.demarche.text.TextStages.TERMS),
        cfg.output().path(), runId, cfg.topics(), cfg.trends().evidence(), owned);
    seconds.put("write_topics", (System.nanoTime() - t0) / 1e9);
  }

  /**
   * The phase results the rebased ones were computed from: still referenced by plans built inside a phase (topic
   * tables, text caches), so released only at the end of the run.
   */
  private final List<Dataset<Row>> phaseCaches = new java.util.ArrayList<>();

  /** Whether this run computed text features (enabled, with accepted articles and a non-empty vocabulary). */
  private boolean textRan;

  /**
   * The same rows under a leaf plan (an existing RDD) of their own, persisted. Each phase builds on the previous
   * phase's cached result; without this, every query's plan nests the plans of all earlier phases, and Spark renders
   * the whole nest for its listeners on every SQL execution (even with the UI off; 459 million characters per write
   * query on the bundled sample, most of the write phase's time). The RDD lineage behind the leaf is kept, so a lost
   * executor's blocks are recomputed as usual.
   */
  static Dataset<Row> rebase(Dataset<Row> d) {
    return d.sparkSession().createDataFrame(d.javaRDD(), d.schema()).persist(StorageLevel.MEMORY_AND_DISK());
  }

  /** Runs one phase as a Spark job group, materialises its (persisted) result and records rows and seconds. */
  private Dataset<Row> phase(RunSummary summary, Map<String, Double> seconds, String name, String note,
      Supplier<Dataset<Row>> body) {
    return phase(summary, seconds, name, note, body, true);
  }

  /**
   * As {@link #phase(RunSummary, Map, String, String, Supplier)}; with {@code rebase} false the phase's result is
   * persisted as it is, not {@link #rebase rebased}. That is for a phase that adds one projection (a per-document stage)
   * to a rebased result: its plan is only one projection deeper, the next rebased phase cuts the nest again, and a
   * rebase would convert every row, with the nested arrays the phase adds, to Spark's external Row form and back
   * (about a tenth of the stance phase's time on the benchmark's 5,000 articles).
   */
  private Dataset<Row> phase(RunSummary summary, Map<String, Double> seconds, String name, String note,
      Supplier<Dataset<Row>> body, boolean rebase) {
    spark.sparkContext().setJobGroup(name, note, false);
    long t0 = System.nanoTime();
    Dataset<Row> computed = body.get();
    Dataset<Row> result = rebase ? rebase(computed) : computed.persist(StorageLevel.MEMORY_AND_DISK());
    long rows = result.count();
    phaseCaches.add(computed);
    double s = (System.nanoTime() - t0) / 1e9;
    seconds.put(name, s);
    summary.phase(name, rows, s, note);
    PROGRESS.info("{} {} rows in {} s, {}/s ({})", String.format("%-8s", name), rows, String.format("%.1f", s),
        s > 0 ? String.format("%.0f", rows / s) : "-", note);
    return result;
  }

  /** Applies the clean stages to every readable record; unreadable ones pass through untouched. */
  private Dataset<Row> clean(Dataset<Row> ingested) {
    List<PipelineStage> stages = CleanStages.stages(cfg.clean(), cfg.input().defaultTimezone());
    PipelineModel model = new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(ingested);
    Dataset<Row> cleaned = model.transform(ingested);
    for (String c : cleaned.columns()) {
      if (c.startsWith("_")) {
        cleaned = cleaned.drop(c);
      }
    }
    return cleaned; // CleanStages always adds lang and lang_confidence (null when clean.detect_language is off)
  }

  /** Sets {@code reject_reason}, {@code reject_detail} and {@code reject_phase}; null reason means accepted. */
  private Dataset<Row> validate(Dataset<Row> df) {
    JobConfig.InputConfig in = cfg.input();
    int minBody = cfg.clean().minBodyChars();
    Column bodyLen = coalesce(length(trim(col("body"))), lit(0));
    Column dt = to_date(col("published_at"));
    Column noDate = col("published_at").isNull();
    Column outOfRange = dt.lt(lit(Date.valueOf(in.minDate()))).or(dt.gt(lit(Date.valueOf(in.maxDate()))));
    List<String> langs = cfg.clean().languages();
    Column langRejected =
        langs.isEmpty() ? lit(false) : coalesce(col("lang").isin(langs.toArray()), lit(false)).equalTo(false);
    Column reason =
        when(col(ArticleSchema.READ_ERROR).isNotNull(), col(ArticleSchema.READ_ERROR))
            .when(bodyLen.lt(minBody), lit(RejectReason.EMPTY_BODY.code()))
            .when(noDate.and(col(ArticleSchema.PUBLISHED_RAW).isNull()).and(lit(in.requireDate())),
                lit(RejectReason.MISSING_DATE.code()))
            .when(noDate.and(lit(in.requireDate())), lit(RejectReason.UNPARSEABLE_DATE.code()))
            .when(outOfRange, lit(RejectReason.DATE_OUT_OF_RANGE.code()))
            .when(langRejected, lit(RejectReason.LANGUAGE_FILTERED.code()));
    Column detail =
        when(col(ArticleSchema.READ_ERROR).isNotNull(), col(ArticleSchema.READ_ERROR_DETAIL))
            .when(bodyLen.lt(minBody),
                concat(lit("body has "), bodyLen.cast("string"),
                    lit(" characters after cleaning; clean.min_body_chars is " + minBody)))
            .when(noDate.and(col(ArticleSchema.PUBLISHED_RAW).isNull()),
                lit("no date field among " + in.fields().date() + "; set input.fields.date or input.require_date=false"))
            .when(noDate, concat(lit("cannot parse date '"), col(ArticleSchema.PUBLISHED_RAW), lit("'")))
            .when(outOfRange,
                concat(lit("date "), dt.cast("string"),
                    lit(" is outside input.min_date " + in.minDate() + " .. input.max_date " + in.maxDate())))
            .when(langRejected,
                concat(lit("detected language "), coalesce(col("lang"), lit("unknown")),
                    lit(" is not in clean.languages " + langs)));
    return df.withColumn("reject_reason", reason)
        .withColumn("reject_detail", detail)
        .withColumn("reject_phase",
            when(col("reject_reason").isNull(), lit(null).cast("string"))
                .when(col(ArticleSchema.READ_ERROR).isNotNull(), lit("ingest"))
                .otherwise(lit("clean")));
  }

  private Dataset<Row> articleRows(Dataset<Row> articles, String runId) {
    return StanceSteps.withDocumentTone(articles)
        .withColumn("run_id", lit(runId))
        .withColumn("title", col("title_clean"))
        .withColumn("text", cfg.output().writeText() ? col("body") : lit(null).cast("string"))
        .withColumn("n_chars", length(col("body")))
        .withColumn("n_words", size(split(trim(col("body")), "\\s+")))
        .withColumn("dt", to_date(col("published_at")));
  }

  private Dataset<Row> rejectRows(Dataset<Row> rejected, String runId, String batchId) {
    int max = cfg.input().maxRejectPayloadChars();
    return rejected
        .withColumn("run_id", lit(runId))
        .withColumn("batch_id", lit(batchId))
        .withColumn("phase", col("reject_phase"))
        .withColumn("reason", col("reject_reason"))
        .withColumn("detail", col("reject_detail"))
        .withColumn("raw_payload", col(ArticleSchema.RAW))
        .withColumn("payload_bytes", col(ArticleSchema.RAW_BYTES))
        .withColumn("payload_truncated", coalesce(length(col(ArticleSchema.RAW)), lit(0)).geq(max)
            .and(col(ArticleSchema.RAW_BYTES).gt(max)));
  }

  /**
   * The input files this batch owns ({@code source_file}): the listed files, and the file names its records carry
   * (Parquet's reader may spell a path differently from the listing).
   */
  private Dataset<Row> batchFiles(List<InputFile> files, Dataset<Row> ingested) {
    List<Row> listed = files.stream().map(f -> RowFactory.create(f.path())).toList();
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
        .add("source_file", org.apache.spark.sql.types.DataTypes.StringType, false);
    List<Row> all = new java.util.ArrayList<>(listed);
    for (Row r : ingested.select("source_file").distinct().collectAsList()) {
      if (!r.isNullAt(0)) {
        all.add(r);
      }
    }
    return spark.createDataFrame(all.stream().distinct().toList(), schema);
  }

  /**
   * The doc_ids this batch owns, with their dates before and after (the periods whose trends it changes): its accepted
   * articles and the articles the output holds from its input files. Written
   * to {@code <output>/_staging/<run>/_owned_doc_ids} and read back, so the set stays fixed while the tables it keys are
   * replaced.
   */
  private Dataset<Row> ownedDocIds(Dataset<Row> articles, Dataset<Row> batchFiles, String runId) {
    String path = cfg.output().path() + "/" + KeyedReplace.STAGING + "/" + runId + "/_owned_doc_ids";
    OutputTables.ARTICLES.read(spark, cfg.output().path())
        .join(batchFiles, new String[] {"source_file"}, "left_semi")
        .select("doc_id", "dt")
        .unionByName(articles.select(col("doc_id"), to_date(col("published_at")).as("dt")))
        .distinct()
        .coalesce(1)
        .write()
        .mode(org.apache.spark.sql.SaveMode.Overwrite)
        .parquet(path);
    return spark.read().parquet(path);
  }

  /** Deterministic id of the input set: the same files (path, size, mtime) give the same batch. */
  static String batchId(List<InputFile> files) {
    StringBuilder sb = new StringBuilder();
    for (InputFile f : files) {
      sb.append(f.path()).append('\t').append(f.size()).append('\t').append(f.modified()).append('\n');
    }
    return "b_" + sha256(sb.toString()).substring(0, 16);
  }

  /** Deterministic run id: the same input, config and version give the same id, so a rerun replaces its rows. */
  private String runId(String batchId) {
    return "r_" + sha256(batchId + "\n" + new TreeMap<>(stringMap(resolvedConfig)) + "\n" + VersionProvider.version())
        .substring(0, 16);
  }

  private boolean exists(String path) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Built-in resources that shape the output, each with the SHA-256 (first 16 hex digits) of its bytes. */
  static final Map<String, String> RESOURCE_FILES = Map.of(
      "actor_dictionary", "org/demarche/actors/actors.tsv.gz",
      "actor_country_rule", "org/demarche/actors/country_rule.tsv",
      "issues", "org/demarche/stance/issues.yaml",
      "tone_lexicon", "org/demarche/stance/vader_lexicon.txt",
      "reporting_verbs", "org/demarche/stance/reporting_verbs.tsv",
      "cameo_verbs", "org/demarche/stance/events/CAMEO.2.0.txt",
      "cameo_goldstein", "org/demarche/stance/events/CAMEO.goldsteinscale.txt",
      "tone_model", "org/demarche/stance/model/targeted_tone/MANIFEST.txt");

  /** The {@code resources} column of {@code runs}: versions and hashes of the models, dictionaries and lexicons. */
  private Map<String, String> resources() {
    Map<String, String> r = new TreeMap<>();
    r.put("langdetect_model", "opennlp-models-langdetect 1.2.0 (langdetect-183.bin)");
    RESOURCE_FILES.forEach((name, path) -> {
      try (java.io.InputStream in = JobRunner.class.getClassLoader().getResourceAsStream(path)) {
        if (in != null) {
          byte[] h = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
          r.put(name, path + " sha256:" + HexFormat.of().formatHex(h).substring(0, 16));
        }
      } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
        r.put(name, path + " (unreadable: " + e.getMessage() + ")");
      }
    });
    userFile(r, "actor_dictionary_user", cfg.actors().dictionaryPath());
    userFile(r, "issues_user", cfg.stance().issuesFile());
    userFile(r, "cameo_verbs_user", cfg.stance().verbDictionary());
    if (cfg.stance().enabled()) {
      r.put("tone_model_used", cfg.stance().toneModel());
    }
    return r;
  }

  private static void userFile(Map<String, String> r, String name, String path) {
    if (path == null || path.isEmpty()) {
      return;
    }
    try {
      byte[] bytes = java.nio.file.Files.readAllBytes(java.nio.file.Paths.get(path.replaceFirst("^file:(//)?", "")));
      r.put(name, path + " sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
          .substring(0, 16));
    } catch (java.io.IOException | java.security.NoSuchAlgorithmException | RuntimeException e) {
      r.put(name, path);
    }
  }

  static Map<String, String> stringMap(Map<String, Object> m) {
    Map<String, String> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }

  private static <K, V> scala.collection.Map<K, V> scalaMap(Map<K, V> m) {
    return org.demarche.ml.ScalaInterop.map(m);
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
