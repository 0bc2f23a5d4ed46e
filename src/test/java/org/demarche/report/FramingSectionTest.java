package org.demarche.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.demarche.report.ReportTest.e;
import static org.demarche.report.ReportTest.kv;
import static org.demarche.report.ReportTest.row;

import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
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
 * The report's framing section on hand-made {@code framing}, {@code framing_divergence} and {@code story_threads}
 * tables: tone toward one actor per month by lean (and by outlet, which the section passes over for the attribute),
 * and two threads where left and right differ.
 */
class FramingSectionTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static Report.Result result;

  static Row framing(String key, String value, String period, String grain, String thread, double mean, long n) {
    return row(OutputTables.FRAMING.schema(), kv(e("run_id", "r_test"), e("group_key", key),
        e("group_value", value), e("period_start", Date.valueOf(period)), e("thread_id", thread),
        e("target_type", "actor"), e("target_id", "DONALD_TRUMP"), e("target_name", "Donald Trump"),
        e("mean", mean), e("ci_low", mean - 0.1), e("ci_high", mean + 0.1), e("n", n), e("se", 0.05),
        e("clusters", n), e("articles", n), e("verbal_cooperation", 0), e("material_cooperation", 0),
        e("verbal_conflict", 1), e("material_conflict", 0), e("evidence", List.of()), e("grain", grain)));
  }

  static Row divergence(String thread, String period, double diff, double z, String saysA, String saysB) {
    return row(OutputTables.FRAMING_DIVERGENCE.schema(), kv(e("run_id", "r_test"), e("group_key", "lean"),
        e("period_start", Date.valueOf(period)), e("thread_id", thread), e("target_type", "actor"),
        e("target_id", "DONALD_TRUMP"), e("target_name", "Donald Trump"), e("group_a", "left"),
        e("group_b", "right"), e("mean_a", -0.4), e("mean_b", -0.4 - diff), e("diff", diff),
        e("diff_se", Math.abs(diff / z)), e("ci_low", diff - 0.2), e("ci_high", diff + 0.2), e("z", z),
        e("n_a", 6L), e("n_b", 5L), e("clusters_a", 3L), e("clusters_b", 3L),
        e("evidence_a", List.of(RowFactory.create("d1", "left.example", -0.8, saysA))),
        e("evidence_b", List.of(RowFactory.create("d2", "right.example", 0.6, saysB))), e("grain", "thread")));
  }

  @BeforeAll
  static void writeFolder() {
    spark = SparkTestSession.get();
    String out = dir.resolve("out").toString();
    List<Row> f = new ArrayList<>();
    f.add(framing("lean", "left", "2017-02-01", "month", null, -0.30, 40));
    f.add(framing("lean", "right", "2017-02-01", "month", null, 0.10, 30));
    f.add(framing("lean", "left", "2017-03-01", "month", null, -0.25, 25));
    f.add(framing("lean", "right", "2017-03-01", "month", null, 0.05, 22));
    f.add(framing("outlet", "left.example", "2017-02-01", "month", null, -0.3, 40));
    f.add(framing("lean", "left", "2017-02-03", "thread", "th_a", -0.4, 6));
    OutputTables.FRAMING.replaceAll(spark.createDataFrame(f, OutputTables.FRAMING.schema()), out, "r_test",
        "group_key", "group_value", "period_start", "target_id");
    List<Row> d = List.of(
        divergence("th_a", "2017-02-03", -0.9, -4.5, "The <b>left</b> says Trump failed.", "Trump & allies won."),
        divergence("th_b", "2017-03-10", 0.3, 1.2, "A milder sentence.", "Another one."));
    OutputTables.FRAMING_DIVERGENCE.replaceAll(spark.createDataFrame(d, OutputTables.FRAMING_DIVERGENCE.schema()), out,
        "r_test", "period_start", "thread_id");
    StructType ts = OutputTables.STORY_THREADS.schema();
    List<Row> threads = List.of(row(ts, kv(e("run_id", "r_test"), e("thread_id", "th_a"),
        e("first_date", Date.valueOf("2017-02-03")), e("last_date", Date.valueOf("2017-02-04")),
        e("article_count", 4), e("outlet_count", 3), e("outlets", List.of("a", "b", "c")),
        e("top_terms", List.of("summit")), e("main_actors", List.of("DONALD_TRUMP")),
        e("title", "Summit talks collapse"), e("dt", Date.valueOf("2017-02-03")))));
    OutputTables.STORY_THREADS.write(spark.createDataFrame(threads, ts), out, "thread_id");
    result = Report.build(spark, out, new Report.Options("month", 10, 3));
  }

  @Test
  void toneTowardTheTopActorIsChartedPerLeanGroupWithItsMonthlyTable() {
    String html = result.html();
    assertThat(result.problems()).isEmpty();
    assertThat(html).contains("<h2 id=\"framing\">")
        .contains("Groups: outlets by <b>lean</b> (also in the table: outlet)")
        .contains("Tone toward Donald Trump by lean, per month");
    // one chart: the framing section's (the folder has no trend tables)
    assertThat(result.charts()).isEqualTo(1);
    assertThat(html).contains("alt=\"tone toward Donald Trump per month, one line per lean\"");
    // the monthly table, most recent first, left (65 units) before right (52)
    int march = html.indexOf("<td>2017-03-01</td>");
    int february = html.indexOf("<td>2017-02-01</td>");
    assertThat(march).isPositive().isLessThan(february);
    assertThat(html).contains("<th>left: mean [95% CI] (n)</th><th>right: mean [95% CI] (n)</th>");
    assertThat(html.substring(march, html.indexOf("</tr>", march))).contains("-0.250").contains("(25)")
        .contains("0.050").contains("(22)");
  }

  @Test
  void theMostDivergentThreadComesFirstWithBothSidesSentencesEscaped() {
    String html = result.html();
    int first = html.indexOf("Summit talks collapse");
    int second = html.indexOf("A milder sentence.");
    assertThat(first).isPositive().isLessThan(second);
    assertThat(html).contains("The &lt;b&gt;left&lt;/b&gt; says Trump failed.")
        .contains("Trump &amp; allies won.").doesNotContain("<b>left</b>");
    // the thread without a story_threads row shows its id
    assertThat(html).contains("th_b");
  }
}
