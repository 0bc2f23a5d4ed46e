package org.demarche.trends;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/**
 * Trend roll-ups for dashboards: plain Dataset functions that change grain from the fact tables ({@code articles},
 * {@code actor_mentions}, {@code stance}, {@code events}) to one row per period × slice × key.
 *
 * <p>Every trend row carries {@code grain} ({@code day}, {@code week} (ISO, Monday start) or {@code month}),
 * {@code period_start} (DATE), {@code outlet} (one outlet, or {@code __all__} for all outlets together),
 * {@code n_articles}, {@code n_stories} (after deduplication) and {@code n_outlets} side by side, and {@code share}:
 * the key's articles over all articles of that period and outlet slice ({@code period_articles}).
 *
 * <p>Means come with their 95% interval, {@code mean ± 1.96 · sd / √n} (normal approximation; null when n &lt; 2),
 * and the {@code n} behind them. Evidence lists hold the top {@link Options#evidence()} rows by confidence, each a
 * struct of {@code doc_id}, {@code confidence}, {@code score} and {@code sentence}.
 */
public final class TrendSteps {
  public static final String ALL = "__all__";
  public static final List<String> GRAINS = List.of("day", "week", "month");

  /** Roll-up options: grains and the number of evidence sentences per row. */
  public record Options(List<String> grains, int evidence) {}

  private TrendSteps() {}

  /**
   * Articles fanned out to every (grain, outlet slice) they count in, in one pass: doc_id, story_id,
   * article_outlet, outlet (the article's outlet, then {@code __all__}), grain and period_start. Each roll-up groups
   * this once with {@code grain} among its keys, so a table is one aggregate whatever the number of grains, rather
   * than a union of per-grain plans.
   */
  static Dataset<Row> sliced(Dataset<Row> articles, List<String> grains) {
    Column grainArr = array(grains.stream().map(functions::lit).toArray(Column[]::new));
    return articles.select(col("doc_id"), col("story_id"), col("outlet").as("article_outlet"), col("dt"))
        .withColumn("outlet", explode(array(col("article_outlet"), lit(ALL))))
        .withColumn("grain", explode(grainArr))
        .withColumn("period_start", period(col("grain")))
        .drop("dt");
  }

  /** The start (DATE) of the period of {@code dt} at the row's grain. */
  static Column period(Column grain) {
    return to_date(when(grain.equalTo("day"), date_trunc("day", col("dt")))
        .when(grain.equalTo("week"), date_trunc("week", col("dt")))
        .otherwise(date_trunc("month", col("dt"))));
  }

  private static final String[] PERIOD_KEYS = {"grain", "period_start", "outlet"};

  /** Articles per grain, period and slice: the denominators of {@code share}. */
  static Dataset<Row> periodArticles(Dataset<Row> sliced) {
    return sliced.groupBy("grain", "period_start", "outlet").agg(countDistinct("doc_id").as("period_articles"));
  }

  /** n_articles, n_stories (story clusters after deduplication) and n_outlets of the rows grouped. */
  private static final List<Column> VOLUME = List.of(countDistinct("doc_id").as("n_articles"),
      countDistinct(coalesce(col("story_id"), col("doc_id"))).as("n_stories"),
      countDistinct("article_outlet").as("n_outlets"));

  /** Mean of {@code score} with its sd and n: prefix_mean, prefix_sd, prefix_n ({@link #withCi} finishes them). */
  static List<Column> meanCi(Column score, String prefix) {
    return List.of(avg(score).as(prefix + "_mean"), stddev_samp(score).as(prefix + "_sd"),
        count(score).as(prefix + "_n"));
  }

  /** Aggregates {@code d} by {@code keys} with the given columns, in order. */
  private static Dataset<Row> agg(Dataset<Row> d, List<String> keys, List<Column> aggs) {
    Column[] k = keys.stream().map(functions::col).toArray(Column[]::new);
    return d.groupBy(k).agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));
  }

  @SafeVarargs
  private static List<Column> cols(List<Column>... parts) {
    List<Column> out = new ArrayList<>();
    for (List<Column> p : parts) {
      out.addAll(p);
    }
    return out;
  }

  static Dataset<Row> withCi(Dataset<Row> d, String prefix) {
    Column n = col(prefix + "_n");
    Column half = lit(1.96).multiply(col(prefix + "_sd")).divide(sqrt(n));
    return d.withColumn(prefix + "_ci_low", when(n.geq(2), col(prefix + "_mean").minus(half)))
        .withColumn(prefix + "_ci_high", when(n.geq(2), col(prefix + "_mean").plus(half)))
        .drop(prefix + "_sd");
  }

  /** Top {@code k} evidence rows per key by confidence, as a sorted list column {@code evidence}. */
  static Dataset<Row> evidence(Dataset<Row> rows, List<String> keys, int k) {
    Column[] keyCols = keys.stream().map(functions::col).toArray(Column[]::new);
    WindowSpec w = Window.partitionBy(keyCols).orderBy(col("confidence").desc(), col("doc_id"), col("evidence_start"));
    return rows.withColumn("_r", row_number().over(w)).where(col("_r").leq(k))
        .groupBy(keyCols)
        .agg(sort_array(collect_list(struct(col("_r"), col("doc_id"), col("confidence"), col("score"),
            col("evidence").as("sentence")))).as("_ev"))
        .withColumn("evidence", transform(col("_ev"), e -> struct(e.getField("doc_id").as("doc_id"),
            e.getField("confidence").as("confidence"), e.getField("score").as("score"),
            e.getField("sentence").as("sentence"))))
        .drop("_ev");
  }

  /** Volume rows of one table joined to their period denominators, with {@code share}. */
  private static Dataset<Row> withShare(Dataset<Row> agg, Dataset<Row> sliced) {
    return agg.join(periodArticles(sliced), PERIOD_KEYS)
        .withColumn("share", col("n_articles").divide(col("period_articles")));
  }

  private static String[] keys(String... rest) {
    String[] out = java.util.Arrays.copyOf(PERIOD_KEYS, PERIOD_KEYS.length + rest.length);
    System.arraycopy(rest, 0, out, PERIOD_KEYS.length, rest.length);
    return out;
  }

  /**
   * {@code actor_trends}: per grain, period, outlet slice and actor: volumes and share, mean tone toward the actor
   * ({@code stance} rows of kind tone whose target is the actor) with interval, and the evidence behind it.
   */
  public static Dataset<Row> actorTrends(Dataset<Row> articles, Dataset<Row> mentions, Dataset<Row> stance,
      Options o) {
    Dataset<Row> sa = sliced(articles, o.grains());
    Dataset<Row> docActors = mentions.groupBy("doc_id", "actor_id")
        .agg(first("actor_name", true).as("actor_name"), count(lit(1)).as("n_mentions"));
    Dataset<Row> tone = stance.where(col("kind").equalTo("tone").and(col("target_type").equalTo("actor")))
        .select(col("doc_id"), col("target_id").as("actor_id"), col("score"), col("confidence"), col("evidence"),
            col("evidence_start"));
    List<String> k = List.of(keys("actor_id"));
    Dataset<Row> vol = agg(sa.join(docActors, "doc_id"), k, cols(
        List.of(first("actor_name", true).as("actor_name"), sum("n_mentions").as("n_mentions")), VOLUME));
    Dataset<Row> t = sa.select("doc_id", PERIOD_KEYS).join(tone, "doc_id");
    Dataset<Row> toneAgg = withCi(agg(t, k, meanCi(col("score"), "tone")), "tone");
    String[] ka = k.toArray(new String[0]);
    return withShare(vol, sa)
        .join(toneAgg, ka, "left").join(evidence(t, k, o.evidence()), ka, "left")
        .withColumn("tone_n", coalesce(col("tone_n"), lit(0L)))
        .select(col("grain"), col("period_start"), col("outlet"), col("actor_id"),
        col("actor_name"), col("n_articles"), col("n_stories"), col("n_outlets"), col("n_mentions"),
        col("period_articles"), col("share"), col("tone_mean"), col("tone_ci_low"), col("tone_ci_high"),
        col("tone_n"), col("evidence"));
  }

  /** The dyad levels: actor ids, CAMEO codes, countries. */
  public static final List<String> LEVELS = List.of("actor", "code", "country");

  /** One row per level (actor, code, country) with its {@code source} and {@code target}; self pairs dropped. */
  private static Dataset<Row> levels(Dataset<Row> d, String srcActor, String srcCode, String srcCountry,
      String tgtActor, String tgtCode, String tgtCountry) {
    Column lv = explode(array(
        struct(lit("actor").as("level"), col(srcActor).as("source"), col(tgtActor).as("target")),
        struct(lit("code").as("level"), col(srcCode).as("source"), col(tgtCode).as("target")),
        struct(lit("country").as("level"), col(srcCountry).as("source"), col(tgtCountry).as("target"))));
    return d.withColumn("_lv", lv)
        .withColumn("level", col("_lv.level")).withColumn("source", col("_lv.source"))
        .withColumn("target", col("_lv.target")).drop("_lv")
        .where(col("source").isNotNull().and(col("target").isNotNull()).and(col("source").notEqual(col("target"))));
  }

  /**
   * {@code dyad_trends}: per grain, period, outlet slice, level ({@code actor}, {@code code}, {@code country}) and
   * directed pair source → target: volumes, mean tone of the source's statements about the target, cooperation and
   * conflict event counts (QuadClass 1–2 and 3–4) with the mean Goldstein score, and the evidence.
   */
  public static Dataset<Row> dyadTrends(Dataset<Row> articles, Dataset<Row> stance, Dataset<Row> events,
      Options o) {
    Dataset<Row> tone = levels(stance.where(col("kind").equalTo("tone").and(col("source_type").equalTo("actor"))
            .and(col("target_type").equalTo("actor"))),
        "source_actor_id", "source_code", "source_country", "target_id", "target_code", "target_country")
        .select(col("doc_id"), col("level"), col("source"), col("target"), col("score").as("tone"),
            lit(null).cast("int").as("quad_class"), lit(null).cast("double").as("goldstein"), col("confidence"),
            col("score"), col("evidence"), col("evidence_start"));
    Dataset<Row> ev = levels(events.where(col("negated").equalTo(false).and(col("cameo_code").notEqual("010"))),
        "source_actor_id", "source_code", "source_country", "target_actor_id",
        "target_code", "target_country")
        .select(col("doc_id"), col("level"), col("source"), col("target"), lit(null).cast("double").as("tone"),
            col("quad_class"), col("goldstein"), col("confidence"), col("goldstein").divide(10.0).as("score"),
            col("evidence"), col("evidence_start"));
    Dataset<Row> facts = tone.unionByName(ev);
    Dataset<Row> sa = sliced(articles, o.grains());
    Dataset<Row> f = sa.join(facts, "doc_id");
    List<String> k = List.of(keys("level", "source", "target"));
    Dataset<Row> agg = withCi(agg(f, k, cols(VOLUME, meanCi(col("tone"), "tone"), List.of(
        count(when(col("quad_class").leq(2), 1)).as("n_cooperation"),
        count(when(col("quad_class").geq(3), 1)).as("n_conflict"),
        avg("goldstein").as("goldstein_mean"), count("goldstein").as("n_events")))), "tone");
    return withShare(agg, sa).join(evidence(f, k, o.evidence()), k.toArray(new String[0]), "left")
        .select(col("grain"), col("period_start"), col("outlet"), col("level"),
        col("source"), col("target"), col("n_articles"), col("n_stories"), col("n_outlets"), col("period_articles"),
        col("share"), col("tone_mean"), col("tone_ci_low"), col("tone_ci_high"), col("tone_n"), col("n_events"),
        col("n_cooperation"), col("n_conflict"), col("goldstein_mean"), col("evidence"));
  }

  /**
   * {@code issue_trends}: per grain, period, outlet slice, level and (source, issue): counts of support, oppose and
   * neutral rows, the mean issue-stance score with interval, and the evidence.
   */
  public static Dataset<Row> issueTrends(Dataset<Row> articles, Dataset<Row> stance, Options o) {
    Dataset<Row> is = stance.where(col("kind").equalTo("issue"));
    Column lv = explode(array(struct(lit("actor").as("level"), col("source_actor_id").as("source")),
        struct(lit("code").as("level"), col("source_code").as("source")),
        struct(lit("country").as("level"), col("source_country").as("source"))));
    Dataset<Row> facts = is.withColumn("_lv", lv)
        .withColumn("level", col("_lv.level")).withColumn("source", col("_lv.source"))
        .where(col("source").isNotNull())
        .select(col("doc_id"), col("level"), col("source"), col("target_id").as("issue_id"),
            col("target_name").as("issue_label"), col("score"), col("stance_class"), col("confidence"),
            col("evidence"), col("evidence_start"));
    Dataset<Row> sa = sliced(articles, o.grains());
    Dataset<Row> f = sa.join(facts, "doc_id");
    List<String> k = List.of(keys("level", "source", "issue_id"));
    Dataset<Row> agg = withCi(agg(f, k, cols(List.of(first("issue_label", true).as("issue_label")), VOLUME,
        List.of(count(when(col("stance_class").equalTo("support"), 1)).as("n_support"),
            count(when(col("stance_class").equalTo("oppose"), 1)).as("n_oppose"),
            count(when(col("stance_class").equalTo("neutral"), 1)).as("n_neutral")),
        meanCi(col("score"), "stance"))), "stance");
    return withShare(agg, sa).join(evidence(f, k, o.evidence()), k.toArray(new String[0]), "left")
        .select(col("grain"), col("period_start"), col("outlet"), col("level"), col("source"),
        col("issue_id"), col("issue_label"), col("n_articles"), col("n_stories"), col("n_outlets"),
        col("period_articles"), col("share"), col("n_support"), col("n_oppose"), col("n_neutral"),
        col("stance_mean"), col("stance_ci_low"), col("stance_ci_high"), col("stance_n"), col("evidence"));
  }

  /**
   * {@code outlet_trends}: per grain, period and outlet (and {@code __all__}): volumes, the outlet's share of all
   * articles in the period, and the mean GDELT-style document tone with interval.
   */
  public static Dataset<Row> outletTrends(Dataset<Row> articles, Options o) {
    Dataset<Row> sa = sliced(articles, o.grains()).join(articles.select("doc_id", "tone"), "doc_id");
    Dataset<Row> total = sa.where(col("outlet").equalTo(ALL)).groupBy("grain", "period_start")
        .agg(countDistinct("doc_id").as("period_articles"));
    return withCi(agg(sa, List.of(PERIOD_KEYS), cols(VOLUME, meanCi(col("tone"), "tone"))), "tone")
        .join(total, new String[] {"grain", "period_start"})
        .withColumn("share", col("n_articles").divide(col("period_articles")))
        .select(col("grain"), col("period_start"), col("outlet"), col("n_articles"),
        col("n_stories"), col("n_outlets"), col("period_articles"), col("share"), col("tone_mean"),
        col("tone_ci_low"), col("tone_ci_high"), col("tone_n"));
  }
}
