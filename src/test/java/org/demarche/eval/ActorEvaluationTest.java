package org.demarche.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.demarche.actors.ActorDictionary;
import org.junit.jupiter.api.Test;

/** The pieces of {@link ActorEvaluation} that map predictions onto the Reuters-21578 vocabularies. */
class ActorEvaluationTest {
  static final ActorDictionary DICT = ActorDictionary.builtin();
  static final List<String[]> VOCAB = List.of("reagan".split("-"), "james-baker".split("-"),
      "howard-baker".split("-"), "o-kennedy".split("-"), "leigh-pemberton".split("-"), "de-clercq".split("-"));

  @Test
  void personKeysMatchLastNameAndFirstNameOfTwoPartKeys() {
    assertThat(ActorEvaluation.personKeys(DICT.actor("RONALD_REAGAN"), VOCAB)).containsExactly("reagan");
    assertThat(ActorEvaluation.personKeys(DICT.actor("JAMES_BAKER"), VOCAB)).containsExactly("james-baker");
    assertThat(ActorEvaluation.personKeys(DICT.actor("HOWARD_BAKER"), VOCAB)).containsExactly("howard-baker");
    assertThat(ActorEvaluation.personKeys(DICT.actor("ROBIN_LEIGH_PEMBERTON"), VOCAB))
        .containsExactly("leigh-pemberton");
  }

  @Test
  void anApostropheNameMatchesItsSplitKey() {
    assertThat(ActorEvaluation.personKeys(DICT.actor("MICHAEL_O_KENNEDY"), VOCAB)).containsExactly("o-kennedy");
  }

  @Test
  void reutersTextIsTitleDatelineAndBody() throws Exception {
    var d = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        "{\"title\":\"T\",\"dateline\":\"TOKYO, March 3 -\",\"body\":\"Body.\"}");
    assertThat(ActorEvaluation.reutersText(d)).isEqualTo("T\nTOKYO, March 3 - Body.");
  }

  @Test
  void conllFileDefaultsToTestaAndResolvesUnderTheSharedData() {
    ActorEvaluation.Options o = new ActorEvaluation.Options();
    o.sharedData = java.nio.file.Path.of("/data/shared");
    assertThat(ActorEvaluation.conllFile(o)).isEqualTo(java.nio.file.Path.of("/data/shared/conll2003/eng.testa.gz"));
    assertThat(ActorEvaluation.conllLabel(o)).isEqualTo("testa");
    o.conllFile = java.nio.file.Path.of("conll2003/eng.train.gz");
    assertThat(ActorEvaluation.conllFile(o)).isEqualTo(java.nio.file.Path.of("/data/shared/conll2003/eng.train.gz"));
    assertThat(ActorEvaluation.conllLabel(o)).isEqualTo("train");
    o.conllFile = java.nio.file.Path.of("/tmp/x/my.conll");
    assertThat(ActorEvaluation.conllFile(o)).isEqualTo(java.nio.file.Path.of("/tmp/x/my.conll"));
    assertThat(ActorEvaluation.conllLabel(o)).isEqualTo("my.conll");
  }
}
