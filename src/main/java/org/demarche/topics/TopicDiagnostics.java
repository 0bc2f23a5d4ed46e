package org.demarche.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Quality figures of a fitted topic model, computed from the plain Dataset contracts every engine produces, so that
 * MLlib, the Gibbs sampler and MALLET are scored by the same code.
 *
 * <p>Inputs: {@code topicTerms} ({@code topic} int, {@code term} string, {@code weight} double = p(term|topic),
 * {@code count} double = tokens assigned to topic and term) and {@code docs} (a terms column, {@code array<string>},
 * the model's own tokens; default column {@code terms}). Every row of {@code docs} with a non-null terms array is one
 * document; D is their number.
 *
 * <h2>Top words</h2>
 * A topic's top-N words are its terms by {@code weight} descending, ties by term ascending.
 *
 * <h2>Coherence over boolean document co-occurrence</h2>
 * D(w) is the number of documents containing w at least once, D(w<sub>i</sub>, w<sub>j</sub>) the number containing
 * both. All of them come from one Spark job over {@code docs}: the at most K×N distinct top words and the topics' word
 * pairs are broadcast, each partition counts, per document, the top words present and the needed pairs of them into
 * one {@code long[]}, and the arrays are summed ({@code treeAggregate}). Nothing per document reaches the driver.
 *
 * <ul>
 *   <li><b>NPMI</b> (as in {@code SPARK-NOTES.md}, "MLlib topic models against MALLET", so the figures compare): per
 *       pair, with p(w) = D(w)/D and p(w<sub>i</sub>,w<sub>j</sub>) = D(w<sub>i</sub>,w<sub>j</sub>)/D,
 *       <pre>npmi = ln(p(wi,wj) / (p(wi) p(wj))) / −ln p(wi,wj)</pre>
 *       −1 when the pair never co-occurs (no smoothing ε), +1 when it occurs in every document (the 0/0 limit). The
 *       topic's NPMI is the mean over its N(N−1)/2 pairs (45 for N = 10).
 *   <li><b>UMass</b> (Mimno et al. 2011, "Optimizing semantic coherence in topic models", eq. 1): for the words
 *       v<sub>1</sub>…v<sub>N</sub> in rank order, ln((D(v<sub>m</sub>, v<sub>l</sub>) + 1) / D(v<sub>l</sub>)) for
 *       l &lt; m (the denominator is the higher-ranked word). We report the <i>mean</i> over the N(N−1)/2 pairs (as
 *       gensim does; Mimno's sum is this times N(N−1)/2). Pairs whose higher-ranked word is in no document are skipped
 *       (cannot happen when the model was fitted on {@code docs}). At most ln 2; closer to 0 is more coherent.
 * </ul>
 *
 * <h2>Diversity and exclusivity</h2>
 * <ul>
 *   <li><b>diversity</b> (model level; Dieng et al. 2020, "Topic modeling in embedding spaces"): distinct words among
 *       all topics' top-25 divided by the number of listed words (K×25). 1 = no word shared by two topics.
 *   <li><b>exclusivity</b> (per topic): the mean over the topic's top-N words w of p(w|t) / Σ<sub>t'</sub> p(w|t'),
 *       i.e. p(t|w) under a uniform prior over topics; topics that do not list w count as p(w|t') = 0. It lies in
 *       [1/K, 1]: 1/K when the top words are equally probable in every topic, 1 when no other topic has them. It uses
 *       only the weights (no frequency term, unlike FREX), so it separates "shared background" topics from specific
 *       ones without preferring rare words.
 * </ul>
 *
 * <h2>Share and label</h2>
 * {@code token_share} = Σ {@code count} of the topic / Σ {@code count} of all topics (topics with at least one term). The {@code label} is
 * {@code labelSize} (default 3) of the top-N terms joined by " · ", preferring phrase tokens (containing {@code _}):
 * first the most probable term, replaced by the best-ranked phrase that contains it ({@code gun} → {@code gun_control});
 * then the other phrases in rank order; then the other words in rank order, skipping a word that is part of a chosen
 * phrase ("chemical" after {@code chemical_weapons}): "israel · chemical_weapons · syria". Anchoring on the top term
 * keeps the label from being made of low-ranked phrases alone: with phrases strictly first, an AllSides topic whose top
 * words are "clinton former bush secretary state politics white_house" was labelled "white_house · clinton · former",
 * and one about the debates "new_york_times · continue_reading · second_presidential_debate".
 */
public final class TopicDiagnostics {
  public static final String TOPIC = "topic";
  public static final String TERM = "term";
  public static final String WEIGHT = "weight";
  public static final String COUNT = "count";
  public static final String RANK = "rank";
  public static final String LABEL = "label";
  public static final String TOP_TERMS = "top_terms";
  public static final String NPMI = "npmi";
  public static final String UMASS = "umass";
  public static final String EXCLUSIVITY = "exclusivity";
  public static final String TOKEN_SHARE = "token_share";
  public static final String LABEL_SEPARATOR = " · ";

  /** Output schema of {@link Result#topics()}, one row per topic, ordered by topic. */
  public static final StructType TOPICS_SCHEMA = new StructType()
      .add(TOPIC, DataTypes.IntegerType, false)
      .add(LABEL, DataTypes.StringType, false)
      .add(TOP_TERMS, DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add(NPMI, DataTypes.DoubleType, true)
      .add(UMASS, DataTypes.DoubleType, true)
      .add(EXCLUSIVITY, DataTypes.DoubleType, true)
      .add(TOKEN_SHARE, DataTypes.DoubleType, true);

  private TopicDiagnostics() {}

  /**
   * topN words per topic for coherence, exclusivity and the label (≥ 2), diversityTopN words per topic for diversity
   * (≥ 1), labelSize terms in the label (≥ 1), termsCol the {@code array<string>} column of {@code docs}.
   */
  public record Options(int topN, int diversityTopN, int labelSize, String termsCol) {
    public Options {
      if (topN < 2 || diversityTopN < 1 || labelSize < 1 || termsCol == null) {
        throw new IllegalArgumentException(
            "TopicDiagnostics.Options: topN >= 2, diversityTopN >= 1, labelSize >= 1 and a terms column required");
      }
    }

    /** Top 10 words (as SPARK-NOTES), top 25 for diversity, 3 label terms, column {@code terms}. */
    public static Options defaults() {
      return new Options(10, 25, 3, "terms");
    }

    public Options withTopN(int n) {
      return new Options(n, diversityTopN, labelSize, termsCol);
    }
  }

  /**
   * Model-level figures: means over the topics with a defined value (NaN when there is none), diversity over the
   * top-{@code diversityTopN} lists, D = number of documents scored.
   */
  public record Summary(int numTopics, int topN, long numDocs, double meanNpmi, double meanUmass, double diversity) {
    public static final StructType SCHEMA = new StructType()
        .add("num_topics", DataTypes.IntegerType, false)
        .add("top_n", DataTypes.IntegerType, false)
        .add("num_docs", DataTypes.LongType, false)
        .add("mean_npmi", DataTypes.DoubleType, false)
        .add("mean_umass", DataTypes.DoubleType, false)
        .add("diversity", DataTypes.DoubleType, false);

    public Row toRow() {
      return RowFactory.create(numTopics, topN, numDocs, meanNpmi, meanUmass, diversity);
    }

    /** The summary as a one-row Dataset ({@link #SCHEMA}). */
    public Dataset<Row> toDataset(SparkSession spark) {
      return spark.createDataFrame(List.of(toRow()), SCHEMA);
    }
  }

  /** Per-topic rows ({@link #TOPICS_SCHEMA}) and the model-level summary. */
  public record Result(Dataset<Row> topics, Summary summary) {}

  /** {@link #evaluate(Dataset, Dataset, Options)} with {@link Options#defaults()}. */
  public static Result evaluate(Dataset<Row> topicTerms, Dataset<Row> docs) {
    return evaluate(topicTerms, docs, Options.defaults());
  }

  /** All figures of the class comment: two small jobs over {@code topicTerms} and one pass over {@code docs}. */
  public static Result evaluate(Dataset<Row> topicTerms, Dataset<Row> docs, Options o) {
    checkTopicTerms(topicTerms);
    checkTerms(docs, o.termsCol());
    int listN = Math.max(o.topN(), o.diversityTopN());
    // topic -> terms in rank order (top max(N, 25)); K × 25 rows to the driver
    // and each topic's token total, from the same window pass
    Map<Integer, List<String>> ranked = new TreeMap<>();
    Map<Integer, Double> tokens = new HashMap<>();
    Dataset<Row> ranking = topicTerms.select(col(TOPIC).cast(DataTypes.IntegerType).as(TOPIC), col(TERM),
            col(WEIGHT).cast(DataTypes.DoubleType).as(WEIGHT), col(COUNT).cast(DataTypes.DoubleType).as(COUNT))
        .where(col(TERM).isNotNull().and(col(WEIGHT).isNotNull()))
        .withColumn(RANK, row_number().over(Window.partitionBy(TOPIC).orderBy(col(WEIGHT).desc(), col(TERM))))
        .withColumn("_tokens", sum(COUNT).over(Window.partitionBy(TOPIC)))
        .where(col(RANK).leq(listN));
    for (Row r : ranking.select(TOPIC, TERM, RANK, "_tokens").orderBy(TOPIC, RANK).collectAsList()) {
      ranked.computeIfAbsent(r.getInt(0), k -> new ArrayList<>()).add(r.getString(1));
      tokens.put(r.getInt(0), r.isNullAt(3) ? 0.0 : r.getDouble(3));
    }
    double allTokens = tokens.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<Integer, List<String>> top = new LinkedHashMap<>();
    List<List<String>> forDiversity = new ArrayList<>();
    for (Map.Entry<Integer, List<String>> e : ranked.entrySet()) {
      List<String> l = e.getValue();
      top.put(e.getKey(), List.copyOf(l.subList(0, Math.min(o.topN(), l.size()))));
      forDiversity.add(l.subList(0, Math.min(o.diversityTopN(), l.size())));
    }

    // exclusivity denominators Σ_t' p(w|t') for the top words, and the token totals per topic
    Set<String> topWords = new TreeSet<>();
    top.values().forEach(topWords::addAll);
    Dataset<Row> tt = topicTerms.select(col(TOPIC).cast(DataTypes.IntegerType).as(TOPIC), col(TERM),
        col(WEIGHT).cast(DataTypes.DoubleType).as(WEIGHT), col(COUNT).cast(DataTypes.DoubleType).as(COUNT));
    Map<String, Double> weightSums = new HashMap<>();
    Map<Integer, Map<String, Double>> topWeights = new HashMap<>();
    // every topic's weight of every top word: at most K × K×N rows
    for (Row r : tt.where(col(TERM).isin(topWords.toArray()).and(col(WEIGHT).isNotNull()))
        .select(TOPIC, TERM, WEIGHT).collectAsList()) {
      topWeights.computeIfAbsent(r.getInt(0), k -> new HashMap<>()).merge(r.getString(1), r.getDouble(2), Double::sum);
      weightSums.merge(r.getString(1), r.getDouble(2), Double::sum);
    }

    CoDocCounts counts = coDocCounts(docs, o.termsCol(), top.values());

    List<Row> rows = new ArrayList<>();
    double npmiSum = 0;
    double umassSum = 0;
    int npmiN = 0;
    int umassN = 0;
    for (Map.Entry<Integer, List<String>> e : top.entrySet()) {
      int t = e.getKey();
      List<String> words = e.getValue();
      Double npmi = topicNpmi(words, counts);
      Double umass = topicUmass(words, counts);
      if (npmi != null) {
        npmiSum += npmi;
        npmiN++;
      }
      if (umass != null) {
        umassSum += umass;
        umassN++;
      }
      double excl = 0;
      Map<String, Double> tw = topWeights.getOrDefault(t, Map.of());
      for (String w : words) {
        double denom = weightSums.getOrDefault(w, 0.0);
        excl += denom > 0 ? tw.getOrDefault(w, 0.0) / denom : 0.0;
      }
      Double exclusivity = words.isEmpty() ? null : excl / words.size();
      Double share = allTokens > 0 ? tokens.getOrDefault(t, 0.0) / allTokens : null;
      rows.add(RowFactory.create(t, label(words, o.labelSize()), words.toArray(new String[0]), npmi, umass,
          exclusivity, share));
    }
    SparkSession spark = topicTerms.sparkSession();
    Summary summary = new Summary(top.size(), o.topN(), counts.numDocs(),
        npmiN == 0 ? Double.NaN : npmiSum / npmiN, umassN == 0 ? Double.NaN : umassSum / umassN,
        diversity(forDiversity));
    return new Result(spark.createDataFrame(rows, TOPICS_SCHEMA), summary);
  }

  /**
   * The top {@code n} terms of each topic by weight (ties by term): {@code topic} int, {@code term} string,
   * {@code weight} double, {@code rank} int (1 = most probable).
   */
  public static Dataset<Row> topTerms(Dataset<Row> topicTerms, int n) {
    checkTopicTerms(topicTerms);
    return topicTerms.select(col(TOPIC).cast(DataTypes.IntegerType).as(TOPIC), col(TERM),
            col(WEIGHT).cast(DataTypes.DoubleType).as(WEIGHT))
        .where(col(TERM).isNotNull().and(col(WEIGHT).isNotNull()))
        .withColumn(RANK, row_number().over(Window.partitionBy(TOPIC).orderBy(col(WEIGHT).desc(), col(TERM))))
        .where(col(RANK).leq(n));
  }

  /**
   * NPMI of one word pair from document frequencies: ln(D·dij / (di·dj)) / −ln(dij / D); −1 when dij = 0, 1 when
   * dij = D.
   */
  public static double npmi(long dij, long di, long dj, long d) {
    if (dij <= 0 || di <= 0 || dj <= 0 || d <= 0) {
      return -1.0;
    }
    if (dij >= d) {
      return 1.0;
    }
    double pmi = Math.log((double) dij * d / ((double) di * dj));
    return pmi / -Math.log((double) dij / d);
  }

  /** One UMass term: ln((dij + 1) / dHigher), dHigher = D(higher-ranked word) &gt; 0. */
  public static double umassPair(long dij, long dHigher) {
    return Math.log((dij + 1.0) / dHigher);
  }

  /** Distinct words over listed words (1.0 for no lists). */
  public static double diversity(List<List<String>> topLists) {
    Set<String> distinct = new HashSet<>();
    int listed = 0;
    for (List<String> l : topLists) {
      distinct.addAll(l);
      listed += l.size();
    }
    return listed == 0 ? 1.0 : (double) distinct.size() / listed;
  }

  /**
   * The label of the class comment: the most probable term (or the best-ranked phrase containing it), then the other
   * phrase tokens in rank order, then the other words in rank order, skipping words inside a chosen phrase.
   */
  public static String label(List<String> rankedTerms, int size) {
    List<String> chosen = new ArrayList<>();
    Set<String> covered = new HashSet<>();
    if (rankedTerms.isEmpty()) {
      return "";
    }
    String anchor = rankedTerms.get(0);
    if (anchor.indexOf('_') < 0) {
      for (String w : rankedTerms) {
        if (w.indexOf('_') >= 0 && Arrays.asList(w.split("_")).contains(anchor)) {
          anchor = w;
          break;
        }
      }
    }
    choose(anchor, chosen, covered);
    for (String w : rankedTerms) {
      if (chosen.size() < size && w.indexOf('_') >= 0 && !chosen.contains(w)) {
        choose(w, chosen, covered);
      }
    }
    for (String w : rankedTerms) {
      if (chosen.size() < size && w.indexOf('_') < 0 && !covered.contains(w)) {
        choose(w, chosen, covered);
      }
    }
    return String.join(LABEL_SEPARATOR, chosen.subList(0, Math.min(size, chosen.size())));
  }

  private static void choose(String w, List<String> chosen, Set<String> covered) {
    chosen.add(w);
    covered.add(w);
    covered.addAll(Arrays.asList(w.split("_")));
  }

  static Double topicNpmi(List<String> words, CoDocCounts c) {
    if (words.size() < 2) {
      return null;
    }
    double s = 0;
    int n = 0;
    for (int i = 0; i < words.size(); i++) {
      for (int j = i + 1; j < words.size(); j++) {
        s += npmi(c.pair(words.get(i), words.get(j)), c.df(words.get(i)), c.df(words.get(j)), c.numDocs());
        n++;
      }
    }
    return s / n;
  }

  static Double topicUmass(List<String> words, CoDocCounts c) {
    double s = 0;
    int n = 0;
    for (int m = 1; m < words.size(); m++) {
      for (int l = 0; l < m; l++) {
        long dl = c.df(words.get(l));
        if (dl > 0) {
          s += umassPair(c.pair(words.get(m), words.get(l)), dl);
          n++;
        }
      }
    }
    return n == 0 ? null : s / n;
  }

  /** Document frequencies of a small word set and of the needed pairs, with D. */
  public record CoDocCounts(long numDocs, Map<String, Long> docFreq, Map<String, Long> pairFreq) {
    public long df(String w) {
      return docFreq.getOrDefault(w, 0L);
    }

    public long pair(String a, String b) {
      return pairFreq.getOrDefault(pairKey(a, b), 0L);
    }

    static String pairKey(String a, String b) {
      return a.compareTo(b) <= 0 ? a + '\u0000' + b : b + '\u0000' + a;
    }
  }

  /**
   * D, D(w) for every word of the lists and D(wi, wj) for every pair of words inside one list, in one Spark job over
   * {@code docs} (the word set and the pair index are broadcast; each partition fills one {@code long[]}).
   */
  public static CoDocCounts coDocCounts(Dataset<Row> docs, String termsCol, Iterable<List<String>> lists) {
    checkTerms(docs, termsCol);
    TreeSet<String> wordSet = new TreeSet<>();
    lists.forEach(wordSet::addAll);
    String[] words = wordSet.toArray(new String[0]);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < words.length; i++) {
      index.put(words[i], i);
    }
    // distinct unordered pairs (a < b by index), numbered
    Map<Long, Integer> pairIndex = new LinkedHashMap<>();
    for (List<String> l : lists) {
      for (int i = 0; i < l.size(); i++) {
        for (int j = i + 1; j < l.size(); j++) {
          int a = index.get(l.get(i));
          int b = index.get(l.get(j));
          if (a != b) {
            long key = (long) Math.min(a, b) * words.length + Math.max(a, b);
            pairIndex.putIfAbsent(key, pairIndex.size());
          }
        }
      }
    }
    // partners[a] = {b0, p0, b1, p1, ...}: for each pair (a, b) with a < b, b and the pair's slot
    List<List<Integer>> partnerLists = new ArrayList<>();
    for (int i = 0; i < words.length; i++) {
      partnerLists.add(new ArrayList<>());
    }
    for (Map.Entry<Long, Integer> e : pairIndex.entrySet()) {
      int a = (int) (e.getKey() / words.length);
      int b = (int) (e.getKey() % words.length);
      partnerLists.get(a).add(b);
      partnerLists.get(a).add(e.getValue());
    }
    int[][] partners = new int[words.length][];
    for (int i = 0; i < words.length; i++) {
      partners[i] = partnerLists.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
    SparkSession spark = docs.sparkSession();
    Broadcast<CountPlan> plan = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .broadcast(new CountPlan(index, partners, pairIndex.size()));
    int width = 1 + words.length + pairIndex.size();
    long[] totals = docs.select(col(termsCol)).where(col(termsCol).isNotNull()).javaRDD()
        .treeAggregate(new long[width], (acc, row) -> plan.value().add(acc, row.getList(0)), TopicDiagnostics::plus);
    plan.destroy();
    Map<String, Long> df = new HashMap<>();
    for (int i = 0; i < words.length; i++) {
      df.put(words[i], totals[1 + i]);
    }
    Map<String, Long> pf = new HashMap<>();
    for (Map.Entry<Long, Integer> e : pairIndex.entrySet()) {
      String a = words[(int) (e.getKey() / words.length)];
      String b = words[(int) (e.getKey() % words.length)];
      pf.put(CoDocCounts.pairKey(a, b), totals[1 + words.length + e.getValue()]);
    }
    return new CoDocCounts(totals[0], df, pf);
  }

  private static long[] plus(long[] a, long[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  /** Broadcast counting plan: word → index, pair partners, and the per-document update. */
  private record CountPlan(Map<String, Integer> index, int[][] partners, int numPairs) implements Serializable {
    long[] add(long[] acc, List<Object> terms) {
      acc[0]++;
      int w = partners.length;
      // distinct top words present in this document
      int[] present = new int[Math.min(terms.size(), w)];
      int n = 0;
      boolean[] seen = new boolean[w];
      for (Object t : terms) {
        Integer i = t == null ? null : index.get((String) t);
        if (i != null && !seen[i]) {
          seen[i] = true;
          present[n++] = i;
        }
      }
      for (int k = 0; k < n; k++) {
        int a = present[k];
        acc[1 + a]++;
        int[] p = partners[a];
        for (int j = 0; j < p.length; j += 2) {
          if (seen[p[j]]) {
            acc[1 + w + p[j + 1]]++;
          }
        }
      }
      return acc;
    }
  }

  static void checkTopicTerms(Dataset<Row> topicTerms) {
    List<String> cols = Arrays.asList(topicTerms.columns());
    for (String c : List.of(TOPIC, TERM, WEIGHT, COUNT)) {
      if (!cols.contains(c)) {
        throw new IllegalArgumentException("topicTerms needs columns topic, term, weight, count; missing '" + c
            + "'; available columns: " + String.join(", ", cols));
      }
    }
  }

  static void checkTerms(Dataset<?> docs, String termsCol) {
    if (!Arrays.asList(docs.columns()).contains(termsCol)) {
      throw new IllegalArgumentException("terms column '" + termsCol + "' does not exist; available columns: "
          + String.join(", ", docs.columns()));
    }
    if (!(docs.schema().apply(termsCol).dataType() instanceof ArrayType at)
        || !at.elementType().sameType(DataTypes.StringType)) {
      throw new IllegalArgumentException("terms column '" + termsCol + "' must be array<string> but was "
          + docs.schema().apply(termsCol).dataType().catalogString());
    }
  }
}
