package org.demarche.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.feature.StopWordsRemover;

/**
 * The stopword lists the text stages share, in the tokenizer's form ({@link NewsTokenizer#normalizeApostrophes}:
 * lowercase, possessive and clitics stripped, no apostrophes).
 *
 * <ul>
 *   <li>{@link #english()}: Spark's {@code StopWordsRemover.loadDefaultStopWords("english")} (180 words), normalised
 *       the same way as tokens, so {@code don't} becomes {@code do} and {@code i'll} becomes {@code i}.
 *   <li>{@link #news()}: {@code org/demarche/text/stopwords_news_en.txt}, reporting verbs, hedges, honorifics,
 *       relative time, wire agencies and page furniture; its header says how it was derived and curated.
 * </ul>
 */
public final class StopWordLists {
  public static final String NEWS_RESOURCE = "/org/demarche/text/stopwords_news_en.txt";

  private StopWordLists() {}

  /** Spark's English list, normalised like tokens; sorted and without duplicates. */
  public static String[] english() {
    Set<String> out = new LinkedHashSet<>();
    for (String w : StopWordsRemover.loadDefaultStopWords("english")) {
      String n = NewsTokenizer.normalizeApostrophes(w.toLowerCase(java.util.Locale.ROOT));
      if (!n.isEmpty()) {
        out.add(n);
      }
    }
    return out.stream().sorted().toArray(String[]::new);
  }

  /** The bundled news boilerplate list, in file order. */
  public static String[] news() {
    List<String> out = new ArrayList<>();
    try (InputStream in = StopWordLists.class.getResourceAsStream(NEWS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + NEWS_RESOURCE);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          out.add(t);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toArray(new String[0]);
  }

  /** English then news, without duplicates. */
  public static String[] englishAndNews() {
    Set<String> out = new LinkedHashSet<>(Arrays.asList(english()));
    out.addAll(Arrays.asList(news()));
    return out.toArray(new String[0]);
  }
}
