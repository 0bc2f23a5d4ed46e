package org.demarche.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HungarianTest {
  @Test
  void classicSquareMinimum() {
    double[][] cost = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
    assertThat(Hungarian.minimize(cost)).containsExactly(1, 0, 2); // 1 + 2 + 2 = 5
  }

  @Test
  void maximizeIsGlobalNotGreedy() {
    // greedy would take 0.9 (row 0 → col 0) and be left with 0.1; the optimum is 0.8 + 0.8
    double[][] w = {{0.9, 0.8}, {0.8, 0.1}};
    assertThat(Hungarian.maximize(w)).containsExactly(1, 0);
  }

  @Test
  void rectangularLeavesRowsOrColumnsOver() {
    double[][] wide = {{0.1, 0.9, 0.2}, {0.8, 0.7, 0.0}};
    assertThat(Hungarian.maximize(wide)).containsExactly(1, 0);
    double[][] tall = {{0.1, 0.9}, {0.8, 0.7}, {0.95, 0.0}};
    int[] a = Hungarian.maximize(tall);
    assertThat(a).containsExactly(1, -1, 0);
    assertThat(Hungarian.maximize(new double[0][0])).isEmpty();
    assertThat(Hungarian.maximize(new double[2][0])).containsExactly(-1, -1);
  }

  @Test
  void agreesWithBruteForceOnRandomMatrices() {
    Random rnd = new Random(42);
    for (int trial = 0; trial < 300; trial++) {
      int r = 1 + rnd.nextInt(6);
      int c = 1 + rnd.nextInt(6);
      double[][] w = new double[r][c];
      for (int i = 0; i < r; i++) {
        for (int j = 0; j < c; j++) {
          w[i][j] = rnd.nextInt(4) == 0 ? 0.0 : rnd.nextDouble();
        }
      }
      int[] a = Hungarian.maximize(w);
      boolean[] usedCol = new boolean[c];
      double got = 0;
      int assigned = 0;
      for (int i = 0; i < r; i++) {
        if (a[i] >= 0) {
          assertThat(usedCol[a[i]]).as("column used twice").isFalse();
          usedCol[a[i]] = true;
          got += w[i][a[i]];
          assigned++;
        }
      }
      assertThat(assigned).isEqualTo(Math.min(r, c));
      assertThat(got).as("trial %d (%dx%d)", trial, r, c).isCloseTo(best(w, 0, new boolean[c]), within(1e-9));
    }
  }

  @Test
  void rejectsNonFinite() {
    assertThatThrownBy(() -> Hungarian.maximize(new double[][] {{Double.NaN}}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static double best(double[][] w, int row, boolean[] used) {
    if (row == w.length) {
      return 0;
    }
    double b = best(w, row + 1, used); // row left unassigned (weights are >= 0, so never better than assigning)
    for (int j = 0; j < used.length; j++) {
      if (!used[j]) {
        used[j] = true;
        b = Math.max(b, w[row][j] + best(w, row + 1, used));
        used[j] = false;
      }
    }
    return b;
  }
}
