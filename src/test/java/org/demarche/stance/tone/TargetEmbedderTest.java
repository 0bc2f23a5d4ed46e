package org.demarche.stance.tone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.testing.SparkTestSession;
import org.demarche.testing.StageContracts;
import org.junit.jupiter.api.Test;

class TargetEmbedderTest {
  static final StructType SCHEMA = new StructType().add("sentence", DataTypes.StringType)
      .add("target_start", DataTypes.IntegerType).add("target_end", DataTypes.IntegerType);

  static TargetEmbedder embedder() {
    return new TargetEmbedder("emb_test", new String[] {"praised", "smith", "the", "critics"},
        new float[][] {{2, 0}, {0, 3}, {1, 1}, {0, -1}});
  }

  static Dataset<Row> frame() {
    return SparkTestSession.get().createDataFrame(List.of(
        RowFactory.create("Smith praised the critics", 0, 5),
        RowFactory.create("The critics praised Smith", 20, 25),
        RowFactory.create(null, 0, 3),
        RowFactory.create("short", 3, 99)), SCHEMA);
  }

  @Test
  void blocksAreTargetMaskedSidedAndUnitLength() throws Exception {
    TargetEmbedder e = embedder().setScale(2.0);
    assertThat(e.vectorSize()).isEqualTo(8);
    StageContracts.rejectsWrongInputType(e, new StructType().add("sentence", DataTypes.IntegerType)
        .add("target_start", DataTypes.IntegerType).add("target_end", DataTypes.IntegerType), "textCol");
    StageContracts.schemaMatchesTransform(e, frame());
    List<Row> out = e.transform(frame()).select("embedding").collectAsList();
    double[] first = ((Vector) out.get(0).get(0)).toArray();
    // target first: nothing on its left; the target's own word ("smith") is never counted
    assertThat(first[0]).isEqualTo(0.0);
    assertThat(first[1]).isEqualTo(0.0);
    double[] right = {first[2], first[3]};
    assertThat(Math.hypot(right[0], right[1])).isCloseTo(2.0, within(1e-9)); // unit length times scale
    // sentence block: praised (1,0) + the (.71,.71) + critics (0,-1), normalised, scaled
    double sx = 1 + Math.sqrt(0.5);
    double sy = Math.sqrt(0.5) - 1;
    assertThat(first[6]).isCloseTo(2 * sx / Math.hypot(sx, sy), within(1e-6));
    double[] second = ((Vector) out.get(1).get(0)).toArray();
    assertThat(second[2]).isEqualTo(0.0); // target last: nothing on its right
    assertThat(second[3]).isEqualTo(0.0);
    assertThat(((Vector) out.get(2).get(0)).toArray()).containsOnly(0.0);
    assertThat(((Vector) out.get(3).get(0)).toArray()).containsOnly(0.0);
    TargetEmbedder loaded = StageContracts.roundTrip(e, TargetEmbedder::load);
    assertThat(loaded.vocabularySize()).isEqualTo(4);
    assertThat(loaded.getScale()).isEqualTo(2.0);
    assertThat(loaded.transform(frame()).select("embedding").collectAsList()).isEqualTo(out);
  }
}
