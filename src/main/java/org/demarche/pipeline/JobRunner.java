package org.demarche.pipeline;


import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.demarche.actors.ActorDictionary;
import org.demarche.actors.ActorDictionaryException;
import org.demarche.cli.VersionProvider;
import org.demarche.config.ConfigException;
import org.demarche.config.JobConfig;
import org.demarche.ingest.CorpusIngest;
import org.demarche.ingest.InputFiles.InputFile;
import org.demarche.ml.ScalaInterop;
import org.demarche.output.KeyedReplace;
import org.demarche.output.OutputFolder;
import org.demarche.output.OutputTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job: the {@link Plan} the config asks for (ingest, clean, dedupe, actors, stance, text, topics, write,
 * keyness, trends), each {@link Phase} as a Spark job group whose rows and seconds are logged and recorded; then the
 * run reconciles records read = accepted + rejected and writes its row into {@code runs}.
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
    Sessions.sizeShufflePartitions(spark, cfg, CorpusIngest.estimatedBytes(files));
    String batchId = batchId(files);
    String runId = runId(batchId);
    org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    OutputFolder.checkNoOverlap(cfg.input().paths(), out, hadoop);
    JobStats stats = JobStats.register(spark);
    try (OutputFolder lock = OutputFolder.lock(out, runId, hadoop)) {
      return run(started, out, files, batchId, runId);
    } finally {
      stats.unregister(spark);
      stats.groups().forEach((g, s) -> LOG.info("spark work of {}: {} jobs, {} stages, {} tasks, {} s in jobs, {} s in "
          + "stages, tasks ran {} s, deserialised {} s", g, s.jobs(), s.stages(), s.tasks(),
          String.format("%.1f", s.seconds()), String.format("%.1f", s.stageSeconds()),
          String.format("%.1f", s.runSeconds()), String.format("%.1f", s.deserializeSeconds())));
      stats.spreads().forEach((g, sp) -> LOG.info("task spread of {}: {} ({} tasks): median {} s, max {} s, "
          + "max/median {}", g, sp.stage(), sp.tasks(), String.format("%.2f", sp.medianMs() / 1000.0),
          String.format("%.2f", sp.maxMs() / 1000.0), String.format("%.1f", sp.ratio())));
      stats.topQueries(40).forEach((site, s) -> LOG.info("  query: {} jobs, {} s: {}", s.jobs(),
          String.format("%.2f", s.seconds()), site));
    }
  }

  /** The run itself, holding the output folder's lock: the plan's phases in a loop, then the run's record. */
  private RunSummary run(Instant started, String out, List<InputFile> files, String batchId, String runId) {
    RunSummary summary = new RunSummary(runId, out);
    if (!spark.sparkContext().isLocal() && spark.sparkContext().getCheckpointDir().isEmpty()) {
      // iterative fits checkpoint to shared storage, so losing an executor does not lose their state
      spark.sparkContext().setCheckpointDir(out + "/" + KeyedReplace.STAGING + "/" + runId + "/checkpoints");
    }
    LOG.info("run {}: {} input files {}, output {}", runId, files.size(), CorpusIngest.formats(files), out);
    KeyedReplace.recover(spark, out);
    JobConfig effective = withSavedTopicModel(out, runId);
    RunState state = new RunState(spark, effective, out, runId, batchId, files, summary);
    Plan plan = Plan.of(effective);
    LOG.info("plan: {}", plan.names());
    try {
      for (Phase p : plan.phases()) {
        runPhase(p, state);
      }
      return finish(state, started);
    } finally {
      state.releaseCaches();
    }
  }

  /**
   * The config with {@code topics.model} set to the output folder's newest saved model when the run would otherwise
   * fit one ({@code topics.model} empty, {@code topics.refit} false, and the model not fitted by this same run), so
   * every batch fed into the folder shares its topics and ids.
   */
  private JobConfig withSavedTopicModel(String out, String runId) {
    JobConfig.TopicsConfig t = cfg.topics();
    if (!t.enabled() || !cfg.text().enabled() || !t.model().isEmpty() || t.refit()) {
      return cfg;
    }
    String saved = TopicSteps.modelToApply(spark, out, runId);
    if (saved == null) {
      return cfg;
    }
    LOG.info("topics: applying the saved model {} (topics.refit=true fits a new one on this batch)", saved);
    return cfg.withTopics(t.withModel(saved));
  }

  /** Runs one phase as a Spark job group; records its rows and seconds, or why it was skipped. */
  private void runPhase(Phase p, RunState s) {
    java.util.Optional<String> skip = p.skipReason(s);
    if (skip.isPresent()) {
      LOG.warn("{}: skipped: {}", p.name(), skip.get());
      s.summary.count(p.name() + "_skipped", 1); // in runs.counts: the run says which phases it skipped
      return;
    }
    spark.sparkContext().setJobGroup(p.name(), p.description(s), false);
    long t0 = System.nanoTime();
    Phase.Outcome o = p.run(s);
    double sec = (System.nanoTime() - t0) / 1e9;
    s.seconds.put(p.name(), sec);
    s.summary.phase(p.name(), o.rows(), sec, o.note());
    PROGRESS.info("{} {} rows in {} s, {}/s ({})", String.format("%-8s", p.name()), o.rows(),
        String.format("%.1f", sec), sec > 0 ? String.format("%.0f", o.rows() / sec) : "-", o.note());
  }

  /** Reconciles the counts, writes the run's row into {@code runs} and removes the run's staging. */
  private RunSummary finish(RunState s, Instant started) {
    RunSummary summary = s.summary;
    String out = s.out;
    long read = s.read;
    long accepted = s.accepted;
    long rejected = s.rejected;
    Row stats = s.articleStats;
    summary.count("accepted", accepted);
    summary.count("rejected", rejected);
    summary.count("n_articles", accepted);
    summary.count("n_stories", stats.getLong(1));
    summary.count("n_outlets", stats.getLong(2));
    boolean reconciled = read == accepted + rejected;
    LOG.info("reconcile: read {} = accepted {} + rejected {} : {}; rejects {}", read, accepted, rejected,
        reconciled ? "ok" : "MISMATCH", s.rejectsByReason);
    Row runRow =
        RowFactory.create(
            s.batchId, Timestamp.from(started), Timestamp.from(Instant.now()), VersionProvider.version(),
            spark.version(), spark.sparkContext().master(),
            ScalaInterop.seq(cfg.input().paths()), s.files.size(),
            s.files.stream().mapToLong(InputFile::size).sum(), read, accepted, rejected, reconciled,
            scalaMap(s.rejectsByReason), accepted, stats.getLong(1), stats.getLong(2),
            stats.isNullAt(3) ? null : (Date) stats.get(3), stats.isNullAt(4) ? null : (Date) stats.get(4),
            scalaMap(s.seconds), scalaMap(runConfig(s.cfg)), scalaMap(resources()), s.runId);
    Dataset<Row> runs = spark.createDataFrame(List.of(runRow), OutputTables.RUNS.schema());
    OutputTables.RUNS.writePartition(runs, out, s.runId, "run_id");
    summary.tables(java.util.Arrays.stream(OutputTables.values()).filter(t -> exists(t.path(out)))
        .map(OutputTables::table).toList());
    KeyedReplace.discard(spark, out, s.runId);
    if (!reconciled) {
      throw new IllegalStateException(String.format(
          "reconciliation failed: read %d != accepted %d + rejected %d; see the runs table, run_id %s",
          read, accepted, rejected, s.runId));
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

  /** The resolved config as recorded in {@code runs.config}, with the topic model the run actually applied. */
  private Map<String, String> runConfig(JobConfig used) {
    Map<String, String> m = stringMap(resolvedConfig);
    if (!used.topics().model().equals(cfg.topics().model())) {
      m.put("topics.model", used.topics().model());
    }
    return m;
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
