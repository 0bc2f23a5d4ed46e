package org.demarche.stance.events;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.actors.ActorMatcher;
import org.demarche.actors.MentionFinder.Mention;
import org.demarche.ml.ScalaInterop;
import org.demarche.ml.Schemas;
import org.demarche.stance.events.EventCoder.Event;

/**
 * Codes cooperation/conflict events (CAMEO) between the actor mentions of each document ({@link EventCoder}).
 *
 * <p>Input: {@code inputCol} (string, the cleaned body) and {@code mentionsCol} ({@code array<struct>} of
 * {@link ActorMatcher#MENTION}, e.g. the output of {@link ActorMatcher}). Output: {@code outputCol},
 * {@code array<struct>} ({@link #EVENT}) in text order; a null body or null mentions give an empty array. Fields:
 * {@code source_actor_id}, {@code source_code} (CAMEO actor code of the source mention, e.g. RUSGOV),
 * {@code target_actor_id}, {@code target_code}, {@code cameo_code}, {@code root_code}, {@code quad_class} (1 verbal
 * cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict, 0 none — see {@link CameoLookups}),
 * {@code goldstein} (null when the code has none), {@code verb_text}, {@code verb_start}, {@code verb_end} (character
 * offsets), {@code pattern} (the dictionary pattern that matched), {@code negated}, {@code confidence} (priors in
 * {@link EventCoder}), {@code evidence_start}, {@code evidence_end} (offsets of the sentence).
 *
 * <p>Params: {@code inputCol} (default {@code body}), {@code mentionsCol} (default {@code actor_mentions}),
 * {@code outputCol} (default {@code events}), {@code verbDictionaryPath} (a PETRARCH verb dictionary file; default "" =
 * the shipped CAMEO 2.0). The dictionary is parsed once per JVM ({@link CameoVerbDictionary#forPath}); a file path is
 * read on the driver first so that a bad path fails before any data moves, and must be readable by the executors
 * (local or shared file system).
 */
public class EventCoderStage extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  /** The struct of one event. */
  public static final StructType EVENT = new StructType()
      .add("source_actor_id", DataTypes.StringType, false)
      .add("source_code", DataTypes.StringType, false)
      .add("target_actor_id", DataTypes.StringType, false)
      .add("target_code", DataTypes.StringType, false)
      .add("cameo_code", DataTypes.StringType, false)
      .add("root_code", DataTypes.StringType, true)
      .add("quad_class", DataTypes.IntegerType, false)
      .add("goldstein", DataTypes.DoubleType, true)
      .add("verb_text", DataTypes.StringType, false)
      .add("verb_start", DataTypes.IntegerType, false)
      .add("verb_end", DataTypes.IntegerType, false)
      .add("pattern", DataTypes.StringType, false)
      .add("negated", DataTypes.BooleanType, false)
      .add("confidence", DataTypes.DoubleType, false)
      .add("evidence_start", DataTypes.IntegerType, false)
      .add("evidence_end", DataTypes.IntegerType, false);
  public static final ArrayType OUTPUT_TYPE = DataTypes.createArrayType(EVENT, false);

  private final String uid;
  private final Param<String> inputCol;
  private final Param<String> mentionsCol;
  private final Param<String> outputCol;
  private final Param<String> verbDictionaryPath;

  public EventCoderStage() {
    this(Identifiable.randomUID("eventCoder"));
  }

  public EventCoderStage(String uid) {
    this.uid = uid;
    inputCol = new Param<>(this, "inputCol", "body text column (string)");
    mentionsCol = new Param<>(this, "mentionsCol", "actor mentions column (array of ActorMatcher.MENTION)");
    outputCol = new Param<>(this, "outputCol", "output column: array of event structs");
    verbDictionaryPath = new Param<>(this, "verbDictionaryPath",
        "PETRARCH verb dictionary file; empty for the built-in CAMEO 2.0");
    setDefault(inputCol, "body");
    setDefault(mentionsCol, "actor_mentions");
    setDefault(outputCol, "events");
    setDefault(verbDictionaryPath, "");
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> inputCol() {
    return inputCol;
  }

  public Param<String> mentionsCol() {
    return mentionsCol;
  }

  public Param<String> outputCol() {
    return outputCol;
  }

  public Param<String> verbDictionaryPath() {
    return verbDictionaryPath;
  }

  public String getInputCol() {
    return $(inputCol);
  }

  public String getMentionsCol() {
    return $(mentionsCol);
  }

  public String getOutputCol() {
    return $(outputCol);
  }

  public String getVerbDictionaryPath() {
    return $(verbDictionaryPath);
  }

  public EventCoderStage setInputCol(String v) {
    set(inputCol, v);
    return this;
  }

  public EventCoderStage setMentionsCol(String v) {
    set(mentionsCol, v);
    return this;
  }

  public EventCoderStage setOutputCol(String v) {
    set(outputCol, v);
    return this;
  }

  public EventCoderStage setVerbDictionaryPath(String v) {
    set(verbDictionaryPath, v);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Schemas.checkColumnType(schema, "inputCol", getInputCol(), DataTypes.StringType);
    Schemas.checkColumnType(schema, "mentionsCol", getMentionsCol(), ActorMatcher.OUTPUT_TYPE);
    return Schemas.appendColumn(schema, "outputCol", getOutputCol(), OUTPUT_TYPE);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    final String path = getVerbDictionaryPath();
    CameoVerbDictionary.forPath(path); // fail on the driver for a bad file
    UDF2<String, scala.collection.Seq<Row>, Object> f = (body, ms) -> {
      if (body == null || ms == null) {
        return ScalaInterop.seq(List.of());
      }
      EventCoder coder = new EventCoder(CameoVerbDictionary.forPath(path));
      return ScalaInterop.seq(toRows(coder.code(body, ActorMatcher.fromRows(ms))));
    };
    return dataset.withColumn(getOutputCol(),
        functions.udf(f, OUTPUT_TYPE).apply(col(getInputCol()), col(getMentionsCol())));
  }

  public static List<Row> toRows(List<Event> events) {
    List<Row> rows = new ArrayList<>(events.size());
    for (Event e : events) {
      rows.add(RowFactory.create(e.sourceActorId(), e.sourceCode(), e.targetActorId(), e.targetCode(), e.cameoCode(),
          e.rootCode(), e.quadClass(), e.goldstein(), e.verbText(), e.verbStart(), e.verbEnd(), e.pattern(),
          e.negated(), e.confidence(), e.evidenceStart(), e.evidenceEnd()));
    }
    return rows;
  }

  @Override
  public Transformer copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<EventCoderStage> read() {
    return new DefaultParamsReader<>();
  }

  public static EventCoderStage load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + ": uid=" + uid + ", " + paramMap().toString().replace('\n', ' ');
  }
}
