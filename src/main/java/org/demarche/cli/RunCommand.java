package org.demarche.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.demarche.config.ConfigKeys;
import org.demarche.config.ConfigLoader;
import org.demarche.config.JobConfig;
import org.demarche.ingest.InputFiles;
import org.demarche.pipeline.JobRunner;
import org.demarche.pipeline.RunSummary;
import org.demarche.pipeline.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code demarche run}: the whole job, from input files to Parquet tables. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole job: ingest, clean, dedupe and write the Parquet tables.",
      "Precedence of settings: these options and --set, then --config FILE, then the defaults (docs/config.md)."
    })
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-i", "--input"}, paramLabel = "PATH",
      description = "File, folder or glob to read; repeatable. Default: data/sample")
  List<String> inputs;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
      description = "auto (by extension, default), jsonl, csv, parquet or text")
  String format;

  @Mixin SharedOptions.RunOutput output;

  @Mixin SharedOptions.Config config;

  @Option(names = {"--topic-model"}, paramLabel = "DIR",
      description = "Apply this saved topic model (<output>/models/topics/<model_id>). Default: the output folder's "
          + "newest model, or a fit when it holds none")
  String topicModel;

  @Option(names = {"--refit-topics"},
      description = "Fit a new topic model on this batch even when the output folder holds one (topics.refit)")
  Boolean refitTopics;

  @Mixin SharedOptions.Master master;

  @Override
  public Integer call() {
    ConfigLoader loader =
        config.loader()
            .option(ConfigKeys.INPUT_PATHS, inputs)
            .option(ConfigKeys.INPUT_FORMAT, format == null ? null : ConfigLoader.choice(ConfigKeys.INPUT_FORMAT, format))
            .option(ConfigKeys.OUTPUT_PATH, output.get())
            .option(ConfigKeys.TOPICS_MODEL, topicModel)
            .option(ConfigKeys.TOPICS_REFIT, refitTopics);
    JobConfig cfg = loader.build(master.get());
    checkLocalInputs(cfg);
    org.demarche.pipeline.JobRunner.checkActorDictionary(cfg);
    org.demarche.pipeline.StanceSteps.check(cfg.stance());
    checkLocalTopicModel(cfg);
    SparkSession spark = Sessions.create(cfg);
    RunSummary summary = new JobRunner(spark, cfg, loader.resolved()).run();
    spec.commandLine().getOut().println(summary.render());
    String log = System.getProperty("demarche.log.file");
    if (log != null && !log.isBlank() && !log.equals("/dev/null")) {
      spec.commandLine().getOut().println("  log: " + log);
    }
    return 0;
  }

  /** Whether a path is a URI with a scheme ({@code s3a://}, {@code hdfs://}, {@code file://}). */
  static boolean isUri(String p) {
    return p.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
  }

  /**
   * Fails fast, before Spark starts, when a local {@code out} has no {@code articles} table: the phases that work on
   * an earlier run's output ({@code trends}, {@code topics}) need one. A URI is checked by the phase itself.
   */
  static void requireArticles(String out) {
    if (!isUri(out) && !java.nio.file.Files.isDirectory(java.nio.file.Paths.get(out).resolve("articles"))) {
      throw new org.demarche.config.ConfigException("--output " + out + ": no `articles` table there; fix: give the "
          + "output folder of an earlier `demarche run`");
    }
  }

  /** Fails fast, before Spark starts, when a local {@code topics.model} folder has no model descriptor. */
  static void checkLocalTopicModel(JobConfig cfg) {
    String m = cfg.topics().model();
    if (!m.isEmpty() && (!m.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || m.startsWith("file:"))) {
      java.nio.file.Path p = java.nio.file.Paths.get(m.replaceFirst("^file:(//)?", ""));
      if (!java.nio.file.Files.isRegularFile(p.resolve(org.demarche.pipeline.TopicSteps.DESCRIPTOR))) {
        throw new org.demarche.config.ConfigException("--topic-model " + m + ": no "
            + org.demarche.pipeline.TopicSteps.DESCRIPTOR + " in that folder; give a folder under "
            + "<output>/models/topics/ written by a demarche run");
      }
    }
  }

  /** Fails fast, before Spark starts, when a local input path matches nothing. */
  private static void checkLocalInputs(JobConfig cfg) {
    List<String> local =
        cfg.input().paths().stream().filter(p -> !p.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || p.startsWith("file:"))
            .toList();
    if (!local.isEmpty()) {
      InputFiles.expand(local, cfg.input().format(), new org.apache.hadoop.conf.Configuration());
    }
  }
}
