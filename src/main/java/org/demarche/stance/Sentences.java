package org.demarche.stance;

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
 *       stage).
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

  /** The sentences of {@code text}. */
  public static List<Span> split(String text) {
    List<Span> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    int n = text.length();
    int start = 0;
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
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
      if (after == '\n') {
        i = j; // the line break ends the sentence
        continue;
      }
      if (!Character.isWhitespace(after)) {
        i = j; // "3.5", "U.S.", "Yahoo!Inc" – no break here
        continue;
      }
      int k = j;
      while (k < n && (text.charAt(k) == ' ' || text.charAt(k) == '\t')) {
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
