package org.demarche.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.demarche.output.OutputTables;
import org.demarche.testing.JobRuns;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches fed one after another into one output folder: no batch deletes another's rows, a corrected rerun of a file
 * replaces that file's earlier rows exactly, and a doc_id the folder already holds from another file is rejected.
 */
class BatchOwnershipTest {
  private final SparkSession spark = SparkTestSession.get();

  @TempDir Path tmp;

  /** The per-document tables a batch writes; each must hold rows for exactly the articles in {@code articles}. */
  private static final List<OutputTables> DOC_TABLES = List.of(OutputTables.ARTICLES, OutputTables.ACTOR_MENTIONS,
      OutputTables.STATEMENTS, OutputTables.STANCE);

  private static String article(String id, String outlet, String date, String lead) {
    return "{\"id\":\"" + id + "\",\"source\":\"" + outlet + "\",\"date\":\"" + date + "\",\"title\":\"Talks " + id
        + "\",\"text\":\"" + lead + " Russian Foreign Minister Sergey Lavrov said Russia opposes arming the Syrian "
        + "rebels. US Secretary of State John Kerry said the United States wants Assad to step down. The two "
        + "ministers agreed to hold a conference on Syria, officials said on " + id + ".\"}\n";
  }

  private static String own(String id, String outlet, String date, String text) {
    return "{\"id\":\"" + id + "\",\"source\":\"" + outlet + "\",\"date\":\"" + date + "\",\"title\":\"News "
        + id + "\",\"text\":\"" + text + "\"}\n";
  }

  /**
   * The settings with the text phases off (text features, topics, keyness): none of this class's tables come from
   * them, and the fixtures are too small for a topic fit anyway.
   */
  private static Map<String, String> withoutText(Map<String, String> sets) {
    Map<String, String> all = new java.util.HashMap<>(sets);
    all.putAll(Map.of("text.enabled", "false", "topics.enabled", "false", "keyness.enabled", "false"));
    return all;
  }

  private RunSummary run(Path in, Path out) {
    return JobRuns.run(withoutText(Map.of("input.paths", in.toString(), "output.path", out.toString())));
  }

  private List<String> docIds(OutputTables t, Path out) {
    return t.read(spark, out.toString()).select("doc_id").distinct().orderBy("doc_id").as(Encoders.STRING())
        .collectAsList();
  }

  private long rows(OutputTables t, Path out, String docId) {
    return t.read(spark, out.toString()).filter(col("doc_id").equalTo(docId)).count();
  }

  /** doc_id -> dt of the stored articles, and the same for each per-document table's rows. */
  private Map<String, String> datesOf(OutputTables t, Path out) {
    Map<String, String> m = new TreeMap<>();
    for (Row r : t.read(spark, out.toString()).select("doc_id", "dt").distinct().collectAsList()) {
      assertThat(m.put(r.getString(0), String.valueOf(r.get(1)))).as("%s holds %s on two dates", t.table(),
          r.getString(0)).isNull();
    }
    return m;
  }

  @Test
  void aSecondBatchOnTheSameDateKeepsTheFirst() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    Files.writeString(a.resolve("a.jsonl"), article("a1", "Wire", "2013-05-07", "Moscow, May 7.")
        + article("a2", "Daily", "2013-05-07", "In Moscow on Tuesday,"));
    Files.writeString(b.resolve("b.jsonl"), article("b1", "Wire", "2013-05-07", "Later on Tuesday,")
        + article("b2", "Post", "2013-05-08", "A day later,"));
    Path out = tmp.resolve("out");

    run(a, out);
    Map<String, Long> before = new TreeMap<>();
    for (OutputTables t : DOC_TABLES) {
      before.put(t.table(), rows(t, out, "a1") + rows(t, out, "a2"));
      assertThat(before.get(t.table())).as("%s rows of batch a", t.table()).isPositive();
    }
    RunSummary second = run(b, out);

    for (OutputTables t : DOC_TABLES) {
      assertThat(docIds(t, out)).as(t.table()).containsExactly("a1", "a2", "b1", "b2");
      assertThat(rows(t, out, "a1") + rows(t, out, "a2")).as("%s rows of batch a after b", t.table())
          .isEqualTo(before.get(t.table()));
    }
    assertThat(spark.read().parquet(out.resolve("runs").toString()).count()).isEqualTo(2);
    assertThat(second.count("accepted")).isEqualTo(2);
    // the day's outlet trend counts both batches' articles
    Row day = OutputTables.OUTLET_TRENDS.read(spark, out.toString())
        .filter(col("grain").equalTo("day").and(col("period_start").cast("string").equalTo("2013-05-07"))
            .and(col("outlet").equalTo("Wire")))
        .first();
    assertThat(day.<Long>getAs("n_articles")).isEqualTo(2L);
    assertThat(Files.exists(out.resolve("_staging"))).as("staging folder removed after the run").isFalse();
  }

  @Test
  void aCorrectedRerunOfAFileReplacesItsRowsExactly() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Path other = Files.createDirectories(tmp.resolve("other"));
    Path out = tmp.resolve("out");
    // another batch on the same dates, which the corrected rerun must not touch
    Files.writeString(other.resolve("o.jsonl"), article("o1", "Wire", "2013-05-07", "Also in Moscow,"));
    run(other, out);

    Path file = in.resolve("batch.jsonl");
    Files.writeString(file, article("g1", "Wire", "2013-05-07", "Moscow, May 7.")
        + article("g2", "Wire", "2013-05-07", "In Moscow on Tuesday,")
        + article("g3", "Wire", "2013-05-07", "Late on Tuesday,"));
    run(in, out);
    assertThat(docIds(OutputTables.ARTICLES, out)).containsExactly("g1", "g2", "g3", "o1");

    // the same file corrected: g2 removed, g3 re-dated
    Files.writeString(file, article("g1", "Wire", "2013-05-07", "Moscow, May 7.")
        + article("g3", "Wire", "2013-05-09", "Late on Tuesday,"));
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
    RunSummary s = run(in, out);
    assertThat(s.count("accepted")).isEqualTo(2);

    for (OutputTables t : DOC_TABLES) {
      assertThat(docIds(t, out)).as(t.table()).containsExactly("g1", "g3", "o1");
      Map<String, String> dates = datesOf(t, out);
      assertThat(dates).as(t.table()).containsEntry("g3", "2013-05-09").containsEntry("g1", "2013-05-07")
          .containsEntry("o1", "2013-05-07");
    }
    assertThat(OutputTables.ARTICLES.read(spark, out.toString()).count()).isEqualTo(3);
    // trends agree with articles: 2 articles of Wire on the 7th, 1 on the 9th, 3 in May
    Dataset<Row> trends = OutputTables.OUTLET_TRENDS.read(spark, out.toString()).filter(col("outlet").equalTo("Wire"));
    Map<String, Long> n = new TreeMap<>();
    for (Row r : trends.select("grain", "period_start", "n_articles").collectAsList()) {
      n.put(r.getString(0) + " " + r.get(1), r.getLong(2));
    }
    assertThat(n).containsEntry("day 2013-05-07", 2L).containsEntry("day 2013-05-09", 1L)
        .containsEntry("month 2013-05-01", 3L).doesNotContainKey("day 2013-05-08");

    // a rerun of the same corrected file changes nothing
    Map<String, Long> counts = new TreeMap<>();
    for (OutputTables t : DOC_TABLES) {
      counts.put(t.table(), t.read(spark, out.toString()).count());
    }
    run(in, out);
    for (OutputTables t : DOC_TABLES) {
      assertThat(t.read(spark, out.toString()).count()).as(t.table()).isEqualTo(counts.get(t.table()));
    }
  }

  /**
   * Batches A then B into one folder give the same tables as A and B in one run, except where a table is a property
   * of the batch rather than of its documents. The documented differences (docs/operations.md):
   * {@code run_id} and {@code batch_id} (per run), {@code keyness} and {@code actor_candidates} (one partition per
   * batch), {@code runs}; and near-duplicates across the two batches, which only a joint run puts in one story (none
   * here). Text features, topics and keyness are off (the fixture is too small for a topic fit).
   */
  @Test
  void batchesAThenBGiveTheTablesOfOneRunOverBoth() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Path a = in.resolve("a.jsonl");
    Path b = in.resolve("b.jsonl");
    // four different stories (the shared paragraph of article() would make them near-duplicates of each other)
    Files.writeString(a, own("a1", "Wire", "2013-05-07", "Russian Foreign Minister Sergey Lavrov said Russia opposes "
            + "arming the Syrian rebels and warned the West against a military solution in Syria.")
        + own("a2", "Daily", "2013-05-08", "US Secretary of State John Kerry said the United States wants Assad to step "
            + "down, and that Washington will send more aid to the Syrian opposition."));
    Files.writeString(b, own("b1", "Wire", "2013-05-07", "China and Japan held talks in Beijing on the disputed islands; "
            + "the Chinese foreign ministry criticised Tokyo for its patrols near the islands.")
        + own("b2", "Post", "2013-06-02", "Iran and the European Union agreed to resume nuclear negotiations in Geneva, "
            + "an EU spokesman said, while Israel warned against any easing of sanctions."));
    Path split = tmp.resolve("split");
    Path joint = tmp.resolve("joint");
    // framing rows from a single tone unit, so that the fixture's outlets have some (B updates them in place)
    JobRuns.run(withoutText(Map.of("input.paths", a.toString(), "output.path", split.toString(),
        "framing.min_units", "1")));
    JobRuns.run(withoutText(Map.of("input.paths", b.toString(), "output.path", split.toString(),
        "framing.min_units", "1")));
    JobRuns.run(withoutText(Map.of("input.paths", a + "," + b, "output.path", joint.toString(),
        "framing.min_units", "1")));

    List<OutputTables> same = List.of(OutputTables.ARTICLES, OutputTables.ACTOR_MENTIONS, OutputTables.STATEMENTS,
        OutputTables.STANCE, OutputTables.EVENTS, OutputTables.REJECTS, OutputTables.ACTOR_TRENDS,
        OutputTables.DYAD_TRENDS, OutputTables.ISSUE_TRENDS, OutputTables.OUTLET_TRENDS, OutputTables.ALERTS,
        OutputTables.FRAMING, OutputTables.FRAMING_DIVERGENCE);
    for (OutputTables t : same) {
      Dataset<Row> x = comparable(t.read(spark, split.toString()));
      Dataset<Row> y = comparable(t.read(spark, joint.toString()));
      assertThat(x.count()).as("%s rows", t.table()).isEqualTo(y.count());
      long onlySplit = x.exceptAll(y).count();
      long onlyJoint = y.exceptAll(x).count();
      if (onlySplit + onlyJoint > 0) {
        List<String> differ = new java.util.ArrayList<>();
        for (String c : x.columns()) {
          if (x.select(c).exceptAll(y.select(c)).count() + y.select(c).exceptAll(x.select(c)).count() > 0) {
            differ.add(c + " " + x.select(c).limit(2).collectAsList() + " vs " + y.select(c).limit(2).collectAsList());
          }
        }
        throw new AssertionError(t.table() + ": " + onlySplit + " rows only after A then B, " + onlyJoint
            + " only after A+B; columns that differ: " + differ);
      }
    }
    assertThat(OutputTables.ARTICLES.read(spark, split.toString()).count()).isEqualTo(4);
    assertThat(OutputTables.STANCE.read(spark, split.toString()).count()).isPositive();
    assertThat(OutputTables.FRAMING.read(spark, split.toString()).count()).isPositive();
  }

  /**
   * A wire copy in a later batch of a story already in the folder joins that story: it takes the earlier story's id,
   * which never changes, and the joint run over both batches gives the same ids.
   */
  @Test
  void aLaterCopyOfAnEarlierStoryTakesItsStoryId() throws Exception {
    String wire = "Russian Foreign Minister Sergey Lavrov and US Secretary of State John Kerry agreed in Moscow on "
        + "Tuesday to bring the Syrian government and the opposition to an international conference, possibly by the "
        + "end of the month, to find a political solution to the civil war that has killed more than seventy "
        + "thousand people since March two thousand eleven, the two ministers told reporters after talks.";
    Path in = Files.createDirectories(tmp.resolve("in"));
    Path a = in.resolve("a.jsonl");
    Path b = in.resolve("b.jsonl");
    Files.writeString(a, own("a1", "Wire", "2013-05-07", wire));
    Files.writeString(b, own("b1", "Daily", "2013-05-08", wire.replace("on Tuesday", "late on Tuesday")
            .replace("told reporters", "said"))
        + own("b2", "Post", "2013-05-09", wire)
        + own("b3", "Post", "2013-05-09", "China and Japan held talks in Beijing on the disputed islands; the Chinese "
            + "foreign ministry criticised Tokyo for its patrols near the islands, a spokesman said on Thursday."));
    Path split = tmp.resolve("split");
    stories(a.toString(), split, 7);
    Map<String, Row> before = articlesById(split);
    stories(b.toString(), split, 7);
    Map<String, Row> after = articlesById(split);
    String story = before.get("a1").getAs("story_id");
    assertThat(after.get("a1").<String>getAs("story_id")).isEqualTo(story);
    assertThat(after.get("b1").<String>getAs("story_id")).isEqualTo(story);
    assertThat(after.get("b2").<String>getAs("story_id")).isEqualTo(story);
    assertThat(after.get("b3").<String>getAs("story_id")).isNotEqualTo(story);
    // the batch's two copies plus the earlier article
    assertThat(after.get("b1").<Integer>getAs("story_size")).isEqualTo(3);
    assertThat(after.get("b3").<Integer>getAs("story_size")).isEqualTo(1);

    // a rerun of B keeps the ids; one run over A and B gives the same ids (the story's smallest doc_id is a1)
    stories(b.toString(), split, 7);
    assertThat(articlesById(split).get("b1").<String>getAs("story_id")).isEqualTo(story);
    Path joint = tmp.resolve("joint");
    stories(a + "," + b, joint, 7);
    Map<String, Row> both = articlesById(joint);
    for (String id : List.of("a1", "b1", "b2", "b3")) {
      assertThat(both.get(id).<String>getAs("story_id")).as(id).isEqualTo(after.get(id).<String>getAs("story_id"));
    }

    // dedupe.story_window_days = 0 keeps stories within each batch
    Path separate = tmp.resolve("separate");
    stories(a.toString(), separate, 7);
    stories(b.toString(), separate, 0);
    assertThat(articlesById(separate).get("b1").<String>getAs("story_id")).isNotEqualTo(story);
  }

  /** A run with the NLP phases off: ingest, clean, dedupe (stories) and write. */
  private static void stories(String in, Path out, int windowDays) {
    JobRuns.run(Map.of("input.paths", in, "output.path", out.toString(), "dedupe.story_window_days",
        String.valueOf(windowDays), "actors.enabled", "false", "stance.enabled", "false", "text.enabled", "false",
        "topics.enabled", "false", "keyness.enabled", "false", "trends.enabled", "false"));
  }

  private Map<String, Row> articlesById(Path out) {
    Map<String, Row> m = new TreeMap<>();
    for (Row r : OutputTables.ARTICLES.read(spark, out.toString()).collectAsList()) {
      m.put(r.getAs("doc_id"), r);
    }
    return m;
  }

  /** The table without its per-run columns (and without map columns, which exceptAll cannot compare). */
  private static Dataset<Row> comparable(Dataset<Row> d) {
    for (var f : d.schema().fields()) {
      if (f.name().equals("run_id") || f.name().equals("batch_id")
          || f.dataType() instanceof org.apache.spark.sql.types.MapType) {
        d = d.drop(f.name());
      }
    }
    return d;
  }

  @Test
  void aDocIdTheOutputHoldsFromAnotherFileIsRejected() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    Files.writeString(a.resolve("a.jsonl"), article("x1", "Wire", "2013-05-07", "Moscow, May 7."));
    Files.writeString(b.resolve("b.jsonl"), article("x1", "Post", "2013-05-08", "Copied,")
        + article("x2", "Post", "2013-05-08", "A day later,"));
    Path out = tmp.resolve("out");
    run(a, out);
    RunSummary s = run(b, out);

    assertThat(s.count("records_read")).isEqualTo(2);
    assertThat(s.count("accepted")).isEqualTo(1);
    assertThat(s.count("rejected")).isEqualTo(1);
    Row reject = OutputTables.REJECTS.read(spark, out.toString()).filter(col("run_id").equalTo(s.runId())).first();
    assertThat(reject.<String>getAs("reason")).isEqualTo("duplicate_in_output");
    assertThat(reject.<String>getAs("detail")).contains("a.jsonl");
    assertThat(reject.<String>getAs("raw_payload")).contains("Copied,");
    Row kept = OutputTables.ARTICLES.read(spark, out.toString()).filter(col("doc_id").equalTo("x1")).first();
    assertThat(kept.<String>getAs("outlet")).isEqualTo("Wire");
    assertThat(docIds(OutputTables.ARTICLES, out)).containsExactly("x1", "x2");
  }
}
