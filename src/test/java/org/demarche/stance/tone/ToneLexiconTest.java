package org.demarche.stance.tone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ToneLexiconTest {
  static final ToneLexicon V = ToneLexicon.vader();

  static double c(String s) {
    return V.polarityScores(s).compound();
  }

  @Test
  void lexiconLoads() {
    assertThat(V.size()).isGreaterThan(7400);
    assertThat(V.valence("good")).isEqualTo(1.9);
    assertThat(V.valence("killed")).isEqualTo(-3.5);
  }

  @Test
  void basicRules() {
    assertThat(c("The talks were good.")).isPositive();
    assertThat(c("The talks were not good.")).isNegative();
    assertThat(c("The talks weren't good.")).isNegative();
    assertThat(c("The talks weren’t good.")).isNegative(); // typographic apostrophe
    assertThat(c("The talks were very good.")).isGreaterThan(c("The talks were good."));
    assertThat(c("The talks were slightly good.")).isLessThan(c("The talks were good."));
    assertThat(c("The talks were good, but the result was terrible.")).isNegative();
    assertThat(c("The talks were GOOD, said the minister.")).isGreaterThan(c("The talks were good, said the minister."));
    assertThat(c("The talks were the least good.")).isNegative();
  }

  /** Published outputs of the Python reference (vaderSentiment README), compound rounded to 4 places. */
  @Test
  void vaderReferenceSentences() {
    assertThat(c("VADER is smart, handsome, and funny.")).isCloseTo(0.8316, within(1e-4));
    assertThat(c("VADER is smart, handsome, and funny!")).isCloseTo(0.8439, within(1e-4));
    assertThat(c("VADER is very smart, handsome, and funny.")).isCloseTo(0.8545, within(1e-4));
    assertThat(c("VADER is VERY SMART, handsome, and FUNNY.")).isCloseTo(0.9227, within(1e-4));
    assertThat(c("VADER is VERY SMART, handsome, and FUNNY!!!")).isCloseTo(0.9342, within(1e-4));
    assertThat(c("VADER is not smart, handsome, nor funny.")).isCloseTo(-0.7424, within(1e-4));
    assertThat(c("The book was good.")).isCloseTo(0.4404, within(1e-4));
    assertThat(c("At least it isn't a horrible book.")).isCloseTo(0.431, within(1e-4));
    assertThat(c("The book was only kind of good.")).isCloseTo(0.3832, within(1e-4));
    assertThat(c("The plot was good, but the characters are uncompelling and the dialog is not great."))
        .isCloseTo(-0.7042, within(1e-4));
    assertThat(c("Today SUX!")).isCloseTo(-0.5461, within(1e-4));
    assertThat(c("Not bad at all")).isCloseTo(0.431, within(1e-4));
    ToneLexicon.Scores s = V.polarityScores("VADER is smart, handsome, and funny.");
    assertThat(s.pos()).isCloseTo(0.746, within(1e-3));
    assertThat(s.neu()).isCloseTo(0.254, within(1e-3));
    assertThat(s.neg()).isZero();
  }

  @Test
  void tokensKeepOffsets() {
    String text = "“Great,” he said — isn’t it?";
    List<ToneLexicon.Token> t = ToneLexicon.tokenize(text);
    assertThat(t).extracting(ToneLexicon.Token::text).containsExactly("Great", "he", "said", "—", "isn’t", "it?");
    for (ToneLexicon.Token k : t) {
      assertThat(text.substring(k.start(), k.end())).isEqualTo(k.text());
    }
    assertThat(t.get(4).key()).isEqualTo("isn't");
  }

  @Test
  void maskedTokensNeverScore() {
    String s = "Winner met Hope Hicks.";
    List<ToneLexicon.Token> t = ToneLexicon.tokenize(s);
    assertThat(V.valences(s).valence()[0]).isPositive(); // "winner" is a lexicon word
    boolean[] mask = {true, false, true, false};
    assertThat(V.valences(t, mask).valence()).containsOnly(0.0);
  }
}
