package org.demarche.stance.tone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

class TargetedToneModelTest {
  @Test
  void shippedModelLoadsAndClassifies() throws Exception {
    assertThat(TargetedToneModel.manifestFiles()).anyMatch(f -> f.startsWith("stages/1_"));
    SparkSession spark = SparkTestSession.get();
    PipelineModel m = TargetedToneModel.builtin(spark);
    assertThat(TargetedToneModel.builtin(spark)).isSameAs(m);
    String neg = "The senator was convicted of fraud and condemned for his corrupt and shameful lies.";
    String pos = "The senator was praised as a brilliant, honest and courageous leader who won great respect.";
    StructType schema = new StructType().add("sentence", DataTypes.StringType)
        .add("target_start", DataTypes.IntegerType).add("target_end", DataTypes.IntegerType);
    List<Row> out = m.transform(spark.createDataFrame(List.of(RowFactory.create(neg, 0, 11),
        RowFactory.create(pos, 0, 11)), schema)).select("prediction", "probability").collectAsList();
    assertThat(out.get(0).getDouble(0)).isEqualTo(0.0); // negative
    assertThat(out.get(1).getDouble(0)).isEqualTo(2.0); // positive
    assertThat(((Vector) out.get(0).get(1)).size()).isEqualTo(3);
  }
}
