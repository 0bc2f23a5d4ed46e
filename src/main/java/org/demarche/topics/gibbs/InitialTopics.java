package org.demarche.topics.gibbs;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * A deterministic, data-driven starting point for the sampler: K topic profiles over the first {@code n} term indices
 * (with {@code CountVectorizer} features, the n most frequent terms), each L2-normalised, and the idf of those terms.
 *
 * <p>A document's affinity to topic k is the dot product of its tf-idf vector (over the n terms) with profile k. Each
 * token of word w then starts in {@code argmax_k affinity_k × profile_k[w]}; a token whose word is outside the n terms,
 * or has no weight in any topic the document touches, starts in the document's best topic; ties go to the lower topic.
 * Only a document with none of the n terms starts at random, from the fit's seed.
 *
 * <p>The profiles come from spherical k-means over the documents ({@link org.demarche.topics.GibbsLda}, {@code
 * initMode = clusters}) or from a previous model's topic-word distributions (a warm-started refit), so that fits with
 * different seeds, or a refit on more documents, start from the same topics instead of from random noise, and the
 * seed only drives the sampling.
 */
public final class InitialTopics implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[][] profiles;
  private final double[] idf;
  private final int numTerms;

  /**
   * @param profiles K rows (fewer rows leave the last topics empty at the start) of {@code idf.length} weights each
   * @param idf the inverse document frequency of each of the first n term indices
   */
  public InitialTopics(double[][] profiles, double[] idf) {
    this.numTerms = idf.length;
    this.idf = idf.clone();
    this.profiles = new double[profiles.length][];
    for (int k = 0; k < profiles.length; k++) {
      if (profiles[k].length != numTerms) {
        throw new IllegalArgumentException("InitialTopics: profile " + k + " has " + profiles[k].length
            + " weights, expected " + numTerms);
      }
      double norm = 0;
      for (double x : profiles[k]) {
        if (x < 0 || Double.isNaN(x) || Double.isInfinite(x)) {
          throw new IllegalArgumentException("InitialTopics: profile weights must be finite and >= 0, found " + x);
        }
        norm += x * x;
      }
      double s = norm > 0 ? 1.0 / Math.sqrt(norm) : 0;
      this.profiles[k] = new double[numTerms];
      for (int w = 0; w < numTerms; w++) {
        this.profiles[k][w] = profiles[k][w] * s;
      }
    }
  }

  public int numTerms() {
    return numTerms;
  }

  public int numProfiles() {
    return profiles.length;
  }

  /** Assigns the starting topics of the tokens {@code words[from, to)} of one document into {@code topics}. */
  void assign(int[] words, int from, int to, int[] topics, int k, SplittableRandom rng) {
    int kp = Math.min(k, profiles.length);
    double[] affinity = new double[kp];
    // term frequencies of the document's first-n words, by a sort-free pass (documents are short)
    java.util.HashMap<Integer, int[]> tf = new java.util.HashMap<>();
    for (int i = from; i < to; i++) {
      int w = words[i];
      if (w < numTerms) {
        tf.computeIfAbsent(w, x -> new int[1])[0]++;
      }
    }
    for (var e : tf.entrySet()) {
      int w = e.getKey();
      double x = e.getValue()[0] * idf[w];
      for (int t = 0; t < kp; t++) {
        affinity[t] += x * profiles[t][w];
      }
    }
    int best = -1;
    double bestA = 0;
    for (int t = 0; t < kp; t++) {
      if (affinity[t] > bestA) {
        bestA = affinity[t];
        best = t;
      }
    }
    for (int i = from; i < to; i++) {
      if (best < 0) {
        topics[i] = rng.nextInt(k);
        continue;
      }
      int w = words[i];
      int z = best;
      if (w < numTerms) {
        double top = 0;
        for (int t = 0; t < kp; t++) {
          double s = affinity[t] * profiles[t][w];
          if (s > top) {
            top = s;
            z = t;
          }
        }
      }
      topics[i] = z;
    }
  }
}
