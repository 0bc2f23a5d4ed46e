package org.demarche.pipeline;

import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.demarche.actors.ActorStages;
import org.demarche.text.DocumentAnalysis;
import org.demarche.text.DocumentAnalyzer;

/** Finds actor mentions in each document: dictionary match and in-document coreference ({@code actors.*}). */
final class ActorsPhase implements Phase {
  @Override
  public String name() {
    return "actors";
  }

  @Override
  public Kind kind() {
    return Kind.PER_DOCUMENT;
  }

  @Override
  public Set<RunState.Slot<?>> inputs() {
    return Set.of(RunState.DOCUMENTS);
  }

  @Override
  public Set<RunState.Slot<?>> outputs() {
    return Set.of(RunState.DOCUMENTS);
  }

  @Override
  public String description(RunState s) {
    return "document analysis, actor dictionary match + in-document coreference, document actors";
  }

  @Override
  public Outcome run(RunState s) {
    // the document analysis (sentences, tokens) once per document: the matcher, candidate discovery and the stance
    // phase read it from this column, the stance phase drops it
    Dataset<Row> docs = new DocumentAnalyzer().setInputCol("body").setOutputCol(DocumentAnalysis.COLUMN)
        .transform(s.get(RunState.DOCUMENTS));
    docs = NlpSteps.actorMatcher(s.cfg().actors()).setAnalysisCol(DocumentAnalysis.COLUMN).transform(docs);
    docs = NlpSteps.documentActorRanker(s.cfg().actors()).transform(docs);
    if (s.cfg().actors().candidates()) {
      docs = ActorStages.withCandidateOccurrences(docs, DocumentAnalysis.COLUMN);
    }
    if (s.cfg().stance().enabled()) {
      // one pass with the stance phase, which reads the analysis too: nothing is cached here (the analysis, a few
      // dozen bytes per token, is never cached); the stance phase materialises both and drops the analysis column
      s.put(RunState.DOCUMENTS, docs);
      return new Outcome(s.documents, description(s) + " (runs in one pass with the stance phase)");
    }
    long rows = Phases.materialise(s, RunState.DOCUMENTS, docs.drop(DocumentAnalysis.COLUMN), false);
    return new Outcome(rows, description(s));
  }
}
