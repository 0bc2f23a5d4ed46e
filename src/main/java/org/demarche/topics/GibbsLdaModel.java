package org.demarche.topics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.demarche.ml.Schemas;
import org.demarche.topics.gibbs.AdLda;
import org.demarche.topics.gibbs.Inference;
import org.demarche.topics.gibbs.Layout;
import org.demarche.topics.gibbs.WordBlock;
import scala.Tuple2;

/**
 * A fitted Gibbs LDA model ({@link GibbsLda}): the topic-word counts n_wt (distributed: one {@link WordBlock} per
 * partition, cached on the executors), the topic totals n_t, the learned asymmetric α (K values) and β.
 *
 * <p>{@link #transform} appends {@code topicDistributionCol} (a dense vector of K proportions summing to one) by
 * {@link Inference}: {@code inferenceIter} Gibbs sweeps per document against the fixed counts, averaged after
 * {@code inferenceBurnIn}; deterministic given {@code seed} and the document's term counts. The counts reach the
 * executors without passing through the driver: the word blocks are replicated to every partition of the input by a
 * shuffle and zipped with it. The shuffle volume is (input partitions) × (non-zero counts), so score a large corpus in
 * about as many partitions as there are cores.
 *
 * <p>Persistence: {@code path/metadata} is Spark's params JSON plus {@code format_version} ({@value #FORMAT_VERSION}),
 * {@code num_topics}, {@code vocab_size}, {@code beta} and {@code alpha} (K values); {@code path/data} is Parquet in
 * long format ({@code topic} int, {@code term_index} int, {@code count} long, non-zero counts only), written by the
 * executors.
 *
 * <p>Params: {@code featuresCol} (default {@code tf}), {@code topicDistributionCol} (default
 * {@code topic_distribution}), {@code seed}, {@code inferenceIter} (≥ 1, default 30), {@code inferenceBurnIn} (≥ 0,
 * default 10).
 */
public class GibbsLdaModel extends Model<GibbsLdaModel> implements MLWritable, FittedTopics {
  private static final long serialVersionUID = 1L;
  public static final int FORMAT_VERSION = 1;
  static final StructType COUNTS_SCHEMA = new StructType()
      .add("topic", DataTypes.IntegerType, false)
      .add("term_index", DataTypes.IntegerType, false)
      .add("count", DataTypes.LongType, false);
  static final StructType TERMS_SCHEMA = new StructType()
      .add("topic", DataTypes.IntegerType, false)
      .add("term", DataTypes.StringType, true)
      .add("weight", DataTypes.DoubleType, false)
      .add("count", DataTypes.DoubleType, false);

  private final String uid;
  private final Layout layout;
  private final double[] alpha;
  private final double beta;
  private final long[] topicTotals;
  private final transient JavaRDD<WordBlock> blocks;
  private final Param<String> featuresCol;
  private final Param<String> topicDistributionCol;
  private final LongParam seed;
  private final IntParam inferenceIter;
  private final IntParam inferenceBurnIn;
  /** Set by {@link GibbsLda#fit}; null after load. */
  transient TrainingSummary summary;

  /** Figures of the fit: documents, tokens, seconds per iteration, log-likelihood per token (every logInterval). */
  public record TrainingSummary(long numDocs, long numTokens, double[] iterationSeconds,
      double[] logLikelihoodPerToken, double fitSeconds) {}

  GibbsLdaModel(String uid, Layout layout, double[] alpha, double beta, JavaRDD<WordBlock> blocks,
      long[] topicTotals) {
    this.uid = uid;
    this.layout = layout;
    this.alpha = alpha.clone();
    this.beta = beta;
    this.blocks = blocks;
    this.topicTotals = topicTotals.clone();
    featuresCol = GibbsLda.featuresColParam(this);
    topicDistributionCol = GibbsLda.topicDistributionColParam(this);
    seed = GibbsLda.seedParam(this);
    inferenceIter = new IntParam(this, "inferenceIter", "Gibbs sweeps per document in transform (>= 1)",
        ParamValidators.gtEq(1));
    inferenceBurnIn = new IntParam(this, "inferenceBurnIn", "sweeps discarded before averaging (>= 0)",
        ParamValidators.gtEq(0));
    setDefault(featuresCol, "tf");
    setDefault(topicDistributionCol, "topic_distribution");
    setDefault(seed, (long) GibbsLda.class.getName().hashCode());
    setDefault(inferenceIter, 30);
    setDefault(inferenceBurnIn, 10);
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

  public GibbsLdaModel setFeaturesCol(String value) {
    set(featuresCol, value);
    return this;
  }

  public Param<String> topicDistributionCol() {
    return topicDistributionCol;
  }

  public String getTopicDistributionCol() {
    return $(topicDistributionCol);
  }

  public GibbsLdaModel setTopicDistributionCol(String value) {
    set(topicDistributionCol, value);
    return this;
  }

  public LongParam seed() {
    return seed;
  }

  public long getSeed() {
    return (Long) $(seed);
  }

  public GibbsLdaModel setSeed(long value) {
    set(seed, value);
    return this;
  }

  public IntParam inferenceIter() {
    return inferenceIter;
  }

  public int getInferenceIter() {
    return (Integer) $(inferenceIter);
  }

  public GibbsLdaModel setInferenceIter(int value) {
    set(inferenceIter, value);
    return this;
  }

  public IntParam inferenceBurnIn() {
    return inferenceBurnIn;
  }

  public int getInferenceBurnIn() {
    return (Integer) $(inferenceBurnIn);
  }

  public GibbsLdaModel setInferenceBurnIn(int value) {
    set(inferenceBurnIn, value);
    return this;
  }

  @Override
  public int numTopics() {
    return layout.numTopics;
  }

  public int vocabSize() {
    return layout.vocabSize;
  }

  /** The learned document-topic prior α (K values). */
  public double[] alpha() {
    return alpha.clone();
  }

  /** The learned topic-word prior β (symmetric). */
  public double beta() {
    return beta;
  }

  /** Tokens assigned to each topic. */
  public long[] topicTotals() {
    return topicTotals.clone();
  }

  /** Figures of the fit that made this model; null for a loaded model. */
  public TrainingSummary trainingSummary() {
    return summary;
  }

  /** The non-zero counts, long format: {@code topic} int, {@code term_index} int, {@code count} long. */
  public Dataset<Row> topicWordCounts() {
    final Layout l = layout;
    JavaRDD<Row> rows = blocks.flatMap(wb -> {
      List<Row> out = new ArrayList<>(wb.packed.length);
      for (int i = 0; i < wb.words.length; i++) {
        for (int j = wb.offsets[i]; j < wb.offsets[i + 1]; j++) {
          out.add(RowFactory.create(l.topic(wb.packed[j]), wb.words[i], (long) l.count(wb.packed[j])));
        }
      }
      return out.iterator();
    });
    return spark().createDataFrame(rows, COUNTS_SCHEMA);
  }

  /**
   * {@inheritDoc} Here {@code weight} = n_wt / n_t, the unsmoothed estimate, so that the emitted rows (non-zero counts
   * only) sum to one per topic; {@code count} = n_wt.
   */
  @Override
  public Dataset<Row> topicTerms(String[] vocabulary) {
    if (vocabulary.length != layout.vocabSize) {
      throw new IllegalArgumentException("vocabulary has " + vocabulary.length + " terms, the model "
          + layout.vocabSize);
    }
    final Layout l = layout;
    final long[] totals = topicTotals.clone();
    Broadcast<String[]> vocab = JavaSparkContext.fromSparkContext(spark().sparkContext()).broadcast(vocabulary);
    JavaRDD<Row> rows = blocks.flatMap(wb -> {
      String[] v = vocab.value();
      List<Row> out = new ArrayList<>(wb.packed.length);
      for (int i = 0; i < wb.words.length; i++) {
        for (int j = wb.offsets[i]; j < wb.offsets[i + 1]; j++) {
          int t = l.topic(wb.packed[j]);
          double c = l.count(wb.packed[j]);
          out.add(RowFactory.create(t, v[wb.words[i]], c / totals[t], c));
        }
      }
      return out.iterator();
    });
    return spark().createDataFrame(rows, TERMS_SCHEMA);
  }

  @Override
  public Dataset<Row> docTopics(Dataset<Row> docs, String docIdCol, double minWeight) {
    return FittedTopics.explodeDistribution(transform(docs), docIdCol, getTopicDistributionCol(), minWeight);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Schemas.checkColumnType(schema, "featuresCol", getFeaturesCol(), SQLDataTypes.VectorType());
    return Schemas.appendColumn(schema, "topicDistributionCol", getTopicDistributionCol(), SQLDataTypes.VectorType());
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    Dataset<Row> df = dataset.toDF();
    final int f = df.schema().fieldIndex(getFeaturesCol());
    JavaRDD<Row> rows = df.javaRDD();
    final int p = rows.getNumPartitions();
    if (p == 0) {
      return dataset.sparkSession().createDataFrame(new ArrayList<Row>(), out);
    }
    final Layout l = layout;
    final double[] a = alpha.clone();
    final double b = beta;
    final long s = getSeed();
    final int iters = getInferenceIter();
    final int burn = getInferenceBurnIn();
    JavaRDD<WordBlock> replicated = blocks.flatMapToPair(wb -> {
      List<Tuple2<Integer, WordBlock>> copies = new ArrayList<>(p);
      for (int q = 0; q < p; q++) {
        copies.add(new Tuple2<>(q, wb));
      }
      return copies.iterator();
    }).partitionBy(new HashPartitioner(p)).values();
    JavaRDD<Row> scored = rows.zipPartitions(replicated, (ri, bi) -> {
      Inference inf = new Inference(l, a, b, bi, s, iters, burn);
      return new Iterator<Row>() {
        @Override
        public boolean hasNext() {
          return ri.hasNext();
        }

        @Override
        public Row next() {
          Row r = ri.next();
          Object[] vals = new Object[r.size() + 1];
          for (int i = 0; i < r.size(); i++) {
            vals[i] = r.get(i);
          }
          if (!r.isNullAt(f)) {
            SparseVector v = ((Vector) r.get(f)).toSparse();
            vals[r.size()] = Vectors.dense(inf.infer(v.indices(), v.values()));
          }
          return RowFactory.create(vals);
        }
      };
    });
    return dataset.sparkSession().createDataFrame(scored, out);
  }

  /** Releases the cached counts on the executors; the model cannot be used afterwards. */
  public void unpersist() {
    blocks.unpersist(false);
  }

  private SparkSession spark() {
    return SparkSession.active();
  }

  @Override
  public GibbsLdaModel copy(ParamMap extra) {
    GibbsLdaModel m = copyValues(new GibbsLdaModel(uid, layout, alpha, beta, blocks, topicTotals), extra);
    m.summary = summary;
    return m.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  @Override
  public void save(String path) throws IOException {
    write().save(path);
  }

  public static MLReader<GibbsLdaModel> read() {
    return new Reader();
  }

  public static GibbsLdaModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "GibbsLdaModel: uid=" + uid + ", k=" + layout.numTopics + ", vocabSize=" + layout.vocabSize + ", "
        + paramMap().toString().replace('\n', ' ');
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static final class Writer extends MLWriter {
    private final GibbsLdaModel instance;

    Writer(GibbsLdaModel instance) {
      this.instance = instance;
    }

    @Override
    public void saveImpl(String path) {
      ObjectNode extra = new ObjectMapper().createObjectNode();
      extra.put("format_version", FORMAT_VERSION);
      extra.put("num_topics", instance.layout.numTopics);
      extra.put("vocab_size", instance.layout.vocabSize);
      extra.put("beta", instance.beta);
      ArrayNode a = extra.putArray("alpha");
      for (double x : instance.alpha) {
        a.add(x);
      }
      ModelMetadata.save(instance, path, sparkSession(), extra);
      instance.topicWordCounts().write().parquet(new org.apache.hadoop.fs.Path(path, "data").toString());
    }
  }

  private static final class Reader extends MLReader<GibbsLdaModel> {
    @Override
    public GibbsLdaModel load(String path) {
      DefaultParamsReader.Metadata meta =
          DefaultParamsReader.loadMetadata(path, sc(), GibbsLdaModel.class.getName());
      JsonNode m = ModelMetadata.parse(meta.metadataJson());
      int version = m.path("format_version").asInt(-1);
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException("GibbsLdaModel at " + path + ": format_version " + version
            + " is not supported (expected " + FORMAT_VERSION + ")");
      }
      int k = m.get("num_topics").asInt();
      int v = m.get("vocab_size").asInt();
      double beta = m.get("beta").asDouble();
      double[] alpha = new double[k];
      for (int t = 0; t < k; t++) {
        alpha[t] = m.get("alpha").get(t).asDouble();
      }
      Dataset<Row> data = sparkSession().read().schema(COUNTS_SCHEMA)
          .parquet(new org.apache.hadoop.fs.Path(path, "data").toString());
      int nb = Math.max(1, sparkSession().sparkContext().defaultParallelism());
      Layout layout = new Layout(k, v, nb);
      JavaRDD<WordBlock> blocks = blocksFromCounts(data, layout).persist(StorageLevel.MEMORY_AND_DISK());
      GibbsLdaModel model = new GibbsLdaModel(meta.uid(), layout, alpha, beta, blocks,
          AdLda.topicTotals(blocks, layout));
      meta.getAndSetParams(model, scala.Option.empty());
      return model;
    }
  }

  /** Word blocks (block b holds the terms w with w % numBlocks == b) from long-format counts. */
  static JavaRDD<WordBlock> blocksFromCounts(Dataset<Row> counts, Layout layout) {
    return counts.select("topic", "term_index", "count").javaRDD()
        .mapToPair(r -> {
          int term = r.getInt(1);
          long c = r.getLong(2);
          if (term < 0 || term >= layout.vocabSize || c <= 0 || c > layout.maxCount) {
            throw new IllegalArgumentException("bad model row " + r);
          }
          return new Tuple2<>(layout.block(term), ((long) term << 32) | layout.pack((int) c, r.getInt(0)));
        })
        .partitionBy(new HashPartitioner(layout.numBlocks))
        .mapPartitionsWithIndex((b, it) -> {
          long[] e = new long[1024];
          int n = 0;
          while (it.hasNext()) {
            if (n == e.length) {
              e = java.util.Arrays.copyOf(e, n * 2);
            }
            e[n++] = it.next()._2();
          }
          return Collections.singletonList(WordBlock.fromEntries(b, e, n)).iterator();
        }, true);
  }
}
