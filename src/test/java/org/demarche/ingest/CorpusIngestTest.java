package org.demarche.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.demarche.config.ConfigLoader;
import org.demarche.config.JobConfig;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusIngestTest {
  @TempDir Path tmp;
  private final SparkSession spark = SparkTestSession.get();

  private Map<String, Row> read(JobConfig cfg) {
    List<InputFiles.InputFile> files = CorpusIngest.listFiles(spark, cfg.input());
    Dataset<Row> df = CorpusIngest.read(spark, cfg.input(), files);
    assertThat(df.schema().fieldNames()).containsExactly(ArticleSchema.INGESTED.fieldNames());
    for (var f : ArticleSchema.INGESTED.fields()) {
      assertThat(df.schema().apply(f.name()).dataType()).as(f.name()).isEqualTo(f.dataType());
    }
    return df.collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(r.fieldIndex("source_file")).replaceAll(".*/", "")
            + "#" + r.getLong(r.fieldIndex("source_offset")), r -> r));
  }

  @Test
  void readsEveryFormatIntoTheCanonicalSchemaWithFieldMapping() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("corpus"));
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(dir.resolve("a.jsonl.gz")))) {
      o.write(("{\"id\":\"A1\",\"body\":\"Lavrov met Kerry.\",\"source\":\"RT\",\"published\":\"2013-05-07\",\"lang\":\"en\"}\n"
          + "\n"
          + "{\"id\":\"A2\",\"content\":\"Second story.\",\"outlet\":\"TASS\",\"date\":\"2013-05-08\",\"extra\":{\"k\":1}}\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    try (OutputStream o = new BZip2CompressorOutputStream(Files.newOutputStream(dir.resolve("b.csv.bz2")))) {
      o.write(("id,title,text,source,date\n"
          + "C1,Headline,\"A body, with a comma\nand a second line\",BBC,2013-05-09\n"
          + "C2,Short,Plain body,CNN,2013-05-10\n").getBytes(StandardCharsets.UTF_8));
    }
    Path pages = Files.createDirectories(dir.resolve("rt.com"));
    Files.writeString(pages.resolve("page.txt"), "nav icon junk\n7 May, 2013 19:58\n\nThe title\n\nThe body.\n");
    spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create("P1", "Parquet body", "AP", "2013-05-11")),
            new org.apache.spark.sql.types.StructType().add("doc_id", "string").add("text", "string")
                .add("publisher", "string").add("date", "string"))
        .coalesce(1).write().parquet(dir.resolve("p").toString());
    Files.writeString(dir.resolve("SOURCE.txt"), "documentation beside the data is skipped");

    JobConfig cfg = new ConfigLoader().sets(Map.of("input.paths", dir.toString())).build(null);
    Map<String, Row> rows = read(cfg);
    assertThat(rows).hasSize(6);

    Row a1 = rows.get("a.jsonl.gz#1");
    assertThat(a1.<String>getAs("doc_id")).isEqualTo("A1");
    assertThat(a1.<String>getAs("text")).isEqualTo("Lavrov met Kerry.");
    assertThat(a1.<String>getAs("outlet")).isEqualTo("RT");
    assertThat(a1.<String>getAs("published_raw")).isEqualTo("2013-05-07");
    assertThat(a1.<scala.collection.Map<String, String>>getAs("meta").get("lang").get()).isEqualTo("en");
    assertThat(a1.<String>getAs("read_error")).isNull();
    Row a2 = rows.get("a.jsonl.gz#3"); // line 2 is blank and is not a record
    assertThat(a2.<String>getAs("text")).isEqualTo("Second story.");
    assertThat(a2.<String>getAs("outlet")).isEqualTo("TASS");

    Row c1 = rows.get("b.csv.bz2#1");
    assertThat(c1.<String>getAs("text")).isEqualTo("A body, with a comma\nand a second line");
    assertThat(c1.<String>getAs("title")).isEqualTo("Headline");
    assertThat(rows.get("b.csv.bz2#2").<String>getAs("outlet")).isEqualTo("CNN");

    Row page = rows.get("page.txt#0");
    assertThat(page.<String>getAs("title")).isEqualTo("The title");
    assertThat(page.<String>getAs("text")).isEqualTo("The body.");
    assertThat(page.<String>getAs("published_raw")).isEqualTo("7 May, 2013 19:58");
    assertThat(page.<String>getAs("outlet")).isEqualTo("rt.com");
    assertThat(page.<String>getAs("doc_id")).startsWith("h_").hasSize(26);

    Row p1 = rows.values().stream().filter(r -> "P1".equals(r.getAs("doc_id"))).findFirst().orElseThrow();
    assertThat(p1.<String>getAs("text")).isEqualTo("Parquet body");
    assertThat(p1.<String>getAs("outlet")).isEqualTo("AP");
    assertThat(p1.<Long>getAs("source_offset")).isEqualTo(1L);
  }

  @Test
  void aBrokenCsvQuoteRejectsItsLineAndTheLaterRowsAreStillRead() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("csv"));
    // row 2 opens a quote that never closes; row 3 closes a quote and goes on; rows 4 and 5 are fine, 5 is multi-line
    Files.writeString(dir.resolve("q.csv"), "id,text,date\n"
        + "q1,First body,2013-05-07\n"
        + "q2,\"Unclosed quote runs on,2013-05-07\n"
        + "q3,\"closed\" then text,2013-05-07\n"
        + "q4,Fourth body,2013-05-08\n"
        + "q5,\"Fifth body\nover two lines\",2013-05-08\n");
    JobConfig cfg = new ConfigLoader().sets(Map.of("input.paths", dir.toString())).build(null);
    Map<String, Row> rows = read(cfg);

    List<String> accepted = rows.values().stream().filter(r -> r.getAs("read_error") == null)
        .map(r -> r.<String>getAs("doc_id")).sorted().toList();
    assertThat(accepted).containsExactly("q1", "q4", "q5");
    List<Row> bad = rows.values().stream().filter(r -> r.getAs("read_error") != null).toList();
    assertThat(bad).hasSize(2).allSatisfy(r -> {
      assertThat(r.<String>getAs("read_error")).isEqualTo("malformed_csv");
      assertThat(r.<String>getAs("read_error_detail")).contains("bytes ").contains("quote");
    });
    assertThat(bad.stream().map(r -> r.<String>getAs("raw")).sorted().toList())
        .containsExactly("q2,\"Unclosed quote runs on,2013-05-07", "q3,\"closed\" then text,2013-05-07");
    assertThat(rows.get("q.csv#5").<String>getAs("text")).isEqualTo("Fifth body\nover two lines");
  }

  @Test
  void contentIdIsStableAndDependsOnContent() {
    String a = FieldMapper.contentId("RT", "T", "body");
    assertThat(FieldMapper.contentId("RT", "T", "body")).isEqualTo(a);
    assertThat(FieldMapper.contentId("RT", "T", "body2")).isNotEqualTo(a);
    assertThat(FieldMapper.contentId("RTT", "", "body")).isNotEqualTo(FieldMapper.contentId("RT", "T", "body"));
  }

  @Test
  void formatIsChosenByExtensionAfterCompressionSuffix() {
    assertThat(InputFiles.formatOf("x.jsonl.bz2")).isEqualTo("jsonl");
    assertThat(InputFiles.formatOf("x.ndjson")).isEqualTo("jsonl");
    assertThat(InputFiles.formatOf("x.tsv.gz")).isEqualTo("csv");
    assertThat(InputFiles.formatOf("part-0000.snappy.parquet")).isEqualTo("parquet");
    assertThat(InputFiles.formatOf("page")).isEqualTo("text");
  }
}
