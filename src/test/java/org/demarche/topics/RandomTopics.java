package org.demarche.topics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Test and benchmark baseline: every token assigned to one of k topics uniformly at random (a sampler's state at
 * iteration 0), in the {@code topicTerms} contract. Each topic's top words are then roughly the corpus's most frequent
 * words, which is what an uninformative model scores with the same diagnostics on the same documents.
 */
public final class RandomTopics {
  private RandomTopics() {}

  public static Dataset<Row> topicTerms(List<List<String>> docs, int k, long seed, SparkSession spark) {
    Random rnd = new Random(seed);
    List<Map<String, Integer>> counts = new ArrayList<>();
    for (int t = 0; t < k; t++) {
      counts.add(new HashMap<>());
    }
    long[] totals = new long[k];
    for (List<String> d : docs) {
      for (String w : d) {
        int t = rnd.nextInt(k);
        counts.get(t).merge(w, 1, Integer::sum);
        totals[t]++;
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int t = 0; t < k; t++) {
      for (Map.Entry<String, Integer> e : counts.get(t).entrySet()) {
        rows.add(RowFactory.create(t, e.getKey(), (double) e.getValue() / totals[t], (double) e.getValue()));
      }
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(jsc.parallelize(rows, Math.max(1, spark.sparkContext().defaultParallelism())),
        MalletReference.TOPIC_TERMS);
  }
}
