package org.demarche.pipeline;

import static org.apache.spark.sql.functions.lit;

import java.util.Optional;
import java.util.Set;
import org.demarche.output.OutputTables;

/**
 * The {@code keyness} table: the terms that set each outlet, month, year or actor apart ({@code keyness.*}), written
 * into the batch's partition.
 */
final class KeynessPhase implements Phase {
  @Override
  public String name() {
    return "keyness";
  }

  @Override
  public Kind kind() {
    return Kind.CORPUS;
  }

  @Override
  public Set<RunState.Slot<?>> inputs() {
    return Set.of(RunState.DOCUMENTS, RunState.TEXT_MODEL);
  }

  @Override
  public Set<RunState.Slot<?>> outputs() {
    return Set.of();
  }

  @Override
  public String description(RunState s) {
    return "log-odds and TF-IDF by " + String.join(", ", s.cfg().keyness().groups());
  }

  @Override
  public Optional<String> skipReason(RunState s) {
    return s.has(RunState.TEXT_MODEL) ? Optional.empty() : Optional.of("no text features in this batch");
  }

  @Override
  public Outcome run(RunState s) {
    NlpSteps.KeynessRows k = NlpSteps.keyness(s.get(RunState.DOCUMENTS), s.cfg().keyness());
    OutputTables.KEYNESS.writePartition(
        k.rows().withColumn("run_id", lit(s.runId())).withColumn("batch_id", lit(s.batchId())), s.out(),
        s.batchId(), "group_type");
    k.release();
    // a Parquet count reads only the footers
    long rows = s.spark().read().parquet(OutputTables.KEYNESS.path(s.out()) + "/"
        + OutputTables.KEYNESS.partitionColumn() + "=" + s.batchId()).count();
    return new Outcome(rows, description(s));
  }
}
