package org.demarche.text;

import java.text.Normalizer.Form;
import java.util.ArrayList;
import java.util.List;

/**
 * The word tokens every engine reads (part of {@link DocumentAnalysis}; mirrored by
 * {@code data/build/build_actors.py}): tokens are runs of letters and digits; an apostrophe inside a word is dropped
 * ({@code O'Brien} → {@code obrien}); a possessive {@code 's} / {@code ’s} is dropped and flagged; hyphens, periods and
 * other characters separate tokens. Each token keeps its character offsets in the original text and a normalised form:
 * lowercase with diacritics stripped.
 */
public final class Words {
  private Words() {}

  public static boolean isApostrophe(char c) {
    return c == '\'' || c == '\u2019' || c == '\u02bc' || c == '\u2018' || c == '`';
  }

  /** Lowercase, diacritics stripped (NFD minus combining marks). */
  public static String fold(String s) {
    String d = java.text.Normalizer.normalize(s, Form.NFD);
    StringBuilder b = new StringBuilder(d.length());
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      if (Character.getType(c) != Character.NON_SPACING_MARK) {
        b.append(c);
      }
    }
    return b.toString().toLowerCase(java.util.Locale.ROOT);
  }

  public static List<Token> tokenize(String text) {
    List<Token> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        i++;
        continue;
      }
      int start = i;
      StringBuilder raw = new StringBuilder();
      boolean possessive = false;
      while (i < n) {
        char d = text.charAt(i);
        if (Character.isLetterOrDigit(d) || Character.getType(d) == Character.NON_SPACING_MARK) {
          raw.append(d);
          i++;
        } else if (isApostrophe(d) && i + 1 < n && Character.isLetterOrDigit(text.charAt(i + 1))) {
          char e = text.charAt(i + 1);
          if ((e == 's' || e == 'S') && (i + 2 >= n || !Character.isLetterOrDigit(text.charAt(i + 2)))) {
            possessive = true;
            break;
          }
          i++; // apostrophe inside a word: joined
        } else {
          break;
        }
      }
      int end = possessive ? i : i;
      out.add(new Token(fold(raw.toString()), start, end, possessive));
      if (possessive) {
        i += 2;
      }
    }
    return out;
  }

}
