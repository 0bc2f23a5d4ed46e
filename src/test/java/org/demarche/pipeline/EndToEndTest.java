package org.demarche.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.SparkSession;
import org.demarche.output.OutputTables;
import org.demarche.testing.JobRuns;
import org.demarche.testing.SampleRun;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole job on the bundled sample (259 UN speeches and the seed page), run twice into the same folder: first
 * the shared {@link SampleRun}, then a rerun.
 *
 * <p>Golden schemas live in {@code src/test/resources/golden/schemas/<table>.json}; regenerate them with
 * {@code -Dgolden.regenerate=true} after an intended, additive schema change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {
  private final SparkSession spark = SparkTestSession.get();
  private Path out;
  private RunSummary first;
  private List<Row> firstArticles;
  private List<Row> firstRejects;
  private java.util.Map<String, List<Row>> firstTrends = new java.util.LinkedHashMap<>();
  private RunSummary second;
  static final List<String> TRENDS = List.of("actor_trends", "dyad_trends", "issue_trends", "outlet_trends", "alerts");

  @BeforeAll
  void runTwice() throws Exception {
    // the first run is the JVM's shared sample run (SampleRun: data/sample, keyness for outlet, month and actor),
    // which DuckDbContractTest reads too; the second reruns the same settings into the same folder
    SampleRun sample = SampleRun.get();
    out = sample.out();
    first = sample.summary();
    firstArticles = sorted(table("articles"), "doc_id");
    firstRejects = sorted(table("rejects"), "source_file", "source_offset");
    for (String t : TRENDS) {
      firstTrends.put(t, table(t).collectAsList());
    }
    long analyses = org.demarche.text.DocumentAnalysis.computed();
    long splits = org.demarche.text.Sentences.splits();
    second = JobRuns.run(sample.sets());
    secondAnalyses = org.demarche.text.DocumentAnalysis.computed() - analyses;
    secondSplits = org.demarche.text.Sentences.splits() - splits;
  }

  private long secondAnalyses;
  private long secondSplits;

  /**
   * Each document is analysed once (sentences, tokens) and split into sentences once, however many engines read it:
   * the actor matcher, candidate discovery, statements, events, stance units and document tone all read the analysis
   * column. The headline, a text of its own, is analysed once more where there is one (document actors scan it). (In
   * local mode every task runs in this JVM, so the counters see them all.)
   */
  @Test
  void eachDocumentIsAnalysedOnce() {
    long docs = second.count("accepted");
    assertThat(docs).isGreaterThanOrEqualTo(255);
    long headlines = table("articles").where(col("title").isNotNull().and(functions.trim(col("title")).notEqual("")))
        .count();
    assertThat(secondAnalyses).as("document analyses in the run").isEqualTo(docs + headlines);
    assertThat(secondSplits).as("sentence splits in the run").isEqualTo(docs + headlines);
  }

  private Dataset<Row> table(String name) {
    return spark.read().parquet(out.resolve(name).toString());
  }

  private static List<Row> sorted(Dataset<Row> df, String... cols) {
    return df.orderBy(java.util.Arrays.stream(cols).map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new))
        .collectAsList();
  }

  /** Every character offset the tables write points into {@code articles.text} at the very text it names. */
  @Test
  void offsetsInEveryTablePointIntoTheArticleText() {
    Dataset<Row> text = table("articles").select("doc_id", "text");
    String[][] spans = {{"statements", "content", "content_start", "content_end"},
        {"statements", "evidence", "evidence_start", "evidence_end"},
        {"stance", "evidence", "evidence_start", "evidence_end"},
        {"events", "evidence", "evidence_start", "evidence_end"},
        {"actor_mentions", "alias_text", "start", "end"}};
    for (String[] s : spans) {
      Dataset<Row> t = table(s[0]).select(col("doc_id"), col(s[1]).as("v"), col(s[2]).as("b"), col(s[3]).as("e"))
          .join(text, "doc_id");
      long rows = t.count();
      assertThat(rows).as("%s rows", s[0]).isPositive();
      assertThat(t.where(org.apache.spark.sql.functions.expr("substring(text, b + 1, e - b)").equalTo(col("v")))
          .count()).as("%s.%s at %s..%s", s[0], s[1], s[2], s[3]).isEqualTo(rows);
    }
    Dataset<Row> targets = table("stance").where(col("target_start").isNotNull())
        .select(col("doc_id"), col("target_start").as("b"), col("target_end").as("e")).join(text, "doc_id");
    assertThat(targets.where(org.apache.spark.sql.functions.expr("b >= 0 AND b < e AND e <= length(text)")).count())
        .isEqualTo(targets.count()).isPositive();
  }

  @Test
  void everyRecordReadIsAcceptedOrRejected() {
    assertThat(first.count("records_read")).isEqualTo(260);
    assertThat(first.count("accepted") + first.count("rejected")).isEqualTo(first.count("records_read"));
    assertThat(first.count("accepted")).isGreaterThanOrEqualTo(255);
    Row run = table("runs").filter(col("run_id").equalTo(first.runId())).first();
    assertThat(run.<Boolean>getAs("reconciled")).isTrue();
    assertThat(run.<Long>getAs("records_read")).isEqualTo(260L);
    assertThat(run.<Long>getAs("accepted") + run.<Long>getAs("rejected")).isEqualTo(260L);
    assertThat(run.<scala.collection.Map<String, Double>>getAs("phase_seconds").keySet().mkString(",", ",", ","))
        .contains(",ingest,").contains(",clean,").contains(",dedupe,").contains(",actors,").contains(",stance,")
        .contains(",write,");
  }

  @Test
  void theSeedPageBecomesAnArticleWithItsDateTitleAndBody() {
    Row seed = table("articles").filter(col("outlet").equalTo("rt.com")).first();
    assertThat(seed.<String>getAs("title"))
        .isEqualTo("Russia, US to push for global Syria conference to bring conflicting sides to table");
    assertThat(seed.<Timestamp>getAs("published_at").toInstant().toString()).isEqualTo("2013-05-07T19:58:00Z");
    assertThat(seed.<java.sql.Date>getAs("dt").toString()).isEqualTo("2013-05-07");
    assertThat(seed.<String>getAs("text")).contains("Lavrov").doesNotContain("bookmarkicon");
    assertThat(seed.<String>getAs("story_id")).isNotBlank();
  }

  @Test
  void speechesKeepTheirMetadataAndYearPrecision() {
    Row usa = table("articles").filter(col("doc_id").equalTo("UNGDC_USA_68_2013")).first();
    assertThat(usa.<String>getAs("outlet")).isEqualTo("UN General Debate");
    assertThat(usa.<scala.collection.Map<String, String>>getAs("meta").get("iso3").get()).isEqualTo("USA");
    assertThat(usa.<java.sql.Date>getAs("dt").toString()).isEqualTo("2013-01-01");
    assertThat(usa.<String>getAs("date_precision")).isEqualTo("year");
    assertThat(usa.<String>getAs("lang")).isEqualTo("en");
    assertThat(usa.<Integer>getAs("n_words")).isGreaterThan(1000);
  }

  @Test
  void rerunLeavesIdenticalTablesAndNoDuplicates() {
    assertThat(second.runId()).isEqualTo(first.runId());
    List<Row> articles = sorted(table("articles"), "doc_id");
    assertThat(articles).hasSize(firstArticles.size());
    assertThat(articles).containsExactlyElementsOf(firstArticles);
    assertThat(sorted(table("rejects"), "source_file", "source_offset")).containsExactlyElementsOf(firstRejects);
    assertThat(table("articles").select("doc_id").distinct().count()).isEqualTo(articles.size());
    assertThat(table("runs").filter(col("run_id").equalTo(first.runId())).count()).isEqualTo(1);
  }

  @Test
  void theNlpTablesAreFilledOnTheSample() {
    // actors: the seed article's Lavrov resolves to the Russian government in May 2013
    Dataset<Row> seedMentions = table("actor_mentions").filter(col("outlet").equalTo("rt.com"));
    assertThat(seedMentions.filter(col("alias_text").contains("Lavrov")).select("cameo_code").distinct()
        .collectAsList()).extracting(r -> r.getString(0)).containsOnly("RUSGOV");
    assertThat(table("actors").count()).isGreaterThan(1000);
    // keyness for outlets, months and actors, both methods
    assertThat(table("keyness").select("group_type").distinct().collectAsList())
        .extracting(r -> r.getString(0)).contains("outlet", "month", "actor");
    assertThat(table("keyness").select("method").distinct().count()).isEqualTo(2);
    // topics: k rows with coherence, every accepted article scored, trends for every grain, lineage for a new model
    List<Row> topics = table("topics").collectAsList();
    assertThat(topics).hasSize(20);
    assertThat(topics).allSatisfy(t -> assertThat(t.<Double>getAs("npmi")).isBetween(-1.0, 1.0));
    assertThat(table("doc_topics").select("doc_id").distinct().count()).isEqualTo(first.count("accepted"));
    assertThat(table("topic_trends").select("grain").distinct().collectAsList()).extracting(r -> r.getString(0))
        .containsExactlyInAnyOrder("day", "week", "month");
    assertThat(table("topic_lineage").count()).isEqualTo(20);
    assertThat(out.resolve("models/topics")).isDirectory();
  }

  @Test
  void theSeedArticlesStancesReachTheStanceAndDyadTrendTables() {
    Dataset<Row> st = table("statements").filter(col("outlet").equalTo("rt.com"));
    assertThat(st.filter(col("speaker_actor_id").equalTo("SERGEY_LAVROV")).count()).isGreaterThan(3);
    Dataset<Row> stance = table("stance").filter(col("outlet").equalTo("rt.com"));
    assertThat(stance.select("kind").distinct().collectAsList()).extracting(r -> r.getString(0))
        .contains("tone", "event", "issue");
    // the shipped tone model scored every tone unit inside the stance stage
    assertThat(stance.filter("kind = 'tone'").select("method").distinct().collectAsList())
        .extracting(r -> r.getString(0)).containsExactly("model");
    assertThat(stance.filter("kind = 'issue' AND source_country = 'RUS' AND target_id = 'arming_syrian_rebels'")
        .select("stance_class").distinct().collectAsList()).extracting(r -> r.getString(0)).containsOnly("oppose");
    // dyad_trends, May 2013, all outlets: RUS <-> USA cooperation and USA -> SYRGOV negative, with evidence
    Dataset<Row> may = table("dyad_trends").filter("grain = 'month' AND outlet = '__all__' "
        + "AND period_start = DATE '2013-05-01'");
    for (String[] pair : new String[][] {{"RUS", "USA"}, {"USA", "RUS"}}) {
      List<Row> rows = may.filter(col("level").equalTo("country").and(col("source").equalTo(pair[0]))
          .and(col("target").equalTo(pair[1]))).collectAsList();
      assertThat(rows).as("%s -> %s", pair[0], pair[1]).singleElement().satisfies(r -> {
        assertThat(r.<Long>getAs("n_cooperation")).isPositive();
        assertThat(r.<Double>getAs("goldstein_mean")).isPositive();
        assertThat(r.getList(r.fieldIndex("evidence"))).isNotEmpty();
      });
    }
    List<Row> usaSyr = may.filter("level = 'code' AND source = 'USAGOV' AND target = 'SYRGOV'").collectAsList();
    assertThat(usaSyr).singleElement().satisfies(r -> {
      assertThat(r.<Double>getAs("tone_mean")).isNegative();
      assertThat(r.<Row>getList(r.fieldIndex("evidence")).stream().map(e -> e.<String>getAs("sentence")))
          .anyMatch(e -> e.contains("Assad must step down") || e.contains("the man who committed"));
    });
    // the trend tables are recomputed identically by the rerun
    for (String t : TRENDS) {
      assertThat(table(t).collectAsList()).as(t).containsExactlyInAnyOrderElementsOf(firstTrends.get(t));
    }
    assertThat(table("actor_trends").select("grain").distinct().count()).isEqualTo(3);
  }

  @Test
  void tablesArePartitionedAndCompressedAsDocumented() throws Exception {
    assertThat(out.resolve("articles/dt=2013-05-07")).isDirectory();
    assertThat(out.resolve("runs/run_id=" + first.runId())).isDirectory();
    try (var files = Files.walk(out.resolve("articles"))) {
      assertThat(files.filter(p -> p.toString().endsWith(".parquet")).map(p -> p.getFileName().toString()))
          .isNotEmpty()
          .allMatch(n -> n.contains(".zstd."));
    }
  }

  @Test
  void everyTableMatchesItsGoldenSchema() throws Exception {
    for (OutputTables t : OutputTables.values()) {
      String actual = table(t.table()).schema().prettyJson();
      Path golden = SparkTestSession.repo().resolve("src/test/resources/golden/schemas/" + t.table() + ".json");
      if (Boolean.getBoolean("golden.regenerate")) {
        Files.createDirectories(golden.getParent());
        Files.writeString(golden, actual + "\n", StandardCharsets.UTF_8);
      }
      assertThat(actual + "\n")
          .as("schema of %s changed; columns may only be added (regenerate with -Dgolden.regenerate=true)", t.table())
          .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
      // the contract in code and on disk agree (partition column last, as Spark reads it back)
      List<String> expected = new java.util.ArrayList<>(List.of(t.schema().fieldNames()));
      if (t.partitionColumn() != null) {
        expected.remove(t.partitionColumn());
        expected.add(t.partitionColumn());
      }
      assertThat(table(t.table()).columns()).containsExactlyElementsOf(expected);
    }
  }
}
