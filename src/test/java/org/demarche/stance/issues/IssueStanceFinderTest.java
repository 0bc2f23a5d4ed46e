package org.demarche.stance.issues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.demarche.actors.ActorDictionary;
import org.demarche.actors.MentionFinder;
import org.demarche.actors.MentionFinder.Mention;
import org.demarche.stance.issues.IssueStanceFinder.Attribution;
import org.demarche.stance.issues.IssueStanceFinder.IssueStance;
import org.junit.jupiter.api.Test;

class IssueStanceFinderTest {
  static final IssueDictionary DICT = IssueDictionary.load("test", null);
  static final MentionFinder MENTIONS = new MentionFinder(ActorDictionary.builtin());

  /** One sentence per line. */
  static List<int[]> lines(String text) {
    List<int[]> out = new ArrayList<>();
    int s = 0;
    for (String line : text.split("\n", -1)) {
      out.add(new int[] {s, s + line.length()});
      s += line.length() + 1;
    }
    return out;
  }

  static List<IssueStance> run(String text, List<Attribution> attributions) {
    List<Mention> ms = MENTIONS.find(text, LocalDate.of(2013, 5, 7));
    return new IssueStanceFinder(DICT).find(text, lines(text), ms, attributions);
  }

  @Test
  void governingVerbGivesPolarityAndItsSubjectHoldsTheStance() {
    List<IssueStance> rows = run("Russia opposes arming the Syrian rebels.", List.of());
    assertThat(rows).singleElement().satisfies(r -> {
      assertThat(r.issueId()).isEqualTo("arming_syrian_rebels");
      assertThat(r.sourceCountry()).isEqualTo("RUS");
      assertThat(r.stanceClass()).isEqualTo("oppose");
      assertThat(r.holder()).isEqualTo("subject");
      assertThat(r.cues()).isEqualTo("opposes");
    });
  }

  @Test
  void anIssueIsAPropositionSoCallingToDestroyAndCondemningUseBothSupportIt() {
    // chemical_weapons: "Chemical weapons must be eliminated and their use condemned" (polarity: against)
    assertThat(DICT.issues()).filteredOn(i -> i.id().equals("chemical_weapons")).singleElement()
        .satisfies(i -> {
          assertThat(i.polarity()).isEqualTo(-1);
          assertThat(i.proposition()).startsWith("Chemical weapons must be eliminated");
        });
    for (String s : List.of("The United States urged Syria to destroy its chemical weapons.",
        "Russia condemned the use of chemical weapons.")) {
      assertThat(run(s, List.of())).as(s).singleElement().satisfies(r -> {
        assertThat(r.issueId()).isEqualTo("chemical_weapons");
        assertThat(r.stanceClass()).isEqualTo("support");
      });
    }
    // composed verbs on a `for` issue: rejecting calls to arm the rebels opposes arming them
    assertThat(run("Russia rejected calls to arm the Syrian rebels.", List.of())).singleElement().satisfies(r -> {
      assertThat(r.stanceClass()).isEqualTo("oppose");
      assertThat(r.cues()).isEqualTo("rejected calls");
    });
  }

  @Test
  void negationFlipsTheGoverningVerb() {
    List<IssueStance> rows = run("Russia does not support arming the rebels.", List.of());
    assertThat(rows).singleElement().satisfies(r -> {
      assertThat(r.stanceClass()).isEqualTo("oppose");
      assertThat(r.cues()).isEqualTo("not support");
    });
  }

  @Test
  void contextActorNeverHoldsTheStanceAndModalCuesSupport() {
    List<IssueStance> rows = run("Washington insists that Assad must step down.", List.of());
    assertThat(rows).singleElement().satisfies(r -> {
      assertThat(r.issueId()).isEqualTo("assad_step_down");
      assertThat(r.sourceCountry()).isEqualTo("USA");
      assertThat(r.stanceClass()).isEqualTo("support");
    });
  }

  @Test
  void coordinatedSubjectsBothHoldTheStance() {
    List<IssueStance> rows =
        run("Moscow and Washington confirmed their commitment to the Geneva Communiqué.", List.of());
    assertThat(rows).extracting(IssueStance::sourceCountry).containsExactlyInAnyOrder("RUS", "USA");
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.issueId()).isEqualTo("geneva_communique");
      assertThat(r.stanceClass()).isEqualTo("support");
    });
  }

  @Test
  void withoutAGoverningVerbTheSpeakerHoldsTheStanceFromEvaluativeCues() {
    String text = "\"Arming non-governmental players violates international law,\" Sergey Lavrov said.";
    assertThat(run(text, List.of())).as("no speaker known: no row").isEmpty();
    List<IssueStance> rows = run(text, List.of(new Attribution("SERGEY_LAVROV", "RUSGOV", "RUS", 1, 57, 0.9)));
    assertThat(rows).singleElement().satisfies(r -> {
      assertThat(r.sourceActorId()).isEqualTo("SERGEY_LAVROV");
      assertThat(r.holder()).isEqualTo("speaker");
      assertThat(r.stanceClass()).isEqualTo("oppose");
      assertThat(r.cues()).contains("violates");
      assertThat(text.substring(r.evidenceStart(), r.evidenceEnd())).isEqualTo(text);
    });
  }

  @Test
  void issueWithContextNeedsItsContextInTheSentence() {
    assertThat(run("Washington insists that the president must step down.", List.of())).isEmpty();
    assertThat(run("Washington insists that arming is wrong.", List.of())).isEmpty();
  }

  @Test
  void userFileAddsAndReplacesIssuesAndBadFilesNameTheFix() {
    IssueDictionary d = IssueDictionary.load("mine.yaml",
        "issues:\n  - id: nord_stream\n    phrases: [nord stream, pipeline]\n"
            + "  - id: missile_defense\n    label: BMD\n    phrases: [bmd]\n");
    assertThat(d.issues()).extracting(IssueDictionary.Issue::id).contains("nord_stream", "missile_defense",
        "chemical_weapons");
    assertThat(d.issues()).filteredOn(i -> i.id().equals("missile_defense")).singleElement()
        .satisfies(i -> assertThat(i.label()).isEqualTo("BMD"));
    assertThatThrownBy(() -> IssueDictionary.load("bad.yaml", "issues:\n  - id: Bad Id\n    phrases: [x]\n"))
        .hasMessageContaining("bad.yaml").hasMessageContaining("snake_case");
    assertThatThrownBy(() -> IssueDictionary.load("bad.yaml", "issues:\n  - id: empty\n"))
        .hasMessageContaining("no `phrases`");
    assertThatThrownBy(() -> IssueDictionary.load("bad.yaml", "topics: []\n"))
        .hasMessageContaining("top-level `issues:`");
  }

  @Test
  void pluralsAndPossessivesMatch() {
    List<IssueDictionary.Word> w = IssueDictionary.words("Syria's chemical weapon stockpiles; the chemical arms.");
    assertThat(DICT.find(w, 0, w.size())).extracting(m -> m.issue().id())
        .containsExactly("chemical_weapons", "chemical_weapons");
  }
}
