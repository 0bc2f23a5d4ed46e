package org.demarche.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.testing.SparkTestSession;
import org.demarche.testing.StageContracts;
import org.junit.jupiter.api.Test;

class ContentHasherTest {
  private static final StructType SCHEMA =
      new StructType().add("doc_id", DataTypes.StringType).add("body", DataTypes.StringType);

  private static Dataset<Row> fixture() {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows =
        Arrays.asList(
            RowFactory.create("plain", "the minister said talks resume"),
            RowFactory.create("case_punct", "The Minister said: \"Talks resume.\""),
            RowFactory.create("whitespace", "  the\tminister\n\nSAID   talks\u00a0resume  "),
            RowFactory.create("different", "The minister said talks collapsed."),
            RowFactory.create("reordered", "talks resume the minister said"),
            RowFactory.create("null", null),
            RowFactory.create("empty", ""),
            RowFactory.create("only_punct", " ?! -- "),
            RowFactory.create("de1", "Über die Grenze: 12 Flüchtlinge."),
            RowFactory.create("de2", "über  die grenze 12 flüchtlinge"),
            RowFactory.create("ru1", "Кремль заявил, что переговоры продолжатся."),
            RowFactory.create("ru2", "кремль заявил что переговоры продолжатся"),
            RowFactory.create("digits", "the minister said talks resume 2"));
    return spark.createDataFrame(rows, SCHEMA);
  }

  private static Map<String, String> hashes(Dataset<Row> out) {
    Map<String, String> m = new HashMap<>();
    for (Row r : out.select("doc_id", "content_hash").collectAsList()) {
      m.put(r.getString(0), r.getString(1));
    }
    return m;
  }

  private static String sha256Hex(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void hashesNormalisedText() throws Exception {
    Map<String, String> h = hashes(new ContentHasher().transform(fixture()));

    assertThat(h.get("plain")).isEqualTo(sha256Hex("the minister said talks resume")).hasSize(64);
    assertThat(h.get("case_punct")).isEqualTo(h.get("plain"));
    assertThat(h.get("whitespace")).isEqualTo(h.get("plain"));
    assertThat(h.get("different")).isNotEqualTo(h.get("plain"));
    assertThat(h.get("reordered")).isNotEqualTo(h.get("plain"));
    assertThat(h.get("digits")).isNotEqualTo(h.get("plain"));
    assertThat(h).containsEntry("null", null);
    assertThat(h.get("empty")).isEqualTo(sha256Hex(""));
    assertThat(h.get("only_punct")).isEqualTo(sha256Hex(""));
    assertThat(h.get("de1")).isEqualTo(h.get("de2")).isEqualTo(sha256Hex("über die grenze 12 flüchtlinge"));
    assertThat(h.get("ru1")).isEqualTo(h.get("ru2")).isNotEqualTo(h.get("plain"));
  }

  @Test
  void defaultsAndCustomColumns() {
    ContentHasher hasher = new ContentHasher();
    assertThat(hasher.getInputCol()).isEqualTo("body");
    assertThat(hasher.getOutputCol()).isEqualTo("content_hash");
    Dataset<Row> renamed = fixture().withColumnRenamed("body", "text");
    Dataset<Row> out = new ContentHasher().setInputCol("text").setOutputCol("h").transform(renamed);
    assertThat(out.columns()).containsExactly("doc_id", "text", "h");
    assertThat(out.where("doc_id = 'plain'").first().getString(2)).isEqualTo(
        new ContentHasher().transform(fixture()).where("doc_id = 'plain'").first().getString(2));
  }

  @Test
  void schemaMatchesTransform() {
    StageContracts.schemaMatchesTransform(new ContentHasher(), fixture());
  }

  @Test
  void rejectsWrongInputType() {
    StructType wrong = new StructType().add("doc_id", DataTypes.StringType).add("body", DataTypes.IntegerType);
    StageContracts.rejectsWrongInputType(new ContentHasher(), wrong, "inputCol");
    StageContracts.rejectsWrongInputType(
        new ContentHasher(), new StructType().add("doc_id", DataTypes.StringType), "inputCol");
  }

  @Test
  void refusesExistingOutputColumn() {
    StructType taken = SCHEMA.add("content_hash", DataTypes.StringType);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ContentHasher().transformSchema(taken))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outputCol");
  }

  @Test
  void roundTrip() throws Exception {
    ContentHasher stage = new ContentHasher().setInputCol("text").setOutputCol("hash");
    ContentHasher loaded = StageContracts.roundTrip(stage, ContentHasher::load);
    assertThat(loaded.getInputCol()).isEqualTo("text");
    assertThat(loaded.getOutputCol()).isEqualTo("hash");
    ContentHasher defaults = StageContracts.roundTrip(new ContentHasher(), ContentHasher::load);
    assertThat(defaults.getOutputCol()).isEqualTo("content_hash");
  }
}
