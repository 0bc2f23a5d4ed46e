package org.demarche.trends;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.output.OutputTables;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Trend roll-ups and alerts on small hand-made fact tables whose answers can be worked out by hand. */
class TrendStepsTest {
  static SparkSession spark;
  static Dataset<Row> articles;
  static Dataset<Row> mentions;
  static Dataset<Row> stance;
  static Dataset<Row> events;
  static final TrendSteps.Options MONTH = new TrendSteps.Options(List.of("month"), 2);

  static final StructType ARTICLES = new StructType().add("doc_id", DataTypes.StringType)
      .add("story_id", DataTypes.StringType).add("outlet", DataTypes.StringType).add("dt", DataTypes.DateType)
      .add("tone", DataTypes.DoubleType);

  static Row stanceRow(String doc, String kind, String srcActor, String srcCode, String srcCountry, String tgtType,
      String tgt, String tgtCode, String tgtCountry, double score, String cls, double conf, String evidence) {
    StructType s = OutputTables.STANCE.schema();
    Object[] v = new Object[s.size()];
    v[s.fieldIndex("run_id")] = "r";
    v[s.fieldIndex("doc_id")] = doc;
    v[s.fieldIndex("kind")] = kind;
    v[s.fieldIndex("source_type")] = srcActor == null ? "outlet" : "actor";
    v[s.fieldIndex("source_actor_id")] = srcActor;
    v[s.fieldIndex("source_code")] = srcCode;
    v[s.fieldIndex("source_country")] = srcCountry;
    v[s.fieldIndex("target_type")] = tgtType;
    v[s.fieldIndex("target_id")] = tgt;
    v[s.fieldIndex("target_name")] = tgt;
    v[s.fieldIndex("target_code")] = tgtCode;
    v[s.fieldIndex("target_country")] = tgtCountry;
    v[s.fieldIndex("score")] = score;
    v[s.fieldIndex("stance_class")] = cls;
    v[s.fieldIndex("confidence")] = conf;
    v[s.fieldIndex("method")] = "test";
    v[s.fieldIndex("evidence")] = evidence;
    v[s.fieldIndex("evidence_start")] = 0;
    v[s.fieldIndex("evidence_end")] = evidence.length();
    return RowFactory.create(v);
  }

  static Row eventRow(String doc, String src, String srcCode, String srcCountry, String tgt, String tgtCode,
      String tgtCountry, int quad, double goldstein, String evidence) {
    StructType s = OutputTables.EVENTS.schema();
    Object[] v = new Object[s.size()];
    v[s.fieldIndex("run_id")] = "r";
    v[s.fieldIndex("doc_id")] = doc;
    v[s.fieldIndex("event_index")] = 0;
    v[s.fieldIndex("source_actor_id")] = src;
    v[s.fieldIndex("source_code")] = srcCode;
    v[s.fieldIndex("source_country")] = srcCountry;
    v[s.fieldIndex("target_actor_id")] = tgt;
    v[s.fieldIndex("target_code")] = tgtCode;
    v[s.fieldIndex("target_country")] = tgtCountry;
    v[s.fieldIndex("cameo_code")] = "036";
    v[s.fieldIndex("root_code")] = "03";
    v[s.fieldIndex("quad_class")] = quad;
    v[s.fieldIndex("goldstein")] = goldstein;
    v[s.fieldIndex("negated")] = false;
    v[s.fieldIndex("confidence")] = 0.5;
    v[s.fieldIndex("evidence")] = evidence;
    v[s.fieldIndex("evidence_start")] = 0;
    v[s.fieldIndex("evidence_end")] = evidence.length();
    return RowFactory.create(v);
  }

  @BeforeAll
  static void facts() {
    spark = SparkTestSession.get();
    Date may7 = Date.valueOf("2013-05-07");
    Date may20 = Date.valueOf("2013-05-20");
    articles = spark.createDataFrame(List.of(
        RowFactory.create("a1", "s1", "rt", may7, 1.0),
        RowFactory.create("a2", "s1", "bbc", may7, -1.0),
        RowFactory.create("a3", "s3", "rt", may20, 2.0)), ARTICLES);
    mentions = spark.createDataFrame(List.of(
        RowFactory.create("a1", "RUS", "Russia"), RowFactory.create("a1", "RUS", "Russia"),
        RowFactory.create("a2", "RUS", "Russia"), RowFactory.create("a3", "USA", "United States")),
        new StructType().add("doc_id", DataTypes.StringType).add("actor_id", DataTypes.StringType)
            .add("actor_name", DataTypes.StringType));
    stance = spark.createDataFrame(List.of(
        stanceRow("a1", "tone", "USA", "USAGOV", "USA", "actor", "RUS", "RUSGOV", "RUS", 0.5, "positive", 0.9, "e1"),
        stanceRow("a2", "tone", "USA", "USAGOV", "USA", "actor", "RUS", "RUSGOV", "RUS", -0.1, "neutral", 0.8, "e2"),
        stanceRow("a2", "tone", null, null, null, "actor", "RUS", "RUSGOV", "RUS", 0.3, "positive", 0.3, "e3"),
        stanceRow("a1", "issue", "RUS", "RUSGOV", "RUS", "issue", "arming_syrian_rebels", null, null, -0.8,
            "oppose", 0.7, "e4"),
        stanceRow("a3", "issue", "RUS", "RUSGOV", "RUS", "issue", "arming_syrian_rebels", null, null, 0.0,
            "neutral", 0.2, "e5")), OutputTables.STANCE.schema());
    events = spark.createDataFrame(List.of(
        eventRow("a1", "RUS", "RUSGOV", "RUS", "USA", "USAGOV", "USA", 1, 4.0, "e6"),
        eventRow("a2", "SERGEY_LAVROV", "RUSGOV", "RUS", "JOHN_KERRY", "USAGOV", "USA", 4, -10.0, "e7")),
        OutputTables.EVENTS.schema());
  }

  static Row one(Dataset<Row> d, String where) {
    List<Row> rows = d.where(where).collectAsList();
    assertThat(rows).as(where).hasSize(1);
    return rows.get(0);
  }

  @Test
  void actorTrendsCountShareToneIntervalAndEvidence() {
    Dataset<Row> t = TrendSteps.actorTrends(articles, mentions, stance, MONTH);
    Row rus = one(t, "outlet = '__all__' AND actor_id = 'RUS'");
    assertThat(rus.<String>getAs("grain")).isEqualTo("month");
    assertThat(rus.<Date>getAs("period_start")).isEqualTo(Date.valueOf("2013-05-01"));
    assertThat(rus.<Long>getAs("n_articles")).isEqualTo(2L);
    assertThat(rus.<Long>getAs("n_stories")).isEqualTo(1L);
    assertThat(rus.<Long>getAs("n_outlets")).isEqualTo(2L);
    assertThat(rus.<Long>getAs("n_mentions")).isEqualTo(3L);
    assertThat(rus.<Double>getAs("share")).isCloseTo(2.0 / 3, within(1e-12));
    // tone toward RUS: 0.5, -0.1, 0.3 -> mean 0.2333, sd 0.3055; all three from story s1 (a1 and a2 are copies):
    // one cluster, so no interval (the three scores are not three independent draws)
    double mean = (0.5 - 0.1 + 0.3) / 3;
    double sd = Math.sqrt((Math.pow(0.5 - mean, 2) + Math.pow(-0.1 - mean, 2) + Math.pow(0.3 - mean, 2)) / 2);
    assertThat(rus.<Double>getAs("tone_mean")).isCloseTo(mean, within(1e-12));
    assertThat(rus.<Double>getAs("tone_sd")).isCloseTo(sd, within(1e-12));
    assertThat(rus.<Long>getAs("tone_n")).isEqualTo(3L);
    assertThat(rus.<Long>getAs("tone_clusters")).isEqualTo(1L);
    assertThat(rus.<Double>getAs("tone_ci_low")).as("one story: no interval").isNull();
    assertThat(rus.<Double>getAs("tone_se")).isNull();
    List<Row> ev = rus.getList(rus.fieldIndex("evidence"));
    assertThat(ev).extracting(r -> r.getAs("sentence")).containsExactly("e1", "e2");
    Row rt = one(t, "outlet = 'rt' AND actor_id = 'RUS'");
    assertThat(rt.<Double>getAs("share")).as("rt has a1 (RUS) and a3 (USA) in May").isEqualTo(0.5);
    assertThat(rt.<Double>getAs("tone_ci_low")).as("one score: no interval").isNull();
    Row usa = one(t, "outlet = '__all__' AND actor_id = 'USA'");
    assertThat(usa.<Long>getAs("tone_n")).isZero();
    assertThat(usa.<Double>getAs("share")).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void dyadTrendsJoinToneAndEventsAtEachLevel() {
    Dataset<Row> t = TrendSteps.dyadTrends(articles, stance, events, MONTH).where(col("outlet").equalTo("__all__"));
    Row rusUsa = one(t, "level = 'country' AND source = 'RUS' AND target = 'USA'");
    assertThat(rusUsa.<Long>getAs("n_events")).isEqualTo(2L);
    assertThat(rusUsa.<Long>getAs("n_cooperation")).isEqualTo(1L);
    assertThat(rusUsa.<Long>getAs("n_conflict")).isEqualTo(1L);
    assertThat(rusUsa.<Double>getAs("goldstein_mean")).isEqualTo(-3.0);
    assertThat(rusUsa.<Long>getAs("tone_n")).isZero();
    Row usaRus = one(t, "level = 'code' AND source = 'USAGOV' AND target = 'RUSGOV'");
    assertThat(usaRus.<Long>getAs("tone_n")).as("the outlet-voice row has no source").isEqualTo(2L);
    assertThat(usaRus.<Double>getAs("tone_mean")).isCloseTo(0.2, within(1e-12));
    assertThat(one(t, "level = 'actor' AND source = 'SERGEY_LAVROV'").<String>getAs("target"))
        .isEqualTo("JOHN_KERRY");
  }

  @Test
  void issueTrendsCountClasses() {
    Dataset<Row> t = TrendSteps.issueTrends(articles, stance, MONTH);
    Row r = one(t, "outlet = '__all__' AND level = 'country' AND source = 'RUS'");
    assertThat(r.<String>getAs("issue_id")).isEqualTo("arming_syrian_rebels");
    assertThat(r.<Long>getAs("n_oppose")).isEqualTo(1L);
    assertThat(r.<Long>getAs("n_neutral")).isEqualTo(1L);
    assertThat(r.<Long>getAs("n_support")).isZero();
    assertThat(r.<Double>getAs("stance_mean")).isCloseTo(-0.4, within(1e-12));
  }

  @Test
  void outletTrendsShareOfAllArticlesAndMeanDocumentTone() {
    Dataset<Row> t = TrendSteps.outletTrends(articles, MONTH);
    Row rt = one(t, "outlet = 'rt'");
    assertThat(rt.<Long>getAs("n_articles")).isEqualTo(2L);
    assertThat(rt.<Double>getAs("share")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(rt.<Double>getAs("tone_mean")).isEqualTo(1.5);
    assertThat(one(t, "outlet = '__all__'").<Double>getAs("share")).isEqualTo(1.0);
  }

  @Test
  void volumeAlertFiresOnASurgeAgainstAQuietBaselineAndNotBefore() {
    // one article about ACTOR each week for 8 weeks, then 12 in week 9; zero-volume weeks are filled in
    List<Row> as = new ArrayList<>();
    List<Row> ms = new ArrayList<>();
    LocalDate monday = LocalDate.of(2020, 1, 6);
    int id = 0;
    for (int w = 0; w < 9; w++) {
      int n = w == 8 ? 12 : w == 4 ? 0 : 1;
      for (int k = 0; k < n; k++) {
        String doc = "d" + id++;
        as.add(RowFactory.create(doc, doc, "o", Date.valueOf(monday.plusWeeks(w)), 0.0));
        ms.add(RowFactory.create(doc, "ACTOR", "Actor"));
      }
    }
    Dataset<Row> a = spark.createDataFrame(as, ARTICLES);
    Dataset<Row> m = spark.createDataFrame(ms, mentions.schema());
    Dataset<Row> noStance = spark.createDataFrame(List.of(), OutputTables.STANCE.schema());
    TrendSteps.Options weeks = new TrendSteps.Options(List.of("week"), 2);
    Dataset<Row> at = TrendSteps.actorTrends(a, m, noStance, weeks);
    Dataset<Row> dt = TrendSteps.dyadTrends(a, noStance, spark.createDataFrame(List.of(),
        OutputTables.EVENTS.schema()), weeks);
    List<Row> alerts = Alerts.alerts(at, dt, new Alerts.Rule(8, 4, 3.0, 3)).collectAsList();
    assertThat(alerts).singleElement().satisfies(r -> {
      assertThat(r.<String>getAs("entity")).isEqualTo("actor");
      assertThat(r.<String>getAs("key")).isEqualTo("ACTOR");
      assertThat(r.<String>getAs("metric")).isEqualTo("volume");
      assertThat(r.<Date>getAs("period_start")).isEqualTo(Date.valueOf(monday.plusWeeks(8)));
      assertThat(r.<Long>getAs("baseline_periods")).isEqualTo(8L);
      // baseline 1,1,1,1,0,1,1,1: mean 0.875, sd 0.354 < Poisson floor 1 -> z = (12 - 0.875) / 1
      assertThat(r.<Double>getAs("baseline_mean")).isCloseTo(0.875, within(1e-12));
      assertThat(r.<Double>getAs("z")).isCloseTo(11.125, within(1e-9));
      assertThat(r.<String>getAs("direction")).isEqualTo("up");
    });
  }

  /**
   * A monthly dyad row of the __all__ slice: 5 articles, tone mean {@code mean} over {@code n} units of n stories,
   * sd 0.2, se 0.2/√n.
   */
  private static Row dyadMonth(LocalDate month, double mean, long n) {
    StructType t = OutputTables.DYAD_TRENDS.schema();
    Object[] v = new Object[t.size()];
    v[t.fieldIndex("period_start")] = Date.valueOf(month);
    v[t.fieldIndex("outlet")] = TrendSteps.ALL;
    v[t.fieldIndex("level")] = "actor";
    v[t.fieldIndex("source")] = "USA";
    v[t.fieldIndex("target")] = "RUS";
    for (String c : List.of("n_articles", "n_stories", "period_articles")) {
      v[t.fieldIndex(c)] = 5L;
    }
    for (String c : List.of("n_outlets", "n_events", "n_cooperation", "n_conflict")) {
      v[t.fieldIndex(c)] = 1L;
    }
    v[t.fieldIndex("share")] = 1.0;
    double se = 0.2 / Math.sqrt(n);
    v[t.fieldIndex("tone_mean")] = mean;
    v[t.fieldIndex("tone_ci_low")] = n < 2 ? null : mean - 1.96 * se;
    v[t.fieldIndex("tone_ci_high")] = n < 2 ? null : mean + 1.96 * se;
    v[t.fieldIndex("tone_n")] = n;
    v[t.fieldIndex("tone_sd")] = n < 2 ? null : 0.2;
    v[t.fieldIndex("tone_se")] = n < 2 ? null : se;
    v[t.fieldIndex("tone_clusters")] = n;
    v[t.fieldIndex("grain")] = "month";
    return RowFactory.create(v);
  }

  @Test
  void toneAlertPoolsTheBaselineScoresAndAMinCountOfOneDoesNotDivideByZero() {
    LocalDate jan = LocalDate.of(2013, 1, 1);
    List<Row> rows = new ArrayList<>();
    for (int m = 0; m < 6; m++) {
      rows.add(dyadMonth(jan.plusMonths(m), 0.1, 10));
    }
    rows.add(dyadMonth(jan.plusMonths(6), -0.6, 10));
    Dataset<Row> dyads = spark.createDataFrame(rows, OutputTables.DYAD_TRENDS.schema());
    Dataset<Row> actors = spark.createDataFrame(List.of(), OutputTables.ACTOR_TRENDS.schema());
    List<Row> alerts = Alerts.alerts(actors, dyads, new Alerts.Rule(8, 4, 3.0, 5)).collectAsList();
    // baseline: 60 scores, mean 0.1; pooled sd from each month's sd (0.2) and mean; volume is flat, so no volume alert
    double sumsq = 6 * (0.04 * 9 + 10 * 0.01);
    double sd = Math.sqrt((sumsq - 6.0 * 6.0 / 60) / 59);
    // z from the clustered standard errors: the period's (0.2/√10) and the baseline's (√(Σ 10² · 0.2²/10) / 60)
    double seP2 = 0.04 / 10;
    double seB2 = 6 * 100 * (0.04 / 10) / (60.0 * 60);
    double z = (-0.6 - 0.1) / Math.sqrt(seP2 + seB2);
    assertThat(alerts).singleElement().satisfies(r -> {
      assertThat(r.<String>getAs("entity")).isEqualTo("dyad");
      assertThat(r.<String>getAs("key")).isEqualTo("USA -> RUS");
      assertThat(r.<String>getAs("metric")).isEqualTo("tone");
      assertThat(r.<Date>getAs("period_start")).isEqualTo(Date.valueOf(jan.plusMonths(6)));
      assertThat(r.<Double>getAs("value")).isCloseTo(-0.6, within(1e-12));
      assertThat(r.<Double>getAs("baseline_mean")).isCloseTo(0.1, within(1e-12));
      assertThat(r.<Double>getAs("baseline_sd")).isCloseTo(sd, within(1e-9));
      assertThat(r.<Long>getAs("baseline_periods")).isEqualTo(6L);
      assertThat(r.<Long>getAs("n")).isEqualTo(10L);
      assertThat(r.<Double>getAs("z")).isCloseTo(z, within(1e-9));
      assertThat(r.<String>getAs("direction")).isEqualTo("down");
    });
    // one score in the baseline: its sd is undefined, the floor (0.1) applies instead of a division by zero
    Dataset<Row> thin = spark.createDataFrame(List.of(dyadMonth(jan, 0.1, 1), dyadMonth(jan.plusMonths(1), -0.6, 1)),
        OutputTables.DYAD_TRENDS.schema());
    List<Row> one = Alerts.alerts(actors, thin, new Alerts.Rule(8, 1, 3.0, 1)).collectAsList();
    assertThat(one).singleElement().satisfies(r -> {
      assertThat(r.<String>getAs("metric")).isEqualTo("tone");
      assertThat(r.<Double>getAs("baseline_sd")).isEqualTo(0.0);
      assertThat(r.<Double>getAs("z")).isCloseTo(-0.7 / (0.1 * Math.sqrt(2.0)), within(1e-9));
    });
  }
}
