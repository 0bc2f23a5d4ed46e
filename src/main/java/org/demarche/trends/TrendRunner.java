package org.demarche.trends;

import static org.apache.spark.sql.functions.col;

import java.sql.Date;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
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
 * empty. After a batch only the periods it touched are recomputed; {@code demarche trends} recomputes the whole
 * history. Either way the same facts give the same rows.
 */
public final class TrendRunner {
  private static final Logger LOG = LoggerFactory.getLogger(TrendRunner.class);

  /** Rows written per table and the seconds taken. */
  public record Result(Map<String, Long> rows, double seconds) {}

  private TrendRunner() {}

  private static void timed(String table, Runnable write) {
    long t0 = System.nanoTime();
    org.apache.spark.SparkContext sc = SparkSession.active().sparkContext();
    sc.setJobGroup("trends." + table, "trend table " + table, false);
    write.run();
    sc.setJobGroup("trends", "trend and alert tables", false);
    LOG.info("trends: {} in {} s", table, String.format("%.1f", (System.nanoTime() - t0) / 1e9));
  }

  /** Recomputes every trend table over the whole history ({@code demarche trends}). */
  public static Result run(SparkSession spark, String out, JobConfig.TrendsConfig cfg) {
    return run(spark, out, cfg, null, "trends");
  }

  /**
   * Brings the trend tables up to date after a batch. {@code touchedDates} ({@code dt}): the dates whose articles the
   * batch added, changed or removed; only the periods holding them (at every grain) are recomputed, from all the
   * facts of those periods, and every other trend row stays as written. Every roll-up is within one period, so this
   * gives the same rows as a full recomputation. Alerts are recomputed from the updated trend tables (their baselines
   * span periods). With {@code touchedDates} null, or when the stored trend tables are missing, were made with
   * other grains or lack columns of this version, everything is recomputed.
   */
  public static Result run(SparkSession spark, String out, JobConfig.TrendsConfig cfg, Dataset<Row> touchedDates,
      String runId) {
    return run(spark, out, cfg, touchedDates, runId, 0);
  }

  /**
   * As {@link #run(SparkSession, String, JobConfig.TrendsConfig, Dataset, String)}; {@code threadSpanDays}
   * ({@code threads.max_span_days}) bounds how far before a touched date a touched thread can start, so that only
   * the framing rows of the threads that started in that reach are recomputed.
   */
  public static Result run(SparkSession spark, String out, JobConfig.TrendsConfig cfg, Dataset<Row> touchedDates,
      String runId, int threadSpanDays) {
    long t0 = System.nanoTime();
    if (!OutputTables.exists(spark, OutputTables.ARTICLES.path(out))) {
      throw new ConfigException("trends: no `articles` table under " + out
          + "; fix: give the --output folder of an earlier `demarche run`");
    }
    spark.sparkContext().setJobGroup("trends", "trend and alert tables", false);
    List<Row> periods = null;
    if (touchedDates != null && canUpdate(spark, out, cfg.grains())) {
      periods = touchedPeriods(touchedDates, cfg.grains());
    } else if (touchedDates != null) {
      LOG.info("trends: recomputed over the whole history (stored trend tables missing, made with other grains or of an older schema)");
    }
    Map<String, Long> rows = new LinkedHashMap<>();
    if (periods != null && periods.isEmpty()) {
      countRows(spark, out, rows);
      return new Result(rows, (System.nanoTime() - t0) / 1e9);
    }
    Dataset<Row> articles = OutputTables.ARTICLES.read(spark, out);
    Dataset<Row> mentions = OutputTables.ACTOR_MENTIONS.read(spark, out);
    Dataset<Row> stance = OutputTables.STANCE.read(spark, out);
    Dataset<Row> events = OutputTables.EVENTS.read(spark, out);
    Dataset<Row> scope = null;
    if (periods != null) {
      // the facts of every month a touched period overlaps (partition pruning on dt), then only touched periods kept
      Object[] months = monthsCovering(periods).toArray();
      Column inScope = functions.trunc(col("dt"), "month").isin(months);
      articles = articles.where(inScope);
      mentions = mentions.where(inScope);
      stance = stance.where(inScope);
      events = events.where(inScope);
      scope = functions.broadcast(spark.createDataFrame(periods, PERIODS));
      LOG.info("trends: {} touched periods in {} months recomputed", periods.size(), months.length);
    }
    articles = articles.select("doc_id", "story_id", "outlet", "dt", "tone").where(col("dt").isNotNull())
        .persist(StorageLevel.MEMORY_AND_DISK());
    mentions = mentions.select("doc_id", "actor_id", "actor_name");
    stance = stance.persist(StorageLevel.MEMORY_AND_DISK());
    TrendSteps.Options o = new TrendSteps.Options(cfg.grains(), cfg.evidence());
    try {
      Dataset<Row> actorTrends = only(TrendSteps.actorTrends(articles, mentions, stance, o), scope)
          .persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> dyadTrends = only(TrendSteps.dyadTrends(articles, stance, events, o), scope)
          .persist(StorageLevel.MEMORY_AND_DISK());
      write(OutputTables.ACTOR_TRENDS, actorTrends, scope, out, runId, "period_start", "outlet", "actor_id");
      write(OutputTables.DYAD_TRENDS, dyadTrends, scope, out, runId, "period_start", "outlet", "level", "source",
          "target");
      write(OutputTables.ISSUE_TRENDS, only(TrendSteps.issueTrends(articles, stance, o), scope), scope, out, runId,
          "period_start", "outlet", "level", "source", "issue_id");
      write(OutputTables.OUTLET_TRENDS, only(TrendSteps.outletTrends(articles, o), scope), scope, out, runId,
          "period_start", "outlet");
      Alerts.Rule rule = new Alerts.Rule(cfg.baselinePeriods(), cfg.minBaselinePeriods(), cfg.zThreshold(),
          cfg.minCount());
      // alerts need each series' baseline periods: from the full (updated) trend tables
      Dataset<Row> actorSeries = scope == null ? actorTrends : OutputTables.ACTOR_TRENDS.read(spark, out);
      Dataset<Row> dyadSeries = scope == null ? dyadTrends : OutputTables.DYAD_TRENDS.read(spark, out);
      timed("alerts", () -> OutputTables.ALERTS.replaceAll(Alerts.alerts(actorSeries, dyadSeries, rule), out,
          runId, "period_start", "entity", "level", "key", "metric"));
      if (!cfg.framingGrains().isEmpty()) {
        List<Row> framingScope = periods == null ? null : framingPeriods(spark, out, cfg, touchedDates, threadSpanDays);
        if (framingScope == null) {
          framing(spark, out, cfg, runId);
        } else if (!framingScope.isEmpty()) {
          framing(spark, out, cfg, runId, framingScope, threadSpanDays);
        }
      }
      countRows(spark, out, rows);
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

  /**
   * The framing tables ({@link Framing}), recomputed from all the articles, stance and events in the folder (a
   * thread's rows can change with any batch that adds to it).
   */
  private static void framing(SparkSession spark, String out, JobConfig.TrendsConfig cfg, String runId) {
    Dataset<Row> articles = OutputTables.ARTICLES.read(spark, out)
        .select("doc_id", "story_id", "outlet", "dt", "thread_id", "outlet_attributes");
    Framing.Options o = new Framing.Options(cfg.framingGroups(), cfg.framingGrains(), cfg.framingMinUnits(),
        cfg.evidence(), cfg.framingVoice());
    Dataset<Row> framing = Framing.framing(articles, OutputTables.STANCE.read(spark, out),
        OutputTables.EVENTS.read(spark, out), o).withColumn("run_id", functions.lit(runId))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      timed("framing", () -> OutputTables.FRAMING.replaceAll(framing, out, runId, "period_start", "group_key",
          "group_value", "target_type", "target_id", "thread_id"));
      timed("framing_divergence", () -> OutputTables.FRAMING_DIVERGENCE.replaceAll(
          Framing.divergence(OutputTables.FRAMING.read(spark, out)).withColumn("run_id", functions.lit(runId)), out,
          runId, "period_start", "group_key",
          "target_type", "target_id", "thread_id", "group_a", "group_b"));
    } finally {
      framing.unpersist();
    }
  }

  /**
   * The framing periods a batch touched: for each period grain of {@code framing.grains}, the periods of the touched
   * dates; for {@code thread}, every day from {@code threadSpanDays} before a touched date to that date (a thread
   * with an article on a touched date, before or after the batch, started within that reach). Null when the stored
   * framing tables cannot be updated in place (missing, or holding groups or grains this config does not have): then
   * all is recomputed. (After changing other framing settings, `demarche trends` recomputes the whole history.)
   */
  static List<Row> framingPeriods(SparkSession spark, String out, JobConfig.TrendsConfig cfg,
      Dataset<Row> touchedDates, int threadSpanDays) {
    if (!OutputTables.exists(spark, OutputTables.FRAMING.path(out))
        || !OutputTables.exists(spark, OutputTables.FRAMING_DIVERGENCE.path(out))) {
      return null;
    }
    Set<String> keys = new TreeSet<>();
    Set<String> grains = new TreeSet<>();
    for (Row r : OutputTables.FRAMING.read(spark, out).select("group_key", "grain").distinct().collectAsList()) {
      keys.add(r.getString(0));
      grains.add(r.getString(1));
    }
    if (!new TreeSet<>(cfg.framingGroups()).containsAll(keys)
        || !new TreeSet<>(cfg.framingGrains()).containsAll(grains)) {
      return null;
    }
    List<String> periodGrains = cfg.framingGrains().stream().filter(g -> !g.equals("thread")).toList();
    List<Row> scope = new ArrayList<>(touchedPeriods(touchedDates, periodGrains));
    if (cfg.framingGrains().contains("thread")) {
      Set<LocalDate> days = new TreeSet<>();
      for (Row r : touchedDates.select("dt").where(col("dt").isNotNull()).distinct().collectAsList()) {
        LocalDate d = r.getDate(0).toLocalDate();
        for (int k = 0; k <= Math.max(0, threadSpanDays); k++) {
          days.add(d.minusDays(k));
        }
      }
      days.forEach(d -> scope.add(RowFactory.create("thread", Date.valueOf(d))));
    }
    return scope;
  }

  /**
   * The framing tables for the periods of {@code scope} only ({@link #framingPeriods}): the period grains from the
   * articles of those periods, the thread grain from the articles of the threads that start on those days (with
   * their start over the whole folder), both replaced period by period; the divergence of those periods from the
   * updated {@code framing}. The same rows as a full recomputation.
   */
  private static void framing(SparkSession spark, String out, JobConfig.TrendsConfig cfg, String runId,
      List<Row> scope, int threadSpanDays) {
    LOG.info("trends: framing recomputed for {} touched periods and thread days", scope.size());
    // the days the scope's facts lie on (partition pruning): from the first period's start, less the thread span (a
    // thread that reaches into the scope starts at most that much earlier, and its start is read from its articles),
    // to the last period's end (a thread's, its start plus the span)
    int span = Math.max(0, threadSpanDays);
    LocalDate lo = null;
    LocalDate hi = null;
    for (Row r : scope) {
      LocalDate p = r.getDate(1).toLocalDate();
      LocalDate end = switch (r.getString(0)) {
        case "day" -> p;
        case "week" -> p.plusDays(6);
        case "month" -> p.plusMonths(1).minusDays(1);
        case "year" -> p.plusYears(1).minusDays(1);
        default -> p.plusDays(span);
      };
      lo = lo == null || p.isBefore(lo) ? p : lo;
      hi = hi == null || end.isAfter(hi) ? end : hi;
    }
    Column reach = col("dt").geq(functions.lit(Date.valueOf(lo.minusDays(span))))
        .and(col("dt").leq(functions.lit(Date.valueOf(hi))));
    Dataset<Row> articles = OutputTables.ARTICLES.read(spark, out).where(reach)
        .select("doc_id", "story_id", "outlet", "dt", "thread_id", "outlet_attributes");
    Dataset<Row> periods = functions.broadcast(spark.createDataFrame(scope, PERIODS));
    List<String> periodGrains = cfg.framingGrains().stream().filter(g -> !g.equals("thread")).toList();
    Dataset<Row> stance = OutputTables.STANCE.read(spark, out).where(reach);
    Dataset<Row> events = OutputTables.EVENTS.read(spark, out).where(reach);
    List<Dataset<Row>> parts = new ArrayList<>();
    if (!periodGrains.isEmpty()) {
      Column inPeriod = functions.lit(false);
      for (String g : periodGrains) {
        Object[] starts = scope.stream().filter(r -> r.getString(0).equals(g)).map(r -> r.get(1)).toArray();
        if (starts.length > 0) {
          inPeriod = inPeriod.or(functions.to_date(functions.date_trunc(g, col("dt"))).isin(starts));
        }
      }
      Framing.Options o = new Framing.Options(cfg.framingGroups(), periodGrains, cfg.framingMinUnits(),
          cfg.evidence(), cfg.framingVoice());
      parts.add(Framing.framing(articles.where(inPeriod), stance, events, o));
    }
    if (cfg.framingGrains().contains("thread")) {
      Object[] days = scope.stream().filter(r -> r.getString(0).equals("thread")).map(r -> r.get(1)).toArray();
      Dataset<Row> touchedThreads = articles.where(col("thread_id").isNotNull()).groupBy("thread_id")
          .agg(functions.min("dt").as("_start")).where(col("_start").isin(days)).select("thread_id");
      Framing.Options o = new Framing.Options(cfg.framingGroups(), List.of("thread"), cfg.framingMinUnits(),
          cfg.evidence(), cfg.framingVoice());
      parts.add(Framing.framing(articles.join(touchedThreads, new String[] {"thread_id"}, "left_semi"), stance,
          events, o));
    }
    Dataset<Row> fresh = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      fresh = fresh.unionByName(parts.get(i));
    }
    Dataset<Row> framing = fresh.join(periods, new String[] {"grain", "period_start"}, "left_semi")
        .withColumn("run_id", functions.lit(runId)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      timed("framing", () -> OutputTables.FRAMING.replacePeriods(framing, periods, out, runId, "period_start",
          "group_key", "group_value", "target_type", "target_id", "thread_id"));
      timed("framing_divergence", () -> OutputTables.FRAMING_DIVERGENCE.replacePeriods(
          Framing.divergence(OutputTables.FRAMING.read(spark, out)
                  .join(periods, new String[] {"grain", "period_start"}, "left_semi"))
              .withColumn("run_id", functions.lit(runId)),
          periods, out, runId, "period_start", "group_key", "target_type", "target_id", "thread_id", "group_a",
          "group_b"));
    } finally {
      framing.unpersist();
    }
  }

  /** (grain, period_start) of the touched periods. */
  public static final StructType PERIODS = new StructType().add("grain", DataTypes.StringType, false)
      .add("period_start", DataTypes.DateType, false);

  private static Dataset<Row> only(Dataset<Row> trend, Dataset<Row> scope) {
    return scope == null ? trend : trend.join(scope, new String[] {"grain", "period_start"}, "left_semi");
  }

  private static void write(OutputTables t, Dataset<Row> fresh, Dataset<Row> scope, String out, String runId,
      String... sort) {
    timed(t.table(), () -> {
      if (scope == null) {
        t.replaceAll(fresh, out, runId, sort);
      } else {
        t.replacePeriods(fresh, scope, out, runId, sort);
      }
    });
  }

  private static void countRows(SparkSession spark, String out, Map<String, Long> rows) {
    // a Parquet count reads only the footers
    for (OutputTables t : List.of(OutputTables.ACTOR_TRENDS, OutputTables.DYAD_TRENDS, OutputTables.ISSUE_TRENDS,
        OutputTables.OUTLET_TRENDS, OutputTables.ALERTS, OutputTables.FRAMING, OutputTables.FRAMING_DIVERGENCE)) {
      if ((t == OutputTables.FRAMING || t == OutputTables.FRAMING_DIVERGENCE) && !OutputTables.exists(spark,
          t.path(out))) {
        continue;
      }
      rows.put(t.table(), OutputTables.exists(spark, t.path(out)) ? spark.read().parquet(t.path(out)).count() : 0L);
    }
  }

  /**
   * Whether the stored trend tables can be updated in place: each exists, holds no grain outside {@code grains},
   * and {@code outlet_trends} (which has rows at every grain whenever an article has a date) holds exactly them.
   */
  static boolean canUpdate(SparkSession spark, String out, List<String> grains) {
    Set<String> want = new TreeSet<>();
    grains.forEach(g -> want.add("grain=" + g));
    for (OutputTables t : List.of(OutputTables.ACTOR_TRENDS, OutputTables.DYAD_TRENDS, OutputTables.ISSUE_TRENDS,
        OutputTables.OUTLET_TRENDS, OutputTables.ALERTS)) {
      if (!OutputTables.exists(spark, t.path(out))) {
        return false;
      }
      Set<String> have = t.partitionDirs(spark, out);
      if (!want.containsAll(have) || (t == OutputTables.OUTLET_TRENDS && !have.equals(want))) {
        return false;
      }
      // rows written before a column was added (tone_se, say) would keep it null: recompute everything once
      if (!t.storedHasAllColumns(spark, t.path(out))) {
        LOG.info("trends: stored {} lacks columns of this version", t.table());
        return false;
      }
    }
    return true;
  }

  /** Each touched date's period at each grain (weeks start on Monday, as Spark's {@code date_trunc('week')}). */
  public static List<Row> touchedPeriods(Dataset<Row> touchedDates, List<String> grains) {
    Set<String> seen = new TreeSet<>();
    List<Row> out = new ArrayList<>();
    for (Row r : touchedDates.select("dt").where(col("dt").isNotNull()).distinct().collectAsList()) {
      LocalDate d = r.getDate(0).toLocalDate();
      for (String g : grains) {
        LocalDate p = switch (g) {
          case "day" -> d;
          case "week" -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
          case "year" -> d.withDayOfYear(1);
          default -> d.withDayOfMonth(1);
        };
        if (seen.add(g + " " + p)) {
          out.add(RowFactory.create(g, Date.valueOf(p)));
        }
      }
    }
    return out;
  }

  /** The first days of the months the periods overlap. */
  public static Set<Date> monthsCovering(List<Row> periods) {
    Set<Date> months = new TreeSet<>();
    for (Row r : periods) {
      LocalDate p = r.getDate(1).toLocalDate();
      LocalDate last = switch (r.getString(0)) {
        case "day" -> p;
        case "week" -> p.plusDays(6);
        default -> p.plusMonths(1).minusDays(1);
      };
      months.add(Date.valueOf(p.withDayOfMonth(1)));
      months.add(Date.valueOf(last.withDayOfMonth(1)));
    }
    return months;
  }
}
