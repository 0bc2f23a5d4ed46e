package org.demarche.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.demarche.output.OutputTables;
import org.demarche.testing.JobRuns;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that used to crash the job (exit 1, no rejects, no runs row): each is now rejected with its reason, or read,
 * and the run reconciles and writes {@code rejects} and {@code runs}.
 */
class BadInputsTest {
  private final SparkSession spark = SparkTestSession.get();

  @TempDir Path tmp;

  private static String article(String id, String date, String text) {
    return "{\"id\":\"" + id + "\",\"source\":\"Wire\",\"date\":\"" + date + "\",\"title\":\"T " + id
        + "\",\"text\":\"" + text + "\"}";
  }

  private static String body(int i) {
    return "Foreign ministers met in Geneva on day " + i + " and agreed to meet again about the Syrian conflict, "
        + "officials said after talks that lasted " + (i + 2) + " hours.";
  }

  private Map<String, Long> reasons(Path out, String runId) {
    Map<String, Long> m = new TreeMap<>();
    for (Row r : OutputTables.REJECTS.read(spark, out.toString()).filter(col("run_id").equalTo(runId))
        .groupBy("reason").count().collectAsList()) {
      m.put(r.getString(0), r.getLong(1));
    }
    return m;
  }

  private long runsRows(Path out, String runId) {
    return OutputTables.RUNS.read(spark, out.toString()).filter(col("run_id").equalTo(runId)).count();
  }

  @Test
  void brokenFilesBesideGoodOnesAreRejectedAndTheRunCompletes() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.writeString(in.resolve("good.jsonl"), article("g1", "2013-05-07", body(1)) + "\n"
        + article("g2", "2013-05-08", body(2)) + "\n");
    Files.writeString(in.resolve("empty.jsonl"), "");
    Files.writeString(in.resolve("allbad.jsonl"), "not json\n{\"id\":\"x\"\n[1,2]\n");
    Files.writeString(in.resolve("array.json"), "[" + article("a1", "2013-05-07", body(3)) + ",\n"
        + article("a2", "2013-05-09", body(4)) + "]\n");
    // a gzip cut off in the middle of its stream
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream o = new GZIPOutputStream(gz)) {
      for (int i = 0; i < 200; i++) {
        o.write((article("z" + i, "2013-05-10", body(i % 3)) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] whole = gz.toByteArray();
    Files.write(in.resolve("cut.jsonl.gz"), Arrays.copyOf(whole, whole.length * 2 / 3));

    Path out = tmp.resolve("out");
    RunSummary s = JobRuns.run(Map.of("input.paths", in.toString(), "output.path", out.toString()));

    assertThat(s.count("records_read")).isEqualTo(s.count("accepted") + s.count("rejected"));
    assertThat(runsRows(out, s.runId())).isEqualTo(1);
    Map<String, Long> reasons = reasons(out, s.runId());
    assertThat(reasons).containsEntry("malformed_json", 3L).containsKey("unreadable_file");
    // the JSON array's two articles are read as articles
    assertThat(OutputTables.ARTICLES.read(spark, out.toString()).select("doc_id").as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList()).contains("g1", "g2", "a1", "a2");
    // the truncated gzip: the records before the cut are read, the cut is one unreadable_file reject naming it
    Row cut = OutputTables.REJECTS.read(spark, out.toString()).filter(col("reason").equalTo("unreadable_file"))
        .first();
    assertThat(cut.<String>getAs("source_file")).endsWith("cut.jsonl.gz");
    assertThat(cut.<String>getAs("detail")).containsIgnoringCase("truncated");
    // nothing from the empty file: it has no records, and says so in no reject
    assertThat(OutputTables.REJECTS.read(spark, out.toString()).filter(col("source_file").endsWith("empty.jsonl"))
        .count()).isZero();
  }

  @Test
  void aBatchWithoutAnyUsableRecordStillWritesRejectsAndRuns() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.writeString(in.resolve("allbad.jsonl"), "not json\n{\"id\":\"x\",\"text\":\"\"}\n");
    Files.writeString(in.resolve("empty.csv"), "");
    Path out = tmp.resolve("out");
    RunSummary s = JobRuns.run(Map.of("input.paths", in.toString(), "output.path", out.toString()));
    assertThat(s.count("accepted")).isZero();
    assertThat(s.count("records_read")).isEqualTo(s.count("rejected")).isEqualTo(2);
    assertThat(runsRows(out, s.runId())).isEqualTo(1);
    assertThat(reasons(out, s.runId())).containsEntry("malformed_json", 1L).containsEntry("empty_body", 1L);
  }

  @Test
  void aBatchOfNearIdenticalWireCopiesRuns() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      sb.append(article("w" + i, "2013-05-07", "Foreign ministers met in Geneva and agreed to meet again. Copy "
          + (i % 2))).append('\n');
    }
    Files.writeString(in.resolve("wire.jsonl"), sb.toString());
    Path out = tmp.resolve("out");
    RunSummary s = JobRuns.run(Map.of("input.paths", in.toString(), "output.path", out.toString()));
    assertThat(s.count("accepted")).isEqualTo(100);
    assertThat(runsRows(out, s.runId())).isEqualTo(1);
    assertThat(OutputTables.ARTICLES.read(spark, out.toString()).select("story_id").distinct().count())
        .isLessThanOrEqualTo(2);
  }
}
