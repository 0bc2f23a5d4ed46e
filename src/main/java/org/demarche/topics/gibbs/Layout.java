package org.demarche.topics.gibbs;

import java.io.Serializable;

/**
 * Shapes shared by the Gibbs engine's pieces: K topics, V terms, the number of word blocks, and the packing of a
 * (count, topic) pair into one int as MALLET does: {@code count << topicBits | topic}. Sorting packed values
 * descending sorts by count, then topic.
 */
public final class Layout implements Serializable {
  private static final long serialVersionUID = 1L;
  public final int numTopics;
  public final int vocabSize;
  public final int numBlocks;
  public final int topicBits;
  public final int topicMask;
  /** Largest count a packed int can hold. */
  public final int maxCount;

  public Layout(int numTopics, int vocabSize, int numBlocks) {
    if (numTopics < 1 || vocabSize < 1 || numBlocks < 1) {
      throw new IllegalArgumentException("numTopics, vocabSize and numBlocks must be >= 1");
    }
    if ((long) numTopics * vocabSize >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("numTopics * vocabSize must be < 2^31, was " + (long) numTopics * vocabSize);
    }
    this.numTopics = numTopics;
    this.vocabSize = vocabSize;
    this.numBlocks = numBlocks;
    int mask = Integer.bitCount(numTopics) == 1 ? numTopics - 1 : Integer.highestOneBit(numTopics) * 2 - 1;
    this.topicMask = mask;
    this.topicBits = Integer.bitCount(mask);
    this.maxCount = Integer.MAX_VALUE >>> topicBits;
  }

  public int block(int word) {
    return word % numBlocks;
  }

  public int pack(int count, int topic) {
    return (count << topicBits) | topic;
  }

  public int count(int packed) {
    return packed >>> topicBits;
  }

  public int topic(int packed) {
    return packed & topicMask;
  }

  /** Key of a (word, topic) cell in a {@link DeltaBlock} entry. */
  public long cell(int word, int topic) {
    return (long) word * numTopics + topic;
  }

  /** A delta entry: cell in the high 32 bits, the signed delta in the low 32 bits; sorting groups cells. */
  public static long entry(long cell, int delta) {
    return (cell << 32) | (delta & 0xffffffffL);
  }

  public static long entryCell(long entry) {
    return entry >>> 32;
  }

  public static int entryDelta(long entry) {
    return (int) entry;
  }
}
