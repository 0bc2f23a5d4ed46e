package org.demarche.trends;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
 * and the {@code n} behind them. Evidence lists hold the top {@link Options#evidence()} rows by confidence (ties by
 * doc_id, then offset), each a struct of {@code doc_id}, {@code confidence}, {@code score} and {@code sentence}.
 *
 * <p>The actor, dyad and issue tables are each one walk per (grain, period) ({@code groupByKey} + {@code flatMapGroups}):
 * every article of the period, carrying its facts (grouped by doc_id once), is rolled up there into every outlet slice
 * and key, so a table costs a handful of Spark jobs whatever its number of aggregates. Sums run in a fixed order
 * (values sorted), so the same facts always give the same bits.
 */
public final class TrendSteps {
  public static final String ALL = "__all__";
  public static final List<String> GRAINS = List.of("day", "week", "month");

  /** Roll-up options: grains and the number of evidence sentences per row. */
  public record Options(List<String> grains, int evidence) {}

  private TrendSteps() {}

  /** The start (DATE) of the period of {@code dt} at the row's grain. */
  static Column period(Column grain) {
    return to_date(when(grain.equalTo("day"), date_trunc("day", col("dt")))
        .when(grain.equalTo("week"), date_trunc("week", col("dt")))
        .otherwise(date_trunc("month", col("dt"))));
  }

  /**
   * {@code actor_trends}: per grain, period, outlet slice and actor: volumes and share, mean tone toward the actor
   * ({@code stance} rows of kind tone whose target is the actor) with interval, and the evidence behind it.
   */
  public static Dataset<Row> actorTrends(Dataset<Row> articles, Dataset<Row> mentions, Dataset<Row> stance,
      Options o) {
    // One row per article with its mentions and its tone rows toward actors (each grouped by doc_id once), fanned out
    // to every grain, then one walk per (grain, period) rolls up every outlet slice and actor: one shuffle for the
    // roll-up instead of one per aggregate, join and window (22 Spark jobs on the bundled sample before).
    Dataset<Row> byDocMentions = mentions.groupBy("doc_id")
        .agg(collect_list(struct(col("actor_id"), col("actor_name"))).as("_m"));
    Dataset<Row> byDocTone = stance.where(col("kind").equalTo("tone").and(col("target_type").equalTo("actor")))
        .groupBy("doc_id")
        .agg(collect_list(struct(col("target_id"), col("score"), col("confidence"), col("evidence"),
            col("evidence_start"))).as("_t"));
    Column grainArr = array(o.grains().stream().map(functions::lit).toArray(Column[]::new));
    Dataset<Row> docs = articles.select(col("doc_id"), col("story_id"), col("outlet"), col("dt"))
        .join(byDocMentions, new String[] {"doc_id"}, "left")
        .join(byDocTone, new String[] {"doc_id"}, "left")
        .withColumn("grain", explode(grainArr))
        .withColumn("period_start", period(col("grain")))
        .where(col("period_start").isNotNull())
        .select(col("grain"), col("period_start"), col("doc_id"), col("story_id"), col("outlet"), col("_m"),
            col("_t"));
    StructType out = new StructType().add("grain", DataTypes.StringType, false)
        .add("period_start", DataTypes.DateType, false).add("outlet", DataTypes.StringType, false)
        .add("actor_id", DataTypes.StringType, false).add("actor_name", DataTypes.StringType, true)
        .add("n_articles", DataTypes.LongType, false).add("n_stories", DataTypes.LongType, false)
        .add("n_outlets", DataTypes.LongType, false).add("n_mentions", DataTypes.LongType, false)
        .add("period_articles", DataTypes.LongType, false).add("share", DataTypes.DoubleType, false)
        .add("tone_mean", DataTypes.DoubleType, true).add("tone_ci_low", DataTypes.DoubleType, true)
        .add("tone_ci_high", DataTypes.DoubleType, true).add("tone_n", DataTypes.LongType, false)
        .add("evidence", org.demarche.output.Types.EVIDENCE, true);
    return docs.groupByKey((MapFunction<Row, String>) r -> r.getString(0) + "\t" + r.getDate(1), Encoders.STRING())
        .flatMapGroups(new ActorWalk(o.evidence()), Encoders.row(out));
  }

  /** A mean with its 95% interval and n, as the trend tables write it ({@link #withCi}): null mean when n = 0. */
  record MeanCi(Double mean, Double low, Double high, long n) {
    static MeanCi of(double[] xs, int n) {
      if (n == 0) {
        return new MeanCi(null, null, null, 0);
      }
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += xs[i];
      }
      double mean = sum / n;
      if (n < 2) {
        return new MeanCi(mean, null, null, n);
      }
      double ss = 0;
      for (int i = 0; i < n; i++) {
        ss += (xs[i] - mean) * (xs[i] - mean);
      }
      double half = 1.96 * Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
      return new MeanCi(mean, mean - half, mean + half, n);
    }
  }

  /** One evidence row: a fact's document, confidence, score, sentence and offset. */
  record Evidence(String docId, Double confidence, Double score, String sentence, int start) {
    /** Highest confidence first (nulls last), then doc_id and offset: the order {@link #evidence} ranks by. */
    static final java.util.Comparator<Evidence> ORDER = java.util.Comparator.comparing(Evidence::confidence,
            java.util.Comparator.nullsLast(java.util.Comparator.<Double>reverseOrder()))
        .thenComparing(Evidence::docId).thenComparingInt(Evidence::start);

    /** The evidence of fact row {@code f} of document {@code doc}: confidence, score, sentence, offset at these fields. */
    static Evidence of(String doc, Row f, int confidence, int score, int sentence, int start) {
      return new Evidence(doc, f.isNullAt(confidence) ? null : f.getDouble(confidence),
          f.isNullAt(score) ? null : f.getDouble(score), f.isNullAt(sentence) ? null : f.getString(sentence),
          f.isNullAt(start) ? 0 : f.getInt(start));
    }

    /** The top {@code k} as an {@link org.demarche.output.Types#EVIDENCE} list; null when none or k ≤ 0. */
    static scala.collection.Seq<Row> top(List<Evidence> ev, int k) {
      if (ev.isEmpty() || k <= 0) {
        return null;
      }
      ev.sort(ORDER);
      List<Row> out = new ArrayList<>();
      for (Evidence e : ev.subList(0, Math.min(k, ev.size()))) {
        out.add(RowFactory.create(e.docId(), e.confidence(), e.score(), e.sentence()));
      }
      return org.demarche.ml.ScalaInterop.seq(out);
    }
  }

  /** The {@code actor_trends} rows of one (grain, period); rows: grain, period_start, doc_id, story_id, outlet, _m, _t. */
  private static final class ActorWalk implements FlatMapGroupsFunction<String, Row, Row> {
    private final int evidence;

    ActorWalk(int evidence) {
      this.evidence = evidence;
    }

    /** One (slice, actor): its documents, stories, outlets, mentions, name and tone rows. */
    private static final class Cell {
      final java.util.Set<String> docs = new java.util.HashSet<>();
      final java.util.Set<String> stories = new java.util.HashSet<>();
      final java.util.Set<String> outlets = new java.util.HashSet<>();
      long mentions;
      String name;
      final List<Evidence> tone = new ArrayList<>();
    }

    @Override
    public java.util.Iterator<Row> call(String key, java.util.Iterator<Row> it) {
      Map<String, Map<String, Cell>> cells = new TreeMap<>();
      Map<String, java.util.Set<String>> sliceDocs = new HashMap<>();
      String grain = null;
      java.sql.Date period = null;
      while (it.hasNext()) {
        Row r = it.next();
        grain = r.getString(0);
        period = r.getDate(1);
        String doc = r.getString(2);
        String story = r.isNullAt(3) ? doc : r.getString(3);
        String outlet = r.isNullAt(4) ? null : r.getString(4);
        List<Row> ms = r.isNullAt(5) ? List.of() : r.getList(5);
        List<Row> ts = r.isNullAt(6) ? List.of() : r.getList(6);
        for (String slice : outlet == null ? new String[] {ALL} : new String[] {outlet, ALL}) {
          sliceDocs.computeIfAbsent(slice, k -> new java.util.HashSet<>()).add(doc);
          Map<String, Cell> bySlice = cells.computeIfAbsent(slice, k -> new TreeMap<>());
          for (Row m : ms) {
            Cell c = bySlice.computeIfAbsent(m.getString(0), k -> new Cell());
            c.docs.add(doc);
            c.stories.add(story);
            if (outlet != null) {
              c.outlets.add(outlet);
            }
            c.mentions++;
            if (c.name == null && !m.isNullAt(1)) {
              c.name = m.getString(1);
            }
          }
          for (Row t : ts) {
            if (t.isNullAt(0) || t.isNullAt(1)) {
              continue; // no target, or no score: not a tone value (avg and count skip nulls)
            }
            bySlice.computeIfAbsent(t.getString(0), k -> new Cell()).tone.add(Evidence.of(doc, t, 2, 1, 3, 4));
          }
        }
      }
      List<Row> out = new ArrayList<>();
      for (Map.Entry<String, Map<String, Cell>> s : cells.entrySet()) {
        long periodArticles = sliceDocs.get(s.getKey()).size();
        for (Map.Entry<String, Cell> a : s.getValue().entrySet()) {
          Cell c = a.getValue();
          if (c.docs.isEmpty()) {
            continue; // tone toward an actor the slice never mentions: no volume row to attach it to
          }
          c.tone.sort(Evidence.ORDER); // a fixed order for the sums too
          double[] xs = new double[c.tone.size()];
          for (int i = 0; i < xs.length; i++) {
            xs[i] = c.tone.get(i).score();
          }
          MeanCi t = MeanCi.of(xs, xs.length);
          out.add(RowFactory.create(grain, period, s.getKey(), a.getKey(), c.name, (long) c.docs.size(),
              (long) c.stories.size(), (long) c.outlets.size(), c.mentions, periodArticles,
              (double) c.docs.size() / periodArticles, t.mean(), t.low(), t.high(), t.n(),
              Evidence.top(c.tone, evidence)));
        }
      }
      return out.iterator();
    }
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
    // each article with its facts (tone rows and events at every level, grouped by doc_id once), fanned out to every
    // grain, then one walk per (grain, period) rolls up every outlet slice and pair (as actorTrends)
    Dataset<Row> byDoc = tone.unionByName(ev).groupBy("doc_id")
        .agg(collect_list(struct(col("level"), col("source"), col("target"), col("tone"), col("quad_class"),
            col("goldstein"), col("confidence"), col("score"), col("evidence"), col("evidence_start"))).as("_f"));
    Column grainArr = array(o.grains().stream().map(functions::lit).toArray(Column[]::new));
    Dataset<Row> docs = articles.select(col("doc_id"), col("story_id"), col("outlet"), col("dt"))
        .join(byDoc, new String[] {"doc_id"}, "left")
        .withColumn("grain", explode(grainArr))
        .withColumn("period_start", period(col("grain")))
        .where(col("period_start").isNotNull())
        .select(col("grain"), col("period_start"), col("doc_id"), col("story_id"), col("outlet"), col("_f"));
    StructType out = new StructType().add("grain", DataTypes.StringType, false)
        .add("period_start", DataTypes.DateType, false).add("outlet", DataTypes.StringType, false)
        .add("level", DataTypes.StringType, false).add("source", DataTypes.StringType, false)
        .add("target", DataTypes.StringType, false).add("n_articles", DataTypes.LongType, false)
        .add("n_stories", DataTypes.LongType, false).add("n_outlets", DataTypes.LongType, false)
        .add("period_articles", DataTypes.LongType, false).add("share", DataTypes.DoubleType, false)
        .add("tone_mean", DataTypes.DoubleType, true).add("tone_ci_low", DataTypes.DoubleType, true)
        .add("tone_ci_high", DataTypes.DoubleType, true).add("tone_n", DataTypes.LongType, false)
        .add("n_events", DataTypes.LongType, false).add("n_cooperation", DataTypes.LongType, false)
        .add("n_conflict", DataTypes.LongType, false).add("goldstein_mean", DataTypes.DoubleType, true)
        .add("evidence", org.demarche.output.Types.EVIDENCE, true);
    return docs.groupByKey((MapFunction<Row, String>) r -> r.getString(0) + "\t" + r.getDate(1), Encoders.STRING())
        .flatMapGroups(new DyadWalk(o.evidence()), Encoders.row(out));
  }

  /**
   * The {@code dyad_trends} rows of one (grain, period); rows: grain, period_start, doc_id, story_id, outlet, _f (facts:
   * level, source, target, tone, quad_class, goldstein, confidence, score, evidence, evidence_start).
   */
  private static final class DyadWalk implements FlatMapGroupsFunction<String, Row, Row> {
    private final int evidence;

    DyadWalk(int evidence) {
      this.evidence = evidence;
    }

    /** One (slice, level, source, target). */
    private static final class Cell {
      final java.util.Set<String> docs = new java.util.HashSet<>();
      final java.util.Set<String> stories = new java.util.HashSet<>();
      final java.util.Set<String> outlets = new java.util.HashSet<>();
      final List<Double> tone = new ArrayList<>();
      final List<Double> goldstein = new ArrayList<>();
      long cooperation;
      long conflict;
      final List<Evidence> ev = new ArrayList<>();
    }

    @Override
    public java.util.Iterator<Row> call(String key, java.util.Iterator<Row> it) {
      // slice -> "level\tsource\ttarget" -> cell
      Map<String, Map<String, Cell>> cells = new TreeMap<>();
      Map<String, java.util.Set<String>> sliceDocs = new HashMap<>();
      String grain = null;
      java.sql.Date period = null;
      while (it.hasNext()) {
        Row r = it.next();
        grain = r.getString(0);
        period = r.getDate(1);
        String doc = r.getString(2);
        String story = r.isNullAt(3) ? doc : r.getString(3);
        String outlet = r.isNullAt(4) ? null : r.getString(4);
        List<Row> fs = r.isNullAt(5) ? List.of() : r.getList(5);
        for (String slice : outlet == null ? new String[] {ALL} : new String[] {outlet, ALL}) {
          sliceDocs.computeIfAbsent(slice, k -> new java.util.HashSet<>()).add(doc);
          Map<String, Cell> bySlice = cells.computeIfAbsent(slice, k -> new TreeMap<>());
          for (Row f : fs) {
            Cell c = bySlice.computeIfAbsent(f.getString(0) + "\t" + f.getString(1) + "\t" + f.getString(2),
                k -> new Cell());
            c.docs.add(doc);
            c.stories.add(story);
            if (outlet != null) {
              c.outlets.add(outlet);
            }
            if (!f.isNullAt(3)) {
              c.tone.add(f.getDouble(3));
            }
            if (!f.isNullAt(4)) {
              c.cooperation += f.getInt(4) <= 2 ? 1 : 0;
              c.conflict += f.getInt(4) >= 3 ? 1 : 0;
            }
            if (!f.isNullAt(5)) {
              c.goldstein.add(f.getDouble(5));
            }
            c.ev.add(Evidence.of(doc, f, 6, 7, 8, 9));
          }
        }
      }
      List<Row> out = new ArrayList<>();
      for (Map.Entry<String, Map<String, Cell>> s : cells.entrySet()) {
        long periodArticles = sliceDocs.get(s.getKey()).size();
        for (Map.Entry<String, Cell> p : s.getValue().entrySet()) {
          Cell c = p.getValue();
          String[] k = p.getKey().split("\t", -1);
          double[] xs = c.tone.stream().sorted().mapToDouble(Double::doubleValue).toArray();
          MeanCi t = MeanCi.of(xs, xs.length);
          Double gold = null;
          if (!c.goldstein.isEmpty()) {
            gold = c.goldstein.stream().sorted().mapToDouble(Double::doubleValue).sum() / c.goldstein.size();
          }
          out.add(RowFactory.create(grain, period, s.getKey(), k[0], k[1], k[2], (long) c.docs.size(),
              (long) c.stories.size(), (long) c.outlets.size(), periodArticles,
              (double) c.docs.size() / periodArticles, t.mean(), t.low(), t.high(), t.n(),
              (long) c.goldstein.size(), c.cooperation, c.conflict, gold, Evidence.top(c.ev, evidence)));
        }
      }
      return out.iterator();
    }
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
    // each article with its issue facts at every level (grouped by doc_id once), fanned out to every grain, then one
    // walk per (grain, period) rolls up every outlet slice and (level, source, issue) (as actorTrends)
    Dataset<Row> byDoc = facts.groupBy("doc_id")
        .agg(collect_list(struct(col("level"), col("source"), col("issue_id"), col("issue_label"), col("score"),
            col("stance_class"), col("confidence"), col("evidence"), col("evidence_start"))).as("_f"));
    Column grainArr = array(o.grains().stream().map(functions::lit).toArray(Column[]::new));
    Dataset<Row> docs = articles.select(col("doc_id"), col("story_id"), col("outlet"), col("dt"))
        .join(byDoc, new String[] {"doc_id"}, "left")
        .withColumn("grain", explode(grainArr))
        .withColumn("period_start", period(col("grain")))
        .where(col("period_start").isNotNull())
        .select(col("grain"), col("period_start"), col("doc_id"), col("story_id"), col("outlet"), col("_f"));
    StructType out = new StructType().add("grain", DataTypes.StringType, false)
        .add("period_start", DataTypes.DateType, false).add("outlet", DataTypes.StringType, false)
        .add("level", DataTypes.StringType, false).add("source", DataTypes.StringType, false)
        .add("issue_id", DataTypes.StringType, false).add("issue_label", DataTypes.StringType, true)
        .add("n_articles", DataTypes.LongType, false).add("n_stories", DataTypes.LongType, false)
        .add("n_outlets", DataTypes.LongType, false).add("period_articles", DataTypes.LongType, false)
        .add("share", DataTypes.DoubleType, false).add("n_support", DataTypes.LongType, false)
        .add("n_oppose", DataTypes.LongType, false).add("n_neutral", DataTypes.LongType, false)
        .add("stance_mean", DataTypes.DoubleType, true).add("stance_ci_low", DataTypes.DoubleType, true)
        .add("stance_ci_high", DataTypes.DoubleType, true).add("stance_n", DataTypes.LongType, false)
        .add("evidence", org.demarche.output.Types.EVIDENCE, true);
    return docs.groupByKey((MapFunction<Row, String>) r -> r.getString(0) + "\t" + r.getDate(1), Encoders.STRING())
        .flatMapGroups(new IssueWalk(o.evidence()), Encoders.row(out));
  }

  /**
   * The {@code issue_trends} rows of one (grain, period); rows: grain, period_start, doc_id, story_id, outlet, _f
   * (facts: level, source, issue_id, issue_label, score, stance_class, confidence, evidence, evidence_start).
   */
  private static final class IssueWalk implements FlatMapGroupsFunction<String, Row, Row> {
    private final int evidence;

    IssueWalk(int evidence) {
      this.evidence = evidence;
    }

    /** One (slice, level, source, issue). */
    private static final class Cell {
      final java.util.Set<String> docs = new java.util.HashSet<>();
      final java.util.Set<String> stories = new java.util.HashSet<>();
      final java.util.Set<String> outlets = new java.util.HashSet<>();
      String label;
      long support;
      long oppose;
      long neutral;
      final List<Double> scores = new ArrayList<>();
      final List<Evidence> ev = new ArrayList<>();
    }

    @Override
    public java.util.Iterator<Row> call(String key, java.util.Iterator<Row> it) {
      Map<String, Map<String, Cell>> cells = new TreeMap<>();
      Map<String, java.util.Set<String>> sliceDocs = new HashMap<>();
      String grain = null;
      java.sql.Date period = null;
      while (it.hasNext()) {
        Row r = it.next();
        grain = r.getString(0);
        period = r.getDate(1);
        String doc = r.getString(2);
        String story = r.isNullAt(3) ? doc : r.getString(3);
        String outlet = r.isNullAt(4) ? null : r.getString(4);
        List<Row> fs = r.isNullAt(5) ? List.of() : r.getList(5);
        for (String slice : outlet == null ? new String[] {ALL} : new String[] {outlet, ALL}) {
          sliceDocs.computeIfAbsent(slice, k -> new java.util.HashSet<>()).add(doc);
          Map<String, Cell> bySlice = cells.computeIfAbsent(slice, k -> new TreeMap<>());
          for (Row f : fs) {
            if (f.isNullAt(2)) {
              continue; // no issue id: no key (an inner join on it would drop the row)
            }
            Cell c = bySlice.computeIfAbsent(f.getString(0) + "\t" + f.getString(1) + "\t" + f.getString(2),
                k -> new Cell());
            c.docs.add(doc);
            c.stories.add(story);
            if (outlet != null) {
              c.outlets.add(outlet);
            }
            if (c.label == null && !f.isNullAt(3)) {
              c.label = f.getString(3);
            }
            String cls = f.isNullAt(5) ? "" : f.getString(5);
            c.support += cls.equals("support") ? 1 : 0;
            c.oppose += cls.equals("oppose") ? 1 : 0;
            c.neutral += cls.equals("neutral") ? 1 : 0;
            if (!f.isNullAt(4)) {
              c.scores.add(f.getDouble(4));
            }
            c.ev.add(Evidence.of(doc, f, 6, 4, 7, 8));
          }
        }
      }
      List<Row> out = new ArrayList<>();
      for (Map.Entry<String, Map<String, Cell>> s : cells.entrySet()) {
        long periodArticles = sliceDocs.get(s.getKey()).size();
        for (Map.Entry<String, Cell> p : s.getValue().entrySet()) {
          Cell c = p.getValue();
          String[] k = p.getKey().split("\t", -1);
          double[] xs = c.scores.stream().sorted().mapToDouble(Double::doubleValue).toArray();
          MeanCi m = MeanCi.of(xs, xs.length);
          out.add(RowFactory.create(grain, period, s.getKey(), k[0], k[1], k[2], c.label, (long) c.docs.size(),
              (long) c.stories.size(), (long) c.outlets.size(), periodArticles,
              (double) c.docs.size() / periodArticles, c.support, c.oppose, c.neutral, m.mean(), m.low(), m.high(),
              m.n(), Evidence.top(c.ev, evidence)));
        }
      }
      return out.iterator();
    }
  }

  /**
   * {@code outlet_trends}: per grain, period and outlet (and {@code __all__}): volumes, the outlet's share of all
   * articles in the period, and the mean GDELT-style document tone with interval.
   */
  public static Dataset<Row> outletTrends(Dataset<Row> articles, Options o) {
    // one walk per (grain, period) over its articles, as the other trend tables
    Column grainArr = array(o.grains().stream().map(functions::lit).toArray(Column[]::new));
    Dataset<Row> docs = articles.select(col("doc_id"), col("story_id"), col("outlet"), col("dt"),
            col("tone").cast("double").as("tone"))
        .withColumn("grain", explode(grainArr))
        .withColumn("period_start", period(col("grain")))
        .where(col("period_start").isNotNull())
        .select(col("grain"), col("period_start"), col("doc_id"), col("story_id"), col("outlet"), col("tone"));
    StructType out = new StructType().add("grain", DataTypes.StringType, false)
        .add("period_start", DataTypes.DateType, false).add("outlet", DataTypes.StringType, true)
        .add("n_articles", DataTypes.LongType, false).add("n_stories", DataTypes.LongType, false)
        .add("n_outlets", DataTypes.LongType, false).add("period_articles", DataTypes.LongType, false)
        .add("share", DataTypes.DoubleType, false).add("tone_mean", DataTypes.DoubleType, true)
        .add("tone_ci_low", DataTypes.DoubleType, true).add("tone_ci_high", DataTypes.DoubleType, true)
        .add("tone_n", DataTypes.LongType, false);
    return docs.groupByKey((MapFunction<Row, String>) r -> r.getString(0) + "\t" + r.getDate(1), Encoders.STRING())
        .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (key, it) -> {
          // slice (an outlet, null for articles without one, or all outlets) -> documents, stories, outlets, tones
          Map<String, Object[]> cells = new HashMap<>();
          String grain = null;
          java.sql.Date period = null;
          while (it.hasNext()) {
            Row r = it.next();
            grain = r.getString(0);
            period = r.getDate(1);
            String doc = r.getString(2);
            String outlet = r.isNullAt(4) ? null : r.getString(4);
            for (String slice : new String[] {outlet, ALL}) {
              Object[] c = cells.computeIfAbsent(slice, k -> new Object[] {new java.util.HashSet<String>(),
                  new java.util.HashSet<String>(), new java.util.HashSet<String>(), new ArrayList<Double>()});
              @SuppressWarnings("unchecked") java.util.Set<String> d = (java.util.Set<String>) c[0];
              @SuppressWarnings("unchecked") java.util.Set<String> st = (java.util.Set<String>) c[1];
              @SuppressWarnings("unchecked") java.util.Set<String> ou = (java.util.Set<String>) c[2];
              @SuppressWarnings("unchecked") List<Double> tones = (List<Double>) c[3];
              d.add(doc);
              st.add(r.isNullAt(3) ? doc : r.getString(3));
              if (outlet != null) {
                ou.add(outlet);
              }
              if (!r.isNullAt(5)) {
                tones.add(r.getDouble(5));
              }
            }
          }
          @SuppressWarnings("unchecked")
          long total = ((java.util.Set<String>) cells.get(ALL)[0]).size();
          List<Row> rows = new ArrayList<>();
          for (Map.Entry<String, Object[]> e : cells.entrySet()) {
            Object[] c = e.getValue();
            long n = ((java.util.Set<?>) c[0]).size();
            @SuppressWarnings("unchecked")
            double[] xs = ((List<Double>) c[3]).stream().sorted().mapToDouble(Double::doubleValue).toArray();
            MeanCi t = MeanCi.of(xs, xs.length);
            rows.add(RowFactory.create(grain, period, e.getKey(), n, (long) ((java.util.Set<?>) c[1]).size(),
                (long) ((java.util.Set<?>) c[2]).size(), total, (double) n / total, t.mean(), t.low(), t.high(),
                t.n()));
          }
          return rows.iterator();
        }, Encoders.row(out));
  }
}
