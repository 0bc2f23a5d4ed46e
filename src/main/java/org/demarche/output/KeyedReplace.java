package org.demarche.output;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the rows a batch owns in a partitioned table, and nothing else. A batch owns a set of keys (its
 * {@code doc_id}s, or its input files for {@code rejects}); writing it deletes every stored row with an owned key,
 * in whatever partition it lies, and adds the batch's new rows. Rows of other batches are kept, also in the
 * partitions the batch touches: two batches with articles on the same date both stay.
 *
 * <p>Only the partitions that hold an owned row or receive a new row are rewritten. The new content is written to
 * {@code <output>/_staging/<run>/<table>/} first; a manifest ({@code _SWAP}) then lists each partition folder to replace
 * or delete, and the folders are moved into place. A run cut off during the moves is rolled forward by
 * {@link #recover} at the start of the next run, so no partition is left half-written; a run cut off before the
 * manifest leaves the table as it was.
 */
public final class KeyedReplace {
  private static final Logger LOG = LoggerFactory.getLogger(KeyedReplace.class);

  /** The folder under the output root for staged writes; {@code _}-prefixed, so no Spark, Hive or DuckDB glob reads it. */
  public static final String STAGING = "_staging";

  private static final String MANIFEST = "_SWAP";

  private KeyedReplace() {}

  /** What one replace did: partitions rewritten and removed, and the seconds it took. */
  public record Outcome(int partitionsWritten, int partitionsDeleted, double seconds) {}

  /**
   * Replaces in {@code table} the rows whose {@code keyColumn} is in {@code owned} (a one-column Dataset of keys,
   * read once per call, so it should be cheap: a Parquet file or a small local relation) with {@code rows}. Every
   * key of {@code rows} must be in {@code owned}; otherwise a rerun would keep the earlier copy beside the new one.
   */
  public static Outcome replace(OutputTables table, Dataset<Row> rows, Dataset<Row> owned, String keyColumn,
      String outputRoot, String runId, String sortColumn) {
    return replace(table, rows, owned, OwnedPartitions.of(owned, table.partitionColumn()), keyColumn, outputRoot,
        runId, sortColumn, null);
  }

  /**
   * As {@link #replace(OutputTables, Dataset, Dataset, String, String, String, String)}; when {@code rows} is empty and
   * {@code emptyPartition} is not null, the partition {@code <partitionColumn>=<emptyPartition>} is still written, with
   * one schema-only file (a batch without rejects keeps its {@code rejects} partition, so the table's partition
   * column reads as a string). {@code partitions}, when not null, limits the search for owned keys to the folders
   * it names.
   */
  public static Outcome replace(OutputTables table, Dataset<Row> rows, Dataset<Row> owned, OwnedPartitions partitions,
      String keyColumn, String outputRoot, String runId, String sortColumn, String emptyPartition) {
    long t0 = System.nanoTime();
    SparkSession spark = rows.sparkSession();
    String part = table.partitionColumn();
    FileSystem fs = fs(spark, outputRoot);
    Path tablePath = new Path(table.path(outputRoot));
    Path stage = new Path(new Path(new Path(outputRoot, STAGING), runId), table.table());
    delete(fs, stage);
    Path fresh = new Path(stage, "new");
    Path merged = new Path(stage, "merged");

    // 1. the batch's rows, partitioned as the table
    int tasks = Math.max(1, Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions")));
    writePartitioned(table.conform(rows), part, sortColumn, tasks, fresh);
    Set<String> freshDirs = partitionDirs(fs, fresh);
    if (freshDirs.isEmpty() && emptyPartition != null) {
      writeSchemaOnly(table, spark, new Path(fresh, part + "=" + emptyPartition));
      freshDirs = partitionDirs(fs, fresh);
    }

    // 2. the stored partitions that hold an owned key, and the stored partitions the batch writes into
    Set<String> stored = OutputTables.hasParquetFile(spark, tablePath.toString()) ? partitionDirs(fs, tablePath)
        : Set.of();
    Dataset<Row> ownedKeys = owned.select(col(keyColumn)).distinct();
    Set<String> ownedDirs = new TreeSet<>();
    Set<String> candidates = stored.isEmpty() || partitions == null || !partitions.column().equals(part) ? stored
        : partitions.candidates(stored);
    if (!candidates.isEmpty()) {
      List<String> scan = new ArrayList<>();
      if (candidates.size() == stored.size()) {
        scan.add(tablePath.toString());
      } else {
        candidates.forEach(d -> scan.add(new Path(tablePath, d).toString()));
      }
      for (Row r : spark.read().schema(table.schema()).option("basePath", tablePath.toString())
          .parquet(scan.toArray(new String[0]))
          .select(col(keyColumn), col("_metadata.file_path").as("_file"))
          .join(ownedKeys, new String[] {keyColumn}, "left_semi")
          .select("_file").distinct().collectAsList()) {
        Path file = new Path(r.getString(0));
        ownedDirs.add(file.getParent().getName());
      }
    }
    Set<String> touched = new TreeSet<>(ownedDirs);
    freshDirs.stream().filter(stored::contains).forEach(touched::add);

    // 3. the touched partitions' rows that no owned key claims, merged with the new rows
    Path source = fresh;
    if (!touched.isEmpty()) {
      List<String> paths = new ArrayList<>();
      touched.forEach(d -> paths.add(new Path(tablePath, d).toString()));
      Dataset<Row> kept = spark.read().schema(table.schema()).option("basePath", tablePath.toString())
          .parquet(paths.toArray(new String[0]))
          .join(ownedKeys, new String[] {keyColumn}, "left_anti");
      Dataset<Row> renewed = freshDirs.isEmpty() ? spark.createDataFrame(List.of(), table.schema())
          : spark.read().schema(table.schema()).option("basePath", fresh.toString()).parquet(fresh.toString());
      writePartitioned(table.conform(kept).unionByName(table.conform(renewed)), part, sortColumn, tasks, merged);
      source = merged;
      String dir = part + "=" + emptyPartition;
      if (emptyPartition != null && !partitionDirs(fs, merged).contains(dir)) {
        writeSchemaOnly(table, spark, new Path(merged, dir));
      }
    }
    Set<String> replace = partitionDirs(fs, source);
    Set<String> remove = new TreeSet<>(touched);
    remove.removeAll(replace);

    // 4. the manifest, then the moves
    swap(fs, stage, source, replace, remove, tablePath);
    if (!OutputTables.hasParquetFile(spark, tablePath.toString())) {
      table.writeEmpty(spark, outputRoot);
    }
    double s = (System.nanoTime() - t0) / 1e9;
    LOG.info("write {}: {} partitions written ({} rewritten with other batches' rows), {} emptied, {} s",
        table.table(), replace.size(), touched.size() - remove.size(), remove.size(), String.format("%.1f", s));
    return new Outcome(replace.size(), remove.size(), s);
  }

  /**
   * The partition values of the owned keys, collected once: when {@code owned} carries the table's partition column
   * (the write phase's owned set is {@code doc_id} with the {@code dt} of each of the document's stored and new
   * articles rows, and every doc-keyed table takes its {@code dt} from the same {@code published_at}), only the
   * folders of those values are searched, so a daily batch reads a few date folders, not the whole history. A null
   * value means some key's folder is unknown, and every stored folder is searched.
   */
  public record OwnedPartitions(String column, List<Object> values, boolean anyNull) {

    /** The distinct values of {@code column} in {@code owned}, or null when {@code owned} has no such column. */
    public static OwnedPartitions of(Dataset<Row> owned, String column) {
      if (column == null || !Arrays.asList(owned.columns()).contains(column)) {
        return null;
      }
      List<Object> values = new ArrayList<>();
      boolean nulls = false;
      for (Row r : owned.select(col(column)).distinct().collectAsList()) {
        if (r.isNullAt(0)) {
          nulls = true;
        } else {
          values.add(r.get(0));
        }
      }
      return new OwnedPartitions(column, List.copyOf(values), nulls);
    }

    /** A filter on the rows under these folders (partition pruning on read). */
    public Column rows() {
      Column c = col(column).isin(values.toArray());
      return anyNull ? c.or(col(column).isNull()) : c;
    }

    /** The stored folders ({@code col=value}) that can hold an owned key. */
    Set<String> candidates(Set<String> stored) {
      if (anyNull) {
        return stored;
      }
      Set<String> dirs = new TreeSet<>();
      values.forEach(v -> dirs.add(column + "=" + v));
      dirs.retainAll(stored);
      return dirs;
    }
  }

  /**
   * Replaces one partition folder ({@code dir}, {@code col=value}) of {@code table} with the files {@code write}
   * puts in the staging folder it is given, through the same manifest as {@link #replace}: a run cut off during the
   * move is rolled forward by {@link #recover}, one cut off before it leaves the partition as it was.
   */
  public static void swapPartition(OutputTables table, SparkSession spark, String outputRoot, String runId, String dir,
      java.util.function.Consumer<String> write) {
    FileSystem fs = fs(spark, outputRoot);
    Path stage = new Path(new Path(new Path(outputRoot, STAGING), runId), table.table());
    delete(fs, stage);
    Path merged = new Path(stage, "merged");
    write.accept(new Path(merged, dir).toString());
    swap(fs, stage, merged, Set.of(dir), Set.of(), new Path(table.path(outputRoot)));
  }

  /**
   * Moves the entries staged under {@code <stage>/<source>} into {@code tablePath} and deletes the {@code remove}
   * entries there, through a manifest (entries are paths relative to the table: partition folders or single files),
   * then removes the stage. A run cut off during the moves is rolled forward by {@link #recover}.
   */
  static void swap(FileSystem fs, Path stage, Path source, Set<String> replace, Set<String> remove, Path tablePath) {
    writeManifest(fs, stage, source, replace, remove);
    commit(fs, stage, tablePath);
    delete(fs, stage);
    deleteIfEmpty(fs, stage.getParent());
    deleteIfEmpty(fs, stage.getParent().getParent());
  }

  /**
   * Finishes or discards what an interrupted run left in {@code <output>/_staging}: a table with a manifest is rolled
   * forward (its moves are idempotent), anything else is deleted. Returns the tables rolled forward.
   */
  public static List<String> recover(SparkSession spark, String outputRoot) {
    List<String> rolled = new ArrayList<>();
    FileSystem fs = fs(spark, outputRoot);
    Path staging = new Path(outputRoot, STAGING);
    try {
      if (!fs.exists(staging)) {
        return rolled;
      }
      for (FileStatus run : fs.listStatus(staging)) {
        if (!run.isDirectory()) {
          continue;
        }
        for (FileStatus t : fs.listStatus(run.getPath())) {
          if (t.isDirectory() && fs.exists(new Path(t.getPath(), MANIFEST))) {
            commit(fs, t.getPath(), new Path(outputRoot, t.getPath().getName()));
            rolled.add(t.getPath().getName());
          }
        }
      }
      delete(fs, staging);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot recover " + staging + ": " + e.getMessage(), e);
    }
    if (!rolled.isEmpty()) {
      LOG.warn("an interrupted run left staged writes in {}: rolled forward {}", staging, rolled);
    }
    return rolled;
  }

  /** {@code rows} as the table lays them out: one shuffle by partition value, sorted, one folder per value. */
  private static void writePartitioned(Dataset<Row> rows, String part, String sortColumn, int tasks, Path dir) {
    rows.repartition(tasks, col(part))
        .sortWithinPartitions(col(part), col(sortColumn))
        .write()
        .mode(SaveMode.Overwrite)
        .partitionBy(part)
        .parquet(dir.toString());
  }

  /** Removes a finished run's staging folder ({@code <output>/_staging/<run>}), and {@code _staging} when empty. */
  public static void discard(SparkSession spark, String outputRoot, String runId) {
    Path run = new Path(new Path(outputRoot, STAGING), runId);
    try {
      FileSystem fs = fs(spark, outputRoot);
      delete(fs, run);
      deleteIfEmpty(fs, run.getParent());
    } catch (UncheckedIOException e) {
      LOG.warn("cannot delete the staging folder {} (the next run removes it): {}", run, e.getMessage());
    }
  }

  private static void writeSchemaOnly(OutputTables table, SparkSession spark, Path dir) {
    spark.createDataFrame(List.of(), table.schema()).drop(table.partitionColumn()).coalesce(1).write()
        .mode(SaveMode.Overwrite).parquet(dir.toString());
  }

  /** {@code <source-folder>\n} then one line per partition folder: {@code replace <dir>} or {@code delete <dir>}. */
  private static void writeManifest(FileSystem fs, Path stage, Path source, Set<String> replace, Set<String> remove) {
    StringBuilder sb = new StringBuilder(source.getName()).append('\n');
    replace.forEach(d -> sb.append("replace ").append(d).append('\n'));
    remove.forEach(d -> sb.append("delete ").append(d).append('\n'));
    Path tmp = new Path(stage, MANIFEST + ".tmp");
    try (FSDataOutputStream out = fs.create(tmp, true)) {
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rename(fs, tmp, new Path(stage, MANIFEST));
  }

  /** Carries out a manifest; safe to repeat after any interruption. */
  private static void commit(FileSystem fs, Path stage, Path tablePath) {
    String text;
    try (FSDataInputStream in = fs.open(new Path(stage, MANIFEST))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String[] lines = text.split("\n");
    Path source = new Path(stage, lines[0]);
    try {
      fs.mkdirs(tablePath);
      for (int i = 1; i < lines.length; i++) {
        String[] op = lines[i].split(" ", 2);
        Path target = new Path(tablePath, op[1]);
        Path staged = new Path(source, op[1]);
        if (op[0].equals("replace")) {
          if (fs.exists(staged)) { // not yet moved
            delete(fs, target);
            fs.mkdirs(target.getParent()); // a file entry (grain=day/period-2013.parquet) may start a new folder
            rename(fs, staged, target);
          }
        } else {
          delete(fs, target);
        }
        if (i == 1) {
          // after the first partition of a table is moved: where the driver-kill integration test kills the run
          org.demarche.ml.FaultHook.point("swap:" + tablePath.getName());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The partition folders ({@code col=value}) directly under {@code dir} that hold at least one Parquet file. */
  static Set<String> partitionDirs(FileSystem fs, Path dir) {
    Set<String> out = new TreeSet<>();
    try {
      if (!fs.exists(dir)) {
        return out;
      }
      for (FileStatus st : fs.listStatus(dir)) {
        String n = st.getPath().getName();
        if (st.isDirectory() && n.contains("=") && !n.startsWith("_") && !n.startsWith(".")) {
          for (FileStatus f : fs.listStatus(st.getPath())) {
            if (f.getPath().getName().endsWith(".parquet")) {
              out.add(n);
              break;
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static FileSystem fs(SparkSession spark, String root) {
    try {
      return new Path(root).getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(FileSystem fs, Path p) {
    try {
      if (fs.exists(p) && !fs.delete(p, true)) {
        throw new IOException("delete returned false");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + p + ": " + e.getMessage(), e);
    }
  }

  private static void deleteIfEmpty(FileSystem fs, Path dir) {
    try {
      if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
        fs.delete(dir, false);
      }
    } catch (IOException e) {
      LOG.debug("cannot remove {}: {}", dir, e.getMessage());
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) {
    try {
      if (!fs.rename(from, to)) {
        throw new IOException("rename returned false");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }
}
