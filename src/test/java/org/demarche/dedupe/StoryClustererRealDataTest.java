package org.demarche.dedupe;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/** StoryClusterer on real corpora (read in place from ../shared/data, research-only). */
class StoryClustererRealDataTest {

  /** Properties every assignment must have, whatever the corpus. */
  static void assertConsistent(Dataset<Row> in, Dataset<Row> out) {
    long n = in.count();
    assertThat(out.count()).isEqualTo(n);
    assertThat(out.select("doc_id").distinct().count()).isEqualTo(n);
    // every exact duplicate shares the story of its canonical doc, and the canonical doc is not itself a duplicate
    Dataset<Row> dup = out.where(col("exact_duplicate_of").isNotNull()).as("d");
    Dataset<Row> can = out.as("c");
    Dataset<Row> joined = dup.join(can, col("d.exact_duplicate_of").equalTo(col("c.doc_id")));
    assertThat(joined.count()).isEqualTo(dup.count());
    assertThat(joined.where(col("d.story_id").notEqual(col("c.story_id"))
        .or(col("d.content_hash").notEqual(col("c.content_hash")))
        .or(col("c.exact_duplicate_of").isNotNull())
        .or(col("d.doc_id").leq(col("c.doc_id")))).count()).isZero();
    // story_size is the number of rows with that story_id, and the sizes add up to the article count
    Dataset<Row> stories =
        out.groupBy("story_id").agg(count(lit(1)).as("n"), first(col("story_size")).as("size"),
            org.apache.spark.sql.functions.countDistinct(col("story_size")).as("sizes"));
    assertThat(stories.where(col("n").notEqual(col("size")).or(col("sizes").notEqual(1))).count()).isZero();
    assertThat(stories.agg(org.apache.spark.sql.functions.sum("size")).first().getLong(0)).isEqualTo(n);
    assertThat(out.where(col("story_id").rlike("^st_[0-9a-f]{16}$")).count()).isEqualTo(n);
  }

  static void print(String name, Dataset<Row> out) {
    Row s = DedupeStats.of(out);
    System.out.printf("%s: %d articles, %d unique texts, %d stories, %d stories with size > 1 (%d articles)%n",
        name, s.getLong(0), s.getLong(1), s.getLong(2), s.getLong(3), s.getLong(4));
    out.where("story_size > 1").orderBy("story_id", "doc_id")
        .selectExpr("story_id", "doc_id", "exact_duplicate_of", "outlet", "substr(title, 1, 50) as title")
        .show(40, false);
  }

  @Test
  void diverseSample() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> in = DedupeTestData.sample(spark).cache();
    Dataset<Row> out = StoryClusterer.assign(in, StoryClustererTest.NEAR).cache();
    try {
      print("diverse_sample", out);
      assertConsistent(in, out);
      // 290 docs from three corpora; a brute-force check of 5-shingle Jaccard finds no pair above 0.25, so every
      // article is its own story
      assertThat(out.count()).isEqualTo(290);
      assertThat(out.where("story_size > 1").count()).isZero();
    } finally {
      out.unpersist();
      in.unpersist();
    }
  }

  @Test
  void allSidesFirst3000() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> in = DedupeTestData.allSides(spark, DedupeTestData.ALLSIDES_2012_2014, 3000).cache();
    Dataset<Row> out = StoryClusterer.assign(in, StoryClustererTest.NEAR).cache();
    try {
      print("allsides_2012-2014 first 3000", out);
      assertConsistent(in, out);
      // A real multi-outlet story: the same AP report on the Gaza cease-fire (Nov 2012), run by Fox News and Politico
      // with different headlines ("Israel and Hamas maintain cease-fire..." / "Gazans clean up as truce with Israel
      // holds"); 5-shingle Jaccard 0.94.
      List<Row> gaza =
          out.where(col("doc_id").isin("alNaerSF4wSmafd1", "hLJTwX29AEClgy3a"))
              .select("doc_id", "outlet", "story_id", "story_size", "exact_duplicate_of").collectAsList();
      assertThat(gaza).hasSize(2);
      assertThat(gaza.get(0).getString(1)).isNotEqualTo(gaza.get(1).getString(1));
      assertThat(gaza.get(0).getString(2)).isEqualTo(gaza.get(1).getString(2));
      assertThat(gaza.get(0).getInt(3)).isEqualTo(2);
      assertThat(gaza.get(0).isNullAt(4) && gaza.get(1).isNullAt(4)).as("near, not exact, duplicates").isTrue();
      // Two Washington Times versions of one AP story (China trade complaint, Jaccard 0.72) also group
      Dataset<Row> wt = out.where(col("doc_id").isin("FUJwAYECJVo0L3fK", "Keg3VQZYerWgYpIH"));
      assertThat(wt.select("story_id").distinct().count()).isEqualTo(1);
      // no giant clusters in a corpus of mostly distinct articles
      assertThat(out.agg(org.apache.spark.sql.functions.max("story_size")).first().getInt(0)).isLessThan(10);
    } finally {
      out.unpersist();
      in.unpersist();
    }
  }
}
