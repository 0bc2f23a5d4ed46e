package org.demarche.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

class MalletReferenceTest {
  static final int THEMES = 4;
  static final int WORDS_PER_THEME = 12;
  static final int BACKGROUND_WORDS = 10;

  /**
   * A planted corpus (fixed seed): 400 documents of 60 tokens; each has a primary theme and, one time in three, a
   * secondary one (20% of its theme tokens); 15% of all tokens are background words spread over every document.
   * Theme t's words are {@code t<t>w<i>}, uniform within the theme; background words {@code bg<i>}.
   */
  static List<List<String>> plantedDocs() {
    Random rnd = new Random(20261127L);
    List<List<String>> docs = new ArrayList<>();
    for (int d = 0; d < 400; d++) {
      int primary = rnd.nextInt(THEMES);
      int secondary = rnd.nextInt(3) == 0 ? (primary + 1 + rnd.nextInt(THEMES - 1)) % THEMES : primary;
      List<String> terms = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        if (rnd.nextDouble() < 0.15) {
          terms.add("bg" + rnd.nextInt(BACKGROUND_WORDS));
        } else {
          int t = rnd.nextDouble() < 0.8 ? primary : secondary;
          terms.add("t" + t + "w" + rnd.nextInt(WORDS_PER_THEME));
        }
      }
      docs.add(terms);
    }
    return docs;
  }

  /** The planted themes as topicTerms (uniform over their words). */
  static Dataset<Row> plantedTopics(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (int t = 0; t < THEMES; t++) {
      for (int i = 0; i < WORDS_PER_THEME; i++) {
        rows.add(RowFactory.create(t, "t" + t + "w" + i, 1.0 / WORDS_PER_THEME, 1.0));
      }
    }
    return spark.createDataFrame(rows, MalletReference.TOPIC_TERMS);
  }

  static Dataset<Row> docsFrame(List<List<String>> docs, SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (int d = 0; d < docs.size(); d++) {
      rows.add(RowFactory.create("d" + d, docs.get(d).toArray(new String[0])));
    }
    return spark.createDataFrame(rows, TopicDiagnosticsTest.DOCS);
  }

  @Test
  void malletRecoversPlantedTopicsAndBeatsRandomAssignmentOnNpmi() {
    SparkSession spark = SparkTestSession.get();
    long t0 = System.nanoTime();
    List<List<String>> planted = plantedDocs();
    Dataset<Row> docs = docsFrame(planted, spark).cache();
    MalletReference.Result m = MalletReference.fit(docs, MalletReference.Options.of(THEMES + 1, 200, 7));
    assertThat(m.tokens()).isEqualTo(400L * 60);
    assertThat(m.vocabularySize()).isEqualTo(THEMES * WORDS_PER_THEME + BACKGROUND_WORDS);
    assertThat(m.fitSeconds()).isPositive();
    assertThat(m.docTopics().count()).isEqualTo(400L * (THEMES + 1));

    long t1 = System.nanoTime();
    // every planted theme is found: matched one-to-one with cosine >= 0.9
    TopicAlignment.CosineMatrix c = TopicAlignment.cosine(plantedTopics(spark), m.topicTerms());
    int[] match = TopicAlignment.match(c.cosine(), 0.9);
    for (int t = 0; t < THEMES; t++) {
      assertThat(match[t]).as("planted theme %d, cosines %s", t, java.util.Arrays.toString(c.cosine()[t]))
          .isGreaterThanOrEqualTo(0);
    }

    long t2 = System.nanoTime();
    TopicDiagnostics.Result mallet = TopicDiagnostics.evaluate(m.topicTerms(), docs);
    TopicDiagnostics.Result random = TopicDiagnostics.evaluate(
        RandomTopics.topicTerms(planted, THEMES + 1, 7, spark), docs);
    System.out.printf("timing: mallet+contracts %.1f s (fit %.1f s), alignment %.1f s, three diagnostics %.1f s%n",
        (t1 - t0) / 1e9, m.fitSeconds(), (t2 - t1) / 1e9, (System.nanoTime() - t2) / 1e9);
    // (the planted themes themselves score NPMI 0.856 on this corpus; MALLET 0.857, random 0.087)
    System.out.printf("planted corpus: NPMI mallet %.3f, random %.3f; diversity %.2f vs %.2f%n",
        mallet.summary().meanNpmi(), random.summary().meanNpmi(),
        mallet.summary().diversity(), random.summary().diversity());
    assertThat(mallet.summary().meanNpmi()).isGreaterThan(random.summary().meanNpmi() + 0.1);
    assertThat(mallet.summary().meanUmass()).isGreaterThan(random.summary().meanUmass());
    assertThat(mallet.summary().diversity()).isGreaterThan(random.summary().diversity());
    // token shares over the topics sum to 1
    double shares = mallet.topics().collectAsList().stream().mapToDouble(r -> r.getDouble(6)).sum();
    assertThat(shares).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
  }
}
