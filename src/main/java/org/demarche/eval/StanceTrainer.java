package org.demarche.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.demarche.stance.tone.LogCountRatioScaler;
import org.demarche.stance.tone.NewsMtsc;
import org.demarche.stance.tone.TargetEmbedder;
import org.demarche.stance.tone.TargetFeaturizer;
import org.demarche.stance.tone.ToneLexicon;

/**
 * Trains the targeted-tone classifier: {@code Pipeline(TargetFeaturizer, LogCountRatioScaler, LogisticRegression
 * multinomial)} on the 80 % part of NewsMTSC ({@link NewsMtsc#split}, by sentence). The defaults: all extra feature
 * families but none from a non-redistributable lexicon, NBSVM scaling (alpha 1), unstandardised L2 0.015, class
 * weights balanced; 3-fold CV macro-F1 0.662 inside the 80 % part (0.578 for the first model).
 *
 * <p>Input columns of the fitted model: {@code sentence} (string), {@code target_start}, {@code target_end} (int, end
 * exclusive). Output columns: {@code raw_features} (with the scaler), {@code features}, {@code rawPrediction}, {@code probability} (vector of 3) and
 * {@code prediction} (double 0 = negative, 1 = neutral, 2 = positive, {@link NewsMtsc#LABELS}).
 *
 * <p>Deterministic: the examples are read in file order, the training frame has one partition (so L-BFGS sums in
 * a fixed order), hashing is seeded with a constant; the same seed gives the same split and the same coefficients.
 * Hyper-parameters ({@link Settings#DEFAULT}) were chosen by {@link #crossValidate} (3 folds by sentence inside the
 * 80 % part of seed 42); the 20 % part is used only for the final figure.
 */
public final class StanceTrainer {
  /** The default split seed. */
  public static final long DEFAULT_SEED = 42L;

  private StanceTrainer() {}

  /**
   * Featurizer switches and classifier settings. {@code extras} switches the extra feature families of
   * {@link TargetFeaturizer} ({@code X_*} bits); {@code nbAlpha > 0} puts a {@link LogCountRatioScaler} (smoothing
   * {@code nbAlpha}) between the featurizer and the classifier, 0 leaves it out.
   */
  public record Settings(int numFeatures, int windowSize, boolean useBigrams, boolean maskNames,
      boolean lexiconFeatures, double regParam, double elasticNet, boolean standardization, boolean balanced,
      int maxIter, int extras, double nbAlpha) {
    /** The tuned defaults (see the class comment). */
    public static final Settings DEFAULT = new Settings(1 << 16, 4, true, true, true, 0.015, 0.0, false, true, 500,
        TargetFeaturizer.X_NEAREST | TargetFeaturizer.X_ROLE | TargetFeaturizer.X_SPEAKER | TargetFeaturizer.X_CHARS
            | TargetFeaturizer.X_CLAUSE_SIDE | TargetFeaturizer.X_DISTANCE | TargetFeaturizer.X_STEMS, 1.0);

    /** The first model's settings: no extra families, no scaler. */
    public Settings(int numFeatures, int windowSize, boolean useBigrams, boolean maskNames, boolean lexiconFeatures,
        double regParam, double elasticNet, boolean standardization, boolean balanced, int maxIter) {
      this(numFeatures, windowSize, useBigrams, maskNames, lexiconFeatures, regParam, elasticNet, standardization,
          balanced, maxIter, 0, 0.0);
    }

    public Settings withReg(double reg) {
      return new Settings(numFeatures, windowSize, useBigrams, maskNames, lexiconFeatures, reg, elasticNet,
          standardization, balanced, maxIter, extras, nbAlpha);
    }

    public Settings withStandardization(boolean s) {
      return new Settings(numFeatures, windowSize, useBigrams, maskNames, lexiconFeatures, regParam, elasticNet, s,
          balanced, maxIter, extras, nbAlpha);
    }

    public Settings withElasticNet(double en) {
      return new Settings(numFeatures, windowSize, useBigrams, maskNames, lexiconFeatures, regParam, en,
          standardization, balanced, maxIter, extras, nbAlpha);
    }

    public Settings withBalanced(boolean b) {
      return new Settings(numFeatures, windowSize, useBigrams, maskNames, lexiconFeatures, regParam, elasticNet,
          standardization, b, maxIter, extras, nbAlpha);
    }

    public Settings withWindow(int w) {
      return new Settings(numFeatures, w, useBigrams, maskNames, lexiconFeatures, regParam, elasticNet,
          standardization, balanced, maxIter, extras, nbAlpha);
    }

    public Settings withMaskNames(boolean m) {
      return new Settings(numFeatures, windowSize, useBigrams, m, lexiconFeatures, regParam, elasticNet,
          standardization, balanced, maxIter, extras, nbAlpha);
    }

    public Settings withBigrams(boolean b) {
      return new Settings(numFeatures, windowSize, b, maskNames, lexiconFeatures, regParam, elasticNet,
          standardization, balanced, maxIter, extras, nbAlpha);
    }

    public Settings withNumFeatures(int nf) {
      return new Settings(nf, windowSize, useBigrams, maskNames, lexiconFeatures, regParam, elasticNet,
          standardization, balanced, maxIter, extras, nbAlpha);
    }

    public Settings withLexiconFeatures(boolean l) {
      return new Settings(numFeatures, windowSize, useBigrams, maskNames, l, regParam, elasticNet, standardization,
          balanced, maxIter, extras, nbAlpha);
    }

    public Settings withExtras(int x) {
      return new Settings(numFeatures, windowSize, useBigrams, maskNames, lexiconFeatures, regParam, elasticNet,
          standardization, balanced, maxIter, x, nbAlpha);
    }

    public Settings withNbAlpha(double a) {
      return new Settings(numFeatures, windowSize, useBigrams, maskNames, lexiconFeatures, regParam, elasticNet,
          standardization, balanced, maxIter, extras, a);
    }
  }

  /**
   * The in-domain word vectors: Spark {@code Word2Vec} (skip-gram, {@code dim} values, window 5, {@code minCount},
   * one partition, seeded) on the 80 % part's sentences plus every {@code everyNth} paragraph of the unlabeled corpus
   * files (JSON Lines, bz2 or plain, field {@code text}); the {@code maxWords} most frequent words are kept and the
   * features scaled by {@code scale} ({@link TargetEmbedder}). {@code dim = 0}: no embedding features.
   */
  public record Embedding(List<Path> corpus, int everyNth, int dim, int minCount, int maxWords, double scale) {
    /** No embedding features. */
    public static final Embedding NONE = new Embedding(List.of(), 1, 0, 5, 0, 1.0);

    /** The shipped model's: the UN General Debate speeches (UNGDC, CC0) in {@code ungdcDir}. */
    public static Embedding defaults(Path ungdcDir) {
      List<Path> files = new ArrayList<>();
      for (String f : List.of("ungdc_speeches_1946-1969", "ungdc_speeches_1970-1989", "ungdc_speeches_1990-2004",
          "ungdc_speeches_2005-2024")) {
        files.add(ungdcDir.resolve(f + ".jsonl.bz2"));
      }
      return new Embedding(files, 6, 64, 5, 30000, 3.0);
    }
  }

  /** The normalised words of a text ({@link ToneLexicon#tokenize}, {@link TargetFeaturizer#norm}). */
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

  /** The Word2Vec input: one word list per training sentence and per kept corpus paragraph, in a fixed order. */
  static List<List<String>> corpus(List<NewsMtsc.Example> train, Embedding e) {
    List<List<String>> out = new ArrayList<>();
    String last = null;
    for (NewsMtsc.Example x : train) {
      if (!x.sentence().equals(last)) {
        out.add(words(x.sentence()));
        last = x.sentence();
      }
    }
    com.fasterxml.jackson.databind.ObjectMapper om = new com.fasterxml.jackson.databind.ObjectMapper();
    long para = 0;
    for (Path f : e.corpus()) {
      try (java.io.InputStream raw = Files.newInputStream(f);
          java.io.InputStream in = f.toString().endsWith(".bz2")
              ? new org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream(raw, true) : raw;
          java.io.BufferedReader r = new java.io.BufferedReader(
              new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          String text = om.readTree(line).path("text").asText("");
          for (String p : text.split("\\n\\s*\\n")) {
            if (para++ % e.everyNth() != 0) {
              continue;
            }
            List<String> ws = words(p.replace('\n', ' '));
            if (ws.size() >= 3) {
              out.add(ws);
            }
          }
        }
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot read corpus file " + f, ex);
      }
    }
    return out;
  }

  /** Trains the word vectors of {@code e} (deterministic: one partition, seed) and wraps them in a stage. */
  public static TargetEmbedder embedder(SparkSession spark, List<NewsMtsc.Example> train, Embedding e, long seed) {
    List<List<String>> sentences = corpus(train, e);
    java.util.Map<String, Long> counts = new java.util.HashMap<>();
    List<Row> rows = new ArrayList<>(sentences.size());
    for (List<String> ws : sentences) {
      for (String w : ws) {
        counts.merge(w, 1L, Long::sum);
      }
      rows.add(org.apache.spark.sql.RowFactory.create(ws));
    }
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType().add("words",
        org.apache.spark.sql.types.DataTypes.createArrayType(org.apache.spark.sql.types.DataTypes.StringType));
    Dataset<Row> df = spark.createDataFrame(rows, schema).coalesce(1);
    org.apache.spark.ml.feature.Word2VecModel w2v = new org.apache.spark.ml.feature.Word2Vec().setInputCol("words")
        .setOutputCol("w2v").setVectorSize(e.dim()).setMinCount(e.minCount()).setWindowSize(5).setMaxIter(1)
        .setNumPartitions(1).setSeed(seed).fit(df);
    List<Row> vs = w2v.getVectors().collectAsList();
    List<Row> kept = new ArrayList<>(vs);
    kept.sort((a, b) -> {
      int c = Long.compare(counts.getOrDefault(b.getString(0), 0L), counts.getOrDefault(a.getString(0), 0L));
      return c != 0 ? c : a.getString(0).compareTo(b.getString(0));
    });
    kept = kept.subList(0, Math.min(e.maxWords(), kept.size()));
    String[] words = new String[kept.size()];
    float[][] vectors = new float[kept.size()][];
    for (int i = 0; i < words.length; i++) {
      words[i] = kept.get(i).getString(0);
      double[] v = ((org.apache.spark.ml.linalg.Vector) kept.get(i).get(1)).toArray();
      vectors[i] = new float[v.length];
      for (int j = 0; j < v.length; j++) {
        vectors[i][j] = (float) v[j];
      }
    }
    return new TargetEmbedder("targetEmbedder_tone", words, vectors).setTextCol("sentence")
        .setTargetStartCol("target_start").setTargetEndCol("target_end").setOutputCol("embedding")
        .setScale(e.scale());
  }

  /** One cross-validation result. */
  public record CvResult(Settings settings, double meanMacroF1, double[] foldMacroF1) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "cv macro-F1 %.4f  %s", meanMacroF1, settings);
    }
  }

  /** The unfitted pipeline for {@code s}. */
  public static Pipeline pipeline(Settings s) {
    return pipeline(s, null);
  }

  /**
   * The unfitted pipeline for {@code s}; with {@code embedder} (needs the scaler) the scaled features and the
   * embedding features are joined by a {@code VectorAssembler} before the classifier.
   */
  public static Pipeline pipeline(Settings s, TargetEmbedder embedder) {
    TargetFeaturizer f = new TargetFeaturizer("targetFeaturizer_tone")
        .setTextCol("sentence").setTargetStartCol("target_start").setTargetEndCol("target_end")
        .setOutputCol(s.nbAlpha() > 0 ? "raw_features" : "features").setNumFeatures(s.numFeatures())
        .setWindowSize(s.windowSize()).setUseBigrams(s.useBigrams()).setMaskNames(s.maskNames())
        .setLexiconFeatures(s.lexiconFeatures()).setExtras(s.extras());
    LogisticRegression lr = new LogisticRegression("logreg_tone")
        .setFamily("multinomial").setFeaturesCol("features").setLabelCol("label_index")
        .setRegParam(s.regParam()).setElasticNetParam(s.elasticNet()).setStandardization(s.standardization())
        .setMaxIter(s.maxIter()).setTol(1e-6);
    if (s.balanced()) {
      lr.setWeightCol("weight");
    }
    if (s.nbAlpha() > 0) {
      LogCountRatioScaler nb = new LogCountRatioScaler("logCountRatio_tone").setInputCol("raw_features")
          .setOutputCol(embedder == null ? "features" : "nb_features").setLabelCol("label_index")
          .setAlpha(s.nbAlpha()).setNumScaled(s.numFeatures());
      if (embedder != null) {
        org.apache.spark.ml.feature.VectorAssembler va = new org.apache.spark.ml.feature.VectorAssembler(
            "assembler_tone").setInputCols(new String[] {"nb_features", embedder.getOutputCol()})
            .setOutputCol("features");
        return new Pipeline("pipeline_tone").setStages(new PipelineStage[] {f, nb, embedder, va, lr});
      }
      return new Pipeline("pipeline_tone").setStages(new PipelineStage[] {f, nb, lr});
    }
    return new Pipeline("pipeline_tone").setStages(new PipelineStage[] {f, lr});
  }

  /** Fits {@link #pipeline} on {@code train} (one partition, in list order). */
  public static PipelineModel fit(SparkSession spark, List<NewsMtsc.Example> train, Settings s) {
    return fit(spark, train, s, null);
  }

  /** Fits {@link #pipeline(Settings, TargetEmbedder)} on {@code train} (one partition, in list order). */
  public static PipelineModel fit(SparkSession spark, List<NewsMtsc.Example> train, Settings s,
      TargetEmbedder embedder) {
    Dataset<Row> df = NewsMtsc.toDataFrame(spark, train);
    if (s.balanced()) {
      long[] counts = new long[NewsMtsc.LABELS.size()];
      for (NewsMtsc.Example e : train) {
        counts[e.labelIndex()]++;
      }
      double n = train.size();
      double k = counts.length;
      df = df.withColumn("weight", when(col("label_index").equalTo(0.0), n / (k * Math.max(1, counts[0])))
          .when(col("label_index").equalTo(1.0), n / (k * Math.max(1, counts[1])))
          .otherwise(n / (k * Math.max(1, counts[2]))));
    }
    Dataset<Row> cached = df.coalesce(1).cache();
    try {
      return pipeline(s, embedder).fit(cached);
    } finally {
      cached.unpersist();
    }
  }

  /** {@code k}-fold cross-validation by sentence inside {@code train}; folds fixed by {@code seed}. */
  public static List<CvResult> crossValidate(SparkSession spark, List<NewsMtsc.Example> train, List<Settings> grid,
      int k, long seed) {
    return crossValidate(spark, train, grid, k, seed, null);
  }

  /**
   * As {@link #crossValidate(SparkSession, List, List, int, long)} with the embedding features of {@code embedder}
   * (null: none). The word vectors are unsupervised and trained once on all sentences of {@code train} (no labels).
   */
  public static List<CvResult> crossValidate(SparkSession spark, List<NewsMtsc.Example> train, List<Settings> grid,
      int k, long seed, TargetEmbedder embedder) {
    List<CvResult> out = new ArrayList<>();
    for (Settings s : grid) {
      double[] f = new double[k];
      for (int fold = 0; fold < k; fold++) {
        List<NewsMtsc.Example> in = new ArrayList<>();
        List<NewsMtsc.Example> held = new ArrayList<>();
        for (NewsMtsc.Example e : train) {
          (NewsMtsc.fold(e.sentence(), seed, k) == fold ? held : in).add(e);
        }
        f[fold] = StanceEvaluation.model(spark, fit(spark, in, s, embedder), held).macroF1();
        System.out.printf(Locale.ROOT, "fold %d macro-F1 %.4f%n", fold, f[fold]);
      }
      double mean = java.util.Arrays.stream(f).average().orElse(0);
      CvResult r = new CvResult(s, mean, f);
      System.out.println(r);
      out.add(r);
    }
    return out;
  }

  /**
   * Fits the default model on the 80 % part of {@code newsmtscFile} for {@code seed}, writes it to {@code outDir}
   * (overwriting) with a {@code MANIFEST.txt} listing its files, and returns both systems' figures on the 20 % part.
   */
  public static StanceEvaluation.Report train(SparkSession spark, Path newsmtscFile, long seed, Path outDir) {
    return train(spark, newsmtscFile, seed, outDir, Settings.DEFAULT, Embedding.NONE);
  }

  public static StanceEvaluation.Report train(SparkSession spark, Path newsmtscFile, long seed, Path outDir,
      Settings s, Embedding e) {
    NewsMtsc.Split split = NewsMtsc.split(NewsMtsc.read(newsmtscFile), seed);
    TargetEmbedder embedder = e.dim() > 0 ? embedder(spark, split.train(), e, seed) : null;
    PipelineModel model = fit(spark, split.train(), s, embedder);
    try {
      model.write().overwrite().save(outDir.toString());
      writeManifest(outDir, seed, split.train().size(), s, e);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write the model to " + outDir, ex);
    }
    StanceEvaluation.Thresholds t = StanceEvaluation.fitThresholds(split.train());
    return new StanceEvaluation.Report(seed, split.train().size(), split.test().size(), t,
        StanceEvaluation.lexicon(split.test(), t), StanceEvaluation.model(spark, model, split.test()));
  }

  /**
   * Removes Hadoop's {@code .crc} side files and {@code _SUCCESS} markers from a saved model and writes
   * {@code MANIFEST.txt} listing the remaining files (sorted), with the training facts.
   */
  static void writeManifest(Path dir, long seed, int trainTargets, StanceTrainer.Settings s,
      StanceTrainer.Embedding e) throws IOException {
    List<String> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
        String name = p.getFileName().toString();
        if (!Files.isRegularFile(p)) {
          continue;
        }
        if (name.endsWith(".crc") || name.equals("_SUCCESS") || name.equals("MANIFEST.txt")) {
          Files.delete(p);
          continue;
        }
        files.add(dir.relativize(p).toString().replace('\\', '/'));
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("# Targeted-tone PipelineModel (TargetFeaturizer [+ LogCountRatioScaler] + multinomial LogisticRegression),"
        + " Apache Spark format.\n");
    sb.append("# Trained by org.demarche.eval.StanceTrainer on NewsMTSC train (fhamborg/NewsMTSC commit\n");
    sb.append("# b9d9b79704ed1b35cecaf1d7c2343dc1bd734fb7, MIT), 80% part of the split by sentence.\n");
    sb.append("# prediction: 0 negative, 1 neutral, 2 positive. Inputs: sentence, target_start, target_end.\n");
    sb.append("seed ").append(seed).append('\n');
    sb.append("train_targets ").append(trainTargets).append('\n');
    sb.append("settings ").append(s).append('\n');
    if (e.dim() > 0) {
      sb.append("# Word vectors: Spark Word2Vec trained by us (seeded, one partition) on the 80% part's sentences and\n");
      sb.append("# every ").append(e.everyNth()).append("th paragraph of the UN General Debate corpus (UNGDC v12, CC0);"
          + " most frequent ").append(e.maxWords()).append(" words kept.\n");
      sb.append("embedding dim=").append(e.dim()).append(" minCount=").append(e.minCount()).append(" maxWords=")
          .append(e.maxWords()).append(" everyNth=").append(e.everyNth()).append(" scale=").append(e.scale());
      for (Path c : e.corpus()) {
        sb.append(' ').append(c.getFileName());
      }
      sb.append('\n');
    }
    for (String f : files) {
      sb.append("file ").append(f).append('\n');
    }
    Files.writeString(dir.resolve("MANIFEST.txt"), sb.toString());
  }

  /**
   * {@code train <newsmtsc.jsonl.gz> <seed> <outDir>} or {@code tune <newsmtsc.jsonl.gz> <seed>} (cross-validation
   * inside the 80 % part only). Runs on {@code local[2]}.
   */
  public static void main(String[] args) throws IOException {
    SparkSession spark = SparkSession.builder().appName("demarche-stance-train").master("local[2]")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Path file = Path.of(args[1]);
    long seed = Long.parseLong(args[2]);
    if (args[0].equals("train")) {
      Path out = Path.of(args[3]);
      Files.createDirectories(out.getParent() == null ? Path.of(".") : out.getParent());
      System.out.println(train(spark, file, seed, out));
    } else {
      List<NewsMtsc.Example> train = NewsMtsc.split(NewsMtsc.read(file), seed).train();
      Settings d = Settings.DEFAULT;
      List<Settings> grid = new ArrayList<>();
      String which = args.length > 3 ? args[3] : "reg";
      switch (which) {
        case "reg" -> {
          for (double r : new double[] {0.003, 0.01, 0.03, 0.1}) {
            grid.add(d.withReg(r));
          }
        }
        case "std" -> {
          for (double r : new double[] {0.0003, 0.001, 0.003}) {
            grid.add(d.withStandardization(false).withReg(r));
          }
        }
        case "nb" -> {
          grid.add(d.withNbAlpha(0.0));
          grid.add(d.withExtras(0));
          grid.add(d.withExtras(0).withNbAlpha(0.0).withStandardization(true).withReg(0.03));
        }
        case "feat" -> {
          grid.add(d.withWindow(2));
          grid.add(d.withWindow(8));
          grid.add(d.withMaskNames(false));
          grid.add(d.withLexiconFeatures(false));
          grid.add(d.withNumFeatures(1 << 17));
        }
        default -> grid.add(d);
      }
      TargetEmbedder embedder = null;
      if (which.equals("emb")) {
        // tune <file> <seed> emb <ungdcDir> [scale]: the default settings with word vectors from the ungdc folder
        Embedding e = Embedding.defaults(Path.of(args[4]));
        double scale = args.length > 5 ? Double.parseDouble(args[5]) : e.scale();
        e = new Embedding(e.corpus(), e.everyNth(), e.dim(), e.minCount(), e.maxWords(), scale);
        embedder = embedder(spark, train, e, seed);
        System.out.println("word vectors: " + embedder);
      }
      List<CvResult> rs = crossValidate(spark, train, grid, 3, seed, embedder);
      rs.sort((a, b) -> Double.compare(b.meanMacroF1(), a.meanMacroF1()));
      System.out.println("best: " + rs.get(0));
    }
    spark.stop();
  }
}
