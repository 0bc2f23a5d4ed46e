package org.demarche.text;

import java.util.Locale;

/** Lower-casing of word slices for the hand-written tokenizers (statements, issue phrases). */
public final class Casing {
  private Casing() {}

  /**
   * {@code text[i, j)} in lower case ({@link Locale#ROOT}) with {@code ’} read as {@code '}. An ASCII slice (nearly
   * every word) is lower-cased by hand into {@code buf}, one copy instead of two; get {@code buf} from {@link #fit}.
   */
  public static String lower(String text, int i, int j, char[] buf) {
    for (int k = i; k < j; k++) {
      char d = text.charAt(k);
      if (d >= 128) {
        return text.substring(i, j).toLowerCase(Locale.ROOT).replace('\u2019', '\'');
      }
      buf[k - i] = d >= 'A' && d <= 'Z' ? (char) (d + ('a' - 'A')) : d;
    }
    return new String(buf, 0, j - i);
  }

  /** {@code buf} when it holds at least {@code n} chars, else a new, larger buffer to keep in its place. */
  public static char[] fit(char[] buf, int n) {
    return buf != null && buf.length >= n ? buf : new char[Math.max(n, buf == null ? 32 : 2 * buf.length)];
  }
}
