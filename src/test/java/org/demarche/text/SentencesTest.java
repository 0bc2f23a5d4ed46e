package org.demarche.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentencesTest {
  static List<String> split(String text) {
    return Sentences.split(text).stream().map(s -> s.of(text)).toList();
  }

  @Test
  void plainSentencesAndParagraphs() {
    assertThat(split("Kerry arrived. Lavrov met him! Was it useful? Yes.")).containsExactly("Kerry arrived.",
        "Lavrov met him!", "Was it useful?", "Yes.");
    // a blank line or a single newline ends a sentence, even without punctuation (headlines)
    assertThat(split("Russia, US to push for talks\n\nThe ministers met.\nThey talked")).containsExactly(
        "Russia, US to push for talks", "The ministers met.", "They talked");
    assertThat(split("  padded.   \n\n")).containsExactly("padded.");
    assertThat(Sentences.split(null)).isEmpty();
    assertThat(Sentences.split(" \n ")).isEmpty();
  }

  @Test
  void lineBreaksInsideASentence() {
    // hard-wrapped wire copy: a soft wrap continues the sentence, a period before the wrap still ends it
    String wire = "LONDON, March 3 - Chancellor of the Exchequer Nigel\n"
        + "Lawson has told parliament that the government will keep\n"
        + "its medium-term financial strategy unchanged this year.\n"
        + "He said inflation was expected to fall below four pct by\n"
        + "the end of the year, officials in London said on Tuesday.";
    assertThat(Sentences.hardWrapped(wire)).isTrue();
    assertThat(split(wire)).hasSize(2);
    assertThat(split(wire).get(0)).startsWith("LONDON").endsWith("unchanged this year.").contains("Nigel\nLawson");
    // an ALL CAPS line is not soft-wrapped into the next
    assertThat(split("RUSSIA AND US AGREE ON SYRIA TALKS\n" + wire).get(0))
        .isEqualTo("RUSSIA AND US AGREE ON SYRIA TALKS");
    // in web text (one paragraph per line) a break before a lower-case word, or after a comma ending a long line,
    // continues the sentence; a short line ending with a comma is a salutation
    assertThat(split("Four countries - Zimbabwe, Saint Vincent and the Grenadines,\nKiribati and Vanuatu - joined."))
        .containsExactly("Four countries - Zimbabwe, Saint Vincent and the Grenadines,\nKiribati and Vanuatu - joined.");
    assertThat(split("The ministers agreed to\nmeet again. Talks resume.")).containsExactly(
        "The ministers agreed to\nmeet again.", "Talks resume.");
    assertThat(split("Mr. President,\nDistinguished delegates,\nBotswana endorses the theme.")).containsExactly(
        "Mr. President,", "Distinguished delegates,", "Botswana endorses the theme.");
  }

  @Test
  void abbreviationsAndInitials() {
    assertThat(split("Mr. Kerry met Dr. Smith and Gen. Petraeus in St. Petersburg. Sen. McCain and Rep. Smith agreed."))
        .containsExactly("Mr. Kerry met Dr. Smith and Gen. Petraeus in St. Petersburg.",
            "Sen. McCain and Rep. Smith agreed.");
    assertThat(split("George W. Bush met U.N. officials. The U.S. Senate voted.")).containsExactly(
        "George W. Bush met U.N. officials.", "The U.S. Senate voted.");
    // a dotted acronym ends a sentence before a usual opener
    assertThat(split("Sanctions were imposed by the U.S. The talks failed.")).containsExactly(
        "Sanctions were imposed by the U.S.", "The talks failed.");
    assertThat(split("It happened on Jan. 5 in Moscow. No one was hurt.")).containsExactly(
        "It happened on Jan. 5 in Moscow.", "No one was hurt.");
  }

  @Test
  void decimalsEllipsesAndQuotes() {
    assertThat(split("Growth was 3.5 percent. Prices rose 2.1% in May.")).containsExactly(
        "Growth was 3.5 percent.", "Prices rose 2.1% in May.");
    assertThat(split("He paused... and then spoke. Wait... What happened?")).containsExactly(
        "He paused... and then spoke.", "Wait...", "What happened?");
    assertThat(split("He said \"we will win.\" Then he left.")).containsExactly("He said \"we will win.\"",
        "Then he left.");
    assertThat(split("He said “we will win.” Then he left.")).containsExactly("He said “we will win.”",
        "Then he left.");
    // "?" inside a quote followed by a lower-case attribution continues the sentence
    assertThat(split("\"Why now?\" he asked. \"Because.\"")).containsExactly("\"Why now?\" he asked.",
        "\"Because.\"");
    assertThat(split("(This was a test.) It passed.")).containsExactly("(This was a test.)", "It passed.");
  }

  @Test
  void offsetsAreTrimmedAndOrdered() {
    String text = " A first one.  A second one. \n  A third.";
    List<Sentences.Span> spans = Sentences.split(text);
    assertThat(spans).hasSize(3);
    for (int i = 0; i < spans.size(); i++) {
      Sentences.Span s = spans.get(i);
      assertThat(Character.isWhitespace(text.charAt(s.start()))).isFalse();
      assertThat(Character.isWhitespace(text.charAt(s.end() - 1))).isFalse();
      if (i > 0) {
        assertThat(s.start()).isGreaterThanOrEqualTo(spans.get(i - 1).end());
      }
    }
  }

  @Test
  void longTextIsLinear() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 20000; i++) {
      b.append("Mr. Smith said the U.S. economy grew 3.5 percent. ");
    }
    assertThat(Sentences.split(b.toString())).hasSize(20000);
  }
}
