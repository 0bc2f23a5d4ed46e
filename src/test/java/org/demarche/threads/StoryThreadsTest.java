package org.demarche.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.ml.ScalaInterop;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/** Thread assignment on hand-made vectors: links, the span limit, blocks left out, earlier batches' threads. */
class StoryThreadsTest {
  private final SparkSession spark = SparkTestSession.get();

  private static final StructType SCHEMA = new StructType()
      .add("doc_id", DataTypes.StringType, false)
      .add("dt", DataTypes.DateType, true)
      .add("stored_thread", DataTypes.StringType, true)
      .add("keys", DataTypes.createArrayType(DataTypes.StringType), false)
      .add("weights", DataTypes.createArrayType(DataTypes.DoubleType), false);

  private final List<Row> rows = new ArrayList<>();

  /** An article whose unit vector spreads evenly over {@code keys}. */
  private StoryThreadsTest doc(String id, String date, String stored, String... keys) {
    List<Double> w = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      w.add(1 / Math.sqrt(keys.length));
    }
    rows.add(RowFactory.create(id, date == null ? null : Date.valueOf(date), stored, ScalaInterop.seq(List.of(keys)),
        ScalaInterop.seq(w)));
    return this;
  }

  private Map<String, String> assign(StoryThreads.Options o) {
    Dataset<Row> v = spark.createDataFrame(rows, SCHEMA);
    Map<String, String> m = new TreeMap<>();
    for (Row r : StoryThreads.assign(v, o).collectAsList()) {
      m.put(r.getString(0), r.getString(1));
    }
    return m;
  }

  private static final StoryThreads.Options OPTS = new StoryThreads.Options(3, 0.5, 7, 100);

  @Test
  void articlesSharingMostOfTheirKeysWithinTheWindowShareAThread() {
    doc("a1", "2013-05-07", null, "kerry", "lavrov", "conference", "syria")
        .doc("a2", "2013-05-09", null, "kerry", "lavrov", "conference", "geneva")
        .doc("a3", "2013-05-12", null, "kerry", "lavrov", "conference", "geneva") // 3 days after a2: linked
        .doc("b1", "2013-05-08", null, "missile", "pyongyang", "launch", "seoul")
        .doc("c1", "2013-05-07", null, "kerry", "budget", "senate", "vote") // one shared key of four: 0.25
        .doc("d1", "2013-05-20", null, "kerry", "lavrov", "conference", "syria") // 8 days after a3: too far
        .doc("u1", null, null, "kerry", "lavrov", "conference", "syria"); // no date: no thread
    Map<String, String> t = assign(OPTS);
    assertThat(t).doesNotContainKey("u1").hasSize(6);
    assertThat(t.get("a1")).isEqualTo(StoryThreads.threadId("a1")).isEqualTo(t.get("a2")).isEqualTo(t.get("a3"));
    assertThat(t.get("b1")).isEqualTo(StoryThreads.threadId("b1"));
    assertThat(t.get("c1")).isEqualTo(StoryThreads.threadId("c1"));
    assertThat(t.get("d1")).isEqualTo(StoryThreads.threadId("d1"));
    // the column form of the id is the same as the Java one
    assertThat(spark.sql("SELECT 'a1' AS d").select(StoryThreads.idColumn(org.apache.spark.sql.functions.col("d")))
        .first().getString(0)).isEqualTo(StoryThreads.threadId("a1"));
  }

  @Test
  void aThreadNeverSpansMoreThanTheLimitSoARunningSubjectDoesNotChain() {
    for (int d = 1; d <= 9; d++) {
      doc("x" + d, "2013-05-0" + d, null, "syria", "talks", "geneva", "envoy");
    }
    Map<String, String> t = assign(new StoryThreads.Options(3, 0.5, 4, 100));
    // nine daily reports: the first five days form one thread, the rest another
    assertThat(new java.util.HashSet<>(t.values())).hasSize(2);
    assertThat(t.get("x5")).isEqualTo(t.get("x1"));
    assertThat(t.get("x6")).isEqualTo(t.get("x9")).isNotEqualTo(t.get("x1"));
  }

  @Test
  void aBlockHoldingMoreArticlesThanTheLimitLinksNone() {
    for (int i = 0; i < 5; i++) {
      doc("t" + i, "2013-05-07", null, "trump", "word" + i);
    }
    assertThat(new java.util.HashSet<>(assign(new StoryThreads.Options(3, 0.4, 7, 4)).values())).hasSize(5);
    assertThat(new java.util.HashSet<>(assign(new StoryThreads.Options(3, 0.4, 7, 5)).values())).hasSize(1);
  }

  @Test
  void newArticlesJoinEarlierThreadsWhichKeepTheirIdsAndAreNeverMerged() {
    doc("old1", "2013-05-07", "th_east", "kerry", "lavrov", "conference", "syria")
        .doc("old2", "2013-05-07", "th_west", "kerry", "lavrov", "conference", "geneva")
        .doc("new1", "2013-05-08", null, "kerry", "lavrov", "conference", "syria")
        .doc("new2", "2013-05-08", null, "kerry", "lavrov", "conference", "geneva")
        .doc("new3", "2013-05-08", null, "kerry", "lavrov", "conference", "moscow");
    Map<String, String> t = assign(OPTS);
    // only the batch's own articles are returned
    assertThat(t.keySet()).containsExactly("new1", "new2", "new3");
    assertThat(t.get("new1")).isEqualTo("th_east");
    assertThat(t.get("new2")).isEqualTo("th_west");
    // new3 is as close to both: it joins one, and the two earlier threads stay apart
    assertThat(t.get("new3")).isIn("th_east", "th_west");
  }
}
