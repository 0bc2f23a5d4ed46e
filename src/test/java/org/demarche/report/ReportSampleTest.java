package org.demarche.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.demarche.cli.DemarcheCommand;
import org.demarche.testing.SampleRun;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demarche report} on the shared sample run ({@link SampleRun}), through the command line as a user runs it:
 * the page carries the run's numbers, the seed article's RUS/USA and USAGOV→SYRGOV dyads with their evidence
 * sentences, and only embedded PNG images.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportSampleTest {
  @TempDir static Path tmp;
  private final SparkSession spark = SparkTestSession.get();
  private SampleRun run;
  private String html;
  private String stdout;
  private int code;

  @BeforeAll
  void report() throws Exception {
    run = SampleRun.get();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path file = tmp.resolve("report.html");
    code = DemarcheCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute("report", "--output", run.out().toString(), "--file", file.toString());
    stdout = out + "\n" + err;
    html = Files.readString(file, StandardCharsets.UTF_8);
  }

  @Test
  void theCommandWritesThePageAndSaysWhere() {
    assertThat(code).as(stdout).isZero();
    assertThat(stdout).contains("report: " + tmp.resolve("report.html")).contains("charts)");
    assertThat(html).doesNotContain("could not be built").startsWith("<!DOCTYPE html>");
  }

  @Test
  void theRunSummaryCarriesTheRunsNumbers() {
    assertThat(html).contains("Latest run " + run.summary().runId());
    assertThat(html).contains(Html.count(run.summary().count("records_read")) + " read = "
        + Html.count(run.summary().count("accepted")) + " accepted + " + Html.count(run.summary().count("rejected"))
        + " rejected (reconciled)");
    assertThat(html).contains("Phase timings").contains("<td>ingest</td>").contains("actor_dictionary");
  }

  @Test
  void theTopActorMatchesTheTablesBehindIt() {
    // actor_trends, month, all outlets: the actor with the most articles, its article count, and its mean tone
    // recomputed here from the stance facts (every tone score toward it), not from the trend table
    Row top = spark.read().parquet(run.table("actor_trends").toString())
        .where("grain = 'month' AND outlet = '__all__'").groupBy("actor_id")
        .agg(sum("n_articles").as("n")).orderBy(col("n").desc(), col("actor_id")).first();
    String id = top.getString(0);
    // its tone units (score, story, month), pooled as the report says: each month's se clustered by story, months
    // independent, a month of one story counting one draw of the unit variance
    java.util.Map<String, java.util.Map<String, java.util.List<Double>>> byMonth = new java.util.TreeMap<>();
    for (Row r : spark.read().parquet(run.table("stance").toString())
        .where(col("kind").equalTo("tone").and(col("target_type").equalTo("actor"))
            .and(col("target_id").equalTo(id)).and(col("dt").isNotNull()).and(col("score").isNotNull()))
        .select("doc_id", "dt", "score")
        .join(spark.read().parquet(run.table("articles").toString()).select("doc_id", "story_id"), "doc_id")
        .select(functions.date_format(col("dt"), "yyyy-MM"), col("story_id"), col("score")).collectAsList()) {
      byMonth.computeIfAbsent(r.getString(0), k -> new java.util.TreeMap<>())
          .computeIfAbsent(r.getString(1), k -> new java.util.ArrayList<>()).add(r.getDouble(2));
    }
    long total = 0;
    long stories = 0;
    double sum = 0;
    double sumsq = 0;
    double known = 0;
    double oneStory = 0;
    for (var month : byMonth.values()) {
      long n = month.values().stream().mapToLong(java.util.List::size).sum();
      double mean = month.values().stream().flatMap(java.util.List::stream).mapToDouble(x -> x).sum() / n;
      double e2 = 0;
      for (var story : month.values()) {
        double e = story.stream().mapToDouble(x -> x - mean).sum();
        e2 += e * e;
        for (double x : story) {
          sum += x;
          sumsq += x * x;
        }
      }
      long g = month.size();
      if (g >= 2) {
        known += n * n * (g / (g - 1.0) * e2 / ((double) n * n));
      } else {
        oneStory += (double) n * n;
      }
      total += n;
      stories += g;
    }
    double m = sum / total;
    double unit = (sumsq - total * m * m) / (total - 1);
    double half = new org.apache.commons.math3.distribution.TDistribution(stories - 1)
        .inverseCumulativeProbability(0.975) * Math.sqrt(known + oneStory * unit) / total;
    assertThat(html).contains("<td><code>" + id + "</code></td><td class=\"n\">" + Html.count(top.getLong(1))
        + "</td>");
    assertThat(html).contains(Html.meanCi(m, m - half, m + half, 3) + "</td><td class=\"n\">"
        + Html.count(total) + "</td>");
  }

  @Test
  void theSeedArticlesDyadsAppearWithTheirEvidence() {
    int rt = html.indexOf("<summary>rt.com</summary>");
    assertThat(rt).as("an rt.com block under 'By outlet'").isPositive();
    String block = html.substring(rt, html.indexOf("</details>", rt));
    // RUS <-> USA cooperation (May 2013): cooperation events, no conflict, positive Goldstein
    Matcher rusUsa = Pattern.compile("<tr><td>country</td><td>RUS → USA</td><td class=\"n\">1</td>"
        + "<td class=\"n\">(\\d+)</td><td class=\"n\">(\\d+)</td><td class=\"n\">0</td><td class=\"n\">([0-9.]+)</td>")
        .matcher(block);
    assertThat(rusUsa.find()).as(block).isTrue();
    assertThat(Integer.parseInt(rusUsa.group(2))).isPositive();
    assertThat(Double.parseDouble(rusUsa.group(3))).isPositive();
    assertThat(block).contains("<td>country</td><td>USA → RUS</td>");
    assertThat(block).contains("Russia and the US reiterated their commitment to bringing the sides of the Syrian "
        + "conflict to the negotiating table");
    assertThat(block).contains("Russia, US to push for global Syria conference to bring conflicting sides to table "
        + "(rt.com, 2013-05-07)");
    // USAGOV -> SYRGOV: negative tone, with the sentence behind it
    Matcher usaSyr = Pattern.compile("<tr><td>code</td><td>USAGOV → SYRGOV</td>(?:<td class=\"n\">[^<]*</td>){5}"
        + "<td class=\"n\">(-[0-9.]+)[^<]*(?:<span class=\"ci\">[^<]*</span>)?</td><td class=\"n\">\\d+</td><td>(.*?)</td></tr>")
        .matcher(block);
    assertThat(usaSyr.find()).as(block).isTrue();
    assertThat(Double.parseDouble(usaSyr.group(1))).isNegative();
    assertThat(usaSyr.group(2)).containsAnyOf("Assad must step down", "the man who committed");
    // and May 2013 is a row of the all-outlets RUS -> USA series, with its evidence, under the dyad charts
    assertThat(html).contains("<tr><td>2013-05-01</td>");
  }

  @Test
  void everyImageIsAnEmbeddedPngAndNothingIsFetched() throws Exception {
    Matcher img = Pattern.compile("<img src=\"([^\"]*)\"").matcher(html);
    int n = 0;
    while (img.find()) {
      n++;
      assertThat(img.group(1)).startsWith("data:image/png;base64,");
      byte[] png = Base64.getDecoder().decode(img.group(1).substring("data:image/png;base64,".length()));
      assertThat(ImageIO.read(new ByteArrayInputStream(png))).isNotNull();
    }
    assertThat(n).isGreaterThanOrEqualTo(10);
    ReportTest.assertSelfContained(html);
    assertThat(html).contains("<h2 id=\"topics\">").contains("token share").contains("Topic shares over time");
  }
}
