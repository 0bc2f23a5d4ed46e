package org.demarche.stance.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.actors.ActorMatcher;
import org.demarche.testing.SparkTestSession;
import org.demarche.testing.StageContracts;
import org.junit.jupiter.api.Test;

class EventCoderStageTest {
  @Test
  void contractsPersistenceAndARun() throws Exception {
    var spark = SparkTestSession.get();
    StructType schema = new StructType().add("body", DataTypes.StringType).add("published_at",
        DataTypes.TimestampType);
    Dataset<Row> docs = spark.createDataFrame(List.of(
        RowFactory.create("Russia and the US reiterated their commitment to peace. Syria was condemned by France.",
            Timestamp.valueOf("2013-05-07 12:00:00")),
        RowFactory.create("Nothing happened here.", Timestamp.valueOf("2013-05-07 12:00:00")),
        RowFactory.create(null, null)), schema);
    Dataset<Row> df = new ActorMatcher().transform(docs);
    EventCoderStage stage = new EventCoderStage();
    StageContracts.schemaMatchesTransform(stage, df);
    StageContracts.rejectsWrongInputType(stage, new StructType().add("body", DataTypes.IntegerType)
        .add("actor_mentions", ActorMatcher.OUTPUT_TYPE), "inputCol");
    StageContracts.rejectsWrongInputType(stage, new StructType().add("body", DataTypes.StringType)
        .add("actor_mentions", DataTypes.StringType), "mentionsCol");
    EventCoderStage loaded = StageContracts.roundTrip(stage, EventCoderStage::load);
    assertThat(loaded.getOutputCol()).isEqualTo("events");

    List<Row> out = loaded.transform(df).select("events").collectAsList();
    List<Row> first = out.get(0).getList(0);
    assertThat(first).extracting(r -> r.getAs("source_code") + ">" + r.getAs("target_code") + ":"
        + r.getAs("cameo_code")).contains("RUS>USA:030", "USA>RUS:030");
    Row passive = first.stream().filter(r -> r.getAs("verb_text").equals("condemned")).findFirst().orElseThrow();
    assertThat((String) passive.getAs("source_code")).isEqualTo("FRA");
    assertThat((String) passive.getAs("target_code")).isEqualTo("SYR");
    assertThat((Integer) passive.getAs("quad_class")).isEqualTo(CameoLookups.VERBAL_CONFLICT);
    assertThat((Double) passive.getAs("goldstein")).isNegative();
    assertThat((Integer) passive.getAs("evidence_start")).isPositive();
    assertThat(out.get(1).getList(0)).isEmpty();
    assertThat(out.get(2).getList(0)).isEmpty();
  }

  @Test
  void aBadDictionaryPathFailsOnTheDriver() {
    var spark = SparkTestSession.get();
    Dataset<Row> df = new ActorMatcher().setDateCol("").transform(spark.createDataFrame(
        List.of(RowFactory.create("Russia met France.")), new StructType().add("body", DataTypes.StringType)));
    assertThatThrownBy(() -> new EventCoderStage().setVerbDictionaryPath("/no/such/verbs.txt").transform(df))
        .hasMessageContaining("/no/such/verbs.txt");
  }
}
