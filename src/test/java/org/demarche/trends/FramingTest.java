package org.demarche.trends;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.ml.ScalaInterop;
import org.demarche.output.OutputTables;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/**
 * Framing rows and divergences: clustered means per outlet group, grain and target, evidence, events by QuadClass;
 * and the divergence interval's coverage on a seeded simulation.
 */
class FramingTest {
  private final SparkSession spark = SparkTestSession.get();

  private static final StructType ARTICLES = new StructType()
      .add("doc_id", DataTypes.StringType).add("story_id", DataTypes.StringType).add("outlet", DataTypes.StringType)
      .add("dt", DataTypes.DateType).add("thread_id", DataTypes.StringType)
      .add("outlet_attributes", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));

  private final List<Row> articles = new ArrayList<>();
  private final List<Row> stance = new ArrayList<>();
  private final List<Row> events = new ArrayList<>();

  private void article(String doc, String outlet, String lean, String date, String thread) {
    articles.add(RowFactory.create(doc, "st_" + doc, outlet, Date.valueOf(date), thread,
        ScalaInterop.map(lean == null ? Map.of() : Map.of("lean", lean))));
  }

  private void tone(String doc, String target, double score, String sentence) {
    tone(doc, target, score, sentence, "outlet");
  }

  private void tone(String doc, String target, double score, String sentence, String sourceType) {
    Object[] v = new Object[OutputTables.STANCE.schema().size()];
    StructType s = OutputTables.STANCE.schema();
    v[s.fieldIndex("doc_id")] = doc;
    v[s.fieldIndex("kind")] = "tone";
    v[s.fieldIndex("target_type")] = "actor";
    v[s.fieldIndex("target_id")] = target;
    v[s.fieldIndex("target_name")] = target;
    v[s.fieldIndex("score")] = score;
    v[s.fieldIndex("confidence")] = 1.0;
    v[s.fieldIndex("evidence")] = sentence;
    v[s.fieldIndex("source_type")] = sourceType;
    stance.add(RowFactory.create(v));
  }

  private void event(String doc, String target, int quad) {
    Object[] v = new Object[OutputTables.EVENTS.schema().size()];
    StructType s = OutputTables.EVENTS.schema();
    v[s.fieldIndex("doc_id")] = doc;
    v[s.fieldIndex("target_actor_id")] = target;
    v[s.fieldIndex("target_name")] = target;
    v[s.fieldIndex("quad_class")] = quad;
    v[s.fieldIndex("negated")] = false;
    v[s.fieldIndex("confidence")] = 1.0;
    events.add(RowFactory.create(v));
  }

  /** The table's schema with every column nullable, as a table read from Parquet is (the rows set only some). */
  private static StructType nullable(OutputTables t) {
    StructType s = new StructType();
    for (var f : t.schema().fields()) {
      s = s.add(f.name(), f.dataType(), true);
    }
    return s;
  }

  private Dataset<Row> framing(List<String> groups, List<String> grains, int minUnits) {
    return framing(groups, grains, minUnits, "all");
  }

  private Dataset<Row> framing(List<String> groups, List<String> grains, int minUnits, String voice) {
    return Framing.framing(spark.createDataFrame(articles, ARTICLES),
        spark.createDataFrame(stance, nullable(OutputTables.STANCE)),
        spark.createDataFrame(events, nullable(OutputTables.EVENTS)),
        new Framing.Options(groups, grains, minUnits, 2, voice));
  }

  @Test
  void theVoiceSettingKeepsTheOutletsOwnWordsOrTheQuotedActorsOnly() {
    article("b1", "Breitbart", "right", "2017-03-07", "th_v");
    article("b2", "Breitbart", "right", "2017-03-08", "th_v");
    tone("b1", "DONALD_TRUMP", 0.6, "The president delivered.", "outlet");
    tone("b2", "DONALD_TRUMP", 0.4, "A strong week for Trump.", "outlet");
    tone("b1", "DONALD_TRUMP", -0.9, "\"He is a disgrace,\" Pelosi said.", "actor");
    event("b1", "DONALD_TRUMP", 3);
    Map<String, Double> mean = new java.util.HashMap<>();
    Map<String, Long> conflict = new java.util.HashMap<>();
    for (String voice : List.of("all", "outlet", "actor")) {
      Row r = framing(List.of("lean"), List.of("thread"), 1, voice).first();
      mean.put(voice, r.getAs("mean"));
      conflict.put(voice, (long) (int) r.getAs("verbal_conflict"));
    }
    assertThat(mean.get("all")).isCloseTo((0.6 + 0.4 - 0.9) / 3, within(1e-9));
    assertThat(mean.get("outlet")).isCloseTo(0.5, within(1e-9));
    assertThat(mean.get("actor")).isCloseTo(-0.9, within(1e-9));
    // events are counted whatever the voice
    assertThat(conflict).hasSize(3);
    assertThat(conflict.values()).containsOnly(1L);
  }

  @Test
  void eachGroupGetsAClusteredMeanTowardEachTargetWithEvidenceAndEvents() {
    // one thread reported by a state outlet (hostile) and two private ones (friendly)
    article("r1", "RT", "state", "2013-05-07", "th_a");
    article("r2", "RT", "state", "2013-05-08", "th_a");
    article("c1", "CNN", "private", "2013-05-07", "th_a");
    article("f1", "Fox", "private", "2013-05-08", "th_a");
    article("x1", "Blog", null, "2013-05-09", "th_b"); // no lean: only in the outlet groups
    tone("r1", "USA", -0.8, "Washington is lying.");
    tone("r1", "USA", -0.6, "Washington meddles.");
    tone("r2", "USA", -0.4, "US policy failed.");
    tone("c1", "USA", 0.5, "The US led the talks.");
    tone("f1", "USA", 0.3, "America stood firm.");
    tone("x1", "USA", 0.9, "Great.");
    event("r1", "USA", 4);
    event("c1", "USA", 1);
    Dataset<Row> f = framing(List.of("outlet", "lean"), List.of("thread", "month"), 1).cache();
    Row state = f.where(col("group_key").equalTo("lean").and(col("group_value").equalTo("state"))
        .and(col("grain").equalTo("thread"))).first();
    assertThat(state.<String>getAs("thread_id")).isEqualTo("th_a");
    assertThat(state.getAs("period_start").toString()).isEqualTo("2013-05-07");
    assertThat((double) state.getAs("mean")).isCloseTo(-0.6, within(1e-9));
    assertThat((long) state.getAs("n")).isEqualTo(3);
    assertThat((long) state.getAs("clusters")).isEqualTo(2);
    assertThat((long) state.getAs("articles")).isEqualTo(2);
    assertThat((int) state.getAs("material_conflict")).isEqualTo(1);
    List<Row> ev = state.getList(state.fieldIndex("evidence"));
    assertThat(ev).hasSize(2);
    assertThat(ev.get(0).<String>getAs("sentence")).isEqualTo("Washington is lying.");
    // the clustered standard error (CR1) of the state group: stories r1 (−0.8, −0.6) and r2 (−0.4)
    double e1 = (-0.8 + 0.6) + (-0.6 + 0.6);
    double e2 = -0.4 + 0.6;
    assertThat((double) state.getAs("se")).isCloseTo(Math.sqrt(2.0 * (e1 * e1 + e2 * e2)) / 3, within(1e-12));
    Row priv = f.where(col("group_key").equalTo("lean").and(col("group_value").equalTo("private"))
        .and(col("grain").equalTo("month"))).first();
    assertThat((double) priv.getAs("mean")).isCloseTo(0.4, within(1e-9));
    assertThat((int) priv.getAs("verbal_cooperation")).isEqualTo(1);
    // the article without a lean is in the outlet groups only
    assertThat(f.where(col("group_key").equalTo("lean")).where(col("n").equalTo(1).and(col("mean").equalTo(0.9)))
        .count()).isZero();
    assertThat(f.where(col("group_key").equalTo("outlet").and(col("group_value").equalTo("Blog"))).count())
        .isEqualTo(2);

    Dataset<Row> d = Framing.divergence(f.withColumn("run_id", org.apache.spark.sql.functions.lit("r")));
    Row lean = d.where(col("group_key").equalTo("lean").and(col("grain").equalTo("thread"))).first();
    assertThat(lean.<String>getAs("group_a")).isEqualTo("private");
    assertThat(lean.<String>getAs("group_b")).isEqualTo("state");
    assertThat((double) lean.getAs("diff")).isCloseTo(1.0, within(1e-9));
    assertThat((double) lean.getAs("ci_low")).isLessThan(1.0);
    // outlets are compared within threads, never across a whole month
    assertThat(d.where(col("group_key").equalTo("outlet").and(col("grain").equalTo("month"))).count()).isZero();
  }

  @Test
  void theDivergenceIntervalCoversTheTrueDifferenceInASeededSimulation() {
    // 200 simulated months: two groups of 12 stories each, every story with 1-6 correlated units (a story effect),
    // true group means 0.1 and -0.2; the 95% interval of the difference should cover 0.3 about 95% of the time
    Random rnd = new Random(7);
    int months = 200;
    for (int m = 0; m < months; m++) {
      String date = java.time.LocalDate.of(2000, 1, 1).plusMonths(m).toString();
      for (String g : List.of("left", "right")) {
        double mu = g.equals("left") ? 0.1 : -0.2;
        for (int s = 0; s < 12; s++) {
          String doc = g + m + "_" + s;
          article(doc, "outlet_" + g + (s % 3), g, date, null);
          double storyEffect = rnd.nextGaussian() * 0.3;
          int units = 1 + rnd.nextInt(6);
          for (int u = 0; u < units; u++) {
            tone(doc, "USA", mu + storyEffect + rnd.nextGaussian() * 0.2, "s");
          }
        }
      }
    }
    Dataset<Row> f = framing(List.of("lean"), List.of("month"), 1);
    List<Row> d = Framing.divergence(f).select("group_a", "diff", "ci_low", "ci_high").collectAsList();
    assertThat(d).hasSize(months);
    long covered = d.stream().filter(r -> r.getDouble(2) <= 0.3 && 0.3 <= r.getDouble(3)).count();
    assertThat(d.get(0).<String>getAs("group_a")).isEqualTo("left");
    // binomial(200, 0.95): 95% of draws fall in 184-196
    assertThat(covered).isBetween(180L, 198L);
  }
}
