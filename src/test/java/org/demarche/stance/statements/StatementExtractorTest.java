package org.demarche.stance.statements;

import static org.assertj.core.api.Assertions.assertThat;

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

class StatementExtractorTest {
  static final StructType INPUT = new StructType().add("body", DataTypes.StringType)
      .add("published_at", DataTypes.TimestampType);

  static Dataset<Row> withMentions() {
    Timestamp t = Timestamp.valueOf("2013-05-07 12:00:00");
    Dataset<Row> df = SparkTestSession.get().createDataFrame(List.of(
        RowFactory.create("“We will push for a conference,” Sergey Lavrov said. “Russia will help.”", t),
        RowFactory.create("John Kerry told reporters that Moscow should help. A spokesman said talks would resume.",
            t),
        RowFactory.create(null, null)), INPUT);
    return new ActorMatcher().transform(df);
  }

  @Test
  void contractAndPersistence() throws Exception {
    Dataset<Row> df = withMentions();
    StatementExtractor stage = new StatementExtractor();
    StageContracts.schemaMatchesTransform(stage, df);
    StageContracts.rejectsWrongInputType(stage, new StructType().add("body", DataTypes.IntegerType)
        .add("actor_mentions", ActorMatcher.OUTPUT_TYPE), "inputCol");
    StageContracts.rejectsWrongInputType(stage, new StructType().add("body", DataTypes.StringType)
        .add("actor_mentions", DataTypes.StringType), "mentionsCol");
    StatementExtractor custom = new StatementExtractor().setInputCol("text").setMentionsCol("m").setOutputCol("s");
    StatementExtractor loaded = StageContracts.roundTrip(custom, StatementExtractor::load);
    assertThat(loaded.getMentionsCol()).isEqualTo("m");
    assertThat(loaded.getOutputCol()).isEqualTo("s");
    assertThat(stage.transformSchema(df.schema()).apply("statements").dataType())
        .isEqualTo(StatementExtractor.OUTPUT_TYPE);
  }

  @Test
  void statementsPerRow() {
    List<Row> out = new StatementExtractor().transform(withMentions()).select("statements").collectAsList();
    assertThat(out).hasSize(3);
    List<Row> first = out.get(0).getList(0);
    assertThat(first).extracting(r -> (String) r.getAs("speaker_actor_id"))
        .containsExactly("SERGEY_LAVROV", "SERGEY_LAVROV");
    assertThat(first).extracting(r -> (String) r.getAs("speaker_resolution"))
        .containsExactly("mention", "previous_speaker");
    Row cont = first.get(1);
    assertThat((String) cont.getAs("reporting_verb")).isNull();
    assertThat(cont.<Integer>getAs("verb_start")).isEqualTo(-1);
    List<Row> targets = cont.getList(cont.fieldIndex("targets"));
    assertThat(targets).extracting(r -> (String) r.getAs("actor_id")).containsExactly("RUS");
    assertThat(targets).extracting(r -> (String) r.getAs("alias_text")).containsExactly("Russia");

    List<Row> second = out.get(1).getList(0);
    assertThat(second).hasSize(2);
    assertThat((String) second.get(0).getAs("kind")).isEqualTo("reported");
    assertThat((String) second.get(0).getAs("speaker_cameo")).isEqualTo("USAGOV");
    assertThat((String) second.get(0).getAs("content")).isEqualTo("Moscow should help");
    assertThat((String) second.get(1).getAs("unresolved_reason")).isEqualTo("speaker_not_in_dictionary");
    assertThat((String) second.get(1).getAs("speaker_text")).isEqualTo("A spokesman");
    assertThat(out.get(2).getList(0)).isEmpty();
  }
}
