package org.demarche.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.sql.Column;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.demarche.actors.ActorMatcher;
import org.demarche.actors.ActorStages;
import org.demarche.config.JobConfig;
import org.demarche.text.TextStages;
import org.demarche.text.TfidfStages;
import org.demarche.topics.Keyness;

/**
 * The per-document NLP steps of the job, built from the one typed config: actor mentions ({@link ActorMatcher}),
 * then text features ({@link TextStages}: tokens, phrases with actor names as protected phrases, lemmas, stopwords,
 * CountVectorizer + IDF), and the keyness roll-up. This class is the only place the {@code actors.*}, {@code text.*}
 * and {@code keyness.*} keys reach the stages.
 */
public final class NlpSteps {
  private NlpSteps() {}

  /** The actor matcher configured from {@code actors.*}. */
  public static ActorMatcher actorMatcher(JobConfig.ActorsConfig a) {
    return (ActorMatcher) ActorStages.stages(a.dictionaryPath()).get(0);
  }

  /** The document-level actor stage ({@code document_actors}) over the headline, body and the matcher's mentions. */
  public static org.demarche.actors.DocumentActorRanker documentActorRanker(JobConfig.ActorsConfig a) {
    return new org.demarche.actors.DocumentActorRanker().setTitleCol("title_clean").setInputCol("body")
        .setMentionsCol(ActorStages.MENTIONS).setDateCol("published_at")
        .setDictionaryPath(a.dictionaryPath() == null ? "" : a.dictionaryPath());
  }

  /** The text stage options from {@code text.*}, with {@code protectedNames} (raw names) as protected phrases. */
  public static TextStages.Options textOptions(JobConfig.TextConfig t, List<String> protectedNames) {
    return new TextStages.Options(t.minTokenLength(), true, t.lemmatizer(), t.phrases(), t.phraseMinCount(),
        t.phraseScoring(), t.phraseThreshold(), t.phraseMaxN(), List.copyOf(protectedNames), t.extraStopwords(), true,
        new TfidfStages.Options(t.minDf(), t.maxDf(), t.vocabSize(), 1));
  }

  /**
   * Multi-word names of the actors mentioned in {@code withMentions} (at most one row per dictionary actor reaches the
   * driver), used as protected phrases so that "John Kerry" becomes the token {@code john_kerry}.
   */
  public static List<String> mentionedActorNames(Dataset<Row> withMentions) {
    return multiWordNames(withMentions.select(explode(col(ActorStages.MENTIONS + ".actor_name")).as("n")));
  }

  /** The distinct multi-word names in column {@code n}, sorted: the protected phrases of the text stages. */
  public static List<String> multiWordNames(Dataset<Row> names) {
    return names.where(functions.trim(col("n")).contains(" ")).distinct().orderBy("n").collectAsList().stream()
        .map(r -> r.getString(0)).toList();
  }

  /**
   * A fitted text model, the documents it transformed (persisted, without intermediate columns) and the cached
   * estimator inputs they derive from. Release {@code caches} only when {@code docs} is no longer needed: Spark drops
   * the cached data of every dependent query when a parent is unpersisted, so releasing them early would make the
   * next use of {@code docs} re-run the whole lineage.
   */
  public record FittedText(PipelineModel model, Dataset<Row> docs, List<Dataset<Row>> caches) {}

  /**
   * Fits the text stages one by one on {@code df} and transforms it. The input of each estimator is cached, keeping
   * only the intermediate column that estimator reads, so tokenizing and phrase detection run once each, not once per
   * estimator as in {@code Pipeline.fit} followed by {@code transform}. The result is persisted and materialised.
   */
  public static FittedText fitText(Dataset<Row> df, TextStages.Options o) {
    List<Transformer> fitted = new ArrayList<>();
    List<Dataset<Row>> cached = new ArrayList<>();
    Dataset<Row> cur = df;
    for (PipelineStage s : TextStages.stages(o)) {
      Transformer t;
      if (s instanceof Estimator<?> e) {
        String in = (String) e.getOrDefault(e.getParam("inputCol"));
        for (String c : cur.columns()) {
          if (c.startsWith("_") && !c.equals(in)) {
            cur = cur.drop(c);
          }
        }
        cur = cur.persist(StorageLevel.MEMORY_AND_DISK());
        cached.add(cur);
        long docs = -1;
        if (e instanceof org.apache.spark.ml.feature.CountVectorizer cv) {
          docs = cur.count();
          relaxPruningForSmallBatches(cv, docs);
        }
        t = (Transformer) e.fit(cur);
        if (t instanceof org.apache.spark.ml.feature.CountVectorizerModel m && m.vocabulary().length == 0
            && e instanceof org.apache.spark.ml.feature.CountVectorizer cv
            && (cv.getMinDF() != 1 || cv.getMaxDF() != Long.MAX_VALUE)) {
          // every term is pruned, e.g. in a batch of near-identical wire copies (each term in more than max_df)
          org.slf4j.LoggerFactory.getLogger(NlpSteps.class).warn(
              "text: no term of the {} documents passes text.min_df {} and text.max_df {} (near-identical copies?); "
                  + "vocabulary pruning is off for this batch", docs, cv.getMinDF(), cv.getMaxDF());
          cv.setMinDF(1).setMaxDF(Long.MAX_VALUE);
          t = (Transformer) e.fit(cur);
        }
        if (t instanceof org.apache.spark.ml.feature.CountVectorizerModel m && m.vocabulary().length == 0) {
          throw new EmptyVocabularyException(docs);
        }
      } else {
        t = (Transformer) s;
      }
      fitted.add(t);
      cur = t.transform(cur);
    }
    Dataset<Row> docs = dropIntermediates(cur).persist(StorageLevel.MEMORY_AND_DISK());
    docs.count();
    return new FittedText(new PipelineModel(org.apache.spark.ml.util.Identifiable.randomUID("demarcheText"), fitted),
        docs, cached);
  }

  /** The batch's documents hold no term at all: there are no text features, topics or keyness to compute. */
  public static final class EmptyVocabularyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EmptyVocabularyException(long docs) {
      super("text: the " + docs + " documents of this batch hold no term after tokenizing and stopwords");
    }
  }

  /**
   * In a batch too small for the configured pruning (minDF as a count above maxDF as a count, e.g. minDF 5 and maxDF
   * 0.5 of 6 documents) the vocabulary would be empty and CountVectorizer refuses the settings: prune nothing instead,
   * and say so in the log.
   */
  static void relaxPruningForSmallBatches(org.apache.spark.ml.feature.CountVectorizer cv, long docs) {
    double min = cv.getMinDF() >= 1 ? cv.getMinDF() : cv.getMinDF() * docs;
    double max = cv.getMaxDF() >= 1 ? cv.getMaxDF() : cv.getMaxDF() * docs;
    if (max < min) {
      org.slf4j.LoggerFactory.getLogger(NlpSteps.class).warn(
          "text: a batch of {} documents is too small for text.min_df {} and text.max_df {}; vocabulary pruning is "
              + "off for this batch", docs, cv.getMinDF(), cv.getMaxDF());
      cv.setMinDF(1).setMaxDF(Long.MAX_VALUE);
    }
  }

  /** Drops the text stages' intermediate columns (names starting with {@code _}). */
  public static Dataset<Row> dropIntermediates(Dataset<Row> df) {
    for (String c : df.columns()) {
      if (c.startsWith("_")) {
        df = df.drop(c);
      }
    }
    return df;
  }

  /** The keyness rows and the caches to release once they are written. */
  public record KeynessRows(Dataset<Row> rows, List<Dataset<Row>> caches) {
    public void release() {
      caches.forEach(Dataset::unpersist);
    }
  }

  /**
   * The {@code keyness} rows (before run and batch columns): for each configured group type, log-odds with an
   * informative Dirichlet prior ({@code method = log_odds_prior}, {@code score} = log-odds, {@code z}) and summed
   * TF-IDF ({@code method = tfidf}, {@code z} null), top {@code keyness.top_n} terms per group, with {@code group_docs}.
   * Groups with fewer than {@code keyness.min_group_docs} documents are skipped; for {@code actor}, only the {@code
   * keyness.max_actors} actors in most documents are compared, and an article counts for an actor it mentions at
   * least {@code keyness.actor_min_mentions} times. Term counts per document are computed once and joined
   * to each grouping (an article that mentions 20 actors is not re-tokenized 20 times); document frequencies and the
   * document count are corpus-wide, each document counted once. Input: {@code doc_id}, {@code outlet}, {@code
   * published_at}, {@code terms} and, for {@code actor}, {@code actor_mentions}.
   */
  public static KeynessRows keyness(Dataset<Row> docs, JobConfig.KeynessConfig k) {
    Keyness.Options opts = new Keyness.Options(k.priorStrength(), k.topN(), k.minCount());
    List<Dataset<Row>> caches = new ArrayList<>();
    // per document, in one projection: the groups it belongs to and the count of each of its terms
    List<Column> fixed = new ArrayList<>();
    Column actors = null;
    for (String g : k.groups()) {
      switch (g) {
        case "outlet" -> fixed.add(groupOf(g, col("outlet")));
        case "month" -> fixed.add(groupOf(g, date_format(col("published_at"), "yyyy-MM")));
        case "year" -> fixed.add(groupOf(g, date_format(col("published_at"), "yyyy")));
        // an article is about an actor it mentions at least keyness.actor_min_mentions times
        case "actor" -> actors = functions.transform(
            functions.udf(new FrequentValues(k.actorMinMentions()), DataTypes.createArrayType(DataTypes.StringType))
                .apply(col(ActorStages.MENTIONS + ".actor_id")), x -> groupOf("actor", x));
        default -> throw new IllegalArgumentException("unknown keyness group " + g);
      }
    }
    Column groups = fixed.isEmpty() ? null : functions.array(fixed.toArray(new Column[0]));
    if (actors != null) {
      groups = groups == null ? actors : functions.concat(groups, actors);
    }
    if (groups == null) {
      throw new IllegalArgumentException("keyness.groups is empty: name at least one of outlet, month, year, actor");
    }
    groups = functions.array_distinct(functions.filter(groups, x -> x.getField(Keyness.GROUP).isNotNull()));
    Dataset<Row> perDoc = docs.select(groups.as("_groups"),
            functions.udf(new TermCounts(), TermCounts.TYPE).apply(col(TextStages.TERMS)).as("_terms"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    caches.add(perDoc);
    // group sizes to the driver: min_group_docs, and only the keyness.max_actors actors in most documents
    List<Row> kept = new ArrayList<>();
    List<Row> sizes = perDoc.select(explode(col("_groups")).as("g"))
        .groupBy(col("g." + Keyness.GROUP_TYPE).as(Keyness.GROUP_TYPE), col("g." + Keyness.GROUP).as(Keyness.GROUP))
        .agg(count(lit(1)).as("group_docs"))
        .where(col("group_docs").geq(k.minGroupDocs()))
        .collectAsList();
    List<Row> sorted = new ArrayList<>(sizes);
    sorted.sort(java.util.Comparator.<Row, String>comparing(r -> r.getString(0))
        .thenComparing(r -> -r.getLong(2)).thenComparing(r -> r.getString(1)));
    java.util.Map<String, Integer> rank = new java.util.HashMap<>();
    for (Row r : sorted) {
      int i = rank.merge(r.getString(0), 1, Integer::sum);
      if (!r.getString(0).equals("actor") || i <= k.maxActors()) {
        kept.add(r);
      }
    }
    Dataset<Row> sizeRows = docs.sparkSession().createDataFrame(kept, new org.apache.spark.sql.types.StructType()
        .add(Keyness.GROUP_TYPE, DataTypes.StringType, false).add(Keyness.GROUP, DataTypes.StringType, false)
        .add("group_docs", DataTypes.LongType, false));
    Object[] keys = kept.stream().map(r -> r.getString(0) + "\u0001" + r.getString(1)).toArray();
    long nDocs = perDoc.where(col("_terms").isNotNull()).count();
    Dataset<Row> docFreq = perDoc.select(explode(col("_terms." + Keyness.TERM)).as(Keyness.TERM))
        .groupBy(Keyness.TERM).agg(count(lit(1)).as("df"));
    Dataset<Row> counts = perDoc.select(explode(col("_groups")).as("g"), col("_terms"))
        .where(functions.concat(col("g." + Keyness.GROUP_TYPE), lit("\u0001"), col("g." + Keyness.GROUP))
            .isin(keys))
        .select(col("g." + Keyness.GROUP_TYPE).as(Keyness.GROUP_TYPE), col("g." + Keyness.GROUP).as(Keyness.GROUP),
            explode(col("_terms")).as("t"))
        .groupBy(col(Keyness.GROUP_TYPE), col(Keyness.GROUP), col("t." + Keyness.TERM).as(Keyness.TERM))
        .agg(sum("t.n").as(Keyness.COUNT));
    Dataset<Row> out = Keyness.scoreAll(counts, docFreq, nDocs, opts)
        .join(functions.broadcast(sizeRows), new String[] {Keyness.GROUP_TYPE, Keyness.GROUP});
    return new KeynessRows(out, caches);
  }

  private static Column groupOf(String type, Column group) {
    return functions.struct(lit(type).as(Keyness.GROUP_TYPE), group.cast("string").as(Keyness.GROUP));
  }

  /** The distinct values of an array that occur at least {@code min} times in it, sorted; null for null. */
  static final class FrequentValues implements org.apache.spark.sql.api.java.UDF1<scala.collection.Seq<String>,
      String[]> {
    private final int min;

    FrequentValues(int min) {
      this.min = min;
    }

    @Override
    public String[] call(scala.collection.Seq<String> values) {
      if (values == null) {
        return null;
      }
      java.util.Map<String, Integer> n = new java.util.TreeMap<>();
      scala.collection.Iterator<String> it = values.iterator();
      while (it.hasNext()) {
        String v = it.next();
        if (v != null) {
          n.merge(v, 1, Integer::sum);
        }
      }
      return n.entrySet().stream().filter(e -> e.getValue() >= min).map(java.util.Map.Entry::getKey)
          .toArray(String[]::new);
    }
  }

  /** A document's terms counted: {@code array<struct<term, n>>} by term; null for null. */
  static final class TermCounts implements org.apache.spark.sql.api.java.UDF1<scala.collection.Seq<String>,
      Row[]> {
    static final DataType TYPE = DataTypes.createArrayType(new org.apache.spark.sql.types.StructType()
        .add(Keyness.TERM, DataTypes.StringType, false).add("n", DataTypes.LongType, false), false);

    @Override
    public Row[] call(scala.collection.Seq<String> terms) {
      if (terms == null) {
        return null;
      }
      java.util.Map<String, long[]> n = new java.util.TreeMap<>();
      scala.collection.Iterator<String> it = terms.iterator();
      while (it.hasNext()) {
        String t = it.next();
        if (t != null) {
          n.computeIfAbsent(t, x -> new long[1])[0]++;
        }
      }
      Row[] out = new Row[n.size()];
      int i = 0;
      for (java.util.Map.Entry<String, long[]> e : n.entrySet()) {
        out[i++] = org.apache.spark.sql.RowFactory.create(e.getKey(), e.getValue()[0]);
      }
      return out;
    }
  }
}
