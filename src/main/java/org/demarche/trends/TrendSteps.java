package org.demarche.trends;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.output.OutputTables;

/**
 * Trend roll-ups for dashboards: plain Dataset functions that change grain from the fact tables ({@code articles},
 * {@code actor_mentions}, {@code stance}, {@code events}) to one row per period × slice × key.
 *
 * <p>Every trend row carries {@code grain} ({@code day}, {@code week} (ISO, Monday start) or {@code month}),
 * {@code period_start} (DATE), {@code outlet} (one outlet, or {@code __all__} for all outlets together),
 * {@code n_articles}, {@code n_stories} (after deduplication) and {@code n_outlets} side by side, and {@code share}:
 * the key's articles over all articles of that period and outlet slice ({@code period_articles}).
 *
 * <p>Means come with their unit sd, their 95% interval clustered by story ({@link MeanCi}: units of one article or of
 * near-copies of one story are not independent), its standard error, the {@code n} units and the number of stories
 * ({@code _clusters}) behind them. Evidence lists hold the top {@link Options#evidence()} rows by confidence (ties by
 * doc_id, then offset), each a struct of {@code doc_id}, {@code confidence}, {@code score} and {@code sentence}.
 *
 * <p>Each table is one {@link PeriodWalk} per (grain, period): every article of the period, carrying its facts
 * (grouped by doc_id once), is rolled up there into every outlet slice and key, so a table costs a handful of Spark
 * jobs whatever its number of aggregates. Sums run in a fixed order (values sorted), so the same facts always give
 * the same bits.
 */
public final class TrendSteps {
  public static final String ALL = "__all__";
  public static final List<String> GRAINS = List.of("day", "week", "month");

  /** Roll-up options: grains and the number of evidence sentences per row. */
  public record Options(List<String> grains, int evidence) {}

  private TrendSteps() {}

  /**
   * The walk's output schema: the table's contract columns with {@code grain} moved first (the walk's column order),
   * all nullable (articles without an outlet form an outlet slice of their own in {@code outlet_trends}).
   */
  private static StructType walkSchema(OutputTables t) {
    StructType s = new StructType().add("grain", DataTypes.StringType, true);
    for (var f : t.schema().fields()) {
      if (!f.name().equals("grain")) {
        s = s.add(f.name(), f.dataType(), true);
      }
    }
    return s;
  }

  /** The columns of a mean, in table order: mean, ci_low, ci_high, n, sd, se, clusters. */
  private static Object[] cols(MeanCi m) {
    return new Object[] {m.mean(), m.low(), m.high(), m.n(), m.sd(), m.se(), m.clusters()};
  }

  /** {@code head}, then {@code mid} spread, then {@code tail}: one output row. */
  private static Row row(Object[] head, Object[] mid, Object... tail) {
    Object[] all = new Object[head.length + mid.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(mid, 0, all, head.length, mid.length);
    System.arraycopy(tail, 0, all, head.length + mid.length, tail.length);
    return RowFactory.create(all);
  }

  /**
   * {@code actor_trends}: per grain, period, outlet slice and actor: volumes and share, mean tone toward the actor
   * ({@code stance} rows of kind tone whose target is the actor) with interval, and the evidence behind it.
   */
  public static Dataset<Row> actorTrends(Dataset<Row> articles, Dataset<Row> mentions, Dataset<Row> stance,
      Options o) {
    // One row per article with its mentions and its tone rows toward actors (each grouped by doc_id once), rolled up
    // by one walk per (grain, period) (22 Spark jobs on the bundled sample before, as joins, aggregates and windows).
    Dataset<Row> byDocMentions = mentions.groupBy("doc_id")
        .agg(collect_list(struct(col("actor_id"), col("actor_name"))).as("_m"));
    Dataset<Row> byDocTone = stance.where(col("kind").equalTo("tone").and(col("target_type").equalTo("actor")))
        .groupBy("doc_id")
        .agg(collect_list(struct(col("target_id"), col("score"), col("confidence"), col("evidence"),
            col("evidence_start"))).as("_t"));
    Dataset<Row> docs = articles.select(col("doc_id"), col("story_id"), col("outlet"), col("dt"))
        .join(byDocMentions, new String[] {"doc_id"}, "left")
        .join(byDocTone, new String[] {"doc_id"}, "left");
    return PeriodWalk.walk(PeriodWalk.byPeriod(docs, o.grains(), "_m", "_t"), new ActorWalk(o.evidence()),
        walkSchema(OutputTables.ACTOR_TRENDS));
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

  /** The {@code actor_trends} rows of one (grain, period); own columns: _m (mentions), _t (tone rows). */
  private static final class ActorWalk extends PeriodWalk<String, ActorWalk.Cell> {
    private final int evidence;

    ActorWalk(int evidence) {
      super(false, Cell::new);
      this.evidence = evidence;
    }

    /** One (slice, actor): its documents, stories, outlets, mentions, name and tone rows. */
    static final class Cell extends Volume {
      long mentions;
      String name;
      final MeanCi.Units tone = new MeanCi.Units();
      final List<Evidence> ev = new ArrayList<>();
    }

    @Override
    protected void add(Row r, Doc d, Function<String, Cell> cell) {
      List<Row> ms = list(r, OWN);
      for (Row m : ms) {
        Cell c = cell.apply(m.getString(0));
        c.count(d);
        c.mentions++;
        if (c.name == null && !m.isNullAt(1)) {
          c.name = m.getString(1);
        }
      }
      List<Row> ts = list(r, OWN + 1);
      for (Row t : ts) {
        if (t.isNullAt(0) || t.isNullAt(1)) {
          continue; // no target, or no score: not a tone value
        }
        Cell c = cell.apply(t.getString(0));
        c.tone.add(d.story(), t.getDouble(1));
        c.ev.add(Evidence.of(d.id(), t, 2, 1, 3, 4));
      }
    }

    @Override
    protected void emit(String grain, java.sql.Date period, String slice, long sliceDocs, String actor, Cell c,
        List<Row> out) {
      if (c.docs.isEmpty()) {
        return; // tone toward an actor the slice never mentions: no volume row to attach it to
      }
      out.add(row(new Object[] {grain, period, slice, actor, c.name, (long) c.docs.size(), (long) c.stories.size(),
          (long) c.outlets.size(), c.mentions, sliceDocs, (double) c.docs.size() / sliceDocs},
          cols(MeanCi.of(c.tone)), Evidence.top(c.ev, evidence)));
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
    // each article with its facts (tone rows and events at every level, grouped by doc_id once), rolled up by one walk
    // per (grain, period) (as actorTrends)
    Dataset<Row> byDoc = tone.unionByName(ev).groupBy("doc_id")
        .agg(collect_list(struct(col("level"), col("source"), col("target"), col("tone"), col("quad_class"),
            col("goldstein"), col("confidence"), col("score"), col("evidence"), col("evidence_start"))).as("_f"));
    Dataset<Row> docs = articles.select(col("doc_id"), col("story_id"), col("outlet"), col("dt"))
        .join(byDoc, new String[] {"doc_id"}, "left");
    return PeriodWalk.walk(PeriodWalk.byPeriod(docs, o.grains(), "_f"), new DyadWalk(o.evidence()),
        walkSchema(OutputTables.DYAD_TRENDS));
  }

  /**
   * The {@code dyad_trends} rows of one (grain, period); own column _f (facts: level, source, target, tone,
   * quad_class, goldstein, confidence, score, evidence, evidence_start).
   */
  private static final class DyadWalk extends PeriodWalk<String, DyadWalk.Cell> {
    private final int evidence;

    DyadWalk(int evidence) {
      super(false, Cell::new);
      this.evidence = evidence;
    }

    /** One (slice, "level\tsource\ttarget"). */
    static final class Cell extends Volume {
      final MeanCi.Units tone = new MeanCi.Units();
      final List<Double> goldstein = new ArrayList<>();
      long cooperation;
      long conflict;
      final List<Evidence> ev = new ArrayList<>();
    }

    @Override
    protected void add(Row r, Doc d, Function<String, Cell> cell) {
      List<Row> fs = list(r, OWN);
      for (Row f : fs) {
        Cell c = cell.apply(f.getString(0) + "\t" + f.getString(1) + "\t" + f.getString(2));
        c.count(d);
        if (!f.isNullAt(3)) {
          c.tone.add(d.story(), f.getDouble(3));
        }
        if (!f.isNullAt(4)) {
          c.cooperation += f.getInt(4) <= 2 ? 1 : 0;
          c.conflict += f.getInt(4) >= 3 ? 1 : 0;
        }
        if (!f.isNullAt(5)) {
          c.goldstein.add(f.getDouble(5));
        }
        c.ev.add(Evidence.of(d.id(), f, 6, 7, 8, 9));
      }
    }

    @Override
    protected void emit(String grain, java.sql.Date period, String slice, long sliceDocs, String pair, Cell c,
        List<Row> out) {
      String[] k = pair.split("\t", -1);
      Double gold = null;
      if (!c.goldstein.isEmpty()) {
        gold = c.goldstein.stream().sorted().mapToDouble(Double::doubleValue).sum() / c.goldstein.size();
      }
      out.add(row(new Object[] {grain, period, slice, k[0], k[1], k[2], (long) c.docs.size(),
          (long) c.stories.size(), (long) c.outlets.size(), sliceDocs, (double) c.docs.size() / sliceDocs},
          cols(MeanCi.of(c.tone)), (long) c.goldstein.size(), c.cooperation, c.conflict, gold,
          Evidence.top(c.ev, evidence)));
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
    // each article with its issue facts at every level (grouped by doc_id once), rolled up by one walk per
    // (grain, period) (as actorTrends)
    Dataset<Row> byDoc = facts.groupBy("doc_id")
        .agg(collect_list(struct(col("level"), col("source"), col("issue_id"), col("issue_label"), col("score"),
            col("stance_class"), col("confidence"), col("evidence"), col("evidence_start"))).as("_f"));
    Dataset<Row> docs = articles.select(col("doc_id"), col("story_id"), col("outlet"), col("dt"))
        .join(byDoc, new String[] {"doc_id"}, "left");
    return PeriodWalk.walk(PeriodWalk.byPeriod(docs, o.grains(), "_f"), new IssueWalk(o.evidence()),
        walkSchema(OutputTables.ISSUE_TRENDS));
  }

  /**
   * The {@code issue_trends} rows of one (grain, period); own column _f (facts: level, source, issue_id, issue_label,
   * score, stance_class, confidence, evidence, evidence_start).
   */
  private static final class IssueWalk extends PeriodWalk<String, IssueWalk.Cell> {
    private final int evidence;

    IssueWalk(int evidence) {
      super(false, Cell::new);
      this.evidence = evidence;
    }

    /** One (slice, "level\tsource\tissue"). */
    static final class Cell extends Volume {
      String label;
      long support;
      long oppose;
      long neutral;
      final MeanCi.Units scores = new MeanCi.Units();
      final List<Evidence> ev = new ArrayList<>();
    }

    @Override
    protected void add(Row r, Doc d, Function<String, Cell> cell) {
      List<Row> fs = list(r, OWN);
      for (Row f : fs) {
        if (f.isNullAt(2)) {
          continue; // no issue id: no key
        }
        Cell c = cell.apply(f.getString(0) + "\t" + f.getString(1) + "\t" + f.getString(2));
        c.count(d);
        if (c.label == null && !f.isNullAt(3)) {
          c.label = f.getString(3);
        }
        String cls = f.isNullAt(5) ? "" : f.getString(5);
        c.support += cls.equals("support") ? 1 : 0;
        c.oppose += cls.equals("oppose") ? 1 : 0;
        c.neutral += cls.equals("neutral") ? 1 : 0;
        if (!f.isNullAt(4)) {
          c.scores.add(d.story(), f.getDouble(4));
        }
        c.ev.add(Evidence.of(d.id(), f, 6, 4, 7, 8));
      }
    }

    @Override
    protected void emit(String grain, java.sql.Date period, String slice, long sliceDocs, String key, Cell c,
        List<Row> out) {
      String[] k = key.split("\t", -1);
      out.add(row(new Object[] {grain, period, slice, k[0], k[1], k[2], c.label, (long) c.docs.size(),
          (long) c.stories.size(), (long) c.outlets.size(), sliceDocs, (double) c.docs.size() / sliceDocs,
          c.support, c.oppose, c.neutral}, cols(MeanCi.of(c.scores)), Evidence.top(c.ev, evidence)));
    }
  }

  /**
   * {@code outlet_trends}: per grain, period and outlet (and {@code __all__}; articles without an outlet form a slice
   * of their own): volumes, the outlet's share of all articles in the period, and the mean GDELT-style document tone
   * with interval.
   */
  public static Dataset<Row> outletTrends(Dataset<Row> articles, Options o) {
    Dataset<Row> docs = articles.select(col("doc_id"), col("story_id"), col("outlet"), col("dt"),
        col("tone").cast("double").as("tone"));
    return PeriodWalk.walk(PeriodWalk.byPeriod(docs, o.grains(), "tone"), new OutletWalk(),
        walkSchema(OutputTables.OUTLET_TRENDS));
  }

  /** The {@code outlet_trends} rows of one (grain, period); own column: tone. One cell per slice. */
  private static final class OutletWalk extends PeriodWalk<String, OutletWalk.Cell> {
    OutletWalk() {
      super(true, Cell::new);
    }

    static final class Cell extends Volume {
      final MeanCi.Units tone = new MeanCi.Units();
    }

    @Override
    protected void add(Row r, Doc d, Function<String, Cell> cell) {
      Cell c = cell.apply("");
      c.count(d);
      if (!r.isNullAt(OWN)) {
        c.tone.add(d.story(), r.getDouble(OWN));
      }
    }

    @Override
    protected void emit(String grain, java.sql.Date period, String slice, long sliceDocs, String key, Cell c,
        List<Row> out) {
      long total = periodDocs(); // an outlet's share is of all the period's articles
      long n = c.docs.size();
      out.add(row(new Object[] {grain, period, slice, n, (long) c.stories.size(), (long) c.outlets.size(), total,
          (double) n / total}, cols(MeanCi.of(c.tone))));
    }
  }
}
