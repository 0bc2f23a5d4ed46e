package org.demarche.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.testing.SparkTestSession;
import org.demarche.text.TextStages;
import org.demarche.text.TfidfStages;
import org.junit.jupiter.api.Test;

class KeynessTest {
  /** Two groups, ten tokens: A = {war peace war, war treaty}, B = {peace treaty peace, trade peace}. */
  static Dataset<Row> tiny() {
    List<Row> rows = List.of(
        RowFactory.create("A", new String[] {"war", "peace", "war"}),
        RowFactory.create("A", new String[] {"war", "treaty"}),
        RowFactory.create("B", new String[] {"peace", "treaty", "peace"}),
        RowFactory.create("B", new String[] {"trade", "peace"}),
        RowFactory.create(null, new String[] {"war"}),
        RowFactory.create("B", null));
    StructType s = new StructType().add("outlet", DataTypes.StringType, true)
        .add("terms", DataTypes.createArrayType(DataTypes.StringType, true), true);
    return SparkTestSession.get().createDataFrame(rows, s);
  }

  static Dataset<Row> tinyGrouped() {
    return tiny().where(col("outlet").isNotNull());
  }

  @Test
  void logOddsMatchesHandComputation() {
    // Expected values from an independent Python computation of Monroe et al. eq. 16/20 with alpha0 = 10 (see the
    // class comment of Keyness); e.g. A/war: a_w = 10*3/10 = 3, ln(6/9) - ln(3/12) = 0.98083, var = 1/6 + 1/3.
    Map<String, double[]> expected = new HashMap<>();
    expected.put("A war", new double[] {3, 0.9808292530117262, 1.3871020319814549, 1});
    expected.put("A treaty", new double[] {1, 0.0, 0.0, 2});
    expected.put("A peace", new double[] {1, -0.5596157879354227, -0.9557259044713272, 3});
    expected.put("B peace", new double[] {3, 0.5596157879354227, 0.9557259044713272, 1});
    expected.put("B trade", new double[] {1, 0.7672551527136675, 0.6264612088898899, 2});
    expected.put("B treaty", new double[] {1, 0.0, 0.0, 3});
    List<Row> out = Keyness.logOdds(tinyGrouped(), "outlet", "outlet", "terms", new Keyness.Options(10.0, 10, 1))
        .collectAsList();
    assertThat(out).hasSize(6);
    assertThat(out.get(0).schema().fieldNames())
        .containsExactly("group_type", "group", "term", "count", "log_odds", "z", "rank");
    for (Row r : out) {
      double[] e = expected.get(r.getString(1) + " " + r.getString(2));
      assertThat(e).as("row %s", r).isNotNull();
      assertThat(r.getString(0)).isEqualTo("outlet");
      assertThat(r.getLong(3)).isEqualTo((long) e[0]);
      assertThat(r.getDouble(4)).isCloseTo(e[1], within(1e-12));
      assertThat(r.getDouble(5)).isCloseTo(e[2], within(1e-12));
      assertThat(r.getInt(6)).isEqualTo((int) e[3]);
    }
    List<Row> top1 = Keyness.logOdds(tinyGrouped(), "outlet", "outlet", "terms", new Keyness.Options(10.0, 1, 1))
        .orderBy("group").collectAsList();
    assertThat(top1).extracting(r -> r.getString(2)).containsExactly("war", "peace");
    assertThat(Keyness.logOdds(tinyGrouped(), "outlet", "outlet", "terms", new Keyness.Options(10.0, 10, 2))
        .count()).isEqualTo(2);
  }

  @Test
  void tfidfEqualsSummedSparkVectors() throws Exception {
    Dataset<Row> docs = tinyGrouped().where(col("terms").isNotNull());
    List<Row> out = Keyness.tfidfTop(docs, "outlet", "outlet", "terms", 10).collectAsList();
    // Spark's own CountVectorizer + IDF, summed per group on the driver (test only: four documents)
    List<PipelineStage> st = TfidfStages.stages("terms", new TfidfStages.Options(1, 1000, 100, 1));
    PipelineModel pm = new Pipeline().setStages(st.toArray(new PipelineStage[0])).fit(docs);
    String[] vocab = ((CountVectorizerModel) pm.stages()[0]).vocabulary();
    Map<String, Double> sums = new HashMap<>();
    for (Row r : pm.transform(docs).select("outlet", "tfidf").collectAsList()) {
      double[] v = ((Vector) r.getAs(1)).toArray();
      for (int i = 0; i < v.length; i++) {
        if (v[i] != 0) {
          sums.merge(r.getString(0) + " " + vocab[i], v[i], Double::sum);
        }
      }
    }
    assertThat(out).hasSize(sums.size());
    for (Row r : out) {
      assertThat(r.getDouble(4)).as("%s", r).isCloseTo(sums.get(r.getString(1) + " " + r.getString(2)),
          within(1e-12));
    }
    // and the independent Python figures: A/war 3 ln(5/3), B/trade ln(5/2)
    Map<String, Row> byKey = new HashMap<>();
    out.forEach(r -> byKey.put(r.getString(1) + " " + r.getString(2), r));
    assertThat(byKey.get("A war").getDouble(4)).isCloseTo(1.5324768712979722, within(1e-12));
    assertThat(byKey.get("A war").getInt(5)).isEqualTo(1);
    assertThat(byKey.get("B trade").getDouble(4)).isCloseTo(0.9162907318741551, within(1e-12));
    assertThat(byKey.get("B trade").getInt(5)).isEqualTo(1);
  }

  @Test
  void scoreAllAgreesWithTheSingleGroupFunctions() {
    Dataset<Row> docs = tinyGrouped().where(col("terms").isNotNull());
    Keyness.Options o = new Keyness.Options(10.0, 10, 1);
    Dataset<Row> counts = Keyness.groupTermCounts(docs, "outlet", "terms").withColumn("group_type", lit("outlet"));
    Dataset<Row> df = docs.select(org.apache.spark.sql.functions.explode(
            org.apache.spark.sql.functions.array_distinct(col("terms"))).as("term"))
        .groupBy("term").agg(org.apache.spark.sql.functions.count(lit(1)).as("df"));
    Map<String, Row> all = new HashMap<>();
    for (Row r : Keyness.scoreAll(counts, df, docs.count(), o).collectAsList()) {
      all.put(r.getString(2) + " " + r.getString(1) + " " + r.getString(4), r);
    }
    List<Row> lo = Keyness.logOdds(docs, "outlet", "outlet", "terms", o).collectAsList();
    List<Row> tf = Keyness.tfidfTop(docs, "outlet", "outlet", "terms", 10).collectAsList();
    assertThat(all).hasSize(lo.size() + tf.size());
    for (Row r : lo) {
      Row m = all.get("log_odds_prior " + r.getString(1) + " " + r.getString(2));
      assertThat(m).as("%s", r).isNotNull();
      assertThat(m.getDouble(6)).isCloseTo(r.getDouble(4), within(1e-12));
      assertThat(m.getDouble(7)).isCloseTo(r.getDouble(5), within(1e-12));
      assertThat(m.getInt(3)).isEqualTo(r.getInt(6));
    }
    for (Row r : tf) {
      Row m = all.get("tfidf " + r.getString(1) + " " + r.getString(2));
      assertThat(m.getDouble(6)).isCloseTo(r.getDouble(4), within(1e-12));
      assertThat(m.getInt(3)).isEqualTo(r.getInt(5));
      assertThat(m.isNullAt(7)).isTrue();
    }
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> Keyness.logOdds(tiny(), "outlet", "outlet", "nope", Keyness.Options.defaults()))
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> Keyness.logOdds(tiny(), "outlet", "terms", "outlet", Keyness.Options.defaults()))
        .hasMessageContaining("array<string>");
    assertThatThrownBy(() -> new Keyness.Options(0, 10, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void usaVersusRussiaOnTheUnSample() {
    Dataset<Row> docs = SparkTestSession.get().read()
        .json(SparkTestSession.repo().resolve("data/sample/ungdc/ungdc_sample.jsonl.bz2").toString())
        .select("iso3", "year", "text").repartition(4);
    List<PipelineStage> st = TextStages.stages("text", TextStages.Options.defaults().withTfidf(false));
    PipelineModel pm = new Pipeline().setStages(st.toArray(new PipelineStage[0])).fit(docs);
    Dataset<Row> terms = pm.transform(docs).select("iso3", "year", TextStages.TERMS).cache();
    Dataset<Row> k = Keyness.logOdds(terms, "country", "iso3", TextStages.TERMS, Keyness.Options.defaults())
        .where(col("group").isin("USA", "RUS")).cache();
    Dataset<Row> t = Keyness.tfidfTop(terms, "country", "iso3", TextStages.TERMS, 15)
        .where(col("group").isin("USA", "RUS"));
    Map<String, List<String>> top = new HashMap<>();
    for (Row r : k.where(col("rank").leq(15)).orderBy("group", "rank").collectAsList()) {
      top.computeIfAbsent(r.getString(1), g -> new ArrayList<>()).add(
          String.format("%s(%d, z=%.1f)", r.getString(2), r.getLong(3), r.getDouble(5)));
    }
    Map<String, List<String>> tt = new HashMap<>();
    for (Row r : t.orderBy("group", "rank").collectAsList()) {
      tt.computeIfAbsent(r.getString(1), g -> new ArrayList<>()).add(r.getString(2));
    }
    System.out.println("keyness USA: " + top.get("USA"));
    System.out.println("keyness RUS: " + top.get("RUS"));
    System.out.println("tfidf USA: " + tt.get("USA"));
    System.out.println("tfidf RUS: " + tt.get("RUS"));
    List<String> usa = k.where("group = 'USA' and rank <= 50").select("term").as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList();
    List<String> rus = k.where("group = 'RUS' and rank <= 50").select("term").as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(usa).hasSize(50).contains("america", "democracy", "liberty");
    assertThat(rus).hasSize(50).contains("russia", "soviet_union", "nato", "strategic_stability");
    assertThat(k.where("group = 'USA' and rank = 1").first().getDouble(5)).isGreaterThan(3.0);
    assertThat(k.where("group = 'RUS' and rank = 1").first().getDouble(5)).isGreaterThan(3.0);
    terms.unpersist();
    k.unpersist();
  }
}
