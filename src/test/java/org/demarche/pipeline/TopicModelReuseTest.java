package org.demarche.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.demarche.output.OutputTables;
import org.demarche.testing.JobRuns;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Daily batches into one folder share one topic model: a batch applies the folder's newest model unless {@code
 * topics.refit} is set, and a rerun of the batch that fitted it fits the same model again.
 */
class TopicModelReuseTest {
  static SparkSession spark;
  @TempDir Path tmp;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
  }

  private static final String[] WAR = {"Syrian rebels fought government troops near Aleppo as shelling continued",
      "Army tanks shelled rebel positions and the fighting spread to the suburbs of Damascus",
      "Rebel commanders said troops and militias attacked villages with artillery and air strikes",
      "The ceasefire collapsed as fighters and soldiers clashed along the front line again"};
  private static final String[] TRADE = {"China and Japan signed a trade agreement cutting tariffs on electronics",
      "Exports of cars and steel rose as the tariff cuts took effect in both markets",
      "Trade ministers met to discuss tariffs, exports and investment in the electronics industry",
      "Investment flows and exports grew after the agreement on tariffs and market access"};

  /** A batch of eight articles, four about fighting and four about trade, on {@code date}. */
  private static Path batch(Path dir, String name, String date) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      for (String[] theme : List.of(WAR, TRADE)) {
        String id = name + "-" + (theme == WAR ? "w" : "t") + i;
        String text = theme[i] + ". " + theme[(i + 1) % 4] + ". " + theme[(i + 2) % 4] + ".";
        sb.append("{\"id\":\"").append(id).append("\",\"source\":\"Wire\",\"date\":\"").append(date)
            .append("\",\"title\":\"").append(id).append("\",\"text\":\"").append(text).append("\"}\n");
      }
    }
    Path f = Files.createDirectories(dir).resolve(name + ".jsonl");
    Files.writeString(f, sb.toString());
    return f;
  }

  private static RunSummary run(Path in, Path out, boolean refit) {
    Map<String, String> sets = new HashMap<>(Map.of("input.paths", in.toString(), "output.path", out.toString(),
        "topics.k", "2", "topics.iterations", "30", "text.min_df", "1", "stance.enabled", "false",
        "actors.enabled", "false", "keyness.enabled", "false", "trends.enabled", "false"));
    if (refit) {
      sets.put("topics.refit", "true");
    }
    return JobRuns.run(sets);
  }

  private static List<String> models(Path out) throws Exception {
    try (Stream<Path> s = Files.list(out.resolve("models").resolve("topics"))) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static List<String> modelIdsOf(Path out, String docPrefix) {
    return OutputTables.DOC_TOPICS.read(spark, out.toString()).where(col("doc_id").startsWith(docPrefix))
        .select("model_id").distinct().as(Encoders.STRING()).collectAsList();
  }

  /** The stored topic_trends rows of one period, without the run that wrote them. */
  private static Dataset<Row> trendRows(Path out, String grain, String periodStart) {
    return OutputTables.TOPIC_TRENDS.read(spark, out.toString()).where(col("grain").equalTo(grain))
        .where(col("period_start").equalTo(java.sql.Date.valueOf(periodStart))).drop("run_id");
  }

  @Test
  void aNewBatchAppliesTheSavedModelAndRefitIsOnRequest() throws Exception {
    Path out = tmp.resolve("out");
    Path a = batch(tmp.resolve("a"), "a", "2013-05-07");
    run(a, out, false);
    List<String> afterA = models(out);
    assertThat(afterA).hasSize(1);
    String modelA = afterA.get(0);
    assertThat(modelIdsOf(out, "a-")).containsExactly(modelA);
    long aRows = OutputTables.DOC_TOPICS.read(spark, out.toString()).count();
    Dataset<Row> dayA = trendRows(out, "day", "2013-05-07").localCheckpoint();
    assertThat(dayA.where(col("top_words").isNotNull()).count()).isPositive();

    // the next day's batch is scored with the saved model: no new model, same ids, recorded in runs.config
    RunSummary b = run(batch(tmp.resolve("b"), "b", "2013-05-08"), out, false);
    assertThat(models(out)).containsExactly(modelA);
    assertThat(modelIdsOf(out, "b-")).containsExactly(modelA);
    Row runB = OutputTables.RUNS.read(spark, out.toString()).where(col("run_id").equalTo(b.runId())).first();
    scala.collection.Map<String, String> config = runB.getAs("config");
    assertThat(config.get("topics.model").get()).endsWith(modelA);
    assertThat(OutputTables.TOPIC_TRENDS.read(spark, out.toString()).select("model_id").distinct()
        .as(Encoders.STRING()).collectAsList()).containsExactly(modelA);
    // only the periods of the batch's date are recomputed: the 7th keeps its rows (and the top words batch A's
    // terms gave them), the 8th is added, and May counts both batches' 16 documents
    assertThat(trendRows(out, "day", "2013-05-07").exceptAll(dayA).count()).isZero();
    assertThat(dayA.exceptAll(trendRows(out, "day", "2013-05-07")).count()).isZero();
    assertThat(trendRows(out, "day", "2013-05-08").count()).isPositive();
    assertThat(trendRows(out, "month", "2013-05-01").where(col("outlet").equalTo(TopicSteps.ALL_OUTLETS))
        .select("period_docs").distinct().as(Encoders.LONG()).collectAsList()).containsExactly(16L);

    // a rerun of batch A fits again, which gives the same model and the same rows
    run(a, out, false);
    assertThat(models(out)).containsExactly(modelA);
    assertThat(OutputTables.DOC_TOPICS.read(spark, out.toString()).where(col("doc_id").startsWith("a-")).count()
        + OutputTables.DOC_TOPICS.read(spark, out.toString()).where(col("doc_id").startsWith("b-")).count())
        .isEqualTo(OutputTables.DOC_TOPICS.read(spark, out.toString()).count());
    assertThat(OutputTables.DOC_TOPICS.read(spark, out.toString()).where(col("doc_id").startsWith("a-")).count())
        .isEqualTo(aRows);

    // topics.refit fits a new model on the batch, its topics aligned to the saved model's ids
    run(batch(tmp.resolve("c"), "c", "2013-05-09"), out, true);
    List<String> afterC = models(out);
    assertThat(afterC).hasSize(2).contains(modelA);
    String modelC = afterC.stream().filter(m -> !m.equals(modelA)).findFirst().orElseThrow();
    assertThat(modelIdsOf(out, "c-")).containsExactly(modelC);
    assertThat(OutputTables.TOPIC_LINEAGE.read(spark, out.toString()).where(col("model_id").equalTo(modelC))
        .where(col("previous_model_id").equalTo(modelA)).count()).isPositive();
  }
}
