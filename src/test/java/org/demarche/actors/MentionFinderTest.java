package org.demarche.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.LocalDate;
import java.util.List;
import org.demarche.actors.MentionFinder.Mention;
import org.junit.jupiter.api.Test;

/** Rules of {@link MentionFinder} (others are covered by ActorRulesTest, ActorRules2Test and DocumentActorsTest). */
class MentionFinderTest {
  static final ActorDictionary DICT = ActorDictionary.builtin();
  static final LocalDate D87 = LocalDate.of(1987, 3, 12);

  @Test
  void anAllCapsHeadlineWordResolvesToAPersonTheBodyNamesByAOneWordName() {
    String text = "SUBROTO SEES OIL MARKET CONTINUING BULLISH\n"
        + "JAKARTA, March 12 - Indonesian Energy Minister Subroto said he sees the oil market continuing firm.\n";
    List<Mention> ms = new MentionFinder(DICT).find(text, D87);
    assertThat(ms).filteredOn(m -> m.actorId().equals("SUBROTO"))
        .extracting(Mention::aliasText, Mention::sentence, Mention::resolutionMethod)
        .containsExactly(tuple("SUBROTO", 0, "coref_surname"), tuple("Subroto", 1, "dictionary"));
  }

  @Test
  void anAllCapsHeadlineWordNeedsTheNameInTheBody() {
    String text = "SUBROTO SEES OIL MARKET CONTINUING BULLISH\n"
        + "JAKARTA, March 12 - Oil prices rose on the spot market, traders said.\n";
    assertThat(new MentionFinder(DICT).find(text, D87)).extracting(Mention::actorId).doesNotContain("SUBROTO");
  }
}
