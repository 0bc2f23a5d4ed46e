package org.demarche.clean;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.demarche.testing.SparkTestSession;
import org.demarche.testing.StageContracts;
import org.junit.jupiter.api.Test;

class BoilerplateRemoverTest {
  static final String[][] ROWS = {
    {null, null},
    {"", ""},
    {"toggle caption Stan Honda/AFP/Getty Images\n\nWith a single policy directive last week, Obama acted.",
      "With a single policy directive last week, Obama acted."},
    {"Kept line.\nImage caption Protesters gathered in Cairo\nImage copyright Reuters\nPhoto: Evan Vucci/AP\nAlso kept.",
      "Kept line.\nAlso kept."},
    {"Share this\nRelated: Kerry meets Lavrov\nREAD MORE: Syria talks\nSign up for our newsletter\nSign up for Daily Newsletters Manage Newsletters\nFollow us on Twitter\nClick here for more\nAdvertisement\nADVERTISEMENT\nStory Continued Below\nThe talks went on.",
      "The talks went on."},
    {"Kerry and Lavrov in Moscow on May 7, 2013 (AFP Photo)\nA US official told AFP the talks were useful.\nMOSCOW (AFP) - Russia said on Tuesday it would host talks.",
      "A US official told AFP the talks were useful.\nMOSCOW (AFP) - Russia said on Tuesday it would host talks."},
    {"Copyright \u00a9 2019 The Washington Times, LLC. Click here for reprint permission.\n\n\n\nBody.", "Body."},
    {"7 May, 2013 19:58\n\nTitle line\n\nBody text.", "Title line\n\nBody text."},
    {"Body mentions 7 May, 2013 only in the middle.\nMore.\nEven more.\n2013", "Body mentions 7 May, 2013 only in the middle.\nMore.\nEven more.\n2013"},
  };

  @Test
  void fixtureRows() {
    Fixtures.assertRows(new BoilerplateRemover().setInputCol("text").setOutputCol("out"), "text", "out", ROWS);
  }

  @Test
  void extraPatternsDropMatchingLines() {
    BoilerplateRemover stage = new BoilerplateRemover().setInputCol("text").setOutputCol("out")
        .setExtraPatterns(new String[] {"^\u2022 This article is based"});
    Fixtures.assertRows(stage, "text", "out", new String[][] {
      {"Real sentence.\n\u2022 This article is based in part on wire service reports.", "Real sentence."}});
  }

  @Test
  void seedPageLosesIconsDateAndCaptionsButKeepsEveryParagraph() throws Exception {
    String page = Files.readString(
        SparkTestSession.sharedData("seed/rt_2013-05-07_russia-us-syria-conference.txt"), StandardCharsets.UTF_8);
    String out = BoilerplateRemover.remove(page);
    List<String> in = new ArrayList<>();
    for (String p : page.split("\n")) {
      if (!p.isBlank()) {
        in.add(p.strip());
      }
    }
    List<String> kept = Arrays.stream(out.split("\n+")).map(String::strip).toList();
    List<String> dropped = new ArrayList<>(in);
    dropped.removeAll(kept);
    assertThat(dropped).hasSize(4);
    assertThat(dropped.get(0)).startsWith("icon bookmark-bicon");
    assertThat(dropped.get(1)).isEqualTo("7 May, 2013 19:58");
    assertThat(dropped.get(2)).startsWith("US Secretary of State John Kerry (L)").endsWith("(AFP Photo)");
    assertThat(dropped.get(3)).startsWith("US Secretary of State John Kerry (R)").endsWith("(AFP Photo)");
    for (String p : in.subList(2, in.size())) {
      if (!dropped.contains(p)) {
        assertThat(out).contains(p);
      }
    }
    assertThat(out).startsWith("Russia, US to push for global Syria conference").endsWith("the so-called Guantanamo list.");
    assertThat(out).doesNotContain("AFP Photo").doesNotContain("icon");
  }

  @Test
  void contracts() throws Exception {
    BoilerplateRemover stage = new BoilerplateRemover().setInputCol("text").setOutputCol("out")
        .setExtraPatterns(new String[] {"(?i)^sponsored"}).setMaxCaptionWords(40).setDropLeadingDate(false);
    StageContracts.schemaMatchesTransform(stage, Fixtures.frame("text", ROWS));
    StageContracts.rejectsWrongInputType(stage, Fixtures.wrongType("text"), "inputCol");
    BoilerplateRemover loaded = StageContracts.roundTrip(stage, BoilerplateRemover::load);
    assertThat(loaded.getExtraPatterns()).containsExactly("(?i)^sponsored");
    assertThat(loaded.getMaxCaptionWords()).isEqualTo(40);
  }
}
