package org.demarche.topics.gibbs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DirichletTest {
  static double gamma(Random rnd, double shape) {
    if (shape < 1) {
      return gamma(rnd, shape + 1) * Math.pow(rnd.nextDouble(), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double z = rnd.nextGaussian();
      double v = Math.pow(1 + c * z, 3);
      if (v > 0 && Math.log(rnd.nextDouble()) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }

  @Test
  void alphaFixedPointRecoversAnAsymmetricPrior() {
    double[] truth = {0.05, 0.1, 0.2, 0.4, 0.8};
    Random rnd = new Random(3);
    int docs = 20000;
    int len = 50;
    DocTopicHistogram h = new DocTopicHistogram(truth.length, len);
    for (int d = 0; d < docs; d++) {
      double[] theta = new double[truth.length];
      double s = 0;
      for (int t = 0; t < truth.length; t++) {
        theta[t] = gamma(rnd, truth[t]);
        s += theta[t];
      }
      int[] counts = new int[truth.length];
      for (int i = 0; i < len; i++) {
        double u = rnd.nextDouble() * s;
        int t = 0;
        while (t < truth.length - 1 && (u -= theta[t]) > 0) {
          t++;
        }
        counts[t]++;
      }
      h.addDocLength(len);
      for (int t = 0; t < truth.length; t++) {
        if (counts[t] > 0) {
          h.addTopicCount(t, counts[t]);
        }
      }
    }
    double[] alpha = {1, 1, 1, 1, 1};
    for (int i = 0; i < 200; i++) {
      alpha = Dirichlet.learnAlpha(alpha, h, 1.001, 1.0);
    }
    for (int t = 0; t < truth.length; t++) {
      assertThat(alpha[t]).as("alpha[%d]", t).isCloseTo(truth[t], within(0.12 * truth[t]));
    }
  }

  @Test
  void betaFixedPointRecoversASymmetricPrior() {
    double beta = 0.05;
    int v = 500;
    int k = 20;
    Random rnd = new Random(5);
    TreeMap<Long, Long> cells = new TreeMap<>();
    long[] sizes = new long[k];
    for (int t = 0; t < k; t++) {
      double[] phi = new double[v];
      double s = 0;
      for (int w = 0; w < v; w++) {
        phi[w] = gamma(rnd, beta);
        s += phi[w];
      }
      int[] counts = new int[v];
      int n = 5000;
      for (int i = 0; i < n; i++) {
        double u = rnd.nextDouble() * s;
        int w = 0;
        while (w < v - 1 && (u -= phi[w]) > 0) {
          w++;
        }
        counts[w]++;
      }
      sizes[t] = n;
      for (int c : counts) {
        if (c > 0) {
          cells.merge((long) c, 1L, Long::sum);
        }
      }
    }
    double learned = Dirichlet.learnBeta(cells, sizes, v, 0.01);
    assertThat(learned).isCloseTo(beta, within(0.15 * beta));
  }
}
