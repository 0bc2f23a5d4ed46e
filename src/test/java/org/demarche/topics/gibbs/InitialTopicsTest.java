package org.demarche.topics.gibbs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InitialTopicsTest {
  /** Terms 0–1 belong to topic 0, 2–3 to topic 1, term 4 to both; idf 1 everywhere; terms ≥ 5 are outside. */
  static InitialTopics twoTopics() {
    return new InitialTopics(new double[][] {{1, 1, 0, 0, 0.5}, {0, 0, 1, 1, 0.5}}, new double[] {1, 1, 1, 1, 1});
  }

  @Test
  void tokensStartInTheirWordsTopicWeightedByTheDocument() {
    InitialTopics init = twoTopics();
    // document: mostly topic-0 words, one topic-1 word, a shared word and a word outside the profiled terms
    int[] words = {0, 1, 0, 2, 4, 7};
    int[] topics = new int[words.length];
    init.assign(words, 0, words.length, topics, 3, new SplittableRandom(1));
    // affinity: topic 0 = 3 + 0.5, topic 1 = 1 + 0.5 (before normalisation, same norm for both)
    // the shared word 4 goes to the document's stronger topic; word 7 (outside) to the document's best topic
    assertThat(topics).containsExactly(0, 0, 0, 1, 0, 0);
  }

  @Test
  void sameDocumentSameTopicsWhateverTheSeed() {
    InitialTopics init = twoTopics();
    int[] words = {3, 2, 4, 0, 9, 3};
    int[] a = new int[words.length];
    int[] b = new int[words.length];
    init.assign(words, 0, words.length, a, 2, new SplittableRandom(1));
    init.assign(words, 0, words.length, b, 2, new SplittableRandom(99));
    assertThat(a).containsExactly(1, 1, 1, 0, 1, 1).isEqualTo(b);
  }

  @Test
  void aDocumentWithoutProfiledTermsStartsAtRandomFromTheSeed() {
    InitialTopics init = twoTopics();
    int[] words = new int[200];
    java.util.Arrays.fill(words, 6);
    int[] a = new int[words.length];
    int[] b = new int[words.length];
    init.assign(words, 0, words.length, a, 4, new SplittableRandom(5));
    init.assign(words, 0, words.length, b, 4, new SplittableRandom(5));
    assertThat(a).isEqualTo(b);
    assertThat(java.util.Arrays.stream(a).distinct().count()).as("all four topics drawn").isEqualTo(4);
  }

  @Test
  void initialiseCountsMatchTheAssignedTopics() {
    int[][] docs = {{0, 1, 0}, {2, 3, 3, 4}};
    int[] starts = {0, 3, 7};
    int[] words = {0, 1, 0, 2, 3, 3, 4};
    Layout l = new Layout(2, 5, 1);
    SweepResult r = SparseSampler.initialise(l, starts, words, 3L, twoTopics());
    assertThat(r.docs.topics).containsExactly(0, 0, 0, 1, 1, 1, 1);
    long total = 0;
    for (DeltaBlock d : r.deltas) {
      for (long e : d.entries) {
        total += Layout.entryDelta(e);
      }
    }
    assertThat(total).isEqualTo(docs[0].length + docs[1].length);
  }

  @Test
  void rejectsBadProfiles() {
    assertThatThrownBy(() -> new InitialTopics(new double[][] {{1, 2}}, new double[] {1, 1, 1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("profile 0 has 2 weights, expected 3");
    assertThatThrownBy(() -> new InitialTopics(new double[][] {{1, -2}}, new double[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite and >= 0");
  }
}
