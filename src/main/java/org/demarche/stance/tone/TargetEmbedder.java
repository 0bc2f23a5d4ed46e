package org.demarche.stance.tone;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.ml.Schemas;

/**
 * Target-masked word-embedding features of one target in one sentence, from a fixed table of word vectors (trained by
 * us with Spark's {@code Word2Vec}, see {@link org.demarche.eval.StanceTrainer}). Words are the
 * {@link ToneLexicon#tokenize} tokens
 * normalised like {@link TargetFeaturizer} (lower case, punctuation stripped, digits folded); the target's tokens are
 * skipped. Output {@code outputCol}: a dense vector of {@code 4 * dim}: the 1/distance-weighted mean of the word
 * vectors left of the target inside its clause ({@link TargetedTone}'s clause), the same right of it, the plain mean
 * of the clause, the plain mean of the sentence; each block scaled to unit length (zero when no word is known), then
 * the whole vector multiplied by {@code scale}. The vectors are stored unit-length. Null text or offsets outside the
 * text give zeros.
 *
 * <p>Saved as Spark metadata JSON plus the table as Parquet under {@code path/data} ({@code word} string,
 * {@code vector} array of float), sorted by word.
 */
public class TargetEmbedder extends Transformer implements MLWritable {
  private static final long serialVersionUID = 1L;
  /** Blocks of the output: left, right, clause, sentence. */
  public static final int BLOCKS = 4;

  private static final TargetedTone TONE = TargetedTone.DEFAULT;

  private final String uid;
  private final String[] words;
  private final float[][] vectors;
  private final int dim;
  private final Param<String> textCol;
  private final Param<String> targetStartCol;
  private final Param<String> targetEndCol;
  private final Param<String> outputCol;
  private final DoubleParam scale;

  /** {@code words[i]} has vector {@code vectors[i]} (all of one length; scaled to unit length here). */
  public TargetEmbedder(String uid, String[] words, float[][] vectors) {
    this.uid = uid;
    if (words.length != vectors.length || words.length == 0) {
      throw new IllegalArgumentException("need one vector per word and at least one word");
    }
    this.words = words.clone();
    this.dim = vectors[0].length;
    this.vectors = new float[vectors.length][];
    for (int i = 0; i < vectors.length; i++) {
      if (vectors[i].length != dim) {
        throw new IllegalArgumentException("vector of '" + words[i] + "' has " + vectors[i].length + " values, not "
            + dim);
      }
      double n = 0;
      for (float x : vectors[i]) {
        n += x * x;
      }
      n = Math.sqrt(n);
      float[] v = new float[dim];
      for (int j = 0; j < dim; j++) {
        v[j] = n > 0 ? (float) (vectors[i][j] / n) : 0f;
      }
      this.vectors[i] = v;
    }
    textCol = new Param<>(this, "textCol", "sentence column (string)");
    targetStartCol = new Param<>(this, "targetStartCol", "target start offset column (int)");
    targetEndCol = new Param<>(this, "targetEndCol", "target end offset column (int, exclusive)");
    outputCol = new Param<>(this, "outputCol", "output dense vector column (4 * dim)");
    scale = new DoubleParam(this, "scale", "factor applied to the output (> 0)", ParamValidators.gt(0));
    setDefault(textCol, "sentence");
    setDefault(targetStartCol, "target_start");
    setDefault(targetEndCol, "target_end");
    setDefault(outputCol, "embedding");
    setDefault(scale, 1.0);
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

  public DoubleParam scale() {
    return scale;
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

  public double getScale() {
    return (Double) $(scale);
  }

  public TargetEmbedder setTextCol(String v) {
    set(textCol, v);
    return this;
  }

  public TargetEmbedder setTargetStartCol(String v) {
    set(targetStartCol, v);
    return this;
  }

  public TargetEmbedder setTargetEndCol(String v) {
    set(targetEndCol, v);
    return this;
  }

  public TargetEmbedder setOutputCol(String v) {
    set(outputCol, v);
    return this;
  }

  public TargetEmbedder setScale(double v) {
    set(scale, v);
    return this;
  }

  /** Vector length of one word. */
  public int dim() {
    return dim;
  }

  /** Number of words in the table. */
  public int vocabularySize() {
    return words.length;
  }

  /** The output size, {@code 4 * dim}. */
  public int vectorSize() {
    return BLOCKS * dim;
  }

  /** The table as a map (unit-length vectors). */
  public Map<String, float[]> table() {
    Map<String, float[]> m = new HashMap<>(words.length * 2);
    for (int i = 0; i < words.length; i++) {
      m.put(words[i], vectors[i]);
    }
    return m;
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
    final Broadcast<Map<String, float[]>> b =
        JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext()).broadcast(table());
    final int d = dim;
    final double s = getScale();
    UDF3<String, Integer, Integer, Vector> f = (text, st, en) -> Vectors.dense(embed(b.value(), d, s, text, st, en));
    return dataset.withColumn(getOutputCol(), functions.udf(f, SQLDataTypes.VectorType())
        .apply(col(getTextCol()), col(getTargetStartCol()), col(getTargetEndCol())));
  }

  /** The features of one target (see the class comment); {@code table} holds unit-length vectors of {@code dim}. */
  static double[] embed(Map<String, float[]> table, int dim, double scale, String text, Integer start, Integer end) {
    double[] out = new double[BLOCKS * dim];
    if (text == null || start == null || end == null || start < 0 || end > text.length() || start >= end) {
      return out;
    }
    TargetedTone.Analysis a = TONE.analyze(text, start, end, List.of());
    List<ToneLexicon.Token> tokens = a.valences().tokens();
    for (int i = 0; i < tokens.size(); i++) {
      if (i >= a.t0() && i <= a.t1()) {
        continue;
      }
      float[] v = table.get(TargetFeaturizer.norm(tokens.get(i).key()));
      if (v == null) {
        continue;
      }
      if (i >= a.c0() && i < a.c1()) {
        double w = 1.0 / (i < a.t0() ? a.t0() - i : i - a.t1());
        add(out, (i < a.t0() ? 0 : 1) * dim, v, w);
        add(out, 2 * dim, v, 1);
      }
      add(out, 3 * dim, v, 1);
    }
    for (int blk = 0; blk < BLOCKS; blk++) {
      double n = 0;
      for (int j = blk * dim; j < (blk + 1) * dim; j++) {
        n += out[j] * out[j];
      }
      n = Math.sqrt(n);
      for (int j = blk * dim; j < (blk + 1) * dim && n > 0; j++) {
        out[j] = out[j] / n * scale;
      }
    }
    return out;
  }

  private static void add(double[] out, int off, float[] v, double w) {
    for (int j = 0; j < v.length; j++) {
      out[off + j] += w * v[j];
    }
  }

  @Override
  public TargetEmbedder copy(ParamMap extra) {
    return copyValues(new TargetEmbedder(uid, words, vectors), extra);
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  @Override
  public void save(String path) throws IOException {
    write().save(path);
  }

  public static MLReader<TargetEmbedder> read() {
    return new Reader();
  }

  public static TargetEmbedder load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "TargetEmbedder: uid=" + uid + ", words=" + words.length + ", dim=" + dim + ", "
        + paramMap().toString().replace('\n', ' ');
  }

  private static final StructType DATA = new StructType().add("word", DataTypes.StringType, false)
      .add("vector", DataTypes.createArrayType(DataTypes.FloatType, false), false);

  /** Metadata JSON (params) plus the word table as Parquet under {@code path/data}. */
  private static final class Writer extends MLWriter {
    private final TargetEmbedder instance;

    Writer(TargetEmbedder instance) {
      this.instance = instance;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(instance, path, sc(), scala.Option.empty(), scala.Option.empty());
      Integer[] order = new Integer[instance.words.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(order, (x, y) -> instance.words[x].compareTo(instance.words[y]));
      List<Row> rows = new ArrayList<>(order.length);
      for (int i : order) {
        float[] v = instance.vectors[i];
        Float[] boxed = new Float[v.length];
        for (int j = 0; j < v.length; j++) {
          boxed[j] = v[j];
        }
        rows.add(RowFactory.create(instance.words[i], java.util.Arrays.asList(boxed)));
      }
      sparkSession().createDataFrame(rows, DATA).coalesce(1).write()
          .parquet(new org.apache.hadoop.fs.Path(path, "data").toString());
    }
  }

  private static final class Reader extends MLReader<TargetEmbedder> {
    @Override
    public TargetEmbedder load(String path) {
      DefaultParamsReader.Metadata meta = DefaultParamsReader.loadMetadata(path, sc(), TargetEmbedder.class.getName());
      List<Row> rows = sparkSession().read().parquet(new org.apache.hadoop.fs.Path(path, "data").toString())
          .select("word", "vector").orderBy("word").collectAsList();
      String[] w = new String[rows.size()];
      float[][] v = new float[rows.size()][];
      for (int i = 0; i < w.length; i++) {
        w[i] = rows.get(i).getString(0);
        List<Object> xs = rows.get(i).getList(1);
        v[i] = new float[xs.size()];
        for (int j = 0; j < v[i].length; j++) {
          v[i][j] = ((Number) xs.get(j)).floatValue();
        }
      }
      TargetEmbedder model = new TargetEmbedder(meta.uid(), w, v);
      meta.getAndSetParams(model, scala.Option.empty());
      return model;
    }
  }
}
