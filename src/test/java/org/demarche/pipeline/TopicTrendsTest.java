package org.demarche.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.output.OutputTables;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code topic_trends} on four hand-made documents whose figures can be worked out by hand (month grain, two evidence
 * documents per row).
 *
 * <pre>
 * doc  outlet story  dt          topic 0  topic 1   title
 * d1   A      s1     2013-05-06  0.8      0.2       "One"
 * d2   A      s1     2013-05-07  0.6      0.4       "Two"   (a near-duplicate of d1: same story)
 * d3   B      null   2013-05-20  1.0      -         (no title in articles)
 * d4   B      s4     2013-06-03  0.3      0.7       "Four"
 * </pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopicTrendsTest {
  private final SparkSession spark = SparkTestSession.get();
  private List<Row> rows;

  @BeforeAll
  void compute() {
    StructType dtSchema = new StructType().add("doc_id", DataTypes.StringType).add("story_id", DataTypes.StringType)
        .add("outlet", DataTypes.StringType).add("dt", DataTypes.DateType).add("topic_id", DataTypes.IntegerType)
        .add("weight", DataTypes.DoubleType);
    Date may6 = Date.valueOf("2013-05-06");
    Date may7 = Date.valueOf("2013-05-07");
    Date may20 = Date.valueOf("2013-05-20");
    Date jun3 = Date.valueOf("2013-06-03");
    Dataset<Row> docTopics = spark.createDataFrame(List.of(
        RowFactory.create("d1", "s1", "A", may6, 0, 0.8), RowFactory.create("d1", "s1", "A", may6, 1, 0.2),
        RowFactory.create("d2", "s1", "A", may7, 0, 0.6), RowFactory.create("d2", "s1", "A", may7, 1, 0.4),
        RowFactory.create("d3", null, "B", may20, 0, 1.0),
        RowFactory.create("d4", "s4", "B", jun3, 0, 0.3), RowFactory.create("d4", "s4", "B", jun3, 1, 0.7)),
        dtSchema);
    Dataset<Row> docTerms = spark.createDataFrame(List.of(
        RowFactory.create("d1", new String[] {"syria", "syria", "war", "trade"}),
        RowFactory.create("d2", new String[] {"war", "trade", "tariff"}),
        RowFactory.create("d3", new String[] {"syria"}),
        RowFactory.create("d4", new String[] {"tariff", "trade", "war"})),
        new StructType().add("doc_id", DataTypes.StringType)
            .add("terms", DataTypes.createArrayType(DataTypes.StringType)));
    Dataset<Row> stableTerms = spark.createDataFrame(List.of(
        RowFactory.create(0, "syria", 0.5), RowFactory.create(0, "war", 0.3),
        RowFactory.create(1, "trade", 0.6), RowFactory.create(1, "tariff", 0.4)),
        new StructType().add("topic", DataTypes.IntegerType).add("term", DataTypes.StringType)
            .add("weight", DataTypes.DoubleType));
    Dataset<Row> titles = spark.createDataFrame(List.of(
        RowFactory.create("d1", "One"), RowFactory.create("d2", "Two"), RowFactory.create("d4", "Four")),
        new StructType().add("doc_id", DataTypes.StringType).add("title", DataTypes.StringType));
    Dataset<Row> trends = TopicSteps.trends(docTopics, docTerms, stableTerms, titles, List.of("month"), 2)
        .withColumn("run_id", org.apache.spark.sql.functions.lit("r"))
        .withColumn("model_id", org.apache.spark.sql.functions.lit("m"));
    // the rows pass the table contract (every column, the right types)
    rows = OutputTables.TOPIC_TRENDS.conform(trends).collectAsList();
  }

  private Row row(String period, String outlet, int topic) {
    return rows.stream().filter(r -> r.<Date>getAs("period_start").toString().equals(period)
            && r.<String>getAs("outlet").equals(outlet) && r.<Integer>getAs("topic_id") == topic)
        .findFirst().orElseThrow(() -> new AssertionError("no row " + period + " " + outlet + " " + topic));
  }

  private static List<String> evidenceDocs(Row r) {
    return r.<Row>getList(r.fieldIndex("evidence")).stream().map(e -> e.<String>getAs("doc_id")).toList();
  }

  @Test
  void oneRowPerPeriodSliceAndTopic() {
    // May: topic 0 in __all__, A, B; topic 1 in __all__, A. June: both topics in __all__ and B.
    assertThat(rows).hasSize(9);
    assertThat(rows).allSatisfy(r -> assertThat(r.<String>getAs("grain")).isEqualTo("month"));
  }

  @Test
  void volumesCountArticlesStoriesAndOutletsSideBySide() {
    Row all0 = row("2013-05-01", "__all__", 0);
    assertThat(all0.<Long>getAs("n_docs")).isEqualTo(3L);
    assertThat(all0.<Long>getAs("n_articles")).isEqualTo(3L);
    assertThat(all0.<Long>getAs("n_stories")).as("d1 and d2 are one story; d3 has none and counts alone")
        .isEqualTo(2L);
    assertThat(all0.<Long>getAs("n_outlets")).isEqualTo(2L);
    assertThat(all0.<Long>getAs("period_docs")).isEqualTo(3L);
    assertThat(all0.<Long>getAs("period_articles")).isEqualTo(3L);
    assertThat(all0.<Double>getAs("weight_sum")).isCloseTo(2.4, within(1e-12));
    assertThat(all0.<Double>getAs("share")).isCloseTo(0.8, within(1e-12));

    Row all1 = row("2013-05-01", "__all__", 1);
    assertThat(List.of(all1.<Long>getAs("n_articles"), all1.<Long>getAs("n_stories"), all1.<Long>getAs("n_outlets"),
        all1.<Long>getAs("period_articles"))).containsExactly(2L, 1L, 1L, 3L);
    assertThat(all1.<Double>getAs("share")).isCloseTo(0.2, within(1e-12));

    Row a0 = row("2013-05-01", "A", 0);
    assertThat(List.of(a0.<Long>getAs("n_articles"), a0.<Long>getAs("n_stories"), a0.<Long>getAs("n_outlets"),
        a0.<Long>getAs("period_articles"))).containsExactly(2L, 1L, 1L, 2L);
    assertThat(a0.<Double>getAs("share")).isCloseTo(0.7, within(1e-12));

    Row june1 = row("2013-06-01", "B", 1);
    assertThat(List.of(june1.<Long>getAs("n_articles"), june1.<Long>getAs("n_stories"),
        june1.<Long>getAs("period_articles"))).containsExactly(1L, 1L, 1L);
    assertThat(june1.<Double>getAs("share")).isCloseTo(0.7, within(1e-12));
  }

  @Test
  void evidenceIsTheTopDocumentsByWeightWithTitleOutletAndDate() {
    Row all0 = row("2013-05-01", "__all__", 0);
    List<Row> ev = all0.getList(all0.fieldIndex("evidence"));
    assertThat(ev).hasSize(2);
    assertThat(ev.get(0).<String>getAs("doc_id")).isEqualTo("d3");
    assertThat(ev.get(0).<Double>getAs("weight")).isEqualTo(1.0);
    assertThat(ev.get(0).<String>getAs("outlet")).isEqualTo("B");
    assertThat(ev.get(0).<String>getAs("title")).as("d3 has no title").isNull();
    assertThat(ev.get(0).<Date>getAs("dt")).hasToString("2013-05-20");
    assertThat(ev.get(1).<String>getAs("doc_id")).isEqualTo("d1");
    assertThat(ev.get(1).<String>getAs("title")).isEqualTo("One");
    assertThat(ev.get(1).<String>getAs("outlet")).isEqualTo("A");
    assertThat(evidenceDocs(row("2013-05-01", "__all__", 1))).containsExactly("d2", "d1");
    assertThat(evidenceDocs(row("2013-05-01", "A", 0))).containsExactly("d1", "d2");
    assertThat(evidenceDocs(row("2013-05-01", "B", 0))).containsExactly("d3");
    assertThat(evidenceDocs(row("2013-06-01", "__all__", 0))).containsExactly("d4");
  }

  @Test
  void wordDriftStaysOnTheAllOutletRows() {
    // May, topic 0: syria 2·0.8 + 1·1.0 = 2.6, war 0.8 + 0.6 = 1.4
    Row all0 = row("2013-05-01", "__all__", 0);
    assertThat(all0.<String>getList(all0.fieldIndex("top_words"))).containsExactly("syria", "war");
    Row a0 = row("2013-05-01", "A", 0);
    assertThat(a0.<Object>getAs("top_words")).isNull();
  }

  @Test
  void theTableKeepsItsEarlierColumns() {
    assertThat(OutputTables.TOPIC_TRENDS.schema().fieldNames()).containsSubsequence("run_id", "grain",
        "period_start", "topic_id", "outlet", "n_docs", "weight_sum", "period_docs", "share", "top_words",
        "n_articles", "n_stories", "n_outlets", "period_articles", "evidence", "model_id");
    assertThat(rows.stream().map(r -> r.<Long>getAs("n_docs")).toList())
        .isEqualTo(rows.stream().map(r -> r.<Long>getAs("n_articles")).toList());
  }
}
