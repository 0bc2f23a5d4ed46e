package org.demarche.actors;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF3;
import org.demarche.text.DocumentAnalysis;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.ml.ScalaInterop;
import org.demarche.ml.Schemas;

/**
 * Finds actor mentions in article bodies: dictionary matching plus in-document coreference ({@link MentionFinder}).
 *
 * <p>Input: {@code inputCol} (string, the cleaned body) and, when {@code dateCol} is non-empty, {@code dateCol}
 * (timestamp; the article date, read in UTC, picks each person's role for that day; null date = the actor's fallback
 * role). Output: {@code outputCol}, {@code array<struct>} ({@link #MENTION}) in text order; null body gives an empty
 * array. Fields: {@code start}, {@code end} (character offsets, end exclusive), {@code alias_text} (as written),
 * {@code actor_id}, {@code actor_name}, {@code cameo_code} (for the article date), {@code country}, {@code alias_type}
 * (dictionary alias type, or {@code coreference}), {@code method} ({@code exact}, {@code acronym}, {@code surname},
 * {@code title_name}, {@code demonym}, {@code capital_metonym}, {@code capital_location}, {@code role_noun},
 * {@code pronoun}), {@code resolution_method} ({@code dictionary}, {@code coref_surname}, {@code coref_role},
 * {@code coref_pronoun}), {@code confidence} (0..1, a fixed prior per method) and {@code sentence_index} (0-based).
 *
 * <p>Params: {@code inputCol} (default {@code body}), {@code dateCol} (default {@code published_at}; "" = no date),
 * {@code outputCol} (default {@code actor_mentions}), {@code dictionaryPath} (a user TSV/CSV/YAML file added to the
 * built-in dictionary, see {@link ActorDictionary}; default "" = built-in only). The file is read and validated on the
 * driver when the stage runs (errors surface before any data moves); its text travels to executors as a broadcast
 * variable; each executor JVM builds the trie once ({@link ActorDictionary#cached}), never per row.
 */
public class ActorMatcher extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  /** The struct of one mention. */
  public static final StructType MENTION = new StructType()
      .add("start", DataTypes.IntegerType, false)
      .add("end", DataTypes.IntegerType, false)
      .add("alias_text", DataTypes.StringType, false)
      .add("actor_id", DataTypes.StringType, false)
      .add("actor_name", DataTypes.StringType, true)
      .add("cameo_code", DataTypes.StringType, true)
      .add("country", DataTypes.StringType, true)
      .add("alias_type", DataTypes.StringType, false)
      .add("method", DataTypes.StringType, false)
      .add("resolution_method", DataTypes.StringType, false)
      .add("confidence", DataTypes.DoubleType, false)
      .add("sentence_index", DataTypes.IntegerType, false);
  public static final ArrayType OUTPUT_TYPE = DataTypes.createArrayType(MENTION, false);

  private final String uid;
  private final Param<String> inputCol;
  private final Param<String> dateCol;
  private final Param<String> outputCol;
  private final Param<String> dictionaryPath;
  private final Param<String> analysisCol;

  public ActorMatcher() {
    this(Identifiable.randomUID("actorMatcher"));
  }

  public ActorMatcher(String uid) {
    this.uid = uid;
    inputCol = new Param<>(this, "inputCol", "body text column (string)");
    dateCol = new Param<>(this, "dateCol", "article date column (timestamp); empty for none");
    outputCol = new Param<>(this, "outputCol", "output column: array of mention structs");
    dictionaryPath = new Param<>(this, "dictionaryPath",
        "user actor file (.tsv, .csv, .yaml) added to the built-in dictionary; empty for none");
    setDefault(inputCol, "body");
    setDefault(dateCol, "published_at");
    setDefault(outputCol, "actor_mentions");
    analysisCol = new Param<>(this, "analysisCol",
        "the document analysis column (DocumentAnalyzer) to read tokens and sentences from; empty: analyse the text");
    setDefault(dictionaryPath, "");
    setDefault(analysisCol, "");
  }

  public Param<String> analysisCol() {
    return analysisCol;
  }

  public String getAnalysisCol() {
    return $(analysisCol);
  }

  public ActorMatcher setAnalysisCol(String v) {
    set(analysisCol, v);
    return this;
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> inputCol() {
    return inputCol;
  }

  public Param<String> dateCol() {
    return dateCol;
  }

  public Param<String> outputCol() {
    return outputCol;
  }

  public Param<String> dictionaryPath() {
    return dictionaryPath;
  }

  public String getInputCol() {
    return $(inputCol);
  }

  public String getDateCol() {
    return $(dateCol);
  }

  public String getOutputCol() {
    return $(outputCol);
  }

  public String getDictionaryPath() {
    return $(dictionaryPath);
  }

  public ActorMatcher setInputCol(String v) {
    set(inputCol, v);
    return this;
  }

  public ActorMatcher setDateCol(String v) {
    set(dateCol, v);
    return this;
  }

  public ActorMatcher setOutputCol(String v) {
    set(outputCol, v);
    return this;
  }

  public ActorMatcher setDictionaryPath(String v) {
    set(dictionaryPath, v);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Schemas.checkColumnType(schema, "inputCol", getInputCol(), DataTypes.StringType);
    if (!getDateCol().isEmpty()) {
      Schemas.checkColumnType(schema, "dateCol", getDateCol(), DataTypes.TimestampType);
    }
    if (!getAnalysisCol().isEmpty()) {
      Schemas.checkColumnType(schema, "analysisCol", getAnalysisCol(), DocumentAnalysis.TYPE);
    }
    return Schemas.appendColumn(schema, "outputCol", getOutputCol(), OUTPUT_TYPE);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    final String path = getDictionaryPath();
    final org.apache.spark.broadcast.Broadcast<String> text = broadcastDictionary(dataset.sparkSession(), path);
    UDF3<String, Timestamp, Row, Object> f = (body, ts, analysis) -> {
      ActorDictionary dict = dictionary(path, text);
      LocalDate d = ts == null ? null : ts.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
      if (body == null || body.isEmpty()) {
        return ScalaInterop.seq(List.of());
      }
      DocumentAnalysis a = analysis == null ? DocumentAnalysis.of(body) : DocumentAnalysis.fromRow(body, analysis);
      return ScalaInterop.seq(toRows(new MentionFinder(dict).find(a, d)));
    };
    Column date = getDateCol().isEmpty() ? lit(null).cast(DataTypes.TimestampType) : col(getDateCol());
    Column analysis = getAnalysisCol().isEmpty() ? lit(null).cast(DocumentAnalysis.TYPE) : col(getAnalysisCol());
    return dataset.withColumn(getOutputCol(), functions.udf(f, OUTPUT_TYPE).apply(col(getInputCol()), date,
        analysis));
  }

  /**
   * The user dictionary file's text as a broadcast variable, read and validated on the driver (errors surface before
   * any data moves); null for the built-in dictionary ({@code path} empty).
   */
  static org.apache.spark.broadcast.Broadcast<String> broadcastDictionary(org.apache.spark.sql.SparkSession spark,
      String path) {
    if (path.isEmpty()) {
      return null;
    }
    String t;
    try {
      t = java.nio.file.Files.readString(java.nio.file.Path.of(path));
    } catch (java.io.IOException e) {
      throw new ActorDictionaryException("dictionaryPath: cannot read " + path + ": " + e);
    }
    ActorDictionary.cachedText(path, t); // validates on the driver
    return new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext()).broadcast(t);
  }

  /** On an executor: the dictionary of {@link #broadcastDictionary}, built once per JVM. */
  static ActorDictionary dictionary(String path, org.apache.spark.broadcast.Broadcast<String> text) {
    return text == null ? ActorDictionary.builtin() : ActorDictionary.cachedText(path, text.value());
  }

  /**
   * Mentions back from {@link #MENTION} rows (by position, the struct's field order), e.g. inside a later stage's UDF;
   * a null array gives an empty list. The inverse of {@link #toRows}.
   */
  public static List<MentionFinder.Mention> fromRows(scala.collection.Seq<Row> rows) {
    List<MentionFinder.Mention> out = new ArrayList<>();
    if (rows == null) {
      return out;
    }
    scala.collection.Iterator<Row> it = rows.iterator();
    while (it.hasNext()) {
      Row r = it.next();
      out.add(new MentionFinder.Mention(r.getInt(0), r.getInt(1), r.getString(2), r.getString(3), r.getString(4),
          r.getString(5), r.isNullAt(6) ? "" : r.getString(6), r.getString(7), r.getString(8), r.getString(9),
          r.getDouble(10), r.getInt(11)));
    }
    return out;
  }

  /** Mentions as {@link #MENTION} rows (an empty country becomes null). */
  public static List<Row> toRows(List<MentionFinder.Mention> ms) {
    List<Row> rows = new ArrayList<>(ms.size());
    for (MentionFinder.Mention m : ms) {
      rows.add(RowFactory.create(m.start(), m.end(), m.aliasText(), m.actorId(), m.actorName(), m.cameoCode(),
          m.country().isEmpty() ? null : m.country(), m.aliasType(), m.method(), m.resolutionMethod(),
          m.confidence(), m.sentence()));
    }
    return rows;
  }

  @Override
  public Transformer copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<ActorMatcher> read() {
    return new DefaultParamsReader<>();
  }

  public static ActorMatcher load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + ": uid=" + uid + ", " + paramMap().toString().replace('\n', ' ');
  }
}
