package org.demarche.topics.gibbs;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Sufficient statistics for the asymmetric alpha update (MALLET's {@code docLengthCounts} and
 * {@code topicDocCounts}): {@code docLengths[n]} documents have n tokens, and {@code topicDocs[t][n]} documents have
 * exactly n tokens assigned to topic t (n ≥ 1). K × (longest document + 1) ints: small, so merged on the driver.
 */
public final class DocTopicHistogram implements Serializable {
  private static final long serialVersionUID = 1L;
  public long[] docLengths;
  public long[][] topicDocs;

  public DocTopicHistogram(int numTopics, int maxLength) {
    docLengths = new long[maxLength + 1];
    topicDocs = new long[numTopics][maxLength + 1];
  }

  public void addDocLength(int n) {
    docLengths[n]++;
  }

  public void addTopicCount(int topic, int n) {
    topicDocs[topic][n]++;
  }

  /** This histogram plus {@code o} (this one is changed and returned; both must have the same K). */
  public DocTopicHistogram merge(DocTopicHistogram o) {
    int len = Math.max(docLengths.length, o.docLengths.length);
    docLengths = add(docLengths, o.docLengths, len);
    for (int t = 0; t < topicDocs.length; t++) {
      topicDocs[t] = add(topicDocs[t], o.topicDocs[t], len);
    }
    return this;
  }

  private static long[] add(long[] a, long[] b, int len) {
    long[] r = a.length == len ? a : Arrays.copyOf(a, len);
    for (int i = 0; i < b.length; i++) {
      r[i] += b[i];
    }
    return r;
  }
}
