package org.demarche.topics;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.demarche.ml.Schemas;
import org.demarche.topics.gibbs.AdLda;
import org.demarche.topics.gibbs.InitialTopics;

/**
 * LDA by collapsed Gibbs sampling, distributed as AD-LDA with the SparseLDA sampler and MALLET-style hyperparameter
 * optimisation; see {@link AdLda} for the data flow and {@link org.demarche.topics.gibbs.SparseSampler} for the
 * sampler. Fits a {@link GibbsLdaModel}.
 *
 * <p>Input: {@code featuresCol}, a vector of term counts ({@code CountVectorizer} output; counts are rounded to
 * integers, null vectors are empty documents).
 *
 * <p>Params:
 *
 * <ul>
 *   <li>{@code featuresCol} (string): default {@code tf}.
 *   <li>{@code topicDistributionCol} (string): the model's output column. Default {@code topic_distribution}.
 *   <li>{@code k} (int, ≥ 1): topics. Default 50.
 *   <li>{@code maxIter} (int, ≥ 0): Gibbs sweeps. Default 200.
 *   <li>{@code alpha} (double, ≥ 0): initial symmetric α per topic; 0 means MALLET's default α₀ = 5, i.e. 5/k.
 *       Default 0.
 *   <li>{@code beta} (double, &gt; 0): initial symmetric β. Default 0.01.
 *   <li>{@code optimizeInterval} (int, ≥ 0): re-estimate the asymmetric α and β every this many iterations after
 *       {@code burnIn}; 0 = never. Default 10.
 *   <li>{@code burnIn} (int, ≥ 0): iterations before the first optimisation. Default 50.
 *   <li>{@code seed} (long): default the hash of the class name, as Spark's {@code HasSeed}.
 *   <li>{@code numPartitions} (int, ≥ 0): document partitions (and word blocks); 0 keeps the input's. Default 0.
 *   <li>{@code localMaxTokens} (long, ≥ 0): a fit with at most this many tokens sends all partitions' tokens to one
 *       task, which runs every sweep itself (the same partitions, seeds and merges, so the same result as the
 *       distributed loop) with no Spark job per sweep; 0 = always distributed. Default 1,000,000.
 *   <li>{@code checkpointInterval} (int, ≥ 0): checkpoint the state every this many iterations (to the SparkContext's
 *       checkpoint directory when one is set, so a lost executor does not lose it; else {@code localCheckpoint}) to cut
 *       the lineage; 0 = never. Default 10.
 *   <li>{@code logInterval} (int, ≥ 0): log (INFO) the log-likelihood every this many iterations; 0 = never.
 *       Default 10.
 *   <li>{@code initMode} (string): the tokens' starting topics. {@code clusters} (default): deterministic, from
 *       spherical k-means (cosine, k clusters, a fixed seed of its own) over the documents' tf-idf vectors restricted
 *       to the first {@code initTerms} term indices, see {@link InitialTopics}; the fit's {@code seed} then drives
 *       only the sampling, so different seeds start from the same topics. {@code random}: uniformly at random from
 *       {@code seed}, as MALLET does.
 *   <li>{@code initTerms} (int, ≥ 1): term indices the initialisation looks at; with {@code CountVectorizer}
 *       features these are the most frequent terms. Default 4096.
 * </ul>
 *
 * <p>{@link #setInitialTopics} (not a Param, not saved) warm-starts one fit from given topic profiles instead, e.g.
 * a previous model's topic-word weights when refitting on a grown corpus; topic t then starts as profile t.
 *
 * More partitions than cores only add staleness (each partition samples against counts one iteration old) and
 * shuffle volume: use as many as there are cores.
 */
public class GibbsLda extends Estimator<GibbsLdaModel> implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  /** MALLET's default α₀ (sum over topics) when {@code alpha} is 0. */
  public static final double DEFAULT_ALPHA_SUM = 5.0;
  /** Default {@code localMaxTokens}: below this, per-sweep scheduling costs more than a second core saves. */
  public static final long DEFAULT_LOCAL_MAX_TOKENS = 1_000_000L;

  private final String uid;
  private final Param<String> featuresCol;
  private final Param<String> topicDistributionCol;
  private final IntParam k;
  private final IntParam maxIter;
  private final DoubleParam alpha;
  private final DoubleParam beta;
  private final IntParam optimizeInterval;
  private final IntParam burnIn;
  private final LongParam seed;
  private final IntParam numPartitions;
  private final IntParam checkpointInterval;
  private final LongParam localMaxTokens;
  private final IntParam logInterval;
  private final Param<String> initMode;
  private final IntParam initTerms;
  /** Warm-start profiles for the next fit (K × initTerms), or null. */
  private transient double[][] initialTopics;
  /** The fixed seed of the k-means initialisation: the same data give the same start whatever {@code seed} is. */
  static final long INIT_SEED = 20130507L;

  public GibbsLda() {
    this(Identifiable.randomUID("gibbsLda"));
  }

  public GibbsLda(String uid) {
    this.uid = uid;
    featuresCol = featuresColParam(this);
    topicDistributionCol = topicDistributionColParam(this);
    seed = seedParam(this);
    k = new IntParam(this, "k", "number of topics (>= 1)", ParamValidators.gtEq(1));
    maxIter = new IntParam(this, "maxIter", "Gibbs sweeps (>= 0)", ParamValidators.gtEq(0));
    alpha = new DoubleParam(this, "alpha", "initial symmetric alpha per topic (>= 0; 0 = 5 / k)",
        ParamValidators.gtEq(0));
    beta = new DoubleParam(this, "beta", "initial symmetric beta (> 0)", ParamValidators.gt(0));
    optimizeInterval = new IntParam(this, "optimizeInterval",
        "optimise alpha and beta every this many iterations after burnIn (>= 0; 0 = off)", ParamValidators.gtEq(0));
    burnIn = new IntParam(this, "burnIn", "iterations before hyperparameter optimisation starts (>= 0)",
        ParamValidators.gtEq(0));
    numPartitions = new IntParam(this, "numPartitions", "document partitions (>= 0; 0 = keep the input's)",
        ParamValidators.gtEq(0));
    localMaxTokens = new LongParam(this, "localMaxTokens",
        "a fit with at most this many tokens runs all its sweeps in one task, with no Spark job per sweep (>= 0)",
        ParamValidators.gtEq(0));
    checkpointInterval = new IntParam(this, "checkpointInterval",
        "checkpoint the state every this many iterations, to the checkpoint directory when set, else locally "
            + "(>= 0; 0 = never)", ParamValidators.gtEq(0));
    logInterval = new IntParam(this, "logInterval", "log the log-likelihood every this many iterations (>= 0)",
        ParamValidators.gtEq(0));
    initMode = new Param<>(this, "initMode", "starting topics: clusters (deterministic k-means) or random",
        ParamValidators.inArray(new String[] {"clusters", "random"}));
    initTerms = new IntParam(this, "initTerms", "term indices the clusters initialisation uses (>= 1)",
        ParamValidators.gtEq(1));
    setDefault(initMode, "clusters");
    setDefault(initTerms, 4096);
    setDefault(featuresCol, "tf");
    setDefault(topicDistributionCol, "topic_distribution");
    setDefault(seed, (long) GibbsLda.class.getName().hashCode());
    setDefault(k, 50);
    setDefault(maxIter, 200);
    setDefault(alpha, 0.0);
    setDefault(beta, 0.01);
    setDefault(optimizeInterval, 10);
    setDefault(burnIn, 50);
    setDefault(numPartitions, 0);
    setDefault(checkpointInterval, 10);
    setDefault(localMaxTokens, DEFAULT_LOCAL_MAX_TOKENS);
    setDefault(logInterval, 10);
  }

  static Param<String> featuresColParam(org.apache.spark.ml.param.Params owner) {
    return new Param<>(owner, "featuresCol", "term-count vector column");
  }

  static Param<String> topicDistributionColParam(org.apache.spark.ml.param.Params owner) {
    return new Param<>(owner, "topicDistributionCol", "output column: topic proportions (vector, sums to 1)");
  }

  static LongParam seedParam(org.apache.spark.ml.param.Params owner) {
    return new LongParam(owner, "seed", "random seed");
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> featuresCol() {
    return featuresCol;
  }

  public String getFeaturesCol() {
    return $(featuresCol);
  }

  public GibbsLda setFeaturesCol(String value) {
    set(featuresCol, value);
    return this;
  }

  public Param<String> topicDistributionCol() {
    return topicDistributionCol;
  }

  public String getTopicDistributionCol() {
    return $(topicDistributionCol);
  }

  public GibbsLda setTopicDistributionCol(String value) {
    set(topicDistributionCol, value);
    return this;
  }

  public IntParam k() {
    return k;
  }

  public int getK() {
    return (Integer) $(k);
  }

  public GibbsLda setK(int value) {
    set(k, value);
    return this;
  }

  public IntParam maxIter() {
    return maxIter;
  }

  public int getMaxIter() {
    return (Integer) $(maxIter);
  }

  public GibbsLda setMaxIter(int value) {
    set(maxIter, value);
    return this;
  }

  public DoubleParam alpha() {
    return alpha;
  }

  public double getAlpha() {
    return (Double) $(alpha);
  }

  public GibbsLda setAlpha(double value) {
    set(alpha, value);
    return this;
  }

  /** The initial α per topic actually used: {@code alpha}, or 5 / k when it is 0. */
  public double effectiveAlpha() {
    return getAlpha() > 0 ? getAlpha() : DEFAULT_ALPHA_SUM / getK();
  }

  public DoubleParam beta() {
    return beta;
  }

  public double getBeta() {
    return (Double) $(beta);
  }

  public GibbsLda setBeta(double value) {
    set(beta, value);
    return this;
  }

  public IntParam optimizeInterval() {
    return optimizeInterval;
  }

  public int getOptimizeInterval() {
    return (Integer) $(optimizeInterval);
  }

  public GibbsLda setOptimizeInterval(int value) {
    set(optimizeInterval, value);
    return this;
  }

  public IntParam burnIn() {
    return burnIn;
  }

  public int getBurnIn() {
    return (Integer) $(burnIn);
  }

  public GibbsLda setBurnIn(int value) {
    set(burnIn, value);
    return this;
  }

  public LongParam seed() {
    return seed;
  }

  public long getSeed() {
    return (Long) $(seed);
  }

  public GibbsLda setSeed(long value) {
    set(seed, value);
    return this;
  }

  public IntParam numPartitions() {
    return numPartitions;
  }

  public int getNumPartitions() {
    return (Integer) $(numPartitions);
  }

  public GibbsLda setNumPartitions(int value) {
    set(numPartitions, value);
    return this;
  }

  public LongParam localMaxTokens() {
    return localMaxTokens;
  }

  public long getLocalMaxTokens() {
    return (Long) $(localMaxTokens);
  }

  public GibbsLda setLocalMaxTokens(long value) {
    set(localMaxTokens, value);
    return this;
  }

  public IntParam checkpointInterval() {
    return checkpointInterval;
  }

  public int getCheckpointInterval() {
    return (Integer) $(checkpointInterval);
  }

  public GibbsLda setCheckpointInterval(int value) {
    set(checkpointInterval, value);
    return this;
  }

  public IntParam logInterval() {
    return logInterval;
  }

  public int getLogInterval() {
    return (Integer) $(logInterval);
  }

  public GibbsLda setLogInterval(int value) {
    set(logInterval, value);
    return this;
  }

  public Param<String> initMode() {
    return initMode;
  }

  public String getInitMode() {
    return $(initMode);
  }

  public GibbsLda setInitMode(String value) {
    set(initMode, value);
    return this;
  }

  public IntParam initTerms() {
    return initTerms;
  }

  public int getInitTerms() {
    return (Integer) $(initTerms);
  }

  public GibbsLda setInitTerms(int value) {
    set(initTerms, value);
    return this;
  }

  /**
   * Warm-starts the next fits from {@code profiles}: row t (non-negative weights over the first {@code initTerms}
   * term indices; shorter rows are padded with zeros) is topic t's starting profile. Null goes back to {@code
   * initMode}. Not a Param: it is not saved with the estimator.
   */
  public GibbsLda setInitialTopics(double[][] profiles) {
    this.initialTopics = profiles == null ? null : profiles.clone();
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Schemas.checkColumnType(schema, "featuresCol", getFeaturesCol(), SQLDataTypes.VectorType());
    return Schemas.appendColumn(schema, "topicDistributionCol", getTopicDistributionCol(), SQLDataTypes.VectorType());
  }

  @Override
  public GibbsLdaModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    long t0 = System.nanoTime();
    JavaRDD<Vector> vectors = dataset.select(col(getFeaturesCol())).javaRDD()
        .map(r -> r.isNullAt(0) ? null : (Vector) r.get(0));
    if (getNumPartitions() > 0 && getNumPartitions() != vectors.getNumPartitions()) {
      vectors = vectors.repartition(getNumPartitions());
    }
    InitialTopics start = initialTopics != null || getInitMode().equals("clusters")
        ? ClusterInit.initialTopics(dataset.sparkSession(), vectors, getK(), getInitTerms(), initialTopics)
        : null;
    AdLda.Result r = AdLda.train(vectors, new AdLda.Settings(getK(), getMaxIter(), effectiveAlpha(), getBeta(),
        getOptimizeInterval(), getBurnIn(), getSeed(), getCheckpointInterval(), getLogInterval(),
        getLocalMaxTokens()), start);
    GibbsLdaModel model = new GibbsLdaModel(uid, r.layout(), r.alpha(), r.beta(), r.words(), r.topicTotals());
    model.summary = new GibbsLdaModel.TrainingSummary(r.numDocs(), r.numTokens(), r.iterationSeconds(),
        r.logLikelihoodPerToken(), (System.nanoTime() - t0) / 1e9);
    copyValues(model, ParamMap.empty());
    return model.setParent(this);
  }

  @Override
  public GibbsLda copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<GibbsLda> read() {
    return new DefaultParamsReader<>();
  }

  public static GibbsLda load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "GibbsLda: uid=" + uid + ", " + paramMap().toString().replace('\n', ' ');
  }
}
