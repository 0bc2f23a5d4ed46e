package org.demarche.trends;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import java.io.Serializable;
import java.sql.Date;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.output.OutputTables;

/**
 * Change alerts: periods where an actor's or a dyad's volume or mean tone departs from its trailing baseline.
 *
 * <p>The rule, per series (grain × key, all outlets together):
 * <ul>
 *   <li><b>Volume.</b> The series is made dense (a period without articles counts 0, from the key's first period to
 *       the last period of the data). Baseline = the previous {@code baseline} periods: mean μ and sample sd σ.
 *       {@code z = (x − μ) / max(σ, √max(μ, 1))} (the floor is the Poisson sd, so a quiet series does not alert on
 *       one article). Alert when at least {@code minBaseline} baseline periods exist, one of them with articles, {@code x ≥ minCount} for a rise
 *       (μ ≥ minCount for a drop) and |z| ≥ {@code threshold}.</li>
 *   <li><b>Tone.</b> The baseline pools the individual tone scores of the previous {@code baseline} periods (mean μ, sd
 *       σ, count m); the period's mean x over n scores gives {@code z = (x − μ) / max(√(se_x² + se_μ²),
 *       0.1 · √(1/n + 1/m))}, with the standard errors clustered by story as the trend rows give them
 *       ({@code tone_se}; {@code se_μ² = Σ n_q² se_q² / m²} over the baseline periods, a period of one story counting
 *       {@code max(σ, 0.1)²}). Alert when n ≥ minCount, m ≥ minCount and |z| ≥ threshold.</li>
 * </ul>
 * Each alert carries the period's evidence list from the trend row.
 */
public final class Alerts {
  /** Alert rule parameters. */
  public record Rule(int baseline, int minBaseline, double threshold, int minCount) implements Serializable {}

  private Alerts() {}

  /**
   * The {@code alerts} table from {@code actor_trends} and {@code dyad_trends} (the {@code __all__} outlet slice):
   * entity ({@code actor} or {@code dyad}), level (dyads: actor, code, country; actors: actor), key, grain,
   * period_start, metric ({@code volume} or {@code tone}), value, baseline_mean, baseline_sd, baseline_periods, n, z,
   * direction, rule and the period's evidence. Each series (entity, level, key, grain) is one group of a single
   * shuffle, walked in period order; the series is dense only where it matters: every observed period and the
   * {@code baseline} periods after it (where a drop to zero can show), up to the last period of the grain in that
   * trend table, so a 1970–2024 corpus at day grain stays small.
   */
  public static Dataset<Row> alerts(Dataset<Row> actorTrends, Dataset<Row> dyadTrends, Rule r) {
    Dataset<Row> series = actorTrends.where(col("outlet").equalTo(TrendSteps.ALL))
        .select(lit("actor").as("entity"), lit("actor").as("level"), col("actor_id").as("source"),
            lit(null).cast("string").as("target"), col("grain"), col("period_start"), col("n_articles"),
            col("tone_mean"), col("tone_sd"), col("tone_n"), col("tone_se"), col("evidence"))
        .unionByName(dyadTrends.where(col("outlet").equalTo(TrendSteps.ALL))
            .select(lit("dyad").as("entity"), col("level"), col("source"), col("target"), col("grain"),
                col("period_start"), col("n_articles"), col("tone_mean"), col("tone_sd"), col("tone_n"),
                col("tone_se"), col("evidence")));
    // the last period of each grain, per trend table (a drop can show up to it)
    Map<String, Integer> lasts = new HashMap<>();
    for (Row l : series.groupBy("entity", "grain").agg(max("period_start")).collectAsList()) {
      if (!l.isNullAt(2)) {
        lasts.put(l.getString(0) + "\t" + l.getString(1), index(l.getString(1), l.getDate(2).toLocalDate()));
      }
    }
    StructType schema = OutputTables.ALERTS.schema();
    // series columns, in order: entity, level, source, target, grain, period_start, n_articles, tone_mean,
    // tone_sd, tone_n, tone_se, evidence
    return series.groupByKey((MapFunction<Row, String>) x -> x.getString(0) + "\t" + x.getString(1) + "\t"
            + x.getString(2) + "\t" + (x.isNullAt(3) ? "" : x.getString(3)) + "\t" + x.getString(4),
            Encoders.STRING())
        .flatMapGroups(new Walk(r, lasts), Encoders.row(schema));
  }

  /** Period index at the grain: consecutive periods of a grain have consecutive indexes. */
  static int index(String grain, LocalDate periodStart) {
    return switch (grain) {
      case "day" -> (int) periodStart.toEpochDay();
      case "week" -> (int) Math.floorDiv(ChronoUnit.DAYS.between(LocalDate.of(1969, 12, 29), periodStart), 7);
      default -> periodStart.getYear() * 12 + periodStart.getMonthValue() - 1;
    };
  }

  /** The period start of index {@code idx} at the grain (the inverse of {@link #index}). */
  static LocalDate periodOf(String grain, int idx) {
    return switch (grain) {
      case "day" -> LocalDate.ofEpochDay(idx);
      case "week" -> LocalDate.of(1969, 12, 29).plusWeeks(idx);
      default -> LocalDate.of(Math.floorDiv(idx, 12), Math.floorMod(idx, 12) + 1, 1);
    };
  }

  /** One series in period order: its baselines, and the rows that alert. */
  private static final class Walk implements FlatMapGroupsFunction<String, Row, Row> {
    private final Rule r;
    private final Map<String, Integer> lasts;

    Walk(Rule r, Map<String, Integer> lasts) {
      this.r = r;
      this.lasts = lasts;
    }

    /**
     * One period of the series: articles, tone count, tone sum and sum of squares, the clustered standard error of
     * its mean (null with one story), observed or filled with 0.
     */
    private record Period(double x, long tn, double tsum, double tsumsq, Double se, boolean observed, Row row) {}

    @Override
    public Iterator<Row> call(String key, Iterator<Row> rows) {
      Map<Integer, Period> byIndex = new HashMap<>();
      Row any = null;
      int first = Integer.MAX_VALUE;
      while (rows.hasNext()) {
        Row x = rows.next();
        any = x;
        int i = index(x.getString(4), x.getDate(5).toLocalDate());
        first = Math.min(first, i);
        long tn = x.isNullAt(9) ? 0L : x.getLong(9);
        double tsum = 0;
        double tsumsq = 0;
        if (!x.isNullAt(7)) {
          double mean = x.getDouble(7);
          tsum = mean * tn;
          // per-period tone sums, from the trend row's mean, sd and n
          double sd = x.isNullAt(8) ? 0.0 : x.getDouble(8);
          tsumsq = sd * sd * (tn - 1) + tn * mean * mean;
        }
        byIndex.put(i, new Period(x.isNullAt(6) ? 0.0 : x.getLong(6), tn, tsum, tsumsq,
            x.isNullAt(10) ? null : x.getDouble(10), true, x));
      }
      if (any == null) {
        return java.util.Collections.emptyIterator();
      }
      String grain = any.getString(4);
      int last = lasts.getOrDefault(any.getString(0) + "\t" + grain, first);
      TreeSet<Integer> candidates = new TreeSet<>();
      for (int i : byIndex.keySet()) {
        for (int c = i; c <= Math.min(i + r.baseline(), last); c++) {
          candidates.add(c);
        }
      }
      String entity = any.getString(0);
      String level = any.getString(1);
      String source = any.getString(2);
      String target = any.isNullAt(3) ? null : any.getString(3);
      String label = entity.equals("actor") ? source : joinKey(source, target);
      String rule = "trailing " + r.baseline() + " periods, |z| >= " + r.threshold() + ", min count " + r.minCount();
      List<Row> out = new ArrayList<>();
      for (int c : candidates) {
        Period p = byIndex.get(c);
        double x = p == null ? 0.0 : p.x();
        long bPeriods = Math.min(r.baseline(), c - first);
        double bsum = 0;
        double bsq = 0;
        long bObserved = 0;
        long tbn = 0;
        double tbsum = 0;
        double tbsumsq = 0;
        double tbKnownVar = 0; // Σ n² · se² over baseline periods with a clustered se
        double tbUnknownN2 = 0; // Σ n² over baseline periods of one story (no se)
        for (int b = c - r.baseline(); b < c; b++) {
          Period q = byIndex.get(b);
          if (q != null) {
            bsum += q.x();
            bsq += q.x() * q.x();
            bObserved++;
            tbn += q.tn();
            tbsum += q.tsum();
            tbsumsq += q.tsumsq();
            if (q.se() != null) {
              tbKnownVar += (double) q.tn() * q.tn() * q.se() * q.se();
            } else {
              tbUnknownN2 += (double) q.tn() * q.tn();
            }
          }
        }
        Double bMean = bPeriods > 0 ? bsum / bPeriods : null;
        Double bSd = bPeriods > 1
            ? Math.sqrt(Math.max(0.0, (bsq - bsum * bsum / bPeriods) / (bPeriods - 1))) : null;
        Object[] evidence = null;
        Row evRow = p == null || p.row().isNullAt(11) ? null : p.row();
        if (bMean != null && bPeriods >= r.minBaseline() && bObserved >= 1) {
          double z = (x - bMean) / Math.max(bSd == null ? 0.0 : bSd, Math.sqrt(Math.max(bMean, 1.0)));
          boolean enough = z > 0 ? x >= r.minCount() : bMean >= r.minCount();
          if (Math.abs(z) >= r.threshold() && enough) {
            out.add(row(entity, level, label, source, target, grain, c, "volume", x, bMean, bSd, bPeriods,
                (long) x, z, rule, evRow));
          }
        }
        long tn = p == null ? 0 : p.tn();
        if (tn >= r.minCount() && tbn >= r.minCount()) {
          double tMean = p.tsum() / tn;
          double tbMean = tbsum / tbn;
          double tbSd = tbn > 1 ? Math.sqrt(Math.max(0.0, (tbsumsq - tbsum * tbsum / tbn) / (tbn - 1))) : 0.0;
          // clustered standard errors of both means; a period of one story counts as one draw of the unit variance
          double unit = Math.max(tbSd, 0.1) * Math.max(tbSd, 0.1);
          double seP2 = p.se() != null ? p.se() * p.se() : unit;
          double seB2 = (tbKnownVar + tbUnknownN2 * unit) / ((double) tbn * tbn);
          double floor = 0.1 * Math.sqrt(1.0 / tn + 1.0 / tbn);
          double z = (tMean - tbMean) / Math.max(Math.sqrt(seP2 + seB2), floor);
          if (Math.abs(z) >= r.threshold()) {
            out.add(row(entity, level, label, source, target, grain, c, "tone", tMean, tbMean, tbSd, bPeriods, tn,
                z, rule, evRow));
          }
        }
      }
      return out.iterator();
    }

    private static Row row(String entity, String level, String key, String source, String target, String grain,
        int c, String metric, double value, Double bMean, Double bSd, long bPeriods, long n, double z, String rule,
        Row evidenceOf) {
      return RowFactory.create(entity, level, key, source, target, Date.valueOf(periodOf(grain, c)), metric, value,
          bMean, bSd, bPeriods, n, z, z > 0 ? "up" : "down", rule,
          evidenceOf == null ? null : evidenceOf.get(11), grain);
    }
  }

  /** A dyad's key: source and target joined by an arrow (a missing side left out, as {@code concat_ws}). */
  private static String joinKey(String source, String target) {
    if (source == null) {
      return target == null ? "" : target;
    }
    return target == null ? source : source + " -> " + target;
  }
}
