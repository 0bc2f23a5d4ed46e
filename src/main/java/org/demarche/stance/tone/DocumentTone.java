package org.demarche.stance.tone;

import org.demarche.text.Sentences;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * GDELT-GKG-style document tone from the VADER lexicon.
 *
 * <p>Input: a document's text. The text is cut into sentences by the one splitter ({@link Sentences}, read from the
 * document's analysis in the job); VADER's word rules ({@link ToneLexicon#valences(String)}: negation, boosters, caps) run on each sentence, so
 * "not good" counts as a negative word. A <em>word</em> is a VADER token holding at least one letter or digit;
 * a word is positive (negative) when its valence after the rules is above (below) zero.
 *
 * <p>Output ({@link #SCHEMA}): {@code tone} = (positive words − negative words) / words × 100 (GKG "Tone", −100..100,
 * typically −10..10); {@code positive_score} and {@code negative_score} = percent of words that are positive / negative;
 * {@code polarity} = {@code positive_score + negative_score} (GKG "Polarity", the share of emotionally charged words);
 * {@code word_count} = all words of the document (GKG "WordCount"), not only lexicon words. {@code sentiment} = the
 * mean of VADER's {@code compound} score of each sentence (−1..1: VADER's valences with its rules, summed and
 * normalised as {@code x / √(x² + 15)} per sentence), weighted by the sentence's words: the sentence-level aggregation
 * VADER's authors recommend for longer texts, so a one-word text cannot reach ±1 ("Yes." gives 0.40) and a long
 * article is the average of its sentences rather than a count over its words. An empty text gives zeros.
 * Unlike GDELT (which uses a proprietary tonal dictionary) the word lists are VADER's; the figures are comparable in
 * kind, not in level.
 */
public record DocumentTone(double tone, double positiveScore, double negativeScore, double polarity, int wordCount,
    double sentiment) implements Serializable {

  /** Spark struct of one document's tone (snake_case, for the {@code articles} table). */
  public static final StructType SCHEMA = new StructType()
      .add("tone", DataTypes.DoubleType, false)
      .add("positive_score", DataTypes.DoubleType, false)
      .add("negative_score", DataTypes.DoubleType, false)
      .add("polarity", DataTypes.DoubleType, false)
      .add("word_count", DataTypes.IntegerType, false)
      .add("sentiment", DataTypes.DoubleType, false);

  /** The tone of {@code text} (null or blank: all zero). */
  public static DocumentTone of(String text) {
    return of(text, text == null ? List.of() : Sentences.split(text));
  }

  /**
   * The same with the sentences of {@code text} already split ({@link Sentences#split}, from the document's
   * {@link org.demarche.text.DocumentAnalysis}).
   */
  public static DocumentTone of(String text, List<Sentences.Span> sentences) {
    if (text == null || text.isBlank()) {
      return new DocumentTone(0, 0, 0, 0, 0, 0);
    }
    ToneLexicon lex = ToneLexicon.vader();
    double compoundSum = 0;
    int toned = 0;
    int words = 0;
    int pos = 0;
    int neg = 0;
    for (Sentences.Span span : sentences) {
      String sentence = span.of(text);
      ToneLexicon.Valences vs = lex.valences(sentence);
      double compound = lex.polarityScores(sentence, vs).compound();
      int sentenceWords = 0;
      for (int i = 0; i < vs.tokens().size(); i++) {
        if (!isWord(vs.tokens().get(i).text())) {
          continue;
        }
        words++;
        sentenceWords++;
        if (vs.valence()[i] > 0) {
          pos++;
        } else if (vs.valence()[i] < 0) {
          neg++;
        }
      }
      compoundSum += compound * sentenceWords; // weighted by the sentence's words
      toned += sentenceWords;
    }
    if (words == 0) {
      return new DocumentTone(0, 0, 0, 0, 0, 0);
    }
    double p = 100.0 * pos / words;
    double n = 100.0 * neg / words;
    return new DocumentTone(p - n, p, n, p + n, words, compoundSum / toned);
  }

  /** As a Spark row of {@link #SCHEMA}. */
  public Row toRow() {
    return RowFactory.create(tone, positiveScore, negativeScore, polarity, wordCount, sentiment);
  }

  static boolean isWord(String t) {
    for (int i = 0; i < t.length(); i++) {
      if (Character.isLetterOrDigit(t.charAt(i))) {
        return true;
      }
    }
    return false;
  }

}
