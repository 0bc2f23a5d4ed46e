package org.demarche.dedupe;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.array_except;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.MinHashLSH;
import org.apache.spark.ml.feature.MinHashLSHModel;
import org.apache.spark.ml.feature.NGram;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.demarche.config.JobConfig;
import org.demarche.ml.Schemas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups articles into stories: exact copies (same {@code content_hash}) and near-duplicates (wire copies with light
 * edits, found with MinHash LSH on word shingles). Not an ML stage: the grain stays one row per article, but the
 * answer for one article depends on the others (cross-document joins), so it is a plain Dataset function.
 *
 * <p>Input: {@code docs} with at least {@code doc_id} (string, non-null, unique), {@code body} (string, nullable) and
 * {@code content_hash} (string, nullable; from {@link ContentHasher}). Output: every input row and column, in no
 * particular row order, plus
 * <ul>
 *   <li>{@code exact_duplicate_of} (string): null for the canonical article of its content-hash group (the smallest
 *       {@code doc_id}), else that canonical {@code doc_id}. A null hash is a group of its own.</li>
 *   <li>{@code story_id} (string): {@code "st_"} + the first 16 hex digits of SHA-256(smallest {@code doc_id} of the
 *       story). It depends only on the story's members, not on partitioning or row order.</li>
 *   <li>{@code story_size} (int): number of articles (rows) in the story, exact copies included.</li>
 * </ul>
 *
 * <p>Method, when {@code dedupe.near_duplicates} is true:
 * <ol>
 *   <li>One representative per content-hash group (its canonical doc, with its body) takes part; exact copies follow
 *       their canonical doc into its story. Equal hashes mean equal word sequences, so any copy would give the same
 *       shingles.</li>
 *   <li>Bodies are split into lowercase letter/digit words (same rule as {@link ContentHasher}) and turned into
 *       word {@code shingleSize}-grams.</li>
 *   <li>Hot-shingle guard: shingles that occur in more than {@code max(}{@value #MIN_HOT_SHINGLE_DF}{@code ,}
 *       {@value #HOT_SHINGLE_DOC_FRACTION}{@code × representatives)} representatives (boilerplate footers, "all
 *       rights reserved" lines, newsletter plugs) are dropped before hashing. They say nothing about the story and
 *       they make giant LSH buckets (quadratic candidate pairs). At most {@value #MAX_HOT_SHINGLES} of them are
 *       collected to the driver; they are per-shingle, never per-document, data.</li>
 *   <li>Representatives with fewer than {@value #MIN_SHINGLES} shingles left (that is, bodies shorter than
 *       {@code shingleSize + }{@value #MIN_SHINGLES}{@code  - 1} words, or made only of hot shingles) are skipped: a
 *       Jaccard similarity on one or two shingles is noise. They can still be exact duplicates.</li>
 *   <li>Each shingle is kept as its 32-bit Murmur3 hash (Spark's {@code hash}), and the set is folded into a binary
 *       sparse vector ({@link HashingTF}, 2<sup>20</sup> features); then
 *       {@link MinHashLSH} ({@code numHashTables}, fixed seed {@value #LSH_SEED}) self-joins them with
 *       {@code approxSimilarityJoin}, keeping pairs whose Jaccard distance on the hashed sets is at most
 *       {@code 1 - minJaccard}. LSH is approximate: a similar pair whose min-hashes collide in no table is missed
 *       (probability {@code (1-J)^numHashTables} for similarity J), but it may still be linked through a third doc.</li>
 *   <li>Stories are the connected components of these pairs, computed in Spark by iterative min-label propagation
 *       (each pass is a join and a group-by; it stops when no label changes, or after {@value #MAX_ITERATIONS} passes
 *       with a warning). Nothing per-document is collected to the driver.</li>
 * </ol>
 * When {@code dedupe.near_duplicates} is false a story is exactly a content-hash group.
 *
 * <p>{@code docs} is read twice (once for the LSH representatives, once for the output); persist it beforehand if it
 * is expensive to compute. The intermediate shingle vectors are persisted during the LSH join and released before
 * returning; the (small) table of component labels is materialised with a local checkpoint so the returned Dataset
 * does not re-run LSH on each action.
 */
public final class StoryClusterer {
  private static final Logger LOG = LoggerFactory.getLogger(StoryClusterer.class);

  public static final String DOC_ID = "doc_id";
  public static final String BODY = "body";
  public static final String CONTENT_HASH = "content_hash";
  public static final String EXACT_DUPLICATE_OF = "exact_duplicate_of";
  public static final String STORY_ID = "story_id";
  public static final String STORY_SIZE = "story_size";

  /** HashingTF dimension. */
  public static final int NUM_FEATURES = 1 << 20;
  /** MinHashLSH seed; fixed so that the candidate pairs, hence the stories, are reproducible. */
  public static final long LSH_SEED = 20240601L;
  /** Representatives need at least this many (non-hot) shingles to be compared. */
  public static final int MIN_SHINGLES = 3;
  /** Label-propagation guard. */
  public static final int MAX_ITERATIONS = 50;
  /** A shingle is "hot" when its document frequency exceeds max(MIN_HOT_SHINGLE_DF, fraction × reps). */
  public static final double HOT_SHINGLE_DOC_FRACTION = 0.01;
  public static final long MIN_HOT_SHINGLE_DF = 50;
  public static final int MAX_HOT_SHINGLES = 20_000;

  private static final String CANON = "_sc_canon";
  private static final String ROOT = "_sc_root";
  private static final String WORDS = "_sc_words";
  private static final String SHINGLES = "_sc_shingles";
  private static final String FEATURES = "_sc_features";
  private static final String HASHES = "_sc_hashes";
  private static final String DIST = "_sc_dist";

  private StoryClusterer() {}

  /** Adds {@code exact_duplicate_of}, {@code story_id} and {@code story_size} to {@code docs}; see the class doc. */
  public static Dataset<Row> assign(Dataset<Row> docs, JobConfig.DedupeConfig cfg) {
    StructType schema = docs.schema();
    Schemas.checkColumnType(schema, DOC_ID, DOC_ID, DataTypes.StringType);
    Schemas.checkColumnType(schema, BODY, BODY, DataTypes.StringType);
    Schemas.checkColumnType(schema, CONTENT_HASH, CONTENT_HASH, DataTypes.StringType);
    for (String out : List.of(EXACT_DUPLICATE_OF, STORY_ID, STORY_SIZE)) {
      Schemas.appendColumn(schema, out, out, DataTypes.StringType);
    }
    Column canon =
        when(col(CONTENT_HASH).isNull(), col(DOC_ID))
            .otherwise(min(col(DOC_ID)).over(Window.partitionBy(col(CONTENT_HASH))));
    Dataset<Row> withCanon = docs.withColumn(CANON, canon);

    Dataset<Row> withRoot;
    if (cfg.nearDuplicates()) {
      Dataset<Row> labels = nearDuplicateLabels(docs, cfg);
      withRoot =
          withCanon
              .join(labels, withCanon.col(CANON).equalTo(labels.col("id")), "left")
              .withColumn(ROOT, coalesce(labels.col("label"), col(CANON)))
              .drop(labels.col("id"))
              .drop(labels.col("label"));
    } else {
      withRoot = withCanon.withColumn(ROOT, col(CANON));
    }
    Column storyId = concat(lit("st_"), substring(sha2(col(ROOT), 256), 1, 16));
    List<String> outCols = new ArrayList<>(Arrays.asList(schema.fieldNames()));
    outCols.addAll(List.of(EXACT_DUPLICATE_OF, STORY_ID, STORY_SIZE));
    return withRoot
        .withColumn(EXACT_DUPLICATE_OF, when(col(CANON).notEqual(col(DOC_ID)), col(CANON)).cast(DataTypes.StringType))
        .withColumn(STORY_ID, storyId)
        .withColumn(STORY_SIZE, count(lit(1)).over(Window.partitionBy(col(STORY_ID))).cast(DataTypes.IntegerType))
        .select(outCols.stream().map(c -> col("`" + c + "`")).toArray(Column[]::new));
  }

  /**
   * Component labels {@code (id, label)} of the representatives that have at least one near-duplicate; label is the
   * smallest id of the component. Locally checkpointed (materialised); representatives without a pair are absent.
   */
  static Dataset<Row> nearDuplicateLabels(Dataset<Row> docs, JobConfig.DedupeConfig cfg) {
    long t0 = System.nanoTime();
    // One representative per content-hash group: its canonical (smallest) doc_id, with that doc's body. Bodies with
    // equal hashes have the same word sequence, hence the same shingles; the partial aggregation ships one body per
    // hash and partition.
    Dataset<Row> reps =
        docs.where(col(CONTENT_HASH).isNotNull().and(col(BODY).isNotNull()))
            .groupBy(col(CONTENT_HASH))
            .agg(min(col(DOC_ID)).as("id"), min_by(col(BODY), col(DOC_ID)).as(BODY))
            .select(col("id"), col(BODY));
    int n = cfg.shingleSize();
    Dataset<Row> words =
        new RegexTokenizer()
            .setInputCol(BODY)
            .setOutputCol(WORDS)
            .setPattern(ContentHasher.NON_WORD_REGEX)
            .setGaps(true)
            .setToLowercase(true)
            .setMinTokenLength(1)
            .transform(reps)
            .where(size(col(WORDS)).geq(n + MIN_SHINGLES - 1));
    // Shingles are kept as 32-bit Murmur3 hashes (Spark's hash(), seed 42): far smaller than strings to cache and
    // to count; HashingTF later folds them into 2^20 features.
    Dataset<Row> shingles =
        new NGram().setN(n).setInputCol(WORDS).setOutputCol(SHINGLES).transform(words)
            .select(col("id"), array_distinct(transform(col(SHINGLES), s -> hash(s))).as(SHINGLES))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> hashed = null;
    MinHashLSHModel model;
    try {
      long nReps = shingles.count();
      LOG.info("StoryClusterer: shingled {} representatives at {} s", nReps, secondsSince(t0));
      long maxDf = Math.max(MIN_HOT_SHINGLE_DF, (long) Math.ceil(HOT_SHINGLE_DOC_FRACTION * nReps));
      List<Row> hotRows =
          shingles
              .select(explode(col(SHINGLES)).as("s"))
              .groupBy("s")
              .count()
              .where(col("count").gt(maxDf))
              .orderBy(col("count").desc(), col("s"))
              .limit(MAX_HOT_SHINGLES)
              .collectAsList();
      LOG.info("StoryClusterer: hot shingles counted at {} s", secondsSince(t0));
      int[] hot = hotRows.stream().mapToInt(r -> r.getInt(0)).toArray();
      Column kept = hot.length == 0 ? col(SHINGLES) : array_except(col(SHINGLES), lit(hot));
      Dataset<Row> filtered =
          shingles.select(col("id"), kept.as(SHINGLES)).where(size(col(SHINGLES)).geq(MIN_SHINGLES));
      Dataset<Row> vectors =
          new HashingTF()
              .setBinary(true)
              .setNumFeatures(NUM_FEATURES)
              .setInputCol(SHINGLES)
              .setOutputCol(FEATURES)
              .transform(filtered)
              .select(col("id"), col(FEATURES))
              .persist(StorageLevel.MEMORY_AND_DISK());
      long nVectors;
      try {
        nVectors = vectors.count();
        LOG.info("StoryClusterer: {} vectors at {} s", nVectors, secondsSince(t0));
        shingles.unpersist();
        if (nVectors < 2) {
          LOG.info("StoryClusterer: {} comparable representatives, no near-duplicate search", nVectors);
          return emptyLabels(docs);
        }
        MinHashLSH lsh =
            new MinHashLSH()
                .setNumHashTables(cfg.numHashTables())
                .setSeed(LSH_SEED)
                .setInputCol(FEATURES)
                .setOutputCol(HASHES);
        // fit() only reads the vector size and draws the hash coefficients from the seed.
        model = lsh.fit(vectors);
        hashed = model.transform(vectors).persist(StorageLevel.MEMORY_AND_DISK());
        hashed.count();
        LOG.info("StoryClusterer: min-hashed at {} s", secondsSince(t0));
      } finally {
        vectors.unpersist();
      }
      // Spark keeps pairs with distance strictly below the threshold; the epsilon makes it "at most 1 - minJaccard".
      double threshold = 1.0 - cfg.minJaccard() + 1e-9;
      Dataset<Row> edges =
          model
              .approxSimilarityJoin(hashed, hashed, threshold, DIST)
              .select(col("datasetA.id").as("src"), col("datasetB.id").as("dst"))
              .where(col("src").lt(col("dst")))
              .localCheckpoint();
      hashed.unpersist();
      hashed = null;
      long nEdges = edges.count();
      LOG.info("StoryClusterer: similarity join done at {} s", secondsSince(t0));
      Dataset<Row> labels = connectedComponents(edges);
      LOG.info(
          "StoryClusterer: {} representatives, {} comparable, {} hot shingles (df > {}), {} near-duplicate pairs, "
              + "{} s",
          nReps, nVectors, hot.length, maxDf, nEdges, secondsSince(t0));
      return labels;
    } finally {
      shingles.unpersist();
      if (hashed != null) {
        hashed.unpersist();
      }
    }
  }

  /**
   * Connected components of an undirected graph given as {@code (src, dst)} string edges: returns {@code (id, label)}
   * for every vertex that has an edge, label = smallest vertex id of its component. Iterative min-label propagation;
   * each pass is materialised with a local checkpoint so plans and lineage stay short.
   */
  public static Dataset<Row> connectedComponents(Dataset<Row> edges) {
    Dataset<Row> e = edges.select(col("src"), col("dst"));
    Dataset<Row> both =
        e.union(e.select(col("dst").as("src"), col("src").as("dst"))).localCheckpoint();
    // Start from own id; the first pass already takes the min over neighbours.
    Dataset<Row> labels =
        both.groupBy(col("src").as("id")).agg(min(col("dst")).as("nbr"))
            .select(col("id"), when(col("nbr").lt(col("id")), col("nbr")).otherwise(col("id")).as("label"))
            .localCheckpoint();
    int iteration = 1;
    while (true) {
      Dataset<Row> l = labels.as("l");
      Dataset<Row> b = both.as("b");
      Dataset<Row> next =
          b.join(l, col("b.src").equalTo(col("l.id")))
              .select(col("b.dst").as("id"), col("l.label").as("label"))
              .union(labels.select(col("id"), col("label")))
              .groupBy(col("id"))
              .agg(min(col("label")).as("label"))
              .localCheckpoint();
      Dataset<Row> o = labels.as("o");
      Dataset<Row> nn = next.as("n");
      long changed =
          nn.join(o, col("n.id").equalTo(col("o.id"))).where(col("n.label").notEqual(col("o.label"))).count();
      labels = next;
      iteration++;
      LOG.info("StoryClusterer: label propagation pass {}: {} labels changed", iteration, changed);
      if (changed == 0) {
        break;
      }
      if (iteration >= MAX_ITERATIONS) {
        LOG.warn(
            "StoryClusterer: label propagation stopped after {} passes with {} labels still changing; "
                + "some long chains may be split into several stories",
            iteration, changed);
        break;
      }
    }
    return labels;
  }

  private static String secondsSince(long t0) {
    return String.format("%.1f", (System.nanoTime() - t0) / 1e9);
  }

  private static Dataset<Row> emptyLabels(Dataset<Row> like) {
    return like.sparkSession().emptyDataFrame()
        .select(lit(null).cast(DataTypes.StringType).as("id"), lit(null).cast(DataTypes.StringType).as("label"))
        .where(lit(false));
  }
}
