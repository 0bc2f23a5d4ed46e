package org.demarche.topics.gibbs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sampler's bookkeeping without Spark: two partitions, the AD-LDA merge, counts recomputed from scratch. */
class SparseSamplerTest {
  static final int K = 6;
  static final int V = 40;

  /** Random documents; words of document d concentrate on a band of the vocabulary. */
  static int[][] corpus(long seed, int docs) {
    Random r = new Random(seed);
    int[][] out = new int[docs][];
    for (int d = 0; d < docs; d++) {
      int len = r.nextInt(30);
      out[d] = new int[len];
      int band = r.nextInt(4) * 10;
      for (int i = 0; i < len; i++) {
        out[d][i] = r.nextDouble() < 0.8 ? band + r.nextInt(10) : r.nextInt(V);
      }
    }
    return out;
  }

  static int[][] flatten(int[][] docs) {
    int[] starts = new int[docs.length + 1];
    for (int d = 0; d < docs.length; d++) {
      starts[d + 1] = starts[d] + docs[d].length;
    }
    int[] words = new int[starts[docs.length]];
    for (int d = 0; d < docs.length; d++) {
      System.arraycopy(docs[d], 0, words, starts[d], docs[d].length);
    }
    return new int[][] {starts, words};
  }

  /** Dense counts[w][t] of the blocks. */
  static long[][] dense(Layout l, List<WordBlock> blocks) {
    long[][] c = new long[V][K];
    for (WordBlock b : blocks) {
      for (int i = 0; i < b.words.length; i++) {
        assertThat(l.block(b.words[i])).isEqualTo(b.block);
        int prev = Integer.MAX_VALUE;
        for (int j = b.offsets[i]; j < b.offsets[i + 1]; j++) {
          assertThat(b.packed[j]).as("sorted by count, descending").isLessThan(prev);
          prev = b.packed[j];
          c[b.words[i]][l.topic(b.packed[j])] += l.count(b.packed[j]);
        }
      }
    }
    return c;
  }

  static long[][] recount(DocPartition... parts) {
    long[][] c = new long[V][K];
    for (DocPartition p : parts) {
      for (int i = 0; i < p.words.length; i++) {
        c[p.words[i]][p.topics[i]]++;
      }
    }
    return c;
  }

  static List<WordBlock> merge(Layout l, List<WordBlock> old, SweepResult... results) {
    List<WordBlock> out = new ArrayList<>();
    for (int b = 0; b < l.numBlocks; b++) {
      List<DeltaBlock> ds = new ArrayList<>();
      for (SweepResult r : results) {
        ds.add(r.deltas[b]);
      }
      out.add(WordBlock.merge(l, b, old.get(b), ds.iterator()));
    }
    return out;
  }

  @Test
  void sweepsKeepGlobalCountsEqualToAssignments() {
    Layout l = new Layout(K, V, 3);
    int[][] a = flatten(corpus(1, 50));
    int[][] b = flatten(corpus(2, 60));
    SweepResult ia = SparseSampler.initialise(l, a[0], a[1], 11);
    SweepResult ib = SparseSampler.initialise(l, b[0], b[1], 12);
    List<WordBlock> empty = List.of(WordBlock.empty(0), WordBlock.empty(1), WordBlock.empty(2));
    List<WordBlock> state = merge(l, empty, ia, ib);
    assertThat(dense(l, state)).isDeepEqualTo(recount(ia.docs, ib.docs));

    DocPartition da = ia.docs;
    DocPartition db = ib.docs;
    double[] alpha = {0.1, 0.2, 0.3, 0.1, 0.5, 0.05};
    boolean moved = false;
    for (int it = 0; it < 5; it++) {
      SweepResult ra = new SparseSampler(l, alpha, 0.01, da, state.iterator(), 100 + it).sweep(da, true, true);
      SweepResult rb = new SparseSampler(l, alpha, 0.01, db, state.iterator(), 200 + it).sweep(db, false, false);
      moved |= !Arrays.equals(ra.docs.topics, da.topics);
      assertThat(ra.docs.words).isSameAs(da.words);
      assertThat(ra.docLogLikelihood).isNegative();
      assertThat(rb.docLogLikelihood).isNaN();
      // histograms: one entry per document, one per (document, topic present)
      assertThat(Arrays.stream(ra.histogram.docLengths).sum()).isEqualTo(da.numDocs());
      state = merge(l, state, ra, rb);
      da = ra.docs;
      db = rb.docs;
      assertThat(dense(l, state)).isDeepEqualTo(recount(da, db));
    }
    assertThat(moved).isTrue();
  }

  @Test
  void sameSeedSameSweep() {
    Layout l = new Layout(K, V, 2);
    int[][] a = flatten(corpus(3, 40));
    SweepResult init = SparseSampler.initialise(l, a[0], a[1], 5);
    List<WordBlock> state = merge(l, List.of(WordBlock.empty(0), WordBlock.empty(1)), init);
    double[] alpha = new double[K];
    Arrays.fill(alpha, 0.5);
    SweepResult x = new SparseSampler(l, alpha, 0.1, init.docs, state.iterator(), 9).sweep(init.docs, false, false);
    // blocks in another order give the same result
    List<WordBlock> reversed = new ArrayList<>(state);
    java.util.Collections.reverse(reversed);
    SweepResult y = new SparseSampler(l, alpha, 0.1, init.docs, reversed.iterator(), 9).sweep(init.docs, false,
        false);
    assertThat(y.docs.topics).isEqualTo(x.docs.topics);
  }

  @Test
  void samplerFollowsTheConditionalOnATinyModel() {
    // one word, two topics; the word has 90 tokens in topic 0, 10 in topic 1 (all in other documents); a new
    // one-token document then has p(t) ∝ α_t (n_wt + β) / (n_t + Vβ)
    Layout l = new Layout(2, 1, 1);
    int[] starts = new int[101];
    int[] words = new int[100];
    int[] topics = new int[100];
    for (int d = 0; d < 100; d++) {
      starts[d + 1] = d + 1;
      topics[d] = d < 90 ? 0 : 1;
    }
    DocPartition others = new DocPartition(starts, words, topics);
    SweepResult fake = new SweepResult(others, null, null, 0);
    long[] raw = {Layout.entry(l.cell(0, 0), 90), Layout.entry(l.cell(0, 1), 10)};
    WordBlock block = WordBlock.merge(l, 0, WordBlock.empty(0), List.of(new DeltaBlock(0, raw)).iterator());
    assertThat(fake.docs.numTokens()).isEqualTo(100);
    // resample token 0 (topic 0) of a 1-token document many times from the same state
    DocPartition one = new DocPartition(new int[] {0, 1}, new int[] {0}, new int[] {0});
    WordBlock withOne = WordBlock.merge(l, 0, block,
        List.of(new DeltaBlock(0, new long[] {Layout.entry(l.cell(0, 0), 1)})).iterator());
    double[] alpha = {1.0, 1.0};
    int n = 20000;
    int zeros = 0;
    for (int s = 0; s < n; s++) {
      SweepResult r = new SparseSampler(l, alpha, 0.5, one, List.of(withOne).iterator(), s).sweep(one, false, false);
      zeros += r.docs.topics[0] == 0 ? 1 : 0;
    }
    // after removing the token: n_0 = 90, n_1 = 10, V = 1: p0 ∝ 1 · 90.5 / 90.5 = 1, p1 ∝ 1 · 10.5 / 10.5 = 1
    assertThat(zeros / (double) n).isCloseTo(0.5, within(0.02));
    // with α = (3, 1): 3 : 1
    alpha = new double[] {3.0, 1.0};
    zeros = 0;
    for (int s = 0; s < n; s++) {
      SweepResult r = new SparseSampler(l, alpha, 0.5, one, List.of(withOne).iterator(), s).sweep(one, false, false);
      zeros += r.docs.topics[0] == 0 ? 1 : 0;
    }
    assertThat(zeros / (double) n).isCloseTo(0.75, within(0.02));
  }
}
