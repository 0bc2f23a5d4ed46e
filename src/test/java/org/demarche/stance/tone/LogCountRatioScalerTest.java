package org.demarche.stance.tone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.testing.SparkTestSession;
import org.demarche.testing.StageContracts;
import org.junit.jupiter.api.Test;

class LogCountRatioScalerTest {
  static final StructType SCHEMA = new StructType().add("raw_features", SQLDataTypes.VectorType())
      .add("label", DataTypes.DoubleType);

  /** Slot 0 only in class 0, slot 1 in every row, slot 2 never, slot 3 dense (not scaled). */
  static Dataset<Row> frame() {
    return SparkTestSession.get().createDataFrame(List.of(
        RowFactory.create(Vectors.sparse(4, new int[] {0, 1, 3}, new double[] {1, 1, 5}), 0.0),
        RowFactory.create(Vectors.sparse(4, new int[] {0, 1, 3}, new double[] {1, 1, 5}), 0.0),
        RowFactory.create(Vectors.sparse(4, new int[] {1, 3}, new double[] {1, 5}), 1.0),
        RowFactory.create(Vectors.sparse(4, new int[] {1, 3}, new double[] {1, 5}), 2.0)), SCHEMA);
  }

  @Test
  void ratiosFollowTheFormula() {
    double[][] counts = {{2, 2, 0}, {0, 1, 0}, {0, 1, 0}};
    double[] r = LogCountRatioScaler.ratios(counts, 1.0);
    // class 0: p = 3/7 for slot 0, sum over classes 0: 3+3+1 = 7; rest: (0 + 2)/(4 + 4) = 1/4
    assertThat(r[0]).isCloseTo(Math.log((3.0 / 7) / (2.0 / 8)), within(1e-12));
    assertThat(r[0]).isGreaterThan(r[1]); // a class-specific slot outweighs one seen everywhere
    assertThat(java.util.Arrays.stream(r).min().orElseThrow()).isGreaterThanOrEqualTo(0.0);
  }

  @Test
  void fitScalesLeadingSlotsAndRoundTrips() throws Exception {
    LogCountRatioScaler s = new LogCountRatioScaler().setNumScaled(3);
    StageContracts.rejectsWrongInputType(s, new StructType().add("raw_features", DataTypes.StringType)
        .add("label", DataTypes.DoubleType), "inputCol");
    LogCountRatioScalerModel m = s.fit(frame());
    double[] scale = m.scale();
    assertThat(scale).hasSize(3);
    assertThat(scale[0]).isGreaterThan(scale[1]);
    StageContracts.schemaMatchesTransform(m, frame());
    List<Row> out = m.transform(frame()).select("features").collectAsList();
    Vector v = (Vector) out.get(0).get(0);
    assertThat(v.size()).isEqualTo(4);
    assertThat(v.apply(0)).isCloseTo(scale[0], within(1e-12));
    assertThat(v.apply(1)).isCloseTo(scale[1], within(1e-12));
    assertThat(v.apply(3)).isEqualTo(5.0); // past numScaled: unchanged
    LogCountRatioScalerModel loaded = StageContracts.roundTrip(m, LogCountRatioScalerModel::load);
    assertThat(loaded.scale()).containsExactly(scale);
    assertThat(loaded.transform(frame()).select("features").collectAsList()).isEqualTo(out);
    LogCountRatioScaler est = StageContracts.roundTrip(s.setAlpha(0.5), LogCountRatioScaler::load);
    assertThat(est.getAlpha()).isEqualTo(0.5);
    assertThat(est.getNumScaled()).isEqualTo(3);
  }
}
