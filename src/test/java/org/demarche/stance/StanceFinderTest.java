package org.demarche.stance;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.actors.ActorMatcher;
import org.demarche.stance.statements.StatementExtractor;
import org.demarche.testing.SparkTestSession;
import org.demarche.testing.StageContracts;
import org.junit.jupiter.api.Test;

/** StanceFinder: contract, persistence, and the units it derives from statements on small texts. */
class StanceFinderTest {
  static final StructType INPUT = new StructType().add("body", DataTypes.StringType)
      .add("published_at", DataTypes.TimestampType);

  static Dataset<Row> prepared(String... bodies) {
    Timestamp t = Timestamp.valueOf("2013-05-07 12:00:00");
    List<Row> rows = java.util.Arrays.stream(bodies).map(b -> RowFactory.create(b, t)).toList();
    return new StatementExtractor().transform(new ActorMatcher().transform(
        SparkTestSession.get().createDataFrame(rows, INPUT)));
  }

  static List<Row> units(Dataset<Row> df, StanceFinder f) {
    Dataset<Row> out = f.transform(df);
    return out.select(functions.explode(out.col("stance_units")).as("u")).select("u.*").collectAsList();
  }

  @Test
  void contractAndPersistence() throws Exception {
    Dataset<Row> df = prepared("Sergey Lavrov said Washington was wrong.");
    StanceFinder stage = new StanceFinder();
    StageContracts.schemaMatchesTransform(stage, df);
    StageContracts.rejectsWrongInputType(stage, new StructType().add("body", DataTypes.IntegerType)
        .add("actor_mentions", ActorMatcher.OUTPUT_TYPE).add("statements", StatementExtractor.OUTPUT_TYPE),
        "inputCol");
    StageContracts.rejectsWrongInputType(stage, new StructType().add("body", DataTypes.StringType)
        .add("actor_mentions", ActorMatcher.OUTPUT_TYPE).add("statements", DataTypes.StringType), "statementsCol");
    StanceFinder custom = new StanceFinder().setOutputCol("u").setAuthorTone(false)
        .setIssuesText("issues:\n  - id: nord_stream\n    phrases: [nord stream]\n");
    StanceFinder loaded = StageContracts.roundTrip(custom, StanceFinder::load);
    assertThat(loaded.getOutputCol()).isEqualTo("u");
    assertThat(loaded.getOrDefault(loaded.authorTone())).isEqualTo(false);
    assertThat(loaded.getOrDefault(loaded.issuesText())).contains("nord_stream");
  }

  @Test
  void speakerToneTowardTargetsNeverTowardThemselves() {
    List<Row> u = units(prepared("\"Washington is making a terrible, dangerous mistake,\" Sergey Lavrov said. "
        + "\"Russia will defend its interests,\" he added."), new StanceFinder().setAuthorTone(false));
    assertThat(u).filteredOn(r -> "tone".equals(r.getAs("kind"))).singleElement().satisfies(r -> {
      assertThat(r.<String>getAs("source_actor_id")).isEqualTo("SERGEY_LAVROV");
      assertThat(r.<String>getAs("target_country")).isEqualTo("USA");
      assertThat(r.<Double>getAs("score")).isNegative();
      assertThat(r.<String>getAs("stance_class")).isEqualTo("negative");
      assertThat(r.<String>getAs("evidence")).startsWith("\"Washington is making");
    });
  }

  @Test
  void outletVoiceRowsOnlyWhenAskedAndOutsideStatements() {
    Dataset<Row> df = prepared("Russia praised the wonderful talks. \"Washington is wrong,\" Sergey Lavrov said.");
    List<Row> with = units(df, new StanceFinder());
    assertThat(with).filteredOn(r -> "outlet".equals(r.getAs("source_type")))
        .extracting(r -> (String) r.getAs("target_country")).contains("RUS").doesNotContain("USA");
    assertThat(units(df, new StanceFinder().setAuthorTone(false)))
        .noneMatch(r -> "outlet".equals(r.getAs("source_type")));
  }

  @Test
  void issueUnitsCarryTheirStatement() {
    List<Row> u = units(prepared("\"Arming the Syrian rebels violates international law,\" Sergey Lavrov said."),
        new StanceFinder());
    assertThat(u).filteredOn(r -> "issue".equals(r.getAs("kind"))).singleElement().satisfies(r -> {
      assertThat(r.<String>getAs("target_id")).isEqualTo("arming_syrian_rebels");
      assertThat(r.<String>getAs("stance_class")).isEqualTo("oppose");
      assertThat(r.<Integer>getAs("statement_index")).isZero();
    });
  }

  @Test
  void personReferentResolvesToTheLastPersonBeforeTheStatement() {
    List<Row> u = units(prepared("Bashar Assad spoke on Monday. "
        + "\"Syria cannot be ruled by the man who gassed his people,\" John Kerry said."),
        new StanceFinder().setAuthorTone(false));
    assertThat(u).anySatisfy(r -> {
      assertThat(r.<String>getAs("target_id")).isEqualTo("BASHAR_AL_ASSAD");
      assertThat(r.<String>getAs("detail")).isEqualTo("referent");
      assertThat(r.<String>getAs("source_actor_id")).isEqualTo("JOHN_KERRY");
    });
  }

  @Test
  void roundingAndFormattingAsSparkSql() {
    var spark = SparkTestSession.get();
    for (double x : new double[] {0.0005, 0.0015, -0.0025, 0.1234, -0.9999, 0.33349999, 2.675, -0.0004}) {
      Row r = spark.sql("SELECT round(" + x + "D, 3), format_number(" + x + "D, 3)").first();
      assertThat(StanceFinder.roundHalfUp(x, 3)).as("round %s", x).isEqualTo(r.getDouble(0));
      assertThat(StanceFinder.threeDecimals(x)).as("format %s", x).isEqualTo(r.getString(1));
    }
  }
}
