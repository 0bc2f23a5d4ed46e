package org.demarche.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.demarche.output.OutputTables;
import org.demarche.testing.JobRuns;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Story threads through the whole job: a planted fixture of three outlets reporting two events (one report reprinted
 * word for word by a fourth outlet), and an unrelated article; a rerun keeps every thread id; a later batch's report
 * of the first event joins its thread.
 */
class ThreadsPhaseTest {
  private final SparkSession spark = SparkTestSession.get();

  @TempDir Path tmp;

  private static String article(String id, String outlet, String date, String title, String text) {
    return "{\"id\":\"" + id + "\",\"source\":\"" + outlet + "\",\"date\":\"" + date + "\",\"title\":\"" + title
        + "\",\"text\":\"" + text + "\"}\n";
  }

  private static final String SYRIA_RT = "Russian Foreign Minister Sergey Lavrov and US Secretary of State John Kerry "
      + "agreed in Moscow to convene an international conference on Syria that would bring the Syrian government and "
      + "the opposition to the negotiating table. Lavrov said the Geneva communique remains the basis for a political "
      + "settlement in Syria. Kerry said Washington and Moscow share an interest in ending the bloodshed.";
  private static final String SYRIA_REUTERS = "The United States and Russia will try to bring the Syrian government and "
      + "rebels to an international peace conference on Syria, Kerry and Lavrov said after talks in Moscow. The "
      + "conference would build on the Geneva communique. Kerry met Russian President Vladimir Putin before the "
      + "announcement; Lavrov said the opposition and the government must negotiate.";
  private static final String SYRIA_FOX = "Secretary of State John Kerry and Russian Foreign Minister Sergey Lavrov "
      + "announced a peace conference on Syria after talks in Moscow, hoping to bring Assad's government and the "
      + "rebels together. Critics said the conference gives the Syrian regime time. Kerry insisted Assad must go, "
      + "while Lavrov said only Syrians should decide.";
  private static final String KOREA_XINHUA = "North Korea launched short-range missiles into the sea off its east "
      + "coast on Saturday, South Korea's defence ministry said. The missile launch came as Pyongyang warned Seoul and "
      + "Washington against military drills near the peninsula. Japan said the missiles fell outside its waters.";
  private static final String KOREA_CNN = "Pyongyang fired short-range missiles into the sea on Saturday, the South "
      + "Korean defence ministry said, days after North Korea warned against joint military drills. The launch drew "
      + "protests from Seoul and Tokyo; Japan said no missile landed in its waters.";
  private static final String KOREA_BBC = "North Korea has test-fired short-range missiles off its east coast, South "
      + "Korea says. The missile launch follows threats from Pyongyang over military drills by Seoul and Washington. "
      + "Japan said the missiles did not reach its waters.";
  private static final String FOOTBALL = "Manchester United won the league title on Sunday after a late goal at Old "
      + "Trafford. The manager praised the players and the fans celebrated in the city centre until midnight.";
  private static final String SYRIA_LATER = "A day after Kerry and Lavrov agreed in Moscow on a peace conference on "
      + "Syria, diplomats said the conference could meet in Geneva. The Syrian government and the rebels have yet to "
      + "say whether they will attend the conference Kerry and Lavrov announced.";

  private Map<String, String> sets(Path in, Path out) {
    Map<String, String> m = new HashMap<>();
    m.put("input.paths", in.toString());
    m.put("output.path", out.toString());
    m.put("topics.enabled", "false");
    m.put("keyness.enabled", "false");
    m.put("trends.enabled", "false");
    m.put("stance.enabled", "false");
    m.put("text.phrases", "false");
    m.put("threads.min_similarity", "0.15");
    return m;
  }

  /** doc_id -> thread_id of the stored articles. */
  private Map<String, String> threads(Path out) {
    Map<String, String> m = new TreeMap<>();
    for (Row r : OutputTables.ARTICLES.read(spark, out.toString()).select("doc_id", "thread_id").collectAsList()) {
      m.put(r.getString(0), r.getString(1));
    }
    return m;
  }

  @Test
  void reportsOfOneEventShareAThreadAcrossOutletsRerunsAndBatches() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Path out = tmp.resolve("out");
    Files.writeString(in.resolve("day1.jsonl"),
        article("s1", "RT", "2013-05-07", "Lavrov and Kerry agree on Syria conference", SYRIA_RT)
            + article("s2", "Reuters", "2013-05-07", "US, Russia to push Syria peace conference", SYRIA_REUTERS)
            + article("s3", "Fox News", "2013-05-08", "Kerry, Lavrov announce Syria conference", SYRIA_FOX)
            + article("s4", "Yahoo", "2013-05-08", "US, Russia to push Syria peace conference", SYRIA_REUTERS)
            + article("k1", "Xinhua", "2013-05-18", "DPRK fires short-range missiles", KOREA_XINHUA)
            + article("k2", "CNN", "2013-05-18", "North Korea fires missiles", KOREA_CNN)
            + article("k3", "BBC", "2013-05-19", "North Korea test-fires missiles", KOREA_BBC)
            + article("f1", "BBC", "2013-05-07", "United win the title", FOOTBALL));
    JobRuns.run(sets(in, out));
    Map<String, String> t = threads(out);
    assertThat(t).doesNotContainValue(null);
    assertThat(List.of(t.get("s2"), t.get("s3"), t.get("s4"))).containsOnly(t.get("s1"));
    assertThat(List.of(t.get("k2"), t.get("k3"))).containsOnly(t.get("k1"));
    assertThat(t.get("k1")).isNotEqualTo(t.get("s1"));
    assertThat(t.get("f1")).isNotIn(t.get("s1"), t.get("k1"));
    // the earliest article (ties by doc_id) names the thread
    assertThat(t.get("s1")).isEqualTo(org.demarche.threads.StoryThreads.threadId("s1"));

    Map<String, Row> rows = new TreeMap<>();
    for (Row r : OutputTables.STORY_THREADS.read(spark, out.toString()).collectAsList()) {
      rows.put(r.getAs("thread_id"), r);
    }
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(new java.util.HashSet<>(t.values()));
    Row syria = rows.get(t.get("s1"));
    assertThat((int) syria.getAs("article_count")).isEqualTo(4);
    assertThat((int) syria.getAs("outlet_count")).isEqualTo(4);
    assertThat(syria.<String>getList(syria.fieldIndex("outlets"))).containsExactly("Fox News", "RT", "Reuters",
        "Yahoo");
    assertThat(syria.getAs("first_date").toString()).isEqualTo("2013-05-07");
    assertThat(syria.getAs("last_date").toString()).isEqualTo("2013-05-08");
    assertThat(syria.<String>getList(syria.fieldIndex("top_terms"))).contains("conference");
    assertThat(syria.<String>getList(syria.fieldIndex("main_actors"))).isNotEmpty();
    assertThat(rows.get(t.get("k1")).<String>getList(rows.get(t.get("k1")).fieldIndex("top_terms")))
        .containsAnyOf("missile", "missiles");
    assertThat((int) rows.get(t.get("f1")).getAs("article_count")).isEqualTo(1);

    // a rerun of the same batch changes no thread
    JobRuns.run(sets(in, out));
    assertThat(threads(out)).isEqualTo(t);
    assertThat(OutputTables.STORY_THREADS.read(spark, out.toString()).count()).isEqualTo(rows.size());

    // a later batch: its report of the first event joins that thread, its other articles start their own
    Path in2 = Files.createDirectories(tmp.resolve("in2"));
    Files.writeString(in2.resolve("day2.jsonl"),
        article("s5", "AP", "2013-05-09", "Syria conference could meet in Geneva", SYRIA_LATER)
            + article("f2", "Sky", "2013-05-09", "United fans celebrate", FOOTBALL.replace("Sunday", "Monday"))
            + article("x1", "NPR", "2013-05-09", "Storm hits coast", "A storm with strong winds hit the coast "
                + "on Thursday, cutting power to thousands of homes. Forecasters expect heavy rain until the weekend.")
            + article("x2", "NPR", "2013-05-10", "Markets rise", "Stocks rose on Friday as investors welcomed "
                + "strong earnings from retailers and banks; oil prices fell for a third day."));
    Map<String, String> sets2 = sets(in2, out);
    JobRuns.run(sets2);
    Map<String, String> t2 = threads(out);
    assertThat(t2.get("s5")).isEqualTo(t.get("s1"));
    t.forEach((doc, thread) -> assertThat(t2.get(doc)).as(doc).isEqualTo(thread));
    Row syria2 = OutputTables.STORY_THREADS.read(spark, out.toString()).where(col("thread_id").equalTo(t.get("s1")))
        .first();
    assertThat((int) syria2.getAs("article_count")).isEqualTo(5);
    assertThat(syria2.getAs("last_date").toString()).isEqualTo("2013-05-09");
    assertThat(OutputTables.STORY_THREADS.read(spark, out.toString()).groupBy("thread_id").count()
        .where(col("count").gt(1)).count()).isZero();
  }
}
