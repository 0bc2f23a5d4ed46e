package org.demarche.stance.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.demarche.actors.ActorDictionary;
import org.demarche.actors.MentionFinder;
import org.demarche.eval.PetrarchActors;
import org.demarche.stance.events.EventCoder.Event;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventCoderTest {
  /** The hand-written tokenizer finds exactly the spans of the TOKEN regex, on the sample texts and random strings. */
  @Test
  void tokenEndMatchesTheTokenRegex() throws Exception {
    List<String> texts = new java.util.ArrayList<>();
    try (var files = java.nio.file.Files.walk(SparkTestSession.repo().resolve("data/sample"))) {
      for (java.nio.file.Path f : files.filter(p -> p.toString().matches(".*\\.(txt|md)$")).toList()) {
        texts.add(java.nio.file.Files.readString(f));
      }
    }
    String alphabet = "aZé9٣Ⅻ½-'’.&,;:()\"“” \t\n\u000B\f\r!?x_\uD835\uDC00\uD83D\uDE00\uDC00\uD835$";
    java.util.Random rnd = new java.util.Random(7);
    for (int k = 0; k < 20000; k++) {
      StringBuilder sb = new StringBuilder();
      for (int len = rnd.nextInt(30); len > 0; len--) {
        sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      texts.add(sb.toString());
    }
    texts.add("U.S. Mr. Putin's \"no\" — 3.5, 1,000:2 rock'n'roll A&M students' don’t ...");
    for (String t : texts) {
      List<String> regex = new java.util.ArrayList<>();
      java.util.regex.Matcher m = EventCoder.TOKEN.matcher(t);
      while (m.find()) {
        regex.add(m.start() + "-" + m.end());
      }
      List<String> hand = new java.util.ArrayList<>();
      for (int i = 0; i < t.length(); ) {
        int e = EventCoder.tokenEnd(t, i);
        if (e < 0) {
          i++;
        } else {
          hand.add(i + "-" + e);
          i = e;
        }
      }
      assertThat(hand).as(t).isEqualTo(regex);
    }
  }

  static final PetrarchActors VALIDATE_ACTORS = PetrarchActors.load(
      SparkTestSession.sharedData("petrarch_cameo/dictionaries/PETR.Validate.actors.txt"),
      SparkTestSession.sharedData("petrarch_cameo/dictionaries/PETR.Validate.agents.txt"));
  static final EventCoder VALIDATE = new EventCoder(CameoVerbDictionary.load(
      SparkTestSession.sharedData("petrarch_cameo/dictionaries/PETR.Validate.verbs.txt")));
  static final EventCoder CAMEO = new EventCoder();
  static final MentionFinder MENTIONS = new MentionFinder(ActorDictionary.builtin());

  private static List<String> codings(EventCoder coder, String text, LocalDate date) {
    return coder.code(text, VALIDATE_ACTORS.find(text, date)).stream().filter(e -> !e.negated())
        .map(e -> e.sourceCode().substring(0, 3) + ">" + e.targetCode().substring(0, 3) + ":" + e.cameoCode())
        .distinct().toList();
  }

  /**
   * Units from PETRARCH's PETR.UnitTest.records.xml (record id, text, gold codings "SRC>TGT:code" at country level,
   * separated by spaces), coded with the validation verb dictionary on raw text.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "DEMO-06 | The Calenardhon government condemned an attack by Osgiliath soldiers in south Ithilen on Thursday"
          + " | CAL>OSG:122",
      "DEMO-08 | The ambassadors of Arnor, Osgiliath and Gondor presented credentials to Ithilen's president on"
          + " Wednesday in a further show of support to his government by their countries."
          + " | ARN>ITH:032 OSG>ITH:032 GON>ITH:032",
      "DEMO-11 | Bree Prime Minister Romendacil will meet Eriadori and Calenardhon leaders during a brief private"
          + " visit to Eriador starting on Sunday. | BRE>ERI:031 ERI>BRE:031 BRE>CAL:031 CAL>BRE:031",
      "DEMO-15 | Arnor signed an accord on Thursday to supply Gondor with some 50,000 tonnes of wheat, worth 11.8"
          + " million ducats, an Arnorian embassy spokesman said. | ARN>GON:081",
      "DEMO-17 | Bree President Romendacil arrived in Gondor on Monday on his first official foreign visit."
          + " | BRE>GON:032 GON>BRE:033",
      "DEMO-18 | Calenardhon urged Bree on Monday to help win a greater role for it in forthcoming peace talks."
          + " | CAL>BRE:102",
      "DEMO-26 | Gondor and Osgiliath have delayed their meeting after a hafling was reported on the pass of Cirith"
          + " Ungol. | GON>OSG:191 OSG>GON:191",
      "COMPOUND-02 | Mordor, Rohan, Fornost and Bree welcomed their resumption of formal diplomatic ties with"
          + " Osgiliath after a 12-year rift. | MOR>OSG:041 ROH>OSG:041 FOR>OSG:041 BRE>OSG:041",
      "COMPOUND-23 | Neither Galadriel nor Gollum boycotted the parade supporting Gondor on Saturday."
          + " | ELF>GON:081 HOB>GON:081",
      "COMPOUND-39 | The Philippines and France agree that territorial disputes should be resolved through"
          + " international arbitration. | PHL>FRA:030 FRA>PHL:030",
      "PASSIVE-01 | Eriador was opposed by Osgiliath, the state's fiercest foe, in being drawn into the peace"
          + " process. | OSG>ERI:112",
      "SYNSET-13 | Bree Prime Minister Romendacil didn't clash over the efforts of Eriadori to deal with an orc"
          + " infestation. | BRE>ERI:904",
  })
  void petrarchUnits(String id, String text, String gold) {
    assertThat(codings(VALIDATE, text, LocalDate.of(1995, 1, 1))).as(id)
        .containsExactlyInAnyOrder(gold.strip().split(" "));
  }

  /** A capitalised verb form mid-sentence is a name, except in an all-caps headline. */
  @Test
  void capitalisedVerbMidSentenceIsANameUnlessTheSentenceIsAllCaps() {
    LocalDate d = LocalDate.of(1995, 1, 1);
    assertThat(codings(VALIDATE, "Calenardhon condemned Osgiliath.", d)).containsExactly("CAL>OSG:122");
    assertThat(codings(VALIDATE, "CALENARDHON CONDEMNED OSGILIATH.", d)).containsExactly("CAL>OSG:122");
    assertThat(codings(VALIDATE, "Calenardhon Condemned Osgiliath.", d)).isEmpty();
  }

  @Test
  void datedActorCodes() {
    // DATE-09: SAM_GAMGEE is [ORCHOB 20100109-20100112]; MET [031:032]
    List<Event> ev = VALIDATE.code("Sam Gamgee met a bunch of Morgul Orcs.",
        VALIDATE_ACTORS.find("Sam Gamgee met a bunch of Morgul Orcs.", LocalDate.of(2010, 1, 10)));
    assertThat(ev).extracting(e -> e.sourceCode() + ">" + e.targetCode() + ":" + e.cameoCode())
        .containsExactlyInAnyOrder("ORCHOB>MRGORC:031", "MRGORC>ORCHOB:032");
  }

  private static List<Event> cameo(String text) {
    return CAMEO.code(text, MENTIONS.find(text, LocalDate.of(2013, 5, 7)));
  }

  /** The subject of a following clause (", Lavrov said", ", Moscow maintains") is no target of the verb before it. */
  @Test
  void theSubjectOfTheNextClauseIsNoTarget() {
    // the seed article: Assad steps down toward no one, and Moscow speaks in a clause of its own
    assertThat(cameo("While Washington insists that Assad must step down, Moscow maintains that only Syrian people"
        + " should decide on that.")).extracting(e -> e.sourceCode() + ">" + e.targetCode() + ":" + e.cameoCode())
        .containsExactly("USAGOV>SYRGOV:100");
    assertThat(cameo("They agreed to hold a conference, Lavrov told journalists.")).isEmpty();
    // PETRARCH COMMA-12: "crowds burned down its embassy, a senior Bree official said" codes no CAL > BRE event
    assertThat(codings(VALIDATE, "Arnor is about to improve full diplomatic ties with Gondor, almost five years after"
        + " Calenardhon crowds burned down its embassy, a senior Bree official said today.", LocalDate.of(1995, 1, 1)))
        .noneMatch(c -> c.startsWith("CAL>"));
    // an object after a comma that no verb follows is still the target
    assertThat(cameo("Russia condemned, in the strongest terms, Syria on Monday.")).extracting(
        e -> e.sourceCode() + ">" + e.targetCode()).containsExactly("RUS>SYR");
  }

  /** A verb's base form right after a singular actor that a determiner opens is a noun ("the Obama campaign"). */
  @Test
  void aBaseFormAfterADeterminedActorIsANoun() {
    assertThat(cameo("It has become an issue, with the Romney campaign saying that Obama was weak.")).isEmpty();
    assertThat(cameo("The deadly Benghazi attack on the consulate angered Washington.")).noneMatch(
        e -> e.verbText().equals("attack"));
    // the noun no longer cuts the sentence: "and have announced" takes the compound subject before it
    assertThat(cameo("Russia and the US reiterated their commitment to ending the Syrian conflict, and have"
        + " announced an international conference.")).extracting(e -> e.verbText() + " " + e.sourceCode() + ">"
        + e.targetCode()).contains("announced RUS>USA", "announced USA>RUS").noneMatch(c -> c.startsWith("conflict"));
    // after coordinated or plural actors, or with no determiner, the base form stays a verb
    LocalDate d = LocalDate.of(1995, 1, 1);
    assertThat(codings(VALIDATE, "The Philippines and the Central African Republic agree that territorial disputes"
        + " should be resolved through international arbitration.", d)).contains("PHL>CAF:030", "CAF>PHL:030");
    assertThat(codings(VALIDATE, "Sam Gamgee met Gondor.", LocalDate.of(2010, 1, 10))).isNotEmpty();
  }

  /** An actor right after a preposition is no subject of the infinitive that follows it. */
  @Test
  void aPrepositionalObjectIsNoSubjectOfAnInfinitive() {
    assertThat(cameo("The talks agreed to work with all parties both inside and outside Syria to hold an"
        + " international conference with Russia.")).noneMatch(e -> e.sourceCode().startsWith("SYR"));
    // with a finite auxiliary the actor before it stays the subject ("are about to restore")
    assertThat(codings(VALIDATE, "Human rights activists in Arnor are about to restore full diplomatic ties with"
        + " Gondor almost five years after crowds trashed its embassy.", LocalDate.of(1995, 1, 1)))
        .contains("ARN>GON:064");
  }

  @Test
  void passiveVoiceSwapsRoles() {
    List<Event> ev = cameo("Syria was condemned by Russia on Monday.");
    assertThat(ev).singleElement().satisfies(e -> {
      assertThat(e.sourceCode()).isEqualTo("RUS");
      assertThat(e.targetCode()).isEqualTo("SYR");
      assertThat(e.verbText()).isEqualTo("condemned");
      assertThat(e.quadClass()).isEqualTo(CameoLookups.VERBAL_CONFLICT);
    });
    // active voice, same verb: the subject is the source
    assertThat(cameo("Russia condemned Syria on Monday.")).singleElement()
        .satisfies(e -> assertThat(e.sourceCode() + ">" + e.targetCode()).isEqualTo("RUS>SYR"));
  }

  @Test
  void negationIsFlagged() {
    Event plain = cameo("Russia criticized Syria.").get(0);
    Event neg = cameo("Russia did not criticize Syria.").get(0);
    assertThat(plain.negated()).isFalse();
    assertThat(neg.negated()).isTrue();
    assertThat(neg.cameoCode()).isEqualTo(plain.cameoCode());
    assertThat(neg.confidence()).isLessThan(plain.confidence());
  }

  @Test
  void compoundSubjectOfACooperativeVerbGoesBothWays() {
    List<Event> ev = cameo("Russia and the US reiterated their commitment to peace.");
    assertThat(ev).extracting(e -> e.sourceCode() + ">" + e.targetCode() + ":" + e.cameoCode())
        .containsExactlyInAnyOrder("RUS>USA:030", "USA>RUS:030");
    // a compound subject with a target: each member acts on the target
    assertThat(cameo("Russia and France criticized Syria.")).extracting(e -> e.sourceCode() + ">" + e.targetCode())
        .containsExactlyInAnyOrder("RUS>SYR", "FRA>SYR");
  }

  @Test
  void reportedSpeechHasLowerConfidenceAndEvidenceIsTheSentence() {
    String text = "Talks went on. \"Russia criticized Syria,\" a diplomat said. Russia criticized Syria.";
    List<Event> ev = cameo(text).stream().filter(e -> e.verbText().equals("criticized")).toList();
    assertThat(ev).hasSize(2);
    assertThat(ev.get(0).confidence()).isLessThan(ev.get(1).confidence());
    assertThat(text.substring(ev.get(1).evidenceStart(), ev.get(1).evidenceEnd()))
        .isEqualTo("Russia criticized Syria.");
  }

  @Test
  void nounsAreNotVerbs() {
    // "attack" after a determiner is a noun: no event from it
    assertThat(cameo("The attack on Syria worried Russia.")).noneMatch(e -> e.verbText().equals("attack"));
    assertThat(cameo("")).isEmpty();
    assertThat(CAMEO.code(null, null)).isEmpty();
  }

  /**
   * Paragraphs are coded one by one and a paragraph with fewer than two actors is skipped: the events of a later
   * paragraph keep their offsets in the whole text, and a quote left open in an earlier paragraph (closed by the blank
   * line) does not lower their confidence.
   */
  @Test
  void paragraphsAreCodedOnTheirOwnWithOffsetsInTheWholeText() {
    String alone = "Russia criticized Syria.";
    Event single = cameo(alone).get(0);
    String text = "Talks went on in Geneva.\n\n\"Russia alone\n\nNobody came.\n\n" + alone + "\n\nIt rained.";
    List<Event> ev = cameo(text);
    assertThat(ev).hasSize(1);
    Event e = ev.get(0);
    assertThat(e.sourceCode() + ">" + e.targetCode() + ":" + e.cameoCode())
        .isEqualTo(single.sourceCode() + ">" + single.targetCode() + ":" + single.cameoCode());
    assertThat(text.substring(e.evidenceStart(), e.evidenceEnd())).isEqualTo(alone);
    assertThat(text.substring(e.verbStart(), e.verbEnd())).isEqualTo("criticized");
    assertThat(e.confidence()).isEqualTo(single.confidence());
  }

  @Test
  void aSentenceIsCodedOnlyWithTwoSlotsOfDifferentCodesInItsRange() {
    List<MentionFinder.Mention> ms = MENTIONS.find("Russia criticized Syria.", LocalDate.of(2013, 5, 7));
    assertThat(ms).extracting(MentionFinder.Mention::cameoCode).containsExactly("RUS", "SYR");
    EventCoder.Slot rus = new EventCoder.Slot(1, 2, List.of(ms.get(0)));
    EventCoder.Slot syr = new EventCoder.Slot(4, 4, List.of(ms.get(1)));
    EventCoder.Slot[] slotAt = {null, rus, rus, null, syr};
    // one slot over two tokens counts once
    assertThat(EventCoder.slotMentions(slotAt, 0, 3)).containsExactly(List.of(ms.get(0)));
    assertThat(EventCoder.twoActors(EventCoder.slotMentions(slotAt, 0, 3))).isFalse();
    assertThat(EventCoder.twoActors(EventCoder.slotMentions(slotAt, 0, 5))).isTrue();
    assertThat(EventCoder.twoActors(EventCoder.slotMentions(slotAt, 2, 5))).isTrue(); // the range cuts into a slot
    assertThat(EventCoder.twoActors(EventCoder.slotMentions(slotAt, 3, 5))).isFalse();
    assertThat(EventCoder.twoActors(EventCoder.slotMentions(new EventCoder.Slot[0], 0, 0))).isFalse();
    // two slots of one code
    EventCoder.Slot rus2 = new EventCoder.Slot(4, 4, List.of(ms.get(0)));
    assertThat(EventCoder.twoActors(EventCoder.slotMentions(new EventCoder.Slot[] {rus, null, rus2}, 0, 3))).isFalse();
  }

  /** A mention span over a blank line (not made by our matcher, possible from others) keeps its paragraphs together. */
  @Test
  void aMentionSpanningABlankLineJoinsTheTwoParagraphs() {
    String text = "Ministers met.\n\nThe Russian\n\nForeign Ministry criticized Syria.\n\nIt rained.";
    MentionFinder.Mention syria = MENTIONS.find(text, LocalDate.of(2013, 5, 7)).stream()
        .filter(m -> "SYR".equals(m.cameoCode())).findFirst().orElseThrow();
    MentionFinder.Mention russia = MENTIONS.find("Russia", LocalDate.of(2013, 5, 7)).get(0);
    int s = text.indexOf("Russian");
    int e = text.indexOf(" criticized");
    MentionFinder.Mention across = new MentionFinder.Mention(s, e, text.substring(s, e), russia.actorId(),
        russia.actorName(), "RUSGOV", "RUS", russia.aliasType(), russia.method(), russia.resolutionMethod(), 1.0,
        russia.sentence());
    // coded apart, "The Russian" would hold one span and "Foreign Ministry criticized Syria." the other: no event
    List<Event> ev = CAMEO.code(text, List.of(across, syria));
    assertThat(ev).extracting(x -> x.sourceCode() + ">" + x.targetCode() + ":" + x.cameoCode())
        .containsExactly("RUSGOV>SYR:111");
    assertThat(text.substring(ev.get(0).verbStart(), ev.get(0).verbEnd())).isEqualTo("criticized");
  }

  @Test
  void aSentenceWhoseActorsShareOneCodeHasNoEvent() {
    // two slots, one code (USA): nothing to code, and the check that skips such sentences agrees
    assertThat(cameo("American officials criticized the United States.")).isEmpty();
    List<MentionFinder.Mention> ms = MENTIONS.find("American officials criticized the United States.", LocalDate.of(2013, 5, 7));
    assertThat(EventCoder.twoActors(ms.stream().map(List::of).toList())).isFalse();
    List<MentionFinder.Mention> two = MENTIONS.find("Russia criticized Syria.", LocalDate.of(2013, 5, 7));
    assertThat(EventCoder.twoActors(two.stream().map(List::of).toList())).isTrue();
  }
}
