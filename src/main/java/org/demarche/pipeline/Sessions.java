package org.demarche.pipeline;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.demarche.config.JobConfig;
import org.demarche.output.NioLocalFileSystem;

/** Builds the SparkSession for a run; the settings every demarche run relies on are forced here. */
public final class Sessions {
  private Sessions() {}

  public static SparkSession create(JobConfig cfg) {
    SparkConf conf = new SparkConf(true);
    String master = cfg.spark().master();
    if (master != null && !master.isBlank()) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    boolean local = conf.get("spark.master").startsWith("local");
    if (local) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.ui.enabled", "false");
      int cores = Runtime.getRuntime().availableProcessors();
      if (!conf.contains("spark.sql.shuffle.partitions")) {
        conf.set("spark.sql.shuffle.partitions", String.valueOf(Math.max(4, 2 * cores)));
        conf.set(AUTO_SHUFFLE_PARTITIONS, "true"); // the run sizes them by its input (sizeShufflePartitions)
      }
    }
    conf.setIfMissing("spark.app.name", "demarche");
    // file: paths without a forked chmod per file and directory (NioLocalFileSystem), unless the user chose a class
    conf.setIfMissing("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName());
    if (conf.get("spark.hadoop.fs.file.impl").equals(NioLocalFileSystem.class.getName())) {
      NioLocalFileSystem.dropCachedLocal();
    }
    conf.setIfMissing("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
    // Spark's stage progress bar only on a terminal: written to a file or a pipe it is a stream of carriage returns
    // between the phase lines
    conf.setIfMissing("spark.ui.showConsoleProgress", String.valueOf(System.console() != null));
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    configure(spark, cfg);
    return spark;
  }

  /** Set on a local session whose shuffle partitions we chose (no {@code spark.sql.shuffle.partitions} given). */
  static final String AUTO_SHUFFLE_PARTITIONS = "spark.demarche.shufflePartitions.auto";

  /**
   * On a local session whose shuffle partitions we chose, and with {@code spark.shuffle_partitions = 0}: one per
   * 16 MiB of input, at least one and at most two per core. A small batch then runs as many shuffle tasks as cores,
   * not more (each costs scheduling, and on the bundled sample that was a fifth of the run).
   */
  static void sizeShufflePartitions(SparkSession spark, JobConfig cfg, long inputBytes) {
    if (cfg.spark().shufflePartitions() > 0
        || !spark.sparkContext().getConf().getBoolean(AUTO_SHUFFLE_PARTITIONS, false)) {
      return;
    }
    int cores = spark.sparkContext().defaultParallelism();
    spark.conf().set("spark.sql.shuffle.partitions",
        String.valueOf(org.demarche.ingest.CorpusIngest.partitionsFor(inputBytes, 16L << 20, cores, 2 * cores)));
  }

  /** Session settings the writers depend on (also applied to a session a test or notebook hands us). */
  public static void configure(SparkSession spark, JobConfig cfg) {
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    spark.conf().set("spark.sql.sources.partitionOverwriteMode", "dynamic");
    spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    spark.conf().set("spark.sql.parquet.compression.codec", cfg.output().compression().equals("none")
        ? "uncompressed" : cfg.output().compression());
    // Every SQL execution renders its plan for the listeners, even with the UI off. The NLP datasets are cached in
    // layers (clean, actors, text, topics), and each cached relation prints its whole source plan, so the text of a
    // plan that reads them several times grows very large (it ran a test JVM out of heap). Cap it; the plans
    // themselves are unaffected. A value set by the user on the session wins.
    String planLimit = spark.conf().get("spark.sql.maxPlanStringLength");
    if (planLimit.isEmpty() || planLimit.replaceAll("[^0-9]", "").equals(String.valueOf(Integer.MAX_VALUE - 15))) {
      spark.conf().set("spark.sql.maxPlanStringLength", "100000");
    }
    if (cfg.spark().shufflePartitions() > 0) {
      spark.conf().set("spark.sql.shuffle.partitions", String.valueOf(cfg.spark().shufflePartitions()));
    }
    // Reading a stored table lists its date folders; above 32 folders Spark lists them in a job of one task per folder
    // (up to 10,000). An output folder of a few years holds thousands of dates per table, and an increment reads
    // several tables: 4 tasks per core list them as fast, without thousands of task launches (unless set).
    String listing = "spark.sql.sources.parallelPartitionDiscovery.parallelism";
    if (!spark.sparkContext().getConf().contains(listing)) {
      spark.conf().set(listing, String.valueOf(Math.max(8, 4 * spark.sparkContext().defaultParallelism())));
    }
  }
}
