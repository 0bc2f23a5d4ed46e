package org.demarche.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.demarche.ingest.CorpusIngest;
import org.demarche.ingest.InputFiles.InputFile;

/** Reads every input record, readable or not, and names the input files the batch owns. */
final class IngestPhase implements Phase {
  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public Kind kind() {
    return Kind.SOURCE;
  }

  @Override
  public Set<RunState.Slot<?>> inputs() {
    return Set.of();
  }

  @Override
  public Set<RunState.Slot<?>> outputs() {
    return Set.of(RunState.RECORDS, RunState.BATCH_FILES);
  }

  @Override
  public String description(RunState s) {
    return "read " + s.files().size() + " files " + CorpusIngest.formats(s.files());
  }

  @Override
  public Outcome run(RunState s) {
    long read = Phases.materialise(s, RunState.RECORDS,
        CorpusIngest.read(s.spark(), s.cfg().input(), s.files()).persist(StorageLevel.MEMORY_AND_DISK()), true);
    s.read = read;
    s.summary().count("records_read", read);
    s.put(RunState.BATCH_FILES, batchFiles(s, s.get(RunState.RECORDS)));
    return new Outcome(read, description(s));
  }

  /**
   * The input files this batch owns ({@code source_file}): the listed files, and the file names its records carry
   * (Parquet's reader may spell a path differently from the listing).
   */
  private static Dataset<Row> batchFiles(RunState s, Dataset<Row> records) {
    StructType schema = new StructType().add("source_file", DataTypes.StringType, false);
    List<Row> all = new ArrayList<>();
    for (InputFile f : s.files()) {
      all.add(RowFactory.create(f.path()));
    }
    for (Row r : records.select("source_file").distinct().collectAsList()) {
      if (!r.isNullAt(0)) {
        all.add(r);
      }
    }
    return s.spark().createDataFrame(all.stream().distinct().toList(), schema);
  }
}
