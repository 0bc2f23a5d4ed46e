package org.demarche.trends;

import static org.apache.spark.sql.functions.col;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.demarche.config.ConfigException;
import org.demarche.config.JobConfig;
import org.demarche.output.OutputTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes the trend and alert tables from the fact tables already in an output folder ({@code articles},
 * {@code actor_mentions}, {@code stance}, {@code events}), without re-running any NLP: the last phase of
 * {@code demarche run}, and all of {@code demarche trends}. A missing fact table (stance turned off, say) counts as
 * empty. The trend tables are replaced as a whole, so the same facts always give the same tables.
 */
public final class TrendRunner {
  private static final Logger LOG = LoggerFactory.getLogger(TrendRunner.class);

  /** Rows written per table and the seconds taken. */
  public record Result(Map<String, Long> rows, double seconds) {}

  private TrendRunner() {}

  private static void timed(String table, Runnable write) {
    long t0 = System.nanoTime();
    write.run();
    LOG.info("trends: {} in {} s", table, String.format("%.1f", (System.nanoTime() - t0) / 1e9));
  }

  public static Result run(SparkSession spark, String out, JobConfig.TrendsConfig cfg) {
    long t0 = System.nanoTime();
    if (!OutputTables.exists(spark, OutputTables.ARTICLES.path(out))) {
      throw new ConfigException("trends: no `articles` table under " + out
          + "; fix: give the --output folder of an earlier `demarche run`");
    }
    spark.sparkContext().setJobGroup("trends", "trend and alert tables", false);
    Dataset<Row> articles = OutputTables.ARTICLES.read(spark, out)
        .select("doc_id", "story_id", "outlet", "dt", "tone").where(col("dt").isNotNull())
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> mentions = OutputTables.ACTOR_MENTIONS.read(spark, out)
        .select("doc_id", "actor_id", "actor_name");
    Dataset<Row> stance = OutputTables.STANCE.read(spark, out).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> events = OutputTables.EVENTS.read(spark, out);
    TrendSteps.Options o = new TrendSteps.Options(cfg.grains(), cfg.evidence());
    Map<String, Long> rows = new LinkedHashMap<>();
    try {
      Dataset<Row> actorTrends = TrendSteps.actorTrends(articles, mentions, stance, o)
          .persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> dyadTrends = TrendSteps.dyadTrends(articles, stance, events, o)
          .persist(StorageLevel.MEMORY_AND_DISK());
      timed("actor_trends", () -> OutputTables.ACTOR_TRENDS.replaceAll(actorTrends, out, "period_start", "outlet",
          "actor_id"));
      timed("dyad_trends", () -> OutputTables.DYAD_TRENDS.replaceAll(dyadTrends, out, "period_start", "outlet",
          "level", "source", "target"));
      timed("issue_trends", () -> OutputTables.ISSUE_TRENDS.replaceAll(TrendSteps.issueTrends(articles, stance, o),
          out, "period_start", "outlet", "level", "source", "issue_id"));
      timed("outlet_trends", () -> OutputTables.OUTLET_TRENDS.replaceAll(TrendSteps.outletTrends(articles, o), out,
          "period_start", "outlet"));
      Alerts.Rule rule = new Alerts.Rule(cfg.baselinePeriods(), cfg.minBaselinePeriods(), cfg.zThreshold(),
          cfg.minCount());
      timed("alerts", () -> OutputTables.ALERTS.replaceAll(Alerts.alerts(actorTrends, dyadTrends, rule), out,
          "period_start", "entity", "level", "key", "metric"));
      // a Parquet count reads only the footers
      for (OutputTables t : List.of(OutputTables.ACTOR_TRENDS, OutputTables.DYAD_TRENDS, OutputTables.ISSUE_TRENDS,
          OutputTables.OUTLET_TRENDS, OutputTables.ALERTS)) {
        rows.put(t.table(), spark.read().parquet(t.path(out)).count());
      }
      actorTrends.unpersist();
      dyadTrends.unpersist();
    } finally {
      stance.unpersist();
      articles.unpersist();
    }
    double s = (System.nanoTime() - t0) / 1e9;
    LOG.info("trends: {} in {} s", rows, String.format("%.1f", s));
    return new Result(rows, s);
  }
}
