package org.demarche.stance.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.demarche.stance.events.CameoVerbDictionary.Coding;
import org.demarche.stance.events.CameoVerbDictionary.VerbMatch;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

class CameoVerbDictionaryTest {
  static final CameoVerbDictionary D = CameoVerbDictionary.builtin();

  private static Coding code(String sentence, int verb) {
    String[] w = sentence.toUpperCase().split(" ");
    VerbMatch vm = D.verbAt(w, verb, 0, w.length);
    assertThat(vm).as("verb at %d of %s", verb, sentence).isNotNull();
    return D.code(vm, w, 0, w.length, i -> false, false);
  }

  @Test
  void parsesTheShippedDictionary() {
    assertThat(D.blocks()).contains("AGREE", "EXPLAIN_VERBAL", "MEET_PEOPLE", "CONFIRM");
    assertThat(D.formCount()).isGreaterThan(5000);
    assertThat(D.patternCount()).isGreaterThan(4000);
    assertThat(D.patterns("AGREE")).isNotEmpty();
  }

  @Test
  void formsAndDefaults() {
    // irregular forms from {...}
    assertThat(D.entries("said")).extracting(CameoVerbDictionary.Verb::block).contains("EXPLAIN_VERBAL");
    assertThat(D.entries("told")).extracting(CameoVerbDictionary.Verb::code).contains("010");
    // regular forms: -ed, -s, -ing, doubled consonant
    assertThat(D.entries("reiterated")).isNotEmpty();
    assertThat(D.entries("agrees")).extracting(CameoVerbDictionary.Verb::block).contains("AGREE");
    assertThat(D.entries("agreeing")).isNotEmpty();
    assertThat(D.entries("stopped")).isNotEmpty();
    // own code on a verb line overrides the block default: CONDEMN [111]
    assertThat(D.entries("condemned")).extracting(CameoVerbDictionary.Verb::code).contains("111");
    assertThat(D.entries("embassy")).isEmpty();
  }

  @Test
  void patternsPickTheMostSpecificCode() {
    // - * COMMITMENT [030] # REITERATE
    Coding c = code("russia reiterated its commitment", 1);
    assertThat(c.code()).isEqualTo("030");
    assertThat(c.patternText()).contains("COMMITMENT");
    // no pattern: the block default (AGREE [050])
    assertThat(code("they agreed yesterday", 1).code()).isEqualTo("050");
    assertThat(code("they agreed yesterday", 1).pattern()).isNull();
    // [a:b] codes: DISCUSS [040:040]
    assertThat(code("they discussed", 1).reverseCode()).isEqualTo("040");
    // multi-word verb: +ASK_FOR [020]
    VerbMatch vm = D.verbAt("THEY ASKED FOR CALM".split(" "), 1, 0, 4);
    assertThat(vm.end() - vm.start()).isEqualTo(2);
    assertThat(vm.verb().code()).isEqualTo("020");
  }

  @Test
  void validationDictionary() {
    CameoVerbDictionary v = CameoVerbDictionary.load(
        SparkTestSession.sharedData("petrarch_cameo/dictionaries/PETR.Validate.verbs.txt"));
    // synset with plural, joined words: - * &TIETYPES TIES [902]
    String[] w = "ARNOR WILL ABANDON FULL ECONOMIC TIES WITH GONDOR".split(" ");
    Coding c = v.code(v.verbAt(w, 2, 0, w.length), w, 0, w.length, i -> false, false);
    assertThat(c.code()).isEqualTo("902");
    // words before the verb: - &NEGATVAUXVRB * OVER EFFORTS [904] ("DID N'T")
    w = "ROMENDACIL DID N'T CLASH OVER THE EFFORTS".split(" ");
    c = v.code(v.verbAt(w, 3, 0, w.length), w, 0, w.length, i -> false, false);
    assertThat(c.code()).isEqualTo("904");
    assertThat(c.matched()).contains(1, 2);
    // multi-word verb with the verb word last: WIRE_+TAP, and the irregular BREAK {BROKE BROKEN}
    w = "SOLDIERS WIRE TAPPED LINKS".split(" ");
    assertThat(v.verbAt(w, 2, 0, w.length).start()).isEqualTo(1);
    assertThat(v.entries("broken")).isNotEmpty();
    // placeholder codes are skipped: - * FXLL DIPLOMATIC [+++]
    assertThat(v.patterns("RESTORE")).extracting(CameoVerbDictionary.Pattern::code).doesNotContain("+++")
        .contains("064");
    assertThat(v.skippedPatterns()).isPositive();
    assertThat(List.of(v.patterns("ARRIVE").size())).containsExactly(0);
  }
}
