package org.demarche.clean;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.demarche.config.JobConfig;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

class CleanStagesTest {
  static final JobConfig.CleanConfig ALL_ON = new JobConfig.CleanConfig(true, true, true, true, true, List.of(), 1);
  static final JobConfig.CleanConfig ALL_OFF = new JobConfig.CleanConfig(false, false, false, false, false, List.of(), 1);

  static Dataset<Row> sample() {
    return SparkTestSession.get().read().json(SparkTestSession.sharedData("sample/diverse_sample.jsonl").toString())
        .select(col("doc_id"), col("corpus"), col("text"), col("title"), col("date").as("published_raw"));
  }

  @Test
  void stageOrderAndColumnNames() {
    List<PipelineStage> stages = CleanStages.stages(ALL_ON, ZoneOffset.UTC);
    assertThat(stages).extracting(s -> s.getClass().getSimpleName()).containsExactly(
        "HtmlStripper", "MojibakeRepairer", "UnicodeNormalizer", "BoilerplateRemover",
        "HtmlStripper", "MojibakeRepairer", "UnicodeNormalizer", "DateParser", "LanguageDetector");
    assertThat(((HtmlStripper) stages.get(0)).getOutputCol()).isEqualTo("_body_1");
    assertThat(((BoilerplateRemover) stages.get(3)).getInputCol()).isEqualTo("_body_3");
    assertThat(((BoilerplateRemover) stages.get(3)).getOutputCol()).isEqualTo("body");
    assertThat(((UnicodeNormalizer) stages.get(6)).getOutputCol()).isEqualTo("title_clean");

    // stripHtml off, removeBoilerplate on, repairMojibake on, normalizeUnicode off, detectLanguage off
    JobConfig.CleanConfig some = new JobConfig.CleanConfig(false, true, true, false, false, List.of(), 1);
    List<PipelineStage> s2 = CleanStages.stages(some, ZoneOffset.UTC);
    assertThat(s2).extracting(s -> s.getClass().getSimpleName()).containsExactly(
        "MojibakeRepairer", "BoilerplateRemover", "MojibakeRepairer", "DateParser", "SQLTransformer");
    assertThat(((MojibakeRepairer) s2.get(0)).getInputCol()).isEqualTo("text");
    assertThat(((MojibakeRepairer) s2.get(0)).getOutputCol()).isEqualTo("_body_1");
    assertThat(((BoilerplateRemover) s2.get(1)).getOutputCol()).isEqualTo("body");
    assertThat(((MojibakeRepairer) s2.get(2)).getInputCol()).isEqualTo("title");
    assertThat(((MojibakeRepairer) s2.get(2)).getOutputCol()).isEqualTo("title_clean");
  }

  @Test
  void allOffCopiesAndAddsNullLanguage() {
    Dataset<Row> out = new Pipeline().setStages(CleanStages.stages(ALL_OFF, ZoneOffset.UTC).toArray(new PipelineStage[0]))
        .fit(sample()).transform(sample());
    assertThat(out.filter("NOT (body <=> text) OR NOT (title_clean <=> title) OR lang IS NOT NULL").count()).isZero();
    assertThat(out.schema().apply("lang_confidence").dataType().typeName()).isEqualTo("double");
  }

  @Test
  void fullPipelineOnSampleSurvivesSaveAndLoad() throws Exception {
    Dataset<Row> in = sample().cache();
    PipelineModel model = new Pipeline()
        .setStages(CleanStages.stages(ALL_ON, ZoneOffset.UTC).toArray(new PipelineStage[0])).fit(in);
    String[] cols = {"doc_id", "body", "title_clean", "published_at", "date_precision", "lang", "lang_confidence"};
    Dataset<Row> out = model.transform(in).cache();
    assertThat(Arrays.stream(out.columns()).filter(c -> c.startsWith("_"))).containsExactlyInAnyOrder(
        "_body_1", "_body_2", "_body_3", "_title_1", "_title_2");
    List<Row> rows = out.select("doc_id", cols).orderBy("doc_id").collectAsList();

    String path = Files.createTempDirectory("clean-pipeline").resolve("model").toString();
    model.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    List<Row> again = loaded.transform(in).select("doc_id", cols).orderBy("doc_id").collectAsList();
    assertThat(again).isEqualTo(rows);

    assertThat(rows).hasSize(290);
    long allsides = out.filter("corpus = 'allsides_article_bias'").count();
    assertThat(out.filter("corpus = 'allsides_article_bias' AND body LIKE '%toggle caption%'").count()).isZero();
    assertThat(out.filter("text LIKE '%toggle caption%'").count()).isPositive();
    assertThat(out.filter("body LIKE '%\u2019%' OR body LIKE '%\u201c%' OR body LIKE '%\u00a0%'").count()).isZero();
    assertThat(out.filter("date_precision = 'day' AND published_at IS NOT NULL").count()).isEqualTo(290);
    assertThat(out.filter("lang = 'en'").count()).isGreaterThanOrEqualTo(285);
    assertThat(out.filter("body IS NULL OR length(body) < 100").count()).isZero();
    assertThat(out.filter("length(body) < 0.8 * length(text)").count()).isLessThanOrEqualTo(3);
    assertThat(out.filter("corpus LIKE 'reuters%' AND body RLIKE '(?i)reuter$'")
        .selectExpr("concat(doc_id, ': ', substring(text, -300), ' => ', substring(body, -200))").as(Encoders.STRING())
        .collectAsList()).isEmpty();
    assertThat(allsides).isEqualTo(125);
    out.unpersist();
    in.unpersist();
  }
}
