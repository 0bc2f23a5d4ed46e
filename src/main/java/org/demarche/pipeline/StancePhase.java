package org.demarche.pipeline;

import java.util.Set;

/**
 * Statements, CAMEO events, targeted tone and issue stance in each document ({@code stance.*}); the tone model is
 * unpacked and loaded here and scores the tone units inside the stance stage.
 */
final class StancePhase implements Phase {
  @Override
  public String name() {
    return "stance";
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
    return Set.of(RunState.DOCUMENTS, RunState.STANCE_ROWS);
  }

  @Override
  public String description(RunState s) {
    return "statements, CAMEO events, targeted tone (model " + s.cfg().stance().toneModel() + "), issue stance, "
        + "document tone";
  }

  @Override
  public Outcome run(RunState s) {
    // statements, events and stance units, then the document tone, all from the document analysis, which is then
    // dropped (no later phase reads it)
    long rows = Phases.materialise(s, RunState.DOCUMENTS, StanceSteps.withDocumentTone(StanceSteps.annotate(
        s.get(RunState.DOCUMENTS), s.cfg().stance(), StanceSteps.toneModelPath(s.spark(), s.cfg().stance(), s.out())))
        .drop(org.demarche.text.DocumentAnalysis.COLUMN), false);
    // the stance table's rows: the scored units exploded and the event rows added (a projection, done at write)
    s.put(RunState.STANCE_ROWS, StanceSteps.stanceTable(s.get(RunState.DOCUMENTS)));
    return new Outcome(rows, description(s));
  }
}
