package org.demarche.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.demarche.testing.SampleRun;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The output tables as a BI user reads them: every table of the bundled sample run opened with DuckDB exactly as
 * {@code docs/bi.md} says, its column names and types checked against the golden Spark schema
 * ({@code src/test/resources/golden/schemas/<table>.json}, mapped to DuckDB types by {@link #duckDbType}), its row
 * count against Spark's, and a few known values of the sample.
 *
 * <p>Every golden schema is a table to check: a new table is covered once its golden schema file exists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuckDbContractTest {
  private static final Path GOLDEN = SparkTestSession.repo().resolve("src/test/resources/golden/schemas");

  private final SparkSession spark = SparkTestSession.get();
  private SampleRun run;
  private Connection duck;

  @BeforeAll
  void open() throws Exception {
    run = SampleRun.get();
    Class.forName("org.duckdb.DuckDBDriver");
    duck = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterAll
  void close() throws SQLException {
    if (duck != null) {
      duck.close();
    }
  }

  /** The tables that have a golden schema, in name order. */
  static List<String> goldenTables() throws Exception {
    try (Stream<Path> files = Files.list(GOLDEN)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
          .map(n -> n.substring(0, n.length() - ".json".length())).sorted().toList();
    }
  }

  static StructType golden(String table) throws Exception {
    return (StructType) DataType.fromJson(Files.readString(GOLDEN.resolve(table + ".json"), StandardCharsets.UTF_8));
  }

  /**
   * The hive partition column of a table folder ({@code dt} for {@code articles/dt=2013-05-07/}), or null when the
   * table is not partitioned.
   */
  static String partitionColumn(Path tableDir) throws Exception {
    try (Stream<Path> children = Files.list(tableDir)) {
      return children.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> n.contains("="))
          .map(n -> n.substring(0, n.indexOf('='))).findFirst().orElse(null);
    }
  }

  /**
   * The documented DuckDB source of a table (docs/bi.md): every Parquet file below the folder (a plain
   * {@code dir/*} also matches Spark's {@code ._SUCCESS.crc}), hive partitioning on, and the partition column typed
   * explicitly ({@code dt} as DATE, ids as VARCHAR) rather than left to DuckDB's guess.
   */
  static String source(Path tableDir, String partitionColumn, StructType schema) {
    StringBuilder sb = new StringBuilder("read_parquet('").append(tableDir.toString().replace("'", "''"))
        .append("/**/*.parquet'");
    if (partitionColumn != null) {
      sb.append(", hive_partitioning = true, hive_types = {'").append(partitionColumn).append("': ")
          .append(duckDbType(schema.apply(partitionColumn).dataType())).append('}');
    }
    return sb.append(')').toString();
  }

  private String source(String table) throws Exception {
    Path dir = run.table(table);
    return source(dir, partitionColumn(dir), golden(table));
  }

  /**
   * The DuckDB type that a Spark column type must read back as, spelled as DuckDB's DESCRIBE prints it except that
   * struct field names are never quoted (DuckDB quotes keywords such as {@code "end"}; {@link #describe} drops the
   * quotes).
   */
  static String duckDbType(DataType t) {
    if (t.equals(DataTypes.StringType)) {
      return "VARCHAR";
    } else if (t.equals(DataTypes.IntegerType)) {
      return "INTEGER";
    } else if (t.equals(DataTypes.LongType)) {
      return "BIGINT";
    } else if (t.equals(DataTypes.ShortType)) {
      return "SMALLINT";
    } else if (t.equals(DataTypes.ByteType)) {
      return "TINYINT";
    } else if (t.equals(DataTypes.DoubleType)) {
      return "DOUBLE";
    } else if (t.equals(DataTypes.FloatType)) {
      return "FLOAT";
    } else if (t.equals(DataTypes.BooleanType)) {
      return "BOOLEAN";
    } else if (t.equals(DataTypes.DateType)) {
      return "DATE";
    } else if (t.equals(DataTypes.TimestampType)) {
      // Spark writes TIMESTAMP_MICROS adjusted to UTC (Sessions sets outputTimestampType): an instant
      return "TIMESTAMP WITH TIME ZONE";
    } else if (t.equals(DataTypes.BinaryType)) {
      return "BLOB";
    } else if (t instanceof ArrayType a) {
      return duckDbType(a.elementType()) + "[]";
    } else if (t instanceof MapType m) {
      return "MAP(" + duckDbType(m.keyType()) + ", " + duckDbType(m.valueType()) + ")";
    } else if (t instanceof StructType s) {
      List<String> fields = new ArrayList<>();
      for (StructField f : s.fields()) {
        fields.add(f.name() + " " + duckDbType(f.dataType()));
      }
      return "STRUCT(" + String.join(", ", fields) + ")";
    }
    throw new IllegalArgumentException("no DuckDB mapping for Spark type " + t + "; add one to duckDbType");
  }

  private Map<String, String> describe(String source) throws SQLException {
    Map<String, String> cols = new LinkedHashMap<>();
    try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + source)) {
      while (rs.next()) {
        cols.put(rs.getString("column_name"), rs.getString("column_type").replace("\"", ""));
      }
    }
    return cols;
  }

  private List<List<Object>> query(String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private Object scalar(String sql) throws SQLException {
    List<List<Object>> rows = query(sql);
    assertThat(rows).as(sql).hasSize(1);
    return rows.get(0).get(0);
  }

  @Test
  void everyOutputTableHasAGoldenSchemaAndAFolder() throws Exception {
    List<String> golden = goldenTables();
    for (OutputTables t : OutputTables.values()) {
      assertThat(golden).as("golden schema of %s", t.table()).contains(t.table());
    }
    for (String table : golden) {
      assertThat(run.table(table)).as("table folder written by the sample run").isDirectory();
    }
  }

  @Test
  void duckDbReadsEveryTableWithTheGoldenColumnsAndTypes() throws Exception {
    List<String> mismatches = new ArrayList<>();
    for (String table : goldenTables()) {
      StructType schema = golden(table);
      Map<String, String> expected = new LinkedHashMap<>();
      for (StructField f : schema.fields()) {
        expected.put(f.name(), duckDbType(f.dataType()));
      }
      Map<String, String> actual = describe(source(table));
      if (!actual.equals(expected)) {
        mismatches.add(table + ":\n  expected " + expected + "\n  DuckDB   " + actual);
      }
    }
    assertThat(mismatches).as("DuckDB column types differ from the golden schemas").isEmpty();
  }

  @Test
  void duckDbCountsTheSameRowsAsSpark() throws Exception {
    for (String table : goldenTables()) {
      long sparkRows = spark.read().parquet(run.table(table).toString()).count();
      long duckRows = ((Number) scalar("SELECT count(*) FROM " + source(table))).longValue();
      assertThat(duckRows).as("rows of %s", table).isEqualTo(sparkRows);
    }
    assertThat(((Number) scalar("SELECT count(*) FROM " + source("articles"))).longValue())
        .isEqualTo(run.summary().count("accepted"));
  }

  /**
   * What users get without {@code hive_types}: DuckDB's {@code hive_types_autocast} (on by default) infers the
   * partition type from the folder names, which on the sample gives DATE for {@code dt} and VARCHAR for the prefixed
   * ids ({@code r_…}, {@code b_…}, {@code m_…}). With autocast off every partition value is a string.
   */
  @Test
  void withoutHiveTypesAutocastInfersDateFromTheSampleFolders() throws Exception {
    for (String table : goldenTables()) {
      Path dir = run.table(table);
      String partition = partitionColumn(dir);
      if (partition == null) {
        continue;
      }
      Map<String, String> cols = describe("read_parquet('" + dir + "/**/*.parquet', hive_partitioning = true)");
      assertThat(cols.get(partition)).as("autocast type of %s.%s", table, partition)
          .isEqualTo(duckDbType(golden(table).apply(partition).dataType()));
    }
    Map<String, String> raw = describe("read_parquet('" + run.table("articles")
        + "/**/*.parquet', hive_partitioning = true, hive_types_autocast = false)");
    assertThat(raw.get("dt")).isEqualTo("VARCHAR");
  }

  /**
   * Why docs/bi.md pins {@code dt} with {@code hive_types}: undated articles ({@code input.require_date=false}) land in
   * {@code dt=__HIVE_DEFAULT_PARTITION__}; a batch with only such rows has nothing to infer a date from, and autocast
   * gives VARCHAR, so the same query returns another type on another folder. With {@code hive_types} it is DATE and
   * the default partition reads as NULL. The folder here holds a real {@code doc_topics} file of the sample run.
   */
  @Test
  void hiveTypesKeepDtADateWhenOnlyTheDefaultPartitionExists() throws Exception {
    Path table = Files.createTempDirectory("demarche-undated").resolve("doc_topics");
    Path undated = Files.createDirectories(table.resolve("dt=__HIVE_DEFAULT_PARTITION__"));
    Path file;
    try (Stream<Path> files = Files.walk(run.table("doc_topics"))) {
      file = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Files.copy(file, undated.resolve(file.getFileName()));
    String glob = "read_parquet('" + table + "/**/*.parquet', hive_partitioning = true";
    assertThat(describe(glob + ")").get("dt")).isEqualTo("VARCHAR");
    String pinned = glob + ", hive_types = {'dt': DATE})";
    assertThat(describe(pinned).get("dt")).isEqualTo("DATE");
    assertThat(scalar("SELECT count(*) FROM " + pinned + " WHERE dt IS NULL"))
        .isEqualTo(scalar("SELECT count(*) FROM " + pinned)).isNotEqualTo(0L);
  }

  @Test
  void theSeedArticleIsOnItsDateWithItsInstant() throws Exception {
    List<List<Object>> rows = query("SELECT dt, typeof(dt), strftime(published_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M'),"
        + " title FROM " + source("articles") + " WHERE outlet = 'rt.com'");
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get(0)).hasToString("2013-05-07");
    assertThat(rows.get(0).get(1)).isEqualTo("DATE");
    assertThat(rows.get(0).get(2)).isEqualTo("2013-05-07 19:58");
    assertThat(rows.get(0).get(3))
        .isEqualTo("Russia, US to push for global Syria conference to bring conflicting sides to table");
    // date arithmetic works on the partition column, as dashboards use it
    assertThat(scalar("SELECT count(*) FROM " + source("articles") + " WHERE dt BETWEEN DATE '2013-05-01' AND"
        + " DATE '2013-05-31'")).isEqualTo(1L);
    // maps are maps: the UN speech's metadata
    assertThat(scalar("SELECT meta['iso3'] FROM " + source("articles") + " WHERE doc_id = 'UNGDC_USA_68_2013'"))
        .isEqualTo("USA");
  }

  @Test
  void lavrovIsTheRussianGovernmentInTheSeedArticle() throws Exception {
    List<List<Object>> codes = query("SELECT DISTINCT cameo_code, country, dt FROM " + source("actor_mentions")
        + " WHERE outlet = 'rt.com' AND alias_text LIKE '%Lavrov%'");
    assertThat(codes).hasSize(1);
    assertThat(codes.get(0).get(0)).isEqualTo("RUSGOV");
    assertThat(codes.get(0).get(1)).isEqualTo("RUS");
    assertThat(codes.get(0).get(2)).hasToString("2013-05-07");
    // the mention offsets point into articles.text
    List<List<Object>> spans = query("SELECT m.alias_text, substr(a.text, m.start + 1, m.\"end\" - m.start) FROM "
        + source("actor_mentions") + " m JOIN " + source("articles") + " a USING (doc_id)"
        + " WHERE m.outlet = 'rt.com' ORDER BY m.start");
    assertThat(spans).isNotEmpty().allSatisfy(r -> assertThat(r.get(1)).isEqualTo(r.get(0)));
  }

  @Test
  void topicsTrendsAndRunsHaveTheSampleFigures() throws Exception {
    assertThat(scalar("SELECT count(*) FROM " + source("topics"))).isEqualTo(20L);
    assertThat(scalar("SELECT count(*) FROM " + source("topics") + " WHERE npmi BETWEEN -1 AND 1"
        + " AND len(top_terms) > 0 AND label IS NOT NULL")).isEqualTo(20L);
    assertThat(query("SELECT DISTINCT grain FROM " + source("topic_trends") + " ORDER BY grain"))
        .extracting(r -> r.get(0)).containsExactly("day", "month", "week");
    assertThat(scalar("SELECT typeof(period_start) FROM " + source("topic_trends") + " LIMIT 1")).isEqualTo("DATE");
    assertThat(scalar("SELECT count(DISTINCT doc_id) FROM " + source("doc_topics")))
        .isEqualTo(run.summary().count("accepted"));
    List<List<Object>> runs = query("SELECT records_read, accepted + rejected, reconciled, min_dt, max_dt FROM "
        + source("runs") + " WHERE run_id = '" + run.summary().runId() + "'");
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).subList(0, 3)).containsExactly(260L, 260L, true);
    // the UN speeches of the sample span 1970..2024 (year precision: 1 January)
    assertThat(runs.get(0).get(3)).hasToString("1970-01-01");
    assertThat(runs.get(0).get(4)).hasToString("2024-01-01");
    assertThat(scalar("SELECT count(*) FROM " + source("actors") + " WHERE actor_id = 'SERGEY_LAVROV'"
        + " AND cameo_code = 'RUSGOV' AND valid_from <= DATE '2013-05-07'"
        + " AND (valid_to IS NULL OR valid_to >= DATE '2013-05-07')")).isEqualTo(1L);
    assertThat(query("SELECT DISTINCT group_type FROM " + source("keyness")).stream().map(r -> r.get(0))
        .collect(Collectors.toSet())).contains("outlet", "month", "actor");
  }
}
