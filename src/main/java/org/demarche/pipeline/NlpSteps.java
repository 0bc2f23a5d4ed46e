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
    Dataset<Row> docTerms = docs.select(col("doc_id"), explode(col(TextStages.TERMS)).as(Keyness.TERM))
        .groupBy("doc_id", Keyness.TERM).agg(count(lit(1)).as("n")).persist(StorageLevel.MEMORY_AND_DISK());
    caches.add(docTerms);
    Dataset<Row> docFreq = docTerms.groupBy(Keyness.TERM).agg(count(lit(1)).as("df"));
    long nDocs = docs.where(col(TextStages.TERMS).isNotNull()).count();
    Dataset<Row> groups = null;
    for (String g : k.groups()) {
      Column gc = switch (g) {
        case "outlet" -> col("outlet");
        case "month" -> date_format(col("published_at"), "yyyy-MM");
        case "year" -> date_format(col("published_at"), "yyyy");
        case "actor" -> explode(col(ActorStages.MENTIONS + ".actor_id"));
        default -> throw new IllegalArgumentException("unknown keyness group " + g);
      };
      Dataset<Row> one = docs.select(col("doc_id"), lit(g).as(Keyness.GROUP_TYPE), gc.as(Keyness.GROUP));
      if (g.equals("actor")) {
        // an article is about an actor it mentions at least keyness.actor_min_mentions times
        one = one.groupBy("doc_id", Keyness.GROUP_TYPE, Keyness.GROUP).agg(count(lit(1)).as("_m"))
            .where(col("_m").geq(k.actorMinMentions())).drop("_m");
      }
      groups = groups == null ? one : groups.unionByName(one);
    }
    groups = groups.where(col(Keyness.GROUP).isNotNull()).distinct().persist(StorageLevel.MEMORY_AND_DISK());
    caches.add(groups);
    Dataset<Row> sizes = groups.groupBy(Keyness.GROUP_TYPE, Keyness.GROUP).agg(count(lit(1)).as("group_docs"))
        .where(col("group_docs").geq(k.minGroupDocs()))
        .withColumn("_r", org.apache.spark.sql.functions.row_number().over(
            org.apache.spark.sql.expressions.Window.partitionBy(Keyness.GROUP_TYPE)
                .orderBy(col("group_docs").desc(), col(Keyness.GROUP))))
        .where(col(Keyness.GROUP_TYPE).notEqual("actor").or(col("_r").leq(k.maxActors())))
        .drop("_r").persist(StorageLevel.MEMORY_AND_DISK());
    caches.add(sizes);
    Dataset<Row> counts = docTerms
        .join(groups.join(org.apache.spark.sql.functions.broadcast(sizes.select(Keyness.GROUP_TYPE, Keyness.GROUP)),
            new String[] {Keyness.GROUP_TYPE, Keyness.GROUP}), "doc_id")
        .groupBy(Keyness.GROUP_TYPE, Keyness.GROUP, Keyness.TERM).agg(sum("n").as(Keyness.COUNT))
        .persist(StorageLevel.MEMORY_AND_DISK());
    caches.add(counts);
    Dataset<Row> out = Keyness.scoreAll(counts, docFreq, nDocs, opts)
        .join(org.apache.spark.sql.functions.broadcast(sizes), new String[] {Keyness.GROUP_TYPE, Keyness.GROUP});
    return new KeynessRows(out, caches);
  }
}
