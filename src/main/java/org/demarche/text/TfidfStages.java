package org.demarche.text;

import java.util.List;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.IDF;

/**
 * Spark's {@link CountVectorizer} and {@link IDF}, wired with demarche's vocabulary pruning. Nothing here
 * re-implements TF-IDF.
 *
 * <p>Input: {@code termsCol}, {@code array<string>}. Output: {@code tfCol} (vector of raw term counts over the
 * fitted vocabulary) and {@code tfidfCol} (vector, counts × ln((D + 1) / (df + 1))).
 *
 * <p>Pruning ({@link Options}): {@code minDF} (a count when ≥ 1, a fraction of documents when &lt; 1; default 5),
 * {@code maxDF} (same convention; default 0.5, which on AllSides drops "said", "president", "trump"), {@code
 * vocabSize} (top-V terms by corpus frequency; default 2^18 = 262,144), {@code minTF} 1 (per-document; CountVectorizer's
 * default).
 */
public final class TfidfStages {
  public static final String TF = "tf";
  public static final String TFIDF = "tfidf";

  private TfidfStages() {}

  /** Vocabulary pruning options; {@link #defaults()} documents the defaults. */
  public record Options(double minDF, double maxDF, int vocabSize, double minTF) {
    public Options {
      if (minDF < 0 || maxDF < 0 || vocabSize < 1 || minTF < 0) {
        throw new IllegalArgumentException("TfidfStages.Options: minDF, maxDF, minTF must be >= 0 and vocabSize >= 1");
      }
    }

    /** minDF 5 documents, maxDF 0.5 of documents, vocabSize 262,144, minTF 1. */
    public static Options defaults() {
      return new Options(5, 0.5, 1 << 18, 1);
    }
  }

  /** CountVectorizer ({@code termsCol} → {@code tfCol}) then IDF ({@code tfCol} → {@code tfidfCol}). */
  public static List<PipelineStage> stages(String termsCol, String tfCol, String tfidfCol, Options o) {
    CountVectorizer cv = new CountVectorizer()
        .setInputCol(termsCol)
        .setOutputCol(tfCol)
        .setMinDF(o.minDF())
        .setMaxDF(o.maxDF())
        .setVocabSize(o.vocabSize())
        .setMinTF(o.minTF());
    IDF idf = new IDF().setInputCol(tfCol).setOutputCol(tfidfCol);
    return List.of(cv, idf);
  }

  /** {@link #stages(String, String, String, Options)} with the output columns {@value #TF} and {@value #TFIDF}. */
  public static List<PipelineStage> stages(String termsCol, Options o) {
    return stages(termsCol, TF, TFIDF, o);
  }
}
