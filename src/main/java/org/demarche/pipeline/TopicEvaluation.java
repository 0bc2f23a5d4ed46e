package org.demarche.pipeline;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;

import java.io.PrintWriter;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.demarche.clean.CleanStages;
import org.demarche.config.JobConfig;
import org.demarche.ingest.ArticleSchema;
import org.demarche.ingest.CorpusIngest;
import org.demarche.text.TextStages;
import org.demarche.topics.FittedTopics;
import org.demarche.topics.TopicAlignment;
import org.demarche.topics.TopicDiagnostics;
import org.demarche.topics.TopicStability;

/**
 * The library behind {@code demarche evaluate topics}: reads a corpus with the job's ingest, clean and text stages,
 * fits the configured engines on the same tokens and prints, per engine, fit wall time, mean NPMI and UMass (top
 * {@code topics.top_terms} words, document co-occurrence in the corpus), diversity and the peak heap of this JVM.
 * Optional: MALLET as a reference on exactly the same tokens (when {@code org.demarche.topics.MalletReference} and
 * MALLET are on the classpath, as in {@code bench/topics.sh}), seed stability of the Gibbs engine, and the share of
 * topic ids kept when refitting on the corpus plus new documents.
 */
public final class TopicEvaluation {
  private TopicEvaluation() {}

  /** What to run. */
  public record Options(List<String> engines, boolean mallet, int malletIterations, int malletThreads, int seeds,
      double refitNewShare, int limit) {}

  /** One engine's figures. */
  public record Figures(String engine, int k, int iterations, double fitSeconds, double meanNpmi, double meanUmass,
      double diversity, long peakHeapMb, long liveHeapMb) {}

  /** Prepared documents: {@code doc_id}, {@code terms} (pruned to the vocabulary), {@code tf}. */
  public record Corpus(Dataset<Row> docs, String[] vocabulary, long numDocs, long numTokens, double seconds) {}

  /** Ingest, clean and text stages as the job runs them; rejected records are left out. */
  public static Corpus prepare(SparkSession spark, JobConfig cfg, int limit) {
    long t0 = System.nanoTime();
    Dataset<Row> ingested = CorpusIngest.read(spark, cfg.input(), CorpusIngest.listFiles(spark, cfg.input()))
        .where(col(ArticleSchema.READ_ERROR).isNull());
    if (limit > 0) {
      ingested = ingested.limit(limit);
    }
    List<PipelineStage> clean = CleanStages.stages(cfg.clean(), cfg.input().defaultTimezone());
    Dataset<Row> cleaned = new Pipeline().setStages(clean.toArray(new PipelineStage[0])).fit(ingested)
        .transform(ingested).where(col("body").isNotNull().and(org.apache.spark.sql.functions.length(col("body"))
            .geq(cfg.clean().minBodyChars())))
        .select(col("doc_id"), col("body"));
    int parts = Math.max(2, spark.sparkContext().defaultParallelism());
    cleaned = cleaned.repartition(parts).persist(StorageLevel.MEMORY_AND_DISK());
    NlpSteps.FittedText ft = NlpSteps.fitText(cleaned, NlpSteps.textOptions(cfg.text(), List.of()));
    String[] vocab = TopicSteps.vocabulary(ft.model());
    Broadcast<Set<String>> v = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .broadcast(new HashSet<>(Arrays.asList(vocab)));
    UDF1<scala.collection.Seq<String>, String[]> keep = s -> {
      List<String> out = new ArrayList<>();
      scala.collection.Iterator<String> it = s.iterator();
      while (it.hasNext()) {
        String w = it.next();
        if (v.value().contains(w)) {
          out.add(w);
        }
      }
      return out.toArray(new String[0]);
    };
    Dataset<Row> docs = ft.docs().select(col("doc_id"),
            org.apache.spark.sql.functions.udf(keep, DataTypes.createArrayType(DataTypes.StringType))
                .apply(col(TextStages.TERMS)).as(TextStages.TERMS), col(TextStages.TF))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Row r = docs.agg(org.apache.spark.sql.functions.count(lit(1)), sum(size(col(TextStages.TERMS)))).first();
    ft.caches().forEach(Dataset::unpersist);
    return new Corpus(docs, vocab, r.getLong(0), r.isNullAt(1) ? 0 : r.getLong(1), (System.nanoTime() - t0) / 1e9);
  }

  /** Runs the evaluation and prints it. */
  public static void run(SparkSession spark, JobConfig cfg, Options o, PrintWriter out) {
    JobConfig.TopicsConfig tc = cfg.topics();
    Corpus c = prepare(spark, cfg, o.limit());
    out.printf("corpus: %,d documents, %,d tokens, vocabulary %,d (text.min_df %s, text.max_df %s); prepared in "
        + "%.1f s%n", c.numDocs(), c.numTokens(), c.vocabulary().length, cfg.text().minDf(), cfg.text().maxDf(),
        c.seconds());
    out.flush();
    List<Figures> rows = new ArrayList<>();
    Dataset<Row> firstGibbs = null;
    for (String engine : o.engines()) {
      JobConfig.TopicsConfig ec = withEngine(tc, engine);
      resetPeaks();
      long t0 = System.nanoTime();
      FittedTopics m = TopicSteps.fit(c.docs(), ec, ec.seed());
      Dataset<Row> terms = m.topicTerms(c.vocabulary()).persist(StorageLevel.MEMORY_AND_DISK());
      terms.count();
      double secs = (System.nanoTime() - t0) / 1e9;
      long heap = peakHeapMb();
      long live = LIVE.peakMb();
      TopicDiagnostics.Summary s = TopicDiagnostics.evaluate(terms, c.docs(),
          TopicDiagnostics.Options.defaults().withTopN(tc.topTerms())).summary();
      rows.add(new Figures(engine, tc.k(), tc.iterations(), secs, s.meanNpmi(), s.meanUmass(), s.diversity(), heap,
          live));
      print(out, rows.get(rows.size() - 1));
      if (engine.equals("gibbs") && firstGibbs == null) {
        firstGibbs = terms;
      }
    }
    if (o.mallet()) {
      Figures f = mallet(spark, c, tc, o.malletIterations() > 0 ? o.malletIterations() : tc.iterations(),
          o.malletThreads(), out);
      if (f != null) {
        rows.add(f);
        print(out, f);
      }
    }
    if (o.seeds() > 1 && firstGibbs != null) {
      List<Dataset<Row>> runs = new ArrayList<>();
      runs.add(firstGibbs);
      JobConfig.TopicsConfig gc = withEngine(tc, "gibbs");
      for (int r = 1; r < o.seeds(); r++) {
        runs.add(TopicSteps.fit(c.docs(), gc, gc.seed() + r).topicTerms(c.vocabulary())
            .persist(StorageLevel.MEMORY_AND_DISK()));
      }
      TopicStability.Summary st = TopicStability.stability(runs, TopicStability.Options.defaults()).summary();
      out.printf("gibbs stability over %d seeds: %.1f%% of (topic, other seed) pairs matched at cosine >= 0.8; "
          + "%.1f%% of topics matched in every seed; by seed %s%n", o.seeds(), 100 * st.meanRecurrence(),
          100 * st.shareStableInAll(), Arrays.toString(st.matchedShareByRun()));
    }
    if (o.refitNewShare() > 0 && firstGibbs != null) {
      // the "old" corpus leaves out a deterministic share of documents; the refit sees them all
      double keep = 1.0 / (1.0 + o.refitNewShare());
      Dataset<Row> old = c.docs().where(abs(hash(col("doc_id"))).mod(10_000).lt((int) Math.round(keep * 10_000)));
      JobConfig.TopicsConfig gc = withEngine(tc, "gibbs");
      Dataset<Row> before = TopicSteps.fit(old, gc, gc.seed()).topicTerms(c.vocabulary())
          .persist(StorageLevel.MEMORY_AND_DISK());
      int[] ids = new int[tc.k()];
      for (int t = 0; t < ids.length; t++) {
        ids[t] = t;
      }
      // what the job does on a refit (topics.warm_start): start from the previous model's topics, then align
      Dataset<Row> warm = TopicSteps.fit(c.docs(), gc, gc.seed() + 1,
          TopicSteps.warmStart(before, ids, c.vocabulary(), TopicSteps.GIBBS_INIT_TERMS)).topicTerms(c.vocabulary());
      long keptWarm = kept(before, warm, tc);
      out.printf("gibbs refit on the corpus plus %.0f%% new documents (warm start, seed + 1): %d of %d topic ids kept "
          + "(%.1f%%) at threshold %.2f%n", 100 * o.refitNewShare(), keptWarm, tc.k(), 100.0 * keptWarm / tc.k(),
          tc.alignThreshold());
      long kept = kept(before, firstGibbs, tc);
      out.printf("gibbs refit on the corpus plus %.0f%% new documents (independent fit, topics.warm_start=false): %d "
          + "of %d topic ids kept (%.1f%%) at threshold %.2f%n", 100 * o.refitNewShare(), kept, tc.k(),
          100.0 * kept / tc.k(), tc.alignThreshold());
    }
    out.flush();
  }

  private static long kept(Dataset<Row> before, Dataset<Row> after, JobConfig.TopicsConfig tc) {
    TopicAlignment.Result a = TopicAlignment.align(before, after,
        new TopicAlignment.Options(tc.alignThreshold(), "refit", tc.k()));
    return a.lineageRows().stream().filter(l -> l.event().equals(TopicAlignment.MATCHED)).count();
  }

  private static Figures mallet(SparkSession spark, Corpus c, JobConfig.TopicsConfig tc, int iterations,
      int threads, PrintWriter out) {
    try {
      Class<?> ref = Class.forName("org.demarche.topics.MalletReference");
      Class<?> opts = Class.forName("org.demarche.topics.MalletReference$Options");
      Object options = opts.getMethod("of", int.class, int.class, int.class, int.class).invoke(null, tc.k(),
          iterations, (int) tc.seed(), threads);
      Method fit = ref.getMethod("fit", Dataset.class, opts);
      resetPeaks();
      long t0 = System.nanoTime();
      Object result = fit.invoke(null, c.docs().select("doc_id", TextStages.TERMS), options);
      double secs = (System.nanoTime() - t0) / 1e9;
      long heap = peakHeapMb();
      long live = LIVE.peakMb();
      @SuppressWarnings("unchecked")
      Dataset<Row> terms = (Dataset<Row>) result.getClass().getMethod("topicTerms").invoke(result);
      double fitOnly = (double) result.getClass().getMethod("fitSeconds").invoke(result);
      Object model = result.getClass().getMethod("model").invoke(result);
      long tokens = (long) result.getClass().getMethod("tokens").invoke(result);
      double ll = (double) model.getClass().getMethod("modelLogLikelihood").invoke(model);
      out.printf("mallet: %d threads, %.1f s end to end (collect + import + fit), %.1f s estimate(); "
          + "log-likelihood per token %.4f%n", threads, secs, fitOnly, ll / Math.max(1, tokens));
      TopicDiagnostics.Summary s = TopicDiagnostics.evaluate(terms, c.docs(),
          TopicDiagnostics.Options.defaults().withTopN(tc.topTerms())).summary();
      return new Figures("mallet", tc.k(), iterations, secs, s.meanNpmi(), s.meanUmass(), s.diversity(), heap,
          live);
    } catch (ClassNotFoundException e) {
      out.println("mallet: not on the classpath (a benchmark dependency); run bench/topics.sh for the reference");
      return null;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("MALLET reference failed: " + e.getCause(), e);
    }
  }

  private static void print(PrintWriter out, Figures f) {
    out.printf("%-7s k=%d iterations=%d  fit %.1f s  mean NPMI %.3f  mean UMass %.3f  diversity %.3f  peak heap "
        + "%,d MB  peak heap after GC %,d MB%n", f.engine(), f.k(), f.iterations(), f.fitSeconds(), f.meanNpmi(),
        f.meanUmass(), f.diversity(), f.peakHeapMb(), f.liveHeapMb());
    out.flush();
  }

  static JobConfig.TopicsConfig withEngine(JobConfig.TopicsConfig t, String engine) {
    return t.withEngine(engine);
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      p.resetPeakUsage();
    }
    LIVE.reset();
  }

  private static final LiveHeap LIVE = new LiveHeap();

  /**
   * The largest heap in use right after a garbage collection since the last {@link #reset}: what the JVM had to keep,
   * unlike the pools' peak usage, which mostly reflects how far the young generation filled before a collection.
   * From the collectors' notifications.
   */
  static final class LiveHeap implements NotificationListener {
    private final AtomicLong peak = new AtomicLong();
    private final Set<String> heapPools = new HashSet<>();

    LiveHeap() {
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        if (p.getType() == MemoryType.HEAP) {
          heapPools.add(p.getName());
        }
      }
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter e) {
          e.addNotificationListener(this, null, null);
        }
      }
    }

    void reset() {
      peak.set(0);
    }

    long peakMb() {
      return peak.get() >> 20;
    }

    @Override
    public void handleNotification(Notification n, Object handback) {
      if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
        return;
      }
      GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
      long used = 0;
      for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
        if (heapPools.contains(e.getKey())) {
          used += e.getValue().getUsed();
        }
      }
      peak.accumulateAndGet(used, Math::max);
    }
  }

  /** Sum of the heap pools' peak usage since the last reset, in MB (executors share this JVM in local mode). */
  private static long peakHeapMb() {
    long b = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        b += p.getPeakUsage().getUsed();
      }
    }
    return b >> 20;
  }
}
