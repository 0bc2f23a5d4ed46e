package org.demarche.testing;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.ml.ScalaInterop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared local SparkSession works on whichever Spark the build compiled against (4.x / Scala 2.13 by default,
 * 3.5 / Scala 2.12 with {@code -Pspark-3.5}): Spark's own JSON reader (Jackson versions must agree), a shuffle, a
 * Parquet round trip with Hive partitions, and the Scala collection bridge used by the runs table.
 */
class SparkSessionSmokeTest {
  @TempDir Path tmp;

  @Test
  void jsonShuffleParquetAndScalaCollections() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path json = tmp.resolve("in.jsonl");
    Files.write(json, List.of(
        "{\"doc_id\":\"a\",\"outlet\":\"x\",\"n\":1}",
        "{\"doc_id\":\"b\",\"outlet\":\"x\",\"n\":2}",
        "{\"doc_id\":\"c\",\"outlet\":\"y\",\"n\":3}"), StandardCharsets.UTF_8);

    Dataset<Row> docs = spark.read().json(json.toString());
    assertThat(docs.count()).isEqualTo(3);
    List<Row> byOutlet = docs.groupBy("outlet").sum("n").orderBy("outlet").collectAsList();
    assertThat(byOutlet).hasSize(2);
    assertThat(byOutlet.get(0).getLong(1)).isEqualTo(3L);

    String out = tmp.resolve("parquet").toString();
    docs.write().partitionBy("outlet").parquet(out);
    Dataset<Row> back = spark.read().parquet(out);
    assertThat(back.filter(col("outlet").equalTo("y")).count()).isEqualTo(1);

    StructType schema = new StructType()
        .add("paths", DataTypes.createArrayType(DataTypes.StringType), false)
        .add("counts", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), false);
    Row row = RowFactory.create(ScalaInterop.seq(List.of("p1", "p2")), ScalaInterop.map(Map.of("k", 7L)));
    Row roundTrip = spark.createDataFrame(List.of(row), schema).first();
    assertThat(roundTrip.getList(0)).containsExactly("p1", "p2");
    assertThat(roundTrip.<String, Long>getJavaMap(1)).containsEntry("k", 7L);
  }
}
