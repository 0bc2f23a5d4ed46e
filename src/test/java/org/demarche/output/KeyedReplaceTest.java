package org.demarche.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link KeyedReplace} on {@code doc_topics}: owned keys replaced wherever they lie, others kept, crashes rolled forward. */
class KeyedReplaceTest {
  private final SparkSession spark = SparkTestSession.get();
  private static final OutputTables T = OutputTables.DOC_TOPICS;

  @TempDir Path dir;

  private Dataset<Row> rows(String run, Object[]... docDates) {
    List<Row> out = new java.util.ArrayList<>();
    for (Object[] d : docDates) {
      out.add(RowFactory.create(run, d[0], null, "Wire", "m1", 1, 0.5, d[1] == null ? null : Date.valueOf((String) d[1])));
    }
    return spark.createDataFrame(out, T.schema());
  }

  private Dataset<Row> keys(String... ids) {
    return spark.createDataset(List.of(ids), Encoders.STRING()).toDF("doc_id");
  }

  /** doc_id -> "run dt" of the stored rows. */
  private Map<String, String> stored() {
    Map<String, String> m = new TreeMap<>();
    for (Row r : T.read(spark, dir.toString()).select("doc_id", "run_id", "dt").collectAsList()) {
      assertThat(m.put(r.getString(0), r.getString(1) + " " + r.get(2))).as("duplicate %s", r).isNull();
    }
    return m;
  }

  @Test
  void replacesOwnedKeysWhereverTheyLieAndKeepsTheRest() {
    String out = dir.toString();
    KeyedReplace.replace(T, rows("r_a", new Object[] {"a1", "2013-05-07"}, new Object[] {"a2", "2013-05-08"}),
        keys("a1", "a2"), "doc_id", out, "r_a", "doc_id");
    KeyedReplace.replace(T, rows("r_b", new Object[] {"b1", "2013-05-07"}), keys("b1"), "doc_id", out, "r_b",
        "doc_id");
    assertThat(stored()).containsOnlyKeys("a1", "a2", "b1");

    // batch a again: a2 moved to the 9th, a1 gone; b1 on the 7th stays, the 8th is emptied and removed
    KeyedReplace.Outcome o = KeyedReplace.replace(T, rows("r_a2", new Object[] {"a2", "2013-05-09"}),
        keys("a1", "a2"), "doc_id", out, "r_a2", "doc_id");
    assertThat(stored()).containsExactlyEntriesOf(new TreeMap<>(Map.of("a2", "r_a2 2013-05-09",
        "b1", "r_b 2013-05-07")));
    assertThat(dir.resolve("doc_topics/dt=2013-05-08")).doesNotExist();
    assertThat(o.partitionsDeleted()).isEqualTo(1);
    assertThat(dir.resolve(KeyedReplace.STAGING + "/r_a2")).doesNotExist();
    // a row without a date lands in the null partition and is replaced like any other
    KeyedReplace.replace(T, rows("r_c", new Object[] {"c1", null}), keys("c1"), "doc_id", out, "r_c", "doc_id");
    assertThat(stored()).containsEntry("c1", "r_c null").hasSize(3);
  }

  /** Owned keys with their dates: {@code doc_id} with {@code dt}. */
  private Dataset<Row> keysOn(Object[]... docDates) {
    List<Row> out = new java.util.ArrayList<>();
    for (Object[] d : docDates) {
      out.add(RowFactory.create(d[0], d[1] == null ? null : Date.valueOf((String) d[1])));
    }
    return spark.createDataFrame(out, new org.apache.spark.sql.types.StructType()
        .add("doc_id", "string").add("dt", "date"));
  }

  @Test
  void ownedKeysWithTheirDatesAreSoughtOnlyInThoseDateFolders() {
    String out = dir.toString();
    KeyedReplace.replace(T, rows("r_a", new Object[] {"a1", "2013-05-07"}, new Object[] {"a2", "2013-05-08"},
        new Object[] {"a3", "2013-05-09"}), keys("a1", "a2", "a3"), "doc_id", out, "r_a", "doc_id");
    // a2 owned with its stored date (the 8th) and a new one (the 10th): the 8th is emptied, the 10th written
    KeyedReplace.Outcome o = KeyedReplace.replace(T, rows("r_b", new Object[] {"a2", "2013-05-10"}),
        keysOn(new Object[] {"a2", "2013-05-08"}, new Object[] {"a2", "2013-05-10"}), "doc_id", out, "r_b",
        "doc_id");
    assertThat(stored()).containsExactlyEntriesOf(new TreeMap<>(Map.of("a1", "r_a 2013-05-07",
        "a2", "r_b 2013-05-10", "a3", "r_a 2013-05-09")));
    assertThat(o.partitionsDeleted()).isEqualTo(1);
    // the dates bound the search: a3 owned on the 7th only is not looked for on the 9th (the caller vouches that
    // a document's rows lie under its articles' dates), so the new row is added and the 9th left alone
    KeyedReplace.replace(T, rows("r_c", new Object[] {"a3", "2013-05-07"}),
        keysOn(new Object[] {"a3", "2013-05-07"}), "doc_id", out, "r_c", "doc_id");
    assertThat(T.read(spark, out).where("doc_id = 'a3'").count()).isEqualTo(2);
    // a null date means any folder: every stored a3 row is found and replaced
    KeyedReplace.replace(T, rows("r_d", new Object[] {"a3", "2013-05-11"}),
        keysOn(new Object[] {"a3", null}), "doc_id", out, "r_d", "doc_id");
    assertThat(stored()).containsEntry("a3", "r_d 2013-05-11").hasSize(3);
  }

  @Test
  void aSwapCutOffAfterItsManifestIsRolledForwardByTheNextRun() throws Exception {
    String out = dir.toString();
    KeyedReplace.replace(T, rows("r_a", new Object[] {"a1", "2013-05-07"}, new Object[] {"a2", "2013-05-08"}),
        keys("a1", "a2"), "doc_id", out, "r_a", "doc_id");
    // what a run killed during its moves leaves: the staged partition, and a manifest that replaces the 8th and
    // removes the 7th (one move not yet done)
    Path stage = dir.resolve(KeyedReplace.STAGING + "/r_dead/doc_topics");
    rows("r_dead", new Object[] {"a2", "2013-05-08"}).drop("dt").coalesce(1).write()
        .parquet(stage.resolve("merged/dt=2013-05-08").toString());
    Files.writeString(stage.resolve("_SWAP"), "merged\nreplace dt=2013-05-08\ndelete dt=2013-05-07\n");
    // and an unfinished stage without manifest, which is discarded
    Files.createDirectories(dir.resolve(KeyedReplace.STAGING + "/r_other/articles/new/dt=2013-05-07"));

    assertThat(KeyedReplace.recover(spark, out)).containsExactly("doc_topics");
    assertThat(stored()).containsExactlyEntriesOf(Map.of("a2", "r_dead 2013-05-08"));
    assertThat(dir.resolve(KeyedReplace.STAGING)).doesNotExist();
    assertThat(dir.resolve("articles")).doesNotExist();
    // nothing left to do
    assertThat(KeyedReplace.recover(spark, out)).isEmpty();
  }
}
