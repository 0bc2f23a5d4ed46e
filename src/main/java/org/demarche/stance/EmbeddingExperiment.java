package org.demarche.stance;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.feature.Word2Vec;
import org.apache.spark.ml.feature.Word2VecModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Throwaway: in-domain word-embedding features for the tone model, measured by 3-fold CV inside the 80 % part. */
final class EmbeddingExperiment {
  private EmbeddingExperiment() {}

  static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    for (ToneLexicon.Token t : ToneLexicon.tokenize(text)) {
      String w = TargetFeaturizer.norm(t.key());
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  static void corpus(Path newsmtsc, Path dataDir, Path outDir, long seed) throws IOException {
    Files.createDirectories(outDir);
    try (BufferedWriter w = Files.newBufferedWriter(outDir.resolve("newsmtsc.txt"))) {
      String last = null;
      for (NewsMtsc.Example e : NewsMtsc.split(NewsMtsc.read(newsmtsc), seed).train()) {
        if (!e.sentence().equals(last)) {
          w.write(String.join(" ", words(e.sentence())));
          w.newLine();
          last = e.sentence();
        }
      }
    }
    ObjectMapper om = new ObjectMapper();
    for (String sub : List.of("ungdc", "allsides_article_bias")) {
      try (BufferedWriter w = Files.newBufferedWriter(outDir.resolve(sub + ".txt"))) {
        List<Path> files;
        try (var s = Files.list(dataDir.resolve(sub))) {
          files = s.filter(p -> p.toString().endsWith(".jsonl.bz2")).sorted().toList();
        }
        long n = 0;
        for (Path f : files) {
          try (InputStream in = new BZip2CompressorInputStream(Files.newInputStream(f), true);
              BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
              JsonNode d = om.readTree(line);
              String text = d.path("text").asText("");
              // UNGDC keeps line breaks inside paragraphs: split on blank lines there, on line breaks in news
              String[] paras = sub.equals("ungdc") ? text.split("\\n\\s*\\n") : text.split("\\n+");
              for (String p : paras) {
                List<String> ws = words(p.replace('\n', ' '));
                if (ws.size() >= 3) {
                  w.write(String.join(" ", ws));
                  w.newLine();
                  n += ws.size();
                }
              }
            }
          }
        }
        System.out.println(sub + ": " + n + " tokens");
      }
    }
  }

  static void w2v(SparkSession spark, List<String> files, int dim, int minCount, int iters, Path out) throws IOException {
    Dataset<Row> text = spark.read().text(files.toArray(new String[0])).coalesce(1);
    Dataset<Row> toks = text.selectExpr("split(value, ' ') AS words");
    long t = System.currentTimeMillis();
    Word2VecModel m = new Word2Vec().setInputCol("words").setOutputCol("v").setVectorSize(dim).setMinCount(minCount)
        .setWindowSize(5).setMaxIter(iters).setNumPartitions(1).setSeed(42).setStepSize(0.025).fit(toks);
    System.out.println("w2v fit " + (System.currentTimeMillis() - t) / 1000 + " s");
    List<Row> vs = m.getVectors().collectAsList();
    try (BufferedWriter w = Files.newBufferedWriter(out)) {
      for (Row r : vs) {
        StringBuilder sb = new StringBuilder(r.getString(0));
        for (double x : ((Vector) r.get(1)).toArray()) {
          sb.append(' ').append(String.format(Locale.ROOT, "%.5f", x));
        }
        w.write(sb.toString());
        w.newLine();
      }
    }
    System.out.println("vocab " + vs.size());
  }

  static Map<String, float[]> load(Path f) throws IOException {
    Map<String, float[]> m = new HashMap<>();
    for (String line : Files.readAllLines(f)) {
      String[] p = line.split(" ");
      float[] v = new float[p.length - 1];
      double norm = 0;
      for (int i = 1; i < p.length; i++) {
        v[i - 1] = Float.parseFloat(p[i]);
        norm += v[i - 1] * v[i - 1];
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < v.length; i++) {
        v[i] /= (float) Math.max(norm, 1e-9);
      }
      m.put(p[0], v);
    }
    return m;
  }

  /** Blocks: left (1/d weighted, clause), right (1/d weighted, clause), clause mean, sentence mean; each unit L2. */
  static double[] embed(Map<String, float[]> vec, int dim, NewsMtsc.Example e, int mode) {
    TargetedTone.Analysis a = new TargetedTone().analyze(e.sentence(), e.from(), e.to(), List.of());
    List<ToneLexicon.Token> tokens = a.valences().tokens();
    int blocks = 4;
    double[] out = new double[blocks * dim];
    double[] wsum = new double[blocks];
    for (int i = 0; i < tokens.size(); i++) {
      if (i >= a.t0() && i <= a.t1()) {
        continue;
      }
      float[] v = vec.get(TargetFeaturizer.norm(tokens.get(i).key()));
      if (v == null) {
        continue;
      }
      boolean inClause = i >= a.c0() && i < a.c1();
      int d = i < a.t0() ? a.t0() - i : i - a.t1();
      double wd = 1.0 / d;
      if (inClause || mode == 1) {
        int b = i < a.t0() ? 0 : 1;
        acc(out, b * dim, v, wd);
        wsum[b] += wd;
        if (inClause) {
          acc(out, 2 * dim, v, 1);
          wsum[2] += 1;
        }
      }
      acc(out, 3 * dim, v, 1);
      wsum[3] += 1;
    }
    for (int b = 0; b < blocks; b++) {
      double n = 0;
      for (int j = 0; j < dim; j++) {
        n += out[b * dim + j] * out[b * dim + j];
      }
      n = Math.sqrt(n);
      for (int j = 0; j < dim && n > 0; j++) {
        out[b * dim + j] /= n;
      }
    }
    return out;
  }

  private static void acc(double[] out, int off, float[] v, double w) {
    for (int j = 0; j < v.length; j++) {
      out[off + j] += w * v[j];
    }
  }

  static Dataset<Row> frame(SparkSession spark, List<NewsMtsc.Example> ex, Map<String, float[]> vec, int dim,
      double gamma, int mode) {
    StructType schema = NewsMtsc.SCHEMA.add("emb", SQLDataTypes.VectorType()).add("weight", DataTypes.DoubleType);
    long[] counts = new long[3];
    for (NewsMtsc.Example e : ex) {
      counts[e.labelIndex()]++;
    }
    List<Row> rows = new ArrayList<>();
    for (NewsMtsc.Example e : ex) {
      double[] x = vec == null ? new double[0] : embed(vec, dim, e, mode);
      for (int i = 0; i < x.length; i++) {
        x[i] *= gamma;
      }
      rows.add(RowFactory.create(e.sentenceId(), e.sentence(), e.from(), e.to(), e.mention(), e.label(),
          (double) e.labelIndex(), Vectors.dense(x), ex.size() / (3.0 * counts[e.labelIndex()])));
    }
    return spark.createDataFrame(rows, schema).coalesce(1);
  }

  static Pipeline pipeline(StanceTrainer.Settings s, boolean emb) {
    TargetFeaturizer f = new TargetFeaturizer("targetFeaturizer_tone")
        .setTextCol("sentence").setTargetStartCol("target_start").setTargetEndCol("target_end")
        .setOutputCol("raw_features").setNumFeatures(s.numFeatures())
        .setWindowSize(s.windowSize()).setUseBigrams(s.useBigrams()).setMaskNames(s.maskNames())
        .setLexiconFeatures(s.lexiconFeatures()).setExtras(s.extras());
    LogCountRatioScaler nb = new LogCountRatioScaler("logCountRatio_tone").setInputCol("raw_features")
        .setOutputCol(emb ? "nb_features" : "features").setLabelCol("label_index").setAlpha(s.nbAlpha())
        .setNumScaled(s.numFeatures());
    LogisticRegression lr = new LogisticRegression("logreg_tone").setFamily("multinomial").setFeaturesCol("features")
        .setLabelCol("label_index").setRegParam(s.regParam()).setElasticNetParam(s.elasticNet())
        .setStandardization(s.standardization()).setMaxIter(s.maxIter()).setTol(1e-6).setWeightCol("weight");
    if (!emb) {
      return new Pipeline().setStages(new PipelineStage[] {f, nb, lr});
    }
    VectorAssembler va = new VectorAssembler().setInputCols(new String[] {"nb_features", "emb"})
        .setOutputCol("features");
    return new Pipeline().setStages(new PipelineStage[] {f, nb, va, lr});
  }

  static double cv(SparkSession spark, List<NewsMtsc.Example> train, Map<String, float[]> vec, int dim, double gamma,
      int mode, StanceTrainer.Settings s, long seed) {
    int k = 3;
    double[] f = new double[k];
    for (int fold = 0; fold < k; fold++) {
      List<NewsMtsc.Example> in = new ArrayList<>();
      List<NewsMtsc.Example> held = new ArrayList<>();
      for (NewsMtsc.Example e : train) {
        (NewsMtsc.fold(e.sentence(), seed, k) == fold ? held : in).add(e);
      }
      String tmp = "/tmp/mtsc/frame_" + fold + "_" + ProcessHandle.current().pid();
      frame(spark, in, vec, dim, gamma, mode).write().mode("overwrite").parquet(tmp);
      Dataset<Row> tr = spark.read().parquet(tmp).coalesce(1).cache();
      PipelineModel m = pipeline(s, vec != null).fit(tr);
      tr.unpersist();
      List<Row> rows = m.transform(frame(spark, held, vec, dim, gamma, mode)).select("label_index", "prediction")
          .collectAsList();
      int[] g = new int[rows.size()];
      int[] p = new int[rows.size()];
      for (int i = 0; i < g.length; i++) {
        g[i] = (int) rows.get(i).getDouble(0);
        p[i] = (int) rows.get(i).getDouble(1);
      }
      StanceEvaluation.Metrics mt = StanceEvaluation.Metrics.of("cv", g, p);
      f[fold] = mt.macroF1();
    }
    double mean = java.util.Arrays.stream(f).average().orElse(0);
    System.out.printf(Locale.ROOT, "CV %.4f [%.4f %.4f %.4f] gamma %.2f mode %d reg %.4f%n", mean, f[0], f[1], f[2],
        gamma, mode, s.regParam());
    return mean;
  }

  public static void main(String[] args) throws IOException {
    long seed = 42;
    Path file = Path.of("/work/shared/data/newsmtsc/newsmtsc_train.jsonl.gz");
    if (args[0].equals("corpus")) {
      corpus(file, Path.of("/work/shared/data"), Path.of(args[1]), seed);
      return;
    }
    SparkSession spark = SparkSession.builder().appName("emb-exp").master("local[1]")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    if (args[0].equals("w2v")) {
      w2v(spark, List.of(args[5].split(",")), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
          Integer.parseInt(args[3]), Path.of(args[4]));
    } else {
      List<NewsMtsc.Example> train = NewsMtsc.split(NewsMtsc.read(file), seed).train();
      Map<String, float[]> vec = args[1].equals("none") ? null : load(Path.of(args[1]));
      int dim = vec == null ? 0 : vec.values().iterator().next().length;
      for (String spec : args[2].split(";")) {
        String[] p = spec.split(",");
        double gamma = Double.parseDouble(p[0]);
        int mode = Integer.parseInt(p[1]);
        double reg = Double.parseDouble(p[2]);
        cv(spark, train, vec, dim, gamma, mode, StanceTrainer.Settings.DEFAULT.withReg(reg), seed);
      }
    }
    spark.stop();
  }
}
