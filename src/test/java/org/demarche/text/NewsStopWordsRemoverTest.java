package org.demarche.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.demarche.testing.StageContracts;
import org.junit.jupiter.api.Test;

class NewsStopWordsRemoverTest {
  static final String[] IN = {
    null,
    "",
    "the minister said on tuesday that do sanctions will work according to reuters",
    "mr kerry told reporters getty image caption newsletter subscribe copyright percent security_council",
  };

  @Test
  void englishAndNewsByDefault() {
    NewsStopWordsRemover s = new NewsStopWordsRemover().setInputCol("t").setOutputCol("out");
    TextFixtures.assertOutputs(s, TextFixtures.tokens("t", IN), "out",
        null, "", "minister sanctions work", "kerry security_council");
  }

  @Test
  void listsCanBeSwitchedAndExtended() {
    NewsStopWordsRemover s = new NewsStopWordsRemover().setInputCol("t").setOutputCol("out").setUseNews(false)
        .setExtraStopWords(new String[] {"Minister"});
    TextFixtures.assertOutputs(s, TextFixtures.tokens("t", IN), "out", null, "",
        "said tuesday sanctions work according reuters",
        "mr kerry told reporters getty image caption newsletter subscribe copyright percent security_council");
    NewsStopWordsRemover english = new NewsStopWordsRemover().setUseNews(false);
    assertThat(english.stopWords()).contains("the", "do", "can", "will").doesNotContain("said");
    assertThat(new NewsStopWordsRemover().stopWords()).contains("said", "says", "told", "reporters", "according",
        "percent", "mr", "mrs", "reuters", "ap", "getty", "image", "caption", "newsletter", "subscribe", "copyright");
  }

  @Test
  void contracts() throws Exception {
    NewsStopWordsRemover stage = new NewsStopWordsRemover().setInputCol("t").setOutputCol("out")
        .setUseEnglish(false).setExtraStopWords(new String[] {"kerry"});
    Dataset<Row> df = TextFixtures.tokens("t", IN);
    StageContracts.schemaMatchesTransform(stage, df);
    StageContracts.rejectsWrongInputType(stage, TextFixtures.wrongType("t"), "inputCol");
    NewsStopWordsRemover loaded = StageContracts.roundTrip(stage, NewsStopWordsRemover::load);
    assertThat(loaded.getUseEnglish()).isFalse();
    assertThat(loaded.getExtraStopWords()).containsExactly("kerry");
    assertThat(TextFixtures.output(loaded, df, "out")).isEqualTo(TextFixtures.output(stage, df, "out"));
  }
}
