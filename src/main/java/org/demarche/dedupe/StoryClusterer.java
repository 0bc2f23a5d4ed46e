package org.demarche.dedupe;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.demarche.config.JobConfig;
import org.demarche.ml.Schemas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Groups articles into stories: exact copies (same {@code content_hash}) and near-duplicates (wire copies with light
 * edits, found with banded MinHash LSH on word shingles and verified by exact Jaccard). Not an ML stage: the grain
 * stays one row per article, but the answer for one article depends on the others (cross-document joins), so it is a
 * plain Dataset function.
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
 *   <li>In one UDF pass per representative, the body is split into lowercase letter/digit words (same rule as
 *       {@link ContentHasher}), each word {@code shingleSize}-gram becomes a 32-bit hash, and the distinct hashes are
 *       kept as a sorted {@code int[]} (the <em>shingle set</em>). Representatives with fewer than
 *       {@value #MIN_SHINGLES} distinct shingles are skipped: a Jaccard similarity on one or two shingles is noise.
 *       They can still be exact duplicates. The same pass computes a MinHash signature of {@code bands × rows} values
 *       with fixed-seed ({@value #LSH_SEED}) multiply-add-shift universal hashing
 *       {@code h_i(x) = (a_i·x + b_i mod 2^64) >>> 32} ({@code a_i} odd), and folds each band of {@code rows}
 *       min-hashes into one 64-bit bucket key. The representatives are persisted once.</li>
 *   <li>Banded LSH: two sets of Jaccard similarity J share a band's bucket with probability {@code J^rows}, so they
 *       become a <em>candidate pair</em> with probability <b>{@code P(J) = 1 - (1 - J^rows)^bands}</b>, an S-curve
 *       around {@code (1/bands)^(1/rows)}. The banding is derived from {@code minJaccard} and
 *       {@code numHashTables} L by {@link Banding#forThreshold}: a pair at exactly {@code minJaccard} may be missed
 *       with probability at most {@code (1 - minJaccard)^L} (the miss rate of L single-min-hash tables of Spark's
 *       {@code MinHashLSH}, which this replaces; floored at {@value #MIN_MISS}), with the largest {@code rows}
 *       (steepest curve, fewest weak candidates) whose {@code bands × rows} fits in {@value #MAX_SIGNATURE} hashes.
 *       Defaults (0.7, L = 6): 40 bands × 5 rows, P(0.7) = 0.9994, P(0.75) = 0.99998, P(0.5) = 0.72,
 *       P(0.3) = 0.09, P(0.1) = 0.0004. More tables find more pairs (a lower curve) and cost more candidates.</li>
 *   <li>The {@code (band, bucket key)} rows are grouped; every bucket with 2 to {@value #MAX_BUCKET} members emits all
 *       its pairs. A larger bucket (boilerplate shared by many texts, or a story reprinted by very many outlets) emits
 *       only a star, each member paired with the bucket's smallest id, so its cost stays linear; the number of such
 *       buckets is logged. This replaces the old hot-shingle pass. Pairs are de-duplicated across bands.</li>
 *   <li>Each candidate pair is joined to the two shingle sets and kept when the <em>exact</em> Jaccard similarity of
 *       the sorted hash sets is at least {@code minJaccard} (32-bit hashes: a collision between two different
 *       shingles of one pair is very unlikely and changes J by one shingle at most).</li>
 *   <li>Stories are the connected components of these edges, so chains A~B~C group even when A and C are below the
 *       threshold. The edge list is tiny next to the corpus (pairs, not documents): when it has at most
 *       {@value #MAX_DRIVER_EDGES} edges (counted by an accumulator while the edges are materialised) it is collected
 *       and the components are found by a union-find on the driver; the labels go back as a small local table. Above
 *       that limit the components are computed in Spark ({@link #connectedComponents(Dataset, int)}). No
 *       per-document data is collected to the driver in either case.</li>
 * </ol>
 * When {@code dedupe.near_duplicates} is false a story is exactly a content-hash group.
 *
 * <p>Spark jobs: the near-duplicate search is one action (the local checkpoint of the verified edges; with adaptive
 * query execution each of its shuffles is a small job of its own) plus one to collect the edges when there are any.
 * Counts for the log come from accumulators, not from extra counts. {@code docs} is read twice (once for the
 * representatives, once for the output); persist it beforehand if it is expensive to compute.
 */
public final class StoryClusterer {
  private static final Logger LOG = LoggerFactory.getLogger(StoryClusterer.class);

  public static final String DOC_ID = "doc_id";
  public static final String BODY = "body";
  public static final String CONTENT_HASH = "content_hash";
  public static final String EXACT_DUPLICATE_OF = "exact_duplicate_of";
  public static final String STORY_ID = "story_id";
  public static final String STORY_SIZE = "story_size";

  /** Seed of the MinHash coefficients; fixed so that the candidate pairs, hence the stories, are reproducible. */
  public static final long LSH_SEED = 20240601L;
  /** Representatives need at least this many distinct shingles to be compared. */
  public static final int MIN_SHINGLES = 3;
  /** Upper bound on {@code bands × rows}, the MinHash signature length per representative. */
  public static final int MAX_SIGNATURE = 256;
  /** Floor of the allowed miss probability at {@code minJaccard} when sizing the bands. */
  public static final double MIN_MISS = 1e-6;
  /** LSH buckets with more members than this emit a star instead of all pairs. */
  public static final int MAX_BUCKET = 100;
  /** Edge lists up to this size are resolved into components on the driver; larger ones in Spark. */
  public static final int MAX_DRIVER_EDGES = 50_000;
  /** Label-propagation guard of the Spark connected components. */
  public static final int MAX_ITERATIONS = 50;

  private static final String CANON = "_sc_canon";
  private static final String ROOT = "_sc_root";
  private static final String SIG = "_sc_sig";
  private static final String SHINGLES = "shingles";
  private static final String BANDS = "bands";
  private static final Pattern WORD_SEPARATOR = Pattern.compile(ContentHasher.NON_WORD_REGEX);
  private static final StructType SIG_TYPE =
      new StructType()
          .add(SHINGLES, DataTypes.createArrayType(DataTypes.IntegerType, false), false)
          .add(BANDS, DataTypes.createArrayType(DataTypes.LongType, false), false);
  private static final StructType EDGE_SCHEMA =
      new StructType().add("src", DataTypes.StringType, false).add("dst", DataTypes.StringType, false);
  private static final StructType LABEL_SCHEMA =
      new StructType().add("id", DataTypes.StringType, false).add("label", DataTypes.StringType, false);

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
    Dataset<Row> labels = cfg.nearDuplicates() ? nearDuplicateLabels(docs, cfg) : null;
    if (labels != null) {
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
   * Cross-batch stories. {@code batch}: the output of {@link #assign} for a new batch; {@code earlier}: articles
   * already in the output ({@code doc_id}, {@code story_id}, {@code content_hash}, {@code text}), usually those within
   * a few days of the batch; {@code storySizes}: ({@code story_id}, {@code n}) of the earlier articles, for the
   * stories the batch may join. A batch story with a member that is an exact copy (same content hash) or a near
   * copy (banded MinHash candidates verified by Jaccard ≥ {@code minJaccard}, as in {@link #assign}) of an earlier
   * article takes that article's {@code story_id} (the smallest, when it matches several earlier stories); earlier
   * rows and their ids never change. {@code story_size} of a joined story counts the batch's members plus the earlier
   * articles of that story. Returns the batch's rows and columns with {@code story_id} and {@code story_size} updated.
   */
  public static Dataset<Row> linkToEarlier(Dataset<Row> batch, Dataset<Row> earlier, Dataset<Row> storySizes,
      JobConfig.DedupeConfig cfg) {
    Dataset<Row> exact = batch.where(col(CONTENT_HASH).isNotNull()).select(col(STORY_ID).as("bs"), col(CONTENT_HASH))
        .distinct()
        .join(earlier.where(col(CONTENT_HASH).isNotNull()).select(col(STORY_ID).as("es"), col(CONTENT_HASH))
            .distinct(), CONTENT_HASH)
        .select("bs", "es");
    Dataset<Row> links = exact;
    Dataset<Row> reps = null;
    if (cfg.nearDuplicates()) {
      Banding banding = Banding.forThreshold(cfg.minJaccard(), cfg.numHashTables());
      Signer signer = new Signer(cfg.shingleSize(), banding, LSH_SEED, null);
      // one representative per content hash on each side; ids carry their side ("b" batch, "e" earlier)
      reps = batch.where(col(CONTENT_HASH).isNotNull().and(col(BODY).isNotNull()))
          .groupBy(col(CONTENT_HASH)).agg(min(col(STORY_ID)).as("story"), min_by(col(BODY), col(DOC_ID)).as("t"))
          .select(concat(lit("b"), col(CONTENT_HASH)).as("id"), col("story"), col("t"))
          .unionByName(earlier.where(col(CONTENT_HASH).isNotNull().and(col("text").isNotNull()))
              .groupBy(col(CONTENT_HASH)).agg(min(col(STORY_ID)).as("story"), min_by(col("text"), col(DOC_ID)).as("t"))
              .select(concat(lit("e"), col(CONTENT_HASH)).as("id"), col("story"), col("t")))
          .select(col("id"), col("story"), udf(signer, SIG_TYPE).apply(col("t")).as(SIG))
          .where(col(SIG).isNotNull())
          .persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> pairs = reps.selectExpr("id", "posexplode(" + SIG + "." + BANDS + ") as (band, key)")
          .groupBy(col("band"), col("key"))
          .agg(collect_list(col("id")).as("ids"))
          .where(size(col("ids")).geq(2))
          .select(col("ids"))
          .flatMap(new BucketPairs(MAX_BUCKET, null), Encoders.tuple(Encoders.STRING(), Encoders.STRING()))
          .toDF("src", "dst")
          // ids sort "b…" before "e…": a cross pair is (batch, earlier)
          .where(col("src").startsWith("b").and(col("dst").startsWith("e")))
          .distinct();
      Dataset<Row> near = pairs
          .join(reps.select(col("id").as("src"), col("story").as("bs"), col(SIG + "." + SHINGLES).as("a")), "src")
          .join(reps.select(col("id").as("dst"), col("story").as("es"), col(SIG + "." + SHINGLES).as("b")), "dst")
          .filter(new JaccardAtLeast(cfg.minJaccard(), batch.sparkSession().sparkContext().longAccumulator(),
              batch.sparkSession().sparkContext().longAccumulator()))
          .select("bs", "es");
      links = links.unionByName(near);
    }
    List<Row> joined = links.groupBy("bs").agg(min("es").as("es")).collectAsList();
    if (reps != null) {
      reps.unpersist();
    }
    if (joined.isEmpty()) {
      return batch;
    }
    LOG.info("StoryClusterer: {} stories of the batch join earlier stories", joined.size());
    Dataset<Row> map = batch.sparkSession().createDataFrame(joined, new StructType()
        .add("bs", DataTypes.StringType, false).add("es", DataTypes.StringType, false));
    String[] cols = batch.columns();
    Dataset<Row> relabelled = batch.join(org.apache.spark.sql.functions.broadcast(map), batch.col(STORY_ID).equalTo(map.col("bs")), "left")
        .withColumn("_story", coalesce(col("es"), col(STORY_ID)))
        .drop("bs", "es");
    Dataset<Row> sizes = storySizes.join(org.apache.spark.sql.functions.broadcast(map.select(col("es").as(STORY_ID)).distinct()), STORY_ID)
        .select(col(STORY_ID).as("_story"), col("n").as("_earlier"));
    return relabelled
        .withColumn(STORY_ID, col("_story"))
        .join(org.apache.spark.sql.functions.broadcast(sizes), new String[] {"_story"}, "left")
        .withColumn(STORY_SIZE, count(lit(1)).over(Window.partitionBy(col(STORY_ID)))
            .plus(coalesce(col("_earlier"), lit(0L))).cast(DataTypes.IntegerType))
        .select(java.util.Arrays.stream(cols).map(c -> col("`" + c + "`")).toArray(Column[]::new));
  }

  /**
   * Component labels {@code (id, label)} of the representatives that have at least one near-duplicate; label is the
   * smallest id of the component. Materialised (a local table or a local checkpoint); representatives without a
   * pair are absent. Null when there is no near-duplicate pair at all.
   */
  static Dataset<Row> nearDuplicateLabels(Dataset<Row> docs, JobConfig.DedupeConfig cfg) {
    long t0 = System.nanoTime();
    var sc = docs.sparkSession().sparkContext();
    LongAccumulator nSigned = sc.longAccumulator("StoryClusterer.comparableRepresentatives");
    LongAccumulator nBigBuckets = sc.longAccumulator("StoryClusterer.bigBuckets");
    LongAccumulator nCandidates = sc.longAccumulator("StoryClusterer.candidatePairs");
    LongAccumulator nEdges = sc.longAccumulator("StoryClusterer.nearDuplicatePairs");
    Banding banding = Banding.forThreshold(cfg.minJaccard(), cfg.numHashTables());
    // One representative per content-hash group: its canonical (smallest) doc_id, with that doc's body. Bodies with
    // equal hashes have the same word sequence, hence the same shingles; the partial aggregation ships one body per
    // hash and partition.
    Dataset<Row> reps =
        docs.where(col(CONTENT_HASH).isNotNull().and(col(BODY).isNotNull()))
            .groupBy(col(CONTENT_HASH))
            .agg(min(col(DOC_ID)).as("id"), min_by(col(BODY), col(DOC_ID)).as(BODY));
    Signer signer = new Signer(cfg.shingleSize(), banding, LSH_SEED, nSigned);
    // Persisted before the null filter so that the UDF runs once per representative (a filter on its result would
    // otherwise be pushed below the projection and evaluate it twice). Hash-partitioned by id (fixed partition count,
    // so adaptive execution keeps it) so that the two joins of candidate pairs to the shingle sets shuffle only the
    // few candidate rows, not every set.
    int partitions = docs.sparkSession().sessionState().conf().numShufflePartitions();
    Dataset<Row> signed =
        reps.select(col("id"), udf(signer, SIG_TYPE).apply(col(BODY)).as(SIG))
            .repartition(partitions, col("id"))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> sigs = signed.where(col(SIG).isNotNull());
      Dataset<Row> pairs =
          sigs.selectExpr("id", "posexplode(" + SIG + "." + BANDS + ") as (band, key)")
              .groupBy(col("band"), col("key"))
              .agg(collect_list(col("id")).as("ids"))
              .where(size(col("ids")).geq(2))
              .select(col("ids"))
              .flatMap(new BucketPairs(MAX_BUCKET, nBigBuckets), Encoders.tuple(Encoders.STRING(), Encoders.STRING()))
              .toDF("src", "dst")
              .distinct();
      Dataset<Row> setsA = sigs.select(col("id").as("src"), col(SIG + "." + SHINGLES).as("a"));
      Dataset<Row> setsB = sigs.select(col("id").as("dst"), col(SIG + "." + SHINGLES).as("b"));
      Dataset<Row> edges =
          pairs.join(setsA, "src").join(setsB, "dst")
              .filter(new JaccardAtLeast(cfg.minJaccard(), nCandidates, nEdges))
              .select(col("src"), col("dst"))
              .localCheckpoint();
      long edgeCount = nEdges.value();
      String found =
          String.format(
              "%d comparable representatives, LSH %d bands x %d rows (P(%.2f) = %.4f), %d candidate pairs "
                  + "(%d buckets over %d members starred), %d near-duplicate pairs at %s s",
              nSigned.value(), banding.bands(), banding.rows(), cfg.minJaccard(),
              banding.candidateProbability(cfg.minJaccard()), nCandidates.value(), nBigBuckets.value(), MAX_BUCKET,
              edgeCount, secondsSince(t0));
      LOG.info("StoryClusterer: {}", found);
      if (edgeCount == 0) {
        return null;
      }
      Dataset<Row> labels =
          edgeCount <= MAX_DRIVER_EDGES
              ? driverComponents(edges.sparkSession(), edges.collectAsList())
              : sparkComponents(edges);
      LOG.info("StoryClusterer: connected components ({}) at {} s",
          edgeCount <= MAX_DRIVER_EDGES ? "driver union-find" : "Spark label propagation", secondsSince(t0));
      return labels;
    } finally {
      signed.unpersist();
    }
  }

  /**
   * Connected components of an undirected graph given as {@code (src, dst)} string edges: returns {@code (id, label)}
   * for every vertex that has an edge, label = smallest vertex id of its component. Same as
   * {@link #connectedComponents(Dataset, int)} with {@value #MAX_DRIVER_EDGES}.
   */
  public static Dataset<Row> connectedComponents(Dataset<Row> edges) {
    return connectedComponents(edges, MAX_DRIVER_EDGES);
  }

  /**
   * Connected components as in {@link #connectedComponents(Dataset)}. When the edge list has at most
   * {@code maxDriverEdges} rows (the check reads at most {@code maxDriverEdges + 1} of them), the edges are collected
   * and resolved by a union-find on the driver and the labels returned as a local table; otherwise the components are
   * computed in Spark by min-label propagation with pointer jumping (each pass is one local checkpoint; the number of
   * changed labels comes from an accumulator, so no extra count job), stopping when no label changes or after
   * {@value #MAX_ITERATIONS} passes with a warning.
   */
  public static Dataset<Row> connectedComponents(Dataset<Row> edges, int maxDriverEdges) {
    Dataset<Row> e = edges.select(col("src"), col("dst"));
    if (maxDriverEdges > 0) {
      List<Row> head = e.limit(maxDriverEdges + 1).collectAsList();
      if (head.size() <= maxDriverEdges) {
        return driverComponents(edges.sparkSession(), head);
      }
    }
    return sparkComponents(e);
  }

  /** Union-find over a small edge list; the root of each component is its smallest id. */
  static Dataset<Row> driverComponents(org.apache.spark.sql.SparkSession spark, List<Row> edges) {
    Map<String, String> parent = new HashMap<>();
    for (Row r : edges) {
      String a = find(parent, r.getString(0));
      String b = find(parent, r.getString(1));
      if (!a.equals(b)) {
        // link the larger root under the smaller one, so a root is always the minimum of its component
        if (a.compareTo(b) < 0) {
          parent.put(b, a);
        } else {
          parent.put(a, b);
        }
      }
    }
    List<String> ids = new ArrayList<>(parent.keySet());
    Collections.sort(ids);
    List<Row> rows = new ArrayList<>(ids.size());
    for (String id : ids) {
      rows.add(RowFactory.create(id, find(parent, id)));
    }
    return spark.createDataFrame(rows, LABEL_SCHEMA);
  }

  private static String find(Map<String, String> parent, String x) {
    String root = x;
    String p;
    while ((p = parent.putIfAbsent(root, root)) != null && !p.equals(root)) {
      root = p;
    }
    // path compression
    String cur = x;
    while (!cur.equals(root)) {
      String next = parent.get(cur);
      parent.put(cur, root);
      cur = next;
    }
    return root;
  }

  /** Connected components in Spark: min-label propagation plus pointer jumping, one local checkpoint per pass. */
  static Dataset<Row> sparkComponents(Dataset<Row> edges) {
    var sc = edges.sparkSession().sparkContext();
    Dataset<Row> e = edges.select(col("src"), col("dst"));
    Dataset<Row> both = e.union(e.select(col("dst").as("src"), col("src").as("dst"))).localCheckpoint();
    // Start from own id; the first pass already takes the min over neighbours.
    Dataset<Row> labels =
        both.groupBy(col("src").as("id")).agg(min(col("dst")).as("nbr"))
            .select(col("id"), least(col("id"), col("nbr")).as("label"))
            .localCheckpoint();
    int iteration = 1;
    while (true) {
      LongAccumulator changed = sc.longAccumulator("StoryClusterer.labelsChanged");
      Dataset<Row> fromNeighbours =
          both.join(labels.select(col("id").as("src"), col("label")), "src")
              .select(col("dst").as("id"), col("label"), lit(null).cast(DataTypes.StringType).as("old"));
      // new label = min(own, neighbours'); the old label rides along to detect changes without another join
      Dataset<Row> propagated =
          fromNeighbours.union(labels.select(col("id"), col("label"), col("label").as("old")))
              .groupBy(col("id"))
              .agg(min(col("label")).as("label"), max(col("old")).as("old"));
      // pointer jumping: label = min(label, label of label); every label is itself a vertex of the component
      Dataset<Row> ofLabel = propagated.select(col("id").as("lid"), col("label").as("llabel"));
      Dataset<Row> next =
          propagated.join(ofLabel, col("label").equalTo(col("lid")))
              .select(col("id"), least(col("label"), col("llabel")).as("label"), col("old"))
              .filter(new CountChanged(changed))
              .select(col("id"), col("label"))
              .localCheckpoint();
      labels = next;
      iteration++;
      long nChanged = changed.value();
      LOG.info("StoryClusterer: label propagation pass {}: {} labels changed", iteration, nChanged);
      if (nChanged == 0) {
        break;
      }
      if (iteration >= MAX_ITERATIONS) {
        LOG.warn(
            "StoryClusterer: label propagation stopped after {} passes with {} labels still changing; "
                + "some long chains may be split into several stories",
            iteration, nChanged);
        break;
      }
    }
    return labels;
  }

  private static String secondsSince(long t0) {
    return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9);
  }

  /**
   * Banded LSH parameters: {@code bands} bands of {@code rows} min-hashes each. A pair of Jaccard similarity J is a
   * candidate with probability {@code P(J) = 1 - (1 - J^rows)^bands}.
   */
  record Banding(int bands, int rows) {
    Banding {
      if (bands < 1 || rows < 1) {
        throw new IllegalArgumentException("bands and rows must be positive: " + bands + " x " + rows);
      }
    }

    /** {@code P(J) = 1 - (1 - J^rows)^bands}. */
    double candidateProbability(double jaccard) {
      return 1 - Math.pow(1 - Math.pow(jaccard, rows), bands);
    }

    /** Signature length {@code bands × rows}. */
    int signatureLength() {
      return bands * rows;
    }

    /**
     * The banding for a Jaccard threshold: allowed miss probability at {@code minJaccard} is
     * {@code max(MIN_MISS, (1 - minJaccard)^numHashTables)}; among the row counts whose required number of bands
     * {@code ceil(ln(miss) / ln(1 - J^rows))} fits in {@value #MAX_SIGNATURE} hashes, the largest is taken (the
     * steepest S-curve). If none fits, one row per band and {@value #MAX_SIGNATURE} bands.
     */
    static Banding forThreshold(double minJaccard, int numHashTables) {
      if (!(minJaccard > 0 && minJaccard <= 1) || numHashTables < 1) {
        throw new IllegalArgumentException("minJaccard " + minJaccard + ", numHashTables " + numHashTables);
      }
      double logMiss = Math.log(Math.max(MIN_MISS, Math.pow(1 - minJaccard, numHashTables)));
      Banding best = null;
      for (int rows = 1; rows <= MAX_SIGNATURE; rows++) {
        double p = Math.pow(minJaccard, rows);
        double bands;
        if (p >= 1) {
          bands = 1;
        } else {
          double log1mp = Math.log1p(-p);
          if (log1mp == 0) {
            break;
          }
          // tolerance so that an exact integer ratio is not rounded up by floating-point noise
          bands = Math.max(1, Math.ceil(logMiss / log1mp - 1e-9));
        }
        if (bands * rows <= MAX_SIGNATURE) {
          best = new Banding((int) bands, rows);
        }
      }
      return best != null ? best : new Banding(MAX_SIGNATURE, 1);
    }
  }

  /** Final 64-bit mix of MurmurHash3. */
  static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  /**
   * The sorted distinct 32-bit hashes of the word {@code n}-grams of {@code body} (lowercase letter/digit words, as
   * {@link ContentHasher}); empty when the body has fewer than {@code n} words.
   */
  static int[] shingleSet(String body, int n) {
    String[] tokens = WORD_SEPARATOR.split(body.toLowerCase(Locale.ROOT));
    long[] words = new long[tokens.length];
    int m = 0;
    for (String t : tokens) {
      if (!t.isEmpty()) {
        // FNV-1a over the UTF-16 units, then mixed
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < t.length(); i++) {
          h = (h ^ t.charAt(i)) * 0x100000001b3L;
        }
        words[m++] = fmix64(h);
      }
    }
    int count = m - n + 1;
    if (count < 1) {
      return new int[0];
    }
    int[] s = new int[count];
    for (int i = 0; i < count; i++) {
      long h = n;
      for (int k = 0; k < n; k++) {
        h = (h + words[i + k]) * GOLDEN;
      }
      s[i] = (int) (fmix64(h) >>> 32);
    }
    Arrays.sort(s);
    int d = 0;
    for (int i = 0; i < s.length; i++) {
      if (d == 0 || s[i] != s[d - 1]) {
        s[d++] = s[i];
      }
    }
    return Arrays.copyOf(s, d);
  }

  /** Exact Jaccard similarity of two sorted distinct int arrays (1 when both are empty). */
  static double jaccard(int[] a, int[] b) {
    int i = 0;
    int j = 0;
    int inter = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        inter++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    int union = a.length + b.length - inter;
    return union == 0 ? 1.0 : (double) inter / union;
  }

  /**
   * Shingle set and banded MinHash signature of one body: a struct {@code (shingles: array<int>, bands:
   * array<long>)}, or null for a null body or fewer than {@value #MIN_SHINGLES} distinct shingles.
   */
  static final class Signer implements UDF1<String, Row> {
    private static final long serialVersionUID = 1L;
    private final int shingleSize;
    private final int bands;
    private final int rows;
    private final long[] a;
    private final long[] b;
    private final LongAccumulator signed;

    Signer(int shingleSize, Banding banding, long seed, LongAccumulator signed) {
      this.shingleSize = shingleSize;
      this.bands = banding.bands();
      this.rows = banding.rows();
      this.signed = signed;
      int k = banding.signatureLength();
      a = new long[k];
      b = new long[k];
      SplittableRandom rnd = new SplittableRandom(seed);
      for (int i = 0; i < k; i++) {
        a[i] = rnd.nextLong() | 1L;
        b[i] = rnd.nextLong();
      }
    }

    /** The {@code bands} bucket keys of a non-empty shingle set. */
    long[] bandKeys(int[] set) {
      int k = a.length;
      long[] mins = new long[k];
      Arrays.fill(mins, Long.MAX_VALUE);
      for (int x : set) {
        long v = x & 0xffffffffL;
        for (int i = 0; i < k; i++) {
          long h = (a[i] * v + b[i]) >>> 32;
          if (h < mins[i]) {
            mins[i] = h;
          }
        }
      }
      long[] keys = new long[bands];
      for (int band = 0; band < bands; band++) {
        long h = band;
        for (int r = 0; r < rows; r++) {
          h = (h + mins[band * rows + r]) * GOLDEN;
        }
        keys[band] = fmix64(h);
      }
      return keys;
    }

    @Override
    public Row call(String body) {
      if (body == null) {
        return null;
      }
      int[] set = shingleSet(body, shingleSize);
      if (set.length < MIN_SHINGLES) {
        return null;
      }
      if (signed != null) {
        signed.add(1);
      }
      return RowFactory.create(set, bandKeys(set));
    }
  }

  /**
   * Candidate pairs {@code (src < dst)} of one LSH bucket given as {@code ids}: all pairs, or for a bucket of more
   * than {@code maxBucket} members only the star around its smallest id (counted in {@code bigBuckets}).
   */
  static final class BucketPairs implements FlatMapFunction<Row, Tuple2<String, String>> {
    private static final long serialVersionUID = 1L;
    private final int maxBucket;
    private final LongAccumulator bigBuckets;

    BucketPairs(int maxBucket, LongAccumulator bigBuckets) {
      this.maxBucket = maxBucket;
      this.bigBuckets = bigBuckets;
    }

    @Override
    public Iterator<Tuple2<String, String>> call(Row row) {
      List<String> ids = row.getList(0);
      if (ids.size() > maxBucket && bigBuckets != null) {
        bigBuckets.add(1);
      }
      return pairs(ids.toArray(new String[0]), maxBucket).iterator();
    }

    /** The candidate pairs of one bucket (sorts {@code ids} in place). */
    static List<Tuple2<String, String>> pairs(String[] ids, int maxBucket) {
      Arrays.sort(ids);
      List<Tuple2<String, String>> out = new ArrayList<>();
      int firstOnly = ids.length > maxBucket ? 1 : ids.length;
      for (int i = 0; i < firstOnly; i++) {
        for (int j = i + 1; j < ids.length; j++) {
          if (!ids[i].equals(ids[j])) {
            out.add(new Tuple2<>(ids[i], ids[j]));
          }
        }
      }
      return out;
    }
  }

  /** Keeps the candidate rows whose shingle sets {@code a} and {@code b} have Jaccard ≥ the threshold. */
  static final class JaccardAtLeast implements FilterFunction<Row> {
    private static final long serialVersionUID = 1L;
    private final double minJaccard;
    private final LongAccumulator candidates;
    private final LongAccumulator kept;

    JaccardAtLeast(double minJaccard, LongAccumulator candidates, LongAccumulator kept) {
      this.minJaccard = minJaccard;
      this.candidates = candidates;
      this.kept = kept;
    }

    @Override
    public boolean call(Row r) {
      boolean keep = jaccard(ints(r.getList(r.fieldIndex("a"))), ints(r.getList(r.fieldIndex("b")))) >= minJaccard;
      candidates.add(1);
      if (keep) {
        kept.add(1);
      }
      return keep;
    }

    private static int[] ints(List<Integer> l) {
      int[] out = new int[l.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = l.get(i);
      }
      return out;
    }
  }

  /** Passes every row; counts those whose {@code label} differs from {@code old}. */
  static final class CountChanged implements FilterFunction<Row> {
    private static final long serialVersionUID = 1L;
    private final LongAccumulator changed;

    CountChanged(LongAccumulator changed) {
      this.changed = changed;
    }

    @Override
    public boolean call(Row r) {
      if (!r.getAs("label").equals(r.getAs("old"))) {
        changed.add(1);
      }
      return true;
    }
  }
}
