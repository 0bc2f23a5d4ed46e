package org.demarche.stance.tone;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;

/**
 * A trained targeted-tone {@link PipelineModel} applied to one target at a time, inside the per-document stance stage:
 * each stage of the model is run through its own per-row function ({@link TargetFeaturizer#features},
 * {@link LogCountRatioScalerModel}'s scaling, {@link TargetEmbedder}'s embedding, {@link VectorAssembler}'s
 * concatenation) and the classifier through Spark's {@link LogisticRegressionModel#predictProbability}, so the
 * probabilities are those {@code model.transform} gives for the same sentence and span, without exploding the units
 * into rows of vectors.
 *
 * <p>The models {@code train stance} writes have these stages: featurizer, [scaler, [embedder, assembler]], logistic
 * regression. Any other stage fails {@link #of} with a message naming it. Serializable (broadcast to executors).
 */
public final class ToneScorer implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One model stage as a function of the columns computed so far. */
  private interface Step extends Serializable {
    void apply(String sentence, List<ToneLexicon.Token> tokens, int start, int end, TargetedTone.Analysis analysis,
        Map<String, Vector> cols);
  }

  private final List<Step> steps;
  private final LogisticRegressionModel classifier;
  private final String featuresCol;

  private ToneScorer(List<Step> steps, LogisticRegressionModel classifier) {
    this.steps = steps;
    this.classifier = classifier;
    this.featuresCol = classifier.getFeaturesCol();
  }

  /** The scorer of {@code model}; fails naming the stage it cannot apply row by row. */
  public static ToneScorer of(PipelineModel model) {
    Transformer[] stages = model.stages();
    if (stages.length == 0 || !(stages[stages.length - 1] instanceof LogisticRegressionModel lr)) {
      throw new IllegalArgumentException("a tone model must end with a LogisticRegressionModel (written by "
          + "`demarche train stance`); this one ends with "
          + (stages.length == 0 ? "no stage" : stages[stages.length - 1].getClass().getSimpleName()));
    }
    if (lr.numClasses() != NewsMtsc.LABELS.size()) {
      throw new IllegalArgumentException("a tone model must have " + NewsMtsc.LABELS.size() + " classes "
          + NewsMtsc.LABELS + "; this one has " + lr.numClasses());
    }
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < stages.length - 1; i++) {
      steps.add(step(stages[i]));
    }
    return new ToneScorer(steps, lr);
  }

  private static Step step(Transformer t) {
    if (t instanceof TargetFeaturizer f) {
      final TargetFeaturizer.Config cfg = new TargetFeaturizer.Config(f.getNumFeatures(), f.getWindowSize(),
          f.getUseBigrams(), f.getMaskNames(), f.getLexiconFeatures(), f.getExtras());
      final String out = f.getOutputCol();
      return (s, tokens, a, b, analysis, cols) -> cols.put(out,
          TargetFeaturizer.features(s, tokens, a, b, cfg, analysis));
    }
    if (t instanceof LogCountRatioScalerModel m) {
      final double[] scale = m.scale();
      final String in = m.getInputCol();
      final String out = m.getOutputCol();
      return (s, tokens, a, b, analysis, cols) -> cols.put(out, LogCountRatioScalerModel.apply(cols.get(in), scale));
    }
    if (t instanceof TargetEmbedder e) {
      final Map<String, float[]> table = new HashMap<>(e.table());
      final int dim = e.dim();
      final double scale = e.getScale();
      final String out = e.getOutputCol();
      return (s, tokens, a, b, analysis, cols) -> cols.put(out, Vectors.dense(TargetEmbedder.embed(table, dim, scale, s, a, b)));
    }
    if (t instanceof VectorAssembler va) {
      final String[] in = va.getInputCols();
      final String out = va.getOutputCol();
      return (s, tokens, a, b, analysis, cols) -> cols.put(out, concat(in, cols));
    }
    throw new IllegalArgumentException("a tone model stage of type " + t.getClass().getSimpleName() + " (uid "
        + t.uid() + ") cannot be applied inside the stance stage; train the model with `demarche train stance`");
  }

  /** The vectors of {@code names} end to end, as {@link VectorAssembler} joins them (zeros left out). */
  private static Vector concat(String[] names, Map<String, Vector> cols) {
    SparseVector[] parts = new SparseVector[names.length];
    int nnz = 0;
    for (int i = 0; i < names.length; i++) {
      parts[i] = cols.get(names[i]).toSparse();
      nnz += parts[i].indices().length;
    }
    int[] idx = new int[nnz];
    double[] val = new double[nnz];
    int size = 0;
    int p = 0;
    for (SparseVector v : parts) {
      for (int k = 0; k < v.indices().length; k++, p++) {
        idx[p] = size + v.indices()[k];
        val[p] = v.values()[k];
      }
      size += v.size();
    }
    return Vectors.sparse(size, idx, val).compressed();
  }

  /**
   * The class probabilities (negative, neutral, positive) for the target at {@code [start, end)} of {@code sentence},
   * whose VADER tokens ({@link ToneLexicon#tokenize}) are {@code tokens}; null text or a span outside it gives the
   * probabilities of an empty feature vector, as {@code model.transform} does.
   */
  public double[] probabilities(String sentence, List<ToneLexicon.Token> tokens, int start, int end) {
    return probabilities(sentence, tokens, start, end, null);
  }

  /**
   * As {@link #probabilities(String, List, int, int)}, with {@code analysis} = {@link TargetedTone#DEFAULT}'s analysis
   * of the target with nothing else masked, when the caller has it (null: computed here).
   */
  public double[] probabilities(String sentence, List<ToneLexicon.Token> tokens, int start, int end,
      TargetedTone.Analysis analysis) {
    Map<String, Vector> cols = new HashMap<>(8);
    for (Step s : steps) {
      s.apply(sentence, tokens, start, end, analysis, cols);
    }
    return classifier.predictProbability(cols.get(featuresCol)).toArray();
  }

  /**
   * The scorer of the saved tone model at {@code path} (a {@link PipelineModel} folder), loaded on the driver and
   * broadcast to the executors; null for an empty path (lexicon scores only).
   */
  public static org.apache.spark.broadcast.Broadcast<ToneScorer> broadcast(org.apache.spark.sql.SparkSession spark,
      String path) {
    if (path == null || path.isEmpty()) {
      return null;
    }
    ToneScorer scorer = of(PipelineModel.load(path));
    return org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(scorer);
  }

  /** The index of the largest probability (the first on a tie), as the classifier's {@code prediction}. */
  public static int prediction(double[] p) {
    return Vectors.dense(p).argmax();
  }
}
