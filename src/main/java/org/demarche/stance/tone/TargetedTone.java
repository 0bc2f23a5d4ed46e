package org.demarche.stance.tone;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * Lexicon tone toward one target inside a sentence: VADER ({@link ToneLexicon}) restricted to the clause around the
 * target and weighted by distance.
 *
 * <p>Input: a sentence and the character span {@code [targetStart, targetEnd)} of the target mention (plus, optionally,
 * the spans of other actor mentions). Steps: (1) VADER tokens of the whole sentence; (2) masking: tokens overlapping the
 * target or another given mention never score nor modify, and (switch {@code maskProperNouns}, default on) neither do
 * Title-case words inside the sentence, which are names ("Free Syrian Army", "Hope Hicks", "Justice Department");
 * (3) VADER's word rules on the whole sentence (so a negation three words back still counts, across a clause edge);
 * (4) the evidence window: the clause holding the target, split at {@code ; : — –} and at the contrast words
 * {@link #CONTRAST} ("but", "however", "although", ...), cut to ±{@code window} tokens around the target; (5) each
 * scoring token in the window counts with weight {@code 1 / (1 + (d - 1) / decay)} where {@code d ≥ 1} is its distance in
 * tokens to the target; words inside quotation marks count like any other words. Tokens outside the clause count with
 * weight {@code outside × distance weight} (default 0: ignored).
 *
 * <p>Output: {@link Result}: {@code score} = {@code normalize(Σ w·v)} in [-1, 1] (VADER's {@code x/sqrt(x²+15)}),
 * {@code positive} and {@code negative} (Σ w·v over positive and over negative tokens, the latter as a positive
 * number), {@code nHits} (scoring tokens in the window), {@code windowStart}/{@code windowEnd} (character offsets of the
 * evidence window, end exclusive), {@code negated} (a negation flipped a scoring token in the window),
 * {@code targetInQuote} (the target sits between quotation marks) and {@code sentenceCompound} (VADER compound of the
 * whole sentence with the same masking). Thread-safe and serializable.
 */
public final class TargetedTone implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Words that start a new clause (contrast and concession). */
  public static final Set<String> CONTRAST = Set.of("but", "however", "although", "though", "yet", "whereas",
      "while", "nevertheless", "nonetheless", "despite");

  private static final String CLAUSE_PUNCT = ";:—–";

  private final ToneLexicon lexicon;
  private final int window;
  private final double decay;
  private final double outside;
  private final boolean maskProperNouns;

  /** The score of one target. */
  public record Result(double score, double positive, double negative, int nHits, int windowStart, int windowEnd,
      boolean negated, boolean targetInQuote, double sentenceCompound) implements Serializable {}

  /** A character span {@code [start, end)} of another mention to mask. */
  public record Span(int start, int end) implements Serializable {}

  /** The scorer with the defaults, shared by the stance units and the tone model's features. */
  public static final TargetedTone DEFAULT = new TargetedTone();

  /** Defaults: window 12 tokens, decay 4, outside-clause weight 0, proper nouns masked. */
  public TargetedTone() {
    this(ToneLexicon.vader(), 12, 4.0, 0.0, true);
  }

  public TargetedTone(ToneLexicon lexicon, int window, double decay, double outside, boolean maskProperNouns) {
    if (window < 1 || decay <= 0 || outside < 0) {
      throw new IllegalArgumentException("window >= 1, decay > 0, outside >= 0 required");
    }
    this.lexicon = lexicon;
    this.window = window;
    this.decay = decay;
    this.outside = outside;
    this.maskProperNouns = maskProperNouns;
  }

  /** Tone toward the target at {@code [targetStart, targetEnd)} of {@code sentence}. */
  public Result score(String sentence, int targetStart, int targetEnd) {
    return score(sentence, targetStart, targetEnd, List.of());
  }

  /** As {@link #score(String, int, int)}, with the spans of other mentions masked as well. */
  public Result score(String sentence, int targetStart, int targetEnd, List<Span> others) {
    return analyze(sentence, targetStart, targetEnd, others).result();
  }

  /** Everything the scorer looked at (for features and tests). */
  public record Analysis(ToneLexicon.Valences valences, boolean[] masked, int t0, int t1, int c0, int c1, int w0,
      int w1, Result result) {}

  /**
   * As {@link #score(String, int, int, List)}, with {@code tokens} = {@code ToneLexicon.tokenize(sentence)} already
   * computed (read only; for several targets in one sentence).
   */
  public Result score(String sentence, List<ToneLexicon.Token> tokens, int targetStart, int targetEnd,
      List<Span> others) {
    return analyze(sentence, tokens, targetStart, targetEnd, others).result();
  }

  Analysis analyze(String sentence, int targetStart, int targetEnd, List<Span> others) {
    return analyze(sentence, ToneLexicon.tokenize(sentence == null ? "" : sentence), targetStart, targetEnd, others);
  }

  public Analysis analyze(String sentence, List<ToneLexicon.Token> tokens, int targetStart, int targetEnd,
      List<Span> others) {
    if (sentence == null) {
      sentence = "";
    }
    int n = tokens.size();
    boolean[] masked = new boolean[n];
    int t0 = -1;
    int t1 = -1;
    for (int i = 0; i < n; i++) {
      ToneLexicon.Token t = tokens.get(i);
      if (t.start() < targetEnd && t.end() > targetStart) {
        masked[i] = true;
        if (t0 < 0) {
          t0 = i;
        }
        t1 = i;
      }
      for (Span s : others) {
        if (t.start() < s.end() && t.end() > s.start()) {
          masked[i] = true;
        }
      }
      if (maskProperNouns && i > 0 && isTitleCase(t.text()) && !startsSentence(sentence, t.start())) {
        masked[i] = true;
      }
    }
    if (t0 < 0) { // the span falls between tokens: anchor at the next token
      t0 = n;
      for (int i = 0; i < n; i++) {
        if (tokens.get(i).start() >= targetStart) {
          t0 = i;
          break;
        }
      }
      t1 = t0 - 1;
    }
    ToneLexicon.Valences vs = lexicon.valences(tokens, masked);
    ToneLexicon.Scores whole = lexicon.polarityScores(sentence, vs);
    return window(sentence, tokens, masked, t0, t1, vs, whole.compound(), targetStart);
  }

  /**
   * This scorer's analysis of the target {@code other} analysed (same sentence and span, nothing else masked), reusing
   * its tokens, masks and valences; {@code other} must come from a scorer with the same lexicon and proper-noun switch
   * (only the window, decay and outside weight may differ).
   */
  Analysis reanalyze(String sentence, int targetStart, Analysis other) {
    return window(sentence == null ? "" : sentence, other.valences().tokens(), other.masked(), other.t0(), other.t1(),
        other.valences(), other.result().sentenceCompound(), targetStart);
  }

  /** The clause, the evidence window and the weighted sum, over masks and valences already computed. */
  private Analysis window(String sentence, List<ToneLexicon.Token> tokens, boolean[] masked, int t0, int t1,
      ToneLexicon.Valences vs, double compound, int targetStart) {
    int n = tokens.size();
    // clause edges: a contrast word starts a clause; clause punctuation ends one
    int c0 = 0;
    for (int i = Math.min(t0, n) - 1; i >= 0; i--) {
      if (!masked[i] && CONTRAST.contains(tokens.get(i).key())) {
        c0 = i + 1;
        break;
      }
      if (endsClause(sentence, tokens, i)) {
        c0 = i + 1;
        break;
      }
    }
    int c1 = n;
    for (int i = Math.max(t1 + 1, t0); i < n; i++) {
      if (!masked[i] && CONTRAST.contains(tokens.get(i).key())) {
        c1 = i;
        break;
      }
      if (i > t1 && endsClause(sentence, tokens, i - 1)) {
        c1 = i;
        break;
      }
    }
    int w0 = Math.max(c0, t0 - window);
    int w1 = Math.min(c1, t1 + 1 + window);
    double pos = 0;
    double neg = 0;
    int hits = 0;
    boolean negated = false;
    double[] v = vs.valence();
    for (int i = 0; i < n; i++) {
      if (v[i] == 0.0 || masked[i]) {
        continue;
      }
      int d = i < t0 ? t0 - i : i - t1;
      double wd = 1.0 / (1.0 + Math.max(0, d - 1) / decay);
      boolean in = i >= w0 && i < w1;
      double w = in ? wd : outside * wd;
      if (w == 0.0) {
        continue;
      }
      if (in) {
        hits++;
        negated |= vs.negated()[i];
      }
      if (v[i] > 0) {
        pos += w * v[i];
      } else {
        neg -= w * v[i];
      }
    }
    int ws = w0 < w1 ? tokens.get(w0).start() : (t0 < n ? tokens.get(t0).start() : sentence.length());
    int we = w0 < w1 ? tokens.get(w1 - 1).end() : ws;
    Result r = new Result(ToneLexicon.normalize(pos - neg), pos, neg, hits, ws, we, negated,
        inQuote(sentence, targetStart), compound);
    return new Analysis(vs, masked, t0, t1, c0, c1, w0, w1, r);
  }

  /** True if clause punctuation follows token {@code i} (in the gap before the next token, or as the token). */
  private static boolean endsClause(String s, List<ToneLexicon.Token> tokens, int i) {
    int from = tokens.get(i).end();
    int to = i + 1 < tokens.size() ? tokens.get(i + 1).start() : s.length();
    for (int k = from; k < to; k++) {
      if (CLAUSE_PUNCT.indexOf(s.charAt(k)) >= 0) {
        return true;
      }
    }
    String t = tokens.get(i).text(); // a dash kept whole by VADER's stripping rule
    for (int k = 0; k < t.length(); k++) {
      if (CLAUSE_PUNCT.indexOf(t.charAt(k)) < 0 && Character.isLetterOrDigit(t.charAt(k))) {
        return false;
      }
    }
    for (int k = 0; k < t.length(); k++) {
      if (CLAUSE_PUNCT.indexOf(t.charAt(k)) >= 0) {
        return true;
      }
    }
    return false;
  }

  static boolean isTitleCase(String w) {
    if (w.length() < 2 || !Character.isUpperCase(w.charAt(0))) {
      return false;
    }
    for (int i = 1; i < w.length(); i++) {
      if (Character.isLowerCase(w.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Whether the word at {@code pos} starts a sentence or a quotation (previous non-space is . ! ? or a quote). */
  static boolean startsSentence(String s, int pos) {
    int k = pos - 1;
    while (k >= 0 && (Character.isWhitespace(s.charAt(k)) || "“‘\"'(".indexOf(s.charAt(k)) >= 0)) {
      if ("“‘\"'(".indexOf(s.charAt(k)) >= 0) {
        return true;
      }
      k--;
    }
    return k < 0 || ".!?:".indexOf(s.charAt(k)) >= 0;
  }

  /** Whether {@code pos} lies inside a quotation (curly quotes open/close; straight double quotes toggle). */
  static boolean inQuote(String s, int pos) {
    int depth = 0;
    boolean straight = false;
    for (int i = 0; i < Math.min(pos, s.length()); i++) {
      char c = s.charAt(i);
      if (c == '“') {
        depth++;
      } else if (c == '”') {
        depth = Math.max(0, depth - 1);
      } else if (c == '"') {
        straight = !straight;
      }
    }
    return depth > 0 || straight;
  }

  int window() {
    return window;
  }
}
