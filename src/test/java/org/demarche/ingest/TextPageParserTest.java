package org.demarche.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

class TextPageParserTest {
  @Test
  void splitsTheSeedPageIntoJunkDateTitleAndBody() throws Exception {
    String page = Files.readString(SparkTestSession.repo()
        .resolve("data/sample/rt.com/rt_2013-05-07_russia-us-syria-conference.txt"));
    TextPageParser.Page p = TextPageParser.parse(page, 20);
    assertThat(p.date()).isEqualTo("7 May, 2013 19:58");
    assertThat(p.title()).isEqualTo("Russia, US to push for global Syria conference to bring conflicting sides to table");
    assertThat(p.junkLines()).isEqualTo(1);
    assertThat(p.body()).startsWith("Russia and the US reiterated their commitment")
        .contains("Lavrov said")
        .endsWith("the so-called Guantanamo list.")
        .doesNotContain("bookmarkicon");
  }

  @Test
  void recognisesCommonDateLines() {
    for (String s : new String[] {"7 May, 2013 19:58", "May 7, 2013", "Tue, 07 May 2013 19:58:00 GMT",
        "2013-05-07T19:58:00Z", "Published: 7 May 2013", "Updated May 7th, 2013 7:58 PM ET", "07.05.2013", "5/7/2013"}) {
      assertThat(TextPageParser.isDateLine(s)).as(s).isTrue();
    }
    for (String s : new String[] {"Russia, US to push for global Syria conference", "In May 2013 Lavrov said that",
        "icon bookmark-bicon bookmarkicon cameraicon", "2013", ""}) {
      assertThat(TextPageParser.isDateLine(s)).as(s).isFalse();
    }
  }

  @Test
  void withoutADateLineTheFirstLineIsTheTitle() {
    TextPageParser.Page p = TextPageParser.parse("\n\nA headline\n\nFirst paragraph.\nSecond.", 20);
    assertThat(p.date()).isNull();
    assertThat(p.title()).isEqualTo("A headline");
    assertThat(p.body()).isEqualTo("First paragraph.\nSecond.");
    assertThat(p.junkLines()).isZero();
  }
}
