package org.demarche.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.MapType;
import org.demarche.output.OutputTables;

/**
 * Two output folders compared table by table, row for row ({@code exceptAll} both ways), as the fault integration
 * tests need: a disturbed run (killed, then rerun, or with an executor lost) against an undisturbed one.
 */
public final class TableDiff {
  private TableDiff() {}

  /**
   * Asserts that {@code actual} holds the same tables as {@code expected}, each with the same rows and the same
   * partition folders (by count where the partition is named after the run or its model). Returns the table count.
   */
  public static int assertSameTables(SparkSession spark, Path actual, Path expected, String what) throws IOException {
    Set<String> tables = new TreeSet<>();
    for (OutputTables t : OutputTables.values()) {
      if (Files.isDirectory(expected.resolve(t.table()))) {
        tables.add(t.table());
      }
    }
    assertThat(tables).contains("articles", "rejects", "stance", "statements", "events", "actor_mentions",
        "actor_trends", "dyad_trends", "runs");
    for (String t : tables) {
      assertThat(Files.isDirectory(actual.resolve(t))).as(t + " " + what).isTrue();
      Dataset<Row> x = comparable(spark.read().parquet(actual.resolve(t).toString()));
      Dataset<Row> y = comparable(spark.read().parquet(expected.resolve(t).toString()));
      long onlyActual = x.exceptAll(y).count();
      long onlyExpected = y.exceptAll(x).count();
      assertThat(onlyActual + onlyExpected).as("%s: rows only %s %d, only in the undisturbed run %d",
          t, what, onlyActual, onlyExpected).isZero();
      assertThat(x.count()).as(t + " rows").isEqualTo(y.count());
      if (!List.of("run_id", "model_id").contains(String.valueOf(partitionColumn(t)))) {
        assertThat(folders(actual.resolve(t))).as(t + " partition folders").isEqualTo(folders(expected.resolve(t)));
      } else { // named after the run (and its output path) or its model
        assertThat(folders(actual.resolve(t))).as(t + " partition folders").hasSameSizeAs(folders(expected.resolve(t)));
      }
    }
    return tables.size();
  }

  /**
   * Without map columns (exceptAll cannot compare them) and the columns that name the output folder or a duration
   * ({@code run_id} derives from the config, which holds the output path).
   */
  public static Dataset<Row> comparable(Dataset<Row> d) {
    for (var f : d.schema().fields()) {
      if (f.dataType() instanceof MapType || Set.of("run_id", "model_id", "model_path", "fit_seconds", "started_at",
          "finished_at", "previous_model_id").contains(f.name())) {
        d = d.drop(f.name());
      }
    }
    return d;
  }

  private static String partitionColumn(String table) {
    for (OutputTables t : OutputTables.values()) {
      if (t.table().equals(table)) {
        return t.partitionColumn();
      }
    }
    throw new IllegalArgumentException(table);
  }

  /** The partition folders of a table (names only). */
  private static Set<String> folders(Path table) throws IOException {
    try (Stream<Path> s = Files.list(table)) {
      return new TreeSet<>(s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList());
    }
  }
}
