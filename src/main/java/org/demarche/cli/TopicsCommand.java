package org.demarche.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.demarche.config.ConfigKeys;
import org.demarche.config.ConfigLoader;
import org.demarche.config.JobConfig;
import org.demarche.pipeline.Sessions;
import org.demarche.pipeline.TopicRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demarche topics}: refit (or re-score) the topic model on the articles of an output folder, without NLP. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = {
      "Refit the topic model on the articles already in an output folder and rewrite topics, topic_lineage,",
      "doc_topics and topic_trends, without re-running ingest, clean, dedupe, actors or stance. The articles are",
      "re-tokenized with the text stages saved with the newest model, topic ids stay stable (aligned to that model).",
      "Change topics.k, topics.engine, topics.trend_grains, ... with --set; --topic-model DIR scores with a saved",
      "model instead of fitting one."
    })
public final class TopicsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output folder of a demarche run. Default: out")
  String output;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "YAML config file")
  Path config;

  @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
      description = "Override one config key, e.g. --set topics.k=30; repeatable")
  Map<String, String> sets = new LinkedHashMap<>();

  @Option(names = {"--topic-model"}, paramLabel = "DIR",
      description = "Score with this saved topic model (<output>/models/topics/<model_id>) instead of refitting")
  String topicModel;

  @Option(names = {"-m", "--master"}, paramLabel = "URL",
      description = "Spark master. Default: local[*], or whatever spark-submit gives")
  String master;

  @Override
  public Integer call() {
    ConfigLoader loader = new ConfigLoader().file(config).sets(sets).option(ConfigKeys.OUTPUT_PATH, output)
        .option(ConfigKeys.TOPICS_MODEL, topicModel);
    JobConfig cfg = loader.build(master);
    String out = cfg.output().path();
    RunCommand.requireArticles(out);
    RunCommand.checkLocalTopicModel(cfg);
    SparkSession spark = Sessions.create(cfg);
    TopicRunner.Result r;
    try (org.demarche.output.OutputFolder lock = org.demarche.output.OutputFolder.lock(cfg.output().path(),
        "topics", spark.sparkContext().hadoopConfiguration())) {
      r = TopicRunner.run(spark, cfg, loader.resolved());
    }
    var w = spec.commandLine().getOut();
    w.printf("demarche topics %s: model %s %s on %,d documents%n", r.runId(), r.modelId(),
        r.fitted() ? "fitted" : "applied", r.documents());
    w.printf("  text stages   %s%n", r.textFrom());
    if (r.fitted()) {
      w.printf("  aligned to    %s %s%n", r.previousModelId() == null ? "(none)" : r.previousModelId(), r.lineage());
    }
    r.rows().forEach((t, n) -> w.printf("  %-14s %,10d rows%n", t, n));
    w.printf("topics: %.1f s, model %s, tables under %s%n", r.seconds(), r.modelPath(), out);
    return 0;
  }
}
