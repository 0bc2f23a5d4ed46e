package org.demarche.text;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;

/**
 * Drops stopwords from token arrays: Spark's English list, the bundled news boilerplate list and a user list.
 *
 * <p>Input: {@code inputCol}, {@code array<string>}. Output: {@code outputCol}, {@code array<string>}, the kept
 * tokens in order. Null in gives null out. Matching is exact on the (lowercase) token; merged phrases such as
 * {@code security_council} are never stopwords.
 *
 * <p>Lists ({@link StopWordLists}): {@code useEnglish} adds Spark's {@code loadDefaultStopWords("english")}, with
 * apostrophes normalised as {@link NewsTokenizer} does ({@code don't} → {@code do}); {@code useNews} adds
 * {@code org/demarche/text/stopwords_news_en.txt} (said, says, told, according, percent, mr, reuters, getty, caption,
 * newsletter, weekday and month names ...); {@code extraStopWords} are added as given (lowercased).
 *
 * <p>Params:
 *
 * <ul>
 *   <li>{@code inputCol}, {@code outputCol} (string): no defaults.
 *   <li>{@code useEnglish} (boolean). Default {@code true}.
 *   <li>{@code useNews} (boolean). Default {@code true}.
 *   <li>{@code extraStopWords} (string array). Default empty.
 * </ul>
 */
public class NewsStopWordsRemover extends ArrayColumnTransformer {
  private static final long serialVersionUID = 1L;

  private final BooleanParam useEnglish;
  private final BooleanParam useNews;
  private final StringArrayParam extraStopWords;

  public NewsStopWordsRemover() {
    this(Identifiable.randomUID("newsStopWords"));
  }

  public NewsStopWordsRemover(String uid) {
    super(uid);
    useEnglish = new BooleanParam(this, "useEnglish", "drop Spark's English stopwords");
    useNews = new BooleanParam(this, "useNews", "drop the bundled news boilerplate stopwords");
    extraStopWords = new StringArrayParam(this, "extraStopWords", "more stopwords to drop");
    setDefault(useEnglish, true);
    setDefault(useNews, true);
    setDefault(extraStopWords, new String[0]);
  }

  public BooleanParam useEnglish() {
    return useEnglish;
  }

  public boolean getUseEnglish() {
    return (Boolean) $(useEnglish);
  }

  public NewsStopWordsRemover setUseEnglish(boolean value) {
    set(useEnglish, value);
    return this;
  }

  public BooleanParam useNews() {
    return useNews;
  }

  public boolean getUseNews() {
    return (Boolean) $(useNews);
  }

  public NewsStopWordsRemover setUseNews(boolean value) {
    set(useNews, value);
    return this;
  }

  public StringArrayParam extraStopWords() {
    return extraStopWords;
  }

  public String[] getExtraStopWords() {
    return $(extraStopWords);
  }

  public NewsStopWordsRemover setExtraStopWords(String[] value) {
    set(extraStopWords, value);
    return this;
  }

  @Override
  public NewsStopWordsRemover setInputCol(String value) {
    super.setInputCol(value);
    return this;
  }

  @Override
  public NewsStopWordsRemover setOutputCol(String value) {
    super.setOutputCol(value);
    return this;
  }

  /** The effective stopword set for the current params. */
  public Set<String> stopWords() {
    Set<String> s = new HashSet<>();
    if (getUseEnglish()) {
      s.addAll(Arrays.asList(StopWordLists.english()));
    }
    if (getUseNews()) {
      s.addAll(Arrays.asList(StopWordLists.news()));
    }
    for (String w : getExtraStopWords()) {
      if (w != null) {
        s.add(w.toLowerCase(Locale.ROOT));
      }
    }
    return s;
  }

  @Override
  protected Column outputExpr(Column input) {
    final Filter f = new Filter(new HashSet<>(stopWords()));
    return functions.udf((UDF1<scala.collection.Seq<String>, String[]>) f::apply, TOKENS).apply(input);
  }

  public static MLReader<NewsStopWordsRemover> read() {
    return new DefaultParamsReader<>();
  }

  public static NewsStopWordsRemover load(String path) {
    return read().load(path);
  }

  static final class Filter implements Serializable {
    private static final long serialVersionUID = 1L;
    private final HashSet<String> stop;

    Filter(HashSet<String> stop) {
      this.stop = stop;
    }

    String[] apply(scala.collection.Seq<String> tokens) {
      if (tokens == null) {
        return null;
      }
      int n = tokens.length();
      List<String> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String t = tokens.apply(i);
        if (t != null && !stop.contains(t)) {
          out.add(t);
        }
      }
      return out.toArray(new String[0]);
    }
  }
}
