package org.demarche.trends;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

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
 *       σ, count m); the period's mean x over n scores gives {@code z = (x − μ) / (max(σ, 0.1) · √(1/n + 1/m))}.
 *       Alert when n ≥ minCount, m ≥ minCount and |z| ≥ threshold.</li>
 * </ul>
 * Each alert carries the period's evidence list from the trend row.
 */
public final class Alerts {
  /** Alert rule parameters. */
  public record Rule(int baseline, int minBaseline, double threshold, int minCount) {}

  private Alerts() {}

  /**
   * The {@code alerts} table from {@code actor_trends} and {@code dyad_trends} (the {@code __all__} outlet slice):
   * entity ({@code actor} or {@code dyad}), level (dyads: actor, code, country; actors: actor), key, grain,
   * period_start, metric ({@code volume} or {@code tone}), value, baseline_mean, baseline_sd, baseline_periods, n, z,
   * direction, rule and the period's evidence.
   */
  public static Dataset<Row> alerts(Dataset<Row> actorTrends, Dataset<Row> dyadTrends, Rule r) {
    Dataset<Row> a = over(actorTrends.where(col("outlet").equalTo(TrendSteps.ALL)), "actor", List.of("actor_id"),
        col("actor_id"), r);
    Dataset<Row> d = over(dyadTrends.where(col("outlet").equalTo(TrendSteps.ALL)), "dyad",
        List.of("level", "source", "target"), concat_ws(" -> ", col("source"), col("target")), r);
    Dataset<Row> out = a.withColumn("level", lit("actor")).withColumn("source", col("actor_id"))
        .withColumn("target", lit(null).cast("string")).drop("actor_id").unionByName(d);
    return out.select(col("entity"), col("level"), col("key"), col("source"), col("target"),
        col("grain"), col("period_start"), col("metric"), col("value"), col("baseline_mean"), col("baseline_sd"),
        col("baseline_periods"), col("n"), col("z"), col("direction"), col("rule"), col("evidence"));
  }

  /** Period index at the row's grain: consecutive periods of a grain have consecutive indexes. */
  static Column index(Column grain, Column periodStart) {
    return when(grain.equalTo("day"), functions.datediff(periodStart, lit("1970-01-01").cast("date")))
        .when(grain.equalTo("week"), functions.floor(functions.datediff(periodStart, lit("1969-12-29").cast("date"))
            .divide(7)).cast("int"))
        .otherwise(functions.year(periodStart).multiply(12).plus(functions.month(periodStart)).minus(1));
  }

  /** The period start of index {@code idx} at the row's grain (the inverse of {@link #index}). */
  static Column periodOf(Column grain, Column idx) {
    return when(grain.equalTo("day"), functions.date_add(lit("1970-01-01").cast("date"), idx))
        .when(grain.equalTo("week"), functions.date_add(lit("1969-12-29").cast("date"), idx.multiply(7)))
        .otherwise(functions.make_date(functions.floor(idx.divide(12)).cast("int"), idx.mod(12).plus(1), lit(1)));
  }

  /**
   * Alerts over one trend table with grain, period_start, the key columns, n_articles, tone_*, evidence, all grains
   * in one pass (grain is a key of every window). The series is dense only where it matters: every observed period
   * and the {@code baseline} periods after it (where a drop to zero can show), up to the grain's last period; the
   * baseline sums run over a range window of period indexes, so a period without articles counts 0 without ever being
   * materialised across long quiet spans (a 1970–2024 corpus at day grain stays small).
   */
  static Dataset<Row> over(Dataset<Row> series, String entity, List<String> keyCols, Column keyLabel, Rule r) {
    List<String> gk = new java.util.ArrayList<>(keyCols);
    gk.add("grain");
    Column[] keys = gk.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    Dataset<Row> s = series.withColumn("_i", index(col("grain"), col("period_start")));
    Dataset<Row> lasts = functions.broadcast(s.groupBy("grain").agg(max("_i").as("_last")));
    Dataset<Row> firsts = s.groupBy(keys).agg(min("_i").as("_first"));
    Dataset<Row> cand = s.join(lasts, "grain").select(concat(keys, explode(sequence(col("_i"),
        functions.least(col("_i").plus(r.baseline()), col("_last")))).as("_i"))).distinct();
    Dataset<Row> d = cand.join(s.drop("period_start"), concat(gk, "_i"), "left")
        .join(firsts, gk.toArray(new String[0]))
        .withColumn("period_start", periodOf(col("grain"), col("_i")))
        .withColumn("x", coalesce(col("n_articles"), lit(0L)).cast("double"))
        .withColumn("_obs", when(col("n_articles").isNotNull(), lit(1)).otherwise(lit(0)))
        // per-period tone sums, recovered from the trend row's mean, interval and n
        .withColumn("t_n", coalesce(col("tone_n"), lit(0L)))
        .withColumn("t_sum", coalesce(col("tone_mean").multiply(col("t_n")), lit(0.0)))
        .withColumn("_sd", coalesce(col("tone_ci_high").minus(col("tone_mean")).multiply(sqrt(col("t_n")))
            .divide(1.96), lit(0.0)))
        .withColumn("t_sumsq", coalesce(col("_sd").multiply(col("_sd")).multiply(col("t_n").minus(1))
            .plus(col("t_n").multiply(col("tone_mean")).multiply(col("tone_mean"))), lit(0.0)));
    WindowSpec w = Window.partitionBy(keys).orderBy("_i").rangeBetween(-r.baseline(), -1);
    Column bn = functions.least(lit(r.baseline()), col("_i").minus(col("_first"))).cast("long");
    Column bsum = coalesce(sum("x").over(w), lit(0.0));
    Column bsq = coalesce(sum(col("x").multiply(col("x"))).over(w), lit(0.0));
    d = d.withColumn("b_periods", bn).withColumn("_bsum", bsum).withColumn("_bsq", bsq)
        .withColumn("b_observed", coalesce(sum("_obs").over(w), lit(0L)))
        .withColumn("b_mean", when(col("b_periods").gt(0), col("_bsum").divide(col("b_periods"))))
        .withColumn("b_sd", when(col("b_periods").gt(1), sqrt(greatest(lit(0.0), col("_bsq")
            .minus(col("_bsum").multiply(col("_bsum")).divide(col("b_periods"))).divide(col("b_periods").minus(1))))))
        .withColumn("tb_n", coalesce(sum("t_n").over(w), lit(0L)))
        .withColumn("tb_sum", coalesce(sum("t_sum").over(w), lit(0.0)))
        .withColumn("tb_sumsq", coalesce(sum("t_sumsq").over(w), lit(0.0)));
    Column vz = col("x").minus(col("b_mean"))
        .divide(greatest(coalesce(col("b_sd"), lit(0.0)), sqrt(greatest(col("b_mean"), lit(1.0)))));
    Dataset<Row> volume = d.withColumn("z", vz)
        .where(col("b_periods").geq(r.minBaseline()).and(col("b_observed").geq(1))
            .and(abs(col("z")).geq(r.threshold()))
            .and(when(col("z").gt(0), col("x").geq(r.minCount())).otherwise(col("b_mean").geq(r.minCount()))))
        .select(concat(keys, col("period_start"), lit("volume").as("metric"),
            col("x").as("value"), col("b_mean").as("baseline_mean"), col("b_sd").as("baseline_sd"),
            col("b_periods").as("baseline_periods"), col("x").cast("long").as("n"), col("z"), col("evidence")));
    Column tMean = col("t_sum").divide(col("t_n"));
    Column tbMean = col("tb_sum").divide(col("tb_n"));
    Column tbSd = sqrt(greatest(lit(0.0), col("tb_sumsq").minus(col("tb_sum").multiply(col("tb_sum"))
        .divide(col("tb_n"))).divide(col("tb_n").minus(1))));
    Column tz = tMean.minus(tbMean).divide(greatest(tbSd, lit(0.1))
        .multiply(sqrt(lit(1.0).divide(col("t_n")).plus(lit(1.0).divide(col("tb_n"))))));
    Dataset<Row> tone = d.where(col("t_n").geq(r.minCount()).and(col("tb_n").geq(r.minCount())))
        .withColumn("z", tz).where(abs(col("z")).geq(r.threshold()))
        .select(concat(keys, col("period_start"), lit("tone").as("metric"), tMean.as("value"),
            tbMean.as("baseline_mean"), tbSd.as("baseline_sd"), col("b_periods").as("baseline_periods"),
            col("t_n").as("n"), col("z"), col("evidence")));
    return volume.unionByName(tone).withColumn("entity", lit(entity)).withColumn("key", keyLabel)
        .withColumn("direction", when(col("z").gt(0), lit("up")).otherwise(lit("down")))
        .withColumn("rule", lit("trailing " + r.baseline() + " periods, |z| >= " + r.threshold() + ", min count "
            + r.minCount()));
  }

  private static Column[] concat(Column[] a, Column... b) {
    Column[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String[] concat(List<String> a, String... b) {
    String[] out = java.util.Arrays.copyOf(a.toArray(new String[0]), a.size() + b.length);
    System.arraycopy(b, 0, out, a.size(), b.length);
    return out;
  }
}
