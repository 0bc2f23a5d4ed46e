package org.demarche.clean;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/**
 * Measures the repair on real AllSides text: documents with mojibake markers before and after, on the first 4,000 docs of
 * 2012-2014 plus the first 1,500 of 2018-2020 (AllSides mojibake is rare: a handful of docs per file).
 */
class MojibakeCorpusTest {
  /** Independent of the repairer's own badness score: the usual visible signatures. */
  static final Pattern MARKER =
      Pattern.compile("\u00c3[\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152"
          + "\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178]"
          + "|\u00e2\u20ac|\u00c2[\u0080-\u00bf]");

  static Dataset<String> texts(SparkSession spark, String file) {
    return spark.read().schema(new StructType().add("text", DataTypes.StringType))
        .json(SparkTestSession.sharedData("allsides_article_bias/" + file).toString())
        .select("text").as(Encoders.STRING());
  }

  @Test
  void repairRemovesAlmostAllMarkers() {
    SparkSession spark = SparkTestSession.get();
    Dataset<String> all = texts(spark, "allsides_2012-2014.jsonl.bz2").limit(4000)
        .union(texts(spark, "allsides_2018-2020.jsonl.bz2").limit(1500));
    // one pass: classify each doc as "none", "fixed" (markers before only) or "left" (markers before and after)
    Dataset<String> kinds = all.map((MapFunction<String, String>) t -> {
      if (t == null || !MARKER.matcher(t).find()) {
        return "none";
      }
      return MARKER.matcher(MojibakeRepairer.repair(t)).find() ? "left" : "fixed";
    }, Encoders.STRING());
    Map<String, Long> counts = new HashMap<>();
    for (Row r : kinds.groupBy("value").count().collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    long docs = counts.values().stream().mapToLong(Long::longValue).sum();
    long before = counts.getOrDefault("fixed", 0L) + counts.getOrDefault("left", 0L);
    long after = counts.getOrDefault("left", 0L);
    System.out.printf("mojibake: %d docs, %d with markers before repair, %d after%n", docs, before, after);
    assertThat(docs).isEqualTo(4000 + 1500);
    assertThat(before).isGreaterThanOrEqualTo(5);
    assertThat(after).isZero();
    assertThat(after).isLessThanOrEqualTo(before / 5);
  }
}
