package org.demarche.stance;

import org.demarche.text.Sentences;
import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
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
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.actors.ActorMatcher;
import org.demarche.actors.MentionFinder.Mention;
import org.demarche.ml.ScalaInterop;
import org.demarche.ml.Schemas;
import org.demarche.stance.events.CameoVerbDictionary;
import org.demarche.stance.events.EventCoder;
import org.demarche.stance.events.EventCoderStage;
import org.demarche.stance.issues.IssueDictionary;
import org.demarche.stance.statements.StatementExtractor;
import org.demarche.stance.statements.StatementFinder;
import org.demarche.stance.tone.ToneScorer;
import scala.collection.Seq;

/**
 * The three per-document stance stages in one pass: {@link StatementExtractor}, {@link EventCoderStage} and
 * {@link StanceFinder}, with the same outputs as the three run one after the other, but each document's body and
 * mentions are converted from Spark rows once (not once per stage), its sentences are split once for the statements
 * and the stance units, and the statements reach the stance units as Java objects instead of through rows.
 *
 * <p>Input: {@code inputCol} (string, the cleaned body) and {@code mentionsCol} ({@link ActorMatcher#OUTPUT_TYPE}).
 * Output: {@code statementsCol} ({@link StatementExtractor#OUTPUT_TYPE}), {@code eventsCol}
 * ({@link EventCoderStage#OUTPUT_TYPE}) and {@code unitsCol} ({@link StanceFinder#OUTPUT_TYPE}), each exactly what the
 * single stage writes (null body: empty arrays; null mentions: no events, statements and units as with no mentions).
 *
 * <p>Params: {@code inputCol} (default {@code body}), {@code mentionsCol} ({@code actor_mentions}),
 * {@code statementsCol} ({@code statements}), {@code eventsCol} ({@code events}), {@code unitsCol}
 * ({@code stance_units}), {@code verbDictionaryPath} (as {@link EventCoderStage}; "" = the shipped CAMEO 2.0),
 * {@code issuesText}, {@code authorTone} and {@code toneModelPath} (as {@link StanceFinder}).
 */
public class StanceAnnotator extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> inputCol;
  private final Param<String> mentionsCol;
  private final Param<String> statementsCol;
  private final Param<String> eventsCol;
  private final Param<String> unitsCol;
  private final Param<String> verbDictionaryPath;
  private final Param<String> issuesText;
  private final BooleanParam authorTone;
  private final Param<String> toneModelPath;
  private final Param<String> analysisCol;

  public StanceAnnotator() {
    this(Identifiable.randomUID("stanceAnnotator"));
  }

  public StanceAnnotator(String uid) {
    this.uid = uid;
    inputCol = new Param<>(this, "inputCol", "body text column (string)");
    mentionsCol = new Param<>(this, "mentionsCol", "actor mentions column (array of ActorMatcher.MENTION structs)");
    statementsCol = new Param<>(this, "statementsCol", "output column: array of statement structs");
    eventsCol = new Param<>(this, "eventsCol", "output column: array of event structs");
    unitsCol = new Param<>(this, "unitsCol", "output column: array of stance units");
    verbDictionaryPath = new Param<>(this, "verbDictionaryPath",
        "PETRARCH verb dictionary file; empty for the built-in CAMEO 2.0");
    issuesText = new Param<>(this, "issuesText", "YAML text of user issues added to the built-in ones; empty = none");
    authorTone = new BooleanParam(this, "authorTone", "also score actors outside attributed statements (outlet voice)");
    toneModelPath = new Param<>(this, "toneModelPath",
        "saved targeted-tone PipelineModel that scores the tone units; empty = lexicon scores only");
    analysisCol = new Param<>(this, "analysisCol",
        "the document analysis column (DocumentAnalyzer) to read sentences from; empty: split the text");
    setDefault(analysisCol, "");
    setDefault(toneModelPath, "");
    setDefault(inputCol, "body");
    setDefault(mentionsCol, "actor_mentions");
    setDefault(statementsCol, "statements");
    setDefault(eventsCol, "events");
    setDefault(unitsCol, "stance_units");
    setDefault(verbDictionaryPath, "");
    setDefault(issuesText, "");
    setDefault(authorTone, true);
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

  public Param<String> statementsCol() {
    return statementsCol;
  }

  public Param<String> eventsCol() {
    return eventsCol;
  }

  public Param<String> unitsCol() {
    return unitsCol;
  }

  public Param<String> verbDictionaryPath() {
    return verbDictionaryPath;
  }

  public Param<String> issuesText() {
    return issuesText;
  }

  public BooleanParam authorTone() {
    return authorTone;
  }

  public String getInputCol() {
    return $(inputCol);
  }

  public String getMentionsCol() {
    return $(mentionsCol);
  }

  public String getStatementsCol() {
    return $(statementsCol);
  }

  public String getEventsCol() {
    return $(eventsCol);
  }

  public String getUnitsCol() {
    return $(unitsCol);
  }

  public String getVerbDictionaryPath() {
    return $(verbDictionaryPath);
  }

  public String getIssuesText() {
    return $(issuesText);
  }

  public boolean getAuthorTone() {
    return (Boolean) $(authorTone);
  }

  public StanceAnnotator setInputCol(String v) {
    set(inputCol, v);
    return this;
  }

  public StanceAnnotator setMentionsCol(String v) {
    set(mentionsCol, v);
    return this;
  }

  public StanceAnnotator setStatementsCol(String v) {
    set(statementsCol, v);
    return this;
  }

  public StanceAnnotator setEventsCol(String v) {
    set(eventsCol, v);
    return this;
  }

  public StanceAnnotator setUnitsCol(String v) {
    set(unitsCol, v);
    return this;
  }

  public StanceAnnotator setVerbDictionaryPath(String v) {
    set(verbDictionaryPath, v == null ? "" : v);
    return this;
  }

  public StanceAnnotator setIssuesText(String v) {
    set(issuesText, v == null ? "" : v);
    return this;
  }

  public StanceAnnotator setAuthorTone(boolean v) {
    set(authorTone, v);
    return this;
  }

  public StanceAnnotator setToneModelPath(String v) {
    set(toneModelPath, v == null ? "" : v);
    return this;
  }

  public Param<String> analysisCol() {
    return analysisCol;
  }

  public String getAnalysisCol() {
    return $(analysisCol);
  }

  public StanceAnnotator setAnalysisCol(String v) {
    set(analysisCol, v);
    return this;
  }

  public Param<String> toneModelPath() {
    return toneModelPath;
  }

  public String getToneModelPath() {
    return $(toneModelPath);
  }

  /** The struct the one UDF returns; the three output columns are its fields. */
  static final StructType RESULT = new StructType()
      .add("statements", StatementExtractor.OUTPUT_TYPE, false)
      .add("events", EventCoderStage.OUTPUT_TYPE, false)
      .add("units", StanceFinder.OUTPUT_TYPE, false);

  @Override
  public StructType transformSchema(StructType schema) {
    Schemas.checkColumnType(schema, "inputCol", getInputCol(), DataTypes.StringType);
    Schemas.checkColumnType(schema, "mentionsCol", getMentionsCol(), ActorMatcher.OUTPUT_TYPE);
    if (!getAnalysisCol().isEmpty()) {
      Schemas.checkColumnType(schema, "analysisCol", getAnalysisCol(), DocumentAnalysis.TYPE);
    }
    StructType out = Schemas.appendColumn(schema, "statementsCol", getStatementsCol(), StatementExtractor.OUTPUT_TYPE);
    out = Schemas.appendColumn(out, "eventsCol", getEventsCol(), EventCoderStage.OUTPUT_TYPE);
    return Schemas.appendColumn(out, "unitsCol", getUnitsCol(), StanceFinder.OUTPUT_TYPE);
  }

  /**
   * The three outputs of one document as the struct {@link #RESULT}: statements, events, stance units, each as the
   * single stage computes it (see the class comment).
   */
  static Row annotate(String body, List<Sentences.Span> sentences, List<Mention> mentions, boolean hasMentions,
      EventCoder coder, String issues, boolean author, ToneScorer scorer) {
    if (body == null) {
      return RowFactory.create(ScalaInterop.seq(List.of()), ScalaInterop.seq(List.of()), ScalaInterop.seq(List.of()));
    }
    if (sentences == null) {
      sentences = Sentences.split(body);
    }
    List<StatementFinder.Statement> statements = StatementExtractor.finder().find(body, mentions, sentences);
    List<EventCoder.Event> events = hasMentions ? coder.code(body, mentions, sentences) : List.of();
    List<Row> units = StanceFinder.units(body, mentions, StanceFinder.said(statements), sentences, issues, author,
        scorer);
    return RowFactory.create(ScalaInterop.seq(StatementExtractor.toRows(statements)),
        ScalaInterop.seq(EventCoderStage.toRows(events)), ScalaInterop.seq(units));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    // fail on the driver, before any data moves, for a bad verb dictionary or issues text
    final String path = getVerbDictionaryPath();
    CameoVerbDictionary.forPath(path);
    final String issues = getIssuesText();
    IssueDictionary.cached(issues);
    final boolean author = getAuthorTone();
    final org.apache.spark.broadcast.Broadcast<ToneScorer> scorer =
        ToneScorer.broadcast(dataset.sparkSession(), getToneModelPath());
    UDF3<String, Seq<Row>, Row, Row> f = (body, ms, analysis) -> {
      org.demarche.ml.FaultHook.point("task:stance"); // the executor-loss integration test kills the executor here
      return annotate(body,
          analysis == null || body == null ? null : DocumentAnalysis.fromRow(body, analysis).sentences(),
          ActorMatcher.fromRows(ms), ms != null, new EventCoder(CameoVerbDictionary.forPath(path)), issues, author,
          scorer == null ? null : scorer.value());
    };
    String tmp = "_stance_" + uid;
    Column analysis = getAnalysisCol().isEmpty() ? functions.lit(null).cast(DocumentAnalysis.TYPE)
        : col(getAnalysisCol());
    Dataset<Row> d = dataset.withColumn(tmp, functions.udf(f, RESULT).apply(col(getInputCol()),
        col(getMentionsCol()), analysis));
    // one projection over the UDF's result: Spark does not inline a costly expression used three times, so the UDF
    // runs once per row (StanceAnnotatorTest checks the plan)
    String[] names = dataset.columns();
    Column[] cols = new Column[names.length + 3];
    for (int i = 0; i < names.length; i++) {
      cols[i] = col("`" + names[i].replace("`", "``") + "`");
    }
    cols[names.length] = col(tmp + ".statements").as(getStatementsCol());
    cols[names.length + 1] = col(tmp + ".events").as(getEventsCol());
    cols[names.length + 2] = col(tmp + ".units").as(getUnitsCol());
    return d.select(cols);
  }

  @Override
  public Transformer copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<StanceAnnotator> read() {
    return new DefaultParamsReader<>();
  }

  public static StanceAnnotator load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + ": uid=" + uid + ", " + paramMap().toString().replace('\n', ' ');
  }
}
