package org.demarche.dedupe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** The banded MinHash LSH pieces of {@link StoryClusterer}: S-curve parameters, signatures, buckets, components. */
class StoryClustererLshTest {

  @Test
  void defaultBandingCatchesA075PairAndRejectsUnrelatedText() {
    StoryClusterer.Banding b = StoryClusterer.Banding.forThreshold(0.7, 6);
    assertThat(b).isEqualTo(new StoryClusterer.Banding(40, 5));
    assertThat(b.signatureLength()).isLessThanOrEqualTo(StoryClusterer.MAX_SIGNATURE);
    // at the threshold, at least as good as the 6 single-min-hash tables it replaces: miss <= 0.3^6
    assertThat(1 - b.candidateProbability(0.7)).isLessThanOrEqualTo(Math.pow(0.3, 6));
    assertThat(b.candidateProbability(0.75)).isGreaterThan(0.9999);
    // the S-curve's midpoint sits below the threshold, and unrelated texts are rarely candidates
    assertThat(Math.pow(1.0 / b.bands(), 1.0 / b.rows())).isLessThan(0.7);
    assertThat(b.candidateProbability(0.2)).isLessThan(0.02);
    assertThat(b.candidateProbability(0.05)).isLessThan(1e-4);
  }

  @Test
  void bandingFollowsThresholdAndTables() {
    for (double j : new double[] {0.05, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0}) {
      for (int tables : new int[] {1, 3, 6, 12, 30}) {
        StoryClusterer.Banding b = StoryClusterer.Banding.forThreshold(j, tables);
        assertThat(b.signatureLength()).as("%s %s", j, tables).isBetween(1, StoryClusterer.MAX_SIGNATURE);
        double wanted = Math.max(StoryClusterer.MIN_MISS, Math.pow(1 - j, tables));
        if (b.rows() > 1 || b.bands() < StoryClusterer.MAX_SIGNATURE) {
          assertThat(1 - b.candidateProbability(j)).as("%s %s %s", j, tables, b).isLessThanOrEqualTo(wanted * 1.0001);
        }
      }
    }
    // stricter thresholds get steeper curves
    assertThat(StoryClusterer.Banding.forThreshold(0.9, 6).rows()).isGreaterThan(5);
  }

  /** Two random shingle sets of Jaccard exactly {@code common / (common + 2 * own)}. */
  private static int[][] pair(SplittableRandom rnd, int common, int own) {
    Set<Integer> all = new LinkedHashSet<>();
    while (all.size() < common + 2 * own) {
      all.add(rnd.nextInt());
    }
    Integer[] v = all.toArray(new Integer[0]);
    int[] a = new int[common + own];
    int[] b = new int[common + own];
    for (int i = 0; i < common; i++) {
      a[i] = v[i];
      b[i] = v[i];
    }
    for (int i = 0; i < own; i++) {
      a[common + i] = v[common + i];
      b[common + i] = v[common + own + i];
    }
    Arrays.sort(a);
    Arrays.sort(b);
    return new int[][] {a, b};
  }

  private static boolean candidate(long[] x, long[] y) {
    for (int i = 0; i < x.length; i++) {
      if (x[i] == y[i]) {
        return true;
      }
    }
    return false;
  }

  @Test
  void signaturesMakeA075PairACandidate() {
    StoryClusterer.Banding banding = StoryClusterer.Banding.forThreshold(0.7, 6);
    StoryClusterer.Signer signer = new StoryClusterer.Signer(5, banding, StoryClusterer.LSH_SEED, null);
    SplittableRandom rnd = new SplittableRandom(7);
    int found = 0;
    for (int t = 0; t < 300; t++) {
      int[][] p = pair(rnd, 120, 20); // J = 120 / 160 = 0.75
      assertThat(StoryClusterer.jaccard(p[0], p[1])).isEqualTo(0.75);
      if (candidate(signer.bandKeys(p[0]), signer.bandKeys(p[1]))) {
        found++;
      }
    }
    assertThat(found).isEqualTo(300);
    int weak = 0;
    for (int t = 0; t < 300; t++) {
      int[][] p = pair(rnd, 40, 80); // J = 0.2
      if (candidate(signer.bandKeys(p[0]), signer.bandKeys(p[1]))) {
        weak++;
      }
    }
    assertThat(weak).isLessThan(20); // expected about 4 (P(0.2) = 0.013)
  }

  @Test
  void oneBandOfOneRowIsAPlainMinHash() {
    // with rows = 1, the fraction of colliding bands estimates J: checks the hash family is min-wise enough
    StoryClusterer.Signer signer =
        new StoryClusterer.Signer(5, new StoryClusterer.Banding(256, 1), StoryClusterer.LSH_SEED, null);
    SplittableRandom rnd = new SplittableRandom(11);
    long same = 0;
    long total = 0;
    for (int t = 0; t < 100; t++) {
      int[][] p = pair(rnd, 300, 100); // J = 0.6
      long[] x = signer.bandKeys(p[0]);
      long[] y = signer.bandKeys(p[1]);
      for (int i = 0; i < x.length; i++) {
        same += x[i] == y[i] ? 1 : 0;
        total++;
      }
    }
    assertThat((double) same / total).isCloseTo(0.6, within(0.02));
  }

  @Test
  void shinglesAreCaseAndPunctuationInsensitive() {
    int[] a = StoryClusterer.shingleSet("The quick brown fox jumps over the lazy dog", 5);
    int[] b = StoryClusterer.shingleSet("  THE quick -- brown, fox; jumps over the LAZY dog!", 5);
    assertThat(a).hasSize(5).isEqualTo(b).isSorted();
    assertThat(StoryClusterer.shingleSet("one two three four", 5)).isEmpty();
    // repeated shingles count once
    assertThat(StoryClusterer.shingleSet("a b c d e a b c d e", 5)).hasSize(5);
    assertThat(StoryClusterer.jaccard(a, StoryClusterer.shingleSet("the quick brown fox jumps over a lazy dog", 5)))
        .isEqualTo(2.0 / 8);
  }

  @Test
  void bigBucketsEmitAStar() {
    assertThat(pairs(StoryClusterer.BucketPairs.pairs(new String[] {"c", "a", "b"}, 3)))
        .containsExactly("a-b", "a-c", "b-c");
    assertThat(pairs(StoryClusterer.BucketPairs.pairs(new String[] {"c", "a", "b"}, 2))).containsExactly("a-b", "a-c");
  }

  private static List<String> pairs(List<Tuple2<String, String>> list) {
    List<String> out = new ArrayList<>();
    list.forEach(t -> out.add(t._1() + "-" + t._2()));
    return out;
  }

  private static String words(String prefix, int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      sb.append(prefix).append(i).append(i % 9 == 8 ? ". " : " ");
    }
    return sb.toString();
  }

  @Test
  void assignLinksA075PairButNotA060Pair() {
    // 144 distinct words each, sharing a 124-word (resp. 109-word) prefix: 5-shingle Jaccard 120/160 (resp. 105/175)
    String a = words("w", 0, 124) + words("a", 0, 20);
    String b = words("w", 0, 124) + words("b", 0, 20);
    String c = words("v", 0, 109) + words("c", 0, 35);
    String d = words("v", 0, 109) + words("d", 0, 35);
    assertThat(StoryClusterer.jaccard(StoryClusterer.shingleSet(a, 5), StoryClusterer.shingleSet(b, 5)))
        .isEqualTo(0.75);
    assertThat(StoryClusterer.jaccard(StoryClusterer.shingleSet(c, 5), StoryClusterer.shingleSet(d, 5)))
        .isEqualTo(0.6);
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create("p1", "X", a));
    rows.add(RowFactory.create("p2", "Y", b));
    rows.add(RowFactory.create("q1", "X", c));
    rows.add(RowFactory.create("q2", "Y", d));
    Map<String, List<Object>> r =
        StoryClustererTest.byId(StoryClusterer.assign(StoryClustererTest.docs(rows), StoryClustererTest.NEAR));
    assertThat(r.get("p2").get(1)).isEqualTo(r.get("p1").get(1));
    assertThat(r.get("p1").get(2)).isEqualTo(2);
    assertThat(r.get("q2").get(1)).isNotEqualTo(r.get("q1").get(1));
    assertThat(r.get("q1").get(2)).isEqualTo(1);
  }

  @Test
  void sparkAndDriverComponentsAgreeOnChains() {
    List<Row> edges = new ArrayList<>();
    // a 20-vertex path given from its far end (many propagation passes without pointer jumping), a star, a pair
    for (int i = 19; i > 0; i--) {
      edges.add(RowFactory.create(String.format("p%02d", i), String.format("p%02d", i - 1)));
    }
    for (String leaf : List.of("s2", "s3", "s4")) {
      edges.add(RowFactory.create(leaf, "s9"));
    }
    edges.add(RowFactory.create("s1", "s4"));
    edges.add(RowFactory.create("y", "x"));
    StructType schema = new StructType().add("src", DataTypes.StringType).add("dst", DataTypes.StringType);
    Dataset<Row> e = SparkTestSession.get().createDataFrame(edges, schema);
    Map<String, String> spark = toMap(StoryClusterer.connectedComponents(e, 0));
    Map<String, String> driver = toMap(StoryClusterer.connectedComponents(e, 1000));
    assertThat(spark).hasSize(27).isEqualTo(driver);
    assertThat(spark.get("p19")).isEqualTo("p00");
    assertThat(spark.get("s9")).isEqualTo("s1");
    assertThat(spark.get("y")).isEqualTo("x");
    // over the driver limit: Spark
    assertThat(toMap(StoryClusterer.connectedComponents(e, 5))).isEqualTo(driver);
  }

  private static Map<String, String> toMap(Dataset<Row> labels) {
    Map<String, String> m = new TreeMap<>();
    for (Row row : labels.collectAsList()) {
      m.put(row.getString(0), row.getString(1));
    }
    return m;
  }
}
