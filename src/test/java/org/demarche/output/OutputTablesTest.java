package org.demarche.output;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writers of {@link OutputTables}: empty batches leave readable tables, and later batches add to them cleanly. */
class OutputTablesTest {
  private final SparkSession spark = SparkTestSession.get();

  @TempDir Path dir;

  private Dataset<Row> empty(OutputTables t) {
    return spark.createDataFrame(List.of(), t.schema());
  }

  private static long parquetFiles(Path table) throws Exception {
    try (Stream<Path> s = Files.walk(table)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
    }
  }

  private static long duckCount(String glob, String hiveTypes) throws Exception {
    Class.forName("org.duckdb.DuckDBDriver");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from read_parquet('" + glob
            + "', hive_partitioning = true" + (hiveTypes.isEmpty() ? "" : ", hive_types = {" + hiveTypes + "}")
            + ")")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** A row of {@code schema}: doc_id d1, dt 2013-05-07, nullable columns null, the others a default value. */
  private static Row row(org.apache.spark.sql.types.StructType schema) {
    Object[] v = new Object[schema.size()];
    for (int i = 0; i < v.length; i++) {
      var f = schema.fields()[i];
      if (f.name().equals("doc_id")) {
        v[i] = "d1";
      } else if (f.name().equals("dt")) {
        v[i] = java.sql.Date.valueOf("2013-05-07");
      } else if (!f.nullable()) {
        v[i] = defaultOf(f.dataType());
      }
    }
    return org.apache.spark.sql.RowFactory.create(v);
  }

  private static Object defaultOf(org.apache.spark.sql.types.DataType t) {
    if (t instanceof org.apache.spark.sql.types.StringType) {
      return "x";
    } else if (t instanceof org.apache.spark.sql.types.IntegerType) {
      return 0;
    } else if (t instanceof org.apache.spark.sql.types.LongType) {
      return 0L;
    } else if (t instanceof org.apache.spark.sql.types.DoubleType) {
      return 0.0;
    } else if (t instanceof org.apache.spark.sql.types.BooleanType) {
      return false;
    } else if (t instanceof org.apache.spark.sql.types.ArrayType) {
      return scala.collection.immutable.List$.MODULE$.empty();
    } else if (t instanceof org.apache.spark.sql.types.TimestampType) {
      return java.sql.Timestamp.valueOf("2013-05-07 00:00:00");
    } else if (t instanceof org.apache.spark.sql.types.DateType) {
      return java.sql.Date.valueOf("2013-05-07");
    }
    throw new IllegalArgumentException("no default for " + t);
  }

  @Test
  void anEmptyFirstBatchLeavesATableEveryReaderOpensAsZeroRows() throws Exception {
    String out = dir.toString();
    OutputTables.EVENTS.write(empty(OutputTables.EVENTS), out, "doc_id");

    Path table = dir.resolve("events");
    assertThat(parquetFiles(table)).isEqualTo(1);
    assertThat(table.resolve("dt=" + OutputTables.NULL_PARTITION)).isDirectory();
    // Spark infers the schema from the file (no user schema) and reads zero rows
    Dataset<Row> back = spark.read().parquet(table.toString());
    assertThat(back.count()).isZero();
    assertThat(back.columns()).contains("dt", "doc_id", "cameo_code");
    assertThat(duckCount(table + "/**/*.parquet", "'dt': DATE")).isZero();
  }

  @Test
  void aLaterBatchAddsItsPartitionsBesideTheEmptyOne() throws Exception {
    String out = dir.toString();
    OutputTables.STATEMENTS.write(empty(OutputTables.STATEMENTS), out, "doc_id");
    Path table = dir.resolve("statements");
    long before = parquetFiles(table);

    // a batch with one row: the keys set, every other non-null column at a plain default of its type
    OutputTables.STATEMENTS.write(spark.createDataFrame(List.of(row(OutputTables.STATEMENTS.schema())),
        OutputTables.STATEMENTS.schema()), out, "doc_id");

    assertThat(parquetFiles(table)).isGreaterThan(before);
    Dataset<Row> back = spark.read().schema(OutputTables.STATEMENTS.schema()).parquet(table.toString());
    assertThat(back.count()).isEqualTo(1);
    assertThat(back.where(col("dt").isNotNull()).select("doc_id").first().getString(0)).isEqualTo("d1");
    assertThat(duckCount(table + "/**/*.parquet", "'dt': DATE")).isEqualTo(1);
  }

  @Test
  void replacingATrendTableWithNoRowsLeavesOneSchemaOnlyFile() throws Exception {
    String out = dir.toString();
    OutputTables.ALERTS.replaceAll(empty(OutputTables.ALERTS), out, "r_test", "period_start");

    Path table = dir.resolve("alerts");
    assertThat(parquetFiles(table)).isEqualTo(1);
    Dataset<Row> back = spark.read().parquet(table.toString());
    assertThat(back.count()).isZero();
    assertThat(back.columns()).contains("grain", "period_start", "z", "evidence");
    assertThat(back.schema().apply("grain").dataType()).isEqualTo(org.apache.spark.sql.types.DataTypes.StringType);
    // no partition folder: the one file holds grain as a plain column
    assertThat(duckCount(table + "/**/*.parquet", "")).isZero();
  }
  /** An outlet_trends row: grain, period start, outlet, article count; the other columns defaults. */
  private static Row trend(String grain, String period, String outlet, long n) {
    org.apache.spark.sql.types.StructType schema = OutputTables.OUTLET_TRENDS.schema();
    Object[] v = new Object[schema.size()];
    for (int i = 0; i < v.length; i++) {
      var f = schema.fields()[i];
      v[i] = switch (f.name()) {
        case "grain" -> grain;
        case "period_start" -> java.sql.Date.valueOf(period);
        case "outlet" -> outlet;
        case "n_articles" -> n;
        default -> f.nullable() ? null : defaultOf(f.dataType());
      };
    }
    return org.apache.spark.sql.RowFactory.create(v);
  }

  private static java.util.Map<String, Long> files(Path table) throws Exception {
    java.util.Map<String, Long> m = new java.util.TreeMap<>();
    try (Stream<Path> s = Files.walk(table)) {
      for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
        m.put(table.relativize(p).toString(), Files.getLastModifiedTime(p).toMillis());
      }
    }
    return m;
  }

  @Test
  void trendTablesKeepOneFilePerGrainAndYearAndABatchRewritesOnlyTheYearsItTouches() throws Exception {
    String out = dir.toString();
    OutputTables t = OutputTables.OUTLET_TRENDS;
    t.replaceAll(spark.createDataFrame(List.of(trend("day", "2012-03-01", "A", 1), trend("day", "2013-05-07", "A", 2),
        trend("month", "2013-05-01", "A", 3), trend("month", "2014-01-01", "B", 4)), t.schema()), out, "r1",
        "period_start", "outlet");
    Path table = dir.resolve("outlet_trends");
    java.util.Map<String, Long> before = files(table);
    assertThat(before).containsOnlyKeys("grain=day/period-2012.parquet", "grain=day/period-2013.parquet",
        "grain=month/period-2013.parquet", "grain=month/period-2014.parquet");
    Thread.sleep(20);

    // a batch touching day 2013-05-08 and May 2013, and day 2012-03-01 whose row goes away
    Dataset<Row> periods = spark.createDataFrame(List.of(
        org.apache.spark.sql.RowFactory.create("day", java.sql.Date.valueOf("2013-05-08")),
        org.apache.spark.sql.RowFactory.create("month", java.sql.Date.valueOf("2013-05-01")),
        org.apache.spark.sql.RowFactory.create("day", java.sql.Date.valueOf("2012-03-01"))),
        new org.apache.spark.sql.types.StructType().add("grain", "string").add("period_start", "date"));
    t.replacePeriods(spark.createDataFrame(List.of(trend("day", "2013-05-08", "A", 5),
        trend("month", "2013-05-01", "A", 8)), t.schema()), periods, out, "r2", "period_start", "outlet");
    java.util.Map<String, Long> after = files(table);
    // 2012's only day row is gone with its file; 2014 is untouched (same file, same time); 2013's files rewritten
    assertThat(after).containsOnlyKeys("grain=day/period-2013.parquet", "grain=month/period-2013.parquet",
        "grain=month/period-2014.parquet");
    assertThat(after.get("grain=month/period-2014.parquet")).isEqualTo(before.get("grain=month/period-2014.parquet"));
    assertThat(after.get("grain=day/period-2013.parquet")).isNotEqualTo(before.get("grain=day/period-2013.parquet"));
    java.util.Map<String, Long> rows = new java.util.TreeMap<>();
    for (Row r : t.read(spark, out).select("grain", "period_start", "n_articles").collectAsList()) {
      rows.put(r.getString(0) + " " + r.get(1), r.getLong(2));
    }
    assertThat(rows).containsExactlyEntriesOf(new java.util.TreeMap<>(java.util.Map.of("day 2013-05-07", 2L,
        "day 2013-05-08", 5L, "month 2013-05-01", 8L, "month 2014-01-01", 4L)));
    assertThat(duckCount(table + "/**/*.parquet", "")).isEqualTo(4);
    assertThat(dir.resolve(KeyedReplace.STAGING)).doesNotExist();

    // a table in the layout of earlier versions (one file per grain) is rewritten whole, once, in this one
    Path old = dir.resolve("old");
    spark.createDataFrame(List.of(trend("day", "2012-03-01", "A", 1), trend("day", "2013-05-07", "A", 2)), t.schema())
        .repartition(1).write().partitionBy("grain").parquet(old.resolve("outlet_trends").toString());
    t.replacePeriods(spark.createDataFrame(List.of(trend("day", "2013-05-08", "A", 5)), t.schema()),
        periods.where("grain = 'day' and period_start = date'2013-05-08'"), old.toString(), "r3", "period_start");
    assertThat(files(old.resolve("outlet_trends"))).containsOnlyKeys("grain=day/period-2012.parquet",
        "grain=day/period-2013.parquet");
    assertThat(t.read(spark, old.toString()).count()).isEqualTo(3);
  }
}
