package org.demarche.topics.gibbs;

import java.util.Map;
import java.util.TreeMap;

/**
 * Hyperparameter updates from count histograms, by Minka's fixed point ("Estimating a Dirichlet distribution", 2000)
 * in the histogram form of Wallach (2008, ch. 2) that MALLET uses.
 */
public final class Dirichlet {
  private Dirichlet() {}

  /**
   * One fixed-point step for an asymmetric document-topic prior with a Gamma(shape, scale) hyperprior (MALLET's
   * {@code learnParameters(alpha, topicDocCounts, docLengthCounts, 1.001, 1.0, 1)}):
   *
   * <pre>
   * α_t ← (α_t · Σ_n H_t[n] (ψ(α_t + n) − ψ(α_t)) + shape) / (Σ_n L[n] (ψ(α₀ + n) − ψ(α₀)) − 1/scale)
   * </pre>
   *
   * with α₀ = Σ α, L the document-length histogram and H_t the histogram of per-document counts of topic t. The
   * digamma differences are exact sums Σ_{i&lt;n} 1/(x + i). Returns a new array; the old one if there are no
   * documents.
   */
  public static double[] learnAlpha(double[] alpha, DocTopicHistogram h, double shape, double scale) {
    double alphaSum = 0;
    for (double a : alpha) {
      alphaSum += a;
    }
    double den = 0;
    double dig = 0;
    long docs = 0;
    for (int n = 1; n < h.docLengths.length; n++) {
      dig += 1.0 / (alphaSum + n - 1);
      den += h.docLengths[n] * dig;
      docs += h.docLengths[n];
    }
    if (docs == 0) {
      return alpha.clone();
    }
    den -= 1.0 / scale;
    double[] out = new double[alpha.length];
    for (int t = 0; t < alpha.length; t++) {
      long[] ht = h.topicDocs[t];
      int last = ht.length - 1;
      while (last > 0 && ht[last] == 0) {
        last--;
      }
      double num = 0;
      dig = 0;
      for (int n = 1; n <= last; n++) {
        dig += 1.0 / (alpha[t] + n - 1);
        num += ht[n] * dig;
      }
      out[t] = Math.max(1e-8, (alpha[t] * num + shape) / den);
    }
    return out;
  }

  /**
   * The concentration βV of a symmetric topic-word prior (MALLET's {@code learnSymmetricConcentration}): iterates
   *
   * <pre>
   * β ← β · Σ_c C[c] (ψ(β + c) − ψ(β)) / (V · Σ_n T[n] (ψ(βV + n) − ψ(βV)))
   * </pre>
   *
   * with C[c] the number of (word, topic) cells holding c tokens (c ≥ 1) and T[n] the number of topics with n tokens,
   * until the change is below 1e-6 or 200 steps. Returns β (not βV).
   *
   * @param cellCounts count c → number of cells with that count
   * @param topicSizes the tokens of each topic
   */
  public static double learnBeta(Map<Long, Long> cellCounts, long[] topicSizes, int vocabSize, double beta) {
    TreeMap<Long, Long> sizes = new TreeMap<>();
    for (long n : topicSizes) {
      if (n > 0) {
        sizes.merge(n, 1L, Long::sum);
      }
    }
    if (cellCounts.isEmpty() || sizes.isEmpty()) {
      return beta;
    }
    for (int it = 0; it < 200; it++) {
      double num = 0;
      double dgb = Special.digamma(beta);
      for (Map.Entry<Long, Long> e : cellCounts.entrySet()) {
        num += e.getValue() * (Special.digamma(beta + e.getKey()) - dgb);
      }
      double betaSum = beta * vocabSize;
      double dgs = Special.digamma(betaSum);
      double den = 0;
      for (Map.Entry<Long, Long> e : sizes.entrySet()) {
        den += e.getValue() * (Special.digamma(betaSum + e.getKey()) - dgs);
      }
      double next = beta * num / (vocabSize * den);
      if (!(next > 0) || Double.isInfinite(next)) {
        return beta;
      }
      boolean done = Math.abs(next - beta) * vocabSize < 1e-6;
      beta = next;
      if (done) {
        break;
      }
    }
    return beta;
  }
}
