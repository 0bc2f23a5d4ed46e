package org.demarche.topics;

import java.util.Arrays;

/**
 * The Hungarian algorithm (Kuhn–Munkres with row/column potentials and shortest augmenting paths, O(n³)) for a
 * maximum-weight assignment on a small dense matrix, as used to align topics of two models. A rectangular r×c matrix
 * is padded to a square with zero-weight dummy rows or columns; a row assigned to a dummy column is unassigned.
 */
public final class Hungarian {
  private Hungarian() {}

  /**
   * The assignment of rows to columns maximising the summed weight: {@code result[i]} is row i's column, or −1 when
   * i is left over (more rows than columns). Weights must be finite. Each column is used at most once.
   */
  public static int[] maximize(double[][] weight) {
    int rows = weight.length;
    int cols = rows == 0 ? 0 : weight[0].length;
    double[][] cost = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      if (weight[i].length != cols) {
        throw new IllegalArgumentException("Hungarian: ragged matrix (row " + i + ")");
      }
      for (int j = 0; j < cols; j++) {
        if (!Double.isFinite(weight[i][j])) {
          throw new IllegalArgumentException("Hungarian: weight[" + i + "][" + j + "] is not finite");
        }
        cost[i][j] = -weight[i][j];
      }
    }
    return minimize(cost, rows, cols);
  }

  /** The assignment minimising the summed cost; same conventions as {@link #maximize}. */
  public static int[] minimize(double[][] cost) {
    int rows = cost.length;
    return minimize(cost, rows, rows == 0 ? 0 : cost[0].length);
  }

  private static int[] minimize(double[][] cost, int rows, int cols) {
    int[] out = new int[rows];
    Arrays.fill(out, -1);
    int n = Math.max(rows, cols);
    if (n == 0) {
      return out;
    }
    // 1-based square matrix a; padding cells cost 0
    double[] u = new double[n + 1];
    double[] v = new double[n + 1];
    int[] p = new int[n + 1]; // p[j] = row matched to column j (0 = none)
    int[] way = new int[n + 1];
    for (int i = 1; i <= n; i++) {
      p[0] = i;
      int j0 = 0;
      double[] minv = new double[n + 1];
      Arrays.fill(minv, Double.POSITIVE_INFINITY);
      boolean[] used = new boolean[n + 1];
      do {
        used[j0] = true;
        int i0 = p[j0];
        double delta = Double.POSITIVE_INFINITY;
        int j1 = 0;
        for (int j = 1; j <= n; j++) {
          if (!used[j]) {
            double a = (i0 <= rows && j <= cols) ? cost[i0 - 1][j - 1] : 0.0;
            double cur = a - u[i0] - v[j];
            if (cur < minv[j]) {
              minv[j] = cur;
              way[j] = j0;
            }
            if (minv[j] < delta) {
              delta = minv[j];
              j1 = j;
            }
          }
        }
        for (int j = 0; j <= n; j++) {
          if (used[j]) {
            u[p[j]] += delta;
            v[j] -= delta;
          } else {
            minv[j] -= delta;
          }
        }
        j0 = j1;
      } while (p[j0] != 0);
      do {
        int j1 = way[j0];
        p[j0] = p[j1];
        j0 = j1;
      } while (j0 != 0);
    }
    for (int j = 1; j <= n; j++) {
      int i = p[j];
      if (i >= 1 && i <= rows && j <= cols) {
        out[i - 1] = j - 1;
      }
    }
    return out;
  }
}
