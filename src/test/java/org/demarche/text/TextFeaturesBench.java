package org.demarche.text;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.sum;

import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Not a unit test: times the text stages (tokenizer → phrases → lemmatizer → stopwords → CountVectorizer + IDF) on the
 * first N AllSides documents, read in place. Prints docs/s and MB/s (UTF-8 bytes of {@code text}) per step.
 *
 * <p>How it was run (from the repository root; OPTS = the {@code spark.module.options} property of pom.xml):
 *
 * <pre>
 * mvn -q -o test-compile &amp;&amp; mvn -q -o dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * OPENBLAS_NUM_THREADS=1 java $OPTS -Ddev.ludovic.netlib.blas.allowNative=false -Xmx4g \
 *   -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) org.demarche.text.TextFeaturesBench \
 *   [N=5000] [file=../shared/data/allsides_article_bias/allsides_2012-2014.jsonl.bz2] [algorithm=kstem]
 * </pre>
 */
public final class TextFeaturesBench {
  private TextFeaturesBench() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    String file = args.length > 1 ? args[1] : "../shared/data/allsides_article_bias/allsides_2012-2014.jsonl.bz2";
    String algorithm = args.length > 2 ? args[2] : "kstem";
    SparkSession spark = SparkSession.builder().appName("text-bench").master("local[2]")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");

    long t0 = System.nanoTime();
    Dataset<Row> docs = spark.read().json(file).select("id", "text").where(col("text").isNotNull()).limit(n)
        .repartition(4).cache();
    long count = docs.count();
    Row bytes = docs.select(sum(functions.expr("octet_length(text)"))).first();
    double mb = bytes.getLong(0) / 1e6;
    System.out.printf("read %d docs, %.1f MB of text in %.1f s (bz2 JSON, one input partition)%n", count, mb,
        secs(t0));

    // page furniture out first, as the job's clean stage does (captions, "Continue reading", newsletter prompts)
    long tc = System.nanoTime();
    docs = new org.demarche.clean.BoilerplateRemover().setInputCol("text").setOutputCol("body").transform(docs)
        .select(col("id"), col("body").as("text")).cache();
    docs.count();
    report("boilerplate removal (clean stage)", count, mb, tc, "");

    // single-thread, no Spark: the library cost alone
    List<String> sample = docs.select("text").limit(2000).as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    java.util.function.Function<String, String[]> plainTok = new NewsTokenizer().tokenizer();
    java.util.function.UnaryOperator<String[]> plainLem = new Lemmatizer().lemmatizer();
    double sampleMb = sample.stream().mapToLong(x -> x.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .sum() / 1e6;
    for (int rep = 0; rep < 2; rep++) { // the first round warms the JIT
      long ts = System.nanoTime();
      long nt = 0;
      for (String x : sample) {
        nt += plainTok.apply(x).length;
      }
      double tokS = secs(ts);
      ts = System.nanoTime();
      for (String x : sample) {
        plainLem.apply(plainTok.apply(x));
      }
      double both = secs(ts);
      System.out.printf("single thread, no Spark (round %d): tokenize %.1f MB/s (%,d tokens), tokenize+kstem %.1f"
          + " MB/s%n", rep + 1, sampleMb / tokS, nt, sampleMb / both);
    }

    TextStages.Options o = TextStages.Options.defaults();
    o = new TextStages.Options(o.minTokenLength(), o.keepHyphenated(), algorithm, o.phrases(), o.phraseMinCount(),
        o.phraseScoring(), o.phraseThreshold(), o.phraseMaxN(), o.protectedPhrases(), o.extraStopWords(), true,
        o.tfidf());
    List<PipelineStage> stages = TextStages.stages("text", o);

    // each stage alone, materialised, so that the per-step figures add up
    NewsTokenizer tok = (NewsTokenizer) stages.get(0);
    long t = System.nanoTime();
    Dataset<Row> tokens = tok.transform(docs).select(col("id"), col(TextStages.TOKENS)).cache();
    long nTokens = tokens.select(sum(functions.size(col(TextStages.TOKENS)))).first().getLong(0);
    report("tokenize (Lucene UAX29)", count, mb, t, String.format("%,d tokens", nTokens));

    t = System.nanoTime();
    PhraseModel pm = ((PhraseDetector) stages.get(1)).fit(tokens);
    report("phrases: fit", count, mb, t, pm.numPhrases() + " phrases");
    t = System.nanoTime();
    Dataset<Row> phrased = pm.transform(tokens).select(col("id"), col(TextStages.PHRASED)).cache();
    phrased.count();
    report("phrases: transform", count, mb, t, "");

    t = System.nanoTime();
    Dataset<Row> lemmas = ((Lemmatizer) stages.get(2)).transform(phrased).cache();
    lemmas.count();
    report("lemmatize (" + algorithm + ")", count, mb, t, "");

    t = System.nanoTime();
    Dataset<Row> terms = ((NewsStopWordsRemover) stages.get(3)).transform(lemmas).select(col("id"),
        col(TextStages.TERMS)).cache();
    long nTerms = terms.select(sum(functions.size(col(TextStages.TERMS)))).first().getLong(0);
    report("stopwords", count, mb, t, String.format("%,d terms", nTerms));

    t = System.nanoTime();
    PipelineModel tfidf = new Pipeline().setStages(stages.subList(4, 6).toArray(new PipelineStage[0])).fit(terms);
    tfidf.transform(terms).select(TextStages.TFIDF).foreach(r -> { });
    report("CountVectorizer + IDF (fit + transform)", count, mb, t,
        ((CountVectorizerModel) tfidf.stages()[0]).vocabulary().length + " terms in vocabulary");

    System.out.printf("total after read: %.1f s%n", secs(t0));

    // the whole pipeline in one go (fit + transform), as the job will run it
    long tw = System.nanoTime();
    PipelineModel whole = new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(docs);
    whole.transform(docs).select(TextStages.TFIDF).foreach(r -> { });
    report("whole pipeline (fit + transform)", count, mb, tw, "");

    String[] top = pm.phrases();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(60, top.length); i++) {
      sb.append(top[i].replace(' ', '_')).append(' ');
    }
    System.out.println("top phrases: " + sb);
    StringBuilder fr = new StringBuilder();
    long[] c = pm.counts();
    int shown = 0;
    for (int i = 0; i < top.length && shown < 60; i++) {
      if (c[i] >= 200) {
        fr.append(top[i].replace(' ', '_')).append('(').append(c[i]).append(") ");
        shown++;
      }
    }
    System.out.println("frequent phrases (count >= 200): " + fr);
    spark.stop();
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void report(String step, long docs, double mb, long t0, String extra) {
    double s = secs(t0);
    System.out.printf("%-42s %7.1f s %8.0f docs/s %6.2f MB/s  %s%n", step, s, docs / s, mb / s, extra);
  }
}
