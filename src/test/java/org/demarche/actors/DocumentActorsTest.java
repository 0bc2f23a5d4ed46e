package org.demarche.actors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.demarche.actors.MentionFinder.Mention;
import org.junit.jupiter.api.Test;

/** The document-level person rule of {@link DocumentActors}: its weights, features and decision. */
class DocumentActorsTest {
  static final ActorDictionary DICT = ActorDictionary.builtin();
  static final LocalDate D87 = LocalDate.of(1987, 3, 3);

  static final String TEXT = "LYNG SAYS NO DECISION ON SOYBEAN LOAN\n"
      + "WASHINGTON, March 3 - Agriculture Secretary Richard Lyng said no decision had been made on the soybean loan.\n"
      + "    Lyng told reporters the department was studying several options.\n"
      + "    The options include a lower loan rate, Lyng said.\n"
      + "    Farm groups have met with department officials several times.\n"
      + "    Prices fell on the news, traders said.\n"
      + "    The issue was raised with President Reagan last month, one lobbyist noted.\n";

  static Mention m(String surface, String id, String aliasType, String method, String res, int sentence) {
    int start = TEXT.indexOf(surface);
    ActorDictionary.Actor a = DICT.actor(id);
    return new Mention(start, start + surface.length(), surface, id, a.name(), "USAGOV", "USA", aliasType, method,
        res, 0.9, sentence);
  }

  /** A central person (headline, lead, speaker of three reporting verbs) and one passing mention of another. */
  static List<Mention> mentions() {
    List<Mention> ms = new ArrayList<>();
    ms.add(m("LYNG", "RICHARD_LYNG", "surname", "surname", "coref_surname", 0));
    ms.add(m("Richard Lyng", "RICHARD_LYNG", "name", "title_name", "dictionary", 1));
    int second = TEXT.indexOf("Lyng told");
    ms.add(new Mention(second, second + 4, "Lyng", "RICHARD_LYNG", "Richard Lyng", "USAGOV", "USA", "surname",
        "surname", "coref_surname", 0.85, 2));
    int third = TEXT.indexOf("Lyng said.");
    ms.add(new Mention(third, third + 4, "Lyng", "RICHARD_LYNG", "Richard Lyng", "USAGOV", "USA", "surname",
        "surname", "coref_surname", 0.85, 3));
    ms.add(m("President Reagan", "RONALD_REAGAN", "title", "exact", "dictionary", 6));
    return ms;
  }

  @Test
  void personRuleIsOnTheClasspathWithOneWeightPerFeatureAndACutoff() {
    double[] w = DocumentActors.PERSON_RULE_WEIGHTS;
    assertThat(w).as("person_rule.tsv on the classpath").isNotNull().hasSize(DocumentActors.PERSON_FEATURES.size() + 1);
    assertThat(w[DocumentActors.PERSON_FEATURES.size()]).as("cutoff").isBetween(0.0, 1.0);
    assertThat(w[0]).as("bias").isNegative();
    assertThat(DocumentActors.loadRule("org/demarche/actors/no_such_rule.tsv", DocumentActors.PERSON_FEATURES))
        .isNull();
  }

  @Test
  void speakerIsTheSubjectOrTheObjectOfAReportingVerb() {
    List<Mention> ms = mentions();
    assertThat(DocumentActors.speaker(ms.get(1), TEXT)).as("Richard Lyng said").isTrue();
    assertThat(DocumentActors.speaker(ms.get(2), TEXT)).as("Lyng told").isTrue();
    assertThat(DocumentActors.speaker(ms.get(0), TEXT)).as("LYNG SAYS").isTrue();
    assertThat(DocumentActors.speaker(ms.get(4), TEXT)).as("with President Reagan last month").isFalse();
    String apposition = "Clayton Yeutter, the U.S. trade representative, said on Monday.";
    Mention y = new Mention(0, 15, "Clayton Yeutter", "CLAYTON_YEUTTER", "Clayton Yeutter", "USAGOV", "USA", "name",
        "exact", "dictionary", 0.95, 0);
    assertThat(DocumentActors.speaker(y, apposition)).isTrue();
    String after = "The talks will go on, said Clayton Yeutter.";
    int s = after.indexOf("Clayton");
    assertThat(DocumentActors.speaker(new Mention(s, s + 15, "Clayton Yeutter", "CLAYTON_YEUTTER", "Clayton Yeutter",
        "USAGOV", "USA", "name", "exact", "dictionary", 0.95, 0), after)).isTrue();
  }

  @Test
  void personFeaturesDescribeTheMentions() {
    Map<String, double[]> f = DocumentActors.personFeatures(mentions(), DICT, TEXT);
    assertThat(f).containsOnlyKeys("RICHARD_LYNG", "RONALD_REAGAN");
    List<String> n = DocumentActors.PERSON_FEATURES;
    double[] lyng = f.get("RICHARD_LYNG");
    double[] reagan = f.get("RONALD_REAGAN");
    assertThat(lyng[n.indexOf("bias")]).isEqualTo(1.0);
    assertThat(lyng[n.indexOf("is_top")]).isEqualTo(1.0);
    assertThat(lyng[n.indexOf("headline")]).isEqualTo(1.0);
    assertThat(lyng[n.indexOf("lead")]).isEqualTo(1.0);
    assertThat(lyng[n.indexOf("first_sentence_inv")]).isEqualTo(1.0);
    assertThat(lyng[n.indexOf("log_full")]).isEqualTo(Math.log1p(1));
    assertThat(lyng[n.indexOf("log_surname")]).isEqualTo(Math.log1p(3));
    assertThat(lyng[n.indexOf("titled")]).isEqualTo(1.0);
    assertThat(lyng[n.indexOf("log_speaker")]).isEqualTo(Math.log1p(4));
    assertThat(lyng[n.indexOf("log_persons")]).isEqualTo(Math.log1p(2));
    // scores: coreference counts 0.5, doubled in the lead: LYNG 1 + Richard Lyng 2 + 0.5 + 0.5 = 4; Reagan 1
    assertThat(lyng[n.indexOf("log_score")]).isEqualTo(Math.log1p(4));
    assertThat(reagan[n.indexOf("share_of_top")]).isEqualTo(1.0 / 4);
    assertThat(reagan[n.indexOf("headline")]).isZero();
    assertThat(reagan[n.indexOf("first_sentence_inv")]).isEqualTo(1.0 / 7);
    assertThat(reagan[n.indexOf("log_speaker")]).isZero();
    // "Richard Lyng said", "Lyng told", "Lyng said" are subjects (the ALL-CAPS headline is neither); "with President
    // Reagan" is an object
    assertThat(lyng[n.indexOf("log_subject")]).isEqualTo(Math.log1p(3));
    assertThat(lyng[n.indexOf("log_object")]).isZero();
    assertThat(reagan[n.indexOf("log_subject")]).isZero();
    assertThat(reagan[n.indexOf("log_object")]).isEqualTo(Math.log1p(1));
  }

  static String role(String text, String surface) {
    int s = text.indexOf(surface);
    return DocumentActors.grammaticalRole(new Mention(s, s + surface.length(), surface, "X", "X", "", "", "name",
        "exact", "dictionary", 0.9, 0), text);
  }

  @Test
  void grammaticalRoleTellsSubjectsObjectsAndAttributiveMentions() {
    assertThat(role("The Senate urged President Reagan to act on the bill.", "President Reagan")).isEqualTo("object");
    assertThat(role("Funaro met with U.S. Treasury Secretary James Baker on Monday.", "James Baker"))
        .isEqualTo("object");
    assertThat(role("The bill would require President Reagan to retaliate.", "President Reagan")).isEqualTo("object");
    assertThat(role("Lyng told reporters the department was studying options.", "Lyng")).isEqualTo("subject");
    assertThat(role("Baker, the Treasury Secretary, warned Japan on Monday.", "Baker")).isEqualTo("subject");
    assertThat(role("Chancellor Nigel Lawson has set a target.", "Nigel Lawson")).isEqualTo("subject");
    assertThat(role("Congress rejected President Reagan's budget.", "President Reagan")).isEqualTo("attributive");
    assertThat(role("The Reagan administration said no.", "Reagan")).isEqualTo("attributive");
    assertThat(role("LYNG SAYS NO DECISION ON LOAN", "LYNG")).isEmpty(); // an ALL-CAPS headline shows no verb
    Mention m = new Mention(0, 4, "Lyng", "X", "X", "", "", "name", "exact", "dictionary", 0.9, 0);
    assertThat(DocumentActors.grammaticalRole(m, null)).isEmpty();
  }

  @Test
  void learnedPersonRuleKeepsTheCentralPersonAndDropsAPassingMention() {
    assertThat(DocumentActors.documentPeople(mentions(), DICT, TEXT)).containsExactly("RICHARD_LYNG");
    double[] w = DocumentActors.PERSON_RULE_WEIGHTS;
    Map<String, double[]> f = DocumentActors.personFeatures(mentions(), DICT, TEXT);
    assertThat(DocumentActors.probability(w, f.get("RICHARD_LYNG"))).isGreaterThan(0.8);
    assertThat(DocumentActors.probability(w, f.get("RONALD_REAGAN"))).isLessThan(w[w.length - 1]);
  }

  @Test
  void theMatcherFindsTheHeadlineSurnameOfAPersonTheBodyNamesBySurnameAlone() {
    String text = "SOYBEAN GROUPS MEET WITH LYNG ON LOAN\n"
        + "WASHINGTON, March 3 - Soybean groups met with senior officials last week.\n"
        + "    The groups said they were delighted to meet the Secretary, and Lyng did not close the door.\n";
    List<Mention> ms = new MentionFinder(DICT).find(text, D87);
    assertThat(ms).filteredOn(x -> x.actorId().equals("RICHARD_LYNG")).extracting(Mention::aliasText, Mention::sentence)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("LYNG", 0), org.assertj.core.groups.Tuple.tuple("Lyng", 2));
  }

  @Test
  void anAdministrationAliasIsNoSurnameAntecedent() {
    String text = "The Reagan administration said it would veto the bill.\n"
        + "    Administration officials said the vote was close.\n";
    List<Mention> ms = new MentionFinder(DICT).find(text, D87);
    assertThat(ms).extracting(Mention::actorId).doesNotContain("RONALD_REAGAN").contains("USAGOV");
  }
}
