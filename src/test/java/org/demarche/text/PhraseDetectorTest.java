package org.demarche.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.demarche.testing.SparkTestSession;
import org.demarche.testing.StageContracts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PhraseDetectorTest {
  static PhraseModel unModel;
  static Dataset<Row> unLemmas;

  @BeforeAll
  static void fitOnUnSample() {
    Dataset<Row> docs = TextFixtures.unSpeeches();
    NewsTokenizer tok = new NewsTokenizer().setInputCol("text").setOutputCol("tokens");
    unLemmas = tok.transform(docs).select(org.apache.spark.sql.functions.col("doc_id"),
        org.apache.spark.sql.functions.col("tokens").as("lemmas")).cache();
    unModel = new PhraseDetector().setInputCol("lemmas").setOutputCol("phrased").fit(unLemmas);
  }

  @Test
  void unSampleFindsDiplomaticPhrasesAndNoJunk() {
    List<String> p = Arrays.asList(unModel.phrases());
    System.out.println("UN sample: " + p.size() + " phrases, fit " + unModel.fitMillis() + " ms; top 40: "
        + p.subList(0, 40));
    assertThat(p).contains("chemical weapons", "security council", "united nations", "general assembly",
        "human rights", "climate change", "middle east", "nuclear weapons", "addis ababa", "xi jinping", "territorial integrity",
        "international community", "two-state solution", "cold war");
    Set<String> stop = new HashSet<>(Arrays.asList(StopWordLists.englishAndNews()));
    long[] counts = unModel.counts();
    double[] scores = unModel.scores();
    for (int i = 0; i < p.size(); i++) {
      String[] parts = p.get(i).split(" ");
      assertThat(parts.length).isBetween(2, 3);
      for (String w : parts) {
        assertThat(stop).as("stopword in phrase %s", p.get(i)).doesNotContain(w);
      }
      assertThat(counts[i]).isGreaterThanOrEqualTo(5);
      assertThat(scores[i]).isBetween(0.5, 1.0);
      if (i > 0) {
        assertThat(scores[i]).isLessThanOrEqualTo(scores[i - 1]);
      }
    }
    // frequent neighbours that are not collocations: high counts, weak association
    assertThat(p).doesNotContain("united nations general", "countries region", "nations security", "people world",
        "government country", "international peace", "world peace", "peace security");
  }

  @Test
  void modelMergesInText() {
    String[] t = "the security council and the united nations general assembly discussed chemical weapons".split(" ");
    assertThat(String.join(" ", unModel.merge(t)))
        .isEqualTo("the security_council and the united_nations general_assembly discussed chemical_weapons");
    List<Row> rows = unModel.transform(unLemmas).select("phrased").limit(20).collectAsList();
    long merged = rows.stream().flatMap(r -> r.<String>getList(0).stream()).filter(w -> w.contains("_")).count();
    assertThat(merged).isGreaterThan(100);
  }

  @Test
  void protectedPhrasesAlwaysMergeLongestFirst() {
    PhraseModel m = new PhraseModel("pm", new String[] {"john kerry", "kerry said"}, new long[] {5, 5},
        new double[] {0.9, 0.8}).setInputCol("t").setOutputCol("out")
        .setProtectedPhrases(new String[] {"sergei lavrov", "un security council", "un security"});
    TextFixtures.assertOutputs(m, TextFixtures.tokens("t", null, "", "john kerry said sergei lavrov met",
        "kerry said the un security council", "un security matters", "sergei", "lavrov sergei"), "out",
        null, "", "john_kerry said sergei_lavrov met", "kerry_said the un_security_council", "un_security matters",
        "sergei", "lavrov sergei");
  }

  @Test
  void scoresMatchHandComputation() {
    // c(x)=10, c(y)=20, c(xy)=8, N=1000: pmi = ln(8*1000/200) = ln 40; npmi = ln 40 / -ln(0.008)
    assertThat(PhraseDetector.Scorer.score("pmi", 10, 20, 8, 1000)).isCloseTo(Math.log(40), within(1e-12));
    assertThat(PhraseDetector.Scorer.score("npmi", 10, 20, 8, 1000))
        .isCloseTo(Math.log(40) / -Math.log(0.008), within(1e-12));
    // G2 = 2 * sum k ln(k N / (row col)) over the table (8, 2, 12, 978)
    double g2 = 2 * (8 * Math.log(8 * 1000.0 / (10 * 20)) + 2 * Math.log(2 * 1000.0 / (10 * 980))
        + 12 * Math.log(12 * 1000.0 / (990 * 20)) + 978 * Math.log(978 * 1000.0 / (990 * 980)));
    assertThat(PhraseDetector.Scorer.score("llr", 10, 20, 8, 1000)).isCloseTo(g2, within(1e-9));
    assertThat(PhraseDetector.Scorer.score("npmi", 500, 500, 100, 1000)).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void smallCorpusAndLlrScoring() {
    String[] docs = new String[12];
    for (int i = 0; i < docs.length; i++) {
      docs[i] = "missile defense talk in geneva and the geneva communique on missile defense " + (i % 2 == 0
          ? "russia" : "iran") + " word" + i + " other" + i;
    }
    Dataset<Row> df = TextFixtures.tokens("t", docs);
    PhraseModel m = new PhraseDetector().setInputCol("t").setOutputCol("out").setMinCount(5).fit(df);
    assertThat(m.phrases()).contains("missile defense", "geneva communique").doesNotContain("defense talk russia");
    PhraseModel llr = new PhraseDetector().setInputCol("t").setOutputCol("out").setScoring("llr").setThreshold(10.83)
        .setMaxN(2).fit(df);
    assertThat(llr.phrases()).contains("missile defense", "geneva communique");
    for (String p : llr.phrases()) {
      assertThat(p.split(" ")).hasSize(2);
    }
    PhraseModel empty = new PhraseDetector().setInputCol("t").setOutputCol("out")
        .fit(TextFixtures.tokens("t", "", null));
    assertThat(empty.numPhrases()).isZero();
  }

  @Test
  void contracts() throws Exception {
    PhraseDetector est = new PhraseDetector().setInputCol("lemmas").setOutputCol("phrased").setMinCount(3)
        .setMinDocCount(1).setScoring("pmi").setThreshold(2.0).setMaxN(2).setMaxPhrases(100)
        .setStopWords(new String[] {"the"}).setProtectedPhrases(new String[] {"ban ki-moon"}).setDelimiter("+");
    assertThat(est.transformSchema(unLemmas.schema()).fieldNames()).endsWith("phrased");
    StageContracts.rejectsWrongInputType(est, TextFixtures.wrongType("lemmas"), "inputCol");
    PhraseDetector estLoaded = StageContracts.roundTrip(est, PhraseDetector::load);
    assertThat(estLoaded.getStopWords()).containsExactly("the");
    assertThatThrownBy(() -> est.setScoring("dice")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> est.setMaxN(4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> est.setDelimiter("")).isInstanceOf(IllegalArgumentException.class);

    PhraseModel model = est.fit(unLemmas);
    assertThat(model.numPhrases()).isBetween(1, 100);
    assertThat(model.getDelimiter()).isEqualTo("+");
    StageContracts.schemaMatchesTransform(model, unLemmas);
    StageContracts.rejectsWrongInputType(model, TextFixtures.wrongType("lemmas"), "inputCol");
    PhraseModel loaded = StageContracts.roundTrip(model, PhraseModel::load);
    assertThat(loaded.phrases()).containsExactly(model.phrases());
    assertThat(loaded.counts()).containsExactly(model.counts());
    assertThat(loaded.scores()).containsExactly(model.scores());
    assertThat(loaded.getProtectedPhrases()).containsExactly("ban ki-moon");
    assertThat(loaded.transform(unLemmas).select("phrased").collectAsList())
        .isEqualTo(model.transform(unLemmas).select("phrased").collectAsList());
    java.nio.file.Path tmp = Files.createTempDirectory("phr");
    model.save(tmp.resolve("m").toString());
    assertThat(SparkTestSession.get().read().parquet(tmp.resolve("m/data").toString()).schema().fieldNames())
        .containsExactly("phrase", "n", "count", "score");
    assertThat(model.toString()).contains("phrases=").contains(model.uid());
  }
}
