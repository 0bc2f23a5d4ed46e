package org.demarche.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

class TopicDiagnosticsTest {
  static final StructType TOPIC_TERMS = new StructType()
      .add("topic", DataTypes.IntegerType, false)
      .add("term", DataTypes.StringType, false)
      .add("weight", DataTypes.DoubleType, false)
      .add("count", DataTypes.DoubleType, false);
  static final StructType DOCS = new StructType()
      .add("doc_id", DataTypes.StringType, false)
      .add("terms", DataTypes.createArrayType(DataTypes.StringType, true), true);

  static Dataset<Row> topicTerms(Object[]... rows) {
    List<Row> l = new ArrayList<>();
    for (Object[] r : rows) {
      l.add(RowFactory.create(r));
    }
    return SparkTestSession.get().createDataFrame(l, TOPIC_TERMS);
  }

  static Dataset<Row> docs(String[]... terms) {
    List<Row> l = new ArrayList<>();
    for (int i = 0; i < terms.length; i++) {
      l.add(RowFactory.create("d" + (i + 1), terms[i]));
    }
    return SparkTestSession.get().createDataFrame(l, DOCS);
  }

  /**
   * Six scored documents (one empty; a null terms array is not a document), D = 6. DF: war 3, peace 2, treaty 2,
   * trade 3, market 2.
   */
  static Dataset<Row> tinyDocs() {
    return docs(new String[] {"war", "peace", "war"}, new String[] {"war", "treaty"},
        new String[] {"peace", "treaty", "trade"}, new String[] {"trade", "market"},
        new String[] {"market", "trade", "war"}, new String[] {}, null);
  }

  /** Topic 0 war/peace/treaty, topic 1 trade/market/war, topic 2 peace/market (never together in a document). */
  static Dataset<Row> tinyTopics() {
    return topicTerms(
        new Object[] {0, "war", 0.5, 5.0}, new Object[] {0, "peace", 0.3, 3.0}, new Object[] {0, "treaty", 0.2, 2.0},
        new Object[] {1, "trade", 0.5, 5.0}, new Object[] {1, "market", 0.4, 4.0}, new Object[] {1, "war", 0.1, 1.0},
        new Object[] {2, "peace", 0.6, 3.0}, new Object[] {2, "market", 0.4, 2.0});
  }

  @Test
  void npmiOfPairsByHand() {
    // war/peace: ln(1·6 / (3·2)) = 0; peace/treaty: ln(6/4) / ln 6; trade/market: ln(2·6/(3·2)) / −ln(2/6) = ln2/ln3
    assertThat(TopicDiagnostics.npmi(1, 3, 2, 6)).isCloseTo(0.0, within(1e-15));
    assertThat(TopicDiagnostics.npmi(1, 2, 2, 6)).isCloseTo(Math.log(1.5) / Math.log(6), within(1e-15));
    assertThat(TopicDiagnostics.npmi(2, 3, 2, 6)).isCloseTo(Math.log(2) / Math.log(3), within(1e-15));
    assertThat(TopicDiagnostics.npmi(0, 3, 2, 6)).isEqualTo(-1.0);
    assertThat(TopicDiagnostics.npmi(6, 6, 6, 6)).isEqualTo(1.0);
    // perfectly dependent words in half of the documents: npmi = 1
    assertThat(TopicDiagnostics.npmi(3, 3, 3, 6)).isCloseTo(1.0, within(1e-15));
  }

  @Test
  void figuresOfTinyModelMatchHandComputation() {
    // expected values from an independent Python computation over the same six documents
    TopicDiagnostics.Result res = TopicDiagnostics.evaluate(tinyTopics(), tinyDocs(),
        new TopicDiagnostics.Options(3, 3, 2, "terms"));
    List<Row> rows = res.topics().collectAsList();
    assertThat(res.topics().schema().fieldNames())
        .containsExactly("topic", "label", "top_terms", "npmi", "umass", "exclusivity", "token_share");
    assertThat(rows).hasSize(3);
    Row t0 = rows.get(0);
    Row t1 = rows.get(1);
    Row t2 = rows.get(2);
    assertThat(t0.getInt(0)).isZero();
    assertThat(t0.<String>getList(2)).containsExactly("war", "peace", "treaty");
    assertThat(t1.<String>getList(2)).containsExactly("trade", "market", "war");
    assertThat(t2.<String>getList(2)).containsExactly("peace", "market");
    assertThat(t0.getString(1)).isEqualTo("war · peace");
    assertThat(t0.getDouble(3)).isCloseTo(0.07543146184363894, within(1e-12));
    assertThat(t1.getDouble(3)).isCloseTo(0.13487845601351353, within(1e-12));
    assertThat(t2.getDouble(3)).isEqualTo(-1.0);
    assertThat(t0.getDouble(4)).isCloseTo(-0.2703100720721096, within(1e-12)); // 2·ln(2/3) / 3
    assertThat(t1.getDouble(4)).isCloseTo(-0.1351550360360548, within(1e-12));
    assertThat(t2.getDouble(4)).isCloseTo(Math.log(0.5), within(1e-12));
    // exclusivity: t0 = (0.5/0.6 + 0.3/0.9 + 0.2/0.2) / 3; t1 = (1 + 0.4/0.8 + 0.1/0.6) / 3; t2 = (0.6/0.9 + 0.5) / 2
    assertThat(t0.getDouble(5)).isCloseTo((0.5 / 0.6 + 0.3 / 0.9 + 1.0) / 3, within(1e-12));
    assertThat(t1.getDouble(5)).isCloseTo((1.0 + 0.5 + 0.1 / 0.6) / 3, within(1e-12));
    assertThat(t2.getDouble(5)).isCloseTo((0.6 / 0.9 + 0.5) / 2, within(1e-12));
    assertThat(rows).extracting(r -> r.getDouble(6)).containsExactly(0.4, 0.4, 0.2);

    TopicDiagnostics.Summary s = res.summary();
    assertThat(s.numTopics()).isEqualTo(3);
    assertThat(s.numDocs()).isEqualTo(6);
    assertThat(s.meanNpmi()).isCloseTo((0.07543146184363894 + 0.13487845601351353 - 1.0) / 3, within(1e-12));
    assertThat(s.meanUmass())
        .isCloseTo((-0.2703100720721096 - 0.1351550360360548 + Math.log(0.5)) / 3, within(1e-12));
    assertThat(s.diversity()).isEqualTo(5.0 / 8); // war peace treaty trade market over 3 + 3 + 2 listed
    assertThat(s.toDataset(SparkTestSession.get()).first().getDouble(5)).isEqualTo(0.625);
  }

  @Test
  void coOccurrenceIsOneSparkJobAndCountsDocumentsNotTokens() throws Exception {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = docs(new String[] {"a", "a", "b", "x"}, new String[] {"b", "c", "b"}, new String[] {"a", "c"},
        new String[] {"a", "b", "c"}).collectAsList();
    // three input partitions, no shuffle in the input plan (AQE would run a shuffle as a job of its own)
    Dataset<Row> d = spark.createDataFrame(
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 3), DOCS);
    AtomicInteger jobs = new AtomicInteger();
    SparkListener l = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart jobStart) {
        jobs.incrementAndGet();
      }
    };
    spark.sparkContext().addSparkListener(l);
    TopicDiagnostics.CoDocCounts c;
    try {
      c = TopicDiagnostics.coDocCounts(d, "terms", List.of(List.of("a", "b"), List.of("b", "c", "z")));
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(l);
    }
    assertThat(jobs.get()).isEqualTo(1);
    assertThat(c.numDocs()).isEqualTo(4);
    assertThat(c.df("a")).isEqualTo(3);
    assertThat(c.df("b")).isEqualTo(3);
    assertThat(c.df("c")).isEqualTo(3);
    assertThat(c.df("z")).isZero();
    assertThat(c.pair("a", "b")).isEqualTo(2);
    assertThat(c.pair("c", "b")).isEqualTo(2);
    assertThat(c.pair("b", "z")).isZero();
    // a/c is in no list: not counted
    assertThat(c.pairFreq()).doesNotContainKey(TopicDiagnostics.CoDocCounts.pairKey("a", "c"));
  }

  @Test
  void labelPrefersPhrasesAndSkipsTheirParts() {
    assertThat(TopicDiagnostics.label(List.of("syria", "chemical", "assad", "chemical_weapons", "un"), 3))
        .isEqualTo("syria · chemical_weapons · assad");
    assertThat(TopicDiagnostics.label(List.of("chemical", "syria", "assad", "chemical_weapons", "un"), 3))
        .isEqualTo("chemical_weapons · syria · assad"); // the top word is inside a phrase: the phrase stands for it
    assertThat(TopicDiagnostics.label(List.of("tax", "white_house", "bill", "house"), 3))
        .isEqualTo("tax · white_house · bill");
    // real AllSides topic (MALLET, k = 50): the top word (through its phrase) stays in the label
    assertThat(TopicDiagnostics.label(List.of("debate", "new_york_times", "main", "continue_reading", "sign",
        "second_presidential_debate", "campaign_trail", "first"), 3))
        .isEqualTo("second_presidential_debate · new_york_times · continue_reading");
    assertThat(TopicDiagnostics.label(List.of("clinton", "former", "bush", "secretary", "state", "politics",
        "white_house"), 3)).isEqualTo("clinton · white_house · former");
    assertThat(TopicDiagnostics.label(List.of("gun", "gun_control", "nra", "firearm", "background_checks"), 3))
        .isEqualTo("gun_control · background_checks · nra");
    assertThat(TopicDiagnostics.label(List.of("a_b", "c_d", "e_f", "g_h", "x"), 3)).isEqualTo("a_b · c_d · e_f");
    assertThat(TopicDiagnostics.label(List.of("only"), 3)).isEqualTo("only");
    assertThat(TopicDiagnostics.label(List.of(), 3)).isEmpty();
  }

  @Test
  void diversityCountsSharedWords() {
    assertThat(TopicDiagnostics.diversity(List.of(List.of("a", "b"), List.of("c", "d")))).isEqualTo(1.0);
    assertThat(TopicDiagnostics.diversity(List.of(List.of("a", "b"), List.of("b", "a")))).isEqualTo(0.5);
  }

  @Test
  void topTermsRankByWeightThenTerm() {
    Dataset<Row> tt = topicTerms(new Object[] {7, "b", 0.4, 4.0}, new Object[] {7, "a", 0.4, 4.0},
        new Object[] {7, "c", 0.2, 2.0});
    assertThat(TopicDiagnostics.topTerms(tt, 2).orderBy("rank").collectAsList())
        .extracting(r -> r.getString(1) + r.getInt(3)).containsExactly("a1", "b2");
  }

  @Test
  void rejectsWrongInputs() {
    assertThatThrownBy(() -> TopicDiagnostics.evaluate(tinyTopics().drop("count"), tinyDocs()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");
    assertThatThrownBy(() -> TopicDiagnostics.evaluate(tinyTopics(), tinyDocs().withColumnRenamed("terms", "t")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("terms");
    assertThatThrownBy(() -> new TopicDiagnostics.Options(1, 25, 3, "terms"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
