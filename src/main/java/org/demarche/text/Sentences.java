package org.demarche.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits cleaned article text into sentences, in one left-to-right pass (no regular expressions).
 *
 * <p>Input: a string (the cleaned body). Output: {@link Span}s in text order, character offsets into the input, end
 * exclusive, trimmed of whitespace; empty sentences are dropped; null or blank text gives an empty list.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>Every line break ends a sentence (web text has one paragraph per line; wire text was unwrapped by the clean
 *       stage), except a soft wrap in hard-wrapped text ({@link #hardWrapped}: raw wire copy, "... Exchequer Nigel\n
 *       Lawson has told ..."): a single line break with a letter right after it, between two lines that are not ALL
 *       CAPS, continues the sentence; so does, in any text, a single line break before a lower-case word, or after a
 *       comma that ends a line longer than a salutation ("Mr. President,").
 *   <li>{@code . ! ? …} (and runs such as {@code ...} or {@code ?!}) end a sentence when followed, after any closing
 *       quotes or brackets ({@code " ' ” ’ » ) ]}), by whitespace and then an upper-case letter, a digit or an opening
 *       quote/bracket. So {@code ." He} and {@code .” He} end after the quote; {@code ?" he asked} and
 *       {@code ... and then} do not end; {@code 3.5} never does (no whitespace after the point).
 *   <li>A single period after a title abbreviation (Mr, Mrs, Ms, Dr, Gen, Sen, Rep, Gov, St, Prof, Lt, Col, ...) never
 *       ends a sentence. After a single letter (the initial in "George W. Bush", the last letter of "U.S.", "U.N.") or a
 *       month or other short abbreviation (Jan, Feb, ..., No, Inc, Corp, Ltd, Jr, vs), it ends one only when the next
 *       word is a usual sentence opener ("The", "He", "But", "In", ...): "the U.S. Senate" continues, "sanctions on
 *       the U.S. The talks" splits.
 * </ul>
 */
public final class Sentences {
  private Sentences() {}

  /** One sentence: {@code [start, end)} character offsets, trimmed. */
  public record Span(int start, int end) {
    public String of(String text) {
      return text.substring(start, end);
    }
  }

  /** Title abbreviations: a name always follows, so the period never ends a sentence. */
  static final Set<String> TITLES = Set.of("mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "reps", "gov", "lt",
      "col", "capt", "cpt", "sgt", "maj", "adm", "cmdr", "rev", "hon", "st", "mt", "ft", "pres", "amb", "supt", "insp",
      "det", "cpl", "pvt", "brig", "messrs", "mme", "mlle", "sens", "govs", "gens", "lieut", "atty");
  /** Other abbreviations: the period ends a sentence only before a usual sentence opener. */
  static final Set<String> OTHER = Set.of("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
      "dec", "no", "nos", "vs", "inc", "corp", "ltd", "co", "jr", "sr", "approx", "est", "fig", "vol", "pp", "dept",
      "univ", "assn", "bros", "e.g", "i.e", "cf", "al");
  /** Words that usually open a sentence (lower case). */
  static final Set<String> OPENERS = Set.of("the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "but",
      "and", "or", "in", "on", "at", "as", "after", "before", "while", "when", "if", "this", "that", "these", "those",
      "there", "his", "her", "its", "their", "our", "my", "meanwhile", "however", "still", "yet", "so", "since", "for",
      "according", "some", "many", "both", "other", "officials", "one", "two", "what", "why", "how", "who", "where",
      "earlier", "later", "last", "during", "with", "without", "by", "from", "to", "no", "not", "also", "then", "now",
      "mr", "mrs", "ms", "dr", "asked", "speaking", "under", "despite", "although", "though", "instead", "such",
      "here", "each", "all", "most", "more", "few", "several", "another", "next");

  private static final java.util.concurrent.atomic.AtomicLong SPLITS = new java.util.concurrent.atomic.AtomicLong();

  /**
   * How many texts {@link #split} has split in this JVM: a test checks that a run splits each document once (in local
   * mode every task runs in the driver's JVM).
   */
  public static long splits() {
    return SPLITS.get();
  }

  /** The sentences of {@code text}. */
  public static List<Span> split(String text) {
    SPLITS.incrementAndGet();
    List<Span> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    int n = text.length();
    boolean wrapped = hardWrapped(text);
    int start = 0;
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\n' && (wrapped && softWrap(text, i) || midSentence(text, i))) {
        i++; // a soft wrap inside a sentence of hard-wrapped text, or a break after a comma or before a lower-case word
        continue;
      }
      if (c == '\n') {
        add(out, text, start, i);
        start = i + 1;
        i++;
        continue;
      }
      if (c != '.' && c != '!' && c != '?' && c != '\u2026') {
        i++;
        continue;
      }
      int j = i + 1;
      while (j < n && isTerminal(text.charAt(j))) {
        j++;
      }
      boolean single = c == '.' && j == i + 1;
      while (j < n && isCloser(text.charAt(j))) {
        j++;
      }
      if (j >= n) {
        break;
      }
      char after = text.charAt(j);
      if (after == '\n' && !(wrapped && softWrap(text, j))) {
        i = j; // the line break ends the sentence
        continue;
      }
      if (!Character.isWhitespace(after)) {
        i = j; // "3.5", "U.S.", "Yahoo!Inc" – no break here
        continue;
      }
      int k = j;
      while (k < n && (text.charAt(k) == ' ' || text.charAt(k) == '\t'
          || text.charAt(k) == '\n' && wrapped && softWrap(text, k))) {
        k++;
      }
      if (k >= n || text.charAt(k) == '\n') {
        i = k;
        continue;
      }
      if (!opensSentence(text, k) || single && !abbreviationAllowsBreak(text, i, k)) {
        i = j;
        continue;
      }
      add(out, text, start, j);
      start = j;
      i = j;
    }
    add(out, text, start, n);
    return out;
  }

  /** Longest line of hard-wrapped text (wire copy is wrapped at ~70 characters). */
  static final int WRAP_WIDTH = 90;

  /**
   * Whether the text is hard-wrapped: at least four lines, and at least 80% of the non-empty lines are at most
   * {@link #WRAP_WIDTH} characters long and at least a third of them 40 or more (running prose, not a list of short
   * items). Web text with one paragraph per line is not.
   */
  public static boolean hardWrapped(String text) {
    int lines = 0;
    int shortLines = 0;
    int longish = 0;
    int from = 0;
    while (from <= text.length()) {
      int nl = text.indexOf('\n', from);
      int to = nl < 0 ? text.length() : nl;
      int len = text.substring(from, to).strip().length();
      if (len > 0) {
        lines++;
        shortLines += len <= WRAP_WIDTH ? 1 : 0;
        longish += len >= 40 && len <= WRAP_WIDTH ? 1 : 0;
      }
      if (nl < 0) {
        break;
      }
      from = nl + 1;
    }
    return lines >= 4 && shortLines >= 0.8 * lines && longish * 3 >= lines;
  }

  /**
   * Whether the line break at {@code nl} is a soft wrap: a single break with a letter or digit right after it (no
   * indentation, no blank line), joining two lines neither of which is ALL CAPS (a headline or an all-caps wire line).
   */
  static boolean softWrap(String text, int nl) {
    if (nl + 1 >= text.length() || !Character.isLetterOrDigit(text.charAt(nl + 1))) {
      return false;
    }
    int ps = text.lastIndexOf('\n', nl - 1) + 1;
    int ne = text.indexOf('\n', nl + 1);
    return !allUpper(text, ps, nl) && !allUpper(text, nl + 1, ne < 0 ? text.length() : ne);
  }

  /**
   * Whether the single line break at {@code nl} falls inside a sentence whatever the layout: the next line opens with a
   * lower-case letter, or the line ends with a comma and is longer than a salutation (not a blank line in between).
   */
  static boolean midSentence(String text, int nl) {
    int p = nl - 1;
    while (p >= 0 && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
      p--;
    }
    int k = nl + 1;
    while (k < text.length() && (text.charAt(k) == ' ' || text.charAt(k) == '\t')) {
      k++;
    }
    if (p < 0 || k >= text.length() || text.charAt(k) == '\n' || text.charAt(p) == '\n') {
      return false;
    }
    if (Character.isLowerCase(text.charAt(k))) {
      return true;
    }
    // a comma ends a short line in a salutation ("Mr. President,\nDistinguished delegates,"): not inside a sentence
    int lineStart = text.lastIndexOf('\n', p) + 1;
    return text.charAt(p) == ',' && p - lineStart >= SALUTATION_MAX;
  }

  /** Lines up to this long that end with a comma are taken for salutations ({@link #midSentence}). */
  static final int SALUTATION_MAX = 40;

  /** Whether {@code text[from, to)} has no lower-case letter (letters all upper case, or none). */
  public static boolean allUpper(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (Character.isLetter(c) && !Character.isUpperCase(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isTerminal(char c) {
    return c == '.' || c == '!' || c == '?' || c == '\u2026';
  }

  static boolean isCloser(char c) {
    return c == '"' || c == '\'' || c == '\u201D' || c == '\u2019' || c == '\u00BB' || c == ')' || c == ']';
  }

  static boolean isOpener(char c) {
    return c == '"' || c == '\'' || c == '\u201C' || c == '\u2018' || c == '\u00AB' || c == '(' || c == '['
        || c == '\u201E';
  }

  private static boolean opensSentence(String text, int k) {
    char c = text.charAt(k);
    if (Character.isUpperCase(c) || Character.isDigit(c)) {
      return true;
    }
    if (isOpener(c) && k + 1 < text.length()) {
      char d = text.charAt(k + 1);
      return Character.isUpperCase(d) || Character.isDigit(d) || isOpener(d);
    }
    return false;
  }

  /** A single period at {@code dot}; the next sentence would start at {@code next}. */
  private static boolean abbreviationAllowsBreak(String text, int dot, int next) {
    int ws = dot;
    while (ws > 0 && Character.isLetter(text.charAt(ws - 1))) {
      ws--;
    }
    int len = dot - ws;
    if (len == 0) {
      return true; // "2012.", ")."
    }
    String w = text.substring(ws, dot).toLowerCase(Locale.ROOT);
    if (len == 1) {
      // an initial ("W.") or the last letter of a dotted acronym ("U.S."); a lower-case single letter ("e.g.") too
      return nextIsOpener(text, next);
    }
    boolean dotted = ws > 0 && text.charAt(ws - 1) == '.';
    if (dotted) {
      return nextIsOpener(text, next); // "e.g.", "a.m."
    }
    if (TITLES.contains(w)) {
      return false;
    }
    if (OTHER.contains(w)) {
      return nextIsOpener(text, next);
    }
    return true;
  }

  private static boolean nextIsOpener(String text, int k) {
    int n = text.length();
    while (k < n && isOpener(text.charAt(k))) {
      k++;
    }
    int e = k;
    while (e < n && Character.isLetter(text.charAt(e))) {
      e++;
    }
    if (e == k) {
      return false;
    }
    return OPENERS.contains(text.substring(k, e).toLowerCase(Locale.ROOT));
  }

  private static void add(List<Span> out, String text, int s, int e) {
    while (s < e && Character.isWhitespace(text.charAt(s))) {
      s++;
    }
    while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
      e--;
    }
    if (e > s) {
      out.add(new Span(s, e));
    }
  }
}
