package org.demarche.pipeline;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/** What the phases share: materialising a phase's result into a slot. */
final class Phases {
  private Phases() {}

  /**
   * Persists {@code computed}, counts it (the phase's work happens here, inside its job group) and puts it into
   * {@code slot}; the value the slot held before, and {@code computed} itself, stay cached until the run ends (plans
   * built on them still read them). With {@code rebase}, the result gets a leaf plan of its own ({@link #rebase}).
   */
  static long materialise(RunState s, RunState.Slot<Dataset<Row>> slot, Dataset<Row> computed, boolean rebase) {
    Dataset<Row> result = rebase ? rebase(computed) : computed.persist(StorageLevel.MEMORY_AND_DISK());
    long rows = result.count();
    if (s.has(slot)) {
      s.cache(s.get(slot));
    }
    s.cache(computed);
    s.put(slot, result);
    return rows;
  }

  /**
   * The same rows under a leaf plan (an existing RDD) of their own, persisted. Each phase builds on the previous
   * phase's cached result; without this, every query's plan nests the plans of all earlier phases, and Spark renders
   * the whole nest for its listeners on every SQL execution (even with the UI off; 459 million characters per write
   * query on the bundled sample, most of the write phase's time). The RDD lineage behind the leaf is kept, so a lost
   * executor's blocks are recomputed as usual. A per-document phase that adds one projection to a rebased result
   * does not rebase: its plan is only one projection deeper, and a rebase would convert every row, with the nested
   * arrays the phase adds, to Spark's external Row form and back.
   */
  static Dataset<Row> rebase(Dataset<Row> d) {
    return d.sparkSession().createDataFrame(d.javaRDD(), d.schema()).persist(StorageLevel.MEMORY_AND_DISK());
  }
}
