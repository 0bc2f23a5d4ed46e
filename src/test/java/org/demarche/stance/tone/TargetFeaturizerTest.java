package org.demarche.stance.tone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.eval.StanceTrainer;
import org.demarche.testing.SparkTestSession;
import org.demarche.testing.StageContracts;
import org.junit.jupiter.api.Test;

class TargetFeaturizerTest {
  static final StructType SCHEMA = new StructType()
      .add("sentence", DataTypes.StringType, true)
      .add("target_start", DataTypes.IntegerType, true)
      .add("target_end", DataTypes.IntegerType, true);

  static Dataset<Row> frame() {
    return SparkTestSession.get().createDataFrame(List.of(
        RowFactory.create("Putin praised the deal.", 0, 5),
        RowFactory.create("Kerry praised the deal.", 0, 5),
        RowFactory.create("Moscow condemned Kerry.", 17, 22),
        RowFactory.create(null, 0, 5)), SCHEMA);
  }

  @Test
  void contracts() throws Exception {
    TargetFeaturizer f = new TargetFeaturizer().setNumFeatures(1 << 10);
    StageContracts.schemaMatchesTransform(f, frame());
    StageContracts.rejectsWrongInputType(f, new StructType().add("sentence", DataTypes.IntegerType)
        .add("target_start", DataTypes.IntegerType).add("target_end", DataTypes.IntegerType), "textCol");
    StageContracts.rejectsWrongInputType(f, new StructType().add("sentence", DataTypes.StringType)
        .add("target_start", DataTypes.StringType).add("target_end", DataTypes.IntegerType), "targetStartCol");
    TargetFeaturizer loaded = StageContracts.roundTrip(f.setWindowSize(3).setMaskNames(false),
        TargetFeaturizer::load);
    assertThat(loaded.getNumFeatures()).isEqualTo(1 << 10);
    assertThat(loaded.getWindowSize()).isEqualTo(3);
    assertThat(loaded.getMaskNames()).isFalse();
  }

  @Test
  void vectorsHaveTheDeclaredSizeAndMaskTheTarget() {
    TargetFeaturizer f = new TargetFeaturizer().setNumFeatures(1 << 12);
    List<Row> rows = f.transform(frame()).select("features").collectAsList();
    assertThat(rows).allSatisfy(r -> assertThat(((Vector) r.get(0)).size())
        .isEqualTo((1 << 12) + TargetFeaturizer.DENSE).isEqualTo(f.vectorSize()));
    Vector putin = (Vector) rows.get(0).get(0);
    Vector kerry = (Vector) rows.get(1).get(0);
    Vector condemned = (Vector) rows.get(2).get(0);
    Vector none = (Vector) rows.get(3).get(0);
    assertThat(putin).isEqualTo(kerry); // the target's own name never enters the features
    assertThat(putin.numNonzeros()).isGreaterThan(10);
    int dense = 1 << 12;
    assertThat(putin.apply(dense)).isPositive(); // window tone
    assertThat(condemned.apply(dense)).isNegative();
    assertThat(none.numNonzeros()).isZero();
  }

  @Test
  void localWindowSeesSidesAndNegation() {
    TargetFeaturizer.Config c = new TargetFeaturizer.Config(1 << 14, 4, true, true, true);
    String a = "Moscow did not praise Kerry.";
    String b = "Kerry did not praise Moscow.";
    Vector va = TargetFeaturizer.features(a, 21, 26, c);
    Vector vb = TargetFeaturizer.features(b, 0, 5, c);
    assertThat(va).isNotEqualTo(vb); // same words, other side of the target
    int dense = 1 << 14;
    assertThat(va.apply(dense + 4)).isEqualTo(1.0); // negation present
    assertThat(va.apply(dense)).isNegative();
  }

  @Test
  void extraFamiliesAddTargetRelativeFeatures() {
    int nf = 1 << 16;
    TargetFeaturizer.Config base = new TargetFeaturizer.Config(nf, 4, true, true, true);
    TargetFeaturizer.Config all = new TargetFeaturizer.Config(nf, 4, true, true, true,
        StanceTrainer.Settings.DEFAULT.extras());
    String s = "Moscow said the talks were a failure, and Washington praised the deal.";
    Vector b = TargetFeaturizer.features(s, 0, 6, base);
    Vector x = TargetFeaturizer.features(s, 0, 6, all);
    assertThat(x.numNonzeros()).isGreaterThan(b.numNonzeros());
    org.apache.spark.ml.linalg.SparseVector sb = b.toSparse();
    for (int k = 0; k < sb.indices().length; k++) { // the extras only add slots
      assertThat(x.apply(sb.indices()[k])).isEqualTo(sb.values()[k]);
    }
    // the speaker and the praised actor differ in the extra slots, not only in the base ones
    Vector w = TargetFeaturizer.features(s, 42, 52, all);
    assertThat(w).isNotEqualTo(x);
    TargetFeaturizer f = new TargetFeaturizer().setNumFeatures(nf).setExtras(all.extras());
    List<Row> rows = f.transform(frame()).select("features").collectAsList();
    assertThat((Vector) rows.get(0).get(0)).isEqualTo(TargetFeaturizer.features("Putin praised the deal.", 0, 5, all));
    assertThat(f.getExtras()).isEqualTo(all.extras());
  }

  /** The streamed hash equals Scala's stringHash of the joined string (the shipped model's feature slots depend on it). */
  @Test
  void hashOfPartsIsScalaStringHashOfTheJoinedString() {
    java.util.Random r = new java.util.Random(7);
    String alphabet = "ab_:<>tz0\u00e9\u2019\u201c";
    for (int k = 0; k < 5_000; k++) {
      String[] parts = new String[1 + r.nextInt(5)];
      for (int p = 0; p < parts.length; p++) {
        StringBuilder b = new StringBuilder();
        for (int c = r.nextInt(7); c > 0; c--) {
          b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        parts[p] = b.toString();
      }
      String joined = String.join("", parts);
      assertThat(TargetFeaturizer.hash(parts)).as(joined)
          .isEqualTo(scala.util.hashing.MurmurHash3$.MODULE$.stringHash(joined, 42));
    }
    assertThat(TargetFeaturizer.hash("w:", "kerry")).isEqualTo(TargetFeaturizer.hash("w:kerry"))
        .isNotEqualTo(TargetFeaturizer.hash("w:kerrx"));
  }
}
