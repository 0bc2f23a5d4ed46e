package org.demarche.text;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.SetKeywordMarkerFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;

/**
 * Reduces tokens to a base form with a Lucene English stemmer, token by token (no context).
 *
 * <p>Input: {@code inputCol}, {@code array<string>} (lowercase tokens, as {@link NewsTokenizer} writes them). Output:
 * {@code outputCol}, {@code array<string>} of the same length and order. Null in gives null out.
 *
 * <p>Algorithms ({@code algorithm}):
 *
 * <ul>
 *   <li>{@code kstem} (default): Krovetz's KStem ({@link KStemFilter}), dictionary-backed and conservative; output stays
 *       a word ({@code weapons} → {@code weapon}, {@code negotiations} → {@code negotiation}, {@code russia} stays; words in its
 *       dictionary such as {@code talks} stay as they are). Readable in topic labels and keyness tables.
 *   <li>{@code porter}: Porter's stemmer ({@link PorterStemFilter}), aggressive, not always a word
 *       ({@code nations} → {@code nation}, {@code security} → {@code secur}).
 *   <li>{@code minimal}: plural removal only ({@link EnglishMinimalStemFilter}).
 *   <li>{@code none}: tokens unchanged.
 * </ul>
 *
 * <p>Tokens listed in {@code protectedTerms}, and with {@code skipStopWords} the English and news stopwords of
 * {@link StopWordLists} (so that a later {@link NewsStopWordsRemover} still recognises {@code says}, {@code has}), are
 * left unchanged. Tokens containing {@code _} (phrases) are left unchanged too.
 *
 * <p>Why Lucene rather than an OpenNLP lemmatizer: a dictionary lemmatizer needs POS tags, i.e. an OpenNLP POS
 * tagger pass over sentences, which is slower by orders of magnitude than a stemmer and needs the untokenized
 * sentence; the OpenNLP English UD models were also not resolvable from Maven Central here under the names tried.
 *
 * <p>Params:
 *
 * <ul>
 *   <li>{@code inputCol}, {@code outputCol} (string): no defaults.
 *   <li>{@code algorithm} (string, one of {@code kstem}, {@code porter}, {@code minimal}, {@code none}). Default
 *       {@code kstem}.
 *   <li>{@code protectedTerms} (string array): tokens never stemmed. Default empty.
 *   <li>{@code skipStopWords} (boolean): never stem stopwords. Default {@code true}.
 * </ul>
 */
public class Lemmatizer extends ArrayColumnTransformer {
  private static final long serialVersionUID = 1L;
  public static final String[] ALGORITHMS = {"kstem", "porter", "minimal", "none"};

  private final Param<String> algorithm;
  private final StringArrayParam protectedTerms;
  private final BooleanParam skipStopWords;

  public Lemmatizer() {
    this(Identifiable.randomUID("lemmatizer"));
  }

  public Lemmatizer(String uid) {
    super(uid);
    algorithm = new Param<>(this, "algorithm", "stemmer: " + String.join(", ", ALGORITHMS),
        ParamValidators.inArray(ALGORITHMS));
    protectedTerms = new StringArrayParam(this, "protectedTerms", "tokens never stemmed");
    skipStopWords = new BooleanParam(this, "skipStopWords", "leave English and news stopwords unstemmed");
    setDefault(algorithm, "kstem");
    setDefault(protectedTerms, new String[0]);
    setDefault(skipStopWords, true);
  }

  public Param<String> algorithm() {
    return algorithm;
  }

  public String getAlgorithm() {
    return $(algorithm);
  }

  public Lemmatizer setAlgorithm(String value) {
    set(algorithm, value);
    return this;
  }

  public StringArrayParam protectedTerms() {
    return protectedTerms;
  }

  public String[] getProtectedTerms() {
    return $(protectedTerms);
  }

  public Lemmatizer setProtectedTerms(String[] value) {
    set(protectedTerms, value);
    return this;
  }

  public BooleanParam skipStopWords() {
    return skipStopWords;
  }

  public boolean getSkipStopWords() {
    return (Boolean) $(skipStopWords);
  }

  public Lemmatizer setSkipStopWords(boolean value) {
    set(skipStopWords, value);
    return this;
  }

  @Override
  public Lemmatizer setInputCol(String value) {
    super.setInputCol(value);
    return this;
  }

  @Override
  public Lemmatizer setOutputCol(String value) {
    super.setOutputCol(value);
    return this;
  }

  @Override
  protected Column outputExpr(Column input) {
    final Rules rules = rules();
    return functions.udf((UDF1<scala.collection.Seq<String>, String[]>) rules::apply, TOKENS).apply(input);
  }

  /** Stems {@code tokens} on the driver with this stage's params (builds the stemmer: use {@link #lemmatizer()}
   * for many calls). */
  public String[] lemmatize(String[] tokens) {
    return rules().stem(tokens);
  }

  /** A reusable stemming function with the current params, for many calls outside Spark. */
  public java.util.function.UnaryOperator<String[]> lemmatizer() {
    return rules()::stem;
  }

  private Rules rules() {
    String[] keep = getProtectedTerms();
    if (getSkipStopWords()) {
      String[] stop = StopWordLists.englishAndNews();
      String[] all = Arrays.copyOf(keep, keep.length + stop.length);
      System.arraycopy(stop, 0, all, keep.length, stop.length);
      keep = all;
    }
    return new Rules(getAlgorithm(), keep);
  }

  public static MLReader<Lemmatizer> read() {
    return new DefaultParamsReader<>();
  }

  public static Lemmatizer load(String path) {
    return read().load(path);
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** Serialisable rules; one Lucene filter chain per thread. */
  static final class Rules implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String algorithm;
    private final String[] keep;
    private transient ThreadLocal<Chain> chain;

    Rules(String algorithm, String[] keep) {
      this.algorithm = algorithm;
      this.keep = keep.clone();
    }

    String[] apply(scala.collection.Seq<String> tokens) {
      return tokens == null ? null : stem(toArray(tokens));
    }

    String[] stem(String[] tokens) {
      if (algorithm.equals("none")) {
        return tokens.clone();
      }
      if (chain == null) {
        synchronized (this) {
          if (chain == null) {
            chain = ThreadLocal.withInitial(() -> new Chain(algorithm, keep));
          }
        }
      }
      return chain.get().run(tokens);
    }
  }

  /** Array source → keyword marker → stemmer, reused across documents. */
  private static final class Chain {
    final ArraySource source = new ArraySource();
    final TokenStream out;
    final CharTermAttribute term;

    Chain(String algorithm, String[] keep) {
      CharArraySet set = new CharArraySet(Arrays.asList(keep), false);
      TokenStream marked = new SetKeywordMarkerFilter(new PhraseKeywordFilter(source), set);
      out = switch (algorithm) {
        case "porter" -> new PorterStemFilter(marked);
        case "minimal" -> new EnglishMinimalStemFilter(marked);
        default -> new KStemFilter(marked);
      };
      term = out.addAttribute(CharTermAttribute.class);
    }

    String[] run(String[] tokens) {
      String[] result = new String[tokens.length];
      source.set(tokens);
      try {
        out.reset();
        int i = 0;
        while (out.incrementToken()) {
          result[i++] = term.toString();
        }
        out.end();
        out.close();
        return i == result.length ? result : Arrays.copyOf(result, i);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Emits the tokens of a Java array as a Lucene token stream. */
  private static final class ArraySource extends TokenStream {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private String[] tokens = new String[0];
    private int next;

    void set(String[] tokens) {
      this.tokens = tokens;
      this.next = 0;
    }

    @Override
    public boolean incrementToken() {
      if (next >= tokens.length) {
        return false;
      }
      clearAttributes();
      term.setEmpty().append(tokens[next++]);
      return true;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      next = 0;
    }
  }

  /** Marks tokens containing {@code _} (merged phrases) as keywords. */
  private static final class PhraseKeywordFilter extends TokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final org.apache.lucene.analysis.tokenattributes.KeywordAttribute kw =
        addAttribute(org.apache.lucene.analysis.tokenattributes.KeywordAttribute.class);

    PhraseKeywordFilter(TokenStream in) {
      super(in);
    }

    @Override
    public boolean incrementToken() throws IOException {
      if (!input.incrementToken()) {
        return false;
      }
      for (int i = 0; i < term.length(); i++) {
        if (term.charAt(i) == '_') {
          kw.setKeyword(true);
          break;
        }
      }
      return true;
    }
  }
}
