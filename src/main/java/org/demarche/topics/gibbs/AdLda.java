package org.demarche.topics.gibbs;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.HashPartitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The driver loop of approximate distributed LDA (Newman et al. 2009, AD-LDA) with {@link SparseSampler}.
 *
 * <p>State, all on executors: a cached RDD of one {@link PartitionState} per partition, partition i holding its
 * documents ({@link DocPartition}: token word ids and topics) and word block i ({@link WordBlock}: the global counts
 * of the words w with {@code w % P == i}).
 *
 * <p>One iteration is one Spark job of three stages: (1) every word block is replicated to every partition
 * ({@code flatMapToPair} to (partition, block), {@code partitionBy}); (2) {@code state.zipPartitions(snapshot)}
 * samples each partition against its snapshot and returns its new {@link DocPartition}, its count deltas per block
 * and its old block (cached); (3) the deltas are shuffled to their block ({@code partitionBy}) and merged
 * ({@code sweep.zipPartitions(deltas)}) into the new state, which is persisted and materialised; the old state and
 * the sweep are then unpersisted. Every {@code checkpointInterval} iterations the new state is checkpointed to cut the
 * lineage: to the SparkContext's checkpoint directory when one is set (reliable: a lost executor's blocks are read
 * back), else {@code localCheckpoint}ed (its blocks live on the executors' local disks; losing an executor then fails
 * the fit rather than recomputing it). A fit small enough for one task ({@code localMaxTokens}) runs no per-sweep job
 * and needs no checkpoint: a lost task is re-run from the tokens.
 *
 * <p>Only K-sized vectors (α, topic totals), the alpha histograms (K × longest document), the histogram of cell
 * counts (distinct counts only) and scalars reach the driver.
 */
public final class AdLda {
  private static final Logger LOG = LoggerFactory.getLogger(AdLda.class);
  private static final StorageLevel LEVEL = StorageLevel.MEMORY_AND_DISK();

  private AdLda() {}

  /** Settings of a fit. */
  public record Settings(int numTopics, int maxIter, double alpha, double beta, int optimizeInterval, int burnIn,
      long seed, int checkpointInterval, int logInterval, long localMaxTokens) implements Serializable {
    /** Settings that always sample distributed (no one-task fit). */
    public Settings(int numTopics, int maxIter, double alpha, double beta, int optimizeInterval, int burnIn,
        long seed, int checkpointInterval, int logInterval) {
      this(numTopics, maxIter, alpha, beta, optimizeInterval, burnIn, seed, checkpointInterval, logInterval, 0L);
    }
  }

  /** A fitted state: the word blocks stay cached on the executors until {@link #words} is unpersisted. */
  public record Result(Layout layout, JavaRDD<WordBlock> words, double[] alpha, double beta, long[] topicTotals,
      long numDocs, long numTokens, double[] iterationSeconds, double[] logLikelihoodPerToken) {}

  /** Token arrays of one partition before topics are assigned. */
  static final class Tokens implements Serializable {
    private static final long serialVersionUID = 1L;
    final int[] docStarts;
    final int[] words;
    final int vocabSize;

    Tokens(int[] docStarts, int[] words, int vocabSize) {
      this.docStarts = docStarts;
      this.words = words;
      this.vocabSize = vocabSize;
    }
  }

  /** Expands term-count vectors into token word ids (counts rounded to integers; nulls are empty documents). */
  static Iterator<Tokens> tokens(Iterator<Vector> vectors) {
    WordBlock.IntList starts = new WordBlock.IntList(1024);
    WordBlock.IntList words = new WordBlock.IntList(1 << 16);
    int vocab = 0;
    starts.add(0);
    while (vectors.hasNext()) {
      Vector v = vectors.next();
      if (v != null) {
        vocab = Math.max(vocab, v.size());
        SparseVector s = v.toSparse();
        int[] idx = s.indices();
        double[] val = s.values();
        for (int i = 0; i < idx.length; i++) {
          double c = val[i];
          if (c < 0 || Double.isNaN(c) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("featuresCol: term counts must be finite and >= 0, found " + c);
          }
          for (long n = Math.round(c); n > 0; n--) {
            words.add(idx[i]);
          }
        }
      }
      starts.add(words.size());
    }
    return Collections.singletonList(new Tokens(starts.toArray(), words.toArray(), vocab)).iterator();
  }

  public static Result train(JavaRDD<Vector> vectors, Settings s) {
    return train(vectors, s, null);
  }

  /**
   * Fits from the starting topics {@code init} (broadcast to the executors), or from random topics when it is null.
   */
  public static Result train(JavaRDD<Vector> vectors, Settings s, InitialTopics init) {
    long t0 = System.nanoTime();
    JavaRDD<Tokens> toks = vectors.mapPartitions(AdLda::tokens).persist(LEVEL);
    long[] shape = toks.map(t -> new long[] {t.vocabSize, t.docStarts.length - 1, t.words.length})
        .reduce((a, b) -> new long[] {Math.max(a[0], b[0]), a[1] + b[1], a[2] + b[2]});
    int p = toks.getNumPartitions();
    final Layout layout = new Layout(s.numTopics(), (int) Math.max(1, shape[0]), p);
    if (shape[2] > layout.maxCount) {
      LOG.warn("{} tokens: a single word-topic count could exceed the packed limit {}", shape[2], layout.maxCount);
    }
    final int k = s.numTopics();
    final long seed = s.seed();
    LOG.info("Gibbs LDA: {} docs, {} tokens, vocabulary {}, k={}, {} partitions", shape[1], shape[2],
        layout.vocabSize, k, p);

    // initial state: random or given topics, counts merged from the partitions' deltas
    final Broadcast<InitialTopics> start = init == null ? null
        : JavaSparkContext.fromSparkContext(vectors.context()).broadcast(init);
    if (shape[2] <= s.localMaxTokens()) {
      return trainInOneTask(toks, s, start, layout, shape, t0);
    }
    JavaRDD<SweepResult> initial = toks.mapPartitionsWithIndex((i, it) -> {
      Tokens t = it.next();
      SweepResult r = SparseSampler.initialise(layout, t.docStarts, t.words, Seeds.mix(seed, -1, i),
          start == null ? null : start.value());
      r.ownBlock = WordBlock.empty(i);
      return Collections.singletonList(r).iterator();
    }, true).persist(LEVEL);
    JavaRDD<PartitionState> state = nextState(initial, layout).persist(LEVEL);
    state.count();
    initial.unpersist(false);   // the broadcast stays: the state's lineage (until a checkpoint) refers to it
    toks.unpersist(false);
    LOG.info("Gibbs LDA: initialised ({}) in {} s", init == null ? "random" : init.numProfiles() + " profiles",
        String.format("%.1f", (System.nanoTime() - t0) / 1e9));

    double[] alpha = new double[k];
    java.util.Arrays.fill(alpha, s.alpha());
    double beta = s.beta();
    double[] secs = new double[s.maxIter()];
    List<Double> lls = new ArrayList<>();
    // with a checkpoint directory (a cluster run sets one under the output folder) the state is checkpointed to it,
    // so a lost executor's blocks are read back; without one, local checkpoints (lost with their executor)
    boolean reliable = vectors.context().getCheckpointDir().isDefined();
    for (int iter = 1; iter <= s.maxIter(); iter++) {
      long ti = System.nanoTime();
      final int it = iter;
      final double[] a = alpha.clone();
      final double b = beta;
      final boolean optimise = s.optimizeInterval() > 0 && iter > s.burnIn() && iter % s.optimizeInterval() == 0;
      final boolean logLik = s.logInterval() > 0 && (iter % s.logInterval() == 0 || iter == s.maxIter());

      // (1) every block to every partition
      JavaRDD<WordBlock> snapshot = state.flatMapToPair(st -> {
        List<Tuple2<Integer, WordBlock>> out = new ArrayList<>(p);
        for (int q = 0; q < p; q++) {
          out.add(new Tuple2<>(q, st.block));
        }
        return out.iterator();
      }).partitionBy(new HashPartitioner(p)).values();
      // (2) sample against the snapshot
      JavaRDD<SweepResult> sweep = state.zipPartitions(snapshot, (sti, bi) -> {
        PartitionState st = sti.next();
        int part = TaskContext.getPartitionId();
        List<WordBlock> blocks = new ArrayList<>(p);
        bi.forEachRemaining(blocks::add);
        SparseSampler sampler = new SparseSampler(layout, a, b, st.docs, blocks.iterator(),
            Seeds.mix(seed, it, part));
        SweepResult r = sampler.sweep(st.docs, optimise, logLik);
        r.ownBlock = st.block;
        return Collections.singletonList(r).iterator();
      }).persist(LEVEL);
      // (3) deltas to their blocks, merged: one job for the whole iteration
      JavaRDD<PartitionState> next = nextState(sweep, layout).persist(LEVEL);
      if (s.checkpointInterval() > 0 && iter % s.checkpointInterval() == 0) {
        if (reliable) {
          next.rdd().checkpoint();
        } else {
          next.rdd().localCheckpoint();
        }
      }
      next.count();
      DocTopicHistogram hist = optimise ? sweep.map(r -> r.histogram).reduce(DocTopicHistogram::merge) : null;
      double docLl = logLik ? sweep.map(r -> r.docLogLikelihood).reduce(Double::sum) : Double.NaN;
      sweep.unpersist(false);
      state.unpersist(false);
      state = next;
      double sampleSecs = (System.nanoTime() - ti) / 1e9;

      if (logLik || optimise) {
        JavaRDD<WordBlock> words = state.map(st -> st.block);
        if (logLik) {
          double ll = docLl + wordLogLikelihood(words, layout, beta);
          lls.add(ll / shape[2]);
          LOG.info("Gibbs LDA: iteration {} LL/token {}", iter, String.format("%.4f", ll / shape[2]));
        }
        if (optimise) {
          alpha = Dirichlet.learnAlpha(alpha, hist, 1.001, 1.0);
          beta = Dirichlet.learnBeta(cellCountHistogram(words, layout), topicTotals(words, layout),
              layout.vocabSize, beta);
          double as = 0;
          for (double x : alpha) {
            as += x;
          }
          LOG.info("Gibbs LDA: iteration {} alpha sum {} beta {}", iter, String.format("%.3f", as),
              String.format("%.5f", beta));
        }
      }
      secs[iter - 1] = (System.nanoTime() - ti) / 1e9;
      LOG.debug("Gibbs LDA: iteration {} in {} s (sampling + merge {} s)", iter, String.format("%.2f", secs[iter - 1]),
          String.format("%.2f", sampleSecs));
    }
    JavaRDD<WordBlock> words = state.map(st -> st.block).persist(LEVEL);
    words.count();
    state.unpersist(false);
    double[] llArr = lls.stream().mapToDouble(Double::doubleValue).toArray();
    return new Result(layout, words, alpha, beta, topicTotals(words, layout), shape[1], shape[2], secs, llArr);
  }

  /** What a fit in one task sends back: the word blocks (block i at index i) and the hyperparameters. */
  static final class LocalFit implements Serializable {
    private static final long serialVersionUID = 1L;
    final WordBlock[] blocks;
    final double[] alpha;
    final double beta;
    final double[] secs;
    final double[] lls;

    LocalFit(WordBlock[] blocks, double[] alpha, double beta, double[] secs, double[] lls) {
      this.blocks = blocks;
      this.alpha = alpha;
      this.beta = beta;
      this.secs = secs;
      this.lls = lls;
    }
  }

  /**
   * A fit whose tokens fit in one task ({@code localMaxTokens}): every partition's tokens go to a single task, which
   * runs all the sweeps itself, with no Spark job per sweep. It computes exactly what the distributed loop computes:
   * the same partitions and word blocks, each partition sampled against the previous sweep's blocks with the same
   * seed, the deltas merged per block, the same hyperparameter updates; only the scheduling differs.
   */
  private static Result trainInOneTask(JavaRDD<Tokens> toks, Settings s, Broadcast<InitialTopics> start,
      Layout layout, long[] shape, long t0) {
    int p = toks.getNumPartitions();
    JavaRDD<LocalFit> fit = toks
        .mapPartitionsWithIndex((i, it) -> Collections.singletonList(new Tuple2<>(i, it.next())).iterator(), true)
        .coalesce(1)
        .mapPartitions(it -> {
          Tokens[] parts = new Tokens[p];
          while (it.hasNext()) {
            Tuple2<Integer, Tokens> t = it.next();
            parts[t._1()] = t._2();
          }
          return Collections.singletonList(sampleLocally(parts, layout, s, start == null ? null : start.value(),
              shape[2])).iterator();
        });
    LocalFit f = fit.collect().get(0);
    toks.unpersist(false);
    JavaRDD<WordBlock> words = JavaSparkContext.fromSparkContext(toks.context())
        .parallelize(java.util.Arrays.asList(f.blocks), p).persist(LEVEL);
    words.count();
    LOG.info("Gibbs LDA: {} sweeps in one task in {} s", s.maxIter(),
        String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    return new Result(layout, words, f.alpha, f.beta, topicTotals(words, layout), shape[1], shape[2], f.secs, f.lls);
  }

  /** The AD-LDA loop over {@code parts} (partition i at index i) in this thread. */
  static LocalFit sampleLocally(Tokens[] parts, Layout layout, Settings s, InitialTopics init, long numTokens) {
    int p = parts.length;
    long seed = s.seed();
    SweepResult[] res = new SweepResult[p];
    for (int i = 0; i < p; i++) {
      res[i] = SparseSampler.initialise(layout, parts[i].docStarts, parts[i].words, Seeds.mix(seed, -1, i), init);
      res[i].ownBlock = WordBlock.empty(i);
    }
    PartitionState[] state = nextStateLocal(res, layout);
    double[] alpha = new double[s.numTopics()];
    java.util.Arrays.fill(alpha, s.alpha());
    double beta = s.beta();
    double[] secs = new double[s.maxIter()];
    List<Double> lls = new ArrayList<>();
    for (int iter = 1; iter <= s.maxIter(); iter++) {
      if (iter == 2) {
        org.demarche.ml.FaultHook.point("gibbs:sweep"); // the executor-loss integration test kills the executor here
      }
      long ti = System.nanoTime();
      boolean optimise = s.optimizeInterval() > 0 && iter > s.burnIn() && iter % s.optimizeInterval() == 0;
      boolean logLik = s.logInterval() > 0 && (iter % s.logInterval() == 0 || iter == s.maxIter());
      List<WordBlock> snapshot = new ArrayList<>(p);
      for (PartitionState st : state) {
        snapshot.add(st.block);
      }
      DocTopicHistogram hist = null;
      double docLl = 0;
      for (int i = 0; i < p; i++) {
        SparseSampler sampler = new SparseSampler(layout, alpha, beta, state[i].docs, snapshot.iterator(),
            Seeds.mix(seed, iter, i));
        res[i] = sampler.sweep(state[i].docs, optimise, logLik);
        res[i].ownBlock = state[i].block;
        if (optimise) {
          hist = hist == null ? res[i].histogram : hist.merge(res[i].histogram);
        }
        docLl += logLik ? res[i].docLogLikelihood : 0;
      }
      state = nextStateLocal(res, layout);
      if (logLik || optimise) {
        List<WordBlock> words = new ArrayList<>(p);
        for (PartitionState st : state) {
          words.add(st.block);
        }
        if (logLik) {
          double ll = docLl + wordLogLikelihood(words, layout, beta);
          lls.add(ll / numTokens);
          LOG.info("Gibbs LDA: iteration {} LL/token {}", iter, String.format("%.4f", ll / numTokens));
        }
        if (optimise) {
          alpha = Dirichlet.learnAlpha(alpha, hist, 1.001, 1.0);
          beta = Dirichlet.learnBeta(cellCountHistogram(words, layout), topicTotals(words, layout),
              layout.vocabSize, beta);
        }
      }
      secs[iter - 1] = (System.nanoTime() - ti) / 1e9;
    }
    WordBlock[] blocks = new WordBlock[p];
    for (int i = 0; i < p; i++) {
      blocks[i] = state[i].block;
    }
    return new LocalFit(blocks, alpha, beta, secs, lls.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** {@link #nextState} in one thread: block b merges its own old block with every partition's deltas for b. */
  private static PartitionState[] nextStateLocal(SweepResult[] res, Layout layout) {
    int p = res.length;
    List<List<DeltaBlock>> byBlock = new ArrayList<>(layout.numBlocks);
    for (int b = 0; b < layout.numBlocks; b++) {
      byBlock.add(new ArrayList<>());
    }
    for (SweepResult r : res) {
      for (DeltaBlock d : r.deltas) {
        byBlock.get(d.block).add(d);
      }
    }
    PartitionState[] out = new PartitionState[p];
    for (int i = 0; i < p; i++) {
      SweepResult r = res[i];
      out[i] = new PartitionState(r.docs,
          WordBlock.merge(layout, r.ownBlock.block, r.ownBlock, byBlock.get(r.ownBlock.block).iterator()));
    }
    return out;
  }

  /** New partition states: each sweep's documents with its own block plus all deltas for that block. */
  private static JavaRDD<PartitionState> nextState(JavaRDD<SweepResult> sweep, Layout layout) {
    return sweep.zipPartitions(deltasByBlock(sweep, layout), (ri, di) -> {
      SweepResult r = ri.next();
      WordBlock merged = WordBlock.merge(layout, r.ownBlock.block, r.ownBlock, di);
      return Collections.singletonList(new PartitionState(r.docs, merged)).iterator();
    });
  }

  /** The sweep's deltas keyed and partitioned by word block (partition b holds block b). */
  private static JavaRDD<DeltaBlock> deltasByBlock(JavaRDD<SweepResult> sweep, Layout layout) {
    JavaPairRDD<Integer, DeltaBlock> pairs = sweep.flatMapToPair(r -> {
      List<Tuple2<Integer, DeltaBlock>> out = new ArrayList<>(r.deltas.length);
      for (DeltaBlock d : r.deltas) {
        out.add(new Tuple2<>(d.block, d));
      }
      return out.iterator();
    });
    return pairs.partitionBy(new HashPartitioner(layout.numBlocks)).values();
  }

  public static long[] topicTotals(JavaRDD<WordBlock> words, Layout layout) {
    return words.map(wb -> blockTotals(wb, layout)).reduce(AdLda::addTotals);
  }

  static long[] topicTotals(List<WordBlock> words, Layout layout) {
    return words.stream().map(wb -> blockTotals(wb, layout)).reduce(AdLda::addTotals).orElseThrow();
  }

  private static long[] blockTotals(WordBlock wb, Layout layout) {
    long[] t = new long[layout.numTopics];
    wb.addTopicTotals(layout, t);
    return t;
  }

  private static long[] addTotals(long[] x, long[] y) {
    long[] r = x.clone();
    for (int i = 0; i < r.length; i++) {
      r[i] += y[i];
    }
    return r;
  }

  /** Count c → number of (word, topic) cells with c tokens. */
  static Map<Long, Long> cellCountHistogram(JavaRDD<WordBlock> words, Layout layout) {
    return words.map(wb -> blockHistogram(wb, layout)).reduce(AdLda::mergeHistograms);
  }

  static Map<Long, Long> cellCountHistogram(List<WordBlock> words, Layout layout) {
    return words.stream().map(wb -> blockHistogram(wb, layout)).reduce(AdLda::mergeHistograms).orElseThrow();
  }

  private static TreeMap<Long, Long> blockHistogram(WordBlock wb, Layout layout) {
    TreeMap<Long, Long> h = new TreeMap<>();
    for (int x : wb.packed) {
      h.merge((long) layout.count(x), 1L, Long::sum);
    }
    return h;
  }

  private static TreeMap<Long, Long> mergeHistograms(TreeMap<Long, Long> x, TreeMap<Long, Long> y) {
    TreeMap<Long, Long> r = new TreeMap<>(x);
    y.forEach((c, n) -> r.merge(c, n, Long::sum));
    return r;
  }

  /** The word part of the collapsed log-likelihood (MALLET's {@code modelLogLikelihood}). */
  static double wordLogLikelihood(JavaRDD<WordBlock> words, Layout layout, double beta) {
    return wordLogLikelihood(words.map(wb -> blockCells(wb, layout, beta)).reduce(Double::sum),
        topicTotals(words, layout), layout, beta);
  }

  static double wordLogLikelihood(List<WordBlock> words, Layout layout, double beta) {
    double cells = 0;
    for (WordBlock wb : words) {
      cells += blockCells(wb, layout, beta);
    }
    return wordLogLikelihood(cells, topicTotals(words, layout), layout, beta);
  }

  private static double blockCells(WordBlock wb, Layout layout, double beta) {
    double lgBeta = Special.logGamma(beta);
    double s = 0;
    for (int x : wb.packed) {
      s += Special.logGamma(beta + layout.count(x)) - lgBeta;
    }
    return s;
  }

  private static double wordLogLikelihood(double cells, long[] totals, Layout layout, double beta) {
    double betaSum = beta * layout.vocabSize;
    double ll = cells;
    for (long n : totals) {
      ll += Special.logGamma(betaSum) - Special.logGamma(betaSum + n);
    }
    return ll;
  }
}
