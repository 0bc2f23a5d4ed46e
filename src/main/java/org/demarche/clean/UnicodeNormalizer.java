package org.demarche.clean;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.demarche.ml.StringColumnTransformer;

/**
 * Normalises characters, whitespace and line structure so later stages can rely on a plain form. Idempotent:
 * {@code normalize(normalize(x)).equals(normalize(x))}.
 *
 * <p>Input: {@code inputCol}, string. Output: {@code outputCol}, string. Null in gives null out; empty (or
 * whitespace-only) in gives empty out.
 *
 * <p>Characters, in this order: line terminators ({@code \r\n}, {@code \r}, U+0085, U+2028, U+2029, VT, FF) become
 * {@code \n}; tab becomes a space; other control characters (Cc), format characters (Cf: zero-width space/joiners,
 * BOM, soft hyphen, bidi marks, word joiner) and lone surrogates are removed; then Unicode NFKC (full-width forms,
 * ligatures, {@code …} → {@code ...}, non-breaking and other spaces → space). With {@code asciiPunctuation} (default):
 * single quotes and primes ({@code ‘ ’ ‚ ‛ ′ ‹ ›}) become {@code '}; double quotes and guillemets
 * ({@code “ ” „ ‟ ″ « »}) become {@code "} (spaces just inside guillemets are dropped); hyphens, figure dash, en dash,
 * minus sign become {@code -}; em dash and horizontal bar become {@code " - "}. Later stages detect quotes by the ASCII
 * forms. Every remaining space character becomes a plain space.
 *
 * <p>Lines: spaces are collapsed and each line trimmed. With {@code rejoinHyphenated} (default), a line ending in a
 * letter followed by {@code -} and followed by a line starting with a letter is joined to it. The hyphen is dropped
 * only when the second part starts lowercase and either the joined word occurs elsewhere in the same text while the
 * hyphenated form does not, or the second part is a bare suffix ({@code tion(s)}, {@code ation(s)}, {@code sion(s)},
 * {@code ment(s)}, {@code ness}, {@code ity}, {@code ities}, {@code ing(s)}, {@code ance(s)}, {@code ence(s)}...).
 * Otherwise the hyphen is kept: {@code negoti-\nations} → {@code negotiations}, {@code twenty-\nfirst} →
 * {@code twenty-first} (on a sample of 497 line-final hyphens in UN speeches 2005–2024, all were real compounds).
 *
 * <p>With {@code unwrapLines} (default), a block of consecutive non-blank lines is taken as hard-wrapped when it has at
 * least 3 lines, its lines (except the last) are at most 150 and at least 30 characters long at the widest, at least
 * 70% of them reach half that width, and at least a quarter of its line breaks continue a sentence (the line does not
 * end in sentence punctuation and the next starts lowercase). Inside such a block lines are joined with a space,
 * except at a paragraph boundary: the line ends with {@code . ! ? :} (optionally followed by a closing quote or
 * bracket) and is shorter than 85% of the width or the next line has at most 3 words (a sign-off such as
 * {@code Reuter}), or the next line was indented, or either line is tabular (an inner
 * run of 3+ spaces) or starts with a bullet or list number. Paragraphs of an unwrapped block are separated by a
 * blank line. Blocks that are not hard-wrapped keep their line breaks. Finally runs of blank lines become one blank
 * line and the text is trimmed.
 *
 * <p>Params:
 *
 * <ul>
 *   <li>{@code inputCol} (string): column to read. No default.
 *   <li>{@code outputCol} (string): column to add. No default.
 *   <li>{@code asciiPunctuation} (boolean): map quotes and dashes to ASCII. Default {@code true}.
 *   <li>{@code rejoinHyphenated} (boolean): rejoin words hyphenated across a line break. Default {@code true}.
 *   <li>{@code unwrapLines} (boolean): unwrap hard-wrapped blocks. Default {@code true}.
 * </ul>
 */
public class UnicodeNormalizer extends StringColumnTransformer {
  private static final long serialVersionUID = 1L;

  private final BooleanParam asciiPunctuation;
  private final BooleanParam rejoinHyphenated;
  private final BooleanParam unwrapLines;

  public UnicodeNormalizer() {
    this(Identifiable.randomUID("unicodeNorm"));
  }

  public UnicodeNormalizer(String uid) {
    super(uid);
    asciiPunctuation = new BooleanParam(this, "asciiPunctuation", "map curly quotes, guillemets and dashes to ASCII");
    rejoinHyphenated = new BooleanParam(this, "rejoinHyphenated", "rejoin words hyphenated across a line break");
    unwrapLines = new BooleanParam(this, "unwrapLines", "unwrap hard-wrapped lines inside paragraphs");
    setDefault(asciiPunctuation, true);
    setDefault(rejoinHyphenated, true);
    setDefault(unwrapLines, true);
  }

  public BooleanParam asciiPunctuation() {
    return asciiPunctuation;
  }

  public boolean getAsciiPunctuation() {
    return (Boolean) $(asciiPunctuation);
  }

  public UnicodeNormalizer setAsciiPunctuation(boolean value) {
    set(asciiPunctuation, value);
    return this;
  }

  public BooleanParam rejoinHyphenated() {
    return rejoinHyphenated;
  }

  public boolean getRejoinHyphenated() {
    return (Boolean) $(rejoinHyphenated);
  }

  public UnicodeNormalizer setRejoinHyphenated(boolean value) {
    set(rejoinHyphenated, value);
    return this;
  }

  public BooleanParam unwrapLines() {
    return unwrapLines;
  }

  public boolean getUnwrapLines() {
    return (Boolean) $(unwrapLines);
  }

  public UnicodeNormalizer setUnwrapLines(boolean value) {
    set(unwrapLines, value);
    return this;
  }

  @Override
  public UnicodeNormalizer setInputCol(String value) {
    super.setInputCol(value);
    return this;
  }

  @Override
  public UnicodeNormalizer setOutputCol(String value) {
    super.setOutputCol(value);
    return this;
  }

  @Override
  protected Column outputExpr(Column input) {
    final boolean ascii = getAsciiPunctuation();
    final boolean hyph = getRejoinHyphenated();
    final boolean unwrap = getUnwrapLines();
    return functions.udf((UDF1<String, String>) s -> normalize(s, ascii, hyph, unwrap), DataTypes.StringType)
        .apply(input);
  }

  public static MLReader<UnicodeNormalizer> read() {
    return new DefaultParamsReader<>();
  }

  public static UnicodeNormalizer load(String path) {
    return read().load(path);
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static final Set<String> SUFFIXES = Set.of(
      "tion", "tions", "ation", "ations", "ition", "itions", "sion", "sions", "ment", "ments", "ness", "nesses",
      "ity", "ities", "ing", "ings", "ance", "ances", "ence", "ences", "ible", "ibly", "ably", "ically", "ized",
      "ised", "izing", "ising", "ization", "isation", "ements", "ement", "ous", "ious", "eous");
  private static final Pattern SPACE_RUN = Pattern.compile(" {2,}");
  private static final Pattern TERMINAL = Pattern.compile(".*[.!?:][\"')\\]]*$");
  private static final Pattern LIST_START = Pattern.compile("^(?:[-*•·]\\s|\\d{1,3}[.)]\\s|\\(\\w\\)\\s).*");
  private static final Pattern TABULAR = Pattern.compile("\\S {3,}\\S");
  private static final Pattern BLANK_RUN = Pattern.compile("\\n{3,}");

  /** {@code normalize(s, true, true, true)}. */
  public static String normalize(String s) {
    return normalize(s, true, true, true);
  }

  /** The normalised text; null for null. */
  public static String normalize(String s, boolean ascii, boolean rejoin, boolean unwrap) {
    if (s == null) {
      return null;
    }
    String cur = s;
    for (int round = 0; round < 4; round++) {
      String next = once(cur, ascii, rejoin, unwrap);
      if (next.equals(cur)) {
        break;
      }
      cur = next;
    }
    return cur;
  }

  private static String once(String s, boolean ascii, boolean rejoin, boolean unwrap) {
    String t = s;
    for (int round = 0; round < 4; round++) {
      String next = chars(t, ascii);
      if (next.equals(t)) {
        break;
      }
      t = next;
    }
    return lines(t, rejoin, unwrap);
  }

  /** Character-level steps. */
  static String chars(String s, boolean ascii) {
    StringBuilder b = new StringBuilder(s.length());
    int n = s.length();
    for (int i = 0; i < n; ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\r') {
        b.append('\n');
        if (i < n && s.charAt(i) == '\n') {
          i++;
        }
        continue;
      }
      if (cp == '\n' || cp == 0x85 || cp == 0x2028 || cp == 0x2029 || cp == 0x0B || cp == 0x0C) {
        b.append('\n');
        continue;
      }
      if (cp == '\t') {
        b.append(' ');
        continue;
      }
      int type = Character.getType(cp);
      if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE) {
        continue;
      }
      b.appendCodePoint(cp);
    }
    String t = Normalizer.normalize(b, Normalizer.Form.NFKC);
    StringBuilder o = new StringBuilder(t.length());
    for (int i = 0; i < t.length(); ) {
      int cp = t.codePointAt(i);
      i += Character.charCount(cp);
      if (ascii) {
        switch (cp) {
          case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x2035: case 0x2039: case 0x203A:
            o.append('\'');
            continue;
          case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x2036:
            o.append('"');
            continue;
          case 0x00AB: // «
            o.append('"');
            while (i < t.length() && t.charAt(i) == ' ') {
              i++;
            }
            continue;
          case 0x00BB: // »
            while (o.length() > 0 && o.charAt(o.length() - 1) == ' ') {
              o.setLength(o.length() - 1);
            }
            o.append('"');
            continue;
          case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2212: case 0xFE63: case 0xFF0D:
            o.append('-');
            continue;
          case 0x2014: case 0x2015:
            o.append(" - ");
            continue;
          default:
            break;
        }
      }
      if (cp != '\n' && (Character.isWhitespace(cp) || Character.isSpaceChar(cp))) {
        o.append(' ');
        continue;
      }
      o.appendCodePoint(cp);
    }
    return o.toString();
  }

  /** Line-level steps on text whose only line terminator is '\n' and whose only other space is ' '. */
  static String lines(String s, boolean rejoin, boolean unwrap) {
    String[] raw = s.split("\n", -1);
    List<String> lines = new ArrayList<>(raw.length);
    List<Boolean> indented = new ArrayList<>(raw.length);
    List<Boolean> tabular = new ArrayList<>(raw.length);
    for (String r : raw) {
      indented.add(r.startsWith("  "));
      tabular.add(TABULAR.matcher(r.strip()).find());
      lines.add(SPACE_RUN.matcher(r).replaceAll(" ").strip());
    }
    if (rejoin) {
      rejoinHyphens(lines, indented, tabular, s);
    }
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < lines.size()) {
      if (lines.get(i).isEmpty()) {
        out.append('\n');
        i++;
        continue;
      }
      int j = i;
      while (j < lines.size() && !lines.get(j).isEmpty()) {
        j++;
      }
      List<String> block = lines.subList(i, j);
      if (unwrap && isHardWrapped(block)) {
        out.append(unwrapBlock(block, indented.subList(i, j), tabular.subList(i, j)));
      } else {
        out.append(String.join("\n", block));
      }
      out.append('\n');
      i = j;
      if (i < lines.size()) {
        i++; // the blank separator line
        out.append('\n');
      }
    }
    return BLANK_RUN.matcher(out).replaceAll("\n\n").strip();
  }

  private static void rejoinHyphens(List<String> lines, List<Boolean> indented, List<Boolean> tabular, String all) {
    for (int i = 0; i + 1 < lines.size(); ) {
      String a = lines.get(i);
      String b = lines.get(i + 1);
      int n = a.length();
      if (n >= 2 && a.charAt(n - 1) == '-' && Character.isLetter(a.codePointBefore(n - 1))
          && !b.isEmpty() && Character.isLetter(b.codePointAt(0))) {
        int ls = n - 1;
        while (ls > 0 && Character.isLetter(a.codePointBefore(ls))) {
          ls -= Character.charCount(a.codePointBefore(ls));
        }
        String left = a.substring(ls, n - 1);
        int re = 0;
        while (re < b.length() && Character.isLetter(b.codePointAt(re))) {
          re += Character.charCount(b.codePointAt(re));
        }
        String right = b.substring(0, re);
        boolean drop = Character.isLowerCase(right.codePointAt(0)) && (SUFFIXES.contains(right.toLowerCase(Locale.ROOT))
            || occursAsWord(all, left + right) && !all.contains(left + "-" + right));
        lines.set(i, drop ? a.substring(0, n - 1) + b : a + b);
        lines.remove(i + 1);
        indented.remove(i + 1);
        tabular.set(i, tabular.get(i) || tabular.get(i + 1));
        tabular.remove(i + 1);
      } else {
        i++;
      }
    }
  }

  private static boolean occursAsWord(String all, String word) {
    String lower = all.toLowerCase(Locale.ROOT);
    String w = word.toLowerCase(Locale.ROOT);
    for (int from = lower.indexOf(w); from >= 0; from = lower.indexOf(w, from + 1)) {
      int end = from + w.length();
      boolean startOk = from == 0 || !Character.isLetter(lower.codePointBefore(from));
      boolean endOk = end >= lower.length() || !Character.isLetter(lower.codePointAt(end));
      if (startOk && endOk) {
        return true;
      }
    }
    return false;
  }

  private static int len(String s) {
    return s.codePointCount(0, s.length());
  }

  static boolean isHardWrapped(List<String> block) {
    int n = block.size();
    if (n < 3) {
      return false;
    }
    int max = 0;
    for (int i = 0; i < n - 1; i++) {
      max = Math.max(max, len(block.get(i)));
    }
    if (max < 30 || max > 150) {
      return false;
    }
    int wide = 0;
    int continued = 0;
    for (int i = 0; i < n - 1; i++) {
      String a = block.get(i);
      if (2 * len(a) >= max) {
        wide++;
      }
      String b = block.get(i + 1);
      if (!TERMINAL.matcher(a).matches() && Character.isLowerCase(b.codePointAt(0))) {
        continued++;
      }
    }
    return wide >= 0.7 * (n - 1) && continued >= Math.max(1, 0.25 * (n - 1));
  }

  private static String unwrapBlock(List<String> block, List<Boolean> indented, List<Boolean> tabular) {
    int max = 0;
    for (int i = 0; i < block.size() - 1; i++) {
      max = Math.max(max, len(block.get(i)));
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < block.size(); i++) {
      String line = block.get(i);
      if (i > 0) {
        String prev = block.get(i - 1);
        boolean boundary =
            TERMINAL.matcher(prev).matches() && (len(prev) < 0.85 * max || line.split(" ").length <= 3)
                || indented.get(i)
                || tabular.get(i)
                || tabular.get(i - 1)
                || LIST_START.matcher(line).matches();
        b.append(boundary ? "\n\n" : " ");
      }
      b.append(line);
    }
    return b.toString();
  }
}
