package org.demarche.text;

import java.io.IOException;
import java.io.Serializable;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.demarche.ml.StringColumnTransformer;

/**
 * Splits news text into lowercase word tokens with Lucene's {@link UAX29URLEmailTokenizer} (Unicode UAX #29 word
 * breaks, plus URLs and e-mail addresses recognised as single tokens so that they can be dropped whole).
 *
 * <p>Input: {@code inputCol}, string. Output: {@code outputCol}, {@code array<string>}. Null in gives null out; empty
 * or all-punctuation text gives an empty array.
 *
 * <p>Per token, in order:
 *
 * <ol>
 *   <li>URLs, e-mail addresses, numbers and emoji are dropped (Lucene token types {@code <URL>}, {@code <EMAIL>},
 *       {@code <NUM>}, {@code <EMOJI>});
 *   <li>lowercased ({@link Locale#ROOT});
 *   <li>apostrophes ({@code '} and {@code ’}) via {@link #normalizeApostrophes}: {@code russia's} → {@code russia},
 *       {@code don't} → {@code do}, {@code we'll} → {@code we}, {@code o'brien} → {@code obrien};
 *   <li>dotted acronyms lose their dots ({@code u.n.} → {@code un}, {@code e.u.} → {@code eu}); {@code U.S.} and a
 *       capitalised {@code US} become {@code usa}, so they do not fall to the stopword {@code us};
 *   <li>kept only if every character is a letter (with {@code keepHyphenated}, letters joined by single hyphens) and
 *       the length is within [{@code minTokenLength}, {@code maxTokenLength}]: {@code g20}, {@code 1990s},
 *       {@code f-16} are dropped.
 * </ol>
 *
 * <p>Before tokenizing, soft hyphens (U+00AD) are removed and, with {@code rejoinLineBreaks}, a word broken across a
 * line end with a hyphen ({@code nego-\ntiations}) is rejoined; these fragments ("tion", "ing") made a topic of their
 * own in MLlib LDA runs on AllSides.
 *
 * <p>Params:
 *
 * <ul>
 *   <li>{@code inputCol} (string), {@code outputCol} (string): no defaults.
 *   <li>{@code minTokenLength} (int, at least 1): shortest token kept. Default {@code 2} (keeps {@code un},
 *       {@code eu}, {@code uk}).
 *   <li>{@code maxTokenLength} (int, at least 1): longest token kept. Default {@code 40}.
 *   <li>{@code keepHyphenated} (boolean): keep {@code anti-war}, {@code two-state} as one token; when false they are
 *       split ({@code anti}, {@code war}). Default {@code true}.
 *   <li>{@code rejoinLineBreaks} (boolean): rejoin words hyphenated across a line end. Default {@code true}.
 * </ul>
 */
public class NewsTokenizer extends StringColumnTransformer {
  private static final long serialVersionUID = 1L;

  private final IntParam minTokenLength;
  private final IntParam maxTokenLength;
  private final BooleanParam keepHyphenated;
  private final BooleanParam rejoinLineBreaks;

  public NewsTokenizer() {
    this(Identifiable.randomUID("newsTokenizer"));
  }

  public NewsTokenizer(String uid) {
    super(uid);
    minTokenLength = new IntParam(this, "minTokenLength", "shortest token kept (>= 1)", ParamValidators.gtEq(1));
    maxTokenLength = new IntParam(this, "maxTokenLength", "longest token kept (>= 1)", ParamValidators.gtEq(1));
    keepHyphenated = new BooleanParam(this, "keepHyphenated", "keep letter-hyphen-letter compounds as one token");
    rejoinLineBreaks = new BooleanParam(this, "rejoinLineBreaks", "rejoin words hyphenated across a line end");
    setDefault(minTokenLength, 2);
    setDefault(maxTokenLength, 40);
    setDefault(keepHyphenated, true);
    setDefault(rejoinLineBreaks, true);
  }

  public IntParam minTokenLength() {
    return minTokenLength;
  }

  public int getMinTokenLength() {
    return (Integer) $(minTokenLength);
  }

  public NewsTokenizer setMinTokenLength(int value) {
    set(minTokenLength, value);
    return this;
  }

  public IntParam maxTokenLength() {
    return maxTokenLength;
  }

  public int getMaxTokenLength() {
    return (Integer) $(maxTokenLength);
  }

  public NewsTokenizer setMaxTokenLength(int value) {
    set(maxTokenLength, value);
    return this;
  }

  public BooleanParam keepHyphenated() {
    return keepHyphenated;
  }

  public boolean getKeepHyphenated() {
    return (Boolean) $(keepHyphenated);
  }

  public NewsTokenizer setKeepHyphenated(boolean value) {
    set(keepHyphenated, value);
    return this;
  }

  public BooleanParam rejoinLineBreaks() {
    return rejoinLineBreaks;
  }

  public boolean getRejoinLineBreaks() {
    return (Boolean) $(rejoinLineBreaks);
  }

  public NewsTokenizer setRejoinLineBreaks(boolean value) {
    set(rejoinLineBreaks, value);
    return this;
  }

  @Override
  public NewsTokenizer setInputCol(String value) {
    super.setInputCol(value);
    return this;
  }

  @Override
  public NewsTokenizer setOutputCol(String value) {
    super.setOutputCol(value);
    return this;
  }

  @Override
  protected DataType outputType() {
    return ArrayColumnTransformer.TOKENS;
  }

  @Override
  protected Column outputExpr(Column input) {
    final Rules rules = rules();
    return functions.udf((UDF1<String, String[]>) rules::tokenize, ArrayColumnTransformer.TOKENS).apply(input);
  }

  /** Tokenizes {@code text} on the driver with this stage's params (e.g. actor names into protected phrases). */
  public String[] tokenize(String text) {
    return rules().tokenize(text);
  }

  /** A reusable tokenizing function with the current params, for many calls outside Spark. */
  public java.util.function.Function<String, String[]> tokenizer() {
    return rules()::tokenize;
  }

  private Rules rules() {
    if (getMinTokenLength() > getMaxTokenLength()) {
      throw new IllegalArgumentException("NewsTokenizer: minTokenLength " + getMinTokenLength()
          + " is greater than maxTokenLength " + getMaxTokenLength());
    }
    return new Rules(getMinTokenLength(), getMaxTokenLength(), getKeepHyphenated(), getRejoinLineBreaks());
  }

  public static MLReader<NewsTokenizer> read() {
    return new DefaultParamsReader<>();
  }

  public static NewsTokenizer load(String path) {
    return read().load(path);
  }

  /**
   * The tokenizer's apostrophe rule, also applied to stopword lists: lowercase input; a trailing {@code 's} is
   * dropped, then a trailing clitic ({@code n't}, {@code 'll}, {@code 're}, {@code 've}, {@code 'd}, {@code 'm}; with
   * {@code can't} → {@code can}, {@code won't} → {@code will}, {@code shan't} → {@code shall}), then any other
   * apostrophe is removed. A leading or trailing apostrophe is dropped.
   */
  public static String normalizeApostrophes(String t) {
    if (t.indexOf('\'') < 0 && t.indexOf('\u2019') < 0) {
      return t;
    }
    String s = t.replace('\u2019', '\'');
    while (s.startsWith("'")) {
      s = s.substring(1);
    }
    while (s.endsWith("'")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.endsWith("'s")) {
      s = s.substring(0, s.length() - 2);
    } else if (s.endsWith("n't")) {
      String stem = s.substring(0, s.length() - 3);
      s = switch (stem) {
        case "ca" -> "can";
        case "wo" -> "will";
        case "sha" -> "shall";
        default -> stem;
      };
    } else {
      for (String c : new String[] {"'ll", "'re", "'ve", "'d", "'m"}) {
        if (s.endsWith(c)) {
          s = s.substring(0, s.length() - c.length());
          break;
        }
      }
    }
    return s.replace("'", "");
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** U+2060 WORD JOINER: Word_Break=Format, so UAX #29 does not break at it; it stands in for kept hyphens. */
  private static final String JOINER = "\u2060";
  private static final Pattern DOTTED_ACRONYM = Pattern.compile("(?:\\p{L}\\.)+\\p{L}\\.?");

  /**
   * One pass over the text (a regex version ran at 4-6 MB/s and dominated tokenizing): drops soft hyphens (U+00AD);
   * with {@code rejoin}, a letter, {@code -}, spaces or tabs, a line break, spaces or tabs and a lowercase letter lose
   * everything between the two letters; with {@code keep}, a hyphen ({@code -}, U+2010, U+2011) between two letters
   * becomes {@link #JOINER}. Returns {@code s} itself when nothing changes.
   */
  static String preprocess(String s, boolean rejoin, boolean keep) {
    int n = s.length();
    StringBuilder b = null;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '\u00ad') {
        if (b == null) {
          b = new StringBuilder(n).append(s, 0, i);
        }
        continue;
      }
      if ((c == '-' || c == '\u2010' || c == '\u2011') && i > 0 && Character.isLetter(s.charAt(i - 1))) {
        if (rejoin && c == '-') {
          int j = i + 1;
          while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
            j++;
          }
          if (j < n && s.charAt(j) == '\r') {
            j++;
          }
          if (j < n && s.charAt(j) == '\n') {
            j++;
            while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
              j++;
            }
            if (j < n && Character.isLowerCase(s.charAt(j))) {
              if (b == null) {
                b = new StringBuilder(n).append(s, 0, i);
              }
              i = j - 1;
              continue;
            }
          }
        }
        if (keep && i + 1 < n && Character.isLetter(s.charAt(i + 1))) {
          if (b == null) {
            b = new StringBuilder(n).append(s, 0, i);
          }
          b.append(JOINER);
          continue;
        }
      }
      if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  /** The compiled rules; serialisable, one Lucene tokenizer per thread. */
  static final class Rules implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int minLen;
    private final int maxLen;
    private final boolean keepHyphenated;
    private final boolean rejoin;
    private transient ThreadLocal<Lucene> lucene;

    Rules(int minLen, int maxLen, boolean keepHyphenated, boolean rejoin) {
      this.minLen = minLen;
      this.maxLen = maxLen;
      this.keepHyphenated = keepHyphenated;
      this.rejoin = rejoin;
    }

    private Lucene lucene() {
      if (lucene == null) {
        synchronized (this) {
          if (lucene == null) {
            lucene = ThreadLocal.withInitial(Lucene::new);
          }
        }
      }
      return lucene.get();
    }

    String[] tokenize(String text) {
      if (text == null) {
        return null;
      }
      String s = preprocess(text, rejoin, keepHyphenated);
      List<String> out = new ArrayList<>(Math.max(16, s.length() / 6));
      Lucene l = lucene();
      try {
        l.tokenizer.setReader(new StringReader(s));
        l.tokenizer.reset();
        while (l.tokenizer.incrementToken()) {
          String type = l.type.type();
          if (!type.equals(ALPHANUM) && !type.equals(SOUTHEAST_ASIAN) && !type.equals(IDEOGRAPHIC)
              && !type.equals(HIRAGANA) && !type.equals(KATAKANA) && !type.equals(HANGUL)) {
            continue;
          }
          String raw = l.term.toString();
          String t = normalize(raw);
          if (t != null) {
            out.add(t);
          }
        }
        l.tokenizer.end();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        try {
          l.tokenizer.close();
        } catch (IOException e) {
          // a StringReader does not fail on close
        }
      }
      return out.toArray(new String[0]);
    }

    private String normalize(String raw) {
      if (raw.equals("US") || raw.equals("U.S") || raw.equals("U.S.")) {
        return "usa";
      }
      String t = raw.toLowerCase(Locale.ROOT);
      if (t.indexOf('.') >= 0) {
        if (!DOTTED_ACRONYM.matcher(t).matches()) {
          return null;
        }
        t = t.replace(".", "");
        if (t.equals("us")) {
          return "usa";
        }
      }
      t = normalizeApostrophes(t);
      if (keepHyphenated && t.contains(JOINER)) {
        t = t.replace(JOINER, "-");
      }
      int n = t.length();
      if (n < minLen || n > maxLen) {
        return null;
      }
      for (int i = 0; i < n; i++) {
        char c = t.charAt(i);
        if (Character.isLetter(c)) {
          continue;
        }
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLetter(t.codePointAt(i))) {
          i++;
          continue;
        }
        if (c == '-' && i > 0 && i < n - 1 && t.charAt(i - 1) != '-' && t.charAt(i + 1) != '-') {
          continue;
        }
        return null;
      }
      return t;
    }
  }

  private static final String[] TYPES = UAX29URLEmailTokenizer.TOKEN_TYPES;
  private static final String ALPHANUM = TYPES[UAX29URLEmailTokenizer.ALPHANUM];
  private static final String SOUTHEAST_ASIAN = TYPES[UAX29URLEmailTokenizer.SOUTHEAST_ASIAN];
  private static final String IDEOGRAPHIC = TYPES[UAX29URLEmailTokenizer.IDEOGRAPHIC];
  private static final String HIRAGANA = TYPES[UAX29URLEmailTokenizer.HIRAGANA];
  private static final String KATAKANA = TYPES[UAX29URLEmailTokenizer.KATAKANA];
  private static final String HANGUL = TYPES[UAX29URLEmailTokenizer.HANGUL];

  /** One reusable Lucene tokenizer and its attributes. */
  private static final class Lucene {
    final UAX29URLEmailTokenizer tokenizer = new UAX29URLEmailTokenizer();
    final CharTermAttribute term = tokenizer.addAttribute(CharTermAttribute.class);
    final TypeAttribute type = tokenizer.addAttribute(TypeAttribute.class);

    Lucene() {
      tokenizer.setMaxTokenLength(255);
    }
  }
}
