package org.demarche.stance.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import org.demarche.actors.ActorDictionary;
import org.demarche.actors.MentionFinder;
import org.demarche.clean.BoilerplateRemover;
import org.demarche.clean.UnicodeNormalizer;
import org.demarche.stance.events.EventCoder.Event;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The RT seed article (7 May 2013), cleaned and actor-matched as the job does, yields RUS↔USA verbal cooperation. */
class SeedEventsTest {
  static String body;
  static List<Event> events;

  @BeforeAll
  static void run() throws Exception {
    String raw = Files.readString(
        SparkTestSession.repo().resolve("data/sample/rt.com/rt_2013-05-07_russia-us-syria-conference.txt"));
    body = BoilerplateRemover.remove(UnicodeNormalizer.normalize(raw));
    List<MentionFinder.Mention> mentions =
        new MentionFinder(ActorDictionary.builtin()).find(body, LocalDate.of(2013, 5, 7));
    events = new EventCoder().code(body, mentions);
    if (Boolean.getBoolean("events.debug")) {
      events.forEach(e -> System.out.println(e.sourceCode() + " > " + e.targetCode() + " " + e.cameoCode() + " q"
          + e.quadClass() + " neg=" + e.negated() + " " + e.confidence() + " [" + e.verbText() + "] " + e.pattern()
          + " :: " + body.substring(e.evidenceStart(), e.evidenceEnd())));
    }
  }

  private static boolean country(String code, String iso) {
    return code.startsWith(iso);
  }

  private static void cooperative(String from, String to) {
    assertThat(events).as("%s -> %s cooperation", from, to).anySatisfy(e -> {
      assertThat(country(e.sourceCode(), from)).isTrue();
      assertThat(country(e.targetCode(), to)).isTrue();
      assertThat(e.quadClass()).isIn(CameoLookups.VERBAL_COOPERATION, CameoLookups.MATERIAL_COOPERATION);
      assertThat(e.negated()).isFalse();
      // the evidence is the sentence holding the verb, inside the article
      assertThat(e.evidenceStart()).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(e.verbStart());
      assertThat(e.evidenceEnd()).isGreaterThanOrEqualTo(e.verbEnd()).isLessThanOrEqualTo(body.length());
      assertThat(body.substring(e.verbStart(), e.verbEnd())).isEqualTo(e.verbText());
      assertThat(e.goldstein()).isNotNull().isPositive();
    });
  }

  @Test
  void lavrovAndKerryConsultEachOtherAtTheirMeeting() {
    // "... Sergey Lavrov and US Secretary of State John Kerry told reporters after their Tuesday Moscow meeting."
    for (String[] pair : new String[][] {{"SERGEY_LAVROV", "JOHN_KERRY"}, {"JOHN_KERRY", "SERGEY_LAVROV"}}) {
      assertThat(events).as("%s -> %s", pair[0], pair[1]).anySatisfy(e -> {
        assertThat(e.sourceActorId()).isEqualTo(pair[0]);
        assertThat(e.targetActorId()).isEqualTo(pair[1]);
        assertThat(e.cameoCode()).isEqualTo("040");
        assertThat(e.quadClass()).isEqualTo(CameoLookups.VERBAL_COOPERATION);
        assertThat(e.verbText()).isEqualTo("their Tuesday Moscow meeting");
        assertThat(body.substring(e.evidenceStart(), e.evidenceEnd())).contains("Lavrov and US Secretary");
      });
    }
  }

  @Test
  void russiaAndTheUsCooperateBothWays() {
    cooperative("RUS", "USA");
    cooperative("USA", "RUS");
  }

  @Test
  void reiteratedCommitmentIsCodedBothWaysFromItsSentence() {
    List<Event> reiterated = events.stream().filter(e -> e.verbText().equals("reiterated")).toList();
    assertThat(reiterated).extracting(e -> e.sourceCode() + ">" + e.targetCode())
        .contains("RUS>USA", "USA>RUS");
    assertThat(reiterated).allSatisfy(e -> {
      assertThat(body.substring(e.evidenceStart(), e.evidenceEnd()))
          .startsWith("Russia and the US reiterated their commitment");
      assertThat(e.pattern()).contains("COMMITMENT");
    });
  }
}
