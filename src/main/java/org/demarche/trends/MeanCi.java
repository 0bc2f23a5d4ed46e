package org.demarche.trends;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * A mean of scored units (tone rows, issue-stance rows, article tones) with its 95% interval, clustered by story.
 *
 * <p>Units from one article, or from near-copies of one story, are not independent: an article that is hostile to an
 * actor is hostile in most of its sentences. The interval therefore treats each story (cluster) as the unit of
 * sampling: with n units in G clusters, mean m = Σx / n, cluster residual sums e_g = Σ_{i∈g}(x_i − m), and the
 * cluster-robust (CR1) standard error {@code se = √(G/(G−1) · Σ e_g²) / n}. The interval is
 * {@code m ± t(0.975, G−1) · se}. With one unit per cluster this is the classic {@code s/√n} (with a Student t
 * quantile). With fewer than two clusters the interval, se and (below two units) sd are null; the mean is given from
 * one unit on.
 *
 * <p>Sums run over the units sorted by value (then cluster), and clusters in name order, so the same units always give
 * the same bits.
 */
public record MeanCi(Double mean, Double low, Double high, Double sd, Double se, long n, long clusters) {
  /** No units. */
  static final MeanCi EMPTY = new MeanCi(null, null, null, null, null, 0, 0);

  private static final Map<Long, Double> T975 = new ConcurrentHashMap<>();

  /** The 0.975 quantile of Student's t with {@code df} degrees of freedom (df ≥ 1). */
  public static double t975(long df) {
    return T975.computeIfAbsent(df, d -> new TDistribution(null, d).inverseCumulativeProbability(0.975));
  }

  /** Units collected for one mean: each a value and the cluster (story) it belongs to. */
  public static final class Units {
    private final List<String> clusters = new ArrayList<>();
    private double[] values = new double[8];

    /** Adds one unit of cluster {@code cluster}. */
    public void add(String cluster, double x) {
      if (clusters.size() == values.length) {
        values = Arrays.copyOf(values, values.length * 2);
      }
      values[clusters.size()] = x;
      clusters.add(cluster);
    }

    public int size() {
      return clusters.size();
    }
  }

  /** The clustered mean of {@code u}. */
  public static MeanCi of(Units u) {
    int n = u.size();
    if (n == 0) {
      return EMPTY;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> {
      int c = Double.compare(u.values[a], u.values[b]);
      return c != 0 ? c : u.clusters.get(a).compareTo(u.clusters.get(b));
    });
    double sum = 0;
    for (int i : order) {
      sum += u.values[i];
    }
    double mean = sum / n;
    double ss = 0;
    Map<String, Double> resid = new TreeMap<>();
    for (int i : order) {
      double d = u.values[i] - mean;
      ss += d * d;
      resid.merge(u.clusters.get(i), d, Double::sum);
    }
    Double sd = n < 2 ? null : Math.sqrt(ss / (n - 1));
    long g = resid.size();
    if (g < 2) {
      return new MeanCi(mean, null, null, sd, null, n, g);
    }
    double e2 = 0;
    for (double e : resid.values()) {
      e2 += e * e;
    }
    double se = Math.sqrt((double) g / (g - 1) * e2) / n;
    double half = t975(g - 1) * se;
    return new MeanCi(mean, mean - half, mean + half, sd, se, n, g);
  }
}
