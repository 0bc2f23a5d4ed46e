package org.demarche.trends;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Framing: how outlets, or groups of outlets sharing an attribute, cover the same actors and issues.
 *
 * <p>{@code framing}: one row per outlet group ({@code group_key} {@code outlet}, or a key of
 * {@code articles.outlet_attributes} such as {@code lean}), grain ({@code thread}: one story thread; or a period),
 * period and target (an actor, or an issue): the mean tone toward the actor (or issue stance) with its 95% interval
 * clustered by story ({@link MeanCi}), the units, stories and articles behind it, the CAMEO events toward the actor by
 * QuadClass, and the evidence sentences with the strongest scores.
 *
 * <p>{@code framing_divergence}: for each pair of groups with a mean on the same grain, period (or thread) and
 * target, the difference of means {@code a − b}, its standard error {@code √(se_a² + se_b²)} (the groups hold
 * different articles), and the 95% interval {@code diff ± t(0.975, min(G_a, G_b) − 1) · se}, with each side's
 * evidence. Pairs of single outlets are compared within threads only (per period, hundreds of outlets would give
 * tens of thousands of pairs; compare attribute groups there).
 */
public final class Framing {
  private Framing() {}

  /** The framing options ({@code framing.*}). */
  public record Options(List<String> groups, List<String> grains, int minUnits, int evidence, String voice)
      implements java.io.Serializable {
    /** Every voice ({@code framing.voice = all}). */
    public Options(List<String> groups, List<String> grains, int minUnits, int evidence) {
      this(groups, grains, minUnits, evidence, "all");
    }
  }

  /** One evidence sentence of a framing row. */
  public static final StructType EVIDENCE = new StructType()
      .add("doc_id", DataTypes.StringType)
      .add("outlet", DataTypes.StringType)
      .add("score", DataTypes.DoubleType)
      .add("sentence", DataTypes.StringType);
  public static final org.apache.spark.sql.types.ArrayType EVIDENCE_LIST = DataTypes.createArrayType(EVIDENCE);

  static final StructType MEAN = new StructType()
      .add("mean", DataTypes.DoubleType)
      .add("ci_low", DataTypes.DoubleType)
      .add("ci_high", DataTypes.DoubleType)
      .add("n", DataTypes.LongType)
      .add("sd", DataTypes.DoubleType)
      .add("se", DataTypes.DoubleType)
      .add("clusters", DataTypes.LongType);

  private static final UserDefinedFunction CLUSTERED_MEAN = udf((UDF1<scala.collection.Seq<Row>, Row>) units -> {
    MeanCi.Units u = new MeanCi.Units();
    scala.collection.Iterator<Row> it = units.iterator();
    while (it.hasNext()) {
      Row r = it.next();
      u.add(r.getString(1), r.getDouble(0));
    }
    MeanCi m = MeanCi.of(u);
    return RowFactory.create(m.mean(), m.low(), m.high(), m.n(), m.sd(), m.se(), m.clusters());
  }, MEAN);

  /** The 0.975 quantile of Student's t at the given degrees of freedom (null below 1). */
  private static final UserDefinedFunction T975 = udf((UDF1<Long, Double>) df -> df == null || df < 1 ? null
      : MeanCi.t975(df), DataTypes.DoubleType);

  /**
   * The {@code framing} rows (before {@code run_id}). {@code articles}: {@code doc_id}, {@code story_id}, {@code
   * outlet}, {@code dt}, {@code thread_id}, {@code outlet_attributes}; {@code stance}: the stance table; {@code
   * events}: the events table.
   */
  public static Dataset<Row> framing(Dataset<Row> articles, Dataset<Row> stance, Dataset<Row> events, Options o) {
    // the units: tone toward actors, stance on issues, and events toward actors (counted, not averaged)
    Column voice = o.voice() == null || o.voice().equals("all") ? lit(true)
        : col("source_type").equalTo(o.voice());
    Dataset<Row> units = stance.where(col("kind").equalTo("tone").and(col("target_type").equalTo("actor"))
            .or(col("kind").equalTo("issue")).and(voice))
        .select(col("doc_id"), col("target_type"), col("target_id"), col("target_name"), col("score"),
            col("confidence"), col("evidence"), lit(null).cast("int").as("quad_class"))
        .unionByName(events.where(col("target_actor_id").isNotNull().and(col("negated").equalTo(false)))
            .select(col("doc_id"), lit("actor").as("target_type"), col("target_actor_id").as("target_id"),
                col("target_name"), lit(null).cast("double").as("score"), col("confidence"), col("evidence"),
                col("quad_class")));
    // each article's groups and grains
    List<Column> groups = new ArrayList<>();
    for (String g : o.groups()) {
      Column v = g.equals("outlet") ? col("outlet") : col("outlet_attributes").getItem(g);
      groups.add(struct(lit(g).as("group_key"), v.as("group_value")));
    }
    Dataset<Row> threadStart = articles.where(col("thread_id").isNotNull()).groupBy("thread_id")
        .agg(min("dt").as("thread_start"));
    List<Column> grains = new ArrayList<>();
    for (String g : o.grains()) {
      grains.add(g.equals("thread")
          ? struct(lit(g).as("grain"), col("thread_start").as("period_start"), col("thread_id").as("thread_id"))
          : struct(lit(g).as("grain"), to_date(date_trunc(g, col("dt"))).as("period_start"),
              lit(null).cast("string").as("thread_id")));
    }
    Dataset<Row> docs = articles.where(col("dt").isNotNull())
        .join(threadStart, new String[] {"thread_id"}, "left")
        .select(col("doc_id"), col("story_id"), col("outlet"),
            explode(array(groups.toArray(new Column[0]))).as("g"), array(grains.toArray(new Column[0])).as("grains"))
        .where(col("g.group_value").isNotNull())
        .select(col("doc_id"), col("story_id"), col("outlet"), col("g.*"), explode(col("grains")).as("p"))
        .where(col("p.period_start").isNotNull())
        .select(col("doc_id"), col("story_id"), col("outlet"), col("group_key"), col("group_value"), col("p.*"));
    Column averaged = col("score").isNotNull();
    Dataset<Row> rows = docs.join(units, "doc_id")
        .groupBy("group_key", "group_value", "grain", "period_start", "thread_id", "target_type", "target_id")
        .agg(max("target_name").as("target_name"),
            CLUSTERED_MEAN.apply(collect_list(when(averaged, struct(col("score"),
                coalesce(col("story_id"), col("doc_id")))))).as("m"),
            countDistinct(when(averaged, col("doc_id"))).as("articles"),
            sum(when(col("quad_class").equalTo(1), 1).otherwise(0)).cast("int").as("verbal_cooperation"),
            sum(when(col("quad_class").equalTo(2), 1).otherwise(0)).cast("int").as("material_cooperation"),
            sum(when(col("quad_class").equalTo(3), 1).otherwise(0)).cast("int").as("verbal_conflict"),
            sum(when(col("quad_class").equalTo(4), 1).otherwise(0)).cast("int").as("material_conflict"),
            slice(sort_array(collect_list(when(averaged, struct(
                abs(col("score")).multiply(coalesce(col("confidence"), lit(1.0))).multiply(-1).as("rank"),
                col("doc_id"), col("outlet"), col("score"), col("evidence").as("sentence"))))), 1, o.evidence())
                .as("_ev"));
    return rows
        .where(col("m.n").geq(o.minUnits()).or(col("verbal_cooperation").plus(col("material_cooperation"))
            .plus(col("verbal_conflict")).plus(col("material_conflict")).geq(o.minUnits())))
        .select(col("group_key"), col("group_value"), col("grain"), col("period_start"), col("thread_id"),
            col("target_type"), col("target_id"), col("target_name"), col("m.mean").as("mean"),
            col("m.ci_low").as("ci_low"), col("m.ci_high").as("ci_high"), col("m.n").as("n"), col("m.se").as("se"),
            col("m.clusters").as("clusters"), col("articles"), col("verbal_cooperation"),
            col("material_cooperation"), col("verbal_conflict"), col("material_conflict"),
            org.apache.spark.sql.functions.transform(col("_ev"), e -> struct(e.getField("doc_id").as("doc_id"),
                e.getField("outlet").as("outlet"), e.getField("score").as("score"),
                e.getField("sentence").as("sentence"))).as("evidence"));
  }

  /** The {@code framing_divergence} rows (before {@code run_id}) from {@code framing} rows. */
  public static Dataset<Row> divergence(Dataset<Row> framing) {
    Dataset<Row> f = framing.where(col("se").isNotNull())
        .where(col("grain").equalTo("thread").or(col("group_key").notEqual("outlet")))
        .withColumn("_thread", coalesce(col("thread_id"), lit("")));
    String[] keys = {"group_key", "grain", "period_start", "_thread", "target_type", "target_id"};
    Dataset<Row> a = f.select(col("group_key"), col("grain"), col("period_start"), col("_thread"),
        col("thread_id"), col("target_type"), col("target_id"), col("target_name"), col("group_value").as("group_a"),
        col("mean").as("mean_a"), col("se").as("se_a"), col("n").as("n_a"), col("clusters").as("clusters_a"),
        col("evidence").as("evidence_a"));
    Dataset<Row> b = f.select(col("group_key"), col("grain"), col("period_start"), col("_thread"),
        col("target_type"), col("target_id"), col("group_value").as("group_b"), col("mean").as("mean_b"),
        col("se").as("se_b"), col("n").as("n_b"), col("clusters").as("clusters_b"), col("evidence").as("evidence_b"));
    return a.join(b, keys)
        .where(col("group_a").lt(col("group_b")))
        // the two groups hold different articles: se² adds; t at the smaller side's G − 1 (none below two stories)
        .withColumn("_se", when(col("clusters_a").geq(2).and(col("clusters_b").geq(2)),
            sqrt(col("se_a").multiply(col("se_a")).plus(col("se_b").multiply(col("se_b"))))))
        .withColumn("_half", T975.apply(least(col("clusters_a"), col("clusters_b")).minus(1)).multiply(col("_se")))
        .withColumn("diff", col("mean_a").minus(col("mean_b")))
        .select(col("group_key"), col("grain"), col("period_start"), col("thread_id"), col("target_type"),
            col("target_id"), col("target_name"), col("group_a"), col("group_b"), col("mean_a"), col("mean_b"),
            col("diff"), col("_se").as("diff_se"), col("diff").minus(col("_half")).as("ci_low"),
            col("diff").plus(col("_half")).as("ci_high"), col("diff").divide(col("_se")).as("z"),
            col("n_a"), col("n_b"), col("clusters_a"), col("clusters_b"), col("evidence_a"), col("evidence_b"));
  }
}
