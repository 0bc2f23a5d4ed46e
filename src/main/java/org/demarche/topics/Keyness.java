package org.demarche.topics;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The most distinctive terms per group (outlet, period, later actor): a plain Dataset function that changes grain
 * from documents to (group, term). Everything is Spark aggregations and joins; only nothing per document reaches the
 * driver.
 *
 * <p>Input: {@code docs} with a group column (any type; cast to string, nulls skipped) and a terms column
 * ({@code array<string>}, e.g. {@code TextStages.TERMS}). Each occurrence of a term counts once.
 *
 * <h2>{@link #logOdds}: log-odds ratio with an informative Dirichlet prior</h2>
 *
 * Monroe, Colaresi &amp; Quinn (2008), "Fightin' Words", <i>Political Analysis</i> 16(4), eq. 16 and 20, comparing
 * each group i with the rest of the corpus j (all other groups). With y<sub>wi</sub> the count of term w in group i,
 * n<sub>i</sub> the group's total, y<sub>w</sub> and n the corpus totals, y<sub>wj</sub> = y<sub>w</sub> −
 * y<sub>wi</sub>, n<sub>j</sub> = n − n<sub>i</sub>, and the prior α<sub>w</sub> = α<sub>0</sub> · y<sub>w</sub> / n
 * (the corpus's term distribution scaled to α<sub>0</sub> pseudo-counts):
 *
 * <pre>
 * log_odds = ln((y_wi + α_w) / (n_i + α0 − y_wi − α_w)) − ln((y_wj + α_w) / (n_j + α0 − y_wj − α_w))
 * var      = 1 / (y_wi + α_w) + 1 / (y_wj + α_w)
 * z        = log_odds / sqrt(var)
 * </pre>
 *
 * Output, long format, the {@code topN} terms of each group by z (descending; ties by term), with
 * {@code count >= minCount}: {@code group_type} string, {@code group} string, {@code term} string, {@code count} long
 * (y<sub>wi</sub>), {@code log_odds} double, {@code z} double, {@code rank} int (1 = most distinctive). Terms absent
 * from a group are not ranked for it (their z would be negative).
 *
 * <h2>{@link #tfidfTop}: plain TF-IDF per group</h2>
 *
 * {@code tfidf} = y<sub>wi</sub> · ln((D + 1) / (df<sub>w</sub> + 1)), with D documents and df<sub>w</sub> documents
 * containing w: Spark's IDF formula, and exactly the sum over the group's documents of Spark's
 * {@code CountVectorizer} + {@code IDF} vectors. Output: {@code group_type}, {@code group}, {@code term}, {@code count},
 * {@code tfidf} double, {@code rank} int.
 */
public final class Keyness {
  public static final String GROUP_TYPE = "group_type";
  public static final String GROUP = "group";
  public static final String TERM = "term";
  public static final String COUNT = "count";
  public static final String LOG_ODDS = "log_odds";
  public static final String Z = "z";
  public static final String RANK = "rank";
  public static final String TFIDF = "tfidf";

  private Keyness() {}

  /** α0 (prior pseudo-count total, > 0), topN per group (≥ 1), minCount (≥ 1) of the term in the group. */
  public record Options(double alpha0, int topN, long minCount) {
    public Options {
      if (!(alpha0 > 0) || topN < 1 || minCount < 1) {
        throw new IllegalArgumentException("Keyness.Options: alpha0 > 0, topN >= 1 and minCount >= 1 required");
      }
    }

    /** α0 1000, top 50 terms per group, minCount 5. */
    public static Options defaults() {
      return new Options(1000.0, 50, 5);
    }
  }

  /** (group, term, count) over all groups; groups cast to string, null groups and null terms skipped. */
  static Dataset<Row> groupTermCounts(Dataset<?> docs, String groupCol, String termsCol) {
    checkTerms(docs, termsCol);
    return docs.select(col(groupCol).cast(DataTypes.StringType).as(GROUP), explode(col(termsCol)).as(TERM))
        .where(col(GROUP).isNotNull().and(col(TERM).isNotNull()))
        .groupBy(GROUP, TERM).agg(count(lit(1)).as(COUNT));
  }

  /** Log-odds with an informative Dirichlet prior, each group against the rest; see the class comment. */
  public static Dataset<Row> logOdds(Dataset<?> docs, String groupType, String groupCol, String termsCol, Options o) {
    return logOddsFromCounts(groupTermCounts(docs, groupCol, termsCol), groupType, o);
  }

  /**
   * {@link #logOdds} from precomputed counts {@code c}: {@code group} string, {@code term} string, {@code count} long
   * (the caller should persist {@code c}: it is read four times).
   */
  public static Dataset<Row> logOddsFromCounts(Dataset<Row> c, String groupType, Options o) {
    Dataset<Row> termTotals = c.groupBy(TERM).agg(sum(COUNT).as("y_w"));
    Dataset<Row> groupTotals = c.groupBy(GROUP).agg(sum(COUNT).as("n_i"));
    Dataset<Row> total = c.agg(sum(COUNT).as("n"));
    Column[] logOdds = logOddsAndVariance(o.alpha0());
    Column delta = logOdds[0];
    Column var = logOdds[1];
    Dataset<Row> scored = c.where(col(COUNT).geq(o.minCount())).join(termTotals, TERM).join(groupTotals, GROUP)
        .crossJoin(total)
        .withColumn(LOG_ODDS, delta)
        .withColumn(Z, col(LOG_ODDS).divide(sqrt(var)));
    WindowSpec w = Window.partitionBy(GROUP).orderBy(col(Z).desc(), col(TERM));
    return scored.withColumn(RANK, row_number().over(w))
        .where(col(RANK).leq(o.topN()))
        .select(lit(groupType).as(GROUP_TYPE), col(GROUP), col(TERM), col(COUNT), col(LOG_ODDS), col(Z), col(RANK));
  }

  /** Top terms per group by summed TF-IDF (Spark's IDF formula); see the class comment. */
  public static Dataset<Row> tfidfTop(Dataset<?> docs, String groupType, String groupCol, String termsCol, int topN) {
    if (topN < 1) {
      throw new IllegalArgumentException("Keyness.tfidfTop: topN must be >= 1");
    }
    Dataset<Row> c = groupTermCounts(docs, groupCol, termsCol);
    Dataset<Row> withTerms = docs.select(col(termsCol)).where(col(termsCol).isNotNull());
    Dataset<Row> df = withTerms.select(explode(array_distinct(col(termsCol))).as(TERM)).where(col(TERM).isNotNull())
        .groupBy(TERM).agg(count(lit(1)).as("df"));
    return tfidfTopFromCounts(c, df, withTerms.count(), groupType, topN);
  }

  /**
   * {@link #tfidfTop} from precomputed group counts {@code c} ({@code group}, {@code term}, {@code count}), corpus
   * document frequencies {@code docFreq} ({@code term}, {@code df} long) and the corpus size {@code nDocs}. Use this
   * when documents belong to several groups (e.g. every actor they mention): df and D must count each document once.
   */
  public static Dataset<Row> tfidfTopFromCounts(Dataset<Row> c, Dataset<Row> docFreq, long nDocs, String groupType,
      int topN) {
    if (topN < 1) {
      throw new IllegalArgumentException("Keyness.tfidfTop: topN must be >= 1");
    }
    Column idf = log(lit(nDocs + 1.0).divide(col("df").plus(1.0)));
    Dataset<Row> scored = c.join(docFreq, TERM).withColumn(TFIDF, col(COUNT).multiply(idf));
    WindowSpec w = Window.partitionBy(GROUP).orderBy(col(TFIDF).desc(), col(TERM));
    return scored.withColumn(RANK, row_number().over(w))
        .where(col(RANK).leq(topN))
        .select(lit(groupType).as(GROUP_TYPE), col(GROUP), col(TERM), col(COUNT), col(TFIDF), col(RANK));
  }

  /**
   * Both methods for several group types in one pass: {@code counts} has {@code group_type}, {@code group},
   * {@code term}, {@code count}; term, group and corpus totals are taken within each group type (an article may be in
   * several groups of one type, e.g. every actor it mentions). {@code docFreq} ({@code term}, {@code df}) and
   * {@code nDocs} are corpus-wide. Output: {@code group_type}, {@code group}, {@code method} ({@code log_odds_prior}
   * or {@code tfidf}), {@code rank}, {@code term}, {@code count}, {@code score} (log-odds or summed TF-IDF), {@code z}
   * (null for tfidf). The two rankings share one shuffle by group.
   */
  public static Dataset<Row> scoreAll(Dataset<Row> counts, Dataset<Row> docFreq, long nDocs, Options o) {
    // corpus totals per group type: one row per type, taken to the driver
    Column n = null;
    for (Row t : counts.groupBy(GROUP_TYPE).agg(sum(COUNT)).collectAsList()) {
      Column v = lit(t.isNullAt(1) ? 0L : t.getLong(1));
      n = n == null ? when(col(GROUP_TYPE).equalTo(t.getString(0)), v)
          : n.when(col(GROUP_TYPE).equalTo(t.getString(0)), v);
    }
    if (n == null) {
      n = lit(0L);
    }
    Column[] logOdds = logOddsAndVariance(o.alpha0());
    Column delta = logOdds[0];
    Column var = logOdds[1];
    Column idf = log(lit(nDocs + 1.0).divide(col("df").plus(1.0)));
    // term totals within each type over a partitioning by term, which the join to docFreq reuses; then group totals
    // and both rankings over one partitioning by (type, group): two shuffles in all
    Dataset<Row> scored = counts.repartition(col(TERM))
        .withColumn("y_w", sum(COUNT).over(Window.partitionBy(GROUP_TYPE, TERM)))
        .join(docFreq, TERM)
        .repartition(col(GROUP_TYPE), col(GROUP))
        .withColumn("n_i", sum(COUNT).over(Window.partitionBy(GROUP_TYPE, GROUP)))
        .withColumn("n", n)
        .withColumn(LOG_ODDS, delta)
        .withColumn(Z, col(LOG_ODDS).divide(sqrt(var)))
        .withColumn(TFIDF, col(COUNT).multiply(idf))
        .withColumn("_z_rank", when(col(COUNT).geq(o.minCount()), col(Z)));
    WindowSpec byZ = Window.partitionBy(GROUP_TYPE, GROUP).orderBy(col("_z_rank").desc_nulls_last(), col(TERM));
    WindowSpec byTfidf = Window.partitionBy(GROUP_TYPE, GROUP).orderBy(col(TFIDF).desc(), col(TERM));
    Column isLo = col("_rz").leq(o.topN()).and(col("_z_rank").isNotNull());
    Column isTf = col("_rt").leq(o.topN());
    // each ranked row gives its log-odds row, its TF-IDF row, or both
    Column rows = functions.filter(functions.array(
        when(isLo, functions.struct(lit("log_odds_prior").as("method"), col("_rz").as(RANK),
            col(LOG_ODDS).as("score"), col(Z).as(Z))),
        when(isTf, functions.struct(lit("tfidf").as("method"), col("_rt").as(RANK), col(TFIDF).as("score"),
            lit(null).cast(DataTypes.DoubleType).as(Z)))), x -> x.isNotNull());
    return scored.withColumn("_rz", row_number().over(byZ))
        .withColumn("_rt", row_number().over(byTfidf))
        .where(isLo.or(isTf))
        .select(col(GROUP_TYPE), col(GROUP), col(TERM), col(COUNT), explode(rows).as("_m"))
        .select(col(GROUP_TYPE), col(GROUP), col("_m.method").as("method"), col("_m." + RANK).as(RANK), col(TERM),
            col(COUNT), col("_m.score").as("score"), col("_m." + Z).as(Z));
  }

  /**
   * The log-odds and its variance (class comment, eq. 16 and 20) over columns {@code count} (y_wi), {@code y_w},
   * {@code n_i} and {@code n}, shared by {@link #logOddsFromCounts} and {@link #scoreAll}.
   */
  private static Column[] logOddsAndVariance(double alpha0) {
    Column a0 = lit(alpha0);
    Column yi = col(COUNT).cast(DataTypes.DoubleType);
    Column aw = a0.multiply(col("y_w")).divide(col("n"));
    Column yj = col("y_w").minus(col(COUNT));
    Column nj = col("n").minus(col("n_i"));
    Column delta = log(yi.plus(aw).divide(col("n_i").plus(a0).minus(yi).minus(aw)))
        .minus(log(yj.plus(aw).divide(nj.plus(a0).minus(yj).minus(aw))));
    Column var = lit(1.0).divide(yi.plus(aw)).plus(lit(1.0).divide(yj.plus(aw)));
    return new Column[] {delta, var};
  }

  private static void checkTerms(Dataset<?> docs, String termsCol) {
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
