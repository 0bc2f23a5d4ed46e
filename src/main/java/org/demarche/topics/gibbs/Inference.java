package org.demarche.topics.gibbs;

import java.util.Iterator;
import java.util.SplittableRandom;

/**
 * Topic proportions of new documents against a fixed model (as MALLET's {@code TopicInferencer}): Gibbs sweeps over
 * the document's tokens only, with the word-topic counts frozen, using the same s/r/q split as {@link SparseSampler}:
 * p(t) ∝ (α_t + n_dt)(n_wt + β)/(n_t + Vβ). The result averages (n_dt + α_t)/(N_d + α₀) over the sweeps after
 * burn-in, so it sums to one; an empty document (or one with no known term) gets α/α₀.
 *
 * <p>Deterministic given the seed and the document's (term, count) pairs: the RNG is seeded from both.
 */
public final class Inference {
  private final int k;
  private final int mask;
  private final int bits;
  private final double[] alpha;
  private final double alphaSum;
  private final double beta;
  private final int vocabSize;
  private final double[] invDen;
  private final double smoothing;
  private final int[][] typeTopic;
  private final long seed;
  private final int iterations;
  private final int burnIn;

  private final int[] docCounts;
  private final int[] docTopicIndex;
  private final double[] coef;
  private final double[] scores;
  private final double[] sum;

  public Inference(Layout layout, double[] alpha, double beta, Iterator<WordBlock> blocks, long seed, int iterations,
      int burnIn) {
    this.k = layout.numTopics;
    this.mask = layout.topicMask;
    this.bits = layout.topicBits;
    this.alpha = alpha.clone();
    double as = 0;
    for (double a : alpha) {
      as += a;
    }
    this.alphaSum = as;
    this.beta = beta;
    this.vocabSize = layout.vocabSize;
    this.seed = seed;
    this.iterations = iterations;
    this.burnIn = Math.min(burnIn, iterations - 1);
    typeTopic = new int[vocabSize][];
    long[] totals = new long[k];
    while (blocks.hasNext()) {
      WordBlock b = blocks.next();
      b.addTopicTotals(layout, totals);
      for (int i = 0; i < b.words.length; i++) {
        typeTopic[b.words[i]] = java.util.Arrays.copyOfRange(b.packed, b.offsets[i], b.offsets[i + 1]);
      }
    }
    invDen = new double[k];
    double s = 0;
    for (int t = 0; t < k; t++) {
      invDen[t] = 1.0 / (totals[t] + beta * vocabSize);
      s += alpha[t] * beta * invDen[t];
    }
    smoothing = s;
    docCounts = new int[k];
    docTopicIndex = new int[k];
    coef = new double[k];
    scores = new double[k];
    sum = new double[k];
  }

  /** Topic proportions of a document given as term indices with counts (terms outside the model are ignored). */
  public double[] infer(int[] indices, double[] counts) {
    long h = seed;
    int n = 0;
    for (int i = 0; i < indices.length; i++) {
      h = Seeds.mix(h, indices[i], Double.doubleToLongBits(counts[i]));
      if (indices[i] < vocabSize && typeTopic[indices[i]] != null) {
        n += (int) Math.round(counts[i]);
      }
    }
    double[] theta = new double[k];
    if (n == 0) {
      for (int t = 0; t < k; t++) {
        theta[t] = alpha[t] / alphaSum;
      }
      return theta;
    }
    SplittableRandom rng = new SplittableRandom(h);
    int[] words = new int[n];
    int[] topics = new int[n];
    int at = 0;
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] < vocabSize && typeTopic[indices[i]] != null) {
        for (int c = (int) Math.round(counts[i]); c > 0; c--) {
          words[at++] = indices[i];
        }
      }
    }
    int nz = 0;
    for (int i = 0; i < n; i++) {
      // start from the word's most frequent topic: a good, deterministic first guess
      int t = typeTopic[words[i]][0] & mask;
      topics[i] = t;
      if (docCounts[t]++ == 0) {
        docTopicIndex[nz++] = t;
      }
    }
    for (int t = 0; t < k; t++) {
      coef[t] = alpha[t] * invDen[t];
      sum[t] = 0;
    }
    double r = 0;
    for (int j = 0; j < nz; j++) {
      int t = docTopicIndex[j];
      r += beta * docCounts[t] * invDen[t];
      coef[t] = (alpha[t] + docCounts[t]) * invDen[t];
    }
    int samples = 0;
    for (int it = 0; it < iterations; it++) {
      for (int i = 0; i < n; i++) {
        int old = topics[i];
        r -= beta * invDen[old];
        if (--docCounts[old] == 0) {
          for (int j = 0; j < nz; j++) {
            if (docTopicIndex[j] == old) {
              docTopicIndex[j] = docTopicIndex[--nz];
              break;
            }
          }
        }
        coef[old] = (alpha[old] + docCounts[old]) * invDen[old];
        int[] tc = typeTopic[words[i]];
        double q = 0;
        for (int j = 0; j < tc.length; j++) {
          double sc = coef[tc[j] & mask] * (tc[j] >>> bits);
          scores[j] = sc;
          q += sc;
        }
        double u = rng.nextDouble() * (smoothing + r + q);
        int nt;
        if (u < q) {
          int j = 0;
          u -= scores[0];
          while (u > 0 && j < tc.length - 1) {
            j++;
            u -= scores[j];
          }
          nt = tc[j] & mask;
        } else {
          u -= q;
          if (u < r && nz > 0) {
            u /= beta;
            int j = 0;
            nt = docTopicIndex[0];
            u -= docCounts[nt] * invDen[nt];
            while (u > 0 && j < nz - 1) {
              j++;
              nt = docTopicIndex[j];
              u -= docCounts[nt] * invDen[nt];
            }
          } else {
            u = (u - r) / beta;
            nt = 0;
            u -= alpha[0] * invDen[0];
            while (u > 0 && nt < k - 1) {
              nt++;
              u -= alpha[nt] * invDen[nt];
            }
          }
        }
        topics[i] = nt;
        if (docCounts[nt]++ == 0) {
          docTopicIndex[nz++] = nt;
        }
        r += beta * invDen[nt];
        coef[nt] = (alpha[nt] + docCounts[nt]) * invDen[nt];
      }
      if (it >= burnIn) {
        for (int j = 0; j < nz; j++) {
          sum[docTopicIndex[j]] += docCounts[docTopicIndex[j]];
        }
        samples++;
      }
    }
    double norm = samples * (n + alphaSum);
    for (int t = 0; t < k; t++) {
      theta[t] = (sum[t] + samples * alpha[t]) / norm;
      docCounts[t] = 0;
    }
    return theta;
  }
}
