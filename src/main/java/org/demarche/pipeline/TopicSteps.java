package org.demarche.pipeline;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.clustering.LocalLDAModel;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.demarche.cli.VersionProvider;
import org.demarche.config.ConfigException;
import org.demarche.config.JobConfig;
import org.demarche.output.OutputTables;
import org.demarche.text.TextStages;
import org.demarche.topics.FittedTopics;
import org.demarche.topics.GibbsLda;
import org.demarche.topics.GibbsLdaModel;
import org.demarche.topics.OnlineLdaTopics;
import org.demarche.topics.TopicAlignment;
import org.demarche.topics.TopicDiagnostics;
import org.demarche.topics.TopicStability;
import org.demarche.trends.PeriodWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topic step of the job: fit a topic engine ({@code topics.engine}) or apply a saved model ({@code
 * topics.model}), keep topic ids stable across refits, score diagnostics, save the model and build the topic tables.
 * This class is the only place the {@code topics.*} keys reach the engines.
 *
 * <p>A saved model is a folder {@code <output>/models/topics/<model_id>/}: {@code text/} (the fitted text
 * {@link PipelineModel}: tokenizer, phrases, lemmas, stopwords, vocabulary), {@code model/} (the engine's model),
 * {@code topic_terms/} (Parquet: {@code topic} = stable topic id, {@code term}, {@code weight}, {@code count}) and
 * {@code demarche-model.json} ({@code format_version}, engine, k, the stable id of each topic index, lineage).
 */
public final class TopicSteps {
  private static final Logger LOG = LoggerFactory.getLogger(TopicSteps.class);
  private static final ObjectMapper OM = new ObjectMapper();
  public static final String MODELS_DIR = "models/topics";
  public static final String DESCRIPTOR = "demarche-model.json";
  public static final int FORMAT_VERSION = 1;
  public static final String ALL_OUTLETS = "__all__";
  private static final int DRIFT_CANDIDATES = 30;
  private static final int DRIFT_TOP = 10;

  private TopicSteps() {}

  /** A saved model's descriptor. */
  public record Descriptor(int formatVersion, String modelId, String engine, int k, int iterations, String createdAt,
      String runId, String demarcheVersion, int[] topicIds, String previousModelId, int maxTopicIdEver) {}

  /** What the topic step produced: the model, its stable ids and (when fitted) its topics and lineage rows. */
  public record Outcome(String modelId, String modelPath, boolean fitted, FittedTopics model, Descriptor descriptor,
      Dataset<Row> docTopics, Dataset<Row> topics, Dataset<Row> lineage, double fitSeconds) {}

  /** The folder of the models under an output root. */
  public static String modelsRoot(String outputRoot) {
    return (outputRoot.endsWith("/") ? outputRoot : outputRoot + "/") + MODELS_DIR;
  }

  /** The CountVectorizer vocabulary of a fitted text model. */
  public static String[] vocabulary(PipelineModel textModel) {
    for (Transformer t : textModel.stages()) {
      if (t instanceof CountVectorizerModel cv) {
        return cv.vocabulary();
      }
    }
    throw new IllegalStateException("the text model has no CountVectorizerModel stage");
  }

  /** Loads the text stages of a saved model (for {@code topics.model}); fails with a config error when absent. */
  public static PipelineModel loadTextModel(String modelPath) {
    readDescriptor(SparkSession.active(), modelPath);
    return PipelineModel.load(modelPath + "/text");
  }

  /**
   * Fits the configured engine on {@code docs} ({@code doc_id}, {@code terms}, {@code tf}), or applies the saved
   * {@code topics.model}, and returns the outcome; {@code docs} should be persisted.
   */
  public static Outcome run(SparkSession spark, Dataset<Row> docs, PipelineModel textModel, JobConfig.TopicsConfig c,
      String outputRoot, String runId) {
    Dataset<Row> features = docs.select(col("doc_id"), col(TextStages.TF));
    if (!c.model().isEmpty()) {
      Descriptor d = readDescriptor(spark, c.model());
      FittedTopics model = loadModel(d, c.model());
      Dataset<Row> dt = stableDocTopics(model, features, d.topicIds(), c.minDocWeight());
      return new Outcome(d.modelId(), c.model(), false, model, d, dt, null, null, 0);
    }
    String modelId = "m_" + runId.substring(runId.indexOf('_') + 1);
    String modelPath = modelsRoot(outputRoot) + "/" + modelId;
    String[] vocab = vocabulary(textModel);
    String previous = previousModel(spark, c, outputRoot, modelId);
    Descriptor prev = previous == null ? null : readDescriptor(spark, previous);
    Dataset<Row> prevTerms = prev == null ? null : spark.read().parquet(previous + "/topic_terms");
    double[][] warm = null;
    if (prev != null && c.warmStart() && c.engine().equals("gibbs")) {
      if (prev.k() == c.k()) {
        warm = warmStart(prevTerms, prev.topicIds(), vocab,
            GIBBS_INIT_TERMS);
        LOG.info("topics: warm start from {}", prev.modelId());
      } else {
        LOG.info("topics: no warm start: {} has k={}, this fit k={}", prev.modelId(), prev.k(), c.k());
      }
    }
    long t0 = System.nanoTime();
    FittedTopics model = fit(features, c, c.seed(), warm);
    Dataset<Row> terms = model.topicTerms(vocab).persist(StorageLevel.MEMORY_AND_DISK());
    double fitSeconds = (System.nanoTime() - t0) / 1e9;
    LOG.info("topics: {} k={} fitted in {} s", c.engine(), c.k(), String.format("%.1f", fitSeconds));

    // stable ids: align to the previous model when there is one
    int[] ids = new int[c.k()];
    List<Row> lineage = new ArrayList<>();
    int maxEver;
    if (prev != null) {
      TopicAlignment.Result a = TopicAlignment.align(prevTerms, terms,
          new TopicAlignment.Options(c.alignThreshold(), modelId, prev.maxTopicIdEver() + 1));
      maxEver = prev.maxTopicIdEver();
      for (int t = 0; t < c.k(); t++) {
        ids[t] = a.topicIds().get(t);
        maxEver = Math.max(maxEver, ids[t]);
      }
      for (TopicAlignment.Lineage l : a.lineageRows()) {
        lineage.add(RowFactory.create(runId, l.topicId(), prev.modelId(), l.previousTopicId(), l.event(), l.cosine(),
            modelId));
      }
      LOG.info("topics: aligned to {}: {}", prev.modelId(), summarize(a.lineageRows()));
    } else {
      for (int t = 0; t < c.k(); t++) {
        ids[t] = t;
        lineage.add(RowFactory.create(runId, t, null, null, TopicAlignment.NEW, null, modelId));
      }
      maxEver = c.k() - 1;
    }
    Map<Integer, Integer> idMap = new HashMap<>();
    for (int t = 0; t < ids.length; t++) {
      idMap.put(t, ids[t]);
    }
    Dataset<Row> stableTerms = TopicAlignment.relabel(terms, "topic", idMap).persist(StorageLevel.MEMORY_AND_DISK());

    // multi-seed stability
    Dataset<Row> stability = null;
    if (c.seeds() > 1) {
      List<Dataset<Row>> runs = new ArrayList<>();
      runs.add(stableTerms);
      for (int r = 1; r < c.seeds(); r++) {
        runs.add(fit(features, c, c.seed() + r).topicTerms(vocab).persist(StorageLevel.MEMORY_AND_DISK()));
      }
      TopicStability.Result st = TopicStability.stability(runs, TopicStability.Options.defaults());
      stability = st.topics().select(col("topic"), col("recurrence").as("stability"));
      LOG.info("topics: {} seeds, mean recurrence {}, stable in all {}", c.seeds(),
          String.format("%.3f", st.summary().meanRecurrence()), String.format("%.3f", st.summary().shareStableInAll()));
    }

    Descriptor d = new Descriptor(FORMAT_VERSION, modelId, c.engine(), c.k(), c.iterations(), Instant.now().toString(),
        runId, VersionProvider.version(), ids, prev == null ? null : prev.modelId(), maxEver);
    save(spark, model, textModel, stableTerms, d, modelPath);

    // diagnostics on this batch
    TopicDiagnostics.Result diag = TopicDiagnostics.evaluate(stableTerms, docs.select(col("doc_id"),
        col(TextStages.TERMS)), TopicDiagnostics.Options.defaults().withTopN(c.topTerms()));
    TopicDiagnostics.Summary s = diag.summary();
    LOG.info("topics: mean NPMI {}, mean UMass {}, diversity {}", String.format("%.3f", s.meanNpmi()),
        String.format("%.3f", s.meanUmass()), String.format("%.3f", s.diversity()));
    Dataset<Row> weights = stableTerms
        .withColumn("r", row_number().over(Window.partitionBy("topic").orderBy(col("weight").desc(), col("term"))))
        .where(col("r").leq(c.topTerms()))
        .groupBy("topic").agg(sort_array(
            collect_list(struct(col("r"), col("weight")))).as("tw"))
        .select(col("topic"), transform(col("tw"), x -> x.getField("weight")).as("top_weights"));
    Map<Integer, Integer> indexOf = new HashMap<>();
    idMap.forEach((index, id) -> indexOf.put(id, index));
    List<Row> idx = new ArrayList<>();
    indexOf.forEach((id, index) -> idx.add(RowFactory.create(id, index)));
    Dataset<Row> index = spark.createDataFrame(idx, new StructType().add("topic", DataTypes.IntegerType)
        .add("topic_index", DataTypes.IntegerType));
    Dataset<Row> topics = diag.topics().join(weights, "topic").join(index, "topic");
    topics = stability == null ? topics.withColumn("stability", lit(null).cast("double"))
        : topics.join(stability, new String[] {"topic"}, "left");
    topics = topics.withColumnRenamed("topic", "topic_id")
        .withColumn("run_id", lit(runId))
        .withColumn("engine", lit(c.engine()))
        .withColumn("k", lit(c.k()))
        .withColumn("iterations", lit(c.iterations()))
        .withColumn("fit_seconds", lit(fitSeconds))
        .withColumn("model_mean_npmi", lit(s.meanNpmi()))
        .withColumn("model_mean_umass", lit(s.meanUmass()))
        .withColumn("model_diversity", lit(s.diversity()))
        .withColumn("model_path", lit(modelPath))
        .withColumn("model_id", lit(modelId));
    Dataset<Row> lineageDf = spark.createDataFrame(lineage, new StructType()
        .add("run_id", DataTypes.StringType).add("topic_id", DataTypes.IntegerType)
        .add("previous_model_id", DataTypes.StringType).add("previous_topic_id", DataTypes.IntegerType)
        .add("event", DataTypes.StringType).add("cosine", DataTypes.DoubleType).add("model_id", DataTypes.StringType));
    Dataset<Row> dt = stableDocTopics(model, features, ids, c.minDocWeight());
    return new Outcome(modelId, modelPath, true, model, d, dt, topics, lineageDf, fitSeconds);
  }

  /** Term indices the Gibbs initialisation and warm start look at ({@link GibbsLda#initTerms()}). */
  static final int GIBBS_INIT_TERMS = 4096;

  /** Fits the configured engine with the given seed. */
  static FittedTopics fit(Dataset<Row> features, JobConfig.TopicsConfig c, long seed) {
    return fit(features, c, seed, null);
  }

  /** Fits the configured engine with the given seed; a Gibbs fit starts from {@code warm} when it is not null. */
  static FittedTopics fit(Dataset<Row> features, JobConfig.TopicsConfig c, long seed, double[][] warm) {
    return switch (c.engine()) {
      case "gibbs" -> new GibbsLda().setFeaturesCol(TextStages.TF).setK(c.k()).setMaxIter(c.iterations())
          .setAlpha(c.alphaSum() / c.k()).setBeta(c.beta()).setOptimizeInterval(c.optimizeInterval())
          .setBurnIn(Math.min(c.burnIn(), Math.max(0, c.iterations() - 1))).setSeed(seed)
          .setInitMode(c.init()).setInitTerms(GIBBS_INIT_TERMS).setLocalMaxTokens(c.localMaxTokens())
          .setInitialTopics(warm).fit(features);
      case "online" -> OnlineLdaTopics.fit(
          OnlineLdaTopics.estimator(TextStages.TF, c.k(), c.iterations(), c.subsamplingRate(), seed), features);
      default -> throw new ConfigException("topics.engine: unknown engine '" + c.engine() + "'; use gibbs or online");
    };
  }

  /**
   * Warm-start profiles from a previous model's {@code topic_terms} ({@code topic} = stable id, {@code term}, {@code
   * weight}): row t is the previous topic of index t ({@code previousIds[t]}), over the current vocabulary's first
   * {@code n} terms, matched by term. Only K × n weights reach the driver.
   */
  static double[][] warmStart(Dataset<Row> previousTerms, int[] previousIds, String[] vocab, int n) {
    SparkSession spark = previousTerms.sparkSession();
    int m = Math.min(n, vocab.length);
    List<Row> index = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      index.add(RowFactory.create(vocab[i], i));
    }
    Dataset<Row> terms = spark.createDataFrame(index, new StructType().add("term", DataTypes.StringType)
        .add("idx", DataTypes.IntegerType));
    Map<Integer, Integer> row = new HashMap<>();
    for (int t = 0; t < previousIds.length; t++) {
      row.put(previousIds[t], t);
    }
    double[][] out = new double[previousIds.length][m];
    for (Row r : previousTerms.join(org.apache.spark.sql.functions.broadcast(terms), "term")
        .select(col("topic"), col("idx"), col("weight")).collectAsList()) {
      Integer t = row.get(r.getInt(0));
      if (t != null) {
        out[t][r.getInt(1)] = r.getDouble(2);
      }
    }
    return out;
  }

  /** Long doc-topic rows with stable ids: {@code doc_id}, {@code topic_id}, {@code weight}. */
  static Dataset<Row> stableDocTopics(FittedTopics model, Dataset<Row> features, int[] ids, double minWeight) {
    Map<Integer, Integer> m = new HashMap<>();
    for (int t = 0; t < ids.length; t++) {
      m.put(t, ids[t]);
    }
    return TopicAlignment.relabel(model.docTopics(features, "doc_id", minWeight), "topic", m)
        .withColumnRenamed("topic", "topic_id");
  }

  /**
   * {@code topic_trends} for one model from its {@code doc_topics} rows ({@code doc_id}, {@code story_id},
   * {@code outlet}, {@code dt}, {@code topic_id}, {@code weight}): per grain, period, topic and outlet (plus
   * {@value #ALL_OUTLETS}), the documents with the topic ({@code n_docs}, and as in the other trend tables
   * {@code n_articles}, {@code n_stories} = distinct story clusters, {@code n_outlets}), the summed weight, the
   * documents of the period and outlet slice ({@code period_docs} = {@code period_articles}) and the share of coverage
   * (summed weight / documents in the slice). {@code evidence}: the {@code evidence} documents with the highest weight
   * of the topic in the row's slice ({@link org.demarche.output.Types#TOPIC_EVIDENCE}), titles from {@code titles}
   * ({@code doc_id}, {@code title}). {@code top_words} (all-outlet rows only): the topic's top
   * {@value #DRIFT_CANDIDATES} words re-ranked by their weighted use in the period ({@code Σ_d θ_dt · n_dw}), top
   * {@value #DRIFT_TOP}, from {@code docTerms} ({@code doc_id}, {@code terms}); null for periods with no documents
   * in {@code docTerms}.
   */
  public static Dataset<Row> trends(Dataset<Row> docTopics, Dataset<Row> docTerms, Dataset<Row> stableTerms,
      Dataset<Row> titles, List<String> grains, int evidence) {
    // Each document-topic row, with its title and the counts of its topic's drift candidates among the document's
    // terms, fanned out to every grain, then one walk per (grain, period): every outlet slice and topic of the period
    // is rolled up there. One shuffle for the roll-up instead of one per aggregate, join and window (22 Spark jobs on
    // the bundled sample before, each a fixed cost).
    Map<Integer, java.util.Set<String>> candidates = new HashMap<>();
    for (Row r : stableTerms
        .withColumn("r", row_number().over(Window.partitionBy("topic").orderBy(col("weight").desc(), col("term"))))
        .where(col("r").leq(DRIFT_CANDIDATES)).select(col("topic"), col("term")).collectAsList()) {
      candidates.computeIfAbsent(r.getInt(0), k -> new java.util.HashSet<>()).add(r.getString(1));
    }
    // the document's terms that are drift candidates of the row's topic, each as often as it occurs, sorted
    org.apache.spark.sql.api.java.UDF2<Integer, scala.collection.Seq<String>, scala.collection.Seq<String>> drift =
        (topic, terms) -> {
          List<String> m = new ArrayList<>();
          java.util.Set<String> want = topic == null ? null : candidates.get(topic);
          if (want != null && terms != null) {
            scala.collection.Iterator<String> it = terms.iterator();
            while (it.hasNext()) {
              String t = it.next();
              if (t != null && want.contains(t)) {
                m.add(t);
              }
            }
          }
          java.util.Collections.sort(m);
          return m.isEmpty() ? null : org.demarche.ml.ScalaInterop.seq(m);
        };
    Dataset<Row> titleOf = titles.select(col("doc_id"), col("title")).dropDuplicates("doc_id");
    Dataset<Row> rows = docTopics.select(col("doc_id"), col("story_id"), col("outlet"), col("dt"), col("topic_id"),
            col("weight"))
        .join(titleOf, new String[] {"doc_id"}, "left")
        .join(docTerms.select(col("doc_id"), col(TextStages.TERMS)), new String[] {"doc_id"}, "left")
        .withColumn("drift", org.apache.spark.sql.functions.udf(drift, DataTypes.createArrayType(DataTypes.StringType))
            .apply(col("topic_id"), col(TextStages.TERMS)));
    StructType out = new StructType().add("grain", DataTypes.StringType, false)
        .add("period_start", DataTypes.DateType, false).add("outlet", DataTypes.StringType, false)
        .add("topic_id", DataTypes.IntegerType, false).add("n_docs", DataTypes.LongType, false)
        .add("weight_sum", DataTypes.DoubleType, false).add("n_articles", DataTypes.LongType, false)
        .add("n_stories", DataTypes.LongType, false).add("n_outlets", DataTypes.LongType, false)
        .add("period_docs", DataTypes.LongType, false).add("period_articles", DataTypes.LongType, false)
        .add("share", DataTypes.DoubleType, false)
        .add("top_words", DataTypes.createArrayType(DataTypes.StringType), true)
        .add("evidence", org.demarche.output.Types.TOPIC_EVIDENCE, true);
    return PeriodWalk.walk(PeriodWalk.byPeriod(rows, grains, "dt", "topic_id", "weight", "title", "drift"),
        new TopicWalk(evidence), out);
  }

  /**
   * The {@code topic_trends} rows of one (grain, period); own columns: dt, topic_id, weight, title, drift (the
   * document's terms that are candidates of the topic, repeated as they occur, or null).
   */
  private static final class TopicWalk extends PeriodWalk<Integer, TopicWalk.Cell> {
    private static final int DT = OWN;
    private static final int TOPIC = OWN + 1;
    private static final int WEIGHT = OWN + 2;
    private static final int TITLE = OWN + 3;
    private static final int DRIFT = OWN + 4;
    private final int evidence;

    TopicWalk(int evidence) {
      super(false, Cell::new);
      this.evidence = evidence;
    }

    /** The rows of one (outlet slice, topic). */
    static final class Cell extends Volume {
      final List<Row> rows = new ArrayList<>();
    }

    @Override
    protected void add(Row r, Doc d, java.util.function.Function<Integer, Cell> cell) {
      Cell c = cell.apply(r.getInt(TOPIC));
      c.count(d);
      c.rows.add(r);
    }

    @Override
    protected void emit(String grain, java.sql.Date period, String slice, long periodDocs, Integer topic, Cell c,
        List<Row> out) {
      List<Row> rs = c.rows;
      // by weight, highest first (ties by doc_id): the evidence order, and a fixed order for the sum
      rs.sort((x, y) -> {
        int k = Double.compare(y.getDouble(WEIGHT), x.getDouble(WEIGHT));
        return k != 0 ? k : x.getString(2).compareTo(y.getString(2));
      });
      double weightSum = 0;
      Map<String, Double> use = slice.equals(ALL_OUTLETS) ? new HashMap<>() : null;
      for (Row r : rs) {
        weightSum += r.getDouble(WEIGHT);
        if (use != null && !r.isNullAt(DRIFT)) {
          for (Object term : r.getList(DRIFT)) {
            use.merge((String) term, r.getDouble(WEIGHT), Double::sum);
          }
        }
      }
      List<String> topWords = null;
      if (use != null && !use.isEmpty()) {
        topWords = use.entrySet().stream()
            .sorted((x, y) -> {
              int k = Double.compare(y.getValue(), x.getValue());
              return k != 0 ? k : x.getKey().compareTo(y.getKey());
            })
            .limit(DRIFT_TOP).map(Map.Entry::getKey).toList();
      }
      List<Row> ev = null;
      if (evidence > 0) {
        ev = new ArrayList<>();
        for (Row r : rs.subList(0, Math.min(evidence, rs.size()))) {
          ev.add(RowFactory.create(r.getString(2), r.getDouble(WEIGHT), r.isNullAt(4) ? null : r.getString(4),
              r.isNullAt(TITLE) ? null : r.getString(TITLE), r.isNullAt(DT) ? null : r.getDate(DT)));
        }
      }
      out.add(RowFactory.create(grain, period, slice, topic, (long) rs.size(), weightSum, (long) c.docs.size(),
          (long) c.stories.size(), (long) c.outlets.size(), periodDocs, periodDocs, weightSum / periodDocs,
          topWords == null ? null : org.demarche.ml.ScalaInterop.seq(topWords),
          ev == null ? null : org.demarche.ml.ScalaInterop.seq(ev)));
    }
  }

  /**
   * Writes the topic tables of one outcome, the same way for {@code demarche run} and {@code demarche topics}:
   * {@code topics} and {@code topic_lineage} (fitted models; each replaces its {@code model_id} partition),
   * {@code doc_topics} (the rows of the {@code owned} documents replaced, in whatever partition they lie; other
   * documents' rows kept; {@code owned} null means the scored documents) and
   * {@code topic_trends} (replaces its {@code model_id} partition), recomputed over every {@code doc_topics} row on
   * storage with the model's id. {@code docMeta}: {@code doc_id}, {@code story_id}, {@code outlet}, {@code dt} of the
   * scored documents; {@code docTerms}: {@code doc_id}, {@code terms} (for word drift). Titles for the evidence come
   * from the {@code articles} table on storage, which must be written first.
   */
  public static void write(SparkSession spark, Outcome t, Dataset<Row> docMeta, Dataset<Row> docTerms, String out,
      String runId, JobConfig.TopicsConfig c, int evidence, Dataset<Row> owned) {
    if (t.fitted()) {
      OutputTables.TOPICS.writePartition(t.topics(), out, t.modelId(), "topic_id");
      OutputTables.TOPIC_LINEAGE.writePartition(t.lineage(), out, t.modelId(), "event");
    }
    Dataset<Row> docTopics = t.docTopics()
        .join(docMeta.select(col("doc_id"), col("story_id"), col("outlet"), col("dt")), "doc_id")
        .withColumn("run_id", lit(runId))
        .withColumn("model_id", lit(t.modelId()));
    org.demarche.output.KeyedReplace.replace(OutputTables.DOC_TOPICS, docTopics,
        owned != null ? owned : docMeta.select("doc_id"), "doc_id", out, runId, "doc_id");
    // trends over every batch this model has scored: the doc_topics rows on storage with its model_id
    Dataset<Row> stored = spark.read().parquet(OutputTables.DOC_TOPICS.path(out))
        .where(col("model_id").equalTo(t.modelId()));
    Dataset<Row> stableTerms = spark.read().parquet(t.modelPath() + "/topic_terms");
    Dataset<Row> articles = spark.read().schema(OutputTables.ARTICLES.schema())
        .parquet(OutputTables.ARTICLES.path(out));
    Dataset<Row> titles = articles.select("doc_id", "title");
    // A batch scored with a saved model changes only the periods of its documents' dates: those are recomputed from
    // all the model's doc_topics rows of the months they overlap, and the model's other trend rows stay as written
    // (with the top words their own batches gave them).
    List<Row> periods = owned != null && !t.fitted() && java.util.Arrays.asList(owned.columns()).contains("dt")
        && canUpdateTrends(spark, out, t.modelId(), c.trendGrains())
        ? org.demarche.trends.TrendRunner.touchedPeriods(owned.select("dt"), c.trendGrains()) : null;
    if (periods != null) {
      Object[] months = org.demarche.trends.TrendRunner.monthsCovering(periods).toArray();
      Dataset<Row> scope = org.apache.spark.sql.functions.broadcast(
          spark.createDataFrame(periods, org.demarche.trends.TrendRunner.PERIODS));
      Column inMonths = org.apache.spark.sql.functions.trunc(col("dt"), "month").isin(months);
      Dataset<Row> fresh = trends(stored.where(inMonths), docTerms, stableTerms,
          articles.where(inMonths).select("doc_id", "title"), c.trendGrains(), evidence)
          .join(scope, new String[] {"grain", "period_start"}, "left_semi")
          .withColumn("run_id", lit(runId))
          .withColumn("model_id", lit(t.modelId()));
      OutputTables.TOPIC_TRENDS.replacePartitionPeriods(fresh, scope, out, t.modelId(), runId, "period_start");
      LOG.info("topic_trends: {} touched periods of model {} recomputed", periods.size(), t.modelId());
      return;
    }
    Dataset<Row> trends = trends(stored, docTerms, stableTerms, titles, c.trendGrains(), evidence)
        .withColumn("run_id", lit(runId))
        .withColumn("model_id", lit(t.modelId()));
    OutputTables.TOPIC_TRENDS.writePartition(trends, out, t.modelId(), "period_start");
  }

  /**
   * Whether the model's stored {@code topic_trends} rows can be updated by period: its partition exists, holds every
   * column of this version and exactly the configured grains.
   */
  private static boolean canUpdateTrends(SparkSession spark, String out, String modelId, List<String> grains) {
    String dir = OutputTables.TOPIC_TRENDS.path(out) + "/model_id=" + modelId;
    if (!OutputTables.exists(spark, dir)) {
      return false;
    }
    if (!OutputTables.TOPIC_TRENDS.storedHasAllColumns(spark, dir)) {
      return false;
    }
    java.util.Set<String> storedGrains = new java.util.TreeSet<>();
    spark.read().parquet(dir).select("grain").distinct().collectAsList().forEach(r -> storedGrains.add(r.getString(0)));
    return storedGrains.equals(new java.util.TreeSet<>(grains));
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static String summarize(List<TopicAlignment.Lineage> rows) {
    Map<String, Integer> n = new java.util.TreeMap<>();
    rows.forEach(r -> n.merge(r.event(), 1, Integer::sum));
    return n.toString();
  }

  private static FittedTopics loadModel(Descriptor d, String path) {
    return switch (d.engine()) {
      case "gibbs" -> GibbsLdaModel.load(path + "/model");
      case "online" -> new OnlineLdaTopics(LocalLDAModel.load(path + "/model"));
      default -> throw new ConfigException("topics.model " + path + ": unknown engine '" + d.engine() + "'");
    };
  }

  private static void save(SparkSession spark, FittedTopics model, PipelineModel textModel, Dataset<Row> stableTerms,
      Descriptor d, String path) {
    try {
      textModel.write().overwrite().save(path + "/text");
      if (model instanceof GibbsLdaModel g) {
        g.write().overwrite().save(path + "/model");
      } else if (model instanceof OnlineLdaTopics o) {
        o.model().write().overwrite().save(path + "/model");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    stableTerms.select("topic", "term", "weight", "count").coalesce(1).write()
        .mode(org.apache.spark.sql.SaveMode.Overwrite).parquet(path + "/topic_terms");
    ObjectNode root = OM.createObjectNode();
    root.put("format_version", d.formatVersion());
    root.put("model_id", d.modelId());
    root.put("engine", d.engine());
    root.put("k", d.k());
    root.put("iterations", d.iterations());
    root.put("created_at", d.createdAt());
    root.put("run_id", d.runId());
    root.put("demarche_version", d.demarcheVersion());
    ArrayNode ids = root.putArray("topic_ids");
    for (int id : d.topicIds()) {
      ids.add(id);
    }
    root.put("previous_model_id", d.previousModelId());
    root.put("max_topic_id_ever", d.maxTopicIdEver());
    Path p = new Path(path, DESCRIPTOR);
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream os = fs.create(p, true)) {
        os.write(OM.writerWithDefaultPrettyPrinter().writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads {@code demarche-model.json}; a missing or newer-format descriptor is a config error naming the path. */
  public static Descriptor readDescriptor(SparkSession spark, String path) {
    Path p = new Path(path, DESCRIPTOR);
    JsonNode n;
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        throw new ConfigException("topics.model " + path + ": no " + DESCRIPTOR + " there; give a folder under "
            + "<output>/" + MODELS_DIR + "/ written by a demarche run");
      }
      try (InputStream in = fs.open(p)) {
        n = OM.readTree(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int version = n.path("format_version").asInt(-1);
    if (version < 1 || version > FORMAT_VERSION) {
      throw new ConfigException("topics.model " + path + ": format_version " + version + " is not supported by "
          + "this demarche (reads 1.." + FORMAT_VERSION + "); refit or upgrade demarche");
    }
    int[] ids = new int[n.path("topic_ids").size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = n.path("topic_ids").get(i).asInt();
    }
    return new Descriptor(version, n.path("model_id").asText(), n.path("engine").asText(), n.path("k").asInt(),
        n.path("iterations").asInt(), n.path("created_at").asText(), n.path("run_id").asText(),
        n.path("demarche_version").asText(), ids,
        n.path("previous_model_id").isNull() ? null : n.path("previous_model_id").asText(null),
        n.path("max_topic_id_ever").asInt(ids.length - 1));
  }

  /** The model to align to: {@code none}, an explicit path, or (auto) the newest other model under the output. */
  static String previousModel(SparkSession spark, JobConfig.TopicsConfig c, String outputRoot, String modelId) {
    if (c.previousModel().equals("none")) {
      return null;
    }
    if (!c.previousModel().equals("auto")) {
      readDescriptor(spark, c.previousModel());
      return c.previousModel();
    }
    return newest(spark, outputRoot, d -> !d.modelId().equals(modelId));
  }

  /**
   * The newest model under the output folder not fitted by run {@code runId}: the one a new batch applies (a rerun of
   * the batch that fitted it fits again, the same model). Null when there is none.
   */
  public static String modelToApply(SparkSession spark, String outputRoot, String runId) {
    String best = newest(spark, outputRoot, d -> true);
    return best == null || readDescriptor(spark, best).runId().equals(runId) ? null : best;
  }

  /** The path of the newest (by {@code created_at}) model under the output folder that {@code keep} accepts. */
  private static String newest(SparkSession spark, String outputRoot, java.util.function.Predicate<Descriptor> keep) {
    Path root = new Path(modelsRoot(outputRoot));
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        return null;
      }
      String best = null;
      String bestCreated = "";
      for (FileStatus st : fs.listStatus(root)) {
        if (!st.isDirectory() || !fs.exists(new Path(st.getPath(), DESCRIPTOR))) {
          continue;
        }
        Descriptor d = readDescriptor(spark, st.getPath().toString());
        if (keep.test(d) && d.createdAt().compareTo(bestCreated) > 0) {
          bestCreated = d.createdAt();
          best = st.getPath().toString();
        }
      }
      return best;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
