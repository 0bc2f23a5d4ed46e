package org.demarche.actors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.demarche.actors.MentionFinder.Mention;
import org.junit.jupiter.api.Test;

/** Rules added from the Reuters-21578 dev / CoNLL testa error analysis. */
class ActorRulesTest {
  static final ActorDictionary DICT = ActorDictionary.builtin();
  static final MentionFinder F = new MentionFinder(DICT);
  static final LocalDate D87 = LocalDate.of(1987, 3, 3);

  @Test
  void datelineRegionDecidesTheCountry() {
    List<Mention> ms = F.find("EXCELAN SETS OFFER\nSAN JOSE, Calif., Feb 26 - Excelan Inc said it made an offer.", D87);
    assertThat(ms).extracting(Mention::actorId).containsExactly("USA");
    assertThat(ms.get(0).method()).isEqualTo("dateline");
    assertThat(ms.get(0).aliasText()).isEqualTo("Calif");
    // no comma before the month, region in capitals
    assertThat(F.find("RICHMOND, Va. Feb 26 - Qtly div eight cts.", D87)).extracting(Mention::country)
        .containsExactly("USA");
    assertThat(F.find("MILWAUKEE, WIS., March 2 - Shr 24 cts.", D87)).extracting(Mention::country)
        .containsExactly("USA");
    assertThat(F.find("Scarborough, Ontario, Feb 26 - Shr 45 cts.", D87)).extracting(Mention::country)
        .containsExactly("CAN");
    // a city alone still resolves through the dictionary
    assertThat(F.find("SAN JOSE, Feb 26 - Coffee prices rose.", D87)).extracting(Mention::country)
        .containsExactly("CRI");
  }

  @Test
  void placeInsideALongerNameIsNotAMention() {
    assertThat(F.find("Unions at Air France went on strike.", D87)).isEmpty();
    assertThat(F.find("He won the U.S. Open on Sunday.", D87)).isEmpty();
    assertThat(F.find("Rates rose at the Bank of Canada yesterday.", D87)).isEmpty();
    assertThat(F.find("The New York-based group said so.", D87)).isEmpty();
    // a title after the place is not a longer name
    assertThat(F.find("He met U.S. President Reagan.", D87)).extracting(Mention::actorId).contains("USA");
    // nor is a sentence-initial word before it
    assertThat(F.find("Yesterday France said no.", D87)).extracting(Mention::actorId).containsExactly("FRA");
  }

  @Test
  void predecessorStateBeforeDissolution() {
    Mention moscow = F.find("Officials in Moscow said no.", D87).get(0);
    assertThat(moscow.country()).isEqualTo("SUN");
    assertThat(F.find("Officials in Moscow said no.", LocalDate.of(2013, 5, 7)).get(0).country()).isEqualTo("RUS");
    // the name "Russia" stays Russia
    assertThat(F.find("Russia said no.", D87).get(0).country()).isEqualTo("RUS");
  }

  @Test
  void peopleOf1987AndSurnameCoreference() {
    List<Mention> ms = F.find("U.K. Chancellor of the Exchequer Nigel Lawson spoke. Later Lawson said no.", D87);
    assertThat(ms).filteredOn(m -> m.aliasText().equals("Lawson")).extracting(Mention::actorId)
        .containsExactly("NIGEL_LAWSON");
    // an earlier full name wins over the dictionary owner of a shared surname
    List<Mention> st = F.find("Finance Minister Gerhard Stoltenberg spoke. Stoltenberg said rates would fall.", D87);
    assertThat(st).filteredOn(m -> m.aliasText().equals("Stoltenberg")).extracting(Mention::actorId)
        .containsExactly("GERHARD_STOLTENBERG");
    // a first name that is a Phoenix alias is not a person when a surname follows
    assertThat(F.find("Finance Secretary Jaime Ongpin told reporters.", D87)).extracting(Mention::actorId)
        .containsExactly("JAIME_ONGPIN");
    // "the Reagan administration" is the government
    assertThat(F.find("Officials of the Reagan administration said so.", D87)).extracting(Mention::actorId)
        .containsExactly("USAGOV");
  }

  @Test
  void unicodeApostrophesHyphensAndCaps() {
    assertThat(F.find("Japan\u2019s surplus rose, officials said.", D87)).extracting(Mention::actorId)
        .containsExactly("JPN");
    assertThat(F.find("Japan's surplus rose, officials said.", D87)).extracting(Mention::actorId)
        .containsExactly("JPN");
    assertThat(F.find("The talks on U.S.-Soviet trade resumed.", D87)).extracting(Mention::country)
        .containsExactly("USA", "SUN");
    assertThat(F.find("Karl Otto P\u00f6hl said rates were steady.", D87)).extracting(Mention::actorId)
        .containsExactly("KARL_OTTO_POEHL");
    assertThat(F.find("WEST GERMANY, JAPAN AGREE ON RATES\nThe agreement was signed.", D87))
        .extracting(Mention::actorId).containsExactly("DEU", "JPN");
  }
}
