package org.demarche.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

class JobStatsTest {
  @Test
  void theMostUnevenStageOfAPhaseIsKeptWithItsMedianAndLongestTask() throws Exception {
    SparkSession spark = SparkTestSession.get();
    JobStats stats = JobStats.register(spark);
    try {
      spark.sparkContext().setJobGroup("skewed", "a stage with one slow task", false);
      // 8 tasks: task 0 sleeps 600 ms, the others a few ms
      org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
          .parallelize(List.of(0, 1, 2, 3, 4, 5, 6, 7), 8).foreach(i -> Thread.sleep(i == 0 ? 600 : 5));
      spark.sparkContext().setJobGroup("even", "an even stage", false);
      spark.range(0, 8, 1, 8).javaRDD().foreach(i -> Thread.sleep(5));
      // a query whose shuffle stage adaptive execution submits (and names after a CompletableFuture)
      spark.sparkContext().setJobGroup("query", "a query with a shuffle", false);
      spark.range(0, 1000, 1, 4).groupBy(org.apache.spark.sql.functions.col("id").mod(7)).count().collectAsList();
    } finally {
      spark.sparkContext().clearJobGroup();
      // listener events are delivered asynchronously: wait until the three phases are in
      for (int i = 0; i < 100 && stats.spreads().size() < 3; i++) {
        Thread.sleep(50);
      }
      stats.unregister(spark);
    }
    JobStats.Spread skewed = stats.spreads().get("skewed");
    assertThat(skewed).as("spreads %s", stats.spreads()).isNotNull();
    assertThat(skewed.tasks()).isEqualTo(8);
    assertThat(skewed.maxMs()).as("%s", skewed).isGreaterThanOrEqualTo(550);
    assertThat(skewed.medianMs()).isLessThan(300);
    assertThat(skewed.ratio()).isGreaterThan(3);
    assertThat(stats.spreads().get("even").tasks()).isEqualTo(8);
    // the shuffle stage is named with the query it belongs to, not only with adaptive execution's call site
    assertThat(stats.spreads().get("query").stage()).contains("CompletableFuture")
        .contains("(query a query with a shuffle)"); // the query's description: no demarche frame outside JobStats
    // a stage with a task of 200 ms or more outranks any shorter stage, then the higher ratio wins
    assertThat(JobStats.worse(new JobStats.Spread("a", 4, 100, 250), new JobStats.Spread("b", 4, 1, 150))).isTrue();
    assertThat(JobStats.worse(new JobStats.Spread("a", 4, 100, 250), new JobStats.Spread("b", 4, 100, 900)))
        .isFalse();
  }
}
