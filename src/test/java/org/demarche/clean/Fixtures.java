package org.demarche.clean;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.testing.SparkTestSession;

/** Inline fixture frames: (id, input, expected) rows run through a stage and compared row by row. */
final class Fixtures {
  private Fixtures() {}

  static Dataset<Row> frame(String inputCol, String[][] rows) {
    List<Row> data = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      data.add(RowFactory.create(i, rows[i][0], rows[i][1]));
    }
    StructType schema = new StructType()
        .add("id", DataTypes.IntegerType, false)
        .add(inputCol, DataTypes.StringType, true)
        .add("expected", DataTypes.StringType, true);
    return SparkTestSession.get().createDataFrame(data, schema).repartition(2);
  }

  /** Runs {@code stage} on a frame of {input, expected} rows and compares {@code outputCol} with expected. */
  static void assertRows(Transformer stage, String inputCol, String outputCol, String[][] rows) {
    List<Row> out = stage.transform(frame(inputCol, rows)).orderBy("id").select("id", outputCol, "expected")
        .collectAsList();
    assertThat(out).hasSize(rows.length);
    for (Row r : out) {
      assertThat(r.getString(1)).as("row %d: input %s", r.getInt(0), rows[r.getInt(0)][0]).isEqualTo(r.getString(2));
    }
  }

  static StructType wrongType(String inputCol) {
    return new StructType().add(inputCol, DataTypes.IntegerType, true);
  }
}
