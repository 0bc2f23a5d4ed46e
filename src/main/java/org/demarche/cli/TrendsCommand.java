package org.demarche.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.demarche.config.ConfigKeys;
import org.demarche.config.ConfigLoader;
import org.demarche.config.JobConfig;
import org.demarche.pipeline.Sessions;
import org.demarche.trends.TrendRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

  @Mixin SharedOptions.RunOutput output;

  @Mixin SharedOptions.Config config;

  @Mixin SharedOptions.Master master;

  @Override
  public Integer call() {
    ConfigLoader loader = config.loader().option(ConfigKeys.OUTPUT_PATH, output.get());
    JobConfig cfg = loader.build(master.get());
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
