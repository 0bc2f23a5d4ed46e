package org.demarche.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.demarche.testing.JobRuns;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fixture of deliberately broken records: each one is rejected with its reason, and the counts reconcile. */
class RejectsReconciliationTest {
  @TempDir Path tmp;

  private static String good(String id, String date) {
    return "{\"id\":\"" + id + "\",\"source\":\"Wire\",\"date\":\"" + date + "\",\"title\":\"T " + id
        + "\",\"text\":\"Foreign ministers met in Geneva on " + id + " and agreed to talk again next week.\"}\n";
  }

  @Test
  void everyBrokenRecordIsRejectedWithItsReasonAndCountsReconcile() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
    jsonl.write(good("ok1", "2013-05-07").getBytes(StandardCharsets.UTF_8));                       // line 1
    jsonl.write("{\"id\":\"utf\",\"date\":\"2013-05-07\",\"text\":\"bad \u0000".getBytes(StandardCharsets.UTF_8));
    jsonl.write(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});                                  // line 2
    jsonl.write("\"}\n".getBytes(StandardCharsets.UTF_8));
    jsonl.write("{\"id\":\"trunc\",\"date\":\"2013-05-07\",\"text\":\"cut off in the mid\n"            // line 3
        .getBytes(StandardCharsets.UTF_8));
    jsonl.write("{\"id\":\"empty\",\"date\":\"2013-05-07\",\"text\":\"   \"}\n".getBytes(StandardCharsets.UTF_8)); // 4
    jsonl.write(("{\"id\":\"huge\",\"date\":\"2013-05-07\",\"text\":\"" + "word ".repeat(3000) + "\"}\n")      // 5
        .getBytes(StandardCharsets.UTF_8));
    jsonl.write(good("ancient", "0001-01-01").getBytes(StandardCharsets.UTF_8));                   // line 6
    jsonl.write(good("nodate", "").replace(",\"date\":\"\"", "").getBytes(StandardCharsets.UTF_8)); // line 7
    jsonl.write(good("baddate", "sometime soon").getBytes(StandardCharsets.UTF_8));                 // line 8
    jsonl.write("{\"id\":\"nobody\",\"date\":\"2013-05-07\",\"title\":\"only a title\"}\n".getBytes(StandardCharsets.UTF_8)); // 9
    jsonl.write("[1,2,3]\n".getBytes(StandardCharsets.UTF_8));                                      // line 10
    jsonl.write(good("ok1", "2013-05-07").getBytes(StandardCharsets.UTF_8));                        // line 11: same id
    jsonl.write(good("ok2", "2013-05-08").getBytes(StandardCharsets.UTF_8));                        // line 12
    Files.write(in.resolve("broken.jsonl"), jsonl.toByteArray());
    Files.writeString(in.resolve("rows.csv"),
        "id,text,date\ncsv1,A fine body of text about talks.,2013-05-09\ncsv2,too,many,fields,here\n");

    Path out = tmp.resolve("out");
    RunSummary s = JobRuns.run(Map.of("input.paths", in.toString(), "output.path", out.toString(),
        "input.max_doc_chars", "10000"));

    Dataset<Row> rejects = SparkTestSession.get().read().parquet(out.resolve("rejects").toString());
    Map<String, String> reasonByLocation = new TreeMap<>();
    for (Row r : rejects.collectAsList()) {
      String file = r.<String>getAs("source_file").replaceAll(".*/", "");
      reasonByLocation.put(file + ":" + r.<Long>getAs("source_offset"), r.getAs("reason"));
      assertThat(r.<String>getAs("detail")).as("detail of %s", r).isNotBlank();
      assertThat(r.<String>getAs("run_id")).isEqualTo(s.runId());
    }
    assertThat(reasonByLocation)
        .containsEntry("broken.jsonl:2", "invalid_utf8")
        .containsEntry("broken.jsonl:3", "malformed_json")
        .containsEntry("broken.jsonl:4", "empty_body")
        .containsEntry("broken.jsonl:5", "doc_too_large")
        .containsEntry("broken.jsonl:6", "date_out_of_range")
        .containsEntry("broken.jsonl:7", "missing_date")
        .containsEntry("broken.jsonl:8", "unparseable_date")
        .containsEntry("broken.jsonl:9", "missing_body")
        .containsEntry("broken.jsonl:10", "malformed_json")
        .containsEntry("broken.jsonl:11", "duplicate_record")
        .containsEntry("rows.csv:2", "malformed_csv")
        .hasSize(11);

    Row truncated = rejects.filter(col("source_offset").equalTo(3)).first();
    assertThat(truncated.<String>getAs("raw_payload")).startsWith("{\"id\":\"trunc\"");
    Row huge = rejects.filter(col("reason").equalTo("doc_too_large")).first();
    assertThat(huge.<Long>getAs("payload_bytes")).isGreaterThan(10000L);
    assertThat(huge.<String>getAs("detail")).contains("input.max_doc_chars");

    List<String> accepted = SparkTestSession.get().read().parquet(out.resolve("articles").toString())
        .select("doc_id").orderBy("doc_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(accepted).containsExactly("csv1", "ok1", "ok2");
    assertThat(s.count("records_read")).isEqualTo(14);
    assertThat(s.count("accepted")).isEqualTo(3);
    assertThat(s.count("rejected")).isEqualTo(11);
  }
}
