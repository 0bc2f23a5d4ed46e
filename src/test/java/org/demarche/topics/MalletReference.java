package org.demarche.topics;

import cc.mallet.topics.ParallelTopicModel;
import cc.mallet.types.Alphabet;
import cc.mallet.types.FeatureSequence;
import cc.mallet.types.IDSorter;
import cc.mallet.types.Instance;
import cc.mallet.types.InstanceList;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.logging.Level;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Test and benchmark only (MALLET is CPL-1.0 and test scope): MALLET 2.0.8's {@link ParallelTopicModel} as the
 * reference engine, fitted on exactly the given tokens and returned in the topic contracts, so that
 * {@link TopicDiagnostics} and {@link TopicAlignment} score it with the same code as our own engines.
 *
 * <p>The documents ({@code doc_id}, {@code terms}) are collected to the driver (a benchmark, not a job step). Each
 * document's terms become one {@code FeatureSequence} over a fresh {@code Alphabet}, in order and with repeats, with no
 * further MALLET preprocessing (no lowercasing, stopwords or pruning); empty documents are kept.
 *
 * <p>{@code topicTerms}: for every topic and every term with at least one token assigned, {@code count} = n(t, w) and
 * {@code weight} = n(t, w) / n(t) (the sampler's final state, unsmoothed, so weights sum to 1 over the listed terms;
 * β = 0.01 smoothing would change no ranking). {@code docTopics}: MALLET's smoothed θ
 * ({@code getTopicProbabilities}), dense (K rows per document).
 */
public final class MalletReference {
  static final StructType TOPIC_TERMS = new StructType()
      .add("topic", DataTypes.IntegerType, false)
      .add("term", DataTypes.StringType, false)
      .add("weight", DataTypes.DoubleType, false)
      .add("count", DataTypes.DoubleType, false);
  static final StructType DOC_TOPICS = new StructType()
      .add("doc_id", DataTypes.StringType, false)
      .add("topic", DataTypes.IntegerType, false)
      .add("weight", DataTypes.DoubleType, false);

  private MalletReference() {}

  /** MALLET settings; {@link #of} gives the benchmark's: 2 threads, optimize interval 10, burn-in 50, α 5.0, β 0.01. */
  public record Options(int numTopics, int iterations, int threads, int optimizeInterval, int burnIn, double alphaSum,
      double beta, int seed) {
    public static Options of(int numTopics, int iterations, int seed) {
      return of(numTopics, iterations, seed, 2);
    }

    /** The benchmark's settings with {@code threads} sampling threads. */
    public static Options of(int numTopics, int iterations, int seed, int threads) {
      return new Options(numTopics, iterations, threads, 10, 50, 5.0, 0.01, seed);
    }
  }

  /** The fitted model in the contracts, its wall times (import = building the InstanceList), sizes and the model. */
  public record Result(Dataset<Row> topicTerms, Dataset<Row> docTopics, double importSeconds, double fitSeconds,
      int vocabularySize, long tokens, ParallelTopicModel model) {}

  /** Collects {@code docs} ({@code doc_id}, {@code terms}) to the driver and fits MALLET on them. */
  public static Result fit(Dataset<Row> docs, Options o) {
    List<String> ids = new ArrayList<>();
    List<List<String>> terms = new ArrayList<>();
    for (Row r : docs.select("doc_id", "terms").collectAsList()) {
      ids.add(r.getString(0));
      terms.add(r.isNullAt(1) ? List.of() : r.getList(1));
    }
    return fit(ids, terms, o, docs.sparkSession());
  }

  /** Fits MALLET on the given documents (parallel lists). */
  public static Result fit(List<String> docIds, List<List<String>> docs, Options o, SparkSession spark) {
    long t0 = System.nanoTime();
    Alphabet alphabet = new Alphabet();
    InstanceList instances = new InstanceList(alphabet, null);
    long tokens = 0;
    for (int d = 0; d < docs.size(); d++) {
      List<String> terms = docs.get(d);
      int[] f = new int[terms.size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = alphabet.lookupIndex(terms.get(i), true);
      }
      tokens += f.length;
      instances.add(new Instance(new FeatureSequence(alphabet, f), null, docIds.get(d), null));
    }
    double importSeconds = (System.nanoTime() - t0) / 1e9;

    ParallelTopicModel.logger.setLevel(Level.WARNING);
    ParallelTopicModel model = new ParallelTopicModel(o.numTopics(), o.alphaSum(), o.beta());
    model.setNumThreads(o.threads());
    model.setNumIterations(o.iterations());
    model.setOptimizeInterval(o.optimizeInterval());
    model.setBurninPeriod(o.burnIn());
    model.setRandomSeed(o.seed());
    model.setTopicDisplay(0, 0);
    model.printLogLikelihood = false;
    long t1 = System.nanoTime();
    model.addInstances(instances);
    try {
      model.estimate();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    double fitSeconds = (System.nanoTime() - t1) / 1e9;

    List<Row> tt = new ArrayList<>();
    List<TreeSet<IDSorter>> sorted = model.getSortedWords();
    for (int t = 0; t < o.numTopics(); t++) {
      double total = 0;
      for (IDSorter s : sorted.get(t)) {
        total += s.getWeight();
      }
      for (IDSorter s : sorted.get(t)) {
        if (s.getWeight() > 0) {
          tt.add(RowFactory.create(t, (String) alphabet.lookupObject(s.getID()), s.getWeight() / total,
              s.getWeight()));
        }
      }
    }
    List<Row> dt = new ArrayList<>();
    for (int d = 0; d < docs.size(); d++) {
      double[] theta = model.getTopicProbabilities(d);
      for (int t = 0; t < theta.length; t++) {
        dt.add(RowFactory.create(docIds.get(d), t, theta[t]));
      }
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int parts = Math.max(1, spark.sparkContext().defaultParallelism());
    return new Result(spark.createDataFrame(jsc.parallelize(tt, parts), TOPIC_TERMS),
        spark.createDataFrame(jsc.parallelize(dt, parts), DOC_TOPICS), importSeconds, fitSeconds, alphabet.size(),
        tokens, model);
  }
}
