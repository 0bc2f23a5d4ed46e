package org.demarche.actors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.demarche.actors.MentionFinder.Mention;
import org.demarche.clean.BoilerplateRemover;
import org.demarche.clean.UnicodeNormalizer;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The RT seed article (7 May 2013), cleaned as the job cleans it, resolves every named actor to the right code. */
class SeedArticleTest {
  static List<Mention> mentions;
  static String body;

  @BeforeAll
  static void run() throws Exception {
    String raw = Files.readString(
        SparkTestSession.repo().resolve("data/sample/rt.com/rt_2013-05-07_russia-us-syria-conference.txt"));
    body = BoilerplateRemover.remove(UnicodeNormalizer.normalize(raw));
    mentions = new MentionFinder(ActorDictionary.builtin()).find(body, LocalDate.of(2013, 5, 7));
    if (Boolean.getBoolean("actors.debug")) {
      mentions.forEach(System.out::println);
    }
  }

  private static List<Mention> of(String surface) {
    return mentions.stream().filter(m -> m.aliasText().equals(surface)).collect(Collectors.toList());
  }

  private static void all(String surface, String actorId, String code) {
    List<Mention> ms = of(surface);
    assertThat(ms).as("mentions of %s", surface).isNotEmpty();
    assertThat(ms).as("%s", surface).allSatisfy(m -> {
      assertThat(m.actorId()).isEqualTo(actorId);
      assertThat(m.cameoCode()).isEqualTo(code);
    });
  }

  @Test
  void peopleResolveWithTheirMay2013Roles() {
    all("Sergey Lavrov", "SERGEY_LAVROV", "RUSGOV");
    all("Lavrov", "SERGEY_LAVROV", "RUSGOV");
    all("John Kerry", "JOHN_KERRY", "USAGOV");
    all("Kerry", "JOHN_KERRY", "USAGOV");
    all("Assad", "BASHAR_AL_ASSAD", "SYRGOV");
    all("Bashar Assad", "BASHAR_AL_ASSAD", "SYRGOV");
    all("Barack Obama", "BARACK_OBAMA", "USAGOV");
    all("Obama", "BARACK_OBAMA", "USAGOV");
    all("Vladimir Putin", "VLADIMIR_PUTIN", "RUSGOV");
    all("Putin", "VLADIMIR_PUTIN", "RUSGOV");
    // "Kerry's first visit": possessive
    assertThat(mentions).anySatisfy(m -> {
      assertThat(body.substring(m.start(), m.end() + 2)).isIn("Kerry’s", "Kerry's");
      assertThat(m.actorId()).isEqualTo("JOHN_KERRY");
    });
    // Foreign Minister Sergey Lavrov: title + name
    assertThat(of("Sergey Lavrov")).anySatisfy(m -> assertThat(m.method()).isEqualTo("title_name"));
    // a later bare surname is a coreference to the full name seen earlier
    assertThat(of("Lavrov")).allSatisfy(m -> assertThat(m.resolutionMethod()).isEqualTo("coref_surname"));
  }

  @Test
  void statesCapitalsAndOrganisations() {
    all("Russia", "RUS", "RUS");
    all("US", "USA", "USA");
    all("Syria", "SYR", "SYR");
    all("Moscow", "RUSGOV", "RUSGOV");
    assertThat(of("Moscow")).anySatisfy(m -> {
      assertThat(m.actorId()).isEqualTo("RUSGOV");
      assertThat(m.method()).isEqualTo("capital_metonym");
    });
    all("Washington", "USAGOV", "USAGOV");
    all("Syrian National Council", "SYROPP", "SYROPP");
    all("UN", "IGOUNO", "IGOUNO");
    all("G8", "IGOBUSGOE", "IGOBUSGOE");
    all("Syrian rebels", "SYRREB", "SYRREB");
    all("White House", "USAGOV", "USAGOV");
    all("Russian", "RUS", "RUS");
    all("American", "USA", "USA");
    // nothing else in the article is taken for a person: every person mention is one of the five
    assertThat(mentions.stream().filter(m -> m.actorId().contains("_")).map(m -> m.actorId()).distinct())
        .containsExactlyInAnyOrder("SERGEY_LAVROV", "JOHN_KERRY", "BARACK_OBAMA", "VLADIMIR_PUTIN",
            "BASHAR_AL_ASSAD", "GEORGE_W_BUSH");
  }

  @Test
  void roleNounsAndPronouns() {
    // "the Secretary of State told Putin" -> Kerry
    assertThat(mentions).anySatisfy(m -> {
      assertThat(m.aliasText()).isEqualTo("Secretary of State");
      assertThat(m.actorId()).isEqualTo("JOHN_KERRY");
      assertThat(m.resolutionMethod()).isEqualTo("coref_role");
    });
    // "The US leader would like ..." -> Obama
    assertThat(mentions).anySatisfy(m -> {
      assertThat(m.aliasText()).isEqualTo("US leader");
      assertThat(m.actorId()).isEqualTo("BARACK_OBAMA");
    });
    // "... Lavrov said ... he stated." -> Lavrov
    assertThat(mentions).anySatisfy(m -> {
      assertThat(m.aliasText()).isEqualTo("he");
      assertThat(m.actorId()).isEqualTo("SERGEY_LAVROV");
      assertThat(m.resolutionMethod()).isEqualTo("coref_pronoun");
    });
  }
}
