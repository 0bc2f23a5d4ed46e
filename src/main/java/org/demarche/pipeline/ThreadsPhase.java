package org.demarche.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;

import java.util.Optional;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.demarche.config.JobConfig;
import org.demarche.output.OutputTables;
import org.demarche.threads.StoryThreads;
import org.demarche.threads.ThreadVectors;

/**
 * Story threads ({@code threads.*}): each article's thread ({@link StoryThreads}) and its key terms, from the text
 * phase's TF-IDF and the actors phase's document actors. Articles that earlier batches wrote, dated within the
 * batch's dates ± ({@code threads.window_days} + {@code threads.max_span_days}), take part with the threads they
 * have (their bodies go through this run's text stages), so a new report of an earlier event joins its thread.
 */
final class ThreadsPhase implements Phase {
  @Override
  public String name() {
    return "threads";
  }

  @Override
  public Kind kind() {
    return Kind.CORPUS;
  }

  @Override
  public Set<RunState.Slot<?>> inputs() {
    return Set.of(RunState.DOCUMENTS, RunState.TEXT_MODEL);
  }

  @Override
  public Set<RunState.Slot<?>> outputs() {
    return Set.of(RunState.THREADS);
  }

  @Override
  public String description(RunState s) {
    JobConfig.ThreadsConfig t = s.cfg().threads();
    return "story threads (similarity >= " + t.minSimilarity() + ", within " + t.windowDays() + " days, span <= "
        + t.maxSpanDays() + ")";
  }

  @Override
  public Optional<String> skipReason(RunState s) {
    return s.has(RunState.TEXT_MODEL) ? Optional.empty() : Optional.of("no text features in this batch");
  }

  @Override
  public Outcome run(RunState s) {
    JobConfig.ThreadsConfig t = s.cfg().threads();
    PipelineModel textModel = s.get(RunState.TEXT_MODEL);
    Dataset<Row> docs = s.get(RunState.DOCUMENTS);
    Dataset<Row> batch = ThreadVectors.batchInput(docs);
    Dataset<Row> earlier = earlier(s, docs, textModel, t);
    Dataset<Row> all = earlier == null ? batch : batch.unionByName(earlier);
    Dataset<Row> vectors = s.cache(ThreadVectors.of(all, TopicSteps.vocabulary(textModel),
            new ThreadVectors.Options(t.topTerms(), t.actorWeight()), "doc_id", "dt", "stored_thread")
        .persist(StorageLevel.MEMORY_AND_DISK()));
    Dataset<Row> threads = StoryThreads.assign(vectors,
            new StoryThreads.Options(t.windowDays(), t.minSimilarity(), t.maxSpanDays(), t.maxBlockDocs(),
                t.minLinkShare()))
        .join(vectors.where(col("stored_thread").isNull()).select("doc_id", "key_terms"), "doc_id");
    long rows = Phases.materialise(s, RunState.THREADS, threads, false);
    long linked = s.get(RunState.THREADS).groupBy("thread_id").count().where(col("count").geq(2))
        .agg(org.apache.spark.sql.functions.coalesce(org.apache.spark.sql.functions.sum("count"), lit(0L)))
        .first().getLong(0);
    s.summary().count("threaded_articles", linked);
    return new Outcome(rows, description(s) + "; " + linked + " articles share a thread");
  }

  /**
   * The articles earlier batches wrote within reach of this batch's dates, with their threads, TF-IDF from this run's
   * text stages and document actors; null when the output holds none (or no stored text to compare).
   */
  private static Dataset<Row> earlier(RunState s, Dataset<Row> docs, PipelineModel textModel,
      JobConfig.ThreadsConfig t) {
    int reach = t.windowDays() + t.maxSpanDays();
    Dataset<Row> articles = s.earlierArticles(docs, reach);
    if (articles == null) {
      return null;
    }
    Dataset<Row> stored = articles.where(col("thread_id").isNotNull().and(col("text").isNotNull()))
        .select(col("doc_id"), col("dt"), col("thread_id").as("stored_thread"), col("text").as("body"));
    if (stored.isEmpty()) {
      return null;
    }
    Dataset<Row> storedActors = OutputTables.DOCUMENT_ACTORS.read(s.spark(), s.out())
        .where(RunState.inDays(s.batchDates(docs), reach))
        .groupBy("doc_id")
        .agg(collect_list(struct(col("actor_id"), col("salience"))).as("document_actors"));
    return textModel.transform(stored)
        .join(storedActors, new String[] {"doc_id"}, "left")
        .select(col("doc_id"), col("dt"), col("stored_thread"), col("tfidf"),
            col("document_actors"));
  }
}
