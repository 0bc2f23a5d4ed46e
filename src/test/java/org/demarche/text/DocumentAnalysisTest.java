package org.demarche.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.demarche.output.OutputTables;
import org.demarche.pipeline.RunSummary;
import org.demarche.testing.JobRuns;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one analysis per document: its parts, its Spark round trip, and that a run computes it once per document. */
class DocumentAnalysisTest {
  @TempDir Path tmp;

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

  @Test
  void aRunAnalysesEachDocumentOnce() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      b.append("{\"id\":\"d").append(i).append("\",\"source\":\"Wire\",\"date\":\"2013-05-0").append(i + 1)
          .append("\",\"title\":\"Talks ").append(i).append("\",\"text\":\"Russian Foreign Minister Sergey Lavrov said ")
          .append("Russia opposes arming the Syrian rebels, story ").append(i).append(". US Secretary of State John ")
          .append("Kerry said the United States wants Assad to step down. Ambassador Karl Ostrovsky told reporters ")
          .append("the talks would resume on day ").append(i).append(".\"}\n");
    }
    Files.writeString(in.resolve("a.jsonl"), b.toString());
    Path out = tmp.resolve("out");
    long before = DocumentAnalysis.computed();
    long splitsBefore = Sentences.splits();
    // every engine that reads the analysis runs: actors, candidate discovery, statements, events, stance units,
    // document tone
    RunSummary r = JobRuns.run(Map.of("input.paths", in.toString(), "output.path", out.toString(),
        "text.enabled", "false", "topics.enabled", "false", "keyness.enabled", "false",
        "actors.candidates", "true"));
    assertThat(r.count("accepted")).isEqualTo(5);
    assertThat(DocumentAnalysis.computed() - before).as("analyses computed in the run").isEqualTo(5);
    // no engine splits sentences on its own: statements, events, stance units and document tone read the analysis
    assertThat(Sentences.splits() - splitsBefore).as("sentence splits in the run").isEqualTo(5);
    // and the engines did read it: mentions, statements and events were written for every document
    var spark = SparkTestSession.get();
    for (OutputTables t : List.of(OutputTables.ACTOR_MENTIONS, OutputTables.STATEMENTS, OutputTables.STANCE)) {
      assertThat(t.read(spark, out.toString()).select("doc_id").distinct().count()).as(t.table()).isEqualTo(5);
    }
    List<Row> cands = OutputTables.ACTOR_CANDIDATES.read(spark, out.toString()).collectAsList();
    assertThat(cands).extracting(x -> x.<String>getAs("candidate")).contains("Karl Ostrovsky");
  }
}
