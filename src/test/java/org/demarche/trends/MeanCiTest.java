package org.demarche.trends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;

class MeanCiTest {
  private static double t975(int df) {
    return new TDistribution(df).inverseCumulativeProbability(0.975);
  }

  @Test
  void oneUnitPerStoryIsTheClassicIntervalWithAStudentQuantile() {
    MeanCi.Units u = new MeanCi.Units();
    double[] x = {0.5, -0.1, 0.3, 0.2};
    for (int i = 0; i < x.length; i++) {
      u.add("s" + i, x[i]);
    }
    MeanCi m = MeanCi.of(u);
    double mean = 0.225;
    double ss = 0;
    for (double v : x) {
      ss += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(ss / 3);
    assertThat(m.mean()).isCloseTo(mean, within(1e-12));
    assertThat(m.sd()).isCloseTo(sd, within(1e-12));
    assertThat(m.se()).isCloseTo(sd / 2, within(1e-12));
    assertThat(m.low()).isCloseTo(mean - t975(3) * sd / 2, within(1e-9));
    assertThat(m.high()).isCloseTo(mean + t975(3) * sd / 2, within(1e-9));
    assertThat(m.n()).isEqualTo(4);
    assertThat(m.clusters()).isEqualTo(4);
  }

  @Test
  void unitsOfOneStoryCountAsOneDraw() {
    // stories A {1, 2}, B {3}, C {6}: mean 3; story residual sums -3, 0, 3; se = √(3/2 · 18) / 4
    MeanCi.Units u = new MeanCi.Units();
    u.add("A", 1);
    u.add("B", 3);
    u.add("A", 2);
    u.add("C", 6);
    MeanCi m = MeanCi.of(u);
    double se = Math.sqrt(1.5 * 18) / 4;
    assertThat(m.mean()).isEqualTo(3.0);
    assertThat(m.se()).isCloseTo(se, within(1e-12));
    assertThat(m.high() - m.mean()).isCloseTo(t975(2) * se, within(1e-9));
    assertThat(m.clusters()).isEqualTo(3);
    assertThat(m.n()).isEqualTo(4);
  }

  @Test
  void oneStoryGivesAMeanWithoutInterval() {
    MeanCi.Units u = new MeanCi.Units();
    u.add("A", 0.4);
    u.add("A", -0.2);
    MeanCi m = MeanCi.of(u);
    assertThat(m.mean()).isCloseTo(0.1, within(1e-12));
    assertThat(m.sd()).isNotNull();
    assertThat(m.low()).isNull();
    assertThat(m.high()).isNull();
    assertThat(m.se()).isNull();
    assertThat(m.clusters()).isEqualTo(1);
    assertThat(MeanCi.of(new MeanCi.Units())).isEqualTo(MeanCi.EMPTY);
  }

  @Test
  void theSameUnitsInAnyOrderGiveTheSameBits() {
    Random r = new Random(7);
    List<double[]> units = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      units.add(new double[] {r.nextInt(30), r.nextGaussian()});
    }
    MeanCi first = null;
    for (int k = 0; k < 5; k++) {
      Collections.shuffle(units, r);
      MeanCi.Units u = new MeanCi.Units();
      units.forEach(x -> u.add("s" + (int) x[0], x[1]));
      MeanCi m = MeanCi.of(u);
      if (first == null) {
        first = m;
      }
      assertThat(m).isEqualTo(first);
    }
  }

  /**
   * Periods of {@code stories} articles, each with 1–{@code maxUnits} tone units that share an article effect (sd
   * {@code between}) plus unit noise (sd {@code within}): the share of 95% intervals that hold the true mean, by the
   * clustered interval and by the classic one that takes every unit as independent.
   */
  private static double[] coverage(long seed, int reps, int stories, int maxUnits, double between, double within) {
    Random r = new Random(seed);
    double truth = 0.1;
    int clustered = 0;
    int naive = 0;
    for (int rep = 0; rep < reps; rep++) {
      MeanCi.Units u = new MeanCi.Units();
      MeanCi.Units flat = new MeanCi.Units();
      int id = 0;
      for (int g = 0; g < stories; g++) {
        double effect = between * r.nextGaussian();
        int m = 1 + r.nextInt(maxUnits);
        for (int i = 0; i < m; i++) {
          double x = truth + effect + within * r.nextGaussian();
          u.add("s" + g, x);
          flat.add("u" + id++, x);
        }
      }
      MeanCi c = MeanCi.of(u);
      MeanCi f = MeanCi.of(flat);
      clustered += c.low() <= truth && truth <= c.high() ? 1 : 0;
      naive += f.low() <= truth && truth <= f.high() ? 1 : 0;
    }
    return new double[] {(double) clustered / reps, (double) naive / reps};
  }

  @Test
  void clusteredIntervalsCoverTheTrueMeanWhenUnitsOfAnArticleAreCorrelated() {
    // about 29 tone units per article as on AllSides would be maxUnits 57; smaller articles and fewer of them are the
    // harder case for a clustered interval, so both are checked
    for (int[] design : new int[][] {{40, 20}, {60, 57}, {25, 10}}) {
      double[] c = coverage(42 + design[0], 2000, design[0], design[1], 0.3, 0.3);
      System.out.printf("interval coverage, %d stories of 1-%d units: clustered %.4f, unit-level %.4f%n", design[0],
          design[1], c[0], c[1]);
      assertThat(c[0]).as("clustered coverage, %d stories of 1-%d units", design[0], design[1])
          .isBetween(0.93, 0.97);
      assertThat(c[1]).as("the unit-level interval undercovers").isLessThan(0.80);
    }
  }
}
