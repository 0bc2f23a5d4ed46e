package org.demarche.topics.gibbs;

import java.io.Serializable;

/**
 * The documents of one partition in compact form: token word ids and their topic assignments, documents as ranges
 * {@code [docStarts[d], docStarts[d + 1])}. {@code words} and {@code docStarts} never change after construction and
 * are shared by the states of successive iterations; each sweep makes a new {@code topics} array.
 */
public final class DocPartition implements Serializable {
  private static final long serialVersionUID = 1L;
  public final int[] docStarts;
  public final int[] words;
  public final int[] topics;

  public DocPartition(int[] docStarts, int[] words, int[] topics) {
    if (words.length != topics.length || docStarts.length == 0 || docStarts[docStarts.length - 1] != words.length) {
      throw new IllegalArgumentException("inconsistent DocPartition arrays");
    }
    this.docStarts = docStarts;
    this.words = words;
    this.topics = topics;
  }

  public int numDocs() {
    return docStarts.length - 1;
  }

  public int numTokens() {
    return words.length;
  }

  public int maxDocLength() {
    int m = 0;
    for (int d = 0; d + 1 < docStarts.length; d++) {
      m = Math.max(m, docStarts[d + 1] - docStarts[d]);
    }
    return m;
  }
}
