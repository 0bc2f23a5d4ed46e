package org.demarche.dedupe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.config.JobConfig;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/** StoryClusterer on a hand-made fixture. Jaccard similarities of 5-word shingles are given next to each text. */
class StoryClustererTest {
  static final JobConfig.DedupeConfig NEAR = new JobConfig.DedupeConfig(true, 5, 6, 0.7);
  static final JobConfig.DedupeConfig EXACT_ONLY = new JobConfig.DedupeConfig(false, 5, 6, 0.7);

  /** Original wire story (159 distinct 5-shingles). */
  static final String ORIGINAL = """
      GENEVA — Foreign ministers from Russia and the United States agreed on Tuesday to convene an international conference on Syria before the end of the month, in an effort to bring the government and the armed opposition to the negotiating table. The announcement came after more than five hours of talks in a lakeside hotel, where both delegations described the atmosphere as businesslike but tense. Officials said the conference would be held in Geneva and that invitations would be sent to regional powers, including Turkey, Saudi Arabia and Iran, although the final list of participants had not been settled. The ministers said a transitional governing body with full executive powers remained the goal, but they declined to say whether President Bashar al-Assad could play any role in it. Diplomats cautioned that previous attempts to start negotiations had collapsed over the same question. Aid agencies welcomed the agreement and urged both sides to allow humanitarian convoys to reach besieged towns while the preparations continue.""";

  /** Reprint of ORIGINAL: byline and "(AP)" added, one sentence replaced. Jaccard with ORIGINAL 0.77. */
  static final String REPRINT = """
      By Daniel Harper, Associated Press
      GENEVA (AP) — Foreign ministers from Russia and the United States agreed on Tuesday to convene an international conference on Syria before the end of the month, in an effort to bring the government and the armed opposition to the negotiating table. The announcement came after more than five hours of talks in a lakeside hotel, where both delegations described the atmosphere as businesslike but tense. Officials said the conference would be held in Geneva and that invitations would be sent to regional powers, including Turkey, Saudi Arabia and Iran, although the final list of participants had not been settled. The ministers said a transitional governing body with full executive powers remained the goal, but they declined to say whether President Bashar al-Assad could play any role in it. Several analysts said the timetable looked ambitious given the fighting around Aleppo. Aid agencies welcomed the agreement and urged both sides to allow humanitarian convoys to reach besieged towns while the preparations continue.""";

  /** A different article on the same topic, the next day. Jaccard with ORIGINAL 0.0. */
  static final String OTHER = """
      MOSCOW — Russia's foreign minister said on Wednesday that any peace conference on Syria must include Iran, setting up a fresh dispute with Washington only a day after the two countries announced plans for talks. Speaking at a news conference in Moscow, the minister accused Western governments of arming rebel groups and said the Syrian opposition had yet to name a delegation. He said Moscow would continue to honour existing arms contracts with Damascus, including the delivery of air defence systems, which Israel and the United States have urged it to cancel. American officials said they were disappointed by the remarks but that preparations for the conference in Geneva were continuing. The opposition coalition, meeting in Istanbul, said it would not attend unless the government first agreed to release political prisoners and end the shelling of residential areas.""";

  private static final String[] COUNTRIES =
      "Austria Belgium Chile Denmark Egypt Finland Greece Hungary India Japan Kenya Latvia Mexico Norway Oman Peru Qatar Romania Spain Tunisia Uganda Vietnam Yemen Zambia Brazil Canada"
          .split(" ");
  private static final String[] TOPICS =
      "fisheries tariffs visas pipelines grain refugees mining shipping satellites vaccines pensions railways dams telecoms forestry ports tourism textiles copper aviation banking fertiliser steel rice coffee timber"
          .split(" ");

  /**
   * Sentences {@code from} (inclusive) to {@code to} (exclusive) of a bulletin; each 5-shingle contains a word
   * specific to one sentence. chain(0,20) vs chain(3,23): Jaccard 0.74; chain(3,23) vs chain(6,26): 0.74;
   * chain(0,20) vs chain(6,26): 0.54.
   */
  static String chain(int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int k = from; k < to; k++) {
      sb.append(String.format("On day %d the envoy from %s said talks on %s would resume next week. ",
          k + 1, COUNTRIES[k], TOPICS[k]));
    }
    return sb.toString().trim();
  }

  static Dataset<Row> docs(List<Row> rows) {
    StructType schema =
        new StructType()
            .add("doc_id", DataTypes.StringType)
            .add("outlet", DataTypes.StringType)
            .add("body", DataTypes.StringType);
    return new ContentHasher().transform(SparkTestSession.get().createDataFrame(rows, schema));
  }

  static Dataset<Row> fixture() {
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create("d01", "Wire", ORIGINAL));
    rows.add(RowFactory.create("d02", "Daily Bugle", ORIGINAL.toUpperCase().replace("\n", "  ")));
    rows.add(RowFactory.create("d03", "Gazette", REPRINT));
    rows.add(RowFactory.create("d04", "Wire", OTHER));
    rows.add(RowFactory.create("c1", "Bulletin A", chain(0, 20)));
    rows.add(RowFactory.create("c2", "Bulletin B", chain(3, 23)));
    rows.add(RowFactory.create("c3", "Bulletin C", chain(6, 26)));
    rows.add(RowFactory.create("s1", "Wire", "Too short to shingle."));
    rows.add(RowFactory.create("s2", "Post", "too short, to SHINGLE"));
    rows.add(RowFactory.create("n1", "Post", null));
    rows.add(RowFactory.create("n2", "Post", null));
    return docs(rows);
  }

  /** doc_id -> [exact_duplicate_of, story_id, story_size]. */
  static Map<String, List<Object>> byId(Dataset<Row> out) {
    Map<String, List<Object>> m = new TreeMap<>();
    for (Row r : out.select("doc_id", "exact_duplicate_of", "story_id", "story_size").collectAsList()) {
      List<Object> v = new ArrayList<>();
      v.add(r.get(1));
      v.add(r.get(2));
      v.add(r.get(3));
      m.put(r.getString(0), v);
    }
    return m;
  }

  static String storyIdOf(String minDocId) throws Exception {
    byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(minDocId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return "st_" + java.util.HexFormat.of().formatHex(d).substring(0, 16);
  }

  @Test
  void groupsCopiesReprintsAndChains() throws Exception {
    Dataset<Row> in = fixture();
    Dataset<Row> out = StoryClusterer.assign(in, NEAR);
    assertThat(out.columns())
        .containsExactly("doc_id", "outlet", "body", "content_hash", "exact_duplicate_of", "story_id", "story_size");
    assertThat(out.schema().apply("story_size").dataType()).isEqualTo(DataTypes.IntegerType);
    Map<String, List<Object>> r = byId(out);
    assertThat(r).hasSize(11);

    // exact copy (upper case, different whitespace) points to the canonical doc; the reprint joins the same story
    assertThat(r.get("d01").get(0)).isNull();
    assertThat(r.get("d02").get(0)).isEqualTo("d01");
    assertThat(r.get("d03").get(0)).isNull();
    assertThat(r.get("d01").get(1)).isEqualTo(storyIdOf("d01"));
    assertThat(r.get("d02").get(1)).isEqualTo(r.get("d01").get(1));
    assertThat(r.get("d03").get(1)).isEqualTo(r.get("d01").get(1));
    assertThat(r.get("d01").get(2)).isEqualTo(3);
    // same topic, different text: its own story
    assertThat(r.get("d04").get(1)).isEqualTo(storyIdOf("d04")).isNotEqualTo(r.get("d01").get(1));
    assertThat(r.get("d04").get(2)).isEqualTo(1);

    // transitivity: c1 ~ c2 ~ c3 although c1 and c3 are below the threshold
    assertThat(r.get("c1").get(1)).isEqualTo(storyIdOf("c1"));
    assertThat(r.get("c2").get(1)).isEqualTo(r.get("c1").get(1));
    assertThat(r.get("c3").get(1)).isEqualTo(r.get("c1").get(1));
    assertThat(r.get("c3").get(2)).isEqualTo(3);

    // short bodies are only compared exactly; null bodies are singletons
    assertThat(r.get("s2").get(0)).isEqualTo("s1");
    assertThat(r.get("s2").get(1)).isEqualTo(r.get("s1").get(1)).isEqualTo(storyIdOf("s1"));
    assertThat(r.get("s1").get(2)).isEqualTo(2);
    assertThat(r.get("n1").get(0)).isNull();
    assertThat(r.get("n2").get(0)).isNull();
    assertThat(r.get("n1").get(1)).isEqualTo(storyIdOf("n1")).isNotEqualTo(r.get("n2").get(1));
    assertThat(r.get("n2").get(2)).isEqualTo(1);
  }

  @Test
  void chainEdgesAreNotDirect() {
    // guard the fixture itself: without c2, c1 and c3 are separate stories
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create("c1", "Bulletin A", chain(0, 20)));
    rows.add(RowFactory.create("c3", "Bulletin C", chain(6, 26)));
    Map<String, List<Object>> r = byId(StoryClusterer.assign(docs(rows), NEAR));
    assertThat(r.get("c1").get(1)).isNotEqualTo(r.get("c3").get(1));
  }

  @Test
  void deterministicUnderRepartitioning() {
    Map<String, List<Object>> a = byId(StoryClusterer.assign(fixture(), NEAR));
    Map<String, List<Object>> b = byId(StoryClusterer.assign(fixture().repartition(7), NEAR));
    Map<String, List<Object>> c = byId(StoryClusterer.assign(fixture().orderBy(org.apache.spark.sql.functions.col("body").desc()).coalesce(1), NEAR));
    assertThat(b).isEqualTo(a);
    assertThat(c).isEqualTo(a);
  }

  @Test
  void exactOnlyWhenNearDuplicatesOff() throws Exception {
    Map<String, List<Object>> r = byId(StoryClusterer.assign(fixture(), EXACT_ONLY));
    assertThat(r.get("d02").get(0)).isEqualTo("d01");
    assertThat(r.get("d02").get(1)).isEqualTo(r.get("d01").get(1)).isEqualTo(storyIdOf("d01"));
    assertThat(r.get("d01").get(2)).isEqualTo(2);
    assertThat(r.get("d03").get(1)).isEqualTo(storyIdOf("d03"));
    assertThat(r.get("c2").get(1)).isNotEqualTo(r.get("c1").get(1));
  }

  @Test
  void stricterThresholdSplitsTheReprint() {
    Map<String, List<Object>> r = byId(StoryClusterer.assign(fixture(), new JobConfig.DedupeConfig(true, 5, 6, 0.9)));
    assertThat(r.get("d02").get(1)).isEqualTo(r.get("d01").get(1));
    assertThat(r.get("d03").get(1)).isNotEqualTo(r.get("d01").get(1));
    assertThat(r.get("c2").get(1)).isNotEqualTo(r.get("c1").get(1));
  }

  @Test
  void rejectsMissingOrTakenColumns() {
    Dataset<Row> in = fixture();
    assertThatThrownBy(() -> StoryClusterer.assign(in.drop("content_hash"), NEAR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("content_hash");
    assertThatThrownBy(() -> StoryClusterer.assign(in.withColumn("story_id", in.col("doc_id")), NEAR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("story_id");
  }

  @Test
  void connectedComponentsOnEdges() {
    List<Row> edges = new ArrayList<>();
    // path e-d-c-b-a (needs several passes), plus a separate pair x-y
    edges.add(RowFactory.create("d", "e"));
    edges.add(RowFactory.create("c", "d"));
    edges.add(RowFactory.create("b", "c"));
    edges.add(RowFactory.create("a", "b"));
    edges.add(RowFactory.create("x", "y"));
    StructType schema = new StructType().add("src", DataTypes.StringType).add("dst", DataTypes.StringType);
    Dataset<Row> labels =
        StoryClusterer.connectedComponents(SparkTestSession.get().createDataFrame(edges, schema));
    Map<String, String> m = new TreeMap<>();
    for (Row row : labels.collectAsList()) {
      m.put(row.getString(0), row.getString(1));
    }
    assertThat(m).containsExactlyEntriesOf(new TreeMap<>(Map.of(
        "a", "a", "b", "a", "c", "a", "d", "a", "e", "a", "x", "x", "y", "x")));
  }
}
