package org.demarche.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.demarche.testing.StageContracts;
import org.junit.jupiter.api.Test;

class NewsTokenizerTest {
  static final String[] IN = {
    null,
    "",
    " ... !!! 2013 ",
    "Russia's envoy said the U.N. Security Council won't meet; the U.S. and US officials don't agree.",
    "Read more at https://www.rt.com/news/226/ or write to press@state.gov about 2,000 F-16 jets and G20 talks.",
    "A pro-Western, anti-war rally \u2014 two-state solution; well-known Kerry\u2019s aides.",
    "The nego-\ntiations on chemi\u00adcal weapons went on.",
    "Geneva communiqu\u00e9 on Syria, O'Brien wrote.",
  };

  static final String[] EXPECTED = {
    null,
    "",
    "",
    "russia envoy said the un security council will meet the usa and usa officials do agree",
    "read more at or write to about jets and talks",
    "pro-western anti-war rally two-state solution well-known kerry aides",
    "the negotiations on chemical weapons went on",
    "geneva communiqu\u00e9 on syria obrien wrote",
  };

  @Test
  void fixtureRows() {
    NewsTokenizer t = new NewsTokenizer().setInputCol("text").setOutputCol("tokens");
    TextFixtures.assertOutputs(t, TextFixtures.strings("text", IN), "tokens", EXPECTED);
  }

  @Test
  void splitsHyphensAndAppliesLengthBounds() {
    NewsTokenizer t = new NewsTokenizer().setInputCol("text").setOutputCol("tokens")
        .setKeepHyphenated(false).setMinTokenLength(3).setMaxTokenLength(8);
    TextFixtures.assertOutputs(t, TextFixtures.strings("text", IN[5], "An extraordinarily long UN session"),
        "tokens", "pro western anti war rally two state solution well known kerry aides", "long session");
  }

  @Test
  void apostropheRule() {
    assertThat(NewsTokenizer.normalizeApostrophes("russia's")).isEqualTo("russia");
    assertThat(NewsTokenizer.normalizeApostrophes("kerry\u2019s")).isEqualTo("kerry");
    assertThat(NewsTokenizer.normalizeApostrophes("can't")).isEqualTo("can");
    assertThat(NewsTokenizer.normalizeApostrophes("they've")).isEqualTo("they");
    assertThat(NewsTokenizer.normalizeApostrophes("o'neill")).isEqualTo("oneill");
    assertThat(NewsTokenizer.normalizeApostrophes("states'")).isEqualTo("states");
  }

  @Test
  void contracts() throws Exception {
    NewsTokenizer stage = new NewsTokenizer().setInputCol("text").setOutputCol("tokens")
        .setMinTokenLength(3).setKeepHyphenated(false).setRejoinLineBreaks(false).setMaxTokenLength(30);
    Dataset<Row> df = TextFixtures.strings("text", IN);
    StageContracts.schemaMatchesTransform(stage, df);
    StageContracts.rejectsWrongInputType(stage, TextFixtures.wrongType("text"), "inputCol");
    NewsTokenizer loaded = StageContracts.roundTrip(stage, NewsTokenizer::load);
    assertThat(loaded.getMinTokenLength()).isEqualTo(3);
    assertThat(loaded.getKeepHyphenated()).isFalse();
    assertThat(TextFixtures.output(loaded, df, "tokens")).isEqualTo(TextFixtures.output(stage, df, "tokens"));
    assertThat(stage.toString()).contains("minTokenLength").contains(stage.uid());
    assertThatThrownBy(() -> stage.setMinTokenLength(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NewsTokenizer().setInputCol("text").setOutputCol("text")
        .transformSchema(df.schema())).hasMessageContaining("outputCol");
  }
}
