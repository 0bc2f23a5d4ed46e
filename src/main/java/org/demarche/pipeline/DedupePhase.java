package org.demarche.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;

import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;
import org.demarche.dedupe.ContentHasher;
import org.demarche.dedupe.StoryClusterer;
import org.demarche.ingest.RejectReason;
import org.demarche.output.OutputTables;

/**
 * One article per document: rejects a doc_id read twice in the batch (the later copies) and a doc_id the output
 * holds from another input file (an earlier batch's; its row is kept), hashes the content and groups near-copies
 * into stories (exact hash + MinHash LSH). The batch owns its input files: their earlier rows in the output are
 * replaced by this run's, so a corrected rerun leaves no stale rows.
 */
final class DedupePhase implements Phase {
  private static final String[] KEY = {"doc_id", "source_file", "source_offset"};

  @Override
  public String name() {
    return "dedupe";
  }

  @Override
  public Kind kind() {
    return Kind.CORPUS;
  }

  @Override
  public Set<RunState.Slot<?>> inputs() {
    return Set.of(RunState.CLEANED, RunState.BATCH_FILES);
  }

  @Override
  public Set<RunState.Slot<?>> outputs() {
    return Set.of(RunState.ARTICLES, RunState.DOCUMENTS, RunState.DEDUPE_REJECTS);
  }

  @Override
  public String description(RunState s) {
    return "exact hash + MinHash LSH stories";
  }

  @Override
  public Outcome run(RunState s) {
    Dataset<Row> valid = s.get(RunState.CLEANED).filter(col("reject_reason").isNull());
    Dataset<Row> inOutput = s.cache(
        valid.select("doc_id", "source_file", "source_offset")
            .join(s.storedArticles()
                .join(s.get(RunState.BATCH_FILES), new String[] {"source_file"}, "left_anti")
                .groupBy("doc_id")
                .agg(min(concat(lit("doc_id already in the output, from "), col("source_file"), lit(" (run "),
                    col("run_id"), lit("); the earlier row is kept"))).as("reject_detail")), "doc_id")
            .persist(StorageLevel.MEMORY_AND_DISK()));
    Dataset<Row> fresh = valid.join(inOutput.select(col(KEY[0]), col(KEY[1]), col(KEY[2])), KEY, "left_anti");
    // Repeated doc_ids: rank on a narrow projection (no body text in the shuffle); the later copies are rejected.
    WindowSpec byId = Window.partitionBy("doc_id").orderBy(col("source_file"), col("source_offset"));
    Dataset<Row> laterCopies = s.cache(
        fresh.select(KEY[0], KEY[1], KEY[2])
            .withColumn("_id_rank", row_number().over(byId))
            .filter(col("_id_rank").gt(1))
            .drop("_id_rank")
            .persist(StorageLevel.MEMORY_AND_DISK()));
    Dataset<Row> unique = fresh.join(laterCopies, KEY, "left_anti");
    Dataset<Row> hashed = new ContentHasher().setInputCol("body").setOutputCol("content_hash").transform(unique);
    Dataset<Row> stories = StoryClusterer.assign(hashed, s.cfg().dedupe()).persist(StorageLevel.MEMORY_AND_DISK());
    if (s.cfg().dedupe().storyWindowDays() > 0 && OutputTables.exists(s.spark(), OutputTables.ARTICLES.path(s.out()))) {
      stories = linkToEarlier(s, s.cache(stories));
    }
    long rows = Phases.materialise(s, RunState.ARTICLES, stories, true);
    s.documents = rows;
    s.put(RunState.DOCUMENTS, s.get(RunState.ARTICLES));
    s.put(RunState.DEDUPE_REJECTS,
        valid.join(laterCopies, KEY, "left_semi")
            .withColumn("reject_reason", lit(RejectReason.DUPLICATE_RECORD.code()))
            .withColumn("reject_detail", lit("doc_id already read earlier in this batch"))
            .withColumn("reject_phase", lit("dedupe"))
            .unionByName(valid.drop("reject_detail").join(inOutput, KEY, "inner")
                .withColumn("reject_reason", lit(RejectReason.DUPLICATE_IN_OUTPUT.code()))
                .withColumn("reject_phase", lit("dedupe")), true));
    return new Outcome(rows, description(s));
  }

  /**
   * The batch's stories joined to the stories of earlier batches: the articles in the output that the batch does not
   * own, dated within {@code dedupe.story_window_days} of the batch's dates, are the candidates.
   */
  private static Dataset<Row> linkToEarlier(RunState s, Dataset<Row> stories) {
    Dataset<Row> stored = s.earlierArticles(stories, s.cfg().dedupe().storyWindowDays());
    if (stored == null) {
      return stories;
    }
    Dataset<Row> earlier = stored.select("doc_id", "story_id", "content_hash", "text");
    Dataset<Row> sizes = s.storedArticles().join(s.get(RunState.BATCH_FILES), new String[] {"source_file"}, "left_anti")
        .groupBy("story_id").agg(count(lit(1)).as("n"));
    return StoryClusterer.linkToEarlier(stories, earlier, sizes, s.cfg().dedupe());
  }
}
