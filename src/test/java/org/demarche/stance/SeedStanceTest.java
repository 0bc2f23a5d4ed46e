package org.demarche.stance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.actors.ActorMatcher;
import org.demarche.config.ConfigLoader;
import org.demarche.config.JobConfig;
import org.demarche.pipeline.StanceSteps;
import org.demarche.clean.BoilerplateRemover;
import org.demarche.clean.UnicodeNormalizer;
import org.demarche.stance.tone.TargetedToneModel;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed article (RT, 7 May 2013) through the real stages and the shipped tone model: actors, statements, events,
 * stance units, the {@code stance} table. The stances the issue names come out with the right sign, speaker and
 * evidence sentence.
 */
class SeedStanceTest {
  static List<Row> units;
  static String body;

  @BeforeAll
  static void run() throws Exception {
    SparkSession spark = SparkTestSession.get();
    String raw = Files.readString(
        SparkTestSession.repo().resolve("data/sample/rt.com/rt_2013-05-07_russia-us-syria-conference.txt"));
    body = BoilerplateRemover.remove(UnicodeNormalizer.normalize(raw));
    StructType schema = new StructType().add("doc_id", DataTypes.StringType).add("story_id", DataTypes.StringType)
        .add("outlet", DataTypes.StringType).add("body", DataTypes.StringType)
        .add("published_at", DataTypes.TimestampType);
    Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create("seed", "seed", "rt.com", body,
        Timestamp.valueOf("2013-05-07 19:58:00"))), schema);
    JobConfig.StanceConfig cfg = new ConfigLoader().build(null).stance();
    Dataset<Row> enriched = StanceSteps.annotate(new ActorMatcher().transform(df), cfg,
        TargetedToneModel.builtinPath(spark));
    units = StanceSteps.stanceTable(enriched).collectAsList();
    if (Boolean.getBoolean("stance.debug")) {
      units.forEach(u -> System.out.println(u.mkString(" | ")));
    }
  }

  static List<Row> where(String kind, String sourceCountry, String targetId) {
    return units.stream().filter(u -> kind.equals(u.getAs("kind")) && sourceCountry.equals(u.getAs("source_country"))
        && targetId.equals(u.getAs("target_id"))).toList();
  }

  @Test
  void russiaAndTheUsCooperate() {
    for (String[] pair : new String[][] {{"RUS", "USA"}, {"USA", "RUS"}}) {
      assertThat(units).as("%s -> %s", pair[0], pair[1]).anySatisfy(r -> {
        assertThat(r.<String>getAs("kind")).isEqualTo("event");
        assertThat(r.<String>getAs("source_country")).isEqualTo(pair[0]);
        assertThat(r.<String>getAs("target_country")).isEqualTo(pair[1]);
        assertThat(r.<String>getAs("stance_class")).isEqualTo("cooperation");
        assertThat(r.<String>getAs("evidence")).contains("reiterated their commitment");
      });
    }
  }

  @Test
  void russiaOpposesArmingTheSyrianRebels() {
    List<Row> rows = where("issue", "RUS", "arming_syrian_rebels");
    assertThat(rows).isNotEmpty();
    assertThat(rows).allSatisfy(r -> assertThat(r.<String>getAs("stance_class")).isEqualTo("oppose"));
    assertThat(rows).anySatisfy(r -> {
      assertThat(r.<String>getAs("source_actor_id")).isEqualTo("SERGEY_LAVROV");
      assertThat(r.<String>getAs("evidence")).contains("Arming non-governmental players violates international law");
    });
  }

  @Test
  void theUsWantsAssadToStepDownAndRussiaWarnsAgainstForcingHim() {
    assertThat(where("issue", "USA", "assad_step_down")).anySatisfy(r -> {
      assertThat(r.<String>getAs("stance_class")).isEqualTo("support");
      assertThat(r.<String>getAs("evidence")).contains("Washington insists that Assad must step down");
    });
    assertThat(where("issue", "RUS", "assad_step_down")).anySatisfy(r -> {
      assertThat(r.<String>getAs("stance_class")).isEqualTo("oppose");
      assertThat(r.<String>getAs("evidence")).contains("forced departure would make the situation worse");
    });
  }

  @Test
  void kerryIsNegativeTowardAssad() {
    List<Row> rows = units.stream().filter(u -> "tone".equals(u.getAs("kind"))
        && "JOHN_KERRY".equals(u.getAs("source_actor_id")) && "BASHAR_AL_ASSAD".equals(u.getAs("target_id"))).toList();
    assertThat(rows).anySatisfy(r -> {
      assertThat(r.<Double>getAs("score")).isNegative();
      assertThat(r.<String>getAs("target_code")).isEqualTo("SYRGOV");
      assertThat(r.<String>getAs("evidence")).contains("the man who committed the things");
    });
  }

  @Test
  void lavrovIsCriticalOfTheOpposition() {
    List<Row> rows = units.stream().filter(u -> "tone".equals(u.getAs("kind"))
        && "SERGEY_LAVROV".equals(u.getAs("source_actor_id"))
        && u.<String>getAs("target_code") != null && u.<String>getAs("target_code").startsWith("SYR")
        && u.<String>getAs("evidence").contains("hasn't said single word yet")).toList();
    assertThat(rows).isNotEmpty();
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.<Double>getAs("score")).isNegative();
      assertThat(r.<String>getAs("stance_class")).isNotEqualTo("positive");
      assertThat(r.<String>getAs("target_id")).isEqualTo("SYROPP");
    });
  }
}
