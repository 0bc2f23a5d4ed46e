package org.demarche.stance.tone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetedToneTest {
  static final TargetedTone T = new TargetedTone();

  static TargetedTone.Result at(String s, String target) {
    int i = s.indexOf(target);
    return T.score(s, i, i + target.length());
  }

  @Test
  void polarityAndNegation() {
    assertThat(at("Lavrov praised Kerry for his constructive approach.", "Kerry").score()).isPositive();
    assertThat(at("Lavrov did not praise Kerry.", "Kerry").score()).isNegative();
    assertThat(at("Lavrov did not praise Kerry.", "Kerry").negated()).isTrue();
    assertThat(at("Lavrov condemned Kerry.", "Kerry").score()).isNegative();
    assertThat(at("Lavrov never condemned Kerry.", "Kerry").score()).isPositive();
    assertThat(at("Lavrov met Kerry in Geneva.", "Kerry").nHits()).isZero();
  }

  @Test
  void contrastSplitsClauses() {
    String s = "Russia praised the talks but condemned Washington";
    TargetedTone.Result washington = at(s, "Washington");
    TargetedTone.Result talks = at(s, "the talks");
    assertThat(washington.score()).isNegative();
    assertThat(talks.score()).isPositive();
    assertThat(s.substring(washington.windowStart(), washington.windowEnd())).isEqualTo("condemned Washington");
    assertThat(s.substring(talks.windowStart(), talks.windowEnd())).isEqualTo("Russia praised the talks");
    String semi = "Moscow welcomed the plan; it denounced the sanctions imposed by Brussels.";
    assertThat(at(semi, "the plan").score()).isPositive();
    assertThat(at(semi, "Brussels").score()).isNegative();
  }

  @Test
  void targetAndNamesAreMasked() {
    // "Winner", "Hope", "Justice", "Free" are VADER words; as (parts of) names they must not score
    assertThat(at("Winner met reporters on Monday.", "Winner").nHits()).isZero();
    assertThat(at("Prosecutors met Hope Hicks at the Justice Department.", "Prosecutors").nHits()).isZero();
    assertThat(at("Assad attacked the Free Syrian Army.", "Assad").positive()).isZero();
    // another actor's span given explicitly
    String s = "Putin said Trump was great.";
    TargetedTone.Result r = T.score(s, 0, 5, List.of(new TargetedTone.Span(11, 16)));
    assertThat(r.positive()).isPositive(); // "great" still counts toward Putin's sentence
    assertThat(at("great Winner", "Winner").nHits()).isEqualTo(1);
  }

  @Test
  void quotesCountAndAreFlagged() {
    String s = "Trump called Obama “a total disaster” on Monday.";
    TargetedTone.Result obama = at(s, "Obama");
    assertThat(obama.score()).isNegative();
    assertThat(obama.targetInQuote()).isFalse();
    String q = "“Obama is a disaster,” Trump said.";
    assertThat(at(q, "Obama").targetInQuote()).isTrue();
    assertThat(at(q, "Obama").score()).isNegative();
  }

  @Test
  void distanceWeighting() {
    TargetedTone.Result near = at("Kerry was praised yesterday by officials in the capital city.", "Kerry");
    TargetedTone.Result far = at("Kerry was seen yesterday by officials in the capital city praised.", "Kerry");
    assertThat(near.positive()).isGreaterThan(far.positive());
  }

  @Test
  void documentTone() {
    DocumentTone d = DocumentTone.of("The talks were good. The outcome was not good! Sanctions hurt everyone.");
    assertThat(d.wordCount()).isEqualTo(12);
    // good (+), not good (-), hurt (-): 1 positive, 2 negative of 12 words
    assertThat(d.positiveScore()).isCloseTo(100.0 / 12, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(d.negativeScore()).isCloseTo(200.0 / 12, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(d.tone()).isCloseTo(-100.0 / 12, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(d.polarity()).isCloseTo(300.0 / 12, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(DocumentTone.of("")).isEqualTo(new DocumentTone(0, 0, 0, 0, 0, 0));
    // sentiment: the mean of the three sentences' VADER compounds, weighted by their words (4, 5 and 3)
    ToneLexicon v = ToneLexicon.vader();
    double mean = (4 * v.polarityScores("The talks were good.").compound()
        + 5 * v.polarityScores("The outcome was not good!").compound()
        + 3 * v.polarityScores("Sanctions hurt everyone.").compound()) / 12;
    assertThat(d.sentiment()).isCloseTo(mean, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void sentimentKeepsItsScaleOnShortAndLongTexts() {
    // one word cannot reach the end of the scale, as GDELT-style tone does (+100 for "Yes.")
    assertThat(DocumentTone.of("Yes.").tone()).isEqualTo(100.0);
    assertThat(DocumentTone.of("Yes.").sentiment()).isBetween(0.3, 0.5);
    // a long, uniformly positive text stays where its sentences are, not pushed towards the ends by its length
    String one = "The leaders welcomed the good progress of the talks.";
    double single = DocumentTone.of(one).sentiment();
    assertThat(DocumentTone.of((one + " ").repeat(40)).sentiment())
        .isCloseTo(single, org.assertj.core.api.Assertions.within(1e-12));
    // a condemnation at the end of a long clause: the sentence's compound is negative, whatever the words before it
    assertThat(DocumentTone.of("Officials, who had met for many hours in a friendly and constructive atmosphere "
        + "at the summit, strongly condemned the brutal attack.").sentiment()).isNegative();
    assertThat(DocumentTone.of("").sentiment()).isZero();
  }
}
