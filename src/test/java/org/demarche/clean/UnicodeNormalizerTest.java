package org.demarche.clean;

import static org.assertj.core.api.Assertions.assertThat;

import org.demarche.testing.StageContracts;
import org.junit.jupiter.api.Test;

class UnicodeNormalizerTest {
  static final String[][] ROWS = {
    {null, null},
    {"", ""},
    {"  \n\t \u200b ", ""},
    {"\u201cQuoted\u201d and \u2018single\u2019 \u00abguillemets\u00bb \u00ab spaced \u00bb", "\"Quoted\" and 'single' \"guillemets\" \"spaced\""},
    {"peace\u2014and war \u2013 1990\u20132000 \u2212 5", "peace - and war - 1990-2000 - 5"},
    {"zero\u200bwidth\u00adsoft\ufeff non\u00a0breaking\u2009thin   spaces\t tab", "zerowidthsoft non breaking thin spaces tab"},
    {"\uff26\uff55\uff4c\uff4c width \ufb01ne \u2026", "Full width fine ..."},
    {"Caf\u0065\u0301 \u00e9", "Caf\u00e9 \u00e9"},
    {"line one\r\nline two\rthree\u2028four", "line one\nline two\nthree\nfour"},
    {"Para one.\n\n\n\n\nPara two.", "Para one.\n\nPara two."},
    {"The negoti-\nations ended.\n\nThe twenty-\nfirst century.", "The negotiations ended.\n\nThe twenty-first century."},
    {"They resumed talks and negoti-\nated.  Later they negotiated again.", "They resumed talks and negotiated. Later they negotiated again."},
    {"Secretary-\nGeneral Ban", "Secretary-General Ban"},
    {
      "At the beginning of the third millennium,\nfaster means of travel that began in the nineteenth\n"
          + "century with railroad technology are today hurtling us\naround the globe at even faster speeds.\n"
          + "Sixty years after the founding of the United\nNations, we live in a faster world, where we have to be\n"
          + "able to react.",
      "At the beginning of the third millennium, faster means of travel that began in the nineteenth century with "
          + "railroad technology are today hurtling us around the globe at even faster speeds.\n\n"
          + "Sixty years after the founding of the United Nations, we live in a faster world, where we have to be "
          + "able to react."
    },
    {"Sign up for Daily Newsletters\nManage Newsletters\nAdvertisement\nThe president said.",
      "Sign up for Daily Newsletters\nManage Newsletters\nAdvertisement\nThe president said."},
  };

  @Test
  void fixtureRows() {
    Fixtures.assertRows(new UnicodeNormalizer().setInputCol("text").setOutputCol("out"), "text", "out", ROWS);
    for (String[] row : ROWS) {
      String once = UnicodeNormalizer.normalize(row[0]);
      assertThat(UnicodeNormalizer.normalize(once)).isEqualTo(once);
    }
  }

  @Test
  void reutersIndentedParagraphsAreUnwrapped() {
    String in = "China will receive loans totalling 390\nmln dlrs from Japan and the World Bank for investment in new\n"
        + "highways and port facilities.\n    The Japan Overseas Economic Co-operation Fund is to provide\n"
        + "260 mln dlrs towards China\"s plans to improve its road network,\nthe official New China News Agency reported.";
    assertThat(UnicodeNormalizer.normalize(in)).isEqualTo(
        "China will receive loans totalling 390 mln dlrs from Japan and the World Bank for investment in new highways "
            + "and port facilities.\n\nThe Japan Overseas Economic Co-operation Fund is to provide 260 mln dlrs towards "
            + "China\"s plans to improve its road network, the official New China News Agency reported.");
  }

  @Test
  void paramsSwitchStepsOff() {
    assertThat(UnicodeNormalizer.normalize("\u201cx\u201d negoti-\nations", false, false, false))
        .isEqualTo("\u201cx\u201d negoti-\nations");
  }

  @Test
  void contracts() throws Exception {
    UnicodeNormalizer stage = new UnicodeNormalizer().setInputCol("text").setOutputCol("out").setUnwrapLines(false);
    StageContracts.schemaMatchesTransform(stage, Fixtures.frame("text", ROWS));
    StageContracts.rejectsWrongInputType(stage, Fixtures.wrongType("text"), "inputCol");
    assertThat(StageContracts.roundTrip(stage, UnicodeNormalizer::load).getUnwrapLines()).isFalse();
  }
}
