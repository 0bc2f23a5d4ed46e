package org.demarche.threads;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.ml.ScalaInterop;

/**
 * An article's thread vector: its {@code top_terms} strongest TF-IDF terms and its actors, as parallel {@code keys}
 * and {@code weights} arrays. The term part (keys are the vocabulary's words) and the actor part (keys {@code
 * "@" + actor_id}, weight salience × log(N / actor's document frequency), so an actor in every article weighs
 * nothing) are each scaled to unit length, then by √(1 − actor_weight) and √(actor_weight): the dot product of two
 * vectors is {@code (1 − actor_weight) × term cosine + actor_weight × actor cosine}. Also {@code key_terms}: the
 * article's ten strongest terms, strongest first, as written to {@code articles.key_terms}.
 */
public final class ThreadVectors {
  /** How many of an article's terms {@code articles.key_terms} keeps. */
  public static final int KEY_TERMS = 10;

  private ThreadVectors() {}

  /** The vector options ({@code threads.top_terms}, {@code threads.actor_weight}). */
  public record Options(int topTerms, double actorWeight) implements java.io.Serializable {}

  /**
   * A batch's documents as {@link #of} reads them: {@code doc_id}, {@code dt} (the publication day), {@code
   * stored_thread} (null: the batch's own), {@code tfidf}, and {@code document_actors} as (actor_id, salience)
   * structs (null when the actors phase did not run).
   */
  public static Dataset<Row> batchInput(Dataset<Row> docs) {
    Column actors = Arrays.asList(docs.columns()).contains("document_actors")
        ? functions.transform(col("document_actors"), a -> functions.struct(a.getField("actor_id").as("actor_id"),
            a.getField("salience").as("salience")))
        : lit(null).cast("array<struct<actor_id:string,salience:double>>");
    return docs.select(col("doc_id"), functions.to_date(col("published_at")).as("dt"),
        lit(null).cast(DataTypes.StringType).as("stored_thread"), col("tfidf"), actors.as("document_actors"));
  }

  /**
   * Adds {@code keys}, {@code weights} and {@code key_terms} to {@code docs}, which hold {@code tfidf} (vector over
   * {@code vocabulary}) and {@code document_actors} (array of structs with {@code actor_id} and {@code salience}),
   * and keeps the columns {@code keep}.
   */
  public static Dataset<Row> of(Dataset<Row> docs, String[] vocabulary, Options o, String... keep) {
    // the articles (the rollup's total row) and each actor's document frequency, in one pass
    long total = 1;
    Map<String, Long> df = new HashMap<>();
    // (an article without actors counts under ""; the rollup's total row is the one with a null actor)
    Column ids = functions.array_distinct(col("document_actors.actor_id"));
    for (Row r : docs.select(col("doc_id"), functions.explode(functions.when(functions.size(ids).gt(0), ids)
            .otherwise(functions.array(lit("")))).as("_actor"))
        .rollup(col("_actor")).agg(functions.countDistinct(col("doc_id")).as("df"))
        .collectAsList()) {
      if (r.isNullAt(0)) {
        total = Math.max(1, r.getLong(1));
      } else if (!r.getString(0).isEmpty()) {
        df.put(r.getString(0), r.getLong(1));
      }
    }
    long n = total;
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(docs.sparkSession().sparkContext());
    Broadcast<String[]> vocab = jsc.broadcast(vocabulary);
    Broadcast<Map<String, Long>> dfs = jsc.broadcast(df);
    StructType schema = new StructType();
    for (String k : keep) {
      schema = schema.add(docs.schema().apply(k));
    }
    schema = schema.add("keys", DataTypes.createArrayType(DataTypes.StringType, false), false)
        .add("weights", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
        .add("key_terms", DataTypes.createArrayType(DataTypes.StringType, false), false);
    List<String> cols = new ArrayList<>(Arrays.asList(keep));
    cols.add("tfidf");
    cols.add("document_actors");
    int m = keep.length;
    double at = o.actorWeight();
    int top = o.topTerms();
    return docs.select(cols.stream().map(functions::col).toArray(Column[]::new))
        .map((MapFunction<Row, Row>) r -> {
          Object[] v = new Object[m + 3];
          for (int i = 0; i < m; i++) {
            v[i] = r.get(i);
          }
          Vector tf = r.isNullAt(m) ? null : (Vector) r.get(m);
          List<Row> actors = r.isNullAt(m + 1) ? List.of() : r.<Row>getList(m + 1);
          build(tf, actors, vocab.value(), dfs.value(), n, top, at, v, m);
          return RowFactory.create(v);
        }, Encoders.row(schema));
  }

  static void build(Vector tf, List<Row> actors, String[] vocab, Map<String, Long> df, long n, int top,
      double actorWeight, Object[] out, int at) {
    List<String> keys = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    List<String> keyTerms = new ArrayList<>();
    if (tf != null && tf.numNonzeros() > 0) {
      org.apache.spark.ml.linalg.SparseVector sv = tf.toSparse();
      int[] idx = sv.indices();
      double[] val = sv.values();
      Integer[] order = new Integer[idx.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      // strongest first, ties by the term itself: the same terms on every run (a CountVectorizer's index order among
      // terms of equal count depends on the partitioning, so it can differ between two fits of the same input)
      Arrays.sort(order, (a, b) -> val[a] != val[b] ? Double.compare(val[b], val[a])
          : vocab[idx[a]].compareTo(vocab[idx[b]]));
      int k = Math.min(top, order.length);
      double norm = 0;
      for (int i = 0; i < k; i++) {
        norm += val[order[i]] * val[order[i]];
      }
      double scale = norm > 0 ? Math.sqrt(1 - actorWeight) / Math.sqrt(norm) : 0;
      for (int i = 0; i < k; i++) {
        String term = vocab[idx[order[i]]];
        if (val[order[i]] > 0) {
          keys.add(term);
          weights.add(val[order[i]] * scale);
        }
        if (i < KEY_TERMS) {
          keyTerms.add(term);
        }
      }
    }
    if (actorWeight > 0 && !actors.isEmpty()) {
      Map<String, Double> w = new java.util.TreeMap<>();
      for (Row a : actors) {
        String id = a.getAs("actor_id");
        Object s = a.getAs("salience");
        Long d = df.get(id);
        if (id == null || s == null || d == null) {
          continue;
        }
        double x = ((Number) s).doubleValue() * Math.log((double) n / d);
        if (x > 0) {
          w.merge("@" + id, x, Double::sum);
        }
      }
      double norm = 0;
      for (double x : w.values()) {
        norm += x * x;
      }
      if (norm > 0) {
        double scale = Math.sqrt(actorWeight) / Math.sqrt(norm);
        w.forEach((key, x) -> {
          keys.add(key);
          weights.add(x * scale);
        });
      }
    }
    out[at] = ScalaInterop.seq(keys);
    out[at + 1] = ScalaInterop.seq(weights);
    out[at + 2] = ScalaInterop.seq(keyTerms);
  }
}
