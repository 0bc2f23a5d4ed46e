package org.demarche.pipeline;

import java.util.Set;

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
    return "actor dictionary match + in-document coreference";
  }

  @Override
  public Outcome run(RunState s) {
    long rows = Phases.materialise(s, RunState.DOCUMENTS,
        NlpSteps.actorMatcher(s.cfg().actors()).transform(s.get(RunState.DOCUMENTS)), false);
    return new Outcome(rows, description(s));
  }
}
