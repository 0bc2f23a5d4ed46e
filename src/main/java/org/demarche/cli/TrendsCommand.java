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
import org.demarche.trends.TrendRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demarche trends}: recompute the trend and alert tables of an output folder, without re-running NLP. */
@Command(
    name = "trends",
    mixinStandardHelpOptions = true,
    description = {
      "Recompute actor_trends, dyad_trends, issue_trends, outlet_trends and alerts from the fact tables already in",
      "an output folder (articles, actor_mentions, stance, events). Cheap: no NLP runs. Change trends.grains,",
      "trends.evidence or alerts.* with --set."
    })
public final class TrendsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output folder of a demarche run. Default: out")
  String output;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "YAML config file")
  Path config;

  @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
      description = "Override one config key, e.g. --set trends.grains=month; repeatable")
  Map<String, String> sets = new LinkedHashMap<>();

  @Option(names = {"-m", "--master"}, paramLabel = "URL",
      description = "Spark master. Default: local[*], or whatever spark-submit gives")
  String master;

  @Override
  public Integer call() {
    ConfigLoader loader = new ConfigLoader().file(config).sets(sets).option(ConfigKeys.OUTPUT_PATH, output);
    JobConfig cfg = loader.build(master);
    String out = cfg.output().path();
    RunCommand.requireArticles(out);
    SparkSession spark = Sessions.create(cfg);
    TrendRunner.Result r;
    try (org.demarche.output.OutputFolder lock = org.demarche.output.OutputFolder.lock(out, "trends",
        spark.sparkContext().hadoopConfiguration())) {
      r = TrendRunner.run(spark, out, cfg.trends());
    }
    r.rows().forEach((t, n) -> spec.commandLine().getOut().printf("%-14s %,10d rows%n", t, n));
    spec.commandLine().getOut().printf("trends: %.1f s, written under %s%n", r.seconds(), out);
    return 0;
  }
}
