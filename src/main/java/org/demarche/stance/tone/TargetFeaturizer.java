package org.demarche.stance.tone;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.ml.Schemas;

/**
 * Features of one target in one sentence, for a linear targeted-sentiment classifier.
 *
 * <p>Input: {@code textCol} (string, the sentence), {@code targetStartCol} and {@code targetEndCol} (int, the target's
 * character span, end exclusive). Output: {@code outputCol}, a vector of size {@code numFeatures + }{@link #DENSE}.
 * The first {@code numFeatures} slots hold hashed (MurmurHash3), binary-counted string features built on the VADER
 * tokens ({@link ToneLexicon#tokenize}) lower-cased, with the target's tokens replaced by one {@code <t>} token and
 * (switch {@code maskNames}) Title-case words inside the sentence by {@code <p>}: sentence unigrams and bigrams
 * ({@code useBigrams}); the local window of ±{@code windowSize} tokens with left/right markers, the immediate
 * neighbours and window bigrams; the words of the target's clause (see {@link TargetedTone}); lexicon words whose sign
 * a negation flipped ({@code neg_good}); the sign of each lexicon word in the window ({@code wpos}, {@code wneg}) and
 * whether the target is a pronoun. The last {@link #DENSE} slots are numbers from {@link TargetedTone} (switch
 * {@code lexiconFeatures}): window score, log(1+positive), log(1+negative), log(1+hits), negation present, sentence
 * VADER compound, target inside quotes, sentence has quotes, relative target position, log(1+tokens), target first
 * in the sentence, clause score without the distance limit, a speech verb right after the target. Null text or offsets
 * outside the text give an empty vector of the same size. Only run-time information is used: the sentence and our own
 * target span (no gold lists of other targets).
 *
 * <p>{@code extras} (bit set, default 0 = the features above only) adds hashed families: {@link #X_NEAREST} the
 * nearest lexicon word on each side inside the clause (sign and distance bucket, the word, the words between);
 * {@link #X_ROLE} role cues (clause subject = no content word before the target in its clause, "by"/preposition
 * before, possessive after, the first content word after and before); {@link #X_SPEAKER} a speech verb right after or
 * before the target, "according to", quotation state; {@link #X_CHARS} character 4-grams of the window words;
 * {@link #X_CLAUSE_SIDE} the clause words with their side; {@link #X_DISTANCE} lexicon signs in the clause by side and
 * distance bucket; {@link #X_STEMS} Snowball English stems of the sentence words and of the window words by side.
 */
public class TargetFeaturizer extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  /** Number of dense numeric features appended after the hashed ones. */
  public static final int DENSE = 13;

  static final Set<String> PRONOUNS = Set.of("he", "she", "him", "her", "his", "hers", "they", "them", "their",
      "i", "we", "us", "you", "himself", "herself");
  static final Set<String> SPEECH = Set.of("said", "says", "say", "told", "tells", "stated", "added", "wrote",
      "argued", "claimed", "insisted", "noted", "explained", "asked", "replied", "declared", "announced", "tweeted");

  private final String uid;
  private final Param<String> textCol;
  private final Param<String> targetStartCol;
  private final Param<String> targetEndCol;
  private final Param<String> outputCol;
  private final IntParam numFeatures;
  private final IntParam windowSize;
  private final BooleanParam useBigrams;
  private final BooleanParam maskNames;
  private final BooleanParam lexiconFeatures;
  private final IntParam extras;

  public TargetFeaturizer() {
    this(Identifiable.randomUID("targetFeaturizer"));
  }

  public TargetFeaturizer(String uid) {
    this.uid = uid;
    textCol = new Param<>(this, "textCol", "sentence column (string)");
    targetStartCol = new Param<>(this, "targetStartCol", "target start offset column (int)");
    targetEndCol = new Param<>(this, "targetEndCol", "target end offset column (int, exclusive)");
    outputCol = new Param<>(this, "outputCol", "output feature vector column");
    numFeatures = new IntParam(this, "numFeatures", "number of hashed feature slots (> 0)", ParamValidators.gt(0));
    windowSize = new IntParam(this, "windowSize", "tokens on each side of the target in the local window (>= 1)",
        ParamValidators.gtEq(1));
    useBigrams = new BooleanParam(this, "useBigrams", "add sentence and window bigrams");
    maskNames = new BooleanParam(this, "maskNames", "replace Title-case words inside the sentence by <p>");
    lexiconFeatures = new BooleanParam(this, "lexiconFeatures", "fill the dense lexicon features (else zeros)");
    extras = new IntParam(this, "extras", "bit set of extra feature families (X_* constants; 0 = none)",
        ParamValidators.gtEq(0));
    setDefault(textCol, "sentence");
    setDefault(targetStartCol, "target_start");
    setDefault(targetEndCol, "target_end");
    setDefault(outputCol, "features");
    setDefault(numFeatures, 1 << 16);
    setDefault(windowSize, 4);
    setDefault(useBigrams, true);
    setDefault(maskNames, true);
    setDefault(lexiconFeatures, true);
    setDefault(extras, 0);
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> textCol() {
    return textCol;
  }

  public Param<String> targetStartCol() {
    return targetStartCol;
  }

  public Param<String> targetEndCol() {
    return targetEndCol;
  }

  public Param<String> outputCol() {
    return outputCol;
  }

  public IntParam numFeatures() {
    return numFeatures;
  }

  public IntParam windowSize() {
    return windowSize;
  }

  public BooleanParam useBigrams() {
    return useBigrams;
  }

  public BooleanParam maskNames() {
    return maskNames;
  }

  public BooleanParam lexiconFeatures() {
    return lexiconFeatures;
  }

  public IntParam extras() {
    return extras;
  }

  public int getExtras() {
    return (Integer) $(extras);
  }

  public TargetFeaturizer setExtras(int v) {
    set(extras, v);
    return this;
  }

  public String getTextCol() {
    return $(textCol);
  }

  public String getTargetStartCol() {
    return $(targetStartCol);
  }

  public String getTargetEndCol() {
    return $(targetEndCol);
  }

  public String getOutputCol() {
    return $(outputCol);
  }

  public int getNumFeatures() {
    return (Integer) $(numFeatures);
  }

  public int getWindowSize() {
    return (Integer) $(windowSize);
  }

  public boolean getUseBigrams() {
    return (Boolean) $(useBigrams);
  }

  public boolean getMaskNames() {
    return (Boolean) $(maskNames);
  }

  public boolean getLexiconFeatures() {
    return (Boolean) $(lexiconFeatures);
  }

  public TargetFeaturizer setTextCol(String v) {
    set(textCol, v);
    return this;
  }

  public TargetFeaturizer setTargetStartCol(String v) {
    set(targetStartCol, v);
    return this;
  }

  public TargetFeaturizer setTargetEndCol(String v) {
    set(targetEndCol, v);
    return this;
  }

  public TargetFeaturizer setOutputCol(String v) {
    set(outputCol, v);
    return this;
  }

  public TargetFeaturizer setNumFeatures(int v) {
    set(numFeatures, v);
    return this;
  }

  public TargetFeaturizer setWindowSize(int v) {
    set(windowSize, v);
    return this;
  }

  public TargetFeaturizer setUseBigrams(boolean v) {
    set(useBigrams, v);
    return this;
  }

  public TargetFeaturizer setMaskNames(boolean v) {
    set(maskNames, v);
    return this;
  }

  public TargetFeaturizer setLexiconFeatures(boolean v) {
    set(lexiconFeatures, v);
    return this;
  }

  /** The output vector size: {@code numFeatures + DENSE}. */
  public int vectorSize() {
    return getNumFeatures() + DENSE;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Schemas.checkColumnType(schema, "textCol", getTextCol(), DataTypes.StringType);
    Schemas.checkColumnType(schema, "targetStartCol", getTargetStartCol(), DataTypes.IntegerType);
    Schemas.checkColumnType(schema, "targetEndCol", getTargetEndCol(), DataTypes.IntegerType);
    return Schemas.appendColumn(schema, "outputCol", getOutputCol(), SQLDataTypes.VectorType());
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    final Config cfg = new Config(getNumFeatures(), getWindowSize(), getUseBigrams(), getMaskNames(),
        getLexiconFeatures(), getExtras());
    UDF3<String, Integer, Integer, Vector> f = (text, s, e) -> features(text, s, e, cfg);
    return dataset.withColumn(getOutputCol(), functions.udf(f, SQLDataTypes.VectorType())
        .apply(col(getTextCol()), col(getTargetStartCol()), col(getTargetEndCol())));
  }

  /** The switches of one featurizer, as a plain serializable value. */
  public record Config(int numFeatures, int windowSize, boolean useBigrams, boolean maskNames,
      boolean lexiconFeatures, int extras) implements java.io.Serializable {
    /** Without the extra families ({@code extras = 0}, the first model's features). */
    public Config(int numFeatures, int windowSize, boolean useBigrams, boolean maskNames, boolean lexiconFeatures) {
      this(numFeatures, windowSize, useBigrams, maskNames, lexiconFeatures, 0);
    }
  }

  /** Extra family: nearest lexicon word on each side (sign, distance bucket) and the words between. */
  public static final int X_NEAREST = 1;
  /** Extra family: grammatical-role cues (by-agent, possessive, clause subject, preposition, governing words). */
  public static final int X_ROLE = 2;
  /** Extra family: speaker cues (speech verb after/before the target, "according to", quotes). */
  public static final int X_SPEAKER = 4;
  /** Extra family: character 4-grams of the window words. */
  public static final int X_CHARS = 8;
  /** Extra family: clause words with their side of the target. */
  public static final int X_CLAUSE_SIDE = 16;
  /** Extra family: lexicon signs of window words with side and distance bucket. */
  public static final int X_DISTANCE = 32;
  /** Extra family: Snowball English stems of the sentence words and of the window words with side. */
  public static final int X_STEMS = 64;
  private static String stem(org.tartarus.snowball.ext.EnglishStemmer st, String w) {
    String cached = STEMS.get(w);
    if (cached != null) {
      return cached;
    }
    st.setCurrent(w);
    st.stem();
    String out = st.getCurrent();
    if (STEMS.size() > 100_000) { // news vocabularies are Zipfian: a full cache is simply started again
      STEMS.clear();
    }
    STEMS.put(w, out);
    return out;
  }

  /** Stems by word, shared by the tasks of one executor. */
  private static final java.util.concurrent.ConcurrentHashMap<String, String> STEMS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static final TargetedTone TONE = TargetedTone.DEFAULT;
  private static final TargetedTone CLAUSE_TONE = new TargetedTone(ToneLexicon.vader(), 1000, 1e9, 0.0, true);

  /** The feature vector of one target (see the class comment). */
  public static Vector features(String text, Integer start, Integer end, Config cfg) {
    return features(text, null, start, end, cfg, null);
  }

  /**
   * As {@link #features(String, Integer, Integer, Config)}, with {@code sentenceTokens} = {@code ToneLexicon.tokenize(text)}
   * already computed (read only; null: tokenized here), for several targets of one sentence, and {@code analysis} =
   * {@link TargetedTone#DEFAULT}'s analysis of this target with nothing else masked, when the caller has it (null:
   * analysed here).
   */
  static Vector features(String text, List<ToneLexicon.Token> sentenceTokens, Integer start, Integer end,
      Config cfg, TargetedTone.Analysis analysis) {
    int size = cfg.numFeatures() + DENSE;
    if (text == null || start == null || end == null || start < 0 || end > text.length() || start >= end) {
      return Vectors.sparse(size, new int[0], new double[0]);
    }
    TargetedTone.Analysis a = analysis != null ? analysis
        : TONE.analyze(text, sentenceTokens != null ? sentenceTokens : ToneLexicon.tokenize(text), start, end,
            List.of());
    List<ToneLexicon.Token> tokens = a.valences().tokens();
    int n = tokens.size();
    // normalised words, the target collapsed to <t>
    List<String> words = new ArrayList<>();
    List<Integer> orig = new ArrayList<>(); // index into tokens (the target: t0)
    int tw = -1;
    SentenceMemo memo = SentenceMemo.of(text, tokens, cfg.maskNames());
    for (int i = 0; i < n; i++) {
      if (i >= a.t0() && i <= a.t1()) {
        if (i == a.t0()) {
          tw = words.size();
          words.add("<t>");
          orig.add(i);
        }
        continue;
      }
      String w = memo.word(i);
      if (!w.isEmpty()) {
        words.add(w);
        orig.add(i);
      }
    }
    if (tw < 0) {
      tw = 0;
      words.add(0, "<t>");
      orig.add(0, Math.min(a.t0(), Math.max(n - 1, 0)));
    }
    Slots h = Slots.get(cfg.numFeatures());
    int m = words.size();
    for (int i = 0; i < m; i++) {
      add(h, cfg, "w:", words.get(i));
      if (cfg.useBigrams() && i + 1 < m) {
        add(h, cfg, "b:", words.get(i), "_", words.get(i + 1));
      }
    }
    int k = cfg.windowSize();
    for (int i = Math.max(0, tw - k); i <= Math.min(m - 1, tw + k); i++) {
      if (i == tw) {
        continue;
      }
      String side = i < tw ? "l:" : "r:";
      add(h, cfg, side, words.get(i));
      if (cfg.useBigrams() && i + 1 <= Math.min(m - 1, tw + k)) {
        add(h, cfg, "wb:", words.get(i), "_", words.get(i + 1));
      }
    }
    if (tw > 0) {
      add(h, cfg, "l1:", words.get(tw - 1));
    } else {
      add(h, cfg, "l1:<s>");
    }
    add(h, cfg, tw + 1 < m ? "r1:" + words.get(tw + 1) : "r1:</s>");
    if (tw + 2 < m) {
      add(h, cfg, "r2:", words.get(tw + 1), "_", words.get(tw + 2));
    }
    double[] v = a.valences().valence();
    boolean[] negd = a.valences().negated();
    for (int j = 0; j < m; j++) {
      int i = orig.get(j);
      if (j == tw || i < 0 || i >= n) {
        continue;
      }
      if (i >= a.c0() && i < a.c1()) {
        add(h, cfg, "c:", words.get(j));
      }
      if (v[i] != 0 && !a.masked()[i]) {
        if (negd[i]) {
          add(h, cfg, "neg_", words.get(j));
        }
        if (i >= a.w0() && i < a.w1()) {
          add(h, cfg, v[i] > 0 ? "wpos" : "wneg");
          add(h, cfg, (i < a.t0() ? "lw" : "rw"), (v[i] > 0 ? "pos" : "neg"));
        } else {
          add(h, cfg, v[i] > 0 ? "opos" : "oneg");
        }
      }
    }
    String mention = text.substring(start, end).toLowerCase(Locale.ROOT).strip();
    if (PRONOUNS.contains(mention)) {
      add(h, cfg, "m:pronoun");
    }
    if (cfg.extras() != 0) {
      extras(h, cfg, text, end, a, words, orig, tw, memo);
    }
    double[] d = new double[DENSE];
    if (cfg.lexiconFeatures()) {
      TargetedTone.Result r = a.result();
      TargetedTone.Result clause = CLAUSE_TONE.reanalyze(text, start, a).result();
      boolean hasQuote = text.indexOf('“') >= 0 || text.indexOf('"') >= 0;
      d[0] = r.score();
      d[1] = Math.log1p(r.positive());
      d[2] = Math.log1p(r.negative());
      d[3] = Math.log1p(r.nHits());
      d[4] = r.negated() ? 1 : 0;
      d[5] = r.sentenceCompound();
      d[6] = r.targetInQuote() ? 1 : 0;
      d[7] = hasQuote ? 1 : 0;
      d[8] = n == 0 ? 0 : (double) a.t0() / n;
      d[9] = Math.log1p(n);
      d[10] = a.t0() == 0 ? 1 : 0;
      d[11] = clause.score();
      d[12] = tw + 1 < m && SPEECH.contains(words.get(tw + 1)) ? 1 : 0;
    }
    // the hashed slots (binary) then the non-zero dense values: the vector Spark's compressed() gives, built directly
    int dense = 0;
    for (double x : d) {
      if (x != 0) {
        dense++;
      }
    }
    int hashed = h.distinct();
    int[] idx = new int[hashed + dense];
    double[] val = new double[hashed + dense];
    h.drainInto(idx);
    Arrays.fill(val, 0, hashed, 1.0);
    int p = hashed;
    for (int i = 0; i < DENSE; i++) {
      if (d[i] != 0) {
        idx[p] = cfg.numFeatures() + i;
        val[p] = d[i];
        p++;
      }
    }
    return Vectors.sparse(size, idx, val);
  }

  /**
   * Per-token values of the last sentence featurised on this thread: the normalised word (or {@code <p>}) and its stem.
   * They do not depend on the target, and the stance stage passes one token list per sentence to all its targets, so
   * the same list (by identity) means the same values.
   */
  private static final class SentenceMemo {
    private static final ThreadLocal<SentenceMemo> LAST = ThreadLocal.withInitial(SentenceMemo::new);
    private List<ToneLexicon.Token> tokens;
    private String text;
    private boolean maskNames;
    private String[] words = new String[0];
    private String[] stems = new String[0];
    private org.tartarus.snowball.ext.EnglishStemmer stemmer;

    static SentenceMemo of(String text, List<ToneLexicon.Token> tokens, boolean maskNames) {
      SentenceMemo m = LAST.get();
      if (m.tokens != tokens || m.maskNames != maskNames || !text.equals(m.text)) {
        m.tokens = tokens;
        m.text = text;
        m.maskNames = maskNames;
        if (m.words.length < tokens.size()) {
          m.words = new String[tokens.size()];
          m.stems = new String[tokens.size()];
        } else {
          Arrays.fill(m.words, 0, tokens.size(), null);
          Arrays.fill(m.stems, 0, tokens.size(), null);
        }
      }
      return m;
    }

    /** Token {@code i} lower-cased, trimmed of punctuation, digits folded; {@code <p>} for a masked name. */
    String word(int i) {
      String w = words[i];
      if (w == null) {
        ToneLexicon.Token t = tokens.get(i);
        w = maskNames && i > 0 && TargetedTone.isTitleCase(t.text()) && !TargetedTone.startsSentence(text, t.start())
            ? "<p>" : norm(t.key());
        words[i] = w;
      }
      return w;
    }

    /** The Snowball stem of {@code w}, the word of token {@code i}. */
    String stem(int i, String w) {
      String st = stems[i];
      if (st == null) {
        if (stemmer == null) {
          stemmer = new org.tartarus.snowball.ext.EnglishStemmer();
        }
        st = TargetFeaturizer.stem(stemmer, w);
        stems[i] = st;
      }
      return st;
    }
  }

  static final Set<String> SKIP = Set.of("the", "a", "an", "of", "and", "was", "is", "were", "are", "has", "had",
      "have", "will", "would", "could", "should", "can", "may", "might", "be", "been", "being", "also", "not", "to",
      "that", "who", "which", "<p>", "'s", "s", "did", "does", "do", "just", "now", "then", "still", "reportedly");
  static final Set<String> PREPS = Set.of("of", "to", "for", "with", "against", "on", "at", "from", "by", "about",
      "over", "toward", "towards", "under", "into", "between", "among", "like", "than");

  private static String bucket(int d) {
    return d <= 1 ? "1" : d <= 2 ? "2" : d <= 5 ? "3" : d <= 10 ? "4" : "5";
  }

  private static boolean isWord(String w) {
    return !w.isEmpty() && Character.isLetter(w.charAt(0)) && !w.equals("<p>") && !w.equals("<t>");
  }

  /** The extra feature families switched on in {@code cfg.extras()} (see the {@code X_} constants). */
  private static void extras(Slots h, Config cfg, String text, int end, TargetedTone.Analysis a,
      List<String> words, List<Integer> orig, int tw, SentenceMemo memo) {
    int m = words.size();
    double[] v = a.valences().valence();
    boolean[] masked = a.masked();
    int n = v.length;
    int x = cfg.extras();
    // clause limits in word indices
    int cw0 = 0;
    int cw1 = m;
    for (int j = 0; j < m; j++) {
      int i = orig.get(j);
      if (j < tw && i < a.c0()) {
        cw0 = j + 1;
      }
      if (j > tw && i >= a.c1() && cw1 == m) {
        cw1 = j;
      }
    }
    if ((x & X_NEAREST) != 0) {
      for (int side = -1; side <= 1; side += 2) {
        String s = side < 0 ? "L" : "R";
        boolean found = false;
        for (int j = tw + side, d = 1; j >= cw0 && j < cw1; j += side, d++) {
          int i = orig.get(j);
          if (i >= 0 && i < n && v[i] != 0 && !masked[i]) {
            String sign = v[i] > 0 ? "pos" : "neg";
            add(h, cfg, "n", s, ":", sign, bucket(d));
            add(h, cfg, "nw", s, ":", words.get(j));
            for (int k = tw + side; k != j && Math.abs(k - tw) <= 6; k += side) {
              add(h, cfg, "btw", s, ":", words.get(k));
              add(h, cfg, "btw", s, sign, ":", words.get(k));
            }
            found = true;
            break;
          }
        }
        if (!found) {
          add(h, cfg, "n", s, ":none");
        }
      }
    }
    if ((x & X_ROLE) != 0) {
      String prev = tw > 0 ? words.get(tw - 1) : "<s>";
      String next = tw + 1 < m ? words.get(tw + 1) : "</s>";
      if (prev.equals("by")) {
        add(h, cfg, "role:by");
      }
      if (PREPS.contains(prev)) {
        add(h, cfg, "role:prep");
      }
      if (next.equals("'s") || text.startsWith("’s", end) || text.startsWith("'s", end)) {
        add(h, cfg, "role:poss");
      }
      boolean subj = true;
      for (int j = cw0; j < tw; j++) {
        if (isWord(words.get(j)) && !SKIP.contains(words.get(j))) {
          subj = false;
          break;
        }
      }
      add(h, cfg, subj ? "role:subj" : "role:obj");
      for (int j = tw + 1; j < Math.min(cw1, tw + 6); j++) {
        String w = words.get(j);
        if (isWord(w) && !SKIP.contains(w) && !PREPS.contains(w)) {
          add(h, cfg, (subj ? "sv:" : "av:"), w);
          break;
        }
      }
      for (int j = tw - 1; j >= Math.max(cw0, tw - 6); j--) {
        String w = words.get(j);
        if (isWord(w) && !SKIP.contains(w) && !PREPS.contains(w)) {
          add(h, cfg, "gv:", w);
          break;
        }
      }
    }
    if ((x & X_SPEAKER) != 0) {
      for (int j = tw + 1; j < Math.min(m, tw + 4); j++) {
        if (SPEECH.contains(words.get(j))) {
          add(h, cfg, "spk:after");
        }
      }
      for (int j = Math.max(0, tw - 3); j < tw; j++) {
        if (SPEECH.contains(words.get(j))) {
          add(h, cfg, "spk:before");
        }
      }
      if (tw >= 2 && words.get(tw - 1).equals("to") && words.get(tw - 2).equals("according")) {
        add(h, cfg, "spk:according");
      }
      boolean inQ = a.result().targetInQuote();
      boolean hasQ = text.indexOf('“') >= 0 || text.indexOf('"') >= 0;
      add(h, cfg, "q:", (inQ ? "in" : hasQ ? "out" : "none"));
      for (int j = 0; j < m; j++) {
        if (SPEECH.contains(words.get(j))) {
          add(h, cfg, "spk:any", (inQ ? "_in" : ""));
          break;
        }
      }
    }
    if ((x & X_CHARS) != 0) {
      int k = cfg.windowSize();
      for (int j = Math.max(0, tw - k); j <= Math.min(m - 1, tw + k); j++) {
        String w = words.get(j);
        if (j == tw || !isWord(w) || w.length() < 4) {
          continue;
        }
        String b = "^" + w + "$";
        for (int c = 0; c + 4 <= b.length(); c++) {
          add(h, cfg, "ch:", b.substring(c, c + 4));
        }
      }
    }
    if ((x & X_CLAUSE_SIDE) != 0) {
      for (int j = cw0; j < cw1; j++) {
        if (j != tw) {
          add(h, cfg, (j < tw ? "cl:" : "cr:"), words.get(j));
        }
      }
    }
    if ((x & X_STEMS) != 0) {
      int k = cfg.windowSize();
      for (int j = 0; j < m; j++) {
        String w = words.get(j);
        if (j == tw || !isWord(w)) {
          continue;
        }
        String st = memo.stem(orig.get(j), w);
        add(h, cfg, "s:", st);
        if (Math.abs(j - tw) <= k) {
          add(h, cfg, (j < tw ? "sl:" : "sr:"), st);
        }
      }
    }
    if ((x & X_DISTANCE) != 0) {
      for (int j = cw0; j < cw1; j++) {
        int i = orig.get(j);
        if (j == tw || i < 0 || i >= n || v[i] == 0 || masked[i]) {
          continue;
        }
        add(h, cfg, "ld:", (j < tw ? "L" : "R"), (v[i] > 0 ? "pos" : "neg"), bucket(Math.abs(j - tw)));
      }
    }
  }

  /** Sets the slot of the feature named by the concatenated {@code parts}. */
  private static void add(Slots h, Config cfg, String... parts) {
    h.add(Math.floorMod(hash(parts), cfg.numFeatures()));
  }

  private static void add(Slots h, Config cfg, String a) {
    h.add(Math.floorMod(finish(feed(SEED, a), a.length()), cfg.numFeatures()));
  }

  private static void add(Slots h, Config cfg, String a, String b) {
    h.add(Math.floorMod(finish(feed(feed(SEED, a), b), a.length() + b.length()), cfg.numFeatures()));
  }

  private static void add(Slots h, Config cfg, String a, String b, String c) {
    h.add(Math.floorMod(finish(feed(feed(feed(SEED, a), b), c), a.length() + b.length() + c.length()),
        cfg.numFeatures()));
  }

  /**
   * Scala's {@code MurmurHash3.stringHash(String.join("", parts), 42)} (the hash Spark's {@code HashingTF} family
   * uses, and the one the shipped model was trained with), without building the joined string.
   */
  static int hash(String... parts) {
    long st = SEED;
    int len = 0;
    for (String p : parts) {
      st = feed(st, p);
      len += p.length();
    }
    return finish(st, len);
  }

  /** The hash state before any character: seed 42, no character waiting for its pair. */
  private static final long SEED = 42L & 0xffffffffL;

  /**
   * Feeds the characters of {@code p} to the state {@code st} (low 32 bits: the running hash; high bits: 1 + a
   * character waiting for its pair, or 0): MurmurHash3 mixes characters two by two, high one first.
   */
  private static long feed(long st, String p) {
    int h = (int) st;
    int pending = (int) (st >>> 32) - 1;
    int n = p.length();
    int i = 0;
    if (pending >= 0 && n > 0) {
      h = mix(h, (pending << 16) + p.charAt(0));
      pending = -1;
      i = 1;
    }
    for (; i + 1 < n; i += 2) {
      h = mix(h, (p.charAt(i) << 16) + p.charAt(i + 1));
    }
    if (i < n) {
      pending = p.charAt(i);
    }
    return ((long) (pending + 1) << 32) | (h & 0xffffffffL);
  }

  /** The hash of the state {@code st} after {@code len} characters. */
  private static int finish(long st, int len) {
    int h = (int) st;
    int pending = (int) (st >>> 32) - 1;
    if (pending >= 0) {
      h = mixLast(h, pending);
    }
    h ^= len;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  private static int mixLast(int h, int k) {
    k *= 0xcc9e2d51;
    k = Integer.rotateLeft(k, 15);
    k *= 0x1b873593;
    return h ^ k;
  }

  private static int mix(int h, int k) {
    h = mixLast(h, k);
    h = Integer.rotateLeft(h, 13);
    return h * 5 + 0xe6546b64;
  }

  /**
   * The hashed slots a target's features set (binary counts: a slot set twice is set once), as a bit set over the
   * slots, reused by the targets of one thread ({@link #get}); {@link #drainInto} reads them in order and clears it.
   */
  private static final class Slots {
    private static final ThreadLocal<Slots> MINE = new ThreadLocal<>();
    private final long[] bits;
    private int[] touched = new int[64]; // indices of the non-zero words of bits, in first-set order
    private int nTouched;
    private int distinct;

    private Slots(int numFeatures) {
      bits = new long[(numFeatures + 63) >>> 6];
    }

    /** This thread's empty bit set for {@code numFeatures} slots. */
    static Slots get(int numFeatures) {
      Slots s = MINE.get();
      if (s == null || s.bits.length != (numFeatures + 63) >>> 6) {
        s = new Slots(numFeatures);
        MINE.set(s);
      }
      s.clear();
      return s;
    }

    void add(int slot) {
      int w = slot >>> 6;
      long m = 1L << slot;
      long b = bits[w];
      if ((b & m) != 0) {
        return;
      }
      if (b == 0) {
        if (nTouched == touched.length) {
          touched = Arrays.copyOf(touched, 2 * nTouched);
        }
        touched[nTouched++] = w;
      }
      bits[w] = b | m;
      distinct++;
    }

    /** How many distinct slots are set. */
    int distinct() {
      return distinct;
    }

    /** Writes the set slots in increasing order to {@code out[0, distinct())} and clears the set. */
    void drainInto(int[] out) {
      Arrays.sort(touched, 0, nTouched);
      int p = 0;
      for (int t = 0; t < nTouched; t++) {
        int w = touched[t];
        long b = bits[w];
        while (b != 0) {
          out[p++] = (w << 6) + Long.numberOfTrailingZeros(b);
          b &= b - 1;
        }
        bits[w] = 0;
      }
      nTouched = 0;
      distinct = 0;
    }

    private void clear() {
      for (int t = 0; t < nTouched; t++) {
        bits[touched[t]] = 0;
      }
      nTouched = 0;
      distinct = 0;
    }
  }

  /** Lower case, punctuation stripped from both ends, digits folded to {@code 0}. */
  public static String norm(String key) {
    int a = 0;
    int b = key.length();
    while (a < b && !Character.isLetterOrDigit(key.charAt(a))) {
      a++;
    }
    while (b > a && !Character.isLetterOrDigit(key.charAt(b - 1))) {
      b--;
    }
    char[] folded = null;
    for (int i = a; i < b; i++) {
      char c = key.charAt(i);
      if (c >= '1' && c <= '9') {
        if (folded == null) {
          folded = key.substring(a, b).toCharArray();
        }
        folded[i - a] = '0';
      }
    }
    return folded == null ? key.substring(a, b) : new String(folded);
  }

  @Override
  public Transformer copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<TargetFeaturizer> read() {
    return new DefaultParamsReader<>();
  }

  public static TargetFeaturizer load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + ": uid=" + uid + ", " + paramMap().toString().replace('\n', ' ');
  }
}
