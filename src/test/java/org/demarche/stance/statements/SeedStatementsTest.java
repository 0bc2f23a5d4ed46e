package org.demarche.stance.statements;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import org.demarche.actors.ActorDictionary;
import org.demarche.actors.MentionFinder;
import org.demarche.actors.MentionFinder.Mention;
import org.demarche.clean.BoilerplateRemover;
import org.demarche.clean.UnicodeNormalizer;
import org.demarche.stance.statements.StatementFinder.Statement;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The RT seed article (7 May 2013), cleaned and matched as the job does: who said what. */
class SeedStatementsTest {
  static String body;
  static List<Mention> mentions;
  static List<Statement> statements;

  @BeforeAll
  static void run() throws Exception {
    String raw = Files.readString(
        SparkTestSession.repo().resolve("data/sample/rt.com/rt_2013-05-07_russia-us-syria-conference.txt"));
    body = BoilerplateRemover.remove(UnicodeNormalizer.normalize(raw));
    mentions = new MentionFinder(ActorDictionary.builtin()).find(body, LocalDate.of(2013, 5, 7));
    statements = new StatementFinder().find(body, mentions);
    if (Boolean.getBoolean("stance.debug")) {
      for (Statement s : statements) {
        System.out.printf("%s | %s/%s | speaker=%s [%s %s %s] | %s%n    content=%s%n    targets=%s conf=%.3f%n",
            s.kind(), s.reportingVerb(), s.verbClass(), s.speakerText(), s.speakerActorId(), s.speakerResolution(),
            s.unresolvedReason(), body.substring(s.evidenceStart(), s.evidenceEnd()), s.content(),
            s.targets().stream().map(t -> t.aliasText() + "=" + t.actorId()).toList(), s.confidence());
      }
    }
  }

  /** The one statement whose content contains {@code part}. */
  static Statement about(String part) {
    List<Statement> ms = statements.stream().filter(s -> s.content().contains(part)).toList();
    assertThat(ms).as("statements containing %s", part).hasSize(1);
    return ms.get(0);
  }

  @Test
  void directQuotesWithAttribution() {
    Statement we = about("We undertake an obligation");
    assertThat(we.kind()).isEqualTo("direct_quote");
    assertThat(we.speakerText()).isEqualTo("he");
    assertThat(we.speakerActorId()).isEqualTo("SERGEY_LAVROV");
    assertThat(we.speakerResolution()).isIn("coref", "pronoun_previous");
    assertThat(we.reportingVerb()).isEqualTo("state");
    assertThat(body.substring(we.verbStart(), we.verbEnd())).isEqualTo("stated");
    assertThat(we.content()).endsWith("within the framework of the Geneva Communiqué").doesNotContain("\"");
    assertThat(we.targets()).extracting(StatementFinder.Target::actorId).contains("USA", "RUS", "SYRGOV");

    Statement hear = about("we need to hear some word from the opposition side");
    assertThat(hear.kind()).isEqualTo("direct_quote");
    assertThat(hear.speakerActorId()).isEqualTo("SERGEY_LAVROV");
    assertThat(hear.reportingVerb()).isEqualTo("add");
    assertThat(hear.speakerResolution()).isEqualTo("mention");
    assertThat(body.substring(hear.evidenceStart(), hear.evidenceEnd())).startsWith("But in order for words")
        .endsWith("Lavrov added.");

    Statement kerry = about("It is impossible for me as an individual");
    assertThat(kerry.speakerActorId()).isEqualTo("JOHN_KERRY");
    assertThat(kerry.speakerCameo()).isEqualTo("USAGOV");
    assertThat(kerry.content()).endsWith("that we know have taken place");
  }

  @Test
  void unattributedQuoteContinuesThePreviousSpeaker() {
    Statement opp = about("The opposition hasn't said single word yet");
    assertThat(opp.kind()).isEqualTo("direct_quote");
    assertThat(opp.reportingVerb()).isNull();
    assertThat(opp.verbStart()).isEqualTo(-1);
    assertThat(opp.speakerActorId()).isEqualTo("SERGEY_LAVROV");
    assertThat(opp.speakerResolution()).isEqualTo("previous_speaker");
    // "said" inside the quote is not a reported statement of its own
    assertThat(statements).noneMatch(s -> s.kind().equals("reported") && s.content().contains("single word"));
    if (mentions.stream().anyMatch(m -> m.start() >= opp.contentStart() && m.end() <= opp.contentEnd()
        && m.aliasText().toLowerCase(java.util.Locale.ROOT).contains("opposition"))) {
      assertThat(opp.targets()).anyMatch(t -> t.aliasText().toLowerCase(java.util.Locale.ROOT).contains("opposition"));
    }
    // the next quote paragraphs continue Lavrov (after "He stressed") and Kerry
    assertThat(about("And when we hear the right words").speakerActorId()).isEqualTo("SERGEY_LAVROV");
    Statement so = about("So what we are going to undertake");
    assertThat(so.speakerActorId()).isEqualTo("JOHN_KERRY");
    assertThat(so.speakerResolution()).isEqualTo("previous_speaker");
  }

  @Test
  void closingQuoteWithoutOpeningQuote() {
    Statement arming = about("Arming non-governmental players violates international law");
    assertThat(arming.kind()).isEqualTo("direct_quote");
    assertThat(arming.speakerActorId()).isEqualTo("SERGEY_LAVROV");
    assertThat(arming.speakerResolution()).isEqualTo("mention");
    assertThat(arming.contentStart()).isEqualTo(body.indexOf("Arming non-governmental"));
    assertThat(about("It's not the time to pour oil").speakerActorId()).isEqualTo("SERGEY_LAVROV");
  }

  @Test
  void reportedSpeech() {
    Statement reminded = about("the opposition was extremely divided");
    assertThat(reminded.kind()).isEqualTo("reported");
    assertThat(reminded.reportingVerb()).isEqualTo("remind");
    assertThat(reminded.verbClass()).isEqualTo("assert");
    assertThat(reminded.speakerActorId()).isEqualTo("SERGEY_LAVROV");
    assertThat(reminded.targets()).extracting(StatementFinder.Target::actorId).containsExactly("SYROPP");

    Statement leader = about("The US leader would like to discuss");
    assertThat(leader.kind()).isEqualTo("reported");
    assertThat(leader.speakerActorId()).isEqualTo("JOHN_KERRY");
    assertThat(leader.content()).endsWith("Iran, North Korea and Syria");
    assertThat(leader.targets()).extracting(StatementFinder.Target::actorId).contains("BARACK_OBAMA", "IRN", "PRK");

    // a compound subject: one statement per speaker
    List<Statement> roadmap = statements.stream().filter(s -> s.content().contains("should be a roadmap")).toList();
    assertThat(roadmap).extracting(Statement::speakerActorId).containsExactly("SERGEY_LAVROV", "JOHN_KERRY");
    assertThat(roadmap).allSatisfy(s -> assertThat(s.reportingVerb()).isEqualTo("tell"));

    // partial quote inside a reported clause: no statement of its own
    Statement mutual = about("would require \"mutual agreement\"");
    assertThat(mutual.speakerActorId()).isEqualTo("SERGEY_LAVROV");
    assertThat(statements).noneMatch(s -> s.content().equals("mutual agreement"));
    assertThat(statements).noneMatch(s -> s.content().equals("a vital tool"));
    // "the countries' chief diplomats have agreed that": a speaker outside the dictionary
    Statement vital = about("is \"a vital tool\"");
    assertThat(vital.speakerResolution()).isEqualTo("unresolved");
    assertThat(vital.unresolvedReason()).isEqualTo("speaker_not_in_dictionary");
    assertThat(vital.speakerText()).isEqualTo("The countries' chief diplomats");
  }

  @Test
  void accordingToAndRoleNouns() {
    Statement un = about("according to the UN");
    assertThat(un.kind()).isEqualTo("according_to");
    assertThat(un.speakerActorId()).isEqualTo("IGOUNO");
    assertThat(un.targets()).noneMatch(t -> t.actorId().equals("IGOUNO"));

    Statement told = about("have similar positions");
    assertThat(told.reportingVerb()).isEqualTo("tell");
    boolean matcherResolved = mentions.stream().anyMatch(m -> m.aliasText().equals("Secretary of State")
        && "coref_role".equals(m.resolutionMethod()));
    if (matcherResolved) {
      assertThat(told.speakerActorId()).isEqualTo("JOHN_KERRY");
      assertThat(told.speakerResolution()).isEqualTo("coref");
    } else {
      assertThat(told.speakerResolution()).isEqualTo("unresolved");
      assertThat(told.unresolvedReason()).isNotNull();
    }
    assertThat(told.speakerText()).isEqualTo("the Secretary of State");
  }

  @Test
  void everyStatementIsWellFormed() {
    assertThat(statements).hasSizeGreaterThanOrEqualTo(20);
    assertThat(statements).allSatisfy(s -> {
      assertThat(s.contentStart()).isLessThan(s.contentEnd());
      assertThat(s.evidenceStart()).isLessThanOrEqualTo(s.contentStart());
      assertThat(s.evidenceEnd()).isGreaterThanOrEqualTo(s.contentEnd());
      assertThat(body.substring(s.contentStart(), s.contentEnd())).isEqualTo(s.content());
      assertThat(s.confidence()).isBetween(0.0, 1.0);
      assertThat(s.unresolvedReason() == null).isEqualTo(!s.speakerResolution().equals("unresolved"));
      assertThat(s.targets()).allSatisfy(t -> {
        assertThat(t.start()).isGreaterThanOrEqualTo(s.contentStart());
        assertThat(t.end()).isLessThanOrEqualTo(s.contentEnd());
      });
    });
  }
}
