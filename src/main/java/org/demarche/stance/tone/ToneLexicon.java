package org.demarche.stance.tone;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The VADER sentiment lexicon and its rules (Hutto &amp; Gilbert 2014), re-implemented from {@code vaderSentiment.py}
 * 3.3.2 (MIT) with character offsets kept for every token.
 *
 * <p>Input: a sentence (VADER is a sentence-level model). Output: {@link #tokenize} gives the VADER tokens with their
 * offsets; {@link #valences} gives each token's valence after the rules (negation of the three preceding words
 * including {@code n't} forms and "no", boosters and dampeners with distance decay, ALL-CAPS emphasis when the sentence
 * is not all caps, "never so/this", "without doubt", "least", the "kind of"/"sort of" n-grams and VADER's special
 * idioms); {@link #polarityScores} applies the "but" contrast weighting (×0.5 before, ×1.5 after), the "!"/"?"
 * emphasis and the normalisation {@code x / sqrt(x² + 15)} and returns VADER's {@code neg}, {@code neu}, {@code pos}
 * and {@code compound}.
 *
 * <p>Deliberate differences from the Python code, all for news text: (1) tokens are stripped of Unicode quotes and
 * dashes as well as ASCII punctuation ({@code “great}, {@code ’s}); (2) the typographic apostrophe {@code ’} is read as
 * {@code '} for lookups ({@code isn’t}); (3) emoji are not translated to words; (4) the "but" weighting is applied by
 * position (Python's {@code list.index} on values mis-weights repeated equal scores); (5) a caller may mask tokens
 * ({@link #valences(List, boolean[])}): a masked token keeps its place (it still separates words) but has no valence
 * and is no modifier, so a name such as "Winner" or "Hope" never scores.
 */
public final class ToneLexicon implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The classpath resource of the lexicon. */
  public static final String RESOURCE = "/org/demarche/stance/vader_lexicon.txt";

  static final double B_INCR = 0.293;
  static final double B_DECR = -0.293;
  static final double C_INCR = 0.733;
  static final double N_SCALAR = -0.74;

  static final Set<String> NEGATE = Set.of("aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
      "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't", "dont", "hadnt", "hasnt", "havent",
      "isnt", "mightnt", "mustnt", "neither", "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
      "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere", "oughtnt", "shant",
      "shouldnt", "uhuh", "wasnt", "werent", "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
      "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite");

  static final Map<String, Double> BOOSTERS = boosters();

  static final Map<String, Double> SPECIAL_CASES = Map.of("the shit", 3.0, "the bomb", 3.0, "bad ass", 1.5,
      "badass", 1.5, "bus stop", 0.0, "yeah right", -2.0, "kiss of death", -1.5, "to die for", 3.0,
      "beating heart", 3.1, "broken heart", -2.9);

  private static final String PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’„‟«»‹›…—–";

  private static volatile ToneLexicon vader;

  private final Map<String, Double> lexicon;

  /** One token: its text as VADER sees it (punctuation stripped from words) and its offsets (end exclusive). */
  public record Token(String text, int start, int end, String key) implements Serializable {
    /** A token of {@code text}; its {@code key} is lower case, with {@code ’} read as {@code '} (computed once). */
    public Token(String text, int start, int end) {
      this(text, start, end, text.toLowerCase(Locale.ROOT).replace('\u2019', '\''));
    }
  }

  /** VADER's four figures for one sentence. */
  public record Scores(double neg, double neu, double pos, double compound) implements Serializable {}

  /**
   * Per-token valences after the word-level rules, before "but" weighting.
   *
   * @param tokens the tokens
   * @param valence one value per token (0 for non-lexicon, masked, booster tokens)
   * @param negated true where a negation (or "least", or "no") flipped the token's sign
   */
  public record Valences(List<Token> tokens, double[] valence, boolean[] negated) implements Serializable {}

  ToneLexicon(Map<String, Double> lexicon) {
    this.lexicon = Collections.unmodifiableMap(lexicon);
  }

  /** The shipped VADER lexicon, read once per JVM. */
  public static ToneLexicon vader() {
    ToneLexicon v = vader;
    if (v == null) {
      synchronized (ToneLexicon.class) {
        v = vader;
        if (v == null) {
          v = new ToneLexicon(read());
          vader = v;
        }
      }
    }
    return v;
  }

  private static Map<String, Double> read() {
    Map<String, Double> m = new HashMap<>(10_000);
    try (InputStream in = ToneLexicon.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + RESOURCE);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split("\t");
        if (f.length >= 2 && !f[0].isEmpty()) {
          m.put(f[0].toLowerCase(Locale.ROOT), Double.parseDouble(f[1].trim()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return m;
  }

  /** The number of lexicon entries. */
  public int size() {
    return lexicon.size();
  }

  /** The mean valence (-4..+4) of a lower-case word, or 0 if absent. */
  public double valence(String lowerWord) {
    Double v = lexicon.get(lowerWord);
    return v == null ? 0.0 : v;
  }

  /** Whether the lower-case word is a lexicon entry. */
  public boolean contains(String lowerWord) {
    return lexicon.containsKey(lowerWord);
  }

  /** Whether the lower-case word is one of VADER's negations (or contains {@code n't}). */
  public static boolean isNegation(String lowerWord) {
    String w = lowerWord.replace('\u2019', '\'');
    return NEGATE.contains(w) || w.contains("n't");
  }

  /**
   * Whitespace tokens with punctuation stripped from both ends when at least three characters remain (VADER's
   * {@code _strip_punc_if_word}); offsets point into {@code text}.
   */
  public static List<Token> tokenize(String text) {
    List<Token> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    int n = text.length();
    int i = 0;
    while (i < n) {
      while (i < n && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      int s = i;
      while (i < n && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int e = i;
      int a = s;
      int b = e;
      while (a < b && PUNCT.indexOf(text.charAt(a)) >= 0) {
        a++;
      }
      while (b > a && PUNCT.indexOf(text.charAt(b - 1)) >= 0) {
        b--;
      }
      if (b - a <= 2) {
        a = s;
        b = e;
      }
      out.add(new Token(text.substring(a, b), a, b));
    }
    return out;
  }

  /** Python's {@code str.isupper()}: at least one cased character and no lower-case one. */
  static boolean isUpper(String s) {
    boolean cased = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isLowerCase(c)) {
        return false;
      }
      if (Character.isUpperCase(c)) {
        cased = true;
      }
    }
    return cased;
  }

  /** Valences of all tokens of {@code text}, nothing masked. */
  public Valences valences(String text) {
    List<Token> t = tokenize(text);
    return valences(t, new boolean[t.size()]);
  }

  /**
   * VADER's word-level pass ({@code sentiment_valence}) over {@code tokens}; a token with {@code masked[i]} has no
   * valence and modifies nothing.
   */
  public Valences valences(List<Token> tokens, boolean[] masked) {
    int n = tokens.size();
    String[] w = new String[n];
    String[] raw = new String[n];
    int upper = 0;
    for (int i = 0; i < n; i++) {
      raw[i] = tokens.get(i).text();
      w[i] = masked[i] ? "\u0000" : tokens.get(i).key();
      if (isUpper(raw[i])) {
        upper++;
      }
    }
    boolean capDiff = upper > 0 && upper < n;
    double[] val = new double[n];
    boolean[] neg = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (masked[i] || BOOSTERS.containsKey(w[i])) {
        continue;
      }
      if (i < n - 1 && w[i].equals("kind") && w[i + 1].equals("of")) {
        continue;
      }
      if (!lexicon.containsKey(w[i])) {
        continue;
      }
      double v = lexicon.get(w[i]);
      if (w[i].equals("no") && i != n - 1 && lexicon.containsKey(w[i + 1])) {
        v = 0.0;
      }
      if (i > 0 && w[i - 1].equals("no") || i > 1 && w[i - 2].equals("no")
          || i > 2 && w[i - 3].equals("no") && (w[i - 1].equals("or") || w[i - 1].equals("nor"))) {
        v = lexicon.get(w[i]) * N_SCALAR;
        neg[i] = true;
      }
      if (isUpper(raw[i]) && capDiff) {
        v = v > 0 ? v + C_INCR : v - C_INCR;
      }
      for (int k = 0; k < 3; k++) {
        int j = i - (k + 1);
        if (j >= 0 && !lexicon.containsKey(w[j])) {
          double s = masked[j] ? 0.0 : scalarIncDec(w[j], raw[j], v, capDiff);
          if (k == 1 && s != 0) {
            s *= 0.95;
          } else if (k == 2 && s != 0) {
            s *= 0.9;
          }
          v += s;
          double before = v;
          v = negationCheck(v, w, k, i);
          if (v != before && Math.signum(v) != Math.signum(before)) {
            neg[i] = true;
          }
          if (k == 2) {
            v = specialIdioms(v, w, i);
          }
        }
      }
      double before = v;
      v = leastCheck(v, w, i);
      if (v != before) {
        neg[i] = true;
      }
      val[i] = v;
    }
    return new Valences(tokens, val, neg);
  }

  private static double scalarIncDec(String lower, String raw, double valence, boolean capDiff) {
    Double b = BOOSTERS.get(lower);
    if (b == null) {
      return 0.0;
    }
    double s = valence < 0 ? -b : b;
    if (isUpper(raw) && capDiff) {
      s = valence > 0 ? s + C_INCR : s - C_INCR;
    }
    return s;
  }

  private double negationCheck(double v, String[] w, int k, int i) {
    if (k == 0) {
      if (isNegation(w[i - 1])) {
        v *= N_SCALAR;
      }
    } else if (k == 1) {
      if (w[i - 2].equals("never") && (w[i - 1].equals("so") || w[i - 1].equals("this"))) {
        v *= 1.25;
      } else if (w[i - 2].equals("without") && w[i - 1].equals("doubt")) {
        return v;
      } else if (isNegation(w[i - 2])) {
        v *= N_SCALAR;
      }
    } else {
      if (w[i - 3].equals("never") && (w[i - 2].equals("so") || w[i - 2].equals("this"))
          || w[i - 1].equals("so") || w[i - 1].equals("this")) {
        v *= 1.25;
      } else if (w[i - 3].equals("without") && (w[i - 2].equals("doubt") || w[i - 1].equals("doubt"))) {
        return v;
      } else if (isNegation(w[i - 3])) {
        v *= N_SCALAR;
      }
    }
    return v;
  }

  private static double specialIdioms(double v, String[] w, int i) {
    String oneZero = w[i - 1] + " " + w[i];
    String twoOneZero = w[i - 2] + " " + w[i - 1] + " " + w[i];
    String twoOne = w[i - 2] + " " + w[i - 1];
    String threeTwoOne = w[i - 3] + " " + w[i - 2] + " " + w[i - 1];
    String threeTwo = w[i - 3] + " " + w[i - 2];
    for (String seq : new String[] {oneZero, twoOneZero, twoOne, threeTwoOne, threeTwo}) {
      Double s = SPECIAL_CASES.get(seq);
      if (s != null) {
        v = s;
        break;
      }
    }
    if (w.length - 1 > i) {
      Double s = SPECIAL_CASES.get(w[i] + " " + w[i + 1]);
      if (s != null) {
        v = s;
      }
    }
    if (w.length - 1 > i + 1) {
      Double s = SPECIAL_CASES.get(w[i] + " " + w[i + 1] + " " + w[i + 2]);
      if (s != null) {
        v = s;
      }
    }
    for (String ng : new String[] {threeTwoOne, threeTwo, twoOne}) {
      Double b = BOOSTERS.get(ng);
      if (b != null) {
        v += b;
      }
    }
    return v;
  }

  private double leastCheck(double v, String[] w, int i) {
    if (i > 1 && !lexicon.containsKey(w[i - 1]) && w[i - 1].equals("least")) {
      if (!w[i - 2].equals("at") && !w[i - 2].equals("very")) {
        v *= N_SCALAR;
      }
    } else if (i > 0 && !lexicon.containsKey(w[i - 1]) && w[i - 1].equals("least")) {
      v *= N_SCALAR;
    }
    return v;
  }

  /** VADER's "but" rule: the index of the first "but" token, or -1. */
  static int butIndex(List<Token> tokens) {
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).key().equals("but")) {
        return i;
      }
    }
    return -1;
  }

  /** {@code x / sqrt(x² + 15)}, clipped to [-1, 1]. */
  public static double normalize(double score) {
    double x = score / Math.sqrt(score * score + 15.0);
    return Math.max(-1.0, Math.min(1.0, x));
  }

  /** VADER's {@code polarity_scores} for one sentence (figures not rounded). */
  public Scores polarityScores(String text) {
    return polarityScores(text, valences(text));
  }

  /** {@code polarity_scores} from a (possibly masked) word-level pass over {@code text}. */
  public Scores polarityScores(String text, Valences vs) {
    double[] s = vs.valence().clone();
    if (s.length == 0) {
      return new Scores(0, 0, 0, 0);
    }
    int bi = butIndex(vs.tokens());
    if (bi >= 0) {
      for (int i = 0; i < s.length; i++) {
        if (i < bi) {
          s[i] *= 0.5;
        } else if (i > bi) {
          s[i] *= 1.5;
        }
      }
    }
    double sum = 0;
    for (double x : s) {
      sum += x;
    }
    double amp = punctuationEmphasis(text);
    if (sum > 0) {
      sum += amp;
    } else if (sum < 0) {
      sum -= amp;
    }
    double compound = normalize(sum);
    double pos = 0;
    double neg = 0;
    int neu = 0;
    for (double x : s) {
      if (x > 0) {
        pos += x + 1;
      } else if (x < 0) {
        neg += x - 1;
      } else {
        neu++;
      }
    }
    if (pos > Math.abs(neg)) {
      pos += amp;
    } else if (pos < Math.abs(neg)) {
      neg -= amp;
    }
    double total = pos + Math.abs(neg) + neu;
    return new Scores(Math.abs(neg / total), Math.abs(neu / total), Math.abs(pos / total), compound);
  }

  static double punctuationEmphasis(String text) {
    int ep = 0;
    int qm = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '!') {
        ep++;
      } else if (c == '?') {
        qm++;
      }
    }
    double a = Math.min(ep, 4) * 0.292;
    if (qm > 1) {
      a += qm <= 3 ? qm * 0.18 : 0.96;
    }
    return a;
  }

  private static Map<String, Double> boosters() {
    Map<String, Double> m = new HashMap<>();
    for (String w : new String[] {"absolutely", "amazingly", "awfully", "completely", "considerable", "considerably",
        "decidedly", "deeply", "effing", "enormous", "enormously", "entirely", "especially", "exceptional",
        "exceptionally", "extreme", "extremely", "fabulously", "flipping", "flippin", "frackin", "fracking",
        "fricking", "frickin", "frigging", "friggin", "fully", "fuckin", "fucking", "fuggin", "fugging", "greatly",
        "hella", "highly", "hugely", "incredible", "incredibly", "intensely", "major", "majorly", "more", "most",
        "particularly", "purely", "quite", "really", "remarkably", "so", "substantially", "thoroughly", "total",
        "totally", "tremendous", "tremendously", "uber", "unbelievably", "unusually", "utter", "utterly", "very"}) {
      m.put(w, B_INCR);
    }
    for (String w : new String[] {"almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof",
        "kind-of", "less", "little", "marginal", "marginally", "occasional", "occasionally", "partly", "scarce",
        "scarcely", "slight", "slightly", "somewhat", "sort of", "sorta", "sortof", "sort-of"}) {
      m.put(w, B_DECR);
    }
    return Collections.unmodifiableMap(m);
  }
}
