package org.demarche.pipeline;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.demarche.cli.VersionProvider;
import org.demarche.config.ConfigException;
import org.demarche.config.JobConfig;
import org.demarche.output.OutputTables;
import org.demarche.text.TextStages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code demarche topics}: refits the topic model (or scores with a saved one, {@code topics.model}) on the documents
 * already in an output folder, without re-running ingest, clean, dedupe, actors or stance, and writes {@code topics},
 * {@code topic_lineage}, {@code doc_topics} and {@code topic_trends} through the same {@link TopicSteps} code as
 * {@code demarche run}.
 *
 * <p>Tokens are not stored as a table: they are a pure function of the cleaned text ({@code articles.text}) and the
 * fitted text stages saved with every topic model ({@code <model>/text}: tokenizer, phrase table, lemmatizer,
 * stopwords, vocabulary), so this phase re-tokenizes {@code articles.text} with the text stages of the model it aligns
 * to (by default the newest model under the output) and gets the job's {@code terms} and {@code tf} back exactly.
 * Only when the output holds no saved model yet (topics were off or skipped) are the text stages fitted here, from
 * {@code text.*} with the actor names of {@code actor_mentions} as protected phrases, as the job does.
 *
 * <p>The run id is deterministic (the articles' run ids and count, the resolved configuration and the demarche
 * version), so the refit's {@code model_id} is too: rerunning the same refit replaces its own model, its
 * {@code topics}, {@code topic_lineage} and {@code topic_trends} partitions and the {@code doc_topics} rows of the documents it scores,
 * and never duplicates rows.
 */
public final class TopicRunner {
  private static final Logger LOG = LoggerFactory.getLogger(TopicRunner.class);

  /**
   * What the phase did: the model it wrote or applied, whether it was fitted, the model it aligned to (null when
   * none), where its text stages came from, rows per table and seconds (fit included).
   */
  public record Result(String runId, String modelId, String modelPath, boolean fitted, String previousModelId,
      String textFrom, long documents, Map<String, Long> rows, Map<String, Long> lineage, double seconds) {}

  private TopicRunner() {}

  public static Result run(SparkSession spark, JobConfig cfg, Map<String, Object> resolvedConfig) {
    Sessions.configure(spark, cfg);
    long t0 = System.nanoTime();
    String out = cfg.output().path();
    JobConfig.TopicsConfig c = cfg.topics();
    if (!OutputTables.exists(spark, OutputTables.ARTICLES.path(out))) {
      throw new ConfigException("topics: no `articles` table under " + out
          + "; fix: give the --output folder of an earlier `demarche run`");
    }
    spark.sparkContext().setJobGroup("topics", "topic refit on the articles of " + out, false);
    Dataset<Row> articles = OutputTables.ARTICLES.read(spark, out)
        .select(col("run_id"), col("doc_id"), col("story_id"), col("outlet"), col("dt"), col("text"));
    List<String> batches = new ArrayList<>();
    for (Row r : articles.groupBy("run_id").count().orderBy("run_id").collectAsList()) {
      batches.add(r.getString(0) + ":" + r.getLong(1));
    }
    String runId = "r_" + JobRunner.sha256("topics\n" + batches + "\n"
        + new TreeMap<>(JobRunner.stringMap(resolvedConfig)) + "\n" + VersionProvider.version()).substring(0, 16);
    String modelId = "m_" + runId.substring(2);
    if (articles.where(col("text").isNotNull()).limit(1).count() == 0) {
      throw new ConfigException("topics: `articles.text` under " + out + " is empty (the run had "
          + "output.write_text=false, or wrote no articles); the topics phase re-tokenizes the cleaned text, so "
          + "rerun `demarche run` with output.write_text=true");
    }
    Dataset<Row> bodies = articles.where(col("text").isNotNull()).drop("run_id").withColumnRenamed("text",
        TextStages.BODY);

    // the text stages: the applied model's, else those of the model this refit aligns to, else fitted here
    List<Dataset<Row>> caches = new ArrayList<>();
    PipelineModel text;
    String textFrom;
    Dataset<Row> docs;
    String base = c.model().isEmpty() ? textBase(spark, c, out, modelId) : c.model();
    if (base != null) {
      text = TopicSteps.loadTextModel(base);
      textFrom = base;
      docs = NlpSteps.dropIntermediates(text.transform(bodies));
    } else {
      List<String> names = cfg.actors().enabled() && cfg.text().actorPhrases() ? actorNames(spark, out) : List.of();
      NlpSteps.FittedText ft = NlpSteps.fitText(bodies, NlpSteps.textOptions(cfg.text(), names));
      text = ft.model();
      caches.addAll(ft.caches());
      textFrom = "fitted from text.* (no saved model under " + TopicSteps.modelsRoot(out) + ")";
      docs = ft.docs();
    }
    docs = docs.select(col("doc_id"), col("story_id"), col("outlet"), col("dt"), col(TextStages.TERMS),
        col(TextStages.TF)).persist(StorageLevel.MEMORY_AND_DISK());
    caches.add(docs);
    long n = docs.count();
    LOG.info("topics: {} documents tokenized with the text stages of {}", n, textFrom);
    if (c.model().isEmpty()) {
      int v = TopicSteps.vocabulary(text).length;
      if (v < 2 * c.k() || n < c.k()) {
        throw new ConfigException("topics.k = " + c.k() + " is too large for " + n + " documents and a vocabulary "
            + "of " + v + " terms (need at least k documents and 2k terms); fix: a smaller --set topics.k");
      }
    }
    Map<String, Long> rows = new LinkedHashMap<>();
    Map<String, Long> lineage = new TreeMap<>();
    TopicSteps.Outcome o;
    try {
      o = TopicSteps.run(spark, docs, text, c, out, runId);
      Dataset<Row> dt = o.docTopics().persist(StorageLevel.MEMORY_AND_DISK());
      caches.add(dt);
      o = new TopicSteps.Outcome(o.modelId(), o.modelPath(), o.fitted(), o.model(), o.descriptor(), dt, o.topics(),
          o.lineage(), o.fitSeconds());
      spark.sparkContext().setJobGroup("topics", "write topic tables", false);
      TopicSteps.write(spark, o, docs, docs.select(col("doc_id"), col(TextStages.TERMS)), out, runId, c,
          cfg.trends().evidence(), null);
      if (o.fitted()) {
        for (Row r : o.lineage().groupBy("event").count().collectAsList()) {
          lineage.put(r.getString(0), r.getLong(1));
        }
      }
      String part = "/model_id=" + o.modelId();
      for (OutputTables t : List.of(OutputTables.TOPICS, OutputTables.TOPIC_LINEAGE, OutputTables.TOPIC_TRENDS)) {
        if (o.fitted() || t == OutputTables.TOPIC_TRENDS) {
          rows.put(t.table(), spark.read().parquet(t.path(out) + part).count());
        }
      }
      rows.put(OutputTables.DOC_TOPICS.table(), spark.read().parquet(OutputTables.DOC_TOPICS.path(out))
          .where(col("model_id").equalTo(o.modelId()).and(col("run_id").equalTo(runId))).count());
    } finally {
      caches.forEach(Dataset::unpersist);
    }
    double s = (System.nanoTime() - t0) / 1e9;
    LOG.info("topics: model {} ({}) in {} s: {}", o.modelId(), o.fitted() ? "fitted" : "applied",
        String.format("%.1f", s), rows);
    return new Result(runId, o.modelId(), o.modelPath(), o.fitted(), o.descriptor().previousModelId(), textFrom, n,
        rows, lineage, s);
  }

  /**
   * The model whose text stages a refit uses: {@code topics.previous_model} when it is a path, else the newest model
   * under the output other than {@code modelId} (also with {@code previous_model = none}, which only turns alignment
   * off); null when there is none.
   */
  static String textBase(SparkSession spark, JobConfig.TopicsConfig c, String out, String modelId) {
    if (!c.previousModel().equals("auto") && !c.previousModel().equals("none")) {
      return c.previousModel();
    }
    JobConfig.TopicsConfig auto = c.withPreviousModel("auto");
    return TopicSteps.previousModel(spark, auto, out, modelId);
  }

  /** Multi-word names of the actors in {@code actor_mentions} (protected phrases, as in the job). */
  static List<String> actorNames(SparkSession spark, String out) {
    return NlpSteps.multiWordNames(OutputTables.ACTOR_MENTIONS.read(spark, out).select(col("actor_name").as("n")));
  }

}
