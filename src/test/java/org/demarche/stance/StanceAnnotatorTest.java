package org.demarche.stance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.actors.ActorMatcher;
import org.demarche.clean.BoilerplateRemover;
import org.demarche.clean.UnicodeNormalizer;
import org.demarche.config.ConfigLoader;
import org.demarche.config.JobConfig;
import org.demarche.pipeline.StanceSteps;
import org.demarche.stance.tone.TargetedToneModel;
import org.demarche.testing.SparkTestSession;
import org.demarche.testing.StageContracts;
import org.junit.jupiter.api.Test;

/** The one-pass stance stage writes exactly what the three stages write, runs its UDF once per row, and persists. */
public class StanceAnnotatorTest {
  public static Dataset<Row> docs() throws Exception {
    var spark = SparkTestSession.get();
    String seed = BoilerplateRemover.remove(UnicodeNormalizer.normalize(Files.readString(
        SparkTestSession.repo().resolve("data/sample/rt.com/rt_2013-05-07_russia-us-syria-conference.txt"))));
    StructType schema = new StructType().add("doc_id", DataTypes.StringType).add("body", DataTypes.StringType)
        .add("published_at", DataTypes.TimestampType);
    Timestamp t = Timestamp.valueOf("2013-05-07 12:00:00");
    return new ActorMatcher().transform(spark.createDataFrame(List.of(
        RowFactory.create("seed", seed, t),
        RowFactory.create("a", "Russia and the US reiterated their commitment to peace. Syria was condemned by France."
            + " \"The regime must go,\" Kerry said. Lavrov said the opposition hasn't said a single word.", t),
        RowFactory.create("b", "Nothing happened here.", t),
        RowFactory.create("c", "   ", t),
        RowFactory.create("d", null, null)), schema));
  }

  static Dataset<Row> run(List<PipelineStage> stages, Dataset<Row> df) {
    Dataset<Row> d = df;
    for (PipelineStage s : stages) {
      d = ((Transformer) s).transform(d);
    }
    return d;
  }

  @Test
  void sameOutputsAsTheThreeStages() throws Exception {
    JobConfig.StanceConfig cfg = new ConfigLoader().build(null).stance();
    Dataset<Row> df = docs();
    String model = TargetedToneModel.builtinPath(SparkTestSession.get());
    Dataset<Row> one = run(StanceSteps.stages(cfg, model), df).orderBy("doc_id");
    Dataset<Row> three = run(StanceSteps.separateStages(cfg, model), df).orderBy("doc_id");
    assertThat(one.schema()).isEqualTo(three.schema());
    List<Row> a = one.collectAsList();
    List<Row> b = three.collectAsList();
    assertThat(a).hasSize(5);
    assertThat(a.get(4).getList(a.get(4).fieldIndex("stance_units"))).isNotEmpty();
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i).toString()).isEqualTo(b.get(i).toString());
    }
    // with the author tone off and without mentions
    Dataset<Row> noMentions = df.withColumn("actor_mentions", org.apache.spark.sql.functions.lit(null)
        .cast(ActorMatcher.OUTPUT_TYPE));
    JobConfig.StanceConfig quiet = new ConfigLoader().sets(java.util.Map.of("stance.author_tone", "false"))
        .build(null).stance();
    for (Dataset<Row> in : List.of(df, noMentions)) {
      assertThat(run(StanceSteps.stages(quiet, ""), in).orderBy("doc_id").collectAsList().toString())
          .isEqualTo(run(StanceSteps.separateStages(quiet, ""), in).orderBy("doc_id").collectAsList().toString());
    }
  }

  @Test
  void theUdfRunsOncePerRow() throws Exception {
    Dataset<Row> out = new StanceAnnotator().transform(docs().repartition(2)); // not a LocalRelation: not folded
    String plan = out.queryExecution().optimizedPlan().toString();
    int n = 0;
    for (int i = plan.indexOf("UDF("); i >= 0; i = plan.indexOf("UDF(", i + 1)) {
      n++;
    }
    // ours, once (the actor matcher's ran on the local rows before the repartition); the outputs read its fields
    assertThat(n).as(plan).isEqualTo(1);
    assertThat(plan).contains("UDF(body");
  }

  @Test
  void contractsAndPersistence() throws Exception {
    Dataset<Row> df = docs();
    StanceAnnotator stage = new StanceAnnotator().setAuthorTone(false).setUnitsCol("u");
    StageContracts.schemaMatchesTransform(stage, df);
    StageContracts.rejectsWrongInputType(stage, new StructType().add("body", DataTypes.IntegerType)
        .add("actor_mentions", ActorMatcher.OUTPUT_TYPE), "inputCol");
    StageContracts.rejectsWrongInputType(stage, new StructType().add("body", DataTypes.StringType)
        .add("actor_mentions", DataTypes.StringType), "mentionsCol");
    StanceAnnotator loaded = StageContracts.roundTrip(stage, StanceAnnotator::load);
    assertThat(loaded.getUnitsCol()).isEqualTo("u");
    assertThat(loaded.getAuthorTone()).isFalse();
    assertThat(loaded.getEventsCol()).isEqualTo("events");
    List<String> cols = new ArrayList<>(List.of(loaded.transform(df).columns()));
    assertThat(cols).endsWith("statements", "events", "u");
  }
}
