package org.demarche.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.demarche.output.OutputTables;

/**
 * The report's framing section, from {@code framing}, {@code framing_divergence} and {@code story_threads}: for the
 * actors with the most tone units, their tone over time with one line per outlet group, and the story threads where
 * two groups' tone toward an actor differs most, with each side's strongest sentence.
 *
 * <p>The groups are those of one {@code group_key}: an outlet attribute ({@code lean}, {@code country}) when the
 * tables hold one (a few groups read well as lines), else {@code outlet}. The period is the report's grain when
 * {@code framing.grains} has it, else the first period grain the table holds.
 */
final class FramingSection {
  /** Actors charted at most. */
  static final int MAX_ACTORS = 3;

  private final SparkSession spark;
  private final String out;
  private final Report.Options o;
  private int charts;

  private FramingSection(SparkSession spark, String out, Report.Options o) {
    this.spark = spark;
    this.out = out;
    this.o = o;
  }

  /** Writes the section body into {@code h}; returns the number of charts drawn. */
  static int write(Html h, SparkSession spark, String out, Report.Options o) {
    FramingSection s = new FramingSection(spark, out, o);
    s.body(h);
    return s.charts;
  }

  private Dataset<Row> table(OutputTables t) {
    return OutputTables.exists(spark, t.path(out)) ? t.read(spark, out) : null;
  }

  private void body(Html h) {
    Dataset<Row> framing = table(OutputTables.FRAMING);
    if (framing == null) {
      h.note("No `framing` table in this folder: `demarche run` writes it with the trend tables when story threads "
          + "are on (`threads.enabled`, the default); `framing.groups` names the outlet groups.");
      return;
    }
    Dataset<Row> actors = framing.where(col("target_type").equalTo("actor"));
    List<Row> keys = actors.groupBy("group_key", "grain").agg(sum("n").as("n")).collectAsList();
    TreeSet<String> groupKeys = new TreeSet<>();
    TreeSet<String> grains = new TreeSet<>();
    for (Row r : keys) {
      groupKeys.add(Report.str(r, "group_key"));
      grains.add(Report.str(r, "grain"));
    }
    if (groupKeys.isEmpty()) {
      h.note("The `framing` table has no tone toward any actor (fewer than `framing.min_units` tone units per "
          + "group and period, or no outlet groups).");
      return;
    }
    String key = groupKeys.stream().filter(k -> !k.equals("outlet")).findFirst().orElse(groupKeys.first());
    String grain = grains.contains(o.grain()) ? o.grain()
        : grains.stream().filter(g -> !g.equals("thread")).findFirst().orElse(null);
    h.raw("<p>Groups: outlets by <b>" + Html.esc(key) + "</b>" + (groupKeys.size() > 1 ? " (also in the table: "
        + Html.esc(String.join(", ", groupKeys.stream().filter(k -> !k.equals(key)).toList())) + ")" : "")
        + ". Each point is the mean tone of a group's sentences toward the actor, with its interval clustered by "
        + "story (<code>framing</code>); a divergence compares two groups on the same event or period "
        + "(<code>framing_divergence</code>: difference of means, its interval and z).</p>\n");
    if (grain == null) {
      h.note("`framing` holds thread rows only; add a period to `framing.grains` (e.g. month) for the chart.");
    } else {
      toneOverTime(h, actors.where(col("group_key").equalTo(key).and(col("grain").equalTo(grain))), key, grain);
    }
    divergentThreads(h, key);
  }

  private void toneOverTime(Html h, Dataset<Row> rows, String key, String grain) {
    List<Row> top = rows.groupBy("target_id").agg(max("target_name").as("name"), sum("n").as("n"))
        .orderBy(col("n").desc(), col("target_id")).limit(Math.min(MAX_ACTORS, o.top())).collectAsList();
    for (Row a : top) {
      String id = Report.str(a, "target_id");
      String name = Report.str(a, "name") == null ? id : Report.str(a, "name");
      List<Row> per = rows.where(col("target_id").equalTo(id))
          .select(date_format(col("period_start"), "yyyy-MM-dd").as("p"), col("group_value"), col("mean"),
              col("ci_low"), col("ci_high"), col("n"))
          .orderBy("p", "group_value").collectAsList();
      Map<String, Long> units = new LinkedHashMap<>();
      TreeSet<LocalDate> ps = new TreeSet<>();
      for (Row r : per) {
        units.merge(Report.str(r, "group_value"), Report.lng(r, "n"), Long::sum);
        ps.add(LocalDate.parse(Report.str(r, "p")));
      }
      List<String> groups = units.entrySet().stream()
          .sorted((x, y) -> x.getValue().equals(y.getValue()) ? x.getKey().compareTo(y.getKey())
              : Long.compare(y.getValue(), x.getValue()))
          .map(Map.Entry::getKey).limit(Report.MAX_LINES).toList();
      List<LocalDate> periods = new ArrayList<>(ps);
      Map<String, double[]> lines = new LinkedHashMap<>();
      for (String g : groups) {
        double[] v = new double[periods.size()];
        java.util.Arrays.fill(v, Double.NaN);
        lines.put(g + " (n " + units.get(g) + ")", v);
      }
      Map<String, Map<String, Row>> cell = new LinkedHashMap<>();
      for (Row r : per) {
        String g = Report.str(r, "group_value");
        if (!groups.contains(g)) {
          continue;
        }
        Double m = Report.dbl(r, "mean");
        lines.get(g + " (n " + units.get(g) + ")")[periods.indexOf(LocalDate.parse(Report.str(r, "p")))] =
            m == null ? Double.NaN : m;
        cell.computeIfAbsent(Report.str(r, "p"), p -> new LinkedHashMap<>()).put(g, r);
      }
      h.h3("Tone toward " + name + " by " + key + ", per " + grain);
      byte[] png = Charts.timeLines("Tone toward " + name + " by " + key + ", per " + grain, "mean tone", periods,
          lines, grain, false);
      if (png == null) {
        h.note("Nothing to draw for " + name + ": no group has a mean tone in any " + grain + ".");
      } else {
        charts++;
        h.img(Charts.dataUri(png), "tone toward " + name + " per " + grain + ", one line per " + key);
      }
      List<String> head = new ArrayList<>();
      head.add(grain);
      groups.forEach(g -> head.add(g + ": mean [95% CI] (n)"));
      Html.Table t = new Html.Table(head.toArray(String[]::new));
      List<String> recent = new ArrayList<>(cell.keySet());
      java.util.Collections.reverse(recent);
      for (String p : recent.subList(0, Math.min(Report.MAX_PERIODS, recent.size()))) {
        List<String> cells = new ArrayList<>();
        cells.add(Html.esc(p));
        for (String g : groups) {
          Row r = cell.get(p).get(g);
          cells.add(r == null ? "" : Html.meanCi(Report.dbl(r, "mean"), Report.dbl(r, "ci_low"),
              Report.dbl(r, "ci_high"), 3) + " (" + Html.count(Report.lng(r, "n")) + ")");
        }
        t.row(cells.toArray(String[]::new));
      }
      h.raw(t.render());
    }
  }

  private void divergentThreads(Html h, String key) {
    h.h3("Where the groups differ most: story threads");
    Dataset<Row> div = table(OutputTables.FRAMING_DIVERGENCE);
    if (div == null) {
      h.note("No `framing_divergence` table in this folder.");
      return;
    }
    Dataset<Row> threads = div.where(col("grain").equalTo("thread").and(col("ci_low").isNotNull()));
    // the chosen groups, else single outlets (outlet pairs are compared within threads)
    String used = threads.where(col("group_key").equalTo(key)).isEmpty() ? "outlet" : key;
    Dataset<Row> d = threads.where(col("group_key").equalTo(used));
    Dataset<Row> st = table(OutputTables.STORY_THREADS);
    if (st != null) {
      d = d.join(st.select(col("thread_id"), col("title"), col("outlet_count")), new String[] {"thread_id"}, "left");
    }
    List<Row> top = d.select(d.col("*"), date_format(col("period_start"), "yyyy-MM-dd").as("p"))
        // ranked by how far the difference's 95% interval stays from zero: the smallest difference the data support
        // (|z| alone would favour two-story sides, whose tiny standard errors come with a t quantile of 12.7)
        .orderBy(greatest(col("ci_low"), col("ci_high").multiply(-1)).desc(), col("period_start"), col("thread_id"),
            col("target_id"), col("group_a"), col("group_b"))
        .limit(o.top()).collectAsList();
    if (top.isEmpty()) {
      h.note("No thread where two " + used + " groups both have tone toward the same actor from at least two "
          + "stories each (`framing.min_units`).");
      return;
    }
    h.p("The threads where two " + used + " groups' tone toward an actor differs most: ranked by how far the 95% "
        + "interval of the difference stays from zero (the smallest difference the data support), with the "
        + "strongest sentence of each side (its outlet and score in brackets).");
    Html.Table t = new Html.Table("thread (first day)", "actor", "A", "B", "A − B [95% CI]", "z", "A says",
        "B says").numeric(5);
    for (Row r : top) {
      String title = st == null ? null : Report.str(r, "title");
      t.row(Html.esc(Report.str(r, "p")) + "<br><span class=\"ci\">" + Html.esc(Report.abbreviate(
              title == null ? Report.str(r, "thread_id") : title, 90)) + "</span>",
          Html.esc(Report.str(r, "target_name") == null ? Report.str(r, "target_id") : Report.str(r, "target_name")),
          side(r, "a"), side(r, "b"),
          Html.meanCi(Report.dbl(r, "diff"), Report.dbl(r, "ci_low"), Report.dbl(r, "ci_high"), 3),
          Html.num(Report.dbl(r, "z"), 2), says(r, "evidence_a"), says(r, "evidence_b"));
    }
    h.raw(t.render());
  }

  private static String side(Row r, String s) {
    return Html.esc(Report.str(r, "group_" + s)) + "<br>" + Html.num(Report.dbl(r, "mean_" + s), 3) + " (n "
        + Html.count(Report.lng(r, "n_" + s)) + ")";
  }

  private static String says(Row r, String f) {
    int i = r.fieldIndex(f);
    if (r.isNullAt(i) || r.getList(i).isEmpty()) {
      return "";
    }
    Row e = (Row) r.getList(i).get(0);
    Object score = e.getAs("score");
    return Html.esc(Report.abbreviate(e.<String>getAs("sentence"), 240)) + " <span class=\"ci\">("
        + Html.esc(e.<String>getAs("outlet")) + ", " + Html.num(score == null ? null : ((Number) score).doubleValue(),
        2) + ")</span>";
  }
}
