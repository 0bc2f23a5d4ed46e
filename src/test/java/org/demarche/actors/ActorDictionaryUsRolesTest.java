package org.demarche.actors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.demarche.actors.MentionFinder.Mention;
import org.junit.jupiter.api.Test;

/** Round 4 of the curated actors: US politicians and officials of 2012-2020 with dated roles (data/actors/SOURCE.md). */
class ActorDictionaryUsRolesTest {
  static final ActorDictionary D = ActorDictionary.builtin();
  static final MentionFinder F = new MentionFinder(D);

  static Mention person(String text, LocalDate d, String surface) {
    return F.find(text, d).stream().filter(m -> m.aliasText().equals(surface)).findFirst().orElseThrow();
  }

  static String role(String id, LocalDate d) {
    return D.actor(id).roleAt(d).role();
  }

  @Test
  void datedRolesInsideAndOutsideTheirPeriods() {
    // the code follows the article date: Congress, then the executive; half-open [from, to) bounds
    Mention m = person("Jeff Sessions said the bill would fail.", LocalDate.of(2015, 3, 1), "Jeff Sessions");
    assertThat(m.actorId()).isEqualTo("JEFF_SESSIONS");
    assertThat(m.cameoCode()).isEqualTo("USALEG");
    assertThat(person("Jeff Sessions said the bill would fail.", LocalDate.of(2017, 6, 1), "Jeff Sessions")
        .cameoCode()).isEqualTo("USAGOV");
    assertThat(role("JEFF_SESSIONS", LocalDate.of(2017, 6, 1))).isEqualTo("attorney general");

    assertThat(person("Mark Meadows said", LocalDate.of(2016, 5, 1), "Mark Meadows").cameoCode()).isEqualTo("USALEG");
    assertThat(person("Mark Meadows said", LocalDate.of(2020, 6, 1), "Mark Meadows").cameoCode()).isEqualTo("USAGOV");
    assertThat(role("MARK_MEADOWS", LocalDate.of(2020, 6, 1))).isEqualTo("white house chief of staff");

    assertThat(person("Mitt Romney said", LocalDate.of(2012, 9, 1), "Mitt Romney").cameoCode()).isEqualTo("USAELI");
    assertThat(person("Mitt Romney said", LocalDate.of(2020, 2, 1), "Mitt Romney").cameoCode()).isEqualTo("USALEG");
    assertThat(person("James Mattis said", LocalDate.of(2018, 1, 1), "James Mattis").cameoCode()).isEqualTo("USAMIL");
    assertThat(person("Brett Kavanaugh wrote", LocalDate.of(2019, 1, 1), "Brett Kavanaugh").cameoCode())
        .isEqualTo("USAJUD");

    assertThat(role("NANCY_PELOSI", LocalDate.of(2012, 6, 1))).isEqualTo("house minority leader (D-CA)");
    assertThat(role("NANCY_PELOSI", LocalDate.of(2020, 3, 1))).isEqualTo("speaker of the house (D-CA)");
    assertThat(role("PAUL_RYAN", LocalDate.of(2015, 10, 28))).isEqualTo("representative (R-WI)");
    assertThat(role("PAUL_RYAN", LocalDate.of(2015, 10, 29))).isEqualTo("speaker of the house (R-WI)");
    assertThat(role("BRETT_KAVANAUGH", LocalDate.of(2018, 10, 5))).contains("circuit court of appeals");
    assertThat(role("BRETT_KAVANAUGH", LocalDate.of(2018, 10, 6))).isEqualTo("supreme court justice");
    // outside every dated role: the nearest one (Eric Holder before 1997 = deputy attorney general)
    assertThat(role("ERIC_H_HOLDER_JR", LocalDate.of(1990, 1, 1))).isEqualTo("deputy attorney general");
  }

  @Test
  void middleInitialIsNoSentenceEnd() {
    assertThat(person("Former President George W. Bush said so.", LocalDate.of(2012, 9, 1), "George W. Bush").actorId())
        .isEqualTo("GEORGE_W_BUSH");
    assertThat(person("Vice President Joseph R. Biden said so.", LocalDate.of(2012, 9, 1), "Joseph R. Biden").actorId())
        .isEqualTo("JOE_BIDEN");
    assertThat(person("Chief Justice John G. Roberts wrote it.", LocalDate.of(2012, 6, 28), "John G. Roberts")
        .cameoCode()).isEqualTo("USAJUD");
  }

  @Test
  void surnamesAndAmbiguity() {
    // a distinctive curated surname resolves on its own; a common one needs the full name or a title first
    List<Mention> ms = F.find("The vote was close, and Pelosi said she was pleased.", LocalDate.of(2019, 2, 1));
    assertThat(ms).anyMatch(m -> m.actorId().equals("NANCY_PELOSI"));
    assertThat(F.find("Prices rose, and Cotton futures fell as Cotton traders sold.", LocalDate.of(1987, 3, 1)))
        .noneMatch(m -> m.actorId().equals("TOM_COTTON"));
    assertThat(F.find("Sen. Tom Cotton said the deal was weak. Cotton added more.", LocalDate.of(2016, 3, 1)))
        .filteredOn(m -> m.actorId().equals("TOM_COTTON")).hasSize(2);
    // "Paul" is a first name: Rand Paul gets no surname alias
    assertThat(F.find("The talks ended, and Paul said no.", LocalDate.of(2014, 3, 1)))
        .noneMatch(m -> m.actorId().equals("RAND_PAUL") || m.actorId().equals("RON_PAUL"));
    // family members with !no_surname: "Michelle Obama" is her, "Obama" after "Barack Obama" is him
    assertThat(person("Michelle Obama spoke", LocalDate.of(2012, 9, 1), "Michelle Obama").actorId())
        .isEqualTo("MICHELLE_OBAMA");
    assertThat(F.find("Barack Obama spoke. Later, Obama said more.", LocalDate.of(2012, 9, 1)))
        .filteredOn(m -> m.aliasText().equals("Obama")).allMatch(m -> m.actorId().equals("BARACK_OBAMA"));
    // a relative named in full is no antecedent for the surname of a person who owns it: "Trump" stays Donald Trump
    assertThat(F.find("Ivanka Trump arrived, and then Trump said the deal was done.", LocalDate.of(2018, 3, 1)))
        .filteredOn(m -> m.aliasText().equals("Trump")).isNotEmpty()
        .allMatch(m -> m.actorId().equals("DONALD_TRUMP"));
    assertThat(F.find("Michelle Obama spoke first. Later, Obama and Mr. Obama said more.", LocalDate.of(2012, 9, 1)))
        .filteredOn(m -> m.aliasText().contains("Obama") && !m.aliasText().startsWith("Michelle"))
        .isNotEmpty().allMatch(m -> m.actorId().equals("BARACK_OBAMA"));
    // role nouns: a candidate's role does not contain "president", so "the president" is not Mitt Romney
    assertThat(role("MITT_ROMNEY", LocalDate.of(2012, 9, 1))).doesNotContain("president");
    // the same surname in different eras: both Cuomos need their first name or a title
    assertThat(person("Mario Cuomo said", LocalDate.of(1987, 3, 1), "Mario Cuomo").actorId()).isEqualTo("MARIO_CUOMO");
    assertThat(person("Andrew Cuomo said", LocalDate.of(2015, 3, 1), "Andrew Cuomo").actorId())
        .isEqualTo("ANDREW_CUOMO");
  }
}
