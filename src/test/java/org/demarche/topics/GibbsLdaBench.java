package org.demarche.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.demarche.clean.BoilerplateRemover;
import org.demarche.testing.SparkTestSession;
import org.demarche.text.TextStages;
import org.demarche.text.TfidfStages;

/**
 * Not a unit test: fits {@link GibbsLda} on the first N AllSides documents (read in place) and prints documents,
 * tokens, vocabulary, seconds per iteration, fit wall time, the log-likelihood trace and the top 10 terms per topic.
 *
 * <p>Preprocessing: the clean stage's boilerplate remover, then {@link TextStages} up to {@code terms} (tokenizer,
 * phrases, KStem, stopwords), then {@code CountVectorizer} with demarche's defaults (minDF 5, maxDF 0.5).
 *
 * <p>How it was run (from the repository root; OPTS = the {@code spark.module.options} property of pom.xml):
 *
 * <pre>
 * mvn -q -o test-compile &amp;&amp; mvn -q -o dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * OPENBLAS_NUM_THREADS=1 java $OPTS -Xmx6g -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) \
 *   org.demarche.topics.GibbsLdaBench [N=5000] [iterations=100] [k=50] [partitions=2] \
 *   [file=allsides_article_bias/allsides_2012-2014.jsonl.bz2]
 * </pre>
 *
 * Add {@code -Dlog4j2.configurationFile=...} with {@code logger.demarche.level = info} for the per-iteration log,
 * {@code -Dgibbs.bench.cache=DIR} to keep (and reuse) the term counts, {@code -Dgibbs.bench.replicate=C} to fit on C
 * copies of the documents (a scale test of seconds per iteration only).
 */
public final class GibbsLdaBench {
  private GibbsLdaBench() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int iters = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int k = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    int parts = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    String file = args.length > 4 ? args[4] : "allsides_article_bias/allsides_2012-2014.jsonl.bz2";
    SparkSession spark = SparkSession.builder().appName("gibbs-bench").master("local[2]")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");

    long t0 = System.nanoTime();
    String cache = System.getProperty("gibbs.bench.cache");
    Dataset<Row> tf;
    String[] vocab;
    if (cache != null && java.nio.file.Files.isDirectory(java.nio.file.Paths.get(cache, "tf"))) {
      tf = spark.read().parquet(cache + "/tf").repartition(parts).cache();
      vocab = spark.read().text(cache + "/vocab").as(org.apache.spark.sql.Encoders.STRING()).collectAsList()
          .toArray(new String[0]);
    } else {
      Dataset<Row> docs = spark.read().json(SparkTestSession.sharedData(file).toString()).select("id", "text")
          .where(col("text").isNotNull()).limit(n).repartition(4);
      docs = new BoilerplateRemover().setInputCol("text").setOutputCol("body").transform(docs)
          .select(col("id"), col("body"));
      List<PipelineStage> stages = TextStages.stages(TextStages.BODY,
          TextStages.Options.defaults().withTfidf(false));
      PipelineModel text = new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(docs);
      Dataset<Row> terms = text.transform(docs).select(col("id"), col(TextStages.TERMS)).cache();
      TfidfStages.Options o = TfidfStages.Options.defaults();
      CountVectorizerModel cv = new CountVectorizer().setInputCol(TextStages.TERMS).setOutputCol("tf")
          .setMinDF(o.minDF()).setMaxDF(o.maxDF()).setVocabSize(o.vocabSize()).fit(terms);
      tf = cv.transform(terms).select("id", "tf").repartition(parts).cache();
      vocab = cv.vocabulary();
      if (cache != null) { // -Dgibbs.bench.cache=DIR keeps the term counts for the next run (vocabulary in order)
        tf.write().parquet(cache + "/tf");
        spark.createDataset(java.util.Arrays.asList(vocab), org.apache.spark.sql.Encoders.STRING()).coalesce(1)
            .write().text(cache + "/vocab");
      }
      terms.unpersist();
    }
    int copies = Integer.getInteger("gibbs.bench.replicate", 1);
    if (copies > 1) { // scale test only: the same documents c times (topics are then meaningless for NPMI)
      Dataset<Row> one = tf;
      for (int c = 1; c < copies; c++) {
        tf = tf.union(one);
      }
      tf = tf.repartition(parts).cache();
    }
    long nDocs = tf.count();
    double prep = secs(t0);
    System.out.printf("preprocessing: %d docs, vocabulary %d, %.1f s%n", nDocs, vocab.length, prep);

    long tf0 = System.nanoTime();
    GibbsLdaModel model = new GibbsLda().setK(k).setMaxIter(iters).setSeed(1).fit(tf);
    double fit = secs(tf0);
    GibbsLdaModel.TrainingSummary s = model.trainingSummary();
    double[] it = s.iterationSeconds();
    double total = 0;
    StringBuilder per = new StringBuilder();
    for (int i = 0; i < it.length; i++) {
      total += it[i];
      per.append(String.format("%.2f ", it[i]));
    }
    System.out.printf("tokens %,d, docs %,d, vocabulary %,d, k %d, partitions %d%n", s.numTokens(), s.numDocs(),
        vocab.length, k, tf.rdd().getNumPartitions());
    System.out.printf("fit wall %.1f s; iterations %d, mean %.2f s/iteration (median %.2f), %.0f ns/token/iteration%n",
        fit, it.length, total / it.length, median(it), 1e9 * total / it.length / s.numTokens());
    System.out.println("per-iteration seconds: " + per);
    System.out.println("LL/token every 10 iterations: " + java.util.Arrays.toString(s.logLikelihoodPerToken()));
    double[] alpha = model.alpha();
    System.out.printf("alpha sum %.3f, beta %.5f%n", java.util.Arrays.stream(alpha).sum(), model.beta());

    List<Row> top = model.topicTerms(vocab)
        .withColumn("rank", row_number().over(Window.partitionBy("topic").orderBy(col("weight").desc(),
            col("term"))))
        .where(col("rank").leq(10)).orderBy("topic", "rank").collectAsList();
    StringBuilder line = new StringBuilder();
    int current = -1;
    for (Row r : top) {
      int t = r.getInt(0);
      if (t != current) {
        if (current >= 0) {
          System.out.println(line);
        }
        line = new StringBuilder(String.format("%2d (alpha %.3f): ", t, alpha[t]));
        current = t;
      }
      line.append(r.getString(1)).append(' ');
    }
    System.out.println(line);
    model.unpersist();
    spark.stop();
  }

  private static double median(double[] x) {
    double[] c = x.clone();
    java.util.Arrays.sort(c);
    return c.length == 0 ? 0 : c[c.length / 2];
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
