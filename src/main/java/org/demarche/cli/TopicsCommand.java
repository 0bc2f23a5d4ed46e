package org.demarche.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.demarche.config.ConfigKeys;
import org.demarche.config.ConfigLoader;
import org.demarche.config.JobConfig;
import org.demarche.pipeline.Sessions;
import org.demarche.pipeline.TopicRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Mixin SharedOptions.RunOutput output;

  @Mixin SharedOptions.Config config;

  @Option(names = {"--topic-model"}, paramLabel = "DIR",
      description = "Score with this saved topic model (<output>/models/topics/<model_id>) instead of refitting")
  String topicModel;

  @Mixin SharedOptions.Master master;

  @Override
  public Integer call() {
    ConfigLoader loader = config.loader().option(ConfigKeys.OUTPUT_PATH, output.get())
        .option(ConfigKeys.TOPICS_MODEL, topicModel);
    JobConfig cfg = loader.build(master.get());
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
