package org.demarche.topics.gibbs;

import java.io.Serializable;

/**
 * Changes of word-topic counts for the words of one block, from one document partition: sorted {@link Layout#entry}
 * values, one per changed (word, topic) cell.
 */
public final class DeltaBlock implements Serializable {
  private static final long serialVersionUID = 1L;
  public final int block;
  public final long[] entries;

  public DeltaBlock(int block, long[] entries) {
    this.block = block;
    this.entries = entries;
  }

  /** Sums the entries of equal cells in {@code raw[0, n)} (sorted in place) and drops zero sums. */
  public static long[] compact(long[] raw, int n) {
    java.util.Arrays.sort(raw, 0, n);
    int out = 0;
    int i = 0;
    while (i < n) {
      long cell = Layout.entryCell(raw[i]);
      long sum = 0;
      while (i < n && Layout.entryCell(raw[i]) == cell) {
        sum += Layout.entryDelta(raw[i]);
        i++;
      }
      if (sum != 0) {
        if (sum > Integer.MAX_VALUE || sum < Integer.MIN_VALUE) {
          throw new IllegalStateException("delta overflow in cell " + cell);
        }
        raw[out++] = Layout.entry(cell, (int) sum);
      }
    }
    return java.util.Arrays.copyOf(raw, out);
  }
}
