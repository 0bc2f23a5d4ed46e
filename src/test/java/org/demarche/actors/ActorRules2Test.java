package org.demarche.actors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.demarche.actors.MentionFinder.Mention;
import org.junit.jupiter.api.Test;

/** Rules added in round 2 of the actor error analysis (Reuters-21578 dev, CoNLL testa). */
class ActorRules2Test {
  static final ActorDictionary DICT = ActorDictionary.builtin();
  static final MentionFinder F = new MentionFinder(DICT);
  static final LocalDate D87 = LocalDate.of(1987, 3, 3);

  static final String WRAPPED = "U.K. SAYS HAS NO ROLE IN BRAZIL MORATORIUM TALKS\n"
      + "LONDON, March 2 - U.K. Chancellor of the Exchequer Nigel\n"
      + "Lawson has told Brazil's Finance Minister Dilson Funaro that\n"
      + "negotiations on Brazil's debt to commercial banks are a matter\n"
      + "for the commercial banks themselves, a Treasury spokesman said.\n"
      + "    The spokesman said the Chancellor had emphasised in talks\n"
      + "this morning with Funaro the need for the Brazilian authorities\n"
      + "to be able to present a convincing economic program.\n";

  @Test
  void softWrappedLineBreakContinuesTheSentence() {
    assertThat(org.demarche.text.Sentences.hardWrapped(WRAPPED)).isTrue();
    List<Mention> ms = F.find(WRAPPED, D87);
    // the name split over two lines is found
    assertThat(ms).filteredOn(m -> m.actorId().equals("NIGEL_LAWSON")).extracting(Mention::aliasText)
        .contains("Nigel\nLawson", "Chancellor");
    // the headline stays its own sentence; the dateline line and its wrapped continuation are one sentence
    Mention funaro = ms.stream().filter(m -> m.aliasText().equals("Dilson Funaro")).findFirst().orElseThrow();
    assertThat(funaro.sentence()).isEqualTo(1);
    // an indented line opens a paragraph
    Mention brazilian = ms.stream().filter(m -> m.aliasText().equals("Brazilian authorities")).findFirst()
        .orElseThrow();
    assertThat(brazilian.sentence()).isEqualTo(2);
  }

  @Test
  void oneParagraphPerLineIsNotWrapped() {
    String web = "Lavrov and Kerry to meet\nRussian Foreign Minister Sergey Lavrov will meet US Secretary of State John "
        + "Kerry in Moscow on Tuesday to discuss the conflict in Syria, the ministry said in a statement.\n"
        + "The talks follow a phone call between the two presidents last week, in which both sides agreed to push "
        + "for a conference.\nNo date has been set.";
    assertThat(org.demarche.text.Sentences.hardWrapped(web)).isFalse();
    assertThat(F.find(web, LocalDate.of(2013, 5, 7))).filteredOn(m -> m.aliasText().startsWith("Russian"))
        .extracting(Mention::sentence).containsOnly(1);
  }

  @Test
  void learnedCountryRuleKeepsTheStoryCountryAndDropsAPassingMention() {
    assertThat(DocumentActors.RULE).as("country_rule.tsv on the classpath").isNotNull();
    List<Mention> ms = F.find(WRAPPED + "    Funaro will visit Japan later this year, the spokesman added.\n", D87);
    assertThat(DocumentActors.countryFeatures(ms, DICT)).containsKeys("GBR", "BRA", "JPN");
    assertThat(DocumentActors.documentCountries(ms, DICT)).contains("GBR", "BRA").doesNotContain("JPN");
  }

  @Test
  void placeBeforeAnEventNounIsAnEventNameAlsoInCapitals() {
    LocalDate d96 = LocalDate.of(1996, 8, 30);
    assertThat(F.find("SQUASH - HONG KONG OPEN QUARTER-FINAL RESULTS .", d96)).isEmpty();
    assertThat(F.find("ATHLETICS - BERLIN GRAND PRIX RESULTS .", d96)).isEmpty();
    assertThat(F.find("TENNIS - FRIDAY 'S RESULTS FROM THE U.S. OPEN .", d96)).isEmpty();
    // a lower-case noun is not an event name; a caps headline place still counts
    assertThat(F.find("Japan open to talks, minister says.", d96)).extracting(Mention::actorId).containsExactly("JPN");
    assertThat(F.find("JAPAN SAYS TRADE TALKS TO RESUME", d96)).extracting(Mention::actorId).containsExactly("JPN");
  }

  @Test
  void institutionWordInsideALongerNameIsNotAMention() {
    LocalDate d96 = LocalDate.of(1996, 8, 30);
    assertThat(F.find("A spokesman of the Iraqi National Congress said so.", d96)).extracting(Mention::actorId)
        .doesNotContain("USALEG");
    assertThat(F.find("He took part for the African National Congress in 1994.", d96)).isEmpty();
    // after a place it is that place's institution, and alone it still matches
    assertThat(F.find("The U.S. Congress passed the bill.", d96)).extracting(Mention::actorId).contains("USALEG");
    assertThat(F.find("Lawmakers in Congress passed the bill.", d96)).extracting(Mention::actorId)
        .containsExactly("USALEG");
  }

  @Test
  void surnameInACapsHeadlineAboveTheFullName() {
    String doc = "YEUTTER BLASTS PROPOSED EC OILS AND FATS TAX\n"
        + "WASHINGTON, March 3 - U.S. trade representative Clayton Yeutter today said a tax would hurt farmers.";
    List<Mention> ms = F.find(doc, D87);
    Mention head = ms.get(0);
    assertThat(head.aliasText()).isEqualTo("YEUTTER");
    assertThat(head.actorId()).isEqualTo("CLAYTON_YEUTTER");
    assertThat(head.resolutionMethod()).isEqualTo("coref_surname");
    // without the full name in the document, a capitalised headline word is not a surname mention
    assertThat(F.find("YEUTTER BLASTS PROPOSED EC OILS AND FATS TAX\nWASHINGTON, March 3 - A tax would hurt.", D87))
        .extracting(Mention::actorId).doesNotContain("CLAYTON_YEUTTER");
  }

  @Test
  void aNameDoesNotRunOverABracketAndANumberIsNoActor() {
    LocalDate d96 = LocalDate.of(1996, 8, 30);
    assertThat(F.find("They were persecuted by the regime of Saddam ( Hussein ) , he said .", d96))
        .extracting(Mention::aliasText).doesNotContain("Saddam ( Hussein");
    assertThat(F.find("Saddam Hussein said on Friday .", d96)).extracting(Mention::aliasText)
        .contains("Saddam Hussein");
    assertThat(F.find("We will see gold at $ 395 and then 380 by October .", d96)).isEmpty();
  }

  @Test
  void aNameWordOpeningTheSentenceMakesALongerNameACommonWordDoesNot() {
    LocalDate d96 = LocalDate.of(1996, 8, 30);
    assertThat(MentionFinder.COMMON_WORDS).contains("yesterday", "but", "a").doesNotContain("trevor", "anthony");
    // a first name or club name before the place: part of a longer name
    assertThat(F.find("Trevor Holland , a 52 year-old , was convicted .", d96)).isEmpty();
    assertThat(F.find("2. Anthony Washington ( U.S. ) 68.44", d96)).extracting(Mention::aliasText)
        .containsExactly("U.S.");
    assertThat(F.find("Rotor Volgograd must play their next home game behind closed doors .", d96)).isEmpty();
    // a common word capitalised only because it opens the sentence: the place is still a mention
    assertThat(F.find("Yesterday Moscow said it would not attend .", d96)).extracting(Mention::aliasText)
        .containsExactly("Moscow");
    assertThat(F.find("But Russia said no .", d96)).extracting(Mention::actorId).containsExactly("RUS");
    assertThat(F.find("A U.S. official said so .", d96)).extracting(Mention::actorId).containsExactly("USA");
  }

  @Test
  void organisationsNamedAfterACountryAreNotTheCountry() {
    LocalDate d96 = LocalDate.of(1996, 8, 30);
    assertThat(F.find("Xiao Qiang of the New York-based group Human Rights in China said so .", d96))
        .extracting(Mention::aliasText).contains("Human Rights in China").doesNotContain("China");
    List<Mention> sc = F.find("Statistics Canada on Friday reported Canada 's current account moved .", d96);
    assertThat(sc).extracting(Mention::aliasText).containsExactly("Statistics Canada", "Canada");
    assertThat(sc.get(0).country()).isEqualTo("CAN");
  }

  @Test
  void companyAbbreviationKeepsItsPeriod() {
    List<Mention> ms = F.find("Kansas City , Mo.-based Commerce Bancshares Inc. , with $ 9.32 billion in assets .",
        LocalDate.of(1996, 8, 30));
    assertThat(ms).extracting(Mention::aliasText).contains("Commerce Bancshares Inc.");
  }

  @Test
  void aSurnameBeforeAnotherNameWordIsAFirstName() {
    LocalDate d96 = LocalDate.of(1996, 8, 30);
    assertThat(F.find("\" It is a shame , \" Panamanian Boxing Association President Ramon Manzanares said .", d96))
        .extracting(Mention::actorId).doesNotContain("HAIM_RAMON");
    // the surname alone after a title still names the person
    assertThat(F.find("Justice Minister Ramon said the bill would pass .", LocalDate.of(2006, 7, 1)))
        .extracting(Mention::actorId).contains("HAIM_RAMON");
  }

  @Test
  void welshIsADemonymNotAPlace() {
    LocalDate d96 = LocalDate.of(1996, 8, 30);
    ActorDictionary.Entry e = DICT.lookup("welsh");
    assertThat(e.aliasType()).isEqualTo("demonym");
    assertThat(F.find("The Welsh fly-half kicked a penalty .", d96)).extracting(Mention::aliasType)
        .containsOnly("demonym");
    assertThat(F.find("He spoke Welsh .", d96)).isEmpty();
  }

  @Test
  void aPlaceInsideAHyphenatedCompoundIsNotAMention() {
    LocalDate d96 = LocalDate.of(1996, 8, 30);
    assertThat(F.find("He played with ex-England fast bowler Martin McCague .", d96)).extracting(Mention::aliasText)
        .doesNotContain("England");
    assertThat(F.find("Pro-Moscow leaders in Chechnya have criticised the mission .", d96))
        .extracting(Mention::aliasText).doesNotContain("Moscow");
    assertThat(F.find("U.S.-led allied planes are based in Turkey .", d96)).extracting(Mention::aliasText)
        .containsExactly("Turkey");
    // two places joined by a hyphen are both mentions
    assertThat(F.find("The U.S.-Japan trade talks resumed .", d96)).extracting(Mention::actorId)
        .containsExactly("USA", "JPN");
  }
}
