package org.demarche.stance.statements;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.demarche.actors.ActorDictionary;
import org.demarche.actors.MentionFinder;
import org.demarche.actors.MentionFinder.Mention;
import org.demarche.stance.statements.StatementFinder.Statement;
import org.demarche.stance.statements.StatementFinder.Target;
import org.junit.jupiter.api.Test;

/** Quote and speaker patterns, each on a short synthetic text. */
class StatementFinderTest {
  static final MentionFinder MENTIONS = new MentionFinder(ActorDictionary.builtin());
  static final StatementFinder FINDER = new StatementFinder();
  static final LocalDate DATE = LocalDate.of(2013, 5, 7);

  /** Statements with mentions from the real matcher. */
  static List<Statement> find(String text) {
    return FINDER.find(text, MENTIONS.find(text, DATE));
  }

  static Statement only(String text) {
    List<Statement> s = find(text);
    assertThat(s).as("statements of %s", text).hasSize(1);
    return s.get(0);
  }

  /** A hand-made dictionary mention of {@code surface} (first occurrence). */
  static Mention mention(String text, String surface, String id, String code, String country, String method) {
    int s = text.indexOf(surface);
    return new Mention(s, s + surface.length(), surface, id, id, code, country, "name", method, "dictionary", 0.95, 0);
  }

  @Test
  void quoteThenSpeakerThenVerb() {
    Statement s = only("“We will push for a conference,” Lavrov said.");
    assertThat(s.kind()).isEqualTo("direct_quote");
    assertThat(s.content()).isEqualTo("We will push for a conference");
    assertThat(s.speakerActorId()).isEqualTo("SERGEY_LAVROV");
    assertThat(s.speakerResolution()).isEqualTo("mention");
    assertThat(s.reportingVerb()).isEqualTo("say");
    assertThat(s.verbClass()).isEqualTo("neutral");
    assertThat(s.unresolvedReason()).isNull();
    assertThat(s.confidence()).isEqualTo(0.9);
    assertThat(s.evidenceStart()).isZero();
  }

  @Test
  void quoteThenVerbThenSpeaker() {
    Statement s = only("\"The talks were useful,\" said Sergey Lavrov.");
    assertThat(s.content()).isEqualTo("The talks were useful");
    assertThat(s.speakerActorId()).isEqualTo("SERGEY_LAVROV");
    assertThat(s.speakerText()).isEqualTo("Sergey Lavrov");
  }

  @Test
  void speakerVerbColonQuote() {
    Statement s = only("John Kerry told reporters: «Assad must go.»");
    assertThat(s.kind()).isEqualTo("direct_quote");
    assertThat(s.content()).isEqualTo("Assad must go.");
    assertThat(s.speakerActorId()).isEqualTo("JOHN_KERRY");
    assertThat(s.reportingVerb()).isEqualTo("tell");
    assertThat(s.targets()).extracting(Target::actorId).containsExactly("BASHAR_AL_ASSAD");
  }

  @Test
  void reportedWithAndWithoutThat() {
    Statement s = only("Sergey Lavrov said that the conference would be held in June.");
    assertThat(s.kind()).isEqualTo("reported");
    assertThat(s.content()).isEqualTo("the conference would be held in June");
    assertThat(s.speakerActorId()).isEqualTo("SERGEY_LAVROV");
    assertThat(s.confidence()).isEqualTo(0.75);
    Statement z = only("John Kerry said the conference would be held in June.");
    assertThat(z.content()).isEqualTo("the conference would be held in June");
    Statement t = only("John Kerry told reporters that Russia and the US agree on Syria.");
    assertThat(t.reportingVerb()).isEqualTo("tell");
    assertThat(t.content()).isEqualTo("Russia and the US agree on Syria");
    assertThat(t.targets()).extracting(Target::actorId).containsExactly("RUS", "USA", "SYR");
    Statement j = only("John Kerry told journalists Russia would help.");
    assertThat(j.content()).isEqualTo("Russia would help");
  }

  @Test
  void assertiveVerbsNeedThat() {
    assertThat(only("Sergey Lavrov stressed that Syria must be united.").verbClass()).isEqualTo("assert");
    assertThat(only("Sergey Lavrov warned that arming rebels is illegal.").reportingVerb()).isEqualTo("warn");
    assertThat(only("Sergey Lavrov reminded that the opposition was divided.").reportingVerb()).isEqualTo("remind");
    assertThat(only("Sergey Lavrov insisted that talks must start.").reportingVerb()).isEqualTo("insist");
    assertThat(only("Russia maintains that only Syrians should decide.").speakerActorId()).isEqualTo("RUS");
    assertThat(only("Sergey Lavrov added that the talks went well.").reportingVerb()).isEqualTo("add");
    // "added" without a clause is not a statement
    assertThat(find("Sergey Lavrov added two names to the list.")).isEmpty();
    // negative and positive verbs with an object
    Statement c = only("Russia condemned the attack on Syria.");
    assertThat(c.verbClass()).isEqualTo("negative");
    assertThat(c.content()).isEqualTo("the attack on Syria");
    assertThat(only("John Kerry welcomed the agreement with Russia.").verbClass()).isEqualTo("positive");
  }

  @Test
  void trailingAttributionWithoutQuotes() {
    Statement s = only("The conference will be held by the end of May, Sergey Lavrov said.");
    assertThat(s.kind()).isEqualTo("reported");
    assertThat(s.content()).isEqualTo("The conference will be held by the end of May");
    assertThat(s.speakerActorId()).isEqualTo("SERGEY_LAVROV");
    Statement inv = only("The conference will be held by the end of May, said Sergey Lavrov.");
    assertThat(inv.content()).isEqualTo("The conference will be held by the end of May");
    assertThat(inv.speakerActorId()).isEqualTo("SERGEY_LAVROV");
    Statement later = only("Iran must stop enrichment, John Kerry said on Tuesday after the meeting.");
    assertThat(later.content()).isEqualTo("Iran must stop enrichment");
    assertThat(later.targets()).extracting(Target::actorId).containsExactly("IRN");
  }

  @Test
  void accordingTo() {
    Statement lead = only("According to the UN, the war has killed 70,000 people.");
    assertThat(lead.kind()).isEqualTo("according_to");
    assertThat(lead.reportingVerb()).isEqualTo("according to");
    assertThat(lead.speakerActorId()).isEqualTo("IGOUNO");
    assertThat(lead.content()).isEqualTo("the war has killed 70,000 people");
    Statement tail = only("The war has killed 70,000 people, according to the UN.");
    assertThat(tail.content()).isEqualTo("The war has killed 70,000 people");
    Statement unknown = only("The war has killed 70,000 people, according to activists.");
    assertThat(unknown.speakerResolution()).isEqualTo("unresolved");
    assertThat(unknown.unresolvedReason()).isEqualTo("speaker_not_in_dictionary");
    assertThat(unknown.speakerText()).isEqualTo("activists");
  }

  @Test
  void pronounSpeakerResolvedHere() {
    // hand-made mentions without the matcher's pronoun coreference: "he" is resolved by the statement finder
    String text = "Sergey Lavrov met the press. “We will act,” he said.";
    Statement s = FINDER.find(text, List.of(mention(text, "Sergey Lavrov", "SERGEY_LAVROV", "RUSGOV", "RUS", "exact")))
        .get(0);
    assertThat(s.speakerText()).isEqualTo("he");
    assertThat(s.speakerActorId()).isEqualTo("SERGEY_LAVROV");
    assertThat(s.speakerResolution()).isEqualTo("pronoun_previous");
    assertThat(s.confidence()).isEqualTo(0.675);
    // the matcher's own pronoun coreference gives "coref"
    Statement m = find(text).get(0);
    assertThat(m.speakerActorId()).isEqualTo("SERGEY_LAVROV");
    assertThat(m.speakerResolution()).isIn("coref", "pronoun_previous");
    // two people in play: ambiguous
    String two = "Sergey Lavrov met John Kerry. “We will act,” he said.";
    Statement a = FINDER.find(two, List.of(mention(two, "Sergey Lavrov", "SERGEY_LAVROV", "RUSGOV", "RUS", "exact"),
        mention(two, "John Kerry", "JOHN_KERRY", "USAGOV", "USA", "exact"))).get(0);
    assertThat(a.speakerResolution()).isEqualTo("unresolved");
    assertThat(a.unresolvedReason()).isEqualTo("ambiguous_pronoun");
    assertThat(a.speakerText()).isEqualTo("he");
  }

  @Test
  void roleNounAndPossessiveTitles() {
    String text = "Secretary of State John Kerry arrived in Moscow. The secretary of state told Vladimir Putin that "
        + "Washington wants a deal.";
    List<Statement> ss = find(text);
    assertThat(ss).hasSize(1);
    assertThat(ss.get(0).speakerActorId()).isEqualTo("JOHN_KERRY");
    assertThat(ss.get(0).speakerResolution()).isEqualTo("coref");
    assertThat(ss.get(0).content()).isEqualTo("Washington wants a deal");
    // person over country in a titled name
    Statement t = only("US Secretary of State John Kerry said that Moscow should help.");
    assertThat(t.speakerActorId()).isEqualTo("JOHN_KERRY");
    assertThat(t.speakerText()).isEqualTo("US Secretary of State John Kerry");
    assertThat(t.targets()).extracting(Target::actorId).containsExactly("RUSGOV");
    Statement r = only("Russian Foreign Minister Sergey Lavrov said the West must stop arming rebels.");
    assertThat(r.speakerActorId()).isEqualTo("SERGEY_LAVROV");
  }

  @Test
  void compoundSubjectGivesOneStatementPerSpeaker() {
    List<Statement> ss = find("Sergey Lavrov and John Kerry told reporters that a conference would follow.");
    assertThat(ss).extracting(Statement::speakerActorId).containsExactly("SERGEY_LAVROV", "JOHN_KERRY");
    assertThat(ss).extracting(Statement::content).containsOnly("a conference would follow");
  }

  @Test
  void speakerNotInDictionary() {
    Statement s = only("A ministry spokesman said the talks would resume.");
    assertThat(s.speakerResolution()).isEqualTo("unresolved");
    assertThat(s.unresolvedReason()).isEqualTo("speaker_not_in_dictionary");
    assertThat(s.speakerText()).isEqualTo("A ministry spokesman");
    assertThat(s.confidence()).isEqualTo(0.375);
    Statement o = only("“We are ready,” officials said.");
    assertThat(o.speakerText()).isEqualTo("officials");
    assertThat(o.unresolvedReason()).isEqualTo("speaker_not_in_dictionary");
  }

  @Test
  void quotesSpanningParagraphs() {
    String text = "John Kerry spoke after the meeting.\n\n“We have made progress on the conference.\n\n"
        + "“The sides must now come to the table,” Kerry said.";
    List<Statement> ss = find(text);
    assertThat(ss).hasSize(1);
    Statement s = ss.get(0);
    assertThat(s.kind()).isEqualTo("direct_quote");
    assertThat(s.speakerActorId()).isEqualTo("JOHN_KERRY");
    assertThat(s.content()).startsWith("We have made progress").endsWith("must now come to the table");
    assertThat(s.evidenceStart()).isEqualTo(text.indexOf("“We have"));
    // straight quotes, the same convention
    String straight = text.replace('“', '"').replace('”', '"');
    assertThat(find(straight)).singleElement().satisfies(x -> {
      assertThat(x.content()).startsWith("We have made progress").endsWith("must now come to the table");
      assertThat(x.speakerActorId()).isEqualTo("JOHN_KERRY");
    });
    // an opening quote left open, the next paragraph not a quote: the quote ends with its paragraph
    String open = "\"We have made progress, John Kerry said\n\nThe talks ended.";
    assertThat(find(open)).allSatisfy(x -> assertThat(x.content()).doesNotContain("The talks ended"));
  }

  @Test
  void closingQuoteWithoutOpening() {
    Statement s = only("Arming rebels violates international law,” Sergey Lavrov said last week.");
    assertThat(s.content()).isEqualTo("Arming rebels violates international law");
    assertThat(s.contentStart()).isZero();
    assertThat(s.speakerActorId()).isEqualTo("SERGEY_LAVROV");
  }

  @Test
  void nestedQuotes() {
    Statement s = only("“They call it ‘a vital tool’ for peace,” John Kerry said.");
    assertThat(s.content()).isEqualTo("They call it ‘a vital tool’ for peace");
    assertThat(s.speakerActorId()).isEqualTo("JOHN_KERRY");
    Statement st = only("\"They call it 'a vital tool' for peace,\" John Kerry said.");
    assertThat(st.content()).isEqualTo("They call it 'a vital tool' for peace");
    // a reporting verb inside a quote is part of the quote
    Statement in = only("John Kerry said: \"Lavrov told me 'we will act' and he said it twice.\"");
    assertThat(in.content()).isEqualTo("Lavrov told me 'we will act' and he said it twice.");
    // the matcher resolves "he" inside the quote to Lavrov too; both are targets of Kerry's statement
    assertThat(in.targets()).extracting(Target::aliasText).containsExactly("Lavrov", "he");
    assertThat(in.targets()).extracting(Target::actorId).containsOnly("SERGEY_LAVROV");
  }

  @Test
  void quoteWithoutSpeakerAndScareQuotes() {
    List<Statement> head = find("\"We will never surrender\"\n\nThe war in Syria entered its third year.");
    assertThat(head).singleElement().satisfies(s -> {
      assertThat(s.kind()).isEqualTo("direct_quote");
      assertThat(s.speakerResolution()).isEqualTo("unresolved");
      assertThat(s.unresolvedReason()).isEqualTo("no_speaker");
      assertThat(s.speakerText()).isNull();
      assertThat(s.content()).isEqualTo("We will never surrender");
      assertThat(s.confidence()).isEqualTo(0.45);
    });
    // scare quotes attributed to nobody are not statements
    assertThat(find("The so-called “reset” between Russia and the US has failed.")).isEmpty();
    assertThat(find("The communiqué is \"a vital tool\" to end the war.")).isEmpty();
  }

  @Test
  void partialQuoteInsideReportedSpeech() {
    Statement s = only("Sergey Lavrov said the communiqué is “a vital tool” to end the war in Syria.");
    assertThat(s.kind()).isEqualTo("reported");
    assertThat(s.content()).isEqualTo("the communiqué is “a vital tool” to end the war in Syria");
    assertThat(s.targets()).extracting(Target::actorId).containsExactly("SYR");
  }

  @Test
  void notStatements() {
    assertThat(find("Sergey Lavrov did not say whether Russia would attend.")).isEmpty();
    assertThat(find("John Kerry was told to wait.")).isEmpty();
    assertThat(find("John Kerry declined to say more about Syria.")).isEmpty();
    assertThat(find("Russia and the US agreed to meet.")).isEmpty();
    assertThat(find("")).isEmpty();
    assertThat(FINDER.find(null, List.of())).isEmpty();
  }

  @Test
  void continuedQuoteKeepsSpeakerAndTargetsSkipTheSpeaker() {
    String text = "“We need to hear from the opposition,” Sergey Lavrov said. “Russia will help.”";
    List<Statement> ss = find(text);
    assertThat(ss).hasSize(2);
    assertThat(ss.get(1).speakerActorId()).isEqualTo("SERGEY_LAVROV");
    assertThat(ss.get(1).speakerResolution()).isEqualTo("previous_speaker");
    assertThat(ss.get(1).reportingVerb()).isNull();
    assertThat(ss.get(1).targets()).extracting(Target::actorId).containsExactly("RUS");
    // "During the talks, Lavrov said, ...": content is the whole sentence, the speaker is not a target
    Statement p = only("During the talks with Syria, Sergey Lavrov said, special attention was paid to Iran.");
    assertThat(p.content()).startsWith("During the talks");
    assertThat(p.targets()).extracting(Target::actorId).containsExactly("SYR", "IRN");
  }

  @Test
  void appositionAndPlaceModifiers() {
    Statement a = only("Sergey Lavrov, the Russian foreign minister, said Wednesday that talks would resume.");
    assertThat(a.speakerActorId()).isEqualTo("SERGEY_LAVROV");
    assertThat(a.speakerText()).isEqualTo("Sergey Lavrov, the Russian foreign minister");
    assertThat(a.content()).isEqualTo("talks would resume");
    // "Senator Smith of Illinois": Illinois is not the speaker; "a spokesman for the UN" is the UN
    Statement m = only("Senator Jack Smith of Russia said that sanctions would follow.");
    assertThat(m.speakerResolution()).isEqualTo("unresolved");
    assertThat(m.speakerText()).isEqualTo("Senator Jack Smith of Russia");
    assertThat(only("A spokesman for the UN said that aid would resume.").speakerActorId()).isEqualTo("IGOUNO");
    // "Mr." inside the subject does not cut it
    Statement mr = only("“We are ready,” Mr. John Kerry said.");
    assertThat(mr.speakerActorId()).isEqualTo("JOHN_KERRY");
  }
}
