package org.demarche.text;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.sum;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.ml.Schemas;

/**
 * Learns multiword collocations (two and three tokens) from token arrays and returns a {@link PhraseModel} that joins
 * them into single tokens with {@code delimiter}: {@code chemical weapon} → {@code chemical_weapon}.
 *
 * <p>Input: {@code inputCol}, {@code array<string>}, tokens <em>before</em> stopword removal (lemmatized or not; the
 * model must be applied to tokens of the same form). Stopwords are needed for adjacency: a candidate n-gram is a run
 * of consecutive tokens none of which is in {@code stopWords}, so {@code council of the united} never pairs
 * {@code council} with {@code united}. Output of the model: {@code outputCol}, {@code array<string>}.
 *
 * <p>Fitting is Spark aggregations only: unigram counts, candidate n-gram counts (kept when at least
 * {@code minCount}, in at least {@code minDocCount} documents), joins to the unigram (and for trigrams, bigram) counts, and scoring. Only the final phrase table
 * (at most {@code maxPhrases} rows) reaches the driver. With N the total number of tokens, a pair (x, y) with joint
 * count c(xy) is scored by
 *
 * <ul>
 *   <li>{@code npmi} (default): ln(c(xy)·N / (c(x)·c(y))) / −ln(c(xy)/N), in [−1, 1];
 *   <li>{@code pmi}: ln(c(xy)·N / (c(x)·c(y)));
 *   <li>{@code llr}: Dunning's log-likelihood ratio G² over the 2×2 table (c(xy), c(x)−c(xy), c(y)−c(xy),
 *       N−c(x)−c(y)+c(xy)); 10.83 is p &lt; 0.001 for one degree of freedom.
 * </ul>
 *
 * A trigram (a, b, c) gets the smaller of the scores of the splits (ab, c) and (a, bc). Pairs with non-positive PMI
 * (no attraction) and n-grams repeating a token are never phrases.
 *
 * <p>Params:
 *
 * <ul>
 *   <li>{@code inputCol}, {@code outputCol} (string): no defaults.
 *   <li>{@code minCount} (int, at least 1): minimum n-gram count. Default {@code 5}.
 *   <li>{@code minDocCount} (int, at least 1): minimum number of documents the n-gram occurs in, so that one
 *       document's repeated slogan is not a phrase. Default {@code 2}.
 *   <li>{@code scoring} (string: {@code npmi}, {@code pmi}, {@code llr}). Default {@code npmi}.
 *   <li>{@code threshold} (double): minimum score. Default {@code 0.5} (meant for npmi; use e.g. 10.83 with llr).
 *   <li>{@code maxN} (int, 2 or 3): longest phrase learned. Default {@code 3}.
 *   <li>{@code maxPhrases} (int, at least 1): keep the best-scoring phrases only. Default {@code 50000}.
 *   <li>{@code stopWords} (string array): tokens that break candidate runs. Default
 *       {@link StopWordLists#englishAndNews()}.
 *   <li>{@code protectedPhrases} (string array of space-separated tokens, e.g. {@code "john kerry"}): the hook for
 *       actor names; always merged by the model (longest first), whatever their counts. Default empty.
 *   <li>{@code delimiter} (string, not empty): joins merged tokens. Default {@code _}.
 * </ul>
 */
public class PhraseDetector extends Estimator<PhraseModel> implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  public static final String[] SCORINGS = {"npmi", "pmi", "llr"};

  private final String uid;
  private final Param<String> inputCol;
  private final Param<String> outputCol;
  private final IntParam minCount;
  private final IntParam minDocCount;
  private final Param<String> scoring;
  private final DoubleParam threshold;
  private final IntParam maxN;
  private final IntParam maxPhrases;
  private final StringArrayParam stopWords;
  private final StringArrayParam protectedPhrases;
  private final Param<String> delimiter;

  public PhraseDetector() {
    this(Identifiable.randomUID("phraseDetector"));
  }

  public PhraseDetector(String uid) {
    this.uid = uid;
    inputCol = new Param<>(this, "inputCol", "input column name");
    outputCol = new Param<>(this, "outputCol", "output column name");
    minCount = new IntParam(this, "minCount", "minimum n-gram count (>= 1)", ParamValidators.gtEq(1));
    minDocCount = new IntParam(this, "minDocCount", "minimum number of documents containing the n-gram (>= 1)",
        ParamValidators.gtEq(1));
    scoring = new Param<>(this, "scoring", "phrase score: npmi, pmi or llr", ParamValidators.inArray(SCORINGS));
    threshold = new DoubleParam(this, "threshold", "minimum phrase score");
    maxN = new IntParam(this, "maxN", "longest phrase in tokens (2 or 3)", ParamValidators.inRange(2, 3));
    maxPhrases = new IntParam(this, "maxPhrases", "keep at most this many phrases (>= 1)", ParamValidators.gtEq(1));
    stopWords = new StringArrayParam(this, "stopWords", "tokens that break candidate n-grams");
    protectedPhrases = PhraseModel.protectedPhrasesParam(this);
    delimiter = PhraseModel.delimiterParam(this);
    setDefault(minCount, 5);
    setDefault(minDocCount, 2);
    setDefault(scoring, "npmi");
    setDefault(threshold, 0.5);
    setDefault(maxN, 3);
    setDefault(maxPhrases, 50000);
    setDefault(stopWords, StopWordLists.englishAndNews());
    setDefault(protectedPhrases, new String[0]);
    setDefault(delimiter, "_");
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> inputCol() {
    return inputCol;
  }

  public String getInputCol() {
    return $(inputCol);
  }

  public PhraseDetector setInputCol(String value) {
    set(inputCol, value);
    return this;
  }

  public Param<String> outputCol() {
    return outputCol;
  }

  public String getOutputCol() {
    return $(outputCol);
  }

  public PhraseDetector setOutputCol(String value) {
    set(outputCol, value);
    return this;
  }

  public IntParam minCount() {
    return minCount;
  }

  public int getMinCount() {
    return (Integer) $(minCount);
  }

  public PhraseDetector setMinCount(int value) {
    set(minCount, value);
    return this;
  }

  public IntParam minDocCount() {
    return minDocCount;
  }

  public int getMinDocCount() {
    return (Integer) $(minDocCount);
  }

  public PhraseDetector setMinDocCount(int value) {
    set(minDocCount, value);
    return this;
  }

  public Param<String> scoring() {
    return scoring;
  }

  public String getScoring() {
    return $(scoring);
  }

  public PhraseDetector setScoring(String value) {
    set(scoring, value);
    return this;
  }

  public DoubleParam threshold() {
    return threshold;
  }

  public double getThreshold() {
    return (Double) $(threshold);
  }

  public PhraseDetector setThreshold(double value) {
    set(threshold, value);
    return this;
  }

  public IntParam maxN() {
    return maxN;
  }

  public int getMaxN() {
    return (Integer) $(maxN);
  }

  public PhraseDetector setMaxN(int value) {
    set(maxN, value);
    return this;
  }

  public IntParam maxPhrases() {
    return maxPhrases;
  }

  public int getMaxPhrases() {
    return (Integer) $(maxPhrases);
  }

  public PhraseDetector setMaxPhrases(int value) {
    set(maxPhrases, value);
    return this;
  }

  public StringArrayParam stopWords() {
    return stopWords;
  }

  public String[] getStopWords() {
    return $(stopWords);
  }

  public PhraseDetector setStopWords(String[] value) {
    set(stopWords, value);
    return this;
  }

  public StringArrayParam protectedPhrases() {
    return protectedPhrases;
  }

  public String[] getProtectedPhrases() {
    return $(protectedPhrases);
  }

  public PhraseDetector setProtectedPhrases(String[] value) {
    set(protectedPhrases, value);
    return this;
  }

  public Param<String> delimiter() {
    return delimiter;
  }

  public String getDelimiter() {
    return $(delimiter);
  }

  public PhraseDetector setDelimiter(String value) {
    set(delimiter, value);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    if (!isDefined(inputCol) || !isDefined(outputCol)) {
      throw new IllegalArgumentException("PhraseDetector: set inputCol and outputCol");
    }
    Schemas.checkColumnType(schema, "inputCol", $(inputCol), ArrayColumnTransformer.TOKENS);
    return Schemas.appendColumn(schema, "outputCol", $(outputCol), ArrayColumnTransformer.TOKENS);
  }

  @Override
  public PhraseModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    final long n0 = System.nanoTime();
    Dataset<Row> toks = dataset.select(col($(inputCol)).as("t")).where(col("t").isNotNull());
    // two passes read the tokens (unigram and n-gram counts): keep them unless the caller already cached the input
    boolean cacheInput = dataset.storageLevel().equals(org.apache.spark.storage.StorageLevel.NONE());
    if (cacheInput) {
      toks = toks.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    }
    Dataset<Row> uni = toks.select(explode(col("t")).as("w")).groupBy("w").agg(count(lit(1)).as("c")).cache();
    try {
      Row totals = uni.agg(sum("c")).first();
      long total = totals.isNullAt(0) ? 0L : totals.getLong(0);
      List<Row> rows;
      if (total == 0) {
        rows = new ArrayList<>();
      } else {
        rows = scoredPhrases(toks, uni, total);
      }
      String[] phrases = new String[rows.size()];
      long[] counts = new long[rows.size()];
      double[] scores = new double[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        phrases[i] = rows.get(i).getString(0);
        counts[i] = rows.get(i).getLong(1);
        scores[i] = rows.get(i).getDouble(2);
      }
      PhraseModel model = new PhraseModel(uid, phrases, counts, scores);
      copyValues(model, ParamMap.empty());
      model.setParent(this);
      model.fitMillis = (System.nanoTime() - n0) / 1_000_000L;
      return model;
    } finally {
      uni.unpersist();
      if (cacheInput) {
        toks.unpersist();
      }
    }
  }

  /** Rows (phrase, count, score), best first, at most maxPhrases. */
  private List<Row> scoredPhrases(Dataset<Row> toks, Dataset<Row> uni, long total) {
    final Candidates cand = new Candidates(new HashSet<>(Arrays.asList(getStopWords())), getMaxN());
    UserDefinedFunction candUdf = functions.udf(
        (UDF1<scala.collection.Seq<String>, java.util.Map<String, Long>>) cand::apply,
        DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false));
    Dataset<Row> ng = toks.select(explode(candUdf.apply(col("t"))).as(new String[] {"g", "k"}))
        .groupBy("g").agg(sum("k").as("c"), count(lit(1)).as("d"))
        .where(col("c").geq(getMinCount()).and(col("d").geq(getMinDocCount())))
        .withColumn("p", split(col("g"), " "))
        .withColumn("n", size(col("p")))
        .cache();
    try {
      final Scorer scorer = new Scorer(getScoring(), total);
      UserDefinedFunction score = functions.udf((UDF3<Long, Long, Long, Double>) scorer::score, DataTypes.DoubleType);
      Dataset<Row> ua = uni.select(col("w").as("a"), col("c").as("ca"));
      Dataset<Row> ub = uni.select(col("w").as("b"), col("c").as("cb"));
      Dataset<Row> bi = ng.where(col("n").equalTo(2));
      Dataset<Row> biScored = bi.select(col("g"), col("c"), element_at(col("p"), 1).as("a"),
              element_at(col("p"), 2).as("b"))
          .join(ua, "a").join(ub, "b")
          .select(col("g"), col("c"), score.apply(col("ca"), col("cb"), col("c")).as("s"));
      Dataset<Row> all = biScored;
      if (getMaxN() >= 3) {
        Dataset<Row> bl = bi.select(col("g").as("l"), col("c").as("cl"));
        Dataset<Row> br = bi.select(col("g").as("r"), col("c").as("cr"));
        Dataset<Row> uc = uni.select(col("w").as("z"), col("c").as("cz"));
        Dataset<Row> tri = ng.where(col("n").equalTo(3)).select(col("g"), col("c"),
                element_at(col("p"), 1).as("a"), element_at(col("p"), 3).as("z"),
                concat_ws(" ", element_at(col("p"), 1), element_at(col("p"), 2)).as("l"),
                concat_ws(" ", element_at(col("p"), 2), element_at(col("p"), 3)).as("r"))
            .join(ua, "a").join(uc, "z").join(bl, "l").join(br, "r")
            .select(col("g"), col("c"),
                least(score.apply(col("cl"), col("cz"), col("c")), score.apply(col("ca"), col("cr"), col("c")))
                    .as("s"));
        all = all.unionByName(tri);
      }
      return all.where(col("s").geq(getThreshold()))
          .orderBy(col("s").desc(), col("c").desc(), col("g"))
          .limit(getMaxPhrases())
          .collectAsList();
    } finally {
      ng.unpersist();
    }
  }

  @Override
  public PhraseDetector copy(ParamMap extra) {
    return (PhraseDetector) defaultCopy(extra);
  }

  public static MLReader<PhraseDetector> read() {
    return new DefaultParamsReader<>();
  }

  public static PhraseDetector load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "PhraseDetector: uid=" + uid + ", " + paramMap().toString().replace('\n', ' ');
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** Candidate n-grams of one document (runs of 2..maxN consecutive non-stopword tokens, space-joined) → count. */
  static final class Candidates implements Serializable {
    private static final long serialVersionUID = 1L;
    private final HashSet<String> stop;
    private final int maxN;

    Candidates(HashSet<String> stop, int maxN) {
      this.stop = stop;
      this.maxN = maxN;
    }

    java.util.Map<String, Long> apply(scala.collection.Seq<String> seq) {
      java.util.HashMap<String, Long> counts = new java.util.HashMap<>();
      for (String g : ngrams(ArrayColumnTransformer.toArray(seq))) {
        counts.merge(g, 1L, Long::sum);
      }
      return counts;
    }

    List<String> ngrams(String[] t) {
      List<String> out = new ArrayList<>(t.length * 2);
      for (int i = 0; i + 1 < t.length; i++) {
        if (!ok(t[i]) || !ok(t[i + 1]) || t[i].equals(t[i + 1])) {
          continue;
        }
        out.add(t[i] + " " + t[i + 1]);
        if (maxN >= 3 && i + 2 < t.length && ok(t[i + 2]) && !t[i + 2].equals(t[i + 1])
            && !t[i + 2].equals(t[i])) {
          out.add(t[i] + " " + t[i + 1] + " " + t[i + 2]);
        }
      }
      return out;
    }

    private boolean ok(String s) {
      return !s.isEmpty() && s.indexOf(' ') < 0 && !stop.contains(s);
    }
  }

  /** Association scores of a pair from its counts. */
  static final class Scorer implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String method;
    private final double n;

    Scorer(String method, long total) {
      this.method = method;
      this.n = total;
    }

    Double score(Long cx, Long cy, Long cxy) {
      return score(method, cx, cy, cxy, n);
    }

    /** The score, or −∞ when there is no attraction (PMI ≤ 0). */
    static double score(String method, double cx, double cy, double cxy, double n) {
      double pmi = Math.log(cxy * n / (cx * cy));
      if (!(pmi > 0)) {
        return Double.NEGATIVE_INFINITY;
      }
      switch (method) {
        case "pmi":
          return pmi;
        case "llr":
          return llr(cxy, cx - cxy, cy - cxy, n - cx - cy + cxy);
        default:
          return cxy >= n ? 1.0 : pmi / -Math.log(cxy / n);
      }
    }

    /** Dunning's G² for a 2×2 table of counts. */
    static double llr(double k11, double k12, double k21, double k22) {
      double n = k11 + k12 + k21 + k22;
      double r1 = k11 + k12;
      double r2 = k21 + k22;
      double c1 = k11 + k21;
      double c2 = k12 + k22;
      return 2 * (xlx(k11) + xlx(k12) + xlx(k21) + xlx(k22) - xlx(r1) - xlx(r2) - xlx(c1) - xlx(c2) + xlx(n));
    }

    private static double xlx(double x) {
      return x <= 0 ? 0 : x * Math.log(x);
    }
  }
}
