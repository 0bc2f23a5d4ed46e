package org.demarche.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one analysis per document: its parts and its Spark round trip (EndToEndTest checks that a run computes it once
 * per document).
 */
class DocumentAnalysisTest {
  @Test
  void sentencesParagraphsAndTokensShareOffsets() {
    String text = "Lavrov met Kerry in Moscow. They agreed on talks.\nRussia's position, he said,\nwas clear.";
    DocumentAnalysis a = DocumentAnalysis.of(text);
    assertThat(a.sentences()).extracting(s -> s.of(text)).containsExactly("Lavrov met Kerry in Moscow.",
        "They agreed on talks.", "Russia's position, he said,\nwas clear.");
    // the line break after a comma continues the sentence; the first line break starts a new paragraph
    assertThat(List.of(a.paragraph(0), a.paragraph(1), a.paragraph(2))).containsExactly(0, 0, 1);
    assertThat(a.tokens()).extracting(Token::norm).startsWith("lavrov", "met", "kerry");
    Token russia = a.tokens().stream().filter(t -> t.norm().equals("russia")).findFirst().orElseThrow();
    assertThat(russia.possessive()).isTrue();
    assertThat(text.substring(russia.start(), russia.end())).isEqualTo("Russia");
    int[] sent = a.tokenSentences();
    assertThat(sent[0]).isZero();
    assertThat(sent[a.tokens().indexOf(russia)]).isEqualTo(2);
    assertThat(sent[a.tokens().size() - 1]).isEqualTo(2);
    assertThat(a.sentenceAt(text.indexOf("They"))).isEqualTo(1);
  }

  @Test
  void aRowRoundTripGivesTheSameAnalysisWithoutComputingItAgain() {
    String text = "The U.S. Senate met. Sanctions on the U.S. The talks went on.\n\nA new paragraph.";
    DocumentAnalysis a = DocumentAnalysis.of(text);
    long before = DocumentAnalysis.computed();
    DocumentAnalysis b = DocumentAnalysis.fromRow(text, a.toRow());
    assertThat(DocumentAnalysis.computed()).isEqualTo(before);
    assertThat(b.sentences()).isEqualTo(a.sentences());
    assertThat(b.tokens()).isEqualTo(a.tokens());
    assertThat(b.tokenSentences()).isEqualTo(a.tokenSentences());
    assertThat(b.paragraph(a.sentences().size() - 1)).isEqualTo(a.paragraph(a.sentences().size() - 1)).isEqualTo(1);
  }
}
