package org.demarche.trends;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_trunc;
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

  /** Articles with their outlet and the {@code __all__} slice: doc_id, story_id, outlet, dt. */
  static Dataset<Row> sliced(Dataset<Row> articles) {
    Dataset<Row> a = articles.select(col("doc_id"), col("story_id"), col("outlet"), col("dt"));
    return a.unionByName(a.withColumn("outlet", lit(ALL)));
  }

  static Column period(String grain) {
    return to_date(date_trunc(grain, col("dt")));
  }

  /** Articles per period and slice: the denominators of {@code share}. */
  static Dataset<Row> periodArticles(Dataset<Row> slicedArticles, String grain) {
    return slicedArticles.withColumn("period_start", period(grain))
        .groupBy("period_start", "outlet").agg(countDistinct("doc_id").as("period_articles"));
  }

  private static Column[] volumeAggs() {
    return new Column[] {countDistinct("doc_id").as("n_articles"),
        countDistinct(coalesce(col("story_id"), col("doc_id"))).as("n_stories"),
        countDistinct("article_outlet").as("n_outlets")};
  }

  /** Mean of {@code score} with its 95% interval and n: columns prefix_mean, prefix_ci_low, prefix_ci_high, prefix_n. */
  static Column[] meanCi(Column score, String prefix) {
    return new Column[] {avg(score).as(prefix + "_mean"), stddev_samp(score).as(prefix + "_sd"),
        count(score).as(prefix + "_n")};
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
    Column[] keyCols = keys.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
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

  private static Dataset<Row> unionAll(List<Dataset<Row>> parts) {
    Dataset<Row> out = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      out = out.unionByName(parts.get(i));
    }
    return out;
  }

  /**
   * {@code actor_trends}: per grain, period, outlet slice and actor: volumes and share, mean tone toward the actor
   * ({@code stance} rows of kind tone whose target is the actor) with interval, and the evidence behind it.
   */
  public static Dataset<Row> actorTrends(Dataset<Row> articles, Dataset<Row> mentions, Dataset<Row> stance,
      Options o) {
    Dataset<Row> sa = sliced(articles).withColumnRenamed("outlet", "slice")
        .join(articles.select(col("doc_id"), col("outlet").as("article_outlet")), "doc_id")
        .withColumnRenamed("slice", "outlet");
    Dataset<Row> docActors = mentions.groupBy("doc_id", "actor_id")
        .agg(first("actor_name", true).as("actor_name"), count(lit(1)).as("n_mentions"));
    Dataset<Row> tone = stance.where(col("kind").equalTo("tone").and(col("target_type").equalTo("actor")))
        .select(col("doc_id"), col("target_id").as("actor_id"), col("score"), col("confidence"), col("evidence"),
            col("evidence_start"));
    List<Dataset<Row>> parts = new ArrayList<>();
    for (String g : o.grains()) {
      Dataset<Row> base = sa.withColumn("period_start", period(g)).join(docActors, "doc_id");
      List<String> keys = List.of("period_start", "outlet", "actor_id");
      Dataset<Row> vol = base.groupBy("period_start", "outlet", "actor_id")
          .agg(first("actor_name", true).as("actor_name"), sum("n_mentions").as("n_mentions"), volumeAggs()[0],
              volumeAggs()[1], volumeAggs()[2]);
      Dataset<Row> t = sa.withColumn("period_start", period(g)).select("doc_id", "period_start", "outlet")
          .join(tone, "doc_id");
      Dataset<Row> toneAgg = withCi(t.groupBy("period_start", "outlet", "actor_id").agg(meanCi(col("score"),
          "tone")[0], meanCi(col("score"), "tone")[1], meanCi(col("score"), "tone")[2]), "tone");
      Dataset<Row> ev = evidence(t, keys, o.evidence());
      parts.add(vol.join(periodArticles(sliced(articles), g), new String[] {"period_start", "outlet"})
          .withColumn("share", col("n_articles").divide(col("period_articles")))
          .join(toneAgg, keys.toArray(new String[0]), "left").join(ev, keys.toArray(new String[0]), "left")
          .withColumn("tone_n", coalesce(col("tone_n"), lit(0L)))
          .withColumn("grain", lit(g)));
    }
    return unionAll(parts).select(col("grain"), col("period_start"), col("outlet"), col("actor_id"),
        col("actor_name"), col("n_articles"), col("n_stories"), col("n_outlets"), col("n_mentions"),
        col("period_articles"), col("share"), col("tone_mean"), col("tone_ci_low"), col("tone_ci_high"),
        col("tone_n"), col("evidence"));
  }

  /** The dyad levels: actor ids, CAMEO codes, countries. */
  public static final List<String> LEVELS = List.of("actor", "code", "country");

  private static Dataset<Row> levels(Dataset<Row> d, String srcActor, String srcCode, String srcCountry,
      String tgtActor, String tgtCode, String tgtCountry) {
    Dataset<Row> a = d.withColumn("level", lit("actor")).withColumn("source", col(srcActor))
        .withColumn("target", col(tgtActor));
    Dataset<Row> c = d.withColumn("level", lit("code")).withColumn("source", col(srcCode))
        .withColumn("target", col(tgtCode));
    Dataset<Row> n = d.withColumn("level", lit("country")).withColumn("source", col(srcCountry))
        .withColumn("target", col(tgtCountry));
    return a.unionByName(c).unionByName(n)
        .where(col("source").isNotNull().and(col("target").isNotNull()).and(col("source").notEqual(col("target"))));
  }

  /**
   * {@code dyad_trends}: per grain, period, outlet slice, level ({@code actor}, {@code code}, {@code country}) and
   * directed pair source → target: volumes, mean tone of the source's statements about the target, cooperation and
   * conflict event counts (QuadClass 1–2 and 3–4) with the mean Goldstein score, and the evidence.
   */
  public static Dataset<Row> dyadTrends(Dataset<Row> articles, Dataset<Row> stance, Dataset<Row> events,
      Options o) {
    Dataset<Row> sa = sliced(articles).join(articles.select(col("doc_id"), col("outlet").as("article_outlet")),
        "doc_id");
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
    List<Dataset<Row>> parts = new ArrayList<>();
    for (String g : o.grains()) {
      Dataset<Row> f = sa.withColumn("period_start", period(g)).join(facts, "doc_id");
      List<String> keys = List.of("period_start", "outlet", "level", "source", "target");
      Dataset<Row> agg = withCi(f.groupBy("period_start", "outlet", "level", "source", "target").agg(
              volumeAggs()[0], volumeAggs()[1], volumeAggs()[2],
              meanCi(col("tone"), "tone")[0], meanCi(col("tone"), "tone")[1], meanCi(col("tone"), "tone")[2],
              count(when(col("quad_class").leq(2), 1)).as("n_cooperation"),
              count(when(col("quad_class").geq(3), 1)).as("n_conflict"),
              avg("goldstein").as("goldstein_mean"), count("goldstein").as("n_events")), "tone");
      parts.add(agg.join(periodArticles(sliced(articles), g), new String[] {"period_start", "outlet"})
          .withColumn("share", col("n_articles").divide(col("period_articles")))
          .join(evidence(f, keys, o.evidence()), keys.toArray(new String[0]), "left")
          .withColumn("grain", lit(g)));
    }
    return unionAll(parts).select(col("grain"), col("period_start"), col("outlet"), col("level"),
        col("source"), col("target"), col("n_articles"), col("n_stories"), col("n_outlets"), col("period_articles"),
        col("share"), col("tone_mean"), col("tone_ci_low"), col("tone_ci_high"), col("tone_n"), col("n_events"),
        col("n_cooperation"), col("n_conflict"), col("goldstein_mean"), col("evidence"));
  }

  /**
   * {@code issue_trends}: per grain, period, outlet slice, level and (source, issue): counts of support, oppose and
   * neutral rows, the mean issue-stance score with interval, and the evidence.
   */
  public static Dataset<Row> issueTrends(Dataset<Row> articles, Dataset<Row> stance, Options o) {
    Dataset<Row> sa = sliced(articles).join(articles.select(col("doc_id"), col("outlet").as("article_outlet")),
        "doc_id");
    Dataset<Row> is = stance.where(col("kind").equalTo("issue"));
    Dataset<Row> facts = is.withColumn("level", lit("actor")).withColumn("source", col("source_actor_id"))
        .unionByName(is.withColumn("level", lit("code")).withColumn("source", col("source_code")))
        .unionByName(is.withColumn("level", lit("country")).withColumn("source", col("source_country")))
        .where(col("source").isNotNull())
        .select(col("doc_id"), col("level"), col("source"), col("target_id").as("issue_id"),
            col("target_name").as("issue_label"), col("score"), col("stance_class"), col("confidence"),
            col("evidence"), col("evidence_start"));
    List<Dataset<Row>> parts = new ArrayList<>();
    for (String g : o.grains()) {
      Dataset<Row> f = sa.withColumn("period_start", period(g)).join(facts, "doc_id");
      List<String> keys = List.of("period_start", "outlet", "level", "source", "issue_id");
      Dataset<Row> agg = withCi(f.groupBy("period_start", "outlet", "level", "source", "issue_id").agg(
          first("issue_label", true).as("issue_label"), volumeAggs()[0], volumeAggs()[1], volumeAggs()[2],
          count(when(col("stance_class").equalTo("support"), 1)).as("n_support"),
          count(when(col("stance_class").equalTo("oppose"), 1)).as("n_oppose"),
          count(when(col("stance_class").equalTo("neutral"), 1)).as("n_neutral"),
          meanCi(col("score"), "stance")[0], meanCi(col("score"), "stance")[1], meanCi(col("score"), "stance")[2]),
          "stance");
      parts.add(agg.join(periodArticles(sliced(articles), g), new String[] {"period_start", "outlet"})
          .withColumn("share", col("n_articles").divide(col("period_articles")))
          .join(evidence(f, keys, o.evidence()), keys.toArray(new String[0]), "left")
          .withColumn("grain", lit(g)));
    }
    return unionAll(parts).select(col("grain"), col("period_start"), col("outlet"), col("level"), col("source"),
        col("issue_id"), col("issue_label"), col("n_articles"), col("n_stories"), col("n_outlets"),
        col("period_articles"), col("share"), col("n_support"), col("n_oppose"), col("n_neutral"),
        col("stance_mean"), col("stance_ci_low"), col("stance_ci_high"), col("stance_n"), col("evidence"));
  }

  /**
   * {@code outlet_trends}: per grain, period and outlet (and {@code __all__}): volumes, the outlet's share of all
   * articles in the period, and the mean GDELT-style document tone with interval.
   */
  public static Dataset<Row> outletTrends(Dataset<Row> articles, Options o) {
    Dataset<Row> a = articles.select(col("doc_id"), col("story_id"), col("outlet"), col("dt"), col("tone"),
        col("outlet").as("article_outlet"));
    Dataset<Row> both = a.unionByName(a.withColumn("outlet", lit(ALL)));
    List<Dataset<Row>> parts = new ArrayList<>();
    for (String g : o.grains()) {
      Dataset<Row> p = both.withColumn("period_start", period(g));
      Dataset<Row> total = a.withColumn("period_start", period(g)).groupBy("period_start")
          .agg(countDistinct("doc_id").as("period_articles"));
      parts.add(withCi(p.groupBy("period_start", "outlet").agg(volumeAggs()[0], volumeAggs()[1], volumeAggs()[2],
              meanCi(col("tone"), "tone")[0], meanCi(col("tone"), "tone")[1], meanCi(col("tone"), "tone")[2]),
          "tone")
          .join(total, "period_start")
          .withColumn("share", col("n_articles").divide(col("period_articles")))
          .withColumn("grain", lit(g)));
    }
    return unionAll(parts).select(col("grain"), col("period_start"), col("outlet"), col("n_articles"),
        col("n_stories"), col("n_outlets"), col("period_articles"), col("share"), col("tone_mean"),
        col("tone_ci_low"), col("tone_ci_high"), col("tone_n"));
  }
}
