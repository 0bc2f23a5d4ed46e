package org.demarche.trends;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/** The periods a batch touches, as the incremental trend update computes them. */
class TrendRunnerTest {
  private final SparkSession spark = SparkTestSession.get();

  @Test
  void touchedDatesGiveTheirPeriodsAtEveryGrainAndTheMonthsTheyOverlap() {
    // 2013-05-31 is a Friday: its week starts on Monday 27 May; 2013-06-02 (Sunday) is in the same week
    List<Date> dates = List.of(Date.valueOf("2013-05-31"), Date.valueOf("2013-06-02"));
    var touched = spark.createDataset(dates, Encoders.DATE()).toDF("dt");
    List<Row> periods = TrendRunner.touchedPeriods(touched, List.of("day", "week", "month"));
    List<String> shown = periods.stream().map(r -> r.getString(0) + " " + r.getDate(1)).sorted()
        .collect(Collectors.toList());
    assertThat(shown).containsExactly("day 2013-05-31", "day 2013-06-02", "month 2013-05-01", "month 2013-06-01",
        "week 2013-05-27");
    // the week reaches from May into June; the facts of both months are read
    assertThat(TrendRunner.monthsCovering(periods)).containsExactly(Date.valueOf("2013-05-01"),
        Date.valueOf("2013-06-01"));
    // Spark's own week start agrees
    Row sparkWeek = spark.sql("select to_date(date_trunc('week', date'2013-06-02'))").first();
    assertThat(sparkWeek.getDate(0)).isEqualTo(Date.valueOf("2013-05-27"));
  }

  @Test
  void onlyTheConfiguredGrainsAndNoNullDates() {
    var touched = spark.createDataset(java.util.Arrays.asList(Date.valueOf("2013-05-07"), null), Encoders.DATE())
        .toDF("dt");
    List<Row> periods = TrendRunner.touchedPeriods(touched, List.of("month"));
    assertThat(periods).hasSize(1);
    assertThat(periods.get(0).getString(0)).isEqualTo("month");
    assertThat(periods.get(0).getDate(1)).isEqualTo(Date.valueOf("2013-05-01"));
  }
}
