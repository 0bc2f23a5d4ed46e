package org.demarche.topics.gibbs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One AD-LDA sweep over the documents of a partition: collapsed Gibbs sampling with the SparseLDA decomposition (Yao,
 * Mimno &amp; McCallum 2009), against a local copy of the global word-topic counts taken at the start of the
 * iteration. The copy is updated as tokens move (as in MALLET's worker threads); at the end the differences from the
 * snapshot are returned as per-block deltas.
 *
 * <p>For token w in document d, with n_t the tokens of topic t, n_dt the document's and n_wt the word's counts (the
 * token itself removed), p(t) ∝ (α_t + n_dt)(n_wt + β)/(n_t + Vβ) is split into
 *
 * <ul>
 *   <li>s = Σ_t α_t β / (n_t + Vβ): smoothing, the same for all tokens;
 *   <li>r = Σ_{t: n_dt &gt; 0} n_dt β / (n_t + Vβ): the document's topics only;
 *   <li>q = Σ_{t: n_wt &gt; 0} (α_t + n_dt) n_wt / (n_t + Vβ): the word's topics only, walked in order of decreasing
 *       n_wt, so the walk usually stops after one or two entries.
 * </ul>
 *
 * Each word's non-zero counts are kept as packed ints sorted by count ({@link Layout}); a changed count moves by
 * adjacent swaps.
 */
public final class SparseSampler {
  private final Layout layout;
  private final int k;
  private final int mask;
  private final int bits;
  private final double[] alpha;
  private final double beta;
  private final double betaSum;
  private final int[] tokensPerTopic;
  /** Sparse per-word counts (packed, sorted), for the words of this partition; null for the others. */
  private final int[][] typeTopic;
  /** For delta computation: the snapshot block and row of each local word. */
  private final WordBlock[] origBlock;
  private final int[] origRow;
  private final int[] localWords;

  // per-document scratch
  private final int[] docCounts;
  private final int[] docTopicIndex;
  private final double[] coef;
  private final double[] scores;
  private final SplittableRandom rng;

  /**
   * Builds the local state from {@code snapshot} (every block, so that topic totals are complete) for the words
   * occurring in {@code docs}.
   */
  public SparseSampler(Layout layout, double[] alpha, double beta, DocPartition docs, Iterator<WordBlock> snapshot,
      long seed) {
    this.layout = layout;
    this.k = layout.numTopics;
    this.mask = layout.topicMask;
    this.bits = layout.topicBits;
    this.alpha = alpha.clone();
    this.beta = beta;
    this.betaSum = beta * layout.vocabSize;
    this.tokensPerTopic = new int[k];
    int v = layout.vocabSize;
    boolean[] present = new boolean[v];
    int nLocal = 0;
    for (int w : docs.words) {
      if (!present[w]) {
        present[w] = true;
        nLocal++;
      }
    }
    this.typeTopic = new int[v][];
    this.origBlock = new WordBlock[v];
    this.origRow = new int[v];
    this.localWords = new int[nLocal];
    long[] totals = new long[k];
    int nl = 0;
    while (snapshot.hasNext()) {
      WordBlock b = snapshot.next();
      b.addTopicTotals(layout, totals);
      for (int i = 0; i < b.words.length; i++) {
        int w = b.words[i];
        if (!present[w]) {
          continue;
        }
        long nw = 0;
        for (int j = b.offsets[i]; j < b.offsets[i + 1]; j++) {
          nw += layout.count(b.packed[j]);
        }
        int[] row = new int[(int) Math.min(k, nw)];
        System.arraycopy(b.packed, b.offsets[i], row, 0, b.offsets[i + 1] - b.offsets[i]);
        typeTopic[w] = row;
        origBlock[w] = b;
        origRow[w] = i;
        localWords[nl++] = w;
      }
    }
    if (nl != nLocal) {
      throw new IllegalStateException("the snapshot lacks " + (nLocal - nl) + " words of this partition");
    }
    for (int t = 0; t < k; t++) {
      if (totals[t] > Integer.MAX_VALUE) {
        throw new IllegalStateException("topic " + t + " has more than 2^31 tokens");
      }
      tokensPerTopic[t] = (int) totals[t];
    }
    Arrays.sort(localWords);
    docCounts = new int[k];
    docTopicIndex = new int[k];
    coef = new double[k];
    scores = new double[k];
    rng = new SplittableRandom(seed);
  }

  /**
   * Samples every token of {@code docs} once, in order, and returns the new state with the count deltas. Collects the
   * alpha histograms when {@code histogram}, the document log-likelihood when {@code logLikelihood}.
   */
  public SweepResult sweep(DocPartition docs, boolean histogram, boolean logLikelihood) {
    int[] topics = docs.topics.clone();
    DocTopicHistogram h = histogram ? new DocTopicHistogram(k, docs.maxDocLength()) : null;
    double ll = 0;
    double alphaSum = 0;
    double[] lgAlpha = new double[k];
    for (int t = 0; t < k; t++) {
      alphaSum += alpha[t];
      lgAlpha[t] = logLikelihood ? Special.logGamma(alpha[t]) : 0;
    }
    double lgAlphaSum = logLikelihood ? Special.logGamma(alphaSum) : 0;
    for (int d = 0; d < docs.numDocs(); d++) {
      int start = docs.docStarts[d];
      int end = docs.docStarts[d + 1];
      int nz = sampleDoc(docs.words, topics, start, end);
      if (h != null) {
        h.addDocLength(end - start);
      }
      for (int j = 0; j < nz; j++) {
        int t = docTopicIndex[j];
        if (h != null) {
          h.addTopicCount(t, docCounts[t]);
        }
        if (logLikelihood) {
          ll += Special.logGamma(alpha[t] + docCounts[t]) - lgAlpha[t];
        }
        docCounts[t] = 0;
      }
      if (logLikelihood) {
        ll += lgAlphaSum - Special.logGamma(alphaSum + (end - start));
      }
    }
    DocPartition next = new DocPartition(docs.docStarts, docs.words, topics);
    return new SweepResult(next, deltas(), h, logLikelihood ? ll : Double.NaN);
  }

  /** Samples one document; leaves its topic counts in {@code docCounts} / {@code docTopicIndex}, returns how many. */
  private int sampleDoc(int[] words, int[] topics, int start, int end) {
    int nz = 0;
    for (int i = start; i < end; i++) {
      int t = topics[i];
      if (docCounts[t]++ == 0) {
        docTopicIndex[nz++] = t;
      }
    }
    double s = 0;
    for (int t = 0; t < k; t++) {
      double den = tokensPerTopic[t] + betaSum;
      s += alpha[t] * beta / den;
      coef[t] = alpha[t] / den;
    }
    double r = 0;
    for (int j = 0; j < nz; j++) {
      int t = docTopicIndex[j];
      double den = tokensPerTopic[t] + betaSum;
      r += beta * docCounts[t] / den;
      coef[t] = (alpha[t] + docCounts[t]) / den;
    }
    for (int i = start; i < end; i++) {
      int[] tc = typeTopic[words[i]];
      int old = topics[i];
      // remove the token from the document and topic totals
      double den = tokensPerTopic[old] + betaSum;
      s -= alpha[old] * beta / den;
      r -= beta * docCounts[old] / den;
      docCounts[old]--;
      tokensPerTopic[old]--;
      if (docCounts[old] == 0) {
        for (int j = 0; j < nz; j++) {
          if (docTopicIndex[j] == old) {
            docTopicIndex[j] = docTopicIndex[--nz];
            break;
          }
        }
      }
      den = tokensPerTopic[old] + betaSum;
      s += alpha[old] * beta / den;
      r += beta * docCounts[old] / den;
      coef[old] = (alpha[old] + docCounts[old]) / den;
      decrement(tc, old);

      // q over the word's topics
      double q = 0;
      int n = 0;
      while (n < tc.length && tc[n] > 0) {
        double sc = coef[tc[n] & mask] * (tc[n] >>> bits);
        scores[n] = sc;
        q += sc;
        n++;
      }
      double u = rng.nextDouble() * (s + r + q);
      int nt;
      if (u < q) {
        int j = 0;
        u -= scores[0];
        while (u > 0 && j < n - 1) {
          j++;
          u -= scores[j];
        }
        nt = tc[j] & mask;
        tc[j] += 1 << bits;
        while (j > 0 && tc[j] > tc[j - 1]) {
          int x = tc[j];
          tc[j] = tc[j - 1];
          tc[j - 1] = x;
          j--;
        }
      } else {
        u -= q;
        if (u < r && nz > 0) {
          u /= beta;
          int j = 0;
          nt = docTopicIndex[0];
          u -= docCounts[nt] / (tokensPerTopic[nt] + betaSum);
          while (u > 0 && j < nz - 1) {
            j++;
            nt = docTopicIndex[j];
            u -= docCounts[nt] / (tokensPerTopic[nt] + betaSum);
          }
        } else {
          u = (u - r) / beta;
          nt = 0;
          u -= alpha[0] / (tokensPerTopic[0] + betaSum);
          while (u > 0 && nt < k - 1) {
            nt++;
            u -= alpha[nt] / (tokensPerTopic[nt] + betaSum);
          }
        }
        increment(tc, nt);
      }
      topics[i] = nt;
      // add the token back under its new topic
      den = tokensPerTopic[nt] + betaSum;
      s -= alpha[nt] * beta / den;
      r -= beta * docCounts[nt] / den;
      if (docCounts[nt]++ == 0) {
        docTopicIndex[nz++] = nt;
      }
      tokensPerTopic[nt]++;
      den = tokensPerTopic[nt] + betaSum;
      s += alpha[nt] * beta / den;
      r += beta * docCounts[nt] / den;
      coef[nt] = (alpha[nt] + docCounts[nt]) / den;
    }
    return nz;
  }

  private void decrement(int[] tc, int topic) {
    int j = 0;
    while ((tc[j] & mask) != topic || tc[j] == 0) {
      j++;
    }
    int c = (tc[j] >>> bits) - 1;
    tc[j] = c == 0 ? 0 : (c << bits) | topic;
    while (j < tc.length - 1 && tc[j] < tc[j + 1]) {
      int x = tc[j];
      tc[j] = tc[j + 1];
      tc[j + 1] = x;
      j++;
    }
  }

  private void increment(int[] tc, int topic) {
    int j = 0;
    while (tc[j] != 0 && (tc[j] & mask) != topic) {
      j++;
    }
    tc[j] = tc[j] == 0 ? (1 << bits) | topic : tc[j] + (1 << bits);
    while (j > 0 && tc[j] > tc[j - 1]) {
      int x = tc[j];
      tc[j] = tc[j - 1];
      tc[j - 1] = x;
      j--;
    }
  }

  /** Local counts minus snapshot counts, per word block. */
  private DeltaBlock[] deltas() {
    int nb = layout.numBlocks;
    List<long[]> bufs = new ArrayList<>(nb);
    int[] sizes = new int[nb];
    for (int b = 0; b < nb; b++) {
      bufs.add(new long[64]);
    }
    int[] dense = new int[k];
    for (int w : localWords) {
      int[] tc = typeTopic[w];
      for (int p : tc) {
        if (p != 0) {
          dense[p & mask] += p >>> bits;
        }
      }
      WordBlock ob = origBlock[w];
      int row = origRow[w];
      for (int j = ob.offsets[row]; j < ob.offsets[row + 1]; j++) {
        dense[ob.packed[j] & mask] -= ob.packed[j] >>> bits;
      }
      int b = layout.block(w);
      for (int t = 0; t < k; t++) {
        if (dense[t] != 0) {
          long[] buf = bufs.get(b);
          if (sizes[b] == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
            bufs.set(b, buf);
          }
          buf[sizes[b]++] = Layout.entry(layout.cell(w, t), dense[t]);
          dense[t] = 0;
        }
      }
    }
    DeltaBlock[] out = new DeltaBlock[nb];
    for (int b = 0; b < nb; b++) {
      out[b] = new DeltaBlock(b, Arrays.copyOf(bufs.get(b), sizes[b]));
    }
    return out;
  }

  /**
   * The initial state of a partition: a uniformly random topic per token, and the resulting counts as deltas (from
   * zero).
   */
  public static SweepResult initialise(Layout layout, int[] docStarts, int[] words, long seed) {
    return initialise(layout, docStarts, words, seed, null);
  }

  /**
   * Starting topics for a partition's tokens: uniformly at random from {@code seed}, or from {@code init} when it is
   * not null (deterministic; the seed is used only for documents it cannot place), with their count deltas.
   */
  public static SweepResult initialise(Layout layout, int[] docStarts, int[] words, long seed, InitialTopics init) {
    SplittableRandom rng = new SplittableRandom(seed);
    int k = layout.numTopics;
    int[] topics = new int[words.length];
    if (init == null) {
      for (int i = 0; i < words.length; i++) {
        topics[i] = rng.nextInt(k);
      }
    } else {
      for (int d = 0; d + 1 < docStarts.length; d++) {
        init.assign(words, docStarts[d], docStarts[d + 1], topics, k, rng);
      }
    }
    long[] raw = new long[words.length];
    for (int i = 0; i < words.length; i++) {
      raw[i] = Layout.entry(layout.cell(words[i], topics[i]), 1);
    }
    long[] all = DeltaBlock.compact(raw, raw.length);
    int nb = layout.numBlocks;
    int[] sizes = new int[nb];
    for (long e : all) {
      sizes[layout.block((int) (Layout.entryCell(e) / k))]++;
    }
    long[][] per = new long[nb][];
    for (int b = 0; b < nb; b++) {
      per[b] = new long[sizes[b]];
      sizes[b] = 0;
    }
    for (long e : all) {
      int b = layout.block((int) (Layout.entryCell(e) / k));
      per[b][sizes[b]++] = e;
    }
    DeltaBlock[] out = new DeltaBlock[nb];
    for (int b = 0; b < nb; b++) {
      out[b] = new DeltaBlock(b, per[b]);
    }
    return new SweepResult(new DocPartition(docStarts, words, topics), out, null, Double.NaN);
  }
}
