package org.demarche.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.demarche.config.ConfigException;
import org.demarche.config.ConfigLoader;
import org.demarche.config.JobConfig;
import org.demarche.output.OutputTables;
import org.demarche.testing.JobRuns;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code demarche topics} on the output of a small job run (90 articles from three planted themes, two outlets, two
 * months; stance and keyness off to keep it quick): the refit writes the job's topic tables with the same schemas,
 * keeps the topic ids when refit on the same tokens, replaces its own rows on a rerun, and a saved model can score the
 * output instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopicRunnerTest {
  private final SparkSession spark = SparkTestSession.get();
  private Path out;
  private Map<String, String> sets;
  private RunSummary job;
  private String jobModel;
  private Map<String, Integer> jobDominant;

  static final String[][] THEMES = {
    {"syria", "chemical", "weapons", "damascus", "inspectors", "rebels", "regime", "assad", "ceasefire", "aleppo",
        "refugees", "opposition"},
    {"trade", "tariffs", "exports", "imports", "customs", "wto", "quota", "dumping", "surplus", "deficit",
        "shipping", "agreement"},
    {"climate", "emissions", "carbon", "warming", "renewable", "coal", "glaciers", "drought", "flooding", "kyoto",
        "temperatures", "pledges"}};

  /** 90 articles: 30 per theme, 85% of each text's words from its theme; outlets alternate, dates span two months. */
  static void writeCorpus(Path file) throws Exception {
    Random rnd = new Random(42);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 90; i++) {
      int theme = i % 3;
      List<String> words = new ArrayList<>();
      for (int w = 0; w < 60; w++) {
        int t = rnd.nextDouble() < 0.85 ? theme : rnd.nextInt(3);
        words.add(THEMES[t][rnd.nextInt(THEMES[t].length)]);
      }
      String date = LocalDate.of(2013, 5, 1).plusDays(i % 45).toString();
      sb.append("{\"id\":\"doc").append(i).append("\",\"source\":\"").append(i % 2 == 0 ? "wire.example" : "daily.example")
          .append("\",\"date\":\"").append(date).append("\",\"title\":\"Title ").append(i)
          .append("\",\"text\":\"").append(String.join(" ", words)).append(".\"}\n");
    }
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  private static Map<String, String> base(Path in, Path out) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("input.paths", in.toString());
    m.put("output.path", out.toString());
    m.put("stance.enabled", "false");
    m.put("keyness.enabled", "false");
    m.put("trends.enabled", "false");
    m.put("topics.k", "3");
    m.put("topics.iterations", "60");
    m.put("topics.trend_grains", "week,month");
    return m;
  }

  private TopicRunner.Result topics(Map<String, String> extra) {
    Map<String, String> all = new LinkedHashMap<>(sets);
    all.putAll(extra);
    ConfigLoader loader = new ConfigLoader().sets(all);
    JobConfig cfg = loader.build(null);
    return TopicRunner.run(spark, cfg, loader.resolved());
  }

  private Dataset<Row> table(String name) {
    return spark.read().parquet(out.resolve(name).toString());
  }

  private Dataset<Row> partition(String name, String modelId) {
    return spark.read().parquet(out.resolve(name).resolve("model_id=" + modelId).toString());
  }

  static Map<String, Integer> dominant(Dataset<Row> docTopics) {
    return TopicStepsTest.dominant(docTopics);
  }

  @BeforeAll
  void runTheJob() throws Exception {
    Path tmp = Files.createTempDirectory("demarche-topicphase");
    Path in = Files.createDirectories(tmp.resolve("in"));
    writeCorpus(in.resolve("themes.jsonl"));
    out = tmp.resolve("out");
    sets = base(in, out);
    job = JobRuns.run(sets);
    jobModel = table("topics").select("model_id").distinct().first().getString(0);
    jobDominant = dominant(table("doc_topics"));
  }

  @Test
  void aRefitWritesTheJobsTablesKeepsTheTopicIdsAndNeverDuplicatesRows() {
    assertThat(jobDominant).hasSize(90);
    TopicRunner.Result r = topics(Map.of());
    assertThat(r.fitted()).isTrue();
    assertThat(r.modelId()).isNotEqualTo(jobModel);
    assertThat(r.previousModelId()).isEqualTo(jobModel);
    assertThat(r.textFrom()).as("re-tokenized with the job's saved text stages").endsWith(jobModel);
    assertThat(r.documents()).isEqualTo(90);

    // the same tables, with the schemas the job wrote
    for (String t : List.of("topics", "topic_lineage", "topic_trends")) {
      assertThat(partition(t, r.modelId()).schema()).as(t).isEqualTo(partition(t, jobModel).schema());
    }
    assertThat(table("doc_topics").where(col("model_id").equalTo(r.modelId())).schema())
        .isEqualTo(table("doc_topics").schema());
    // same tokens, same themes: every topic is matched to the job's and keeps its id; the documents keep theirs
    assertThat(r.lineage()).containsEntry("matched", 3L).doesNotContainKeys("new", "retired");
    assertThat(partition("topics", r.modelId()).select("topic_id").as(org.apache.spark.sql.Encoders.INT())
        .collectAsList()).containsExactlyInAnyOrder(0, 1, 2);
    Map<String, Integer> refit = dominant(table("doc_topics"));
    long same = jobDominant.entrySet().stream().filter(e -> e.getValue().equals(refit.get(e.getKey()))).count();
    assertThat(same).as("articles whose dominant topic id is unchanged").isGreaterThanOrEqualTo(85);
    // doc_topics holds the refit's scores of every article, once
    Dataset<Row> dt = table("doc_topics");
    assertThat(dt.select("model_id").distinct().count()).isEqualTo(1);
    assertThat(dt.select("doc_id").distinct().count()).isEqualTo(90);
    assertThat(dt.count()).isEqualTo(dt.select("doc_id", "topic_id").distinct().count());
    // the new topic_trends columns are filled: evidence titles come from articles
    Row row = partition("topic_trends", r.modelId())
        .where(col("grain").equalTo("month").and(col("outlet").equalTo("__all__"))).orderBy("period_start", "topic_id")
        .first();
    assertThat(row.<Long>getAs("n_articles")).isEqualTo(row.<Long>getAs("n_docs")).isPositive();
    assertThat(row.<Long>getAs("n_outlets")).isEqualTo(2L);
    List<Row> ev = row.getList(row.fieldIndex("evidence"));
    assertThat(ev).hasSize(3);
    assertThat(ev.get(0).<String>getAs("title")).startsWith("Title ");

    // a rerun of the same refit: the same run and model id, the same row counts
    Map<String, Long> before = counts();
    TopicRunner.Result again = topics(Map.of());
    assertThat(again.runId()).isEqualTo(r.runId());
    assertThat(again.modelId()).isEqualTo(r.modelId());
    assertThat(again.rows()).isEqualTo(r.rows());
    assertThat(counts()).isEqualTo(before);
    assertThat(table("topics").select("model_id").distinct().count()).isEqualTo(2);
  }

  private Map<String, Long> counts() {
    Map<String, Long> m = new HashMap<>();
    for (OutputTables t : List.of(OutputTables.TOPICS, OutputTables.TOPIC_LINEAGE, OutputTables.DOC_TOPICS,
        OutputTables.TOPIC_TRENDS)) {
      m.put(t.table(), table(t.table()).count());
    }
    return m;
  }

  @Test
  void aSavedModelScoresTheOutputWithoutFitting() {
    String path = out.resolve("models/topics").resolve(jobModel).toString();
    TopicRunner.Result r = topics(Map.of("topics.model", path, "topics.trend_grains", "month"));
    assertThat(r.fitted()).isFalse();
    assertThat(r.modelId()).isEqualTo(jobModel);
    assertThat(partition("topic_trends", jobModel).select("grain").distinct().collectAsList())
        .extracting(x -> x.getString(0)).containsExactly("month");
    Map<String, Integer> applied = dominant(table("doc_topics").where(col("model_id").equalTo(jobModel)));
    long same = jobDominant.entrySet().stream().filter(e -> e.getValue().equals(applied.get(e.getKey()))).count();
    assertThat(same).isGreaterThanOrEqualTo(85);
  }

  @Test
  void tooManyTopicsOrNoArticlesAreConfigErrors() throws Exception {
    assertThatThrownBy(() -> topics(Map.of("topics.k", "500"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("topics.k");
    Path empty = Files.createTempDirectory("demarche-empty");
    assertThatThrownBy(() -> topics(Map.of("output.path", empty.toString()))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("articles");
  }
}
