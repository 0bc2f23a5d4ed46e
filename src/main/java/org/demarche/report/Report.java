package org.demarche.report;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.demarche.output.OutputTables;
import org.demarche.trends.TrendSteps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code demarche report}: one self-contained HTML page (charts as embedded PNG, no external resources) summarising an
 * output folder: the run, coverage over time, top actors, dyads with their evidence, issue stances, topics, alerts and
 * framing across outlet groups ({@link FramingSection}).
 *
 * <p>Every table is read with its contract schema ({@link OutputTables}) and aggregated in Spark; only small results
 * (top-N keys, their periods, evidence) reach the driver. A missing or empty table makes its section say so; a
 * section that fails is reported in the page and in {@link Result#problems()}, and the other sections still render.
 * Everything is sorted, and no clock time other than the runs' own is written, so the same tables give the same page.
 */
public final class Report {
  private static final Logger LOG = LoggerFactory.getLogger(Report.class);
  static final String ALL = TrendSteps.ALL;
  /** Lines drawn at most in one time chart (more are unreadable); tables still list all top-N keys. */
  static final int MAX_LINES = 8;
  /** Periods listed per key under a chart, the most recent first. */
  static final int MAX_PERIODS = 24;
  /** Periods listed at most in the coverage table (the most recent); its chart draws them all. */
  static final int MAX_TABLE_PERIODS = 60;
  /** Alerts listed at most, the most recent first. */
  static final int MAX_ALERTS = 200;
  static final List<String> PHASE_ORDER =
      List.of("ingest", "clean", "dedupe", "actors", "stance", "text", "topics", "write", "trends");
  static final List<String> TREND_TABLES =
      List.of("actor_trends", "dyad_trends", "issue_trends", "outlet_trends", "alerts");

  /**
   * What to report.
   *
   * @param grain {@code day}, {@code week} or {@code month}: the period of every time chart
   * @param top actors, dyads, issues and topics shown
   * @param evidence evidence sentences shown per key and period
   */
  public record Options(String grain, int top, int evidence) {
    public Options {
      if (!TrendSteps.GRAINS.contains(grain)) {
        throw new IllegalArgumentException("grain must be one of " + TrendSteps.GRAINS + " but was " + grain);
      }
      if (top < 1) {
        throw new IllegalArgumentException("top must be >= 1 but was " + top);
      }
      if (evidence < 0) {
        throw new IllegalArgumentException("evidence must be >= 0 but was " + evidence);
      }
    }
  }

  /**
   * The page and what went into it.
   *
   * @param html the page
   * @param charts number of embedded charts
   * @param problems sections that could not be built (empty when all rendered)
   */
  public record Result(String html, int charts, List<String> problems) {}

  private final SparkSession spark;
  private final String out;
  private final Options o;
  private final List<String> problems = new ArrayList<>();
  private int charts;
  /** doc_id → "title (outlet, day)" of the documents behind the evidence shown, looked up in {@code articles}. */
  private final Map<String, String> docTitles = new java.util.HashMap<>();

  private Report(SparkSession spark, String out, Options o) {
    this.spark = spark;
    this.out = out;
    this.o = o;
  }

  /** Builds the page for the output folder {@code out}. */
  public static Result build(SparkSession spark, String out, Options o) {
    return new Report(spark, out, o).build();
  }

  /** The demarche tables present under {@code out} (folder names of {@link OutputTables}), sorted. */
  public static List<String> tablesIn(SparkSession spark, String out) {
    List<String> have = new ArrayList<>();
    for (OutputTables t : OutputTables.values()) {
      if (OutputTables.exists(spark, t.path(out))) {
        have.add(t.table());
      }
    }
    Collections.sort(have);
    return have;
  }

  /** The grains ({@code grain=…} partitions) present in the trend and alert tables. */
  public static List<String> grainsIn(SparkSession spark, String out) {
    TreeSet<String> g = new TreeSet<>();
    for (String t : TREND_TABLES) {
      Path p = new Path(out, t);
      try {
        FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(p)) {
          continue;
        }
        for (FileStatus s : fs.listStatus(p)) {
          String n = s.getPath().getName();
          if (s.isDirectory() && n.startsWith("grain=")) {
            g.add(n.substring("grain=".length()));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new ArrayList<>(g);
  }

  private Result build() {
    long t0 = System.nanoTime();
    spark.sparkContext().setJobGroup("report", "demarche report", false);
    Html page = new Html();
    String title = "demarche report: " + out;
    page.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .raw("<title>").text(title).raw("</title>\n<style>\n").raw(CSS).raw("</style>\n</head>\n<body>\n")
        .raw("<h1>").text(title).raw("</h1>\n");
    page.raw("<p class=\"sub\">Grain: <b>").text(o.grain()).raw("</b> · top ").text(String.valueOf(o.top()))
        .raw(" · trend rows of the <code>").text(ALL).raw("</code> slice (all outlets together). Intervals are 95% "
            + "(clustered by story: the sentences of one article are not independent; none with fewer than two "
            + "stories); read a mean with n &lt; 5 as anecdote.</p>\n");
    page.raw("<nav>");
    String[][] toc = {{"run", "1. Run"}, {"coverage", "2. Coverage"}, {"actors", "3. Actors"},
        {"dyads", "4. Dyads"}, {"issues", "5. Issues"}, {"topics", "6. Topics"}, {"alerts", "7. Alerts"},
        {"framing", "8. Framing"}};
    for (String[] e : toc) {
      page.raw("<a href=\"#").raw(e[0]).raw("\">").text(e[1]).raw("</a> ");
    }
    page.raw("</nav>\n");
    section(page, "run", "1. Run summary", this::runSection);
    section(page, "coverage", "2. Coverage over time", this::coverageSection);
    section(page, "actors", "3. Top actors", this::actorSection);
    section(page, "dyads", "4. Dyads: who does what to whom", this::dyadSection);
    section(page, "issues", "5. Issue stances", this::issueSection);
    section(page, "topics", "6. Topics", this::topicSection);
    section(page, "alerts", "7. Alerts", this::alertSection);
    section(page, "framing", "8. Framing across outlets", h -> charts += FramingSection.write(h, spark, out, o));
    page.raw("<footer>Written by <code>demarche report</code> from the tables under <code>").text(out)
        .raw("</code>. Table and column meanings: docs/schema.md; trend rules: docs/trends.md.</footer>\n")
        .raw("</body>\n</html>\n");
    spark.sparkContext().clearJobGroup();
    LOG.info("report: {} charts, {} problems in {} s", charts, problems.size(),
        String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
    return new Result(page.toString(), charts, List.copyOf(problems));
  }

  private interface SectionBody {
    void write(Html h);
  }

  /** Renders one section into its own buffer, so a failure leaves no half-written table in the page. */
  private void section(Html page, String id, String title, SectionBody body) {
    Html h = new Html();
    int chartsBefore = charts;
    try {
      body.write(h);
      page.raw("<section>\n").h2(id, title).raw(h.toString()).raw("</section>\n");
    } catch (RuntimeException e) {
      charts = chartsBefore;
      LOG.warn("report: section {} failed", id, e);
      String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
      problems.add(title + ": " + msg);
      page.raw("<section>\n").h2(id, title).error("This section could not be built: " + msg).raw("</section>\n");
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Reading

  /** A table read with its contract schema, or null when its folder does not exist. */
  private Dataset<Row> table(OutputTables t) {
    return OutputTables.exists(spark, t.path(out)) ? t.read(spark, out) : null;
  }

  /** A trend table at the report's grain, {@code __all__} slice; null when missing. */
  private Dataset<Row> trend(OutputTables t) {
    Dataset<Row> d = table(t);
    return d == null ? null : d.where(col("grain").equalTo(o.grain()).and(col("outlet").equalTo(ALL)));
  }

  private void missing(Html h, OutputTables t, String hint) {
    h.note("No `" + t.table() + "` table in this folder" + (hint == null ? "." : ": " + hint));
  }

  private void emptyAtGrain(Html h, OutputTables t) {
    List<String> grains = grainsIn(spark, out);
    h.note("`" + t.table() + "` has no rows for grain=" + o.grain() + " (grains in this folder: "
        + (grains.isEmpty() ? "none" : String.join(", ", grains)) + "). Fix: --grain " + (grains.isEmpty() ? "month"
        : grains.get(0)) + ", or `demarche trends --output DIR --set trends.grains=" + o.grain() + "`.");
  }

  /** True when the table has no rows at all at any grain (an honest "nothing found") vs. none at this grain. */
  private boolean hasOtherGrains(Dataset<Row> fullTable) {
    return !fullTable.limit(1).isEmpty();
  }

  /** Period start as {@code yyyy-MM-dd} text: dates leave Spark as strings, never through java.sql.Date. */
  private static Column day(String c) {
    return date_format(col(c), "yyyy-MM-dd");
  }

  private static Column period(String grain, String dateCol) {
    return to_date(date_trunc(grain, col(dateCol)));
  }

  static String str(Row r, String f) {
    int i = r.fieldIndex(f);
    return r.isNullAt(i) ? null : String.valueOf(r.get(i));
  }

  static long lng(Row r, String f) {
    int i = r.fieldIndex(f);
    return r.isNullAt(i) ? 0L : ((Number) r.get(i)).longValue();
  }

  static Double dbl(Row r, String f) {
    int i = r.fieldIndex(f);
    return r.isNullAt(i) ? null : ((Number) r.get(i)).doubleValue();
  }

  private static double nan(Double d) {
    return d == null ? Double.NaN : d;
  }

  private void chart(Html h, byte[] png, String alt) {
    if (png == null) {
      h.note("Nothing to draw for: " + alt + ".");
      return;
    }
    charts++;
    h.img(Charts.dataUri(png), alt);
  }

  /**
   * The aggregate over trend rows that pools per-period means into one mean with its 95% interval: a struct
   * {@code prefix_pool} of {@code pn} (Σ n), {@code s1} (Σ n·mean), {@code s2} (Σ n·mean² + (n−1)·sd², for the
   * pooled unit variance), {@code v} (Σ n²·se² over periods with a clustered se), {@code u2} (Σ n² over periods of
   * one story, which have none) and {@code g} (Σ stories). See {@link #pooledCi}.
   */
  static Column pooledAggs(String prefix) {
    Column n = col(prefix + "_n").cast("double");
    Column m = col(prefix + "_mean");
    Column sd = coalesce(col(prefix + "_sd"), lit(0.0));
    Column se = col(prefix + "_se");
    Column has = m.isNotNull().and(n.gt(0));
    return struct(sum(when(has, n).otherwise(lit(0.0))).as("pn"),
        sum(when(has, n.multiply(m))).as("s1"),
        sum(when(has, n.multiply(m).multiply(m).plus(n.minus(1).multiply(sd).multiply(sd)))).as("s2"),
        sum(when(has.and(se.isNotNull()), n.multiply(n).multiply(se).multiply(se)).otherwise(lit(0.0))).as("v"),
        sum(when(has.and(se.isNull()), n.multiply(n)).otherwise(lit(0.0))).as("u2"),
        sum(when(has, col(prefix + "_clusters")).otherwise(lit(0L))).as("g")).as(prefix + "_pool");
  }

  /**
   * Adds {@code prefix_mean}, {@code prefix_ci_low}, {@code prefix_ci_high}, {@code prefix_n} from
   * {@link #pooledAggs}: the mean of all the underlying scores, and its interval from the periods' clustered standard
   * errors (periods taken as independent; a period of one story counts one draw of the pooled unit variance):
   * {@code se² = (Σ n²·se² + Σ_{one story} n² · s²) / (Σ n)²}, {@code mean ± t(0.975, G−1) · se} over G stories;
   * none when G &lt; 2.
   */
  static Dataset<Row> pooledCi(Dataset<Row> d, String prefix) {
    String p = prefix + "_pool.";
    Column n = col(p + "pn");
    Column g = col(p + "g");
    Column mean = when(n.gt(0), col(p + "s1").divide(n));
    Column unit = greatest(lit(0.0), col(p + "s2").minus(n.multiply(mean).multiply(mean)).divide(n.minus(1)));
    Column se = sqrt(col(p + "v").plus(col(p + "u2").multiply(coalesce(unit, lit(0.0))))).divide(n);
    Column half = T975.apply(g.minus(1)).multiply(se);
    return d.withColumn(prefix + "_mean", mean)
        .withColumn(prefix + "_ci_low", when(g.geq(2), mean.minus(half)))
        .withColumn(prefix + "_ci_high", when(g.geq(2), mean.plus(half)))
        .withColumn(prefix + "_n", n.cast("long"))
        .drop(prefix + "_pool");
  }

  /** The 0.975 quantile of Student's t at the given degrees of freedom (null below 1). */
  private static final org.apache.spark.sql.expressions.UserDefinedFunction T975 = org.apache.spark.sql.functions.udf(
      (org.apache.spark.sql.api.java.UDF1<Long, Double>) df -> df == null || df < 1 ? null
          : org.demarche.trends.MeanCi.t975(df), org.apache.spark.sql.types.DataTypes.DoubleType);

  /** The sorted periods of {@code rows} (column {@code p}, yyyy-MM-dd). */
  private static List<LocalDate> periods(List<Row> rows) {
    TreeSet<LocalDate> s = new TreeSet<>();
    for (Row r : rows) {
      s.add(LocalDate.parse(str(r, "p")));
    }
    return new ArrayList<>(s);
  }

  /** One series per key (in {@code keys} order) of {@code value} by period; missing periods get {@code fill}. */
  private static Map<String, double[]> series(List<Row> rows, List<LocalDate> periods, List<String> keys,
      java.util.function.Function<Row, String> keyOf, java.util.function.Function<Row, Double> value, double fill) {
    Map<String, double[]> s = new LinkedHashMap<>();
    for (String k : keys) {
      double[] v = new double[periods.size()];
      Arrays.fill(v, fill);
      s.put(k, v);
    }
    for (Row r : rows) {
      double[] v = s.get(keyOf.apply(r));
      if (v != null) {
        v[periods.indexOf(LocalDate.parse(str(r, "p")))] = nan(value.apply(r));
      }
    }
    return s;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // 1. Run summary

  private void runSection(Html h) {
    Dataset<Row> runs = table(OutputTables.RUNS);
    if (runs == null) {
      missing(h, OutputTables.RUNS, "every `demarche run` writes one row per batch; this folder has none.");
    } else {
      List<Row> all = runs.select(col("run_id"), col("batch_id"),
              date_format(col("started_at"), "yyyy-MM-dd HH:mm:ss").as("started"),
              date_format(col("finished_at"), "yyyy-MM-dd HH:mm:ss").as("finished"), col("demarche_version"),
              col("spark_version"), col("master"), concat_ws(", ", col("input_paths")).as("inputs"),
              col("input_files"), col("input_bytes"), col("records_read"), col("accepted"), col("rejected"),
              col("reconciled"), col("n_articles"), col("n_stories"), col("n_outlets"), day("min_dt").as("min_dt"),
              day("max_dt").as("max_dt"), col("phase_seconds"), col("rejects_by_reason"), col("resources"),
              col("config"), col("started_at"))
          .orderBy(col("started_at").desc(), col("run_id").desc()).limit(20).collectAsList();
      if (all.isEmpty()) {
        h.note("The `runs` table is empty.");
      } else {
        runDetails(h, all.get(0));
        if (all.size() > 1) {
          h.h3("Earlier runs in this folder (most recent first, up to 20)");
          Html.Table t = new Html.Table("run", "batch", "started (UTC)", "version", "read", "accepted",
              "rejected", "articles").numeric(4, 5, 6, 7);
          for (Row r : all) {
            t.row(Html.esc(str(r, "run_id")), Html.esc(str(r, "batch_id")), Html.esc(str(r, "started")),
                Html.esc(str(r, "demarche_version")), Html.count(lng(r, "records_read")),
                Html.count(lng(r, "accepted")), Html.count(lng(r, "rejected")), Html.count(lng(r, "n_articles")));
          }
          h.raw(t.render());
        }
      }
    }
    articleCounts(h);
    rejects(h);
  }

  private void runDetails(Html h, Row r) {
    h.h3("Latest run " + str(r, "run_id"));
    Html.Table t = new Html.Table("", "");
    t.row("run id", "<code>" + Html.esc(str(r, "run_id")) + "</code>");
    t.row("batch id", "<code>" + Html.esc(str(r, "batch_id")) + "</code>");
    t.row("demarche / Spark", Html.esc(str(r, "demarche_version") + " / " + str(r, "spark_version")));
    t.row("master", Html.esc(str(r, "master")));
    t.row("started – finished (UTC)", Html.esc(str(r, "started") + " – " + str(r, "finished")));
    t.row("input", Html.esc(str(r, "inputs")) + " (" + Html.count(lng(r, "input_files")) + " files, "
        + Html.count(lng(r, "input_bytes")) + " bytes)");
    t.row("records", Html.count(lng(r, "records_read")) + " read = " + Html.count(lng(r, "accepted"))
        + " accepted + " + Html.count(lng(r, "rejected")) + " rejected"
        + (Boolean.TRUE.equals(r.getAs("reconciled")) ? " (reconciled)" : " <b>(NOT reconciled)</b>"));
    t.row("batch articles", Html.count(lng(r, "n_articles")) + " articles, " + Html.count(lng(r, "n_stories"))
        + " stories, " + Html.count(lng(r, "n_outlets")) + " outlets, dated " + Html.esc(str(r, "min_dt")) + " to "
        + Html.esc(str(r, "max_dt")));
    h.raw(t.render().replace("<thead><tr><th></th><th></th></tr></thead>\n", ""));

    Map<String, Double> phases = new TreeMap<>((a, b) -> {
      int ia = PHASE_ORDER.indexOf(a);
      int ib = PHASE_ORDER.indexOf(b);
      ia = ia < 0 ? Integer.MAX_VALUE : ia;
      ib = ib < 0 ? Integer.MAX_VALUE : ib;
      return ia != ib ? Integer.compare(ia, ib) : a.compareTo(b);
    });
    phases.putAll(r.<String, Double>getJavaMap(r.fieldIndex("phase_seconds")));
    if (!phases.isEmpty()) {
      h.h3("Phase timings");
      Html.Table pt = new Html.Table("phase", "seconds").numeric(1);
      double total = 0;
      for (Map.Entry<String, Double> e : phases.entrySet()) {
        boolean main = PHASE_ORDER.contains(e.getKey());
        pt.row(main ? Html.esc(e.getKey()) : "<span class=\"ci\">" + Html.esc(e.getKey()) + " (sub-step, included "
            + "above)</span>", Html.num(e.getValue(), 1));
        total += main && e.getValue() != null ? e.getValue() : 0;
      }
      pt.row("<b>total</b>", "<b>" + Html.num(total, 1) + "</b>");
      h.raw(pt.render());
    }
    Map<String, Long> byReason = new TreeMap<>(r.<String, Long>getJavaMap(r.fieldIndex("rejects_by_reason")));
    if (!byReason.isEmpty()) {
      h.p("Rejects of this run by reason: " + byReason.entrySet().stream()
          .map(e -> e.getKey() + " " + e.getValue()).reduce((a, b) -> a + ", " + b).orElse(""));
    }
    Map<String, String> resources = new TreeMap<>(r.<String, String>getJavaMap(r.fieldIndex("resources")));
    Map<String, String> config = new TreeMap<>(r.<String, String>getJavaMap(r.fieldIndex("config")));
    if (!resources.isEmpty()) {
      h.raw("<details><summary>Resources (" + resources.size() + ": dictionaries, models and their hashes)"
          + "</summary>\n");
      Html.Table rt = new Html.Table("resource", "value");
      resources.forEach((k, v) -> rt.row(Html.esc(k), "<code>" + Html.esc(v) + "</code>"));
      h.raw(rt.render()).raw("</details>\n");
    }
    if (!config.isEmpty()) {
      h.raw("<details><summary>Configuration (" + config.size() + " keys)</summary>\n");
      Html.Table ct = new Html.Table("key", "value");
      config.forEach((k, v) -> ct.row("<code>" + Html.esc(k) + "</code>", Html.esc(v)));
      h.raw(ct.render()).raw("</details>\n");
    }
  }

  private void articleCounts(Html h) {
    h.h3("Articles in the folder");
    Dataset<Row> a = table(OutputTables.ARTICLES);
    if (a == null) {
      missing(h, OutputTables.ARTICLES, null);
      return;
    }
    Row r = a.agg(count(lit(1)).as("n"), countDistinct(coalesce(col("story_id"), col("doc_id"))).as("stories"),
        countDistinct(col("outlet")).as("outlets"), count(when(col("dt").isNull(), 1)).as("undated"),
        countDistinct(col("run_id")).as("runs"), count(when(col("exact_duplicate_of").isNotNull(), 1)).as("dups"),
        date_format(min("dt"), "yyyy-MM-dd").as("min_dt"), date_format(max("dt"), "yyyy-MM-dd").as("max_dt"))
        .first();
    if (lng(r, "n") == 0) {
      h.note("The `articles` table is empty.");
      return;
    }
    Html.Table t = new Html.Table("articles", "stories", "outlets", "first day", "last day", "undated",
        "exact duplicates", "runs").numeric(0, 1, 2, 5, 6, 7);
    t.row(Html.count(lng(r, "n")), Html.count(lng(r, "stories")), Html.count(lng(r, "outlets")),
        Html.esc(str(r, "min_dt")), Html.esc(str(r, "max_dt")), Html.count(lng(r, "undated")),
        Html.count(lng(r, "dups")), Html.count(lng(r, "runs")));
    h.raw(t.render());
  }

  private void rejects(Html h) {
    h.h3("Rejected records by reason (all batches)");
    Dataset<Row> rej = table(OutputTables.REJECTS);
    if (rej == null) {
      missing(h, OutputTables.REJECTS, null);
      return;
    }
    List<Row> rows = rej.groupBy("phase", "reason")
        .agg(count(lit(1)).as("n"), min(coalesce(col("detail"), lit(""))).as("example"))
        .orderBy(col("n").desc(), col("phase"), col("reason")).collectAsList();
    if (rows.isEmpty()) {
      h.note("No rejected records.");
      return;
    }
    Html.Table t = new Html.Table("phase", "reason", "records", "example detail").numeric(2);
    for (Row r : rows) {
      t.row(Html.esc(str(r, "phase")), Html.esc(str(r, "reason")), Html.count(lng(r, "n")),
          Html.esc(abbreviate(str(r, "example"), 200)));
    }
    h.raw(t.render());
  }

  static String abbreviate(String s, int n) {
    if (s == null) {
      return "";
    }
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }

  // ---------------------------------------------------------------------------------------------------------------
  // 2. Coverage

  private void coverageSection(Html h) {
    Dataset<Row> a = table(OutputTables.ARTICLES);
    if (a == null) {
      missing(h, OutputTables.ARTICLES, null);
      return;
    }
    Dataset<Row> dated = a.where(col("dt").isNotNull())
        .select(col("doc_id"), coalesce(col("story_id"), col("doc_id")).as("story"),
            coalesce(col("outlet"), lit("(no outlet)")).as("outlet"), col("dt"), col("tone"))
        .withColumn("p", date_format(period(o.grain(), "dt"), "yyyy-MM-dd"));
    List<Row> outlets = withMeanCi(dated.groupBy("outlet").agg(countDistinct("doc_id").as("n"),
            countDistinct("story").as("stories"), date_format(min("dt"), "yyyy-MM-dd").as("first"),
            date_format(max("dt"), "yyyy-MM-dd").as("last"), org.apache.spark.sql.functions.avg("tone").as("m"),
            org.apache.spark.sql.functions.stddev_samp("tone").as("sd"), count("tone").as("tn")))
        .orderBy(col("n").desc(), col("outlet")).collectAsList();
    if (outlets.isEmpty()) {
      h.note("No dated articles: nothing to put on a time axis.");
      return;
    }
    List<String> top = outlets.stream().limit(Math.min(o.top(), MAX_LINES - 1)).map(r -> str(r, "outlet")).toList();
    List<Row> perPeriod = dated.groupBy("p").agg(countDistinct("doc_id").as("n"),
        countDistinct("story").as("stories")).orderBy("p").collectAsList();
    List<Row> perOutlet = dated.where(col("outlet").isin(top.toArray())).groupBy("p", "outlet")
        .agg(countDistinct("doc_id").as("n")).orderBy("p", "outlet").collectAsList();
    List<LocalDate> ps = periods(perPeriod);
    Map<String, double[]> s = new LinkedHashMap<>();
    s.put("all outlets", series(perPeriod, ps, List.of("all"), r -> "all", r -> (double) lng(r, "n"), 0).get("all"));
    s.putAll(series(perOutlet, ps, top, r -> str(r, "outlet"), r -> (double) lng(r, "n"), 0));
    chart(h, Charts.timeLines("Articles per " + o.grain(), "articles", ps, s, o.grain(), true),
        "articles per " + o.grain() + ", all outlets and the top outlets");

    h.h3("Articles per " + o.grain());
    Html.Table pt = new Html.Table(o.grain() + " starting", "articles", "stories").numeric(1, 2);
    for (Row r : perPeriod.subList(Math.max(0, perPeriod.size() - MAX_TABLE_PERIODS), perPeriod.size())) {
      pt.row(Html.esc(str(r, "p")), Html.count(lng(r, "n")), Html.count(lng(r, "stories")));
    }
    h.raw(pt.render());
    if (perPeriod.size() > MAX_TABLE_PERIODS) {
      h.note("The last " + MAX_TABLE_PERIODS + " of " + perPeriod.size() + " periods; the chart shows them all.");
    }

    h.h3("Top outlets");
    Html.Table ot = new Html.Table("outlet", "articles", "stories", "first day", "last day",
        "mean document tone [95% CI]", "n").numeric(1, 2, 5, 6);
    for (Row r : outlets.subList(0, Math.min(o.top(), outlets.size()))) {
      ot.row(Html.esc(str(r, "outlet")), Html.count(lng(r, "n")), Html.count(lng(r, "stories")),
          Html.esc(str(r, "first")), Html.esc(str(r, "last")),
          Html.meanCi(dbl(r, "m"), dbl(r, "lo"), dbl(r, "hi"), 2), Html.count(lng(r, "tn")));
    }
    h.raw(ot.render());
    if (outlets.size() > o.top()) {
      h.note((outlets.size() - o.top()) + " more outlets not shown (--top " + o.top() + ").");
    }
  }

  /** Adds lo/hi (95% interval) from columns m (mean), sd and tn (n). */
  private static Dataset<Row> withMeanCi(Dataset<Row> d) {
    Column half = lit(1.96).multiply(col("sd")).divide(sqrt(col("tn")));
    return d.withColumn("lo", when(col("tn").geq(2), col("m").minus(half)))
        .withColumn("hi", when(col("tn").geq(2), col("m").plus(half)));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // 3. Actors

  private void actorSection(Html h) {
    Dataset<Row> full = table(OutputTables.ACTOR_TRENDS);
    if (full == null) {
      missing(h, OutputTables.ACTOR_TRENDS, "run `demarche trends --output DIR` to compute it.");
      return;
    }
    Dataset<Row> at = trend(OutputTables.ACTOR_TRENDS);
    Dataset<Row> agg = pooledCi(at.groupBy("actor_id").agg(max("actor_name").as("actor_name"),
        sum("n_articles").as("n"), sum("n_mentions").as("mentions"), count(lit(1)).as("periods"),
        pooledAggs("tone")), "tone");
    List<Row> top = agg.orderBy(col("n").desc(), col("mentions").desc(), col("actor_id")).limit(o.top())
        .collectAsList();
    if (top.isEmpty()) {
      if (hasOtherGrains(full)) {
        emptyAtGrain(h, OutputTables.ACTOR_TRENDS);
      } else {
        h.note("The `actor_trends` table is empty: no article mentions a dictionary actor.");
      }
      return;
    }
    List<String> ids = top.stream().map(r -> str(r, "actor_id")).toList();
    Map<String, String> label = new LinkedHashMap<>();
    for (Row r : top) {
      label.put(str(r, "actor_id"), str(r, "actor_name") == null ? str(r, "actor_id") : str(r, "actor_name"));
    }
    List<Row> per = at.where(col("actor_id").isin(ids.toArray()))
        .select(day("period_start").as("p"), col("actor_id"), col("n_articles"), col("tone_mean"), col("tone_n"))
        .orderBy("p", "actor_id").collectAsList();
    List<LocalDate> ps = periods(per);
    List<String> drawn = ids.subList(0, Math.min(MAX_LINES, ids.size()));
    Map<String, double[]> vol = relabel(series(per, ps, drawn, r -> str(r, "actor_id"),
        r -> (double) lng(r, "n_articles"), 0), label);
    chart(h, Charts.timeLines("Articles mentioning the top actors, per " + o.grain(), "articles", ps, vol,
        o.grain(), true), "articles per " + o.grain() + " for the top actors");

    List<String> cats = new ArrayList<>();
    double[] means = new double[top.size()];
    double[] errs = new double[top.size()];
    for (int i = 0; i < top.size(); i++) {
      Row r = top.get(i);
      cats.add(abbreviate(label.get(str(r, "actor_id")), 24));
      means[i] = nan(dbl(r, "tone_mean"));
      Double lo = dbl(r, "tone_ci_low");
      errs[i] = lo == null ? Double.NaN : means[i] - lo;
    }
    if (top.stream().anyMatch(r -> lng(r, "tone_n") > 0)) {
      chart(h, Charts.bars("Mean tone toward the top actors (95% interval)", "tone", cats,
          Map.of("mean tone", means), Map.of("mean tone", errs), null), "mean tone toward the top actors");
    } else {
      h.note("No tone scores toward these actors (the `stance` phase found no tone rows).");
    }

    Html.Table t = new Html.Table("#", "actor", "id", "articles", "mentions", mean("tone"), "tone n",
        "periods").numeric(0, 3, 4, 5, 6, 7);
    int i = 1;
    for (Row r : top) {
      t.row(String.valueOf(i++), Html.esc(str(r, "actor_name")), "<code>" + Html.esc(str(r, "actor_id")) + "</code>",
          Html.count(lng(r, "n")), Html.count(lng(r, "mentions")),
          Html.meanCi(dbl(r, "tone_mean"), dbl(r, "tone_ci_low"), dbl(r, "tone_ci_high"), 3),
          Html.count(lng(r, "tone_n")), Html.count(lng(r, "periods")));
    }
    h.raw(t.render());
    if (o.evidence() > 0) {
      List<Row> ev = evidence(at, List.of("actor_id"), ids);
      h.raw("<details><summary>Tone evidence for these actors (most confident first)</summary>\n");
      evidenceLists(h, ev, ids, r -> str(r, "actor_id"), label);
      h.raw("</details>\n");
    }
  }

  private static String mean(String what) {
    return "mean " + what + " [95% CI]";
  }

  private static Map<String, double[]> relabel(Map<String, double[]> s, Map<String, String> label) {
    Map<String, double[]> out = new LinkedHashMap<>();
    s.forEach((k, v) -> out.put(label.getOrDefault(k, k), v));
    return out;
  }

  /**
   * The evidence of trend rows for the given keys: the {@code evidence} most confident distinct sentences per key,
   * with their period; columns k (key), p, doc_id, confidence, score, sentence.
   */
  private List<Row> evidence(Dataset<Row> trendRows, List<String> keyCols, List<String> keys) {
    Column key = keyCols.size() == 1 ? col(keyCols.get(0))
        : concat_ws(" → ", keyCols.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
    Dataset<Row> e = trendRows.withColumn("k", key).where(col("k").isin(keys.toArray()))
        .select(col("k"), day("period_start").as("p"), explode(col("evidence")).as("e"))
        .select(col("k"), col("p"), col("e.doc_id").as("doc_id"), col("e.confidence").as("confidence"),
            col("e.score").as("score"), col("e.sentence").as("sentence"))
        .dropDuplicates("k", "doc_id", "sentence");
    return e.withColumn("_r", row_number().over(Window.partitionBy("k")
            .orderBy(col("confidence").desc(), col("p").desc(), col("doc_id"), col("sentence"))))
        .where(col("_r").leq(o.evidence())).orderBy(col("k"), col("_r")).collectAsList();
  }

  /** Looks up the titles of the documents in {@code ids} (one small query; a missing articles table leaves none). */
  private void loadTitles(java.util.Collection<String> ids) {
    TreeSet<String> want = new TreeSet<>();
    for (String id : ids) {
      if (id != null && !docTitles.containsKey(id)) {
        want.add(id);
      }
    }
    Dataset<Row> a = want.isEmpty() ? null : table(OutputTables.ARTICLES);
    if (a == null) {
      return;
    }
    for (Row r : a.where(col("doc_id").isin(want.toArray())).select(col("doc_id"), col("title"), col("outlet"),
        day("dt").as("p")).collectAsList()) {
      String t = str(r, "title");
      docTitles.put(str(r, "doc_id"), (t == null || t.isBlank() ? "(untitled)" : abbreviate(t.strip(), 140)) + " ("
          + (str(r, "outlet") == null ? "no outlet" : str(r, "outlet")) + (str(r, "p") == null ? "" : ", "
          + str(r, "p")) + ")");
    }
  }

  /** The doc ids inside the {@code evidence} lists of trend rows. */
  private static List<String> evidenceDocs(List<Row> rows) {
    List<String> ids = new ArrayList<>();
    for (Row r : rows) {
      int i = r.fieldIndex("evidence");
      if (!r.isNullAt(i)) {
        for (Row e : r.<Row>getList(i)) {
          ids.add(e.getAs("doc_id"));
        }
      }
    }
    return ids;
  }

  /** The source of an evidence sentence: the article's title, outlet and day, and its doc id. */
  private String source(String docId) {
    String t = docTitles.get(docId);
    return " <span class=\"src\">— " + (t == null ? "" : Html.esc(t) + " · ") + "<code>" + Html.esc(docId)
        + "</code></span>";
  }

  private void evidenceLists(Html h, List<Row> ev, List<String> keys,
      java.util.function.Function<Row, String> keyOf, Map<String, String> label) {
    for (String k : keys) {
      List<Row> mine = ev.stream().filter(r -> k.equals(str(r, "k"))).toList();
      if (mine.isEmpty()) {
        continue;
      }
      h.raw("<p class=\"evk\">").text(label.getOrDefault(k, k)).raw("</p>\n");
      evidenceList(h, mine);
    }
  }

  /** A list of evidence sentences: period, score, confidence, the sentence and its article, all escaped. */
  private void evidenceList(Html h, List<Row> rows) {
    loadTitles(rows.stream().map(r -> str(r, "doc_id")).toList());
    h.raw("<ul class=\"ev\">\n");
    for (Row r : rows) {
      h.raw("<li><span class=\"meta\">").text(str(r, "p")).raw(" · score ").text(Html.num(dbl(r, "score"), 2))
          .raw(" · conf ").text(Html.num(dbl(r, "confidence"), 2)).raw("</span> ").text(str(r, "sentence"))
          .raw(source(str(r, "doc_id"))).raw("</li>\n");
    }
    h.raw("</ul>\n");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // 4. Dyads

  private void dyadSection(Html h) {
    Dataset<Row> full = table(OutputTables.DYAD_TRENDS);
    if (full == null) {
      missing(h, OutputTables.DYAD_TRENDS, "run `demarche trends --output DIR` to compute it.");
      return;
    }
    Dataset<Row> dt = trend(OutputTables.DYAD_TRENDS).withColumn("k", concat_ws(" → ", col("source"),
        col("target")));
    h.p("A dyad is a directed pair source → target, at three levels: countries, CAMEO actor codes and actors. "
        + "Events are CAMEO-coded (cooperation: QuadClass 1–2, conflict: 3–4; Goldstein −10 … +10); tone is the "
        + "source's statements about the target (−1 … +1). Ranked by articles, then facts (events + tone scores).");
    Dataset<Row> agg = pooledCi(dt.groupBy("level", "k").agg(sum("n_articles").as("n"),
        sum("n_events").as("events"), sum("n_cooperation").as("coop"), sum("n_conflict").as("conflict"),
        sum(col("goldstein_mean").multiply(col("n_events"))).as("gsum"), count(lit(1)).as("periods"),
        pooledAggs("tone")), "tone")
        .withColumn("goldstein", when(col("events").gt(0), col("gsum").divide(col("events"))))
        .withColumn("_r", row_number().over(Window.partitionBy("level")
            .orderBy(col("n").desc(), col("events").plus(col("tone_n")).desc(), col("k"))))
        .where(col("_r").leq(o.top()));
    List<Row> top = agg.orderBy("level", "_r").collectAsList();
    if (top.isEmpty()) {
      if (hasOtherGrains(full)) {
        emptyAtGrain(h, OutputTables.DYAD_TRENDS);
      } else {
        h.note("The `dyad_trends` table is empty: no CAMEO events and no tone between two actors were found.");
      }
      return;
    }
    List<String> allKeys = top.stream().map(r -> str(r, "k")).distinct().toList();
    List<Row> per = dt.where(col("k").isin(allKeys.toArray()))
        .select(col("level"), col("k"), day("period_start").as("p"), col("n_articles"), col("n_events"),
            col("n_cooperation"), col("n_conflict"), col("goldstein_mean"), col("tone_mean"), col("tone_ci_low"),
            col("tone_ci_high"), col("tone_n"), col("evidence"))
        .orderBy("level", "k", "p").collectAsList();
    for (String level : List.of("country", "code", "actor")) {
      List<Row> mine = top.stream().filter(r -> level.equals(str(r, "level"))).toList();
      h.h3(switch (level) {
        case "country" -> "Countries";
        case "code" -> "CAMEO actor codes";
        default -> "Actors";
      } + " (level " + level + ")");
      if (mine.isEmpty()) {
        h.note("No dyads at level " + level + ".");
        continue;
      }
      dyadLevel(h, level, mine, per.stream().filter(r -> level.equals(str(r, "level"))).toList());
    }
    dyadsByOutlet(h);
  }

  /**
   * Per outlet (the top outlets by dyad articles): its top dyads at the country and code levels with their most
   * confident evidence, so one outlet's framing can be read against the others (a small outlet's dyads never reach
   * the all-outlets top list).
   */
  private void dyadsByOutlet(Html h) {
    Dataset<Row> d = table(OutputTables.DYAD_TRENDS).where(col("grain").equalTo(o.grain())
        .and(col("outlet").notEqual(ALL)).and(col("level").isin("country", "code")))
        .withColumn("k", concat_ws(" → ", col("source"), col("target")));
    List<String> outlets = d.groupBy("outlet").agg(sum("n_articles").as("n"))
        .orderBy(col("n").desc(), col("outlet")).limit(o.top()).collectAsList().stream()
        .map(r -> str(r, "outlet")).toList();
    h.h3("By outlet (levels country and code)");
    if (outlets.isEmpty()) {
      h.note("No per-outlet dyad rows at grain=" + o.grain() + ".");
      return;
    }
    if (outlets.size() == 1) {
      h.note("One outlet: its dyads are the ones above.");
      return;
    }
    int perOutlet = o.top();
    List<Row> top = pooledCi(d.where(col("outlet").isin(outlets.toArray())).groupBy("outlet", "level", "k")
            .agg(sum("n_articles").as("n"), sum("n_events").as("events"), sum("n_cooperation").as("coop"),
                sum("n_conflict").as("conflict"), sum(col("goldstein_mean").multiply(col("n_events"))).as("gsum"),
                pooledAggs("tone")), "tone")
        .withColumn("goldstein", when(col("events").gt(0), col("gsum").divide(col("events"))))
        .withColumn("_r", row_number().over(Window.partitionBy("outlet", "level")
            .orderBy(col("n").desc(), col("events").plus(col("tone_n")).desc(), col("k"))))
        .where(col("_r").leq(perOutlet)).orderBy("outlet", "level", "_r").collectAsList();
    Dataset<Row> keys = d.where(col("outlet").isin(outlets.toArray()))
        .join(spark.createDataFrame(top.stream().map(r -> org.apache.spark.sql.RowFactory.create(str(r, "outlet"),
            str(r, "level"), str(r, "k"))).toList(), new org.apache.spark.sql.types.StructType()
            .add("outlet", "string").add("level", "string").add("k", "string")), new String[] {"outlet", "level", "k"});
    List<Row> ev = keys.select(col("outlet"), col("level"), col("k"), day("period_start").as("p"),
            explode(col("evidence")).as("e"))
        .select(col("outlet"), col("level"), col("k"), col("p"), col("e.doc_id").as("doc_id"),
            col("e.confidence").as("confidence"), col("e.score").as("score"), col("e.sentence").as("sentence"))
        .dropDuplicates("outlet", "level", "k", "doc_id", "sentence")
        .withColumn("_r", row_number().over(Window.partitionBy("outlet", "level", "k")
            .orderBy(col("confidence").desc(), col("p").desc(), col("doc_id"), col("sentence"))))
        .where(col("_r").leq(o.evidence())).orderBy("outlet", "level", "k", "_r").collectAsList();
    loadTitles(ev.stream().map(r -> str(r, "doc_id")).toList());
    h.p("Top " + perOutlet + " dyads of each outlet per level, with the most confident evidence.");
    for (String outlet : outlets) {
      h.raw("<details open><summary>").text(outlet).raw("</summary>\n");
      Html.Table t = new Html.Table("level", "source → target", "articles", "events", "coop.", "conflict",
          "Goldstein", mean("tone"), "tone n", "evidence").numeric(2, 3, 4, 5, 6, 7, 8);
      for (Row r : top) {
        if (!outlet.equals(str(r, "outlet"))) {
          continue;
        }
        StringBuilder b = new StringBuilder("<ul class=\"ev\">");
        for (Row e : ev) {
          if (outlet.equals(str(e, "outlet")) && str(r, "level").equals(str(e, "level"))
              && str(r, "k").equals(str(e, "k"))) {
            b.append("<li><span class=\"meta\">").append(Html.esc(str(e, "p"))).append(" · score ")
                .append(Html.num(dbl(e, "score"), 2)).append("</span> ").append(Html.esc(str(e, "sentence")))
                .append(source(str(e, "doc_id"))).append("</li>");
          }
        }
        t.row(Html.esc(str(r, "level")), Html.esc(str(r, "k")), Html.count(lng(r, "n")),
            Html.count(lng(r, "events")), Html.count(lng(r, "coop")), Html.count(lng(r, "conflict")),
            Html.num(dbl(r, "goldstein"), 2),
            Html.meanCi(dbl(r, "tone_mean"), dbl(r, "tone_ci_low"), dbl(r, "tone_ci_high"), 3),
            Html.count(lng(r, "tone_n")), b.append("</ul>").toString());
      }
      h.raw(t.render()).raw("</details>\n");
    }
  }

  private void dyadLevel(Html h, String level, List<Row> top, List<Row> per) {
    List<String> keys = top.stream().map(r -> str(r, "k")).toList();
    Html.Table t = new Html.Table("#", "source → target", "articles", "events", "cooperation", "conflict",
        "mean Goldstein", mean("tone"), "tone n").numeric(0, 2, 3, 4, 5, 6, 7, 8);
    int i = 1;
    for (Row r : top) {
      t.row(String.valueOf(i++), Html.esc(str(r, "k")), Html.count(lng(r, "n")), Html.count(lng(r, "events")),
          Html.count(lng(r, "coop")), Html.count(lng(r, "conflict")), Html.num(dbl(r, "goldstein"), 2),
          Html.meanCi(dbl(r, "tone_mean"), dbl(r, "tone_ci_low"), dbl(r, "tone_ci_high"), 3),
          Html.count(lng(r, "tone_n")));
    }
    h.raw(t.render());

    List<String> cats = new ArrayList<>();
    double[] coop = new double[top.size()];
    double[] conf = new double[top.size()];
    for (int j = 0; j < top.size(); j++) {
      cats.add(abbreviate(str(top.get(j), "k"), 28));
      coop[j] = lng(top.get(j), "coop");
      conf[j] = lng(top.get(j), "conflict");
    }
    if (top.stream().anyMatch(r -> lng(r, "events") > 0)) {
      Map<String, double[]> s = new LinkedHashMap<>();
      s.put("cooperation", coop);
      s.put("conflict", conf);
      chart(h, Charts.bars("Cooperation vs conflict events, top dyads (" + level + ")", "events", cats, s, null,
          Map.of("cooperation", Charts.COOPERATION, "conflict", Charts.CONFLICT)),
          "cooperation and conflict event counts of the top " + level + " dyads");
      List<Row> withEvents = per.stream().filter(r -> lng(r, "n_events") > 0).toList();
      List<LocalDate> ps = periods(withEvents);
      List<String> drawn = top.stream().filter(r -> lng(r, "events") > 0).map(r -> str(r, "k")).limit(MAX_LINES)
          .toList();
      Map<String, double[]> cc = new LinkedHashMap<>();
      cc.put("cooperation", sumSeries(withEvents, ps, "n_cooperation"));
      cc.put("conflict", sumSeries(withEvents, ps, "n_conflict"));
      chart(h, Charts.timeLines("Cooperation and conflict events per " + o.grain() + ", top " + level
          + " dyads together", "events", ps, cc, o.grain(), true), "cooperation and conflict events over time");
      chart(h, Charts.timeLines("Mean Goldstein score per " + o.grain() + " (" + level + ")", "Goldstein", ps,
          series(withEvents, ps, drawn, r -> str(r, "k"), r -> dbl(r, "goldstein_mean"), Double.NaN),
          o.grain(), false), "mean Goldstein score over time of the top " + level + " dyads");
    } else {
      h.note("No CAMEO events among these dyads.");
    }
    List<Row> withTone = per.stream().filter(r -> lng(r, "tone_n") > 0).toList();
    if (!withTone.isEmpty()) {
      List<LocalDate> ps = periods(withTone);
      List<String> drawn = top.stream().filter(r -> lng(r, "tone_n") > 0).map(r -> str(r, "k")).limit(MAX_LINES)
          .toList();
      chart(h, Charts.timeLines("Mean tone of the source about the target per " + o.grain() + " (" + level + ")",
          "tone", ps, series(withTone, ps, drawn, r -> str(r, "k"), r -> dbl(r, "tone_mean"), Double.NaN),
          o.grain(), false), "mean tone over time of the top " + level + " dyads");
    } else {
      h.note("No tone between the actors of these dyads.");
    }

    loadTitles(evidenceDocs(per));
    h.raw("<div class=\"evidence\">\n");
    h.raw("<p class=\"evh\">Per " + Html.esc(o.grain()) + ", with the evidence sentences behind each row</p>\n");
    int n = 0;
    for (String k : keys) {
      List<Row> rows = new ArrayList<>(per.stream().filter(r -> k.equals(str(r, "k"))).toList());
      Collections.reverse(rows);
      h.raw(n++ < 3 ? "<details open>" : "<details>").raw("<summary>").text(k).raw(" (")
          .text(String.valueOf(rows.size())).raw(rows.size() == 1 ? " period)" : " periods)").raw("</summary>\n");
      Html.Table pt = new Html.Table(o.grain(), "articles", "coop.", "conflict", "Goldstein", mean("tone"),
          "tone n", "evidence").numeric(1, 2, 3, 4, 5, 6);
      for (Row r : rows.subList(0, Math.min(MAX_PERIODS, rows.size()))) {
        pt.row(Html.esc(str(r, "p")), Html.count(lng(r, "n_articles")), Html.count(lng(r, "n_cooperation")),
            Html.count(lng(r, "n_conflict")), Html.num(dbl(r, "goldstein_mean"), 2),
            Html.meanCi(dbl(r, "tone_mean"), dbl(r, "tone_ci_low"), dbl(r, "tone_ci_high"), 3),
            Html.count(lng(r, "tone_n")), rowEvidence(r));
      }
      h.raw(pt.render());
      if (rows.size() > MAX_PERIODS) {
        h.note((rows.size() - MAX_PERIODS) + " earlier periods not shown.");
      }
      h.raw("</details>\n");
    }
    h.raw("</div>\n");
  }

  private static double[] sumSeries(List<Row> rows, List<LocalDate> ps, String field) {
    double[] v = new double[ps.size()];
    for (Row r : rows) {
      v[ps.indexOf(LocalDate.parse(str(r, "p")))] += lng(r, field);
    }
    return v;
  }

  /** The evidence list of one trend row (already sorted by confidence in the table), cut to --evidence. */
  private String rowEvidence(Row r) {
    int i = r.fieldIndex("evidence");
    if (r.isNullAt(i) || o.evidence() == 0) {
      return "";
    }
    List<Row> ev = r.getList(i);
    StringBuilder b = new StringBuilder("<ul class=\"ev\">");
    for (Row e : ev.subList(0, Math.min(o.evidence(), ev.size()))) {
      String sentence = e.isNullAt(e.fieldIndex("sentence")) ? null : e.getAs("sentence");
      String doc = e.isNullAt(e.fieldIndex("doc_id")) ? null : e.getAs("doc_id");
      Double score = e.isNullAt(e.fieldIndex("score")) ? null : e.<Double>getAs("score");
      b.append("<li><span class=\"meta\">score ").append(Html.num(score, 2)).append("</span> ")
          .append(Html.esc(sentence)).append(source(doc)).append("</li>");
    }
    return b.append("</ul>").toString();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // 5. Issues

  private void issueSection(Html h) {
    Dataset<Row> full = table(OutputTables.ISSUE_TRENDS);
    if (full == null) {
      missing(h, OutputTables.ISSUE_TRENDS, "run `demarche trends --output DIR` to compute it.");
      return;
    }
    Dataset<Row> it = trend(OutputTables.ISSUE_TRENDS);
    // every issue-stance row has an actor source, so summing the actor level over sources counts each row once
    List<Row> issues = pooledCi(it.where(col("level").equalTo("actor")).groupBy("issue_id")
        .agg(max("issue_label").as("label"), sum("n_support").as("support"), sum("n_oppose").as("oppose"),
            sum("n_neutral").as("neutral"), pooledAggs("stance")), "stance")
        .orderBy(col("stance_n").desc(), col("issue_id")).collectAsList();
    if (issues.isEmpty()) {
      if (hasOtherGrains(full)) {
        emptyAtGrain(h, OutputTables.ISSUE_TRENDS);
      } else {
        h.note("The `issue_trends` table is empty: no actor took a stance on a named issue (stance.issues_file).");
      }
      return;
    }
    h.p("Stance scores are in [−1, 1], support positive. All sources together, per issue:");
    Html.Table t = new Html.Table("issue", "label", "support", "oppose", "neutral", mean("stance"), "n")
        .numeric(2, 3, 4, 5, 6);
    for (Row r : issues) {
      t.row("<code>" + Html.esc(str(r, "issue_id")) + "</code>", Html.esc(str(r, "label")),
          Html.count(lng(r, "support")), Html.count(lng(r, "oppose")), Html.count(lng(r, "neutral")),
          Html.meanCi(dbl(r, "stance_mean"), dbl(r, "stance_ci_low"), dbl(r, "stance_ci_high"), 3),
          Html.count(lng(r, "stance_n")));
    }
    h.raw(t.render());

    // who stands where: top (source, issue) pairs, by country where the source has one, else by CAMEO code
    Dataset<Row> pairs = it.where(col("level").equalTo("code"))
        .withColumn("k", concat_ws(" on ", col("source"), coalesce(col("issue_label"), col("issue_id"))));
    List<Row> top = pooledCi(pairs.groupBy("k").agg(sum("n_support").as("support"), sum("n_oppose").as("oppose"),
            sum("n_neutral").as("neutral"), pooledAggs("stance")), "stance")
        .orderBy(col("stance_n").desc(), col("k")).limit(o.top()).collectAsList();
    List<String> keys = top.stream().map(r -> str(r, "k")).toList();
    List<Row> per = pairs.where(col("k").isin(keys.toArray()))
        .select(col("k"), day("period_start").as("p"), col("stance_mean"), col("stance_n")).orderBy("k", "p")
        .collectAsList();
    List<LocalDate> ps = periods(per);
    chart(h, Charts.timeLines("Mean issue stance per " + o.grain() + " (source CAMEO code on issue)", "stance", ps,
        series(per, ps, keys.subList(0, Math.min(MAX_LINES, keys.size())), r -> str(r, "k"),
            r -> dbl(r, "stance_mean"), Double.NaN), o.grain(), false), "issue stance over time");
    h.h3("Top sources on issues (CAMEO code level)");
    Html.Table st = new Html.Table("source on issue", "support", "oppose", "neutral", mean("stance"), "n")
        .numeric(1, 2, 3, 4, 5);
    for (Row r : top) {
      st.row(Html.esc(str(r, "k")), Html.count(lng(r, "support")), Html.count(lng(r, "oppose")),
          Html.count(lng(r, "neutral")),
          Html.meanCi(dbl(r, "stance_mean"), dbl(r, "stance_ci_low"), dbl(r, "stance_ci_high"), 3),
          Html.count(lng(r, "stance_n")));
    }
    h.raw(st.render());
    if (o.evidence() > 0) {
      List<Row> ev = evidence(pairs, List.of("k"), keys);
      h.raw("<details open><summary>Evidence (most confident first)</summary>\n");
      evidenceLists(h, ev, keys, r -> str(r, "k"), Map.of());
      h.raw("</details>\n");
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // 6. Topics

  private void topicSection(Html h) {
    Dataset<Row> topics = table(OutputTables.TOPICS);
    if (topics == null) {
      missing(h, OutputTables.TOPICS, "topics are off (topics.enabled) or the run stopped before them.");
      return;
    }
    // the model of the most recent run that fitted one; without runs, the largest model id (max: one value per model)
    Dataset<Row> models = topics.groupBy("model_id").agg(max("run_id").as("run_id"),
        max("engine").as("engine"), max("k").as("k"), max("iterations").as("iterations"),
        max("model_mean_npmi").as("mean_npmi"), max("model_diversity").as("diversity"));
    Dataset<Row> runs = table(OutputTables.RUNS);
    Dataset<Row> ranked = runs == null ? models.withColumn("started", lit(null).cast("timestamp"))
        : models.join(runs.select(col("run_id"), col("started_at").as("started")), new String[] {"run_id"}, "left");
    List<Row> ms = ranked.orderBy(col("started").desc_nulls_last(), col("model_id").desc()).collectAsList();
    if (ms.isEmpty()) {
      h.note("The `topics` table is empty: no topic model was fitted (too few documents?).");
      return;
    }
    Row m = ms.get(0);
    String modelId = str(m, "model_id");
    h.p("Model " + modelId + " (" + str(m, "engine") + ", k = " + str(m, "k") + ", " + str(m, "iterations")
        + " iterations, run " + str(m, "run_id") + "): mean NPMI " + Html.num(dbl(m, "mean_npmi"), 3)
        + ", topic diversity " + Html.num(dbl(m, "diversity"), 3) + "."
        + (ms.size() > 1 ? " " + (ms.size() - 1) + " older model(s) in the folder are not shown." : ""));
    List<Row> rows = topics.where(col("model_id").equalTo(modelId))
        .select(col("topic_id"), col("label"), concat_ws(" ", col("top_terms")).as("terms"), col("npmi"),
            col("umass"), col("token_share"), col("stability"))
        .orderBy(col("token_share").desc_nulls_last(), col("topic_id")).collectAsList();
    Html.Table t = new Html.Table("topic", "label", "top terms", "NPMI", "UMass", "token share", "stability")
        .numeric(0, 3, 4, 5, 6);
    for (Row r : rows) {
      Double share = dbl(r, "token_share");
      t.row(Html.esc(str(r, "topic_id")), Html.esc(str(r, "label")), Html.esc(abbreviate(str(r, "terms"), 120)),
          Html.num(dbl(r, "npmi"), 3), Html.num(dbl(r, "umass"), 2),
          share == null ? "–" : Html.num(100 * share, 1) + "%", Html.num(dbl(r, "stability"), 2));
    }
    h.raw(t.render());

    h.h3("Topic shares over time");
    Dataset<Row> tt = table(OutputTables.TOPIC_TRENDS);
    if (tt == null) {
      missing(h, OutputTables.TOPIC_TRENDS, null);
      return;
    }
    List<String> topIds = rows.stream().limit(Math.min(o.top(), MAX_LINES)).map(r -> str(r, "topic_id")).toList();
    Map<String, String> label = new LinkedHashMap<>();
    for (Row r : rows) {
      label.put(str(r, "topic_id"), str(r, "topic_id") + " " + abbreviate(str(r, "label"), 30));
    }
    List<Row> per = tt.where(col("model_id").equalTo(modelId).and(col("grain").equalTo(o.grain()))
            .and(col("outlet").equalTo(ALL)).and(col("topic_id").cast("string").isin(topIds.toArray())))
        .select(day("period_start").as("p"), col("topic_id").cast("string").as("topic_id"), col("share"))
        .orderBy("p", "topic_id").collectAsList();
    if (per.isEmpty()) {
      h.note("`topic_trends` has no rows for model " + modelId + " at grain=" + o.grain() + ".");
      return;
    }
    List<LocalDate> ps = periods(per);
    chart(h, Charts.timeLines("Share of documents' topic weight per " + o.grain() + " (largest topics)", "share",
        ps, relabel(series(per, ps, topIds, r -> str(r, "topic_id"), r -> dbl(r, "share"), 0), label), o.grain(),
        true), "topic shares over time");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // 7. Alerts

  private void alertSection(Html h) {
    Dataset<Row> full = table(OutputTables.ALERTS);
    if (full == null) {
      missing(h, OutputTables.ALERTS, "run `demarche trends --output DIR` to compute it.");
      return;
    }
    Dataset<Row> a = full.where(col("grain").equalTo(o.grain()));
    long n = a.count();
    if (n == 0) {
      List<String> grains = grainsIn(spark, out);
      h.note("No alerts at grain=" + o.grain() + ": no actor's or dyad's volume or tone left its trailing baseline "
          + "(rule: docs/trends.md; a short corpus has too few baseline periods). Grains with trend tables: "
          + (grains.isEmpty() ? "none" : String.join(", ", grains)) + ".");
      return;
    }
    List<Row> rows = a.select(day("period_start").as("p"), col("entity"), col("level"), col("key"), col("metric"),
            col("value"), col("baseline_mean"), col("baseline_sd"), col("baseline_periods"), col("n"), col("z"),
            col("direction"), col("evidence"))
        .orderBy(col("p").desc(), abs(col("z")).desc_nulls_last(), col("entity"), col("level"), col("key"),
            col("metric"))
        .limit(MAX_ALERTS).collectAsList();
    loadTitles(evidenceDocs(rows));
    h.p(n + " alert(s) at grain " + o.grain() + ", most recent first" + (n > MAX_ALERTS ? " (first " + MAX_ALERTS
        + " shown)" : "") + ".");
    Html.Table t = new Html.Table(o.grain(), "entity", "key", "metric", "direction", "value", "baseline mean ± sd",
        "z", "n", "evidence").numeric(5, 7, 8);
    for (Row r : rows) {
      t.row(Html.esc(str(r, "p")), Html.esc(str(r, "entity") + " (" + str(r, "level") + ")"),
          Html.esc(str(r, "key")), Html.esc(str(r, "metric")), Html.esc(str(r, "direction")),
          Html.num(dbl(r, "value"), 3),
          Html.num(dbl(r, "baseline_mean"), 3) + " ± " + Html.num(dbl(r, "baseline_sd"), 3) + " ("
              + lng(r, "baseline_periods") + ")", Html.num(dbl(r, "z"), 2), Html.count(lng(r, "n")),
          rowEvidence(r));
    }
    h.raw(t.render());
  }

  static final String CSS = """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#222;\
      max-width:1100px;margin:0 auto;padding:1em 1.5em}
      h1{font-size:1.5em;margin-bottom:.2em}h2{border-bottom:2px solid #4E79A7;padding-bottom:.2em;margin-top:2em}
      h3{margin-top:1.4em}.sub{color:#555}nav a{margin-right:1em}
      table{border-collapse:collapse;margin:.6em 0;font-size:13px}
      th,td{border:1px solid #ddd;padding:3px 7px;vertical-align:top;text-align:left}
      th{background:#f3f5f8}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
      tbody tr:nth-child(even){background:#fafafa}.ci{color:#777;font-size:12px}
      img{max-width:100%;height:auto;display:block;margin:.8em 0}
      .note{color:#666;font-style:italic}.error{color:#a00;background:#fee;padding:.5em;border:1px solid #e99}
      ul.ev{margin:.2em 0;padding-left:1.2em}ul.ev li{margin:.15em 0}.meta{color:#777;font-size:12px}
      details{margin:.4em 0}summary{cursor:pointer;font-weight:600}.evk{font-weight:600;margin:.6em 0 0}
      .evh{font-weight:600}.src{color:#777;font-size:12px}code{font-size:12px}footer{margin-top:3em;color:#777;font-size:12px}
      """;
}
