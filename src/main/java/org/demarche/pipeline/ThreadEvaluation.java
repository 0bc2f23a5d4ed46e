package org.demarche.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.demarche.config.JobConfig;
import org.demarche.eval.ThreadScores;
import org.demarche.ingest.CorpusIngest;
import org.demarche.threads.StoryThreads;
import org.demarche.threads.ThreadVectors;

/**
 * Tuning the thread rules: the job's own phases up to the text features (ingest, clean, dedupe, actors, text; no
 * stance, topics or writes) run once on the input, the thread vectors are built once, and the thread assignment is
 * scored for each combination of the given similarities, actor weights and spans. The figures to quote come from
 * {@code demarche evaluate threads --output}, which scores the tables a run wrote.
 */
public final class ThreadEvaluation {
  private ThreadEvaluation() {}

  /** The grid of rules to try. */
  public record Grid(List<Double> similarities, List<Double> actorWeights, List<Integer> spans,
      List<Double> linkShares, int examples) {}

  public static void run(SparkSession spark, JobConfig cfg, Dataset<Row> labels, Grid grid, PrintWriter out)
      throws java.io.IOException {
    Path tmp = Files.createTempDirectory("demarche-threads-eval");
    JobConfig c = cfg;
    RunState s = new RunState(spark, c, tmp.toString(), "r_eval", "b_eval",
        CorpusIngest.listFiles(spark, c.input()), new RunSummary("r_eval", tmp.toString()));
    try {
      long t0 = System.nanoTime();
      for (Phase p : List.of(new IngestPhase(), new CleanPhase(), new DedupePhase(), new ActorsPhase(),
          new TextPhase())) {
        if (p.skipReason(s).isEmpty()) {
          p.run(s);
        }
      }
      out.printf("prepared %d documents in %.1f s%n", s.documents, (System.nanoTime() - t0) / 1e9);
      PipelineModel textModel = s.get(RunState.TEXT_MODEL);
      Dataset<Row> docs = s.get(RunState.DOCUMENTS);
      Dataset<Row> base = ThreadVectors.batchInput(docs).persist(StorageLevel.MEMORY_AND_DISK());
      String[] vocab = TopicSteps.vocabulary(textModel);
      Dataset<Row> cachedLabels = labels.join(docs.select("doc_id"), "doc_id").persist(StorageLevel.MEMORY_AND_DISK());
      JobConfig.ThreadsConfig t = c.threads();
      for (double aw : grid.actorWeights()) {
        Dataset<Row> vectors = ThreadVectors.of(base, vocab, new ThreadVectors.Options(t.topTerms(), aw),
            "doc_id", "dt", "stored_thread").persist(StorageLevel.MEMORY_AND_DISK());
        for (double sim : grid.similarities()) {
          for (int span : grid.spans()) {
            for (double share : grid.linkShares()) {
              long t1 = System.nanoTime();
              Dataset<Row> threads = StoryThreads.assign(vectors,
                  new StoryThreads.Options(t.windowDays(), sim, span, t.maxBlockDocs(), share));
              threads = threads.persist(StorageLevel.MEMORY_AND_DISK());
              ThreadScores.score(threads, cachedLabels).print(out, String.format(
                  "min_similarity %.2f actor_weight %.2f max_span_days %d min_link_share %.2f (%.1f s)", sim, aw,
                  span, share, (System.nanoTime() - t1) / 1e9));
              if (grid.examples() > 0) {
                ThreadScores.printMixed(threads, cachedLabels.join(docs.select(col("doc_id"), col("outlet"),
                    col("title_clean").as("title"), to_date(col("published_at")).as("dt")), "doc_id"),
                    grid.examples(), out);
              }
              threads.unpersist();
            }
          }
        }
        vectors.unpersist();
      }
    } finally {
      s.releaseCaches();
    }
  }
}
