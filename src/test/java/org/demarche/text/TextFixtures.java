package org.demarche.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.testing.SparkTestSession;

/** Inline token fixtures and the bundled UN sample. */
public final class TextFixtures {
  private TextFixtures() {}

  /** A frame (id int, {@code col} string) from strings. */
  public static Dataset<Row> strings(String col, String... values) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      rows.add(RowFactory.create(i, values[i]));
    }
    StructType s = new StructType().add("id", DataTypes.IntegerType, false).add(col, DataTypes.StringType, true);
    return SparkTestSession.get().createDataFrame(rows, s).repartition(2);
  }

  /** A frame (id int, {@code col} array<string>) from space-separated token strings; null stays null. */
  public static Dataset<Row> tokens(String col, String... docs) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < docs.length; i++) {
      rows.add(RowFactory.create(i, docs[i] == null ? null
          : docs[i].isEmpty() ? new String[0] : docs[i].split(" ")));
    }
    StructType s = new StructType().add("id", DataTypes.IntegerType, false)
        .add(col, ArrayColumnTransformer.TOKENS, true);
    return SparkTestSession.get().createDataFrame(rows, s).repartition(2);
  }

  /** {@code outputCol} per id, in id order, each as a space-joined string (null stays null). */
  public static List<String> output(Transformer stage, Dataset<Row> in, String outputCol) {
    List<String> out = new ArrayList<>();
    for (Row r : stage.transform(in).orderBy("id").select(outputCol).collectAsList()) {
      out.add(r.isNullAt(0) ? null : String.join(" ", r.<String>getList(0)));
    }
    return out;
  }

  public static void assertOutputs(Transformer stage, Dataset<Row> in, String outputCol, String... expected) {
    assertThat(output(stage, in, outputCol)).containsExactly(expected);
  }

  public static StructType wrongType(String col) {
    return new StructType().add(col, DataTypes.IntegerType, true);
  }

  public static Path unSample() {
    return SparkTestSession.repo().resolve("data/sample/ungdc/ungdc_sample.jsonl.bz2");
  }

  /** The 259 UN General Debate speeches (doc_id, iso3, year, text), 4 partitions. */
  public static Dataset<Row> unSpeeches() {
    SparkSession spark = SparkTestSession.get();
    return spark.read().json(unSample().toString()).select("doc_id", "iso3", "year", "text").repartition(4);
  }

  static List<String> list(String... s) {
    return Arrays.asList(s);
  }
}
