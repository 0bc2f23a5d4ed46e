package org.demarche.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.demarche.stance.tone.NewsMtsc;
import org.demarche.stance.tone.TargetedTone;

/**
 * Targeted-sentiment evaluation on NewsMTSC: per-class precision, recall and F1 and macro-F1 on the held-out 20 % of
 * the seeded split by sentence ({@link NewsMtsc#split}), for (a) the lexicon alone ({@link TargetedTone} score with
 * two thresholds chosen on the 80 % part to maximise macro-F1 there) and (b) a trained model.
 *
 * <p>{@link #newsMtsc} reads the file, never looks at the 20 % part before the final figures, and returns a
 * {@link Report} whose {@code toString()} is a printable table.
 */
public final class StanceEvaluation {
  private StanceEvaluation() {}

  /** Scores of one class. */
  public record ClassScore(String label, double precision, double recall, double f1, int support) {}

  /** Scores of one system on one set. */
  public record Metrics(String system, List<ClassScore> classes, double macroF1, double accuracy, int n) {
    /** Computes the scores from gold and predicted class indices (0..2, {@link NewsMtsc#LABELS}). */
    public static Metrics of(String system, int[] gold, int[] predicted) {
      int k = NewsMtsc.LABELS.size();
      int[][] cm = new int[k][k];
      int correct = 0;
      for (int i = 0; i < gold.length; i++) {
        cm[gold[i]][predicted[i]]++;
        if (gold[i] == predicted[i]) {
          correct++;
        }
      }
      List<ClassScore> cs = new ArrayList<>();
      double sum = 0;
      for (int c = 0; c < k; c++) {
        int tp = cm[c][c];
        int predC = 0;
        int goldC = 0;
        for (int j = 0; j < k; j++) {
          predC += cm[j][c];
          goldC += cm[c][j];
        }
        double p = predC == 0 ? 0 : (double) tp / predC;
        double r = goldC == 0 ? 0 : (double) tp / goldC;
        double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
        cs.add(new ClassScore(NewsMtsc.LABELS.get(c), p, r, f, goldC));
        sum += f;
      }
      return new Metrics(system, cs, sum / k, gold.length == 0 ? 0 : (double) correct / gold.length, gold.length);
    }
  }

  /** Lexicon thresholds: score below {@code low} is negative, above {@code high} positive, else neutral. */
  public record Thresholds(double low, double high) {
    public int classify(double score) {
      return score < low ? 0 : score > high ? 2 : 1;
    }
  }

  /** Both systems on the held-out part, with the split's facts. */
  public record Report(long seed, int trainTargets, int testTargets, Thresholds thresholds, Metrics lexicon,
      Metrics model) {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT,
          "NewsMTSC targeted sentiment, seed %d: %d train targets (80%%), %d held-out targets (20%%, by sentence)%n",
          seed, trainTargets, testTargets));
      sb.append(String.format(Locale.ROOT, "lexicon thresholds (chosen on the 80%% part): low %.2f, high %.2f%n",
          thresholds.low(), thresholds.high()));
      sb.append(String.format(Locale.ROOT, "%-10s %-9s %9s %9s %9s %8s%n", "system", "class", "precision", "recall",
          "f1", "support"));
      for (Metrics m : model == null ? List.of(lexicon) : List.of(lexicon, model)) {
        for (ClassScore c : m.classes()) {
          sb.append(String.format(Locale.ROOT, "%-10s %-9s %9.4f %9.4f %9.4f %8d%n", m.system(), c.label(),
              c.precision(), c.recall(), c.f1(), c.support()));
        }
        sb.append(String.format(Locale.ROOT, "%-10s %-9s %9s %9s %9.4f %8d   accuracy %.4f%n", m.system(), "macro",
            "", "", m.macroF1(), m.n(), m.accuracy()));
      }
      return sb.toString();
    }
  }

  /** The {@link TargetedTone} score of every example (the lexicon-only system's input). */
  public static double[] lexiconScores(List<NewsMtsc.Example> examples) {
    TargetedTone t = new TargetedTone();
    double[] s = new double[examples.size()];
    for (int i = 0; i < s.length; i++) {
      NewsMtsc.Example e = examples.get(i);
      s[i] = t.score(e.sentence(), e.from(), e.to()).score();
    }
    return s;
  }

  static int[] gold(List<NewsMtsc.Example> examples) {
    return examples.stream().mapToInt(NewsMtsc.Example::labelIndex).toArray();
  }

  /** The two thresholds (on a 0.01 grid) that maximise macro-F1 of the lexicon scores on {@code train}. */
  public static Thresholds fitThresholds(List<NewsMtsc.Example> train) {
    double[] s = lexiconScores(train);
    int[] g = gold(train);
    Thresholds best = new Thresholds(0, 0);
    double bestF = -1;
    int[] pred = new int[s.length];
    for (int lo = -90; lo <= 50; lo++) {
      for (int hi = lo; hi <= 90; hi++) {
        Thresholds t = new Thresholds(lo / 100.0 - 1e-9, hi / 100.0 + 1e-9);
        for (int i = 0; i < s.length; i++) {
          pred[i] = t.classify(s[i]);
        }
        double f = Metrics.of("", g, pred).macroF1();
        if (f > bestF) {
          bestF = f;
          best = t;
        }
      }
    }
    return best;
  }

  /** Lexicon-only scores of {@code test} with thresholds {@code t}. */
  public static Metrics lexicon(List<NewsMtsc.Example> test, Thresholds t) {
    double[] s = lexiconScores(test);
    int[] pred = new int[s.length];
    for (int i = 0; i < s.length; i++) {
      pred[i] = t.classify(s[i]);
    }
    return Metrics.of("lexicon", gold(test), pred);
  }

  /**
   * Scores of a trained pipeline (features from {@link org.demarche.stance.tone.TargetFeaturizer}, {@code prediction}
   * 0..2) on {@code test}.
   */
  public static Metrics model(SparkSession spark, PipelineModel model, List<NewsMtsc.Example> test) {
    List<Row> rows = model.transform(NewsMtsc.toDataFrame(spark, test)).select("label_index", "prediction")
        .collectAsList();
    int[] g = new int[rows.size()];
    int[] p = new int[rows.size()];
    for (int i = 0; i < g.length; i++) {
      g[i] = (int) rows.get(i).getDouble(0);
      p[i] = (int) rows.get(i).getDouble(1);
    }
    return Metrics.of("trained", g, p);
  }

  /**
   * The NewsMTSC figures for {@code seed}: lexicon thresholds fitted on the 80 % part, both systems scored on the 20 %
   * part. {@code model} may be null (lexicon only); it must not have been trained on the 20 % part of this seed.
   */
  public static Report newsMtsc(SparkSession spark, Path file, long seed, PipelineModel model) {
    NewsMtsc.Split split = NewsMtsc.split(NewsMtsc.read(file), seed);
    Thresholds t = fitThresholds(split.train());
    Metrics lex = lexicon(split.test(), t);
    Metrics trained = model == null ? null : model(spark, model, split.test());
    return new Report(seed, split.train().size(), split.test().size(), t, lex, trained);
  }

  /** Pearson's r of two equally long series (NaN when either is constant). */
  static double pearson(double[] x, double[] y) {
    int n = x.length;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= n;
    my /= n;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  /**
   * Document tone against human judgement, on NewsMTSC sentences: each sentence's human rating is the mean polarity its
   * annotators gave its targets (negative −1, neutral 0, positive +1), the nearest public human rating of a news
   * sentence's sentiment in the shared data. Each sentence is scored as a one-sentence document by the job's
   * {@link org.demarche.stance.tone.DocumentTone} ({@code articles.sentiment} and {@code articles.tone}), and by VADER on
   * the whole text, for comparison. Returns the printed lines.
   */
  public static String documentTone(List<NewsMtsc.Example> examples) {
    java.util.Map<String, double[]> bySentence = new java.util.LinkedHashMap<>(); // id -> {sum, n}
    java.util.Map<String, String> text = new java.util.HashMap<>();
    for (NewsMtsc.Example e : examples) {
      double g = switch (e.label()) {
        case "negative" -> -1;
        case "positive" -> 1;
        default -> 0;
      };
      double[] a = bySentence.computeIfAbsent(e.sentenceId(), k -> new double[2]);
      a[0] += g;
      a[1]++;
      text.put(e.sentenceId(), e.sentence());
    }
    int n = bySentence.size();
    double[] human = new double[n];
    double[] sentiment = new double[n];
    double[] tone = new double[n];
    double[] vader = new double[n];
    int zeroTone = 0;
    int zeroSentiment = 0;
    int i = 0;
    org.demarche.stance.tone.ToneLexicon lex = org.demarche.stance.tone.ToneLexicon.vader();
    for (java.util.Map.Entry<String, double[]> e : bySentence.entrySet()) {
      String s = text.get(e.getKey());
      org.demarche.stance.tone.DocumentTone d = org.demarche.stance.tone.DocumentTone.of(s);
      human[i] = e.getValue()[0] / e.getValue()[1];
      sentiment[i] = d.sentiment();
      tone[i] = d.tone();
      vader[i] = lex.polarityScores(s).compound();
      zeroTone += d.tone() == 0 ? 1 : 0;
      zeroSentiment += d.sentiment() == 0 ? 1 : 0;
      i++;
    }
    return String.format(java.util.Locale.ROOT, "document tone against human ratings, %d NewsMTSC sentences (mean "
        + "target polarity, -1..1): Pearson r%n"
        + "  articles.sentiment (sentence compounds)     %.4f   (exactly 0: %d)%n"
        + "  articles.tone (GDELT-style, %% pos - %% neg)  %.4f   (exactly 0: %d)%n"
        + "  VADER compound on the whole text           %.4f%n", n, pearson(sentiment, human), zeroSentiment,
        pearson(tone, human), zeroTone, pearson(vader, human));
  }
}
