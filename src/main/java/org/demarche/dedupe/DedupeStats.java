package org.demarche.dedupe;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Summary counts of a {@link StoryClusterer#assign} result, computed in one aggregation. */
public final class DedupeStats {
  private DedupeStats() {}

  /**
   * One row: {@code n_articles} (rows), {@code n_unique_texts} (rows that are not exact duplicates, i.e.
   * {@code exact_duplicate_of} is null), {@code n_stories} (distinct {@code story_id}), {@code n_multi_article_stories}
   * (stories with more than one article) and {@code n_articles_in_multi_article_stories}; all longs.
   */
  public static Row of(Dataset<Row> assigned) {
    return assigned
        .agg(
            count(lit(1)).as("n_articles"),
            count(when(col(StoryClusterer.EXACT_DUPLICATE_OF).isNull(), lit(1))).as("n_unique_texts"),
            countDistinct(col(StoryClusterer.STORY_ID)).as("n_stories"),
            countDistinct(when(col(StoryClusterer.STORY_SIZE).gt(1), col(StoryClusterer.STORY_ID)))
                .as("n_multi_article_stories"),
            sum(when(col(StoryClusterer.STORY_SIZE).gt(1), lit(1L)).otherwise(lit(0L)))
                .as("n_articles_in_multi_article_stories"))
        .first();
  }
}
