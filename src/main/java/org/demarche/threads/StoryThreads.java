package org.demarche.threads;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.arrays_zip;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Story threads: articles from any outlet that report the same event, within a few days of each other.
 *
 * <p>Each article is a short weighted vector ({@link ThreadVectors}): its top TF-IDF terms and its actors, each part
 * of unit length, mixed so that the dot product of two vectors is {@code (1 - actor_weight) × cosine over terms +
 * actor_weight × cosine over actors}. Similar pairs are found without comparing all pairs: each vector entry is a
 * key of a block ({@code key}, {@code day / window}); two articles meet only in a block they share, in the same or
 * the next bucket, and only when their dates lie within {@code threads.window_days}. A block holding more than
 * {@code threads.max_block_docs} articles (a word or actor in everything that week) is left out: it says nothing
 * about which event an article reports. The dot product over the shared keys is the pair's similarity; pairs at or
 * above {@code threads.min_similarity} are edges.
 *
 * <p>Edges are merged greedily, strongest first, but two groups are merged only when the result spans at most {@code
 * threads.max_span_days} days, so a long-running subject does not chain into one thread; when at least {@code
 * threads.min_link_share} of the pairs across the two groups are edges (average linkage on the graph of similar
 * pairs: one article that mentions two events does not join them); and never when both are threads already written
 * by earlier batches, so their ids stay. A thread's id is that of the
 * earlier batch's thread it joins, else {@code "th_"} + the first 16 hex digits of SHA-256(the doc_id of its earliest
 * article, ties by doc_id): it depends only on the members, so a rerun gives the same ids. An article without an
 * edge is a thread of its own.
 */
public final class StoryThreads {
  private static final Logger LOG = LoggerFactory.getLogger(StoryThreads.class);

  private StoryThreads() {}

  /** The thread rules ({@code threads.*}). */
  public record Options(int windowDays, double minSimilarity, int maxSpanDays, int maxBlockDocs,
      double minLinkShare) implements Serializable {
    /** Single linkage: any one edge merges two groups (within the span). */
    public Options(int windowDays, double minSimilarity, int maxSpanDays, int maxBlockDocs) {
      this(windowDays, minSimilarity, maxSpanDays, maxBlockDocs, 0);
    }
  }

  /** The id of a thread anchored on {@code docId}, as {@link #idColumn} computes it. */
  public static String threadId(String docId) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(docId.getBytes(StandardCharsets.UTF_8));
      return "th_" + HexFormat.of().formatHex(h).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@link #threadId} as a column expression. */
  public static Column idColumn(Column docId) {
    return concat(lit("th_"), substring(sha2(docId, 256), 1, 16));
  }

  /**
   * The thread of each new article. {@code vectors}: {@code doc_id}, {@code dt} (date), {@code keys}
   * (array of string) and {@code weights} (array of double), {@code stored_thread} (string: the thread of an article
   * an earlier batch wrote, null for the batch's own). Returns ({@code doc_id}, {@code thread_id}) for every article
   * with a null {@code stored_thread} and a date; articles without a date get no thread.
   */
  public static Dataset<Row> assign(Dataset<Row> vectors, Options o) {
    SparkSession spark = vectors.sparkSession();
    int w = Math.max(1, o.windowDays());
    Dataset<Row> entries = vectors.where(col("dt").isNotNull())
        .select(col("doc_id"), col("dt"), col("stored_thread"),
            explode(arrays_zip(col("keys"), col("weights"))).as("kv"))
        .select(col("doc_id"), col("dt"), col("stored_thread"), col("kv.keys").as("key"),
            col("kv.weights").as("w"),
            floor(datediff(col("dt"), lit(java.sql.Date.valueOf("1970-01-01"))).divide(w)).cast("long").as("bucket"))
        .withColumn("block_docs", count(lit(1)).over(Window.partitionBy("key", "bucket")))
        .where(col("block_docs").leq(o.maxBlockDocs()))
        .drop("block_docs");
    Dataset<Row> a = entries.select(col("key"), col("bucket"), col("doc_id").as("id_a"), col("dt").as("dt_a"),
        col("stored_thread").as("th_a"), col("w").as("w_a"));
    Dataset<Row> b = entries.select(col("key"), col("bucket").as("own_b"),
        explode(array(col("bucket"), col("bucket").minus(1))).as("bucket"), col("doc_id").as("id_b"),
        col("dt").as("dt_b"), col("stored_thread").as("th_b"), col("w").as("w_b"));
    Dataset<Row> edges = a.join(b, new String[] {"key", "bucket"})
        .where(abs(datediff(col("dt_a"), col("dt_b"))).leq(o.windowDays())
            .and(col("bucket").notEqual(col("own_b")).or(col("id_a").lt(col("id_b"))))
            .and(col("id_a").notEqual(col("id_b")))
            // two articles of earlier batches keep the threads they have
            .and(col("th_a").isNull().or(col("th_b").isNull())))
        .withColumn("lo", least(col("id_a"), col("id_b")))
        .withColumn("hi", greatest(col("id_a"), col("id_b")))
        .groupBy("lo", "hi")
        // the products summed in sorted order: the same bits whatever the partitioning, so reruns give the same
        // edge order and the same threads
        .agg(org.apache.spark.sql.functions.aggregate(
                org.apache.spark.sql.functions.array_sort(collect_list(col("w_a").multiply(col("w_b")))), lit(0.0),
                (acc, x) -> acc.plus(x)).as("score"),
            max(when(col("id_a").lt(col("id_b")), col("dt_a")).otherwise(col("dt_b"))).as("dt_lo"),
            max(when(col("id_a").lt(col("id_b")), col("dt_b")).otherwise(col("dt_a"))).as("dt_hi"),
            max(when(col("id_a").lt(col("id_b")), col("th_a")).otherwise(col("th_b"))).as("th_lo"),
            max(when(col("id_a").lt(col("id_b")), col("th_b")).otherwise(col("th_a"))).as("th_hi"))
        .where(col("score").geq(o.minSimilarity()))
        .orderBy(col("score").desc(), col("lo"), col("hi"));

    // greedy linkage with a span limit and a link share, on the driver: the edges are few (pairs of one event's
    // reports), strongest first
    UnionFind uf = new UnionFind(o.maxSpanDays(), o.minLinkShare());
    int[] xs = new int[1024];
    int[] ys = new int[1024];
    int n = 0;
    for (Iterator<Row> it = edges.toLocalIterator(); it.hasNext();) {
      Row r = it.next();
      if (n == xs.length) {
        xs = Arrays.copyOf(xs, n * 2);
        ys = Arrays.copyOf(ys, n * 2);
      }
      xs[n] = uf.node(r.getString(0), r.getDate(3).toLocalDate().toEpochDay(), r.getString(5));
      ys[n] = uf.node(r.getString(1), r.getDate(4).toLocalDate().toEpochDay(), r.getString(6));
      n++;
    }
    uf.edges(xs, ys, n);
    for (int i = 0; i < n; i++) {
      uf.merge(xs[i], ys[i]);
    }
    List<Row> linked = new ArrayList<>();
    uf.threads().forEach((doc, thread) -> linked.add(RowFactory.create(doc, thread)));
    LOG.info("threads: {} edges at similarity >= {}, {} articles in threads of two or more", n, o.minSimilarity(),
        linked.size());
    StructType schema = new StructType().add("doc_id", DataTypes.StringType, false)
        .add("linked_thread", DataTypes.StringType, false);
    Dataset<Row> links = spark.createDataFrame(linked, schema);
    return vectors.where(col("stored_thread").isNull().and(col("dt").isNotNull())).select("doc_id")
        .join(broadcast(links), new String[] {"doc_id"}, "left")
        .select(col("doc_id"), coalesce(col("linked_thread"), idColumn(col("doc_id"))).as("thread_id"));
  }

  /**
   * Union-find over article ids, with each group's first and last day and the earlier batch's thread it holds, if
   * any. A merge that would span more than {@code maxSpan} days, or join two stored threads, is refused.
   */
  static final class UnionFind {
    private final int maxSpan;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> ids = new ArrayList<>();
    private final List<Long> days = new ArrayList<>();
    private int[] parent = new int[16];
    private long[] first = new long[16];
    private long[] last = new long[16];
    private String[] stored = new String[16];
    // the group's anchor: its earliest article (ties by id)
    private int[] anchor = new int[16];

    private final double minLinkShare;
    // each article's linked articles (edges at or above the similarity), and each group's members
    private int[][] adjacency = new int[0][];
    private final Map<Integer, List<Integer>> members = new HashMap<>();

    UnionFind(int maxSpan, double minLinkShare) {
      this.maxSpan = maxSpan;
      this.minLinkShare = minLinkShare;
    }

    /** The edges between nodes, for the link share of a merge. */
    void edges(int[] xs, int[] ys, int n) {
      int[] degree = new int[ids.size()];
      for (int i = 0; i < n; i++) {
        degree[xs[i]]++;
        degree[ys[i]]++;
      }
      adjacency = new int[ids.size()][];
      for (int i = 0; i < degree.length; i++) {
        adjacency[i] = new int[degree[i]];
      }
      int[] fill = new int[ids.size()];
      for (int i = 0; i < n; i++) {
        adjacency[xs[i]][fill[xs[i]]++] = ys[i];
        adjacency[ys[i]][fill[ys[i]]++] = xs[i];
      }
    }

    private List<Integer> membersOf(int root) {
      return members.computeIfAbsent(root, r -> new ArrayList<>(List.of(r)));
    }

    /** The edges between the groups of roots {@code a} and {@code b}. */
    private long links(int a, int b) {
      List<Integer> small = membersOf(a).size() <= membersOf(b).size() ? membersOf(a) : membersOf(b);
      int other = small == membersOf(a) ? b : a;
      long k = 0;
      for (int m : small) {
        if (m < adjacency.length) {
          for (int nb : adjacency[m]) {
            if (find(nb) == other) {
              k++;
            }
          }
        }
      }
      return k;
    }

    int node(String id, long day, String storedThread) {
      Integer i = index.get(id);
      if (i != null) {
        return i;
      }
      int k = ids.size();
      if (k == parent.length) {
        int m = k * 2;
        parent = Arrays.copyOf(parent, m);
        first = Arrays.copyOf(first, m);
        last = Arrays.copyOf(last, m);
        stored = Arrays.copyOf(stored, m);
        anchor = Arrays.copyOf(anchor, m);
      }
      ids.add(id);
      days.add(day);
      index.put(id, k);
      parent[k] = k;
      first[k] = day;
      last[k] = day;
      stored[k] = storedThread;
      anchor[k] = k;
      // articles of one stored thread start as one group
      if (storedThread != null) {
        Integer t = index.get("\u0000" + storedThread);
        if (t == null) {
          index.put("\u0000" + storedThread, k);
        } else {
          int r = find(t);
          parent[k] = r;
          membersOf(r).add(k);
          first[r] = Math.min(first[r], day);
          last[r] = Math.max(last[r], day);
        }
      }
      return k;
    }

    int find(int x) {
      while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
      }
      return x;
    }

    /** Merges the groups of {@code x} and {@code y} if the rules allow; returns whether they are one group now. */
    boolean merge(int x, int y) {
      int rx = find(x);
      int ry = find(y);
      if (rx == ry) {
        return true;
      }
      if (stored[rx] != null && stored[ry] != null && !stored[rx].equals(stored[ry])) {
        return false;
      }
      long f = Math.min(first[rx], first[ry]);
      long l = Math.max(last[rx], last[ry]);
      if (l - f > maxSpan) {
        return false;
      }
      // average linkage on the graph of similar pairs: enough of the cross pairs must be similar, so one bridging
      // article does not join two events
      if (minLinkShare > 0) {
        long pairs = (long) membersOf(rx).size() * membersOf(ry).size();
        if (pairs > 1 && links(rx, ry) < minLinkShare * pairs) {
          return false;
        }
      }
      parent[ry] = rx;
      List<Integer> mx = membersOf(rx);
      mx.addAll(membersOf(ry));
      members.remove(ry);
      first[rx] = f;
      last[rx] = l;
      stored[rx] = stored[rx] != null ? stored[rx] : stored[ry];
      anchor[rx] = earlier(anchor[rx], anchor[ry]);
      return true;
    }

    private int earlier(int a, int b) {
      int c = Long.compare(days.get(a), days.get(b));
      return c < 0 || (c == 0 && ids.get(a).compareTo(ids.get(b)) <= 0) ? a : b;
    }

    /** The thread of each article in a group of two or more (stored articles included). */
    Map<String, String> threads() {
      int[] size = new int[ids.size()];
      for (int i = 0; i < ids.size(); i++) {
        size[find(i)]++;
      }
      Map<String, String> out = new HashMap<>();
      for (int i = 0; i < ids.size(); i++) {
        int r = find(i);
        if (size[r] < 2) {
          continue;
        }
        out.put(ids.get(i), stored[r] != null ? stored[r] : threadId(ids.get(anchor[r])));
      }
      return out;
    }
  }
}
