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
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.ml.ScalaInterop;
import org.demarche.ml.Schemas;

/**
 * Which countries, people and organisations each document is about ({@link DocumentActors#rank}): the rule the
 * {@code evaluate actors} figures are measured on, applied to the headline and the body.
 *
 * <p>Input: {@code titleCol} (string; the headline, scanned here with the same {@link MentionFinder}, ALL-CAPS
 * headlines included; null or empty = none), {@code inputCol} (the body), {@code mentionsCol} (the body's mentions,
 * {@link ActorMatcher#OUTPUT_TYPE}) and {@code dateCol} (timestamp, "" = none). The headline's mentions count as
 * sentence 0 and the body's sentences follow, as in {@code headline + "\n" + body}; a wire dateline ("BELGRADE,
 * April 8 -", "MOSCOW (Reuters) -") at the start of a body line is a dateline mention. Output: {@code outputCol},
 * {@code array<struct>} ({@link #ACTOR}), one element per actor with a counting mention.
 *
 * <p>Params: {@code titleCol} (default {@code title_clean}), {@code inputCol} ({@code body}), {@code mentionsCol}
 * ({@code actor_mentions}), {@code dateCol} ({@code published_at}), {@code dictionaryPath} (as {@link ActorMatcher};
 * default ""), {@code outputCol} ({@code document_actors}).
 */
public class DocumentActorRanker extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  /** One actor of a document ({@link DocumentActors.Ranked}). */
  public static final StructType ACTOR = new StructType()
      .add("kind", DataTypes.StringType, false)
      .add("actor_id", DataTypes.StringType, false)
      .add("actor_name", DataTypes.StringType, true)
      .add("country", DataTypes.StringType, true)
      .add("mentions", DataTypes.IntegerType, false)
      .add("salience", DataTypes.DoubleType, false)
      .add("probability", DataTypes.DoubleType, true)
      .add("about", DataTypes.BooleanType, false)
      .add("headline", DataTypes.BooleanType, false)
      .add("lead", DataTypes.BooleanType, false)
      .add("dateline", DataTypes.BooleanType, false)
      .add("first_sentence", DataTypes.IntegerType, true)
      .add("role", DataTypes.StringType, true);
  public static final ArrayType OUTPUT_TYPE = DataTypes.createArrayType(ACTOR, false);

  private final String uid;
  private final Param<String> titleCol;
  private final Param<String> inputCol;
  private final Param<String> mentionsCol;
  private final Param<String> dateCol;
  private final Param<String> dictionaryPath;
  private final Param<String> outputCol;

  public DocumentActorRanker() {
    this(Identifiable.randomUID("documentActorRanker"));
  }

  public DocumentActorRanker(String uid) {
    this.uid = uid;
    titleCol = new Param<>(this, "titleCol", "headline column (string); empty for none");
    inputCol = new Param<>(this, "inputCol", "body text column (string)");
    mentionsCol = new Param<>(this, "mentionsCol", "the body's actor mentions (ActorMatcher output)");
    dateCol = new Param<>(this, "dateCol", "article date column (timestamp); empty for none");
    dictionaryPath = new Param<>(this, "dictionaryPath",
        "user actor file (.tsv, .csv, .yaml) added to the built-in dictionary; empty for none");
    outputCol = new Param<>(this, "outputCol", "output column: array of document actor structs");
    setDefault(titleCol, "title_clean");
    setDefault(inputCol, "body");
    setDefault(mentionsCol, "actor_mentions");
    setDefault(dateCol, "published_at");
    setDefault(dictionaryPath, "");
    setDefault(outputCol, "document_actors");
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> titleCol() {
    return titleCol;
  }

  public Param<String> inputCol() {
    return inputCol;
  }

  public Param<String> mentionsCol() {
    return mentionsCol;
  }

  public Param<String> dateCol() {
    return dateCol;
  }

  public Param<String> dictionaryPath() {
    return dictionaryPath;
  }

  public Param<String> outputCol() {
    return outputCol;
  }

  public String getTitleCol() {
    return $(titleCol);
  }

  public String getInputCol() {
    return $(inputCol);
  }

  public String getMentionsCol() {
    return $(mentionsCol);
  }

  public String getDateCol() {
    return $(dateCol);
  }

  public String getDictionaryPath() {
    return $(dictionaryPath);
  }

  public String getOutputCol() {
    return $(outputCol);
  }

  public DocumentActorRanker setTitleCol(String v) {
    set(titleCol, v);
    return this;
  }

  public DocumentActorRanker setInputCol(String v) {
    set(inputCol, v);
    return this;
  }

  public DocumentActorRanker setMentionsCol(String v) {
    set(mentionsCol, v);
    return this;
  }

  public DocumentActorRanker setDateCol(String v) {
    set(dateCol, v);
    return this;
  }

  public DocumentActorRanker setDictionaryPath(String v) {
    set(dictionaryPath, v);
    return this;
  }

  public DocumentActorRanker setOutputCol(String v) {
    set(outputCol, v);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    if (!getTitleCol().isEmpty()) {
      Schemas.checkColumnType(schema, "titleCol", getTitleCol(), DataTypes.StringType);
    }
    Schemas.checkColumnType(schema, "inputCol", getInputCol(), DataTypes.StringType);
    Schemas.checkColumnType(schema, "mentionsCol", getMentionsCol(), ActorMatcher.OUTPUT_TYPE);
    if (!getDateCol().isEmpty()) {
      Schemas.checkColumnType(schema, "dateCol", getDateCol(), DataTypes.TimestampType);
    }
    return Schemas.appendColumn(schema, "outputCol", getOutputCol(), OUTPUT_TYPE);
  }

  /** The actors of one document: headline scanned with {@code finder}, body mentions as found by the matcher. */
  public static List<DocumentActors.Ranked> rank(String title, String body, List<MentionFinder.Mention> bodyMentions,
      LocalDate date, MentionFinder finder, ActorDictionary dict) {
    String head = title == null ? "" : title.strip();
    String text = body == null ? "" : body;
    if (head.isEmpty()) {
      return DocumentActors.rank(bodyMentions, dict, text, false);
    }
    List<MentionFinder.Mention> ms = DocumentActors.withHeadline(headlineMentions(head, bodyMentions, date, finder,
        dict), bodyMentions, head.length() + 1);
    return DocumentActors.rank(ms, dict, head + "\n" + text, true);
  }

  /**
   * The headline's mentions: what the finder finds in it, plus the surnames of people the body names in full
   * ("KERRY, LAVROV AGREE ON SYRIA TALKS" above "Secretary of State John Kerry"), as the finder resolves a surname
   * after a full name (alias type and method {@code surname}, resolution {@code coref_surname}).
   */
  static List<MentionFinder.Mention> headlineMentions(String head, List<MentionFinder.Mention> body, LocalDate date,
      MentionFinder finder, ActorDictionary dict) {
    List<MentionFinder.Mention> out = new ArrayList<>(finder.find(head, date));
    java.util.Set<String> seen = new java.util.HashSet<>();
    out.forEach(m -> seen.add(m.actorId()));
    for (MentionFinder.Mention m : body) {
      ActorDictionary.Actor a = dict.actor(m.actorId());
      if (a == null || !a.isPerson() || !seen.add(a.id()) || "coreference".equals(m.aliasType())) {
        continue;
      }
      String[] parts = a.name().split("\\s+");
      String surname = parts[parts.length - 1];
      if (parts.length < 2 || surname.length() < 3) {
        continue;
      }
      java.util.regex.Matcher x = java.util.regex.Pattern.compile("(?<![\\p{L}\\p{N}])"
          + java.util.regex.Pattern.quote(surname) + "(?![\\p{L}\\p{N}])", java.util.regex.Pattern.CASE_INSENSITIVE
          | java.util.regex.Pattern.UNICODE_CASE).matcher(head);
      if (x.find() && Character.isUpperCase(head.charAt(x.start()))) {
        out.add(new MentionFinder.Mention(x.start(), x.end(), head.substring(x.start(), x.end()), a.id(), a.name(),
            m.cameoCode(), m.country(), "surname", "surname", "coref_surname", 0.8, 0));
      }
    }
    out.sort(java.util.Comparator.comparingInt(MentionFinder.Mention::start));
    return out;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    final String path = getDictionaryPath();
    final org.apache.spark.broadcast.Broadcast<String> text = ActorMatcher.broadcastDictionary(
        dataset.sparkSession(), path);
    UDF4<String, String, Timestamp, scala.collection.Seq<Row>, Object> f = (title, body, ts, mentions) -> {
      ActorDictionary dict = ActorMatcher.dictionary(path, text);
      LocalDate d = ts == null ? null : ts.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
      List<Row> out = new ArrayList<>();
      for (DocumentActors.Ranked r : rank(title, body, ActorMatcher.fromRows(mentions), d, new MentionFinder(dict),
          dict)) {
        out.add(RowFactory.create(r.kind(), r.actorId(), r.actorName(), r.country(), r.mentions(), r.salience(),
            r.probability(), r.about(), r.headline(), r.lead(), r.dateline(), r.firstSentence(), r.role()));
      }
      return ScalaInterop.seq(out);
    };
    Column title = getTitleCol().isEmpty() ? lit(null).cast(DataTypes.StringType) : col(getTitleCol());
    Column date = getDateCol().isEmpty() ? lit(null).cast(DataTypes.TimestampType) : col(getDateCol());
    return dataset.withColumn(getOutputCol(), functions.udf(f, OUTPUT_TYPE).apply(title, col(getInputCol()), date,
        col(getMentionsCol())));
  }

  @Override
  public Transformer copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<DocumentActorRanker> read() {
    return new DefaultParamsReader<>();
  }

  public static DocumentActorRanker load(String path) {
    return read().load(path);
  }
}
