package org.demarche.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.demarche.testing.StageContracts;
import org.junit.jupiter.api.Test;

class LemmatizerTest {
  static final String[] IN = {
    null,
    "",
    "chemical weapons negotiations talks says has united nations security_council",
    "sanctions countries policies was ministers meeting",
  };

  Dataset<Row> frame() {
    return TextFixtures.tokens("tokens", IN);
  }

  Lemmatizer stage(String algorithm) {
    return new Lemmatizer().setInputCol("tokens").setOutputCol("lemmas").setAlgorithm(algorithm);
  }

  @Test
  void kstemDefault() {
    TextFixtures.assertOutputs(new Lemmatizer().setInputCol("tokens").setOutputCol("lemmas"), frame(), "lemmas",
        null, "",
        "chemical weapon negotiation talks says has united nation security_council",
        "sanction country policy was minister meeting");
  }

  @Test
  void porterMinimalNone() {
    TextFixtures.assertOutputs(stage("porter"), frame(), "lemmas", null, "",
        "chemic weapon negoti talk says has unit nation security_council",
        "sanction countri polici was minist meet");
    TextFixtures.assertOutputs(stage("minimal"), frame(), "lemmas", null, "",
        "chemical weapon negotiation talk says has united nation security_council",
        "sanction country policy was minister meeting");
    TextFixtures.assertOutputs(stage("none"), frame(), "lemmas", IN);
  }

  @Test
  void protectedTermsAndStopwordsStayUnstemmed() {
    TextFixtures.assertOutputs(stage("porter").setProtectedTerms(new String[] {"nations"}).setSkipStopWords(false),
        TextFixtures.tokens("tokens", "united nations says was"), "lemmas", "unit nations sai wa");
  }

  @Test
  void contracts() throws Exception {
    Lemmatizer stage = stage("porter").setProtectedTerms(new String[] {"isis"}).setSkipStopWords(false);
    StageContracts.schemaMatchesTransform(stage, frame());
    StageContracts.rejectsWrongInputType(stage, TextFixtures.wrongType("tokens"), "inputCol");
    StageContracts.rejectsWrongInputType(stage, TextFixtures.strings("tokens", "a").schema(), "inputCol");
    Lemmatizer loaded = StageContracts.roundTrip(stage, Lemmatizer::load);
    assertThat(loaded.getAlgorithm()).isEqualTo("porter");
    assertThat(loaded.getProtectedTerms()).containsExactly("isis");
    assertThat(TextFixtures.output(loaded, frame(), "lemmas")).isEqualTo(TextFixtures.output(stage, frame(), "lemmas"));
    assertThatThrownBy(() -> stage.setAlgorithm("snowball")).isInstanceOf(IllegalArgumentException.class);
  }
}
