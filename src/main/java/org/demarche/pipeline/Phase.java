package org.demarche.pipeline;

import java.util.Optional;
import java.util.Set;

/**
 * One step of a run. A phase names the values it reads and the values it adds ({@link RunState.Slot}s), so a
 * {@link Plan} can check that every input is produced by an earlier phase; the {@link JobRunner} loop runs it as one
 * Spark job group, times it, and records its rows and seconds in the run summary and in {@code runs.phase_seconds}.
 */
public interface Phase {
  /** What a phase is, which says how its cost grows. */
  enum Kind {
    /** Reads the input files into records. */
    SOURCE,
    /** Adds columns to each document on its own (Spark ML stages); cost follows the documents. */
    PER_DOCUMENT,
    /** Looks across documents (clusters, a fitted vocabulary or model, roll-ups): shuffles and aggregates. */
    CORPUS,
    /** Writes tables into the output folder. */
    SINK
  }

  /** What a phase reports: rows (for the console line and the summary) and a note. */
  record Outcome(long rows, String note) {}

  String name();

  Kind kind();

  /** The values this phase reads. */
  Set<RunState.Slot<?>> inputs();

  /** Values this phase reads when an earlier phase of the run produced them (e.g. the write phase's stance rows). */
  default Set<RunState.Slot<?>> optionalInputs() {
    return Set.of();
  }

  /** The values this phase adds to the run state (or replaces, as the per-document phases do for the documents). */
  Set<RunState.Slot<?>> outputs();

  /** What the phase does, for the job group's description in the Spark UI and for the summary. */
  String description(RunState state);

  /** A reason to skip the phase in this run (e.g. no accepted document reached it), or empty to run it. */
  default Optional<String> skipReason(RunState state) {
    return Optional.empty();
  }

  Outcome run(RunState state);
}
