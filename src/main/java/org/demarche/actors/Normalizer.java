package org.demarche.actors;

import java.util.List;
import org.demarche.text.Token;
import org.demarche.text.Words;

/**
 * Alias keys for the dictionary and the matcher, over the shared word tokens ({@link Words}, mirrored by
 * {@code data/build/build_actors.py}).
 */
public final class Normalizer {
  private Normalizer() {}

  /** Lowercase, diacritics stripped (NFD minus combining marks): {@link Words#fold}. */
  public static String fold(String s) {
    return Words.fold(s);
  }

  /** The word tokens of {@code text}: {@link Words#tokenize}. */
  public static List<Token> tokenize(String text) {
    return Words.tokenize(text);
  }

  /** The normalised key of an alias: its tokens joined by single spaces. */
  public static String key(String alias) {
    StringBuilder b = new StringBuilder();
    for (Token t : tokenize(alias)) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(t.norm());
    }
    return b.toString();
  }
}
