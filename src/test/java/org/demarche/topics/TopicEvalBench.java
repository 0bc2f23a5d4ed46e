package org.demarche.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.demarche.clean.BoilerplateRemover;
import org.demarche.testing.SparkTestSession;
import org.demarche.text.TextStages;

/**
 * Not a unit test: MALLET (the reference engine) on the first N AllSides documents, scored by
 * {@link TopicDiagnostics}. Tokens come from the job's own text stages ({@link BoilerplateRemover}, then
 * {@link TextStages} up to {@code terms}: tokenizer, phrases, KStem, news stopwords), pruned to the vocabulary of a
 * {@code CountVectorizer} with minDF 5 and maxDF 0.5 (as in SPARK-NOTES); MALLET is fitted on exactly those tokens
 * (k, I iterations, 2 threads, optimize interval 10, burn-in 50, α 5.0, β 0.01). Prints wall times, mean NPMI, mean
 * UMass, diversity, a random-assignment baseline on the same tokens, and every topic's label. With seeds ≥ 2 it also
 * fits the other seeds and prints {@link TopicStability} and the cosine distributions behind the alignment threshold.
 *
 * <p>Run with {@code bench/topics.sh [N=5000] [iterations=200] [k=50] [seeds=1] [file]}.
 */
public final class TopicEvalBench {
  private TopicEvalBench() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int k = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    int seeds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    String file = args.length > 4 ? args[4]
        : SparkTestSession.sharedData("allsides_article_bias/allsides_2012-2014.jsonl.bz2").toString();
    SparkSession spark = SparkSession.builder().appName("topic-bench").master("local[2]")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");

    long t0 = System.nanoTime();
    // an explicit schema: no inference pass over the whole bz2 file
    Dataset<Row> raw = spark.read().schema("id STRING, text STRING").json(file).select("id", "text").where(col("text").isNotNull()).limit(n)
        .repartition(4);
    Dataset<Row> cleaned = new BoilerplateRemover().setInputCol("text").setOutputCol("body").transform(raw)
        .select(col("id").as("doc_id"), col("body")).cache();
    long count = cleaned.count();
    List<PipelineStage> stages = TextStages.stages(TextStages.Options.defaults().withTfidf(false));
    Dataset<Row> terms = new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(cleaned)
        .transform(cleaned).select("doc_id", TextStages.TERMS).cache();
    terms.count();
    CountVectorizerModel cv = new CountVectorizer().setInputCol(TextStages.TERMS).setOutputCol("_tf")
        .setMinDF(5).setMaxDF(0.5).fit(terms);
    Broadcast<Set<String>> vocab = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .broadcast(new HashSet<>(Arrays.asList(cv.vocabulary())));
    UDF1<scala.collection.Seq<String>, String[]> keep = s -> {
      List<String> out = new ArrayList<>();
      scala.collection.Iterator<String> it = s.iterator();
      while (it.hasNext()) {
        String w = it.next();
        if (vocab.value().contains(w)) {
          out.add(w);
        }
      }
      return out.toArray(new String[0]);
    };
    spark.udf().register("keep_vocab", keep, DataTypes.createArrayType(DataTypes.StringType));
    Dataset<Row> docs = terms.select(col("doc_id"),
        org.apache.spark.sql.functions.call_udf("keep_vocab", col(TextStages.TERMS)).as("terms")).cache();
    long tokens = docs.select(sum(size(col("terms")))).first().getLong(0);
    double prepSeconds = secs(t0);
    System.out.printf("%nprepared %,d docs, %,d tokens, vocabulary %,d (minDF 5, maxDF 0.5) in %.1f s%n", count,
        tokens, cv.vocabulary().length, prepSeconds);

    List<MalletReference.Result> fits = new ArrayList<>();
    for (int s = 0; s < seeds; s++) {
      MalletReference.Result m = MalletReference.fit(docs, MalletReference.Options.of(k, iterations, 1 + s));
      fits.add(m);
      System.out.printf("MALLET seed %d: k=%d, %d iterations: import %.1f s, fit %.1f s%n", 1 + s, k, iterations,
          m.importSeconds(), m.fitSeconds());
    }
    MalletReference.Result m = fits.get(0);
    long td = System.nanoTime();
    TopicDiagnostics.Result d = TopicDiagnostics.evaluate(m.topicTerms(), docs);
    List<Row> topics = d.topics().collectAsList();
    double diagSeconds = secs(td);
    List<List<String>> local = new ArrayList<>();
    for (Row r : docs.collectAsList()) {
      local.add(r.getList(1));
    }
    TopicDiagnostics.Summary rnd = TopicDiagnostics.evaluate(RandomTopics.topicTerms(local, k, 1, spark), docs)
        .summary();
    TopicDiagnostics.Summary s = d.summary();
    System.out.printf("%nMALLET (seed 1): wall fit %.1f s | mean NPMI %.3f | mean UMass %.3f | diversity %.3f"
        + " | diagnostics %.1f s%n", m.fitSeconds(), s.meanNpmi(), s.meanUmass(), s.diversity(), diagSeconds);
    System.out.printf("random assignment, same tokens: mean NPMI %.3f | mean UMass %.3f | diversity %.3f%n",
        rnd.meanNpmi(), rnd.meanUmass(), rnd.diversity());
    System.out.printf("%n%5s %6s %6s %6s %5s  %s%n", "topic", "share", "npmi", "umass", "excl", "label | top 10");
    for (Row r : topics) {
      System.out.printf("%5d %6.3f %6.3f %6.2f %5.2f  %s | %s%n", r.getInt(0), r.getDouble(6), r.getDouble(3),
          r.getDouble(4), r.getDouble(5), r.getString(1), String.join(" ", r.<String>getList(2)));
    }

    if (seeds >= 2) {
      List<Dataset<Row>> runs = new ArrayList<>();
      fits.forEach(f -> runs.add(f.topicTerms()));
      TopicStability.Result st = TopicStability.stability(runs, TopicStability.Options.defaults());
      System.out.printf("%nstability over %d seeds (cosine >= 0.8): mean recurrence %.3f, stable in all %.3f,"
          + " by run %s%n", seeds, st.summary().meanRecurrence(), st.summary().shareStableInAll(),
          Arrays.toString(st.summary().matchedShareByRun()));
      TopicAlignment.CosineMatrix c = TopicAlignment.cosine(runs.get(0), runs.get(1));
      int[] plain = Hungarian.maximize(c.cosine());
      List<Double> matched = new ArrayList<>();
      List<Double> others = new ArrayList<>();
      for (int i = 0; i < plain.length; i++) {
        double second = 0;
        for (int j = 0; j < c.cosine()[i].length; j++) {
          if (j != plain[i]) {
            second = Math.max(second, c.cosine()[i][j]);
          }
        }
        if (plain[i] >= 0) {
          matched.add(c.cosine()[i][plain[i]]);
        }
        others.add(second);
      }
      System.out.println("seed 1 vs 2, Hungarian-matched cosines: " + quantiles(matched));
      System.out.println("seed 1 vs 2, each topic's best non-matched cosine: " + quantiles(others));
      for (double thr : new double[] {0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}) {
        System.out.printf("  threshold %.1f: %d of %d topics keep their id%n", thr,
            Arrays.stream(TopicAlignment.match(c.cosine(), thr)).filter(x -> x >= 0).count(), plain.length);
      }
    }
    System.out.printf("%ntotal %.1f s%n", secs(t0));
    spark.stop();
  }

  private static String quantiles(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (a.length == 0) {
      return "(none)";
    }
    return String.format("min %.2f p10 %.2f p25 %.2f median %.2f p75 %.2f max %.2f", a[0], a[(int) (0.1 * (a.length
        - 1))], a[(int) (0.25 * (a.length - 1))], a[(a.length - 1) / 2], a[(int) (0.75 * (a.length - 1))],
        a[a.length - 1]);
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
