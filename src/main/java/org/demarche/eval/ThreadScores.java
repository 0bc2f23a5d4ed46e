package org.demarche.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Story-thread scores against AllSides labels: thread sizes; purity (the share of the articles in threads of three
 * or more that share their thread's majority AllSides {@code topic}); reach (the share of those threads whose
 * articles carry at least two of AllSides' left, center and right outlet labels).
 */
public final class ThreadScores {
  /** The size classes of the thread-count table. */
  static final int[][] SIZES = {{1, 1}, {2, 2}, {3, 5}, {6, 10}, {11, 20}, {21, 50}, {51, Integer.MAX_VALUE}};

  private ThreadScores() {}

  /** What the scores are. */
  public record Scores(long articles, long threads, Map<String, Long> threadsBySize, long bigThreads,
      long articlesInBigThreads, double purity, double reach, double linkedShare) {

    public void print(PrintWriter out, String label) {
      out.printf("%s: %d articles with a thread, %d threads; %.1f%% of articles share a thread%n", label, articles,
          threads, 100 * linkedShare);
      out.print("  threads by size:");
      threadsBySize.forEach((k, v) -> out.printf(" %s=%d", k, v));
      out.println();
      out.printf("  threads of >= 3: %d (%d articles); purity %.3f (bar >= 0.90); reach %.3f (bar >= 0.30)%n",
          bigThreads, articlesInBigThreads, purity, reach);
      out.flush();
    }
  }

  /** The AllSides labels ({@code doc_id}, {@code topic}, {@code bias}) from the corpus files under {@code dir}. */
  public static Dataset<Row> allSidesLabels(SparkSession spark, String dir) {
    String[] files;
    try (java.util.stream.Stream<java.nio.file.Path> l = java.nio.file.Files.list(java.nio.file.Path.of(dir))) {
      files = l.map(java.nio.file.Path::toString).filter(f -> f.endsWith(".jsonl.bz2")).sorted()
          .toArray(String[]::new);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (files.length == 0) {
      throw new IllegalArgumentException("no AllSides .jsonl.bz2 files in " + dir);
    }
    return spark.read().json(files)
        .select(col("id").as("doc_id"), col("topic"), col("bias_text").as("bias"));
  }

  /** Scores {@code threads} ({@code doc_id}, {@code thread_id}) against {@code labels}. */
  public static Scores score(Dataset<Row> threads, Dataset<Row> labels) {
    Dataset<Row> t = threads.where(col("thread_id").isNotNull()).select("doc_id", "thread_id").distinct();
    Dataset<Row> sizes = t.groupBy("thread_id").agg(count(lit(1)).as("n"));
    Map<String, Long> bySize = new LinkedHashMap<>();
    Row hist = sizes.select(histogram()).first();
    for (int i = 0; i < SIZES.length; i++) {
      int[] s = SIZES[i];
      String name = s[0] == s[1] ? String.valueOf(s[0]) : s[1] == Integer.MAX_VALUE ? s[0] + "+" : s[0] + "-" + s[1];
      bySize.put(name, hist.isNullAt(i) ? 0L : hist.getLong(i));
    }
    Row totals = sizes.agg(count(lit(1)), sum("n"), sum(when(col("n").geq(2), col("n")).otherwise(0))).first();
    long nThreads = totals.getLong(0);
    long nArticles = totals.isNullAt(1) ? 0 : totals.getLong(1);
    long linked = totals.isNullAt(2) ? 0 : totals.getLong(2);
    Dataset<Row> big = t.join(sizes.where(col("n").geq(3)), "thread_id").join(labels, "doc_id");
    Row purity = big.groupBy("thread_id", "topic").agg(count(lit(1)).as("c"))
        .groupBy("thread_id").agg(max("c").as("majority"), sum("c").as("labelled"))
        .agg(sum("majority"), sum("labelled"), count(lit(1))).first();
    Row reach = big.groupBy("thread_id").agg(countDistinct("bias").as("sides"))
        .agg(count(lit(1)), sum(when(col("sides").geq(2), 1).otherwise(0))).first();
    long bigThreads = reach.getLong(0);
    long bigArticles = purity.isNullAt(1) ? 0 : purity.getLong(1);
    return new Scores(nArticles, nThreads, bySize, bigThreads, bigArticles,
        bigArticles == 0 ? 0 : (double) purity.getLong(0) / bigArticles,
        bigThreads == 0 ? 0 : (double) reach.getLong(1) / bigThreads,
        nArticles == 0 ? 0 : (double) linked / nArticles);
  }

  /**
   * Prints {@code n} threads of three or more whose articles carry more than one AllSides topic (the threads picked by
   * a hash of their id), each article with date, outlet, topic, bias and title. {@code labelled}: {@code doc_id},
   * {@code topic}, {@code bias}, {@code dt}, {@code outlet}, {@code title}.
   */
  public static void printMixed(Dataset<Row> threads, Dataset<Row> labelled, int n, PrintWriter out) {
    Dataset<Row> t = threads.join(labelled, "doc_id");
    Dataset<Row> mixed = t.groupBy("thread_id").agg(count(lit(1)).as("n"), countDistinct("topic").as("topics"))
        .where(col("n").geq(3).and(col("topics").geq(2)))
        .orderBy(org.apache.spark.sql.functions.hash(col("thread_id"))).limit(n);
    String last = null;
    for (Row r : t.join(mixed.select("thread_id"), "thread_id").orderBy("thread_id", "dt", "outlet")
        .select("thread_id", "dt", "outlet", "topic", "bias", "title").collectAsList()) {
      if (!r.getString(0).equals(last)) {
        out.println("  thread " + r.getString(0));
        last = r.getString(0);
      }
      out.printf("    %s %-22s %-20s %-6s %s%n", r.get(1), trim(r.getString(2), 22), trim(r.getString(3), 20),
          r.getString(4), trim(r.getString(5), 90));
    }
    out.flush();
  }

  private static String trim(String s, int n) {
    return s == null ? "" : s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }

  private static org.apache.spark.sql.Column[] histogram() {
    org.apache.spark.sql.Column[] c = new org.apache.spark.sql.Column[SIZES.length];
    for (int i = 0; i < SIZES.length; i++) {
      c[i] = sum(when(col("n").between(SIZES[i][0], SIZES[i][1]), 1L).otherwise(0L));
    }
    return c;
  }
}
