package org.demarche.topics.gibbs;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The global word-topic counts of the words {@code w} with {@code w % numBlocks == block}, in compressed sparse rows:
 * {@code words} ascending (only words with tokens), and for {@code words[i]} the packed {@code count << topicBits |
 * topic} values {@code packed[offsets[i] .. offsets[i + 1])}, sorted by count descending (ties by topic descending),
 * zero counts left out. This is what a document partition receives as its snapshot and what the sampler's sparse
 * per-word lists are copied from. Immutable once built.
 */
public final class WordBlock implements Serializable {
  private static final long serialVersionUID = 1L;
  public final int block;
  public final int[] words;
  public final int[] offsets;
  public final int[] packed;

  public WordBlock(int block, int[] words, int[] offsets, int[] packed) {
    if (offsets.length != words.length + 1 || offsets[words.length] != packed.length) {
      throw new IllegalArgumentException("inconsistent WordBlock arrays");
    }
    this.block = block;
    this.words = words;
    this.offsets = offsets;
    this.packed = packed;
  }

  public static WordBlock empty(int block) {
    return new WordBlock(block, new int[0], new int[] {0}, new int[0]);
  }

  public int numWords() {
    return words.length;
  }

  /** Adds this block's counts to {@code totals} (length K). */
  public void addTopicTotals(Layout layout, long[] totals) {
    for (int p : packed) {
      totals[layout.topic(p)] += layout.count(p);
    }
  }

  /**
   * The block after adding {@code deltas} to {@code old}: a sorted merge of the old rows with all delta entries of
   * this block. Fails if a count would become negative (a bookkeeping error, never expected).
   */
  public static WordBlock merge(Layout layout, int block, WordBlock old, Iterator<DeltaBlock> deltas) {
    List<long[]> parts = new ArrayList<>();
    int n = 0;
    while (deltas.hasNext()) {
      DeltaBlock d = deltas.next();
      if (d.block != block) {
        throw new IllegalStateException("delta for block " + d.block + " reached block " + block);
      }
      parts.add(d.entries);
      n += d.entries.length;
    }
    long[] all = new long[n];
    int at = 0;
    for (long[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    Arrays.sort(all);
    int k = layout.numTopics;
    int[] dense = new int[k];
    IntList outWords = new IntList(old.words.length + 16);
    IntList outOffsets = new IntList(old.words.length + 17);
    IntList outPacked = new IntList(old.packed.length + 16);
    outOffsets.add(0);
    int oi = 0;
    int di = 0;
    while (oi < old.words.length || di < all.length) {
      int wOld = oi < old.words.length ? old.words[oi] : Integer.MAX_VALUE;
      int wDelta = di < all.length ? (int) (Layout.entryCell(all[di]) / k) : Integer.MAX_VALUE;
      int w = Math.min(wOld, wDelta);
      if (w == wOld) {
        for (int j = old.offsets[oi]; j < old.offsets[oi + 1]; j++) {
          dense[layout.topic(old.packed[j])] += layout.count(old.packed[j]);
        }
        oi++;
      }
      while (di < all.length && (int) (Layout.entryCell(all[di]) / k) == w) {
        dense[(int) (Layout.entryCell(all[di]) % k)] += Layout.entryDelta(all[di]);
        di++;
      }
      int start = outPacked.size();
      for (int t = 0; t < k; t++) {
        int c = dense[t];
        if (c < 0) {
          throw new IllegalStateException("negative count for word " + w + ", topic " + t);
        }
        if (c > 0) {
          if (c > layout.maxCount) {
            throw new IllegalStateException("count " + c + " of word " + w + " exceeds the packed limit");
          }
          outPacked.add(layout.pack(c, t));
        }
        dense[t] = 0;
      }
      if (outPacked.size() > start) {
        outPacked.sortDescending(start, outPacked.size());
        outWords.add(w);
        outOffsets.add(outPacked.size());
      }
    }
    return new WordBlock(block, outWords.toArray(), outOffsets.toArray(), outPacked.toArray());
  }

  /**
   * A block from {@code entries[0, n)} of the form {@code (long) word << 32 | packed} (sorted in place), one per
   * non-zero (word, topic) cell.
   */
  public static WordBlock fromEntries(int block, long[] entries, int n) {
    Arrays.sort(entries, 0, n);
    IntList outWords = new IntList(16);
    IntList outOffsets = new IntList(17);
    int[] packed = new int[n];
    outOffsets.add(0);
    int i = 0;
    while (i < n) {
      int w = (int) (entries[i] >>> 32);
      int start = i;
      while (i < n && (int) (entries[i] >>> 32) == w) {
        packed[i] = (int) entries[i];
        i++;
      }
      Arrays.sort(packed, start, i);
      for (int a = start, b = i - 1; a < b; a++, b--) {
        int t = packed[a];
        packed[a] = packed[b];
        packed[b] = t;
      }
      outWords.add(w);
      outOffsets.add(i);
    }
    return new WordBlock(block, outWords.toArray(), outOffsets.toArray(), packed);
  }

  /** A growable int array. */
  static final class IntList {
    private int[] a;
    private int n;

    IntList(int capacity) {
      a = new int[Math.max(4, capacity)];
    }

    void add(int v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, a.length * 2);
      }
      a[n++] = v;
    }

    int size() {
      return n;
    }

    void sortDescending(int from, int to) {
      Arrays.sort(a, from, to);
      for (int i = from, j = to - 1; i < j; i++, j--) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
      }
    }

    int[] toArray() {
      return Arrays.copyOf(a, n);
    }
  }
}
