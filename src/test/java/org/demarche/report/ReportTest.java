package org.demarche.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.demarche.output.OutputTables;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report on a small hand-made output folder whose numbers can be worked out by hand: three articles, two actors
 * with known tone scores, one dyad, and no runs, rejects, issue, topic or alert tables at all.
 */
class ReportTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static String out;
  static Report.Result month;

  /** Tone scores toward ACTOR_A in April (3) and May (2), and toward ACTOR_B in May (1). */
  static final double[] A_APRIL = {0.1, 0.3, -0.2};
  static final double[] A_MAY = {-0.5, 0.0};
  static final String SCRIPT_TITLE = "<script>alert('x')</script> Talks & \"rows\"";

  static Row row(StructType s, Map<String, Object> values) {
    Object[] v = new Object[s.size()];
    values.forEach((k, x) -> v[s.fieldIndex(k)] = x);
    return RowFactory.create(v);
  }

  /** A map that, unlike Map.of, takes nulls (columns left null). */
  static Map<String, Object> kv(Object[]... entries) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (Object[] e : entries) {
      m.put((String) e[0], e[1]);
    }
    return m;
  }

  static Object[] e(String k, Object v) {
    return new Object[] {k, v};
  }

  static double mean(double[] x) {
    double s = 0;
    for (double d : x) {
      s += d;
    }
    return s / x.length;
  }

  static double sd(double[] x) {
    double m = mean(x);
    double s = 0;
    for (double d : x) {
      s += (d - m) * (d - m);
    }
    return Math.sqrt(s / (x.length - 1));
  }

  /** Mean, interval, n, sd, se of independent scores (one story each): se = sd/√n, t quantile at n − 1. */
  static Object[] tone(double[] x) {
    double m = mean(x);
    double se = sd(x) / Math.sqrt(x.length);
    double half = x.length < 2 ? 0 : new org.apache.commons.math3.distribution.TDistribution(x.length - 1)
        .inverseCumulativeProbability(0.975) * se;
    return new Object[] {m, m - half, m + half, (long) x.length, sd(x), se};
  }

  static Row evidence(String doc, double conf, double score, String sentence) {
    return RowFactory.create(doc, conf, score, sentence);
  }

  static Row actor(String period, String id, String name, long n, double[] scores, List<Row> ev) {
    Object[] t = tone(scores);
    return row(OutputTables.ACTOR_TRENDS.schema(), kv(e("period_start", Date.valueOf(period)),
        e("outlet", Report.ALL), e("actor_id", id), e("actor_name", name),
        e("n_articles", n), e("n_stories", n), e("n_outlets", 1L),
        e("n_mentions", 2 * n), e("period_articles", 2L), e("share", 0.5),
        e("tone_mean", t[0]), e("tone_ci_low", scores.length < 2 ? null : t[1]),
        e("tone_ci_high", scores.length < 2 ? null : t[2]), e("tone_n", t[3]),
        e("tone_sd", scores.length < 2 ? null : t[4]), e("tone_se", scores.length < 2 ? null : t[5]),
        e("tone_clusters", (long) scores.length),
        e("evidence", ev), e("grain", "month")));
  }

  @BeforeAll
  static void writeFolder() {
    spark = SparkTestSession.get();
    out = dir.resolve("out").toString();
    StructType as = OutputTables.ARTICLES.schema();
    List<Row> articles = new ArrayList<>();
    String[][] docs = {{"d1", "2013-04-10", "Plain title", "a.example"}, {"d2", "2013-05-07", SCRIPT_TITLE,
        "b.example"}, {"d3", "2013-05-20", "Third", "a.example"}};
    for (String[] d : docs) {
      articles.add(row(as, kv(e("run_id", "r_test"), e("doc_id", d[0]),
          e("story_id", d[0]), e("outlet", d[3]), e("title", d[2]),
          e("source_file", "f"), e("source_offset", 0L), e("tone", 1.0),
          e("dt", Date.valueOf(d[1])))));
    }
    OutputTables.ARTICLES.write(spark.createDataFrame(articles, as), out, "doc_id");

    List<Row> actors = List.of(
        actor("2013-04-01", "ACTOR_A", "Actor A", 1, A_APRIL, List.of(evidence("d1", 0.9, 0.3, "A was praised."))),
        actor("2013-05-01", "ACTOR_A", "Actor A", 2, A_MAY, List.of(evidence("d2", 0.8, -0.5, "A was <b>blamed</b>."))),
        actor("2013-05-01", "ACTOR_B", "Actor B", 1, new double[] {0.4}, List.of()));
    OutputTables.ACTOR_TRENDS.replaceAll(spark.createDataFrame(actors, OutputTables.ACTOR_TRENDS.schema()), out,
        "r_test", "period_start", "outlet", "actor_id");

    StructType ds = OutputTables.DYAD_TRENDS.schema();
    List<Row> dyads = new ArrayList<>();
    for (String level : List.of("country", "code")) {
      String src = level.equals("country") ? "RUS" : "RUSGOV";
      String tgt = level.equals("country") ? "USA" : "USAGOV";
      dyads.add(row(ds, kv(e("period_start", Date.valueOf("2013-05-01")),
          e("outlet", Report.ALL), e("level", level), e("source", src),
          e("target", tgt), e("n_articles", 1L), e("n_stories", 1L),
          e("n_outlets", 1L), e("period_articles", 2L), e("share", 0.5),
          e("tone_n", 0L), e("tone_clusters", 0L), e("n_events", 3L), e("n_cooperation", 2L),
          e("n_conflict", 1L), e("goldstein_mean", 2.5),
          e("evidence", List.of(evidence("d2", 0.7, 0.6, "Russia and the US agreed to <convene> a conference.")))
          , e("grain", "month"))));
    }
    OutputTables.DYAD_TRENDS.replaceAll(spark.createDataFrame(dyads, ds), out, "r_test", "period_start", "outlet",
        "level", "source", "target");
    month = Report.build(spark, out, new Report.Options("month", 10, 3));
  }

  @Test
  void everySectionRendersAndMissingTablesAreSaidNotFailedOn() {
    String html = month.html();
    assertThat(month.problems()).isEmpty();
    assertThat(html).contains("No `runs` table in this folder").contains("No `rejects` table in this folder")
        .contains("No `issue_trends` table in this folder").contains("No `topics` table in this folder")
        .contains("No `alerts` table in this folder").contains("No `framing` table in this folder");
    for (String id : List.of("run", "coverage", "actors", "dyads", "issues", "topics", "alerts", "framing")) {
      assertThat(html).contains("<h2 id=\"" + id + "\">");
    }
    assertThat(html).doesNotContain("could not be built");
    // articles: 3, two outlets, dated 2013-04-10 to 2013-05-20; April 1 article and May 2
    assertThat(html).contains("<td>2013-04-10</td><td>2013-05-20</td>");
    assertThat(html).contains("<tr><td>2013-04-01</td><td class=\"n\">1</td>")
        .contains("<tr><td>2013-05-01</td><td class=\"n\">2</td>");
  }

  @Test
  void actorToneIsPooledOverThePeriodsWithTheirStandardErrors() {
    // the mean of all 5 scores; its se pools the periods' (independent) se: √(Σ n²·se²) / Σ n, t at 5 stories − 1
    double[] all = {0.1, 0.3, -0.2, -0.5, 0.0};
    double m = mean(all);
    double v = 0;
    for (double[] p : List.of(A_APRIL, A_MAY)) {
      double se = sd(p) / Math.sqrt(p.length);
      v += p.length * p.length * se * se;
    }
    double half = new org.apache.commons.math3.distribution.TDistribution(4).inverseCumulativeProbability(0.975)
        * Math.sqrt(v) / all.length;
    String expected = Html.meanCi(m, m - half, m + half, 3);
    assertThat(expected).isEqualTo(String.format(java.util.Locale.ROOT,
        "-0.060 <span class=\"ci\">[%.3f, %.3f]</span>", m - half, m + half));
    // the actor row: rank 1, Actor A, 3 articles, 6 mentions, pooled tone over the 5 scores, n 5, 2 periods
    assertThat(month.html()).contains("<td>Actor A</td><td><code>ACTOR_A</code></td><td class=\"n\">3</td>"
        + "<td class=\"n\">6</td><td class=\"n\">" + expected + "</td><td class=\"n\">5</td><td class=\"n\">2</td>");
    // one score: a mean without interval
    assertThat(month.html()).contains("<td>Actor B</td><td><code>ACTOR_B</code></td><td class=\"n\">1</td>"
        + "<td class=\"n\">2</td><td class=\"n\">0.400</td><td class=\"n\">1</td>");
  }

  @Test
  void dyadsListTheirCountsAndEvidenceWithTheArticleTitleEscaped() {
    String html = month.html();
    assertThat(html).contains("<td>RUS → USA</td><td class=\"n\">1</td><td class=\"n\">3</td><td class=\"n\">2</td>"
        + "<td class=\"n\">1</td><td class=\"n\">2.50</td>");
    assertThat(html).contains("RUSGOV → USAGOV");
    assertThat(html).contains("Russia and the US agreed to &lt;convene&gt; a conference.");
    assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Talks &amp; &quot;rows&quot; "
        + "(b.example, 2013-05-07)");
    assertThat(html).contains("A was &lt;b&gt;blamed&lt;/b&gt;.");
    assertThat(html.toLowerCase()).doesNotContain("<script").doesNotContain("<b>blamed");
  }

  @Test
  void thePageIsSelfContainedAndItsImagesAreValidPngs() throws Exception {
    String html = month.html();
    assertThat(month.charts()).isGreaterThanOrEqualTo(4);
    Matcher img = Pattern.compile("<img src=\"([^\"]*)\"").matcher(html);
    int n = 0;
    while (img.find()) {
      n++;
      String src = img.group(1);
      assertThat(src).startsWith("data:image/png;base64,");
      byte[] png = Base64.getDecoder().decode(src.substring("data:image/png;base64,".length()));
      assertThat(png).startsWith(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
      var image = ImageIO.read(new ByteArrayInputStream(png));
      assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
      assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
    }
    assertThat(n).isEqualTo(month.charts());
    assertSelfContained(html);
  }

  /** No attribute or CSS pulls anything from outside the page. */
  static void assertSelfContained(String html) {
    assertThat(html).doesNotContainPattern("(?i)(src|href|action|poster|srcset)\\s*=\\s*\"(?!data:image/png;base64,|#)");
    assertThat(html).doesNotContainPattern("(?i)url\\(").doesNotContainPattern("(?i)<(script|link|iframe|object|embed)");
    assertThat(html).doesNotContainPattern("(?i)(src|href)\\s*=\\s*\"?https?:");
  }

  @Test
  void theSameTablesGiveTheSamePage() {
    assertThat(Report.build(spark, out, new Report.Options("month", 10, 3)).html()).isEqualTo(month.html());
  }

  @Test
  void aGrainTheTrendTablesDoNotHaveIsExplained() {
    Report.Result week = Report.build(spark, out, new Report.Options("week", 10, 3));
    assertThat(week.problems()).isEmpty();
    assertThat(week.html()).contains("`actor_trends` has no rows for grain=week (grains in this folder: month). "
        + "Fix: --grain month");
    // coverage comes from the articles themselves, at any grain: ISO weeks start on Monday
    assertThat(week.html()).contains("<tr><td>2013-05-06</td><td class=\"n\">1</td>");
  }

  @Test
  void theCommandWritesThePageAndRefusesAGrainTheTablesDoNotHave() throws Exception {
    java.io.StringWriter o = new java.io.StringWriter();
    java.io.StringWriter e = new java.io.StringWriter();
    var cl = org.demarche.cli.DemarcheCommand.commandLine(new java.io.PrintWriter(o, true),
        new java.io.PrintWriter(e, true));
    assertThat(cl.execute("report", "--output", out)).as(e.toString()).isZero();
    assertThat(o.toString()).contains("report: " + out + "/report.html (").contains(" charts) in ");
    assertThat(Files.readString(Path.of(out, "report.html"))).isEqualTo(month.html());
    assertThat(Path.of(out, ".report.html.crc")).doesNotExist();
    var cl2 = org.demarche.cli.DemarcheCommand.commandLine(new java.io.PrintWriter(o, true),
        new java.io.PrintWriter(e, true));
    assertThat(cl2.execute("report", "--output", out, "--grain", "day", "--file", dir.resolve("d.html").toString()))
        .isEqualTo(2);
    assertThat(e.toString()).contains("--grain day: the trend tables under " + out + " hold only month; fix: "
        + "--grain month, or recompute them with `demarche trends --output " + out + " --set trends.grains=month,day`");
    assertThat(dir.resolve("d.html")).doesNotExist();
  }

  @Test
  void theTopOptionCutsTheLists() {
    Report.Result one = Report.build(spark, out, new Report.Options("month", 1, 0));
    assertThat(one.html()).contains("<td>Actor A</td>").doesNotContain("<td>Actor B</td>")
        .doesNotContain("A was praised.");
  }

  @Test
  void anOutputFolderWithOnlyAnEmptyTrendTableSaysSo() throws Exception {
    String empty = dir.resolve("empty").toString();
    OutputTables.ALERTS.replaceAll(spark.createDataFrame(List.of(), OutputTables.ALERTS.schema()), empty,
        "r_test", "period_start");
    Report.Result r = Report.build(spark, empty, new Report.Options("month", 10, 3));
    assertThat(r.problems()).isEmpty();
    assertThat(r.html()).contains("No alerts at grain=month").contains("No `articles` table in this folder");
    assertThat(Files.exists(Path.of(empty, "alerts"))).isTrue();
  }
}
