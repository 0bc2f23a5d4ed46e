package org.demarche.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.PipelineStage;

/**
 * The text-feature stages in order, for the job to append after cleaning. The lead wires them and adds config keys;
 * until then {@link Options#defaults()} are the documented defaults.
 *
 * <p>Input column: {@code body} (string, from {@code CleanStages}). Added columns:
 *
 * <ul>
 *   <li>{@code _tokens} ({@code array<string>}): {@link NewsTokenizer};
 *   <li>{@code _phrased} ({@code array<string>}): {@link PhraseModel} fitted by {@link PhraseDetector} on
 *       {@code _tokens}, which still has its stopwords so that phrases never span one (when {@code phrases} is on);
 *   <li>{@code _lemmas} ({@code array<string>}): {@link Lemmatizer} ({@code algorithm}; stopwords and merged phrases
 *       are left unstemmed);
 *   <li>{@code terms} ({@code array<string>}): {@link NewsStopWordsRemover}; the document's terms for topic models and
 *       keyness;
 *   <li>{@code tf}, {@code tfidf} (vector): {@link TfidfStages} ({@code CountVectorizer} + {@code IDF}) when
 *       {@code withTfidf}.
 * </ul>
 *
 * Intermediate columns start with {@code _}, as in {@code CleanStages}, so the job can drop them.
 *
 * <p>Cost: a Spark {@code Pipeline.fit} does not cache between stages, so {@code CountVectorizer} and {@code IDF}
 * each recompute tokenizing, phrases and stemming from the input (the phrase detector caches its own input for its
 * two passes). For large corpora fit the stages up to {@code terms} first, cache their output, then fit
 * {@link TfidfStages} on it (see {@code TextFeaturesBench}).
 *
 * <p>Phrases come before the stemmer: detected on surface tokens they stay readable ({@code united_nations},
 * {@code xi_jinping}, {@code addis_ababa}; KStem would give {@code united nation}, {@code xi jinp}, {@code addi ababa})
 * and the stemmer leaves merged tokens alone. Actor names ({@code protectedPhrases}, raw text such as "John Kerry"
 * or "Security Council") are run through the same tokenizer by {@link #protectedPhraseTokens} and always merged by
 * the phrase model ({@code john_kerry}).
 */
public final class TextStages {
  public static final String BODY = "body";
  public static final String TOKENS = "_tokens";
  public static final String LEMMAS = "_lemmas";
  public static final String PHRASED = "_phrased";
  public static final String TERMS = "terms";
  public static final String TF = TfidfStages.TF;
  public static final String TFIDF = TfidfStages.TFIDF;

  private TextStages() {}

  /**
   * Options of the text stages. Defaults ({@link #defaults()}): minTokenLength 2, keepHyphenated true, algorithm
   * kstem, phrases on with minCount 5, scoring npmi, threshold 0.5, maxN 3, no protected phrases, no extra stopwords,
   * TF-IDF on with {@link TfidfStages.Options#defaults()}.
   */
  public record Options(
      int minTokenLength,
      boolean keepHyphenated,
      String lemmatizer,
      boolean phrases,
      int phraseMinCount,
      String phraseScoring,
      double phraseThreshold,
      int phraseMaxN,
      List<String> protectedPhrases,
      List<String> extraStopWords,
      boolean withTfidf,
      TfidfStages.Options tfidf) {
    public static Options defaults() {
      return new Options(2, true, "kstem", true, 5, "npmi", 0.5, 3, List.of(), List.of(), true,
          TfidfStages.Options.defaults());
    }

    public Options withProtectedPhrases(List<String> names) {
      return new Options(minTokenLength, keepHyphenated, lemmatizer, phrases, phraseMinCount, phraseScoring,
          phraseThreshold, phraseMaxN, List.copyOf(names), extraStopWords, withTfidf, tfidf);
    }

    public Options withTfidf(boolean on) {
      return new Options(minTokenLength, keepHyphenated, lemmatizer, phrases, phraseMinCount, phraseScoring,
          phraseThreshold, phraseMaxN, protectedPhrases, extraStopWords, on, tfidf);
    }
  }

  /** The ordered stages reading {@value #BODY}. */
  public static List<PipelineStage> stages(Options o) {
    return stages(BODY, o);
  }

  /** The ordered stages reading {@code inputCol}. */
  public static List<PipelineStage> stages(String inputCol, Options o) {
    NewsTokenizer tok = new NewsTokenizer().setInputCol(inputCol).setOutputCol(TOKENS)
        .setMinTokenLength(o.minTokenLength()).setKeepHyphenated(o.keepHyphenated());
    Lemmatizer lem = new Lemmatizer().setInputCol(TOKENS).setOutputCol(LEMMAS).setAlgorithm(o.lemmatizer());
    String[] prot = protectedPhraseTokens(o.protectedPhrases(), tok);
    List<PipelineStage> out = new ArrayList<>();
    out.add(tok);
    String beforeLemmas = TOKENS;
    if (o.phrases()) {
      out.add(new PhraseDetector().setInputCol(TOKENS).setOutputCol(PHRASED)
          .setMinCount(o.phraseMinCount()).setScoring(o.phraseScoring()).setThreshold(o.phraseThreshold())
          .setMaxN(o.phraseMaxN()).setProtectedPhrases(prot));
      beforeLemmas = PHRASED;
    }
    out.add(lem.setInputCol(beforeLemmas));
    out.add(new NewsStopWordsRemover().setInputCol(LEMMAS).setOutputCol(TERMS)
        .setExtraStopWords(o.extraStopWords().toArray(new String[0])));
    if (o.withTfidf()) {
      out.addAll(TfidfStages.stages(TERMS, o.tfidf()));
    }
    return out;
  }

  /**
   * Raw names ("John Kerry", "U.N. Security Council") → space-separated tokens in the tokenizer's form ("john kerry",
   * "un security council"); names of fewer than two tokens are skipped (single tokens need no merging).
   */
  public static String[] protectedPhraseTokens(List<String> names, NewsTokenizer tok) {
    Set<String> out = new LinkedHashSet<>();
    for (String name : names) {
      String[] t = tok.tokenize(name);
      if (t.length >= 2) {
        out.add(String.join(" ", t));
      }
    }
    return out.toArray(new String[0]);
  }
}
