package org.demarche.topics.gibbs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Not a unit test: the sampler alone, one thread, no Spark in the loop. Reads the term counts that
 * {@code GibbsLdaBench -Dgibbs.bench.cache=DIR} saved, then runs sweeps against a single block and prints ns per
 * token per sweep (sampling, and the sampler's set-up + delta extraction separately).
 *
 * <pre>
 * java $OPTS -Xmx4g -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) \
 *   org.demarche.topics.gibbs.SparseSamplerBench DIR [sweeps=60] [k=50]
 * </pre>
 */
public final class SparseSamplerBench {
  private SparseSamplerBench() {}

  public static void main(String[] args) {
    String dir = args[0];
    int sweeps = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    int k = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    List<Row> rows = spark.read().parquet(dir + "/tf").select("tf").collectAsList();
    spark.stop();
    WordBlock.IntList starts = new WordBlock.IntList(rows.size() + 1);
    WordBlock.IntList words = new WordBlock.IntList(1 << 20);
    int v = 0;
    starts.add(0);
    for (Row r : rows) {
      SparseVector s = ((Vector) r.get(0)).toSparse();
      v = Math.max(v, s.size());
      for (int i = 0; i < s.indices().length; i++) {
        for (long c = Math.round(s.values()[i]); c > 0; c--) {
          words.add(s.indices()[i]);
        }
      }
      starts.add(words.size());
    }
    Layout layout = new Layout(k, v, 1);
    int[] st = starts.toArray();
    int[] w = words.toArray();
    System.out.printf("%d docs, %d tokens, V %d, K %d%n", st.length - 1, w.length, v, k);
    SweepResult r = SparseSampler.initialise(layout, st, w, 1);
    WordBlock block = WordBlock.merge(layout, 0, WordBlock.empty(0), Arrays.asList(r.deltas).iterator());
    DocPartition docs = r.docs;
    double[] alpha = new double[k];
    Arrays.fill(alpha, 5.0 / k);
    List<String> out = new ArrayList<>();
    for (int it = 1; it <= sweeps; it++) {
      long t0 = System.nanoTime();
      SparseSampler s = new SparseSampler(layout, alpha, 0.01, docs, List.of(block).iterator(), it);
      long t1 = System.nanoTime();
      SweepResult res = s.sweep(docs, false, false);
      long t2 = System.nanoTime();
      block = WordBlock.merge(layout, 0, block, Arrays.asList(res.deltas).iterator());
      long t3 = System.nanoTime();
      docs = res.docs;
      out.add(String.format("%d: sweep %.0f ns/token, setup %.0f ms, merge %.0f ms", it,
          (t2 - t1) / (double) w.length, (t1 - t0) / 1e6, (t3 - t2) / 1e6));
      if (it % 10 == 0 || it <= 3) {
        System.out.println(out.get(out.size() - 1));
      }
    }
  }
}
