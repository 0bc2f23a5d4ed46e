package org.demarche.stance.statements;

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
import scala.collection.Seq;

/**
 * Finds statements — direct quotes, reported speech, "according to" — with their speakers resolved to actors
 * ({@link StatementFinder}; patterns, resolution values and confidence priors are documented there).
 *
 * <p>Input: {@code inputCol} (string, the cleaned body) and {@code mentionsCol} ({@code array<struct>} of
 * {@link ActorMatcher#MENTION}, the output of {@link ActorMatcher} on the same body). Output: {@code outputCol},
 * {@code array<struct>} ({@link #STATEMENT}) in text order; a null body gives an empty array, null mentions count as
 * none. Fields: {@code kind} ({@code direct_quote}, {@code reported}, {@code according_to}), {@code reporting_verb}
 * (lemma; null for a quote without attribution), {@code verb_class} ({@code neutral}, {@code assert},
 * {@code negative}, {@code positive}), {@code verb_start}/{@code verb_end} (-1 if none), {@code speaker_text},
 * {@code speaker_start}/{@code speaker_end} (-1 if none), {@code speaker_actor_id}, {@code speaker_actor_name},
 * {@code speaker_cameo}, {@code speaker_country}, {@code speaker_resolution} ({@code mention}, {@code coref},
 * {@code pronoun_previous}, {@code previous_speaker}, {@code unresolved}), {@code unresolved_reason} (null when
 * resolved; {@code no_speaker}, {@code speaker_not_in_dictionary}, {@code ambiguous_pronoun}, {@code no_antecedent}),
 * {@code content} with {@code content_start}/{@code content_end}, {@code evidence_start}/{@code evidence_end} (the
 * sentence(s) holding the statement), {@code targets} (actor mentions inside the content other than the speaker:
 * {@code array<struct<actor_id, cameo_code, alias_text, start, end>>}) and {@code confidence} (0..1). All offsets are
 * character offsets into the body, end exclusive.
 *
 * <p>Params: {@code inputCol} (default {@code body}), {@code mentionsCol} (default {@code actor_mentions}),
 * {@code outputCol} (default {@code statements}). The reporting-verb lexicon and the actor dictionary (used only to
 * tell persons from other actors) are loaded once per executor JVM, never per row.
 */
public class StatementExtractor extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  /** One target: an actor mentioned inside the statement. */
  public static final StructType TARGET = new StructType()
      .add("actor_id", DataTypes.StringType, false)
      .add("cameo_code", DataTypes.StringType, true)
      .add("alias_text", DataTypes.StringType, false)
      .add("start", DataTypes.IntegerType, false)
      .add("end", DataTypes.IntegerType, false);

  /** The struct of one statement. */
  public static final StructType STATEMENT = new StructType()
      .add("kind", DataTypes.StringType, false)
      .add("reporting_verb", DataTypes.StringType, true)
      .add("verb_class", DataTypes.StringType, true)
      .add("verb_start", DataTypes.IntegerType, false)
      .add("verb_end", DataTypes.IntegerType, false)
      .add("speaker_text", DataTypes.StringType, true)
      .add("speaker_start", DataTypes.IntegerType, false)
      .add("speaker_end", DataTypes.IntegerType, false)
      .add("speaker_actor_id", DataTypes.StringType, true)
      .add("speaker_actor_name", DataTypes.StringType, true)
      .add("speaker_cameo", DataTypes.StringType, true)
      .add("speaker_country", DataTypes.StringType, true)
      .add("speaker_resolution", DataTypes.StringType, false)
      .add("unresolved_reason", DataTypes.StringType, true)
      .add("content", DataTypes.StringType, false)
      .add("content_start", DataTypes.IntegerType, false)
      .add("content_end", DataTypes.IntegerType, false)
      .add("evidence_start", DataTypes.IntegerType, false)
      .add("evidence_end", DataTypes.IntegerType, false)
      .add("targets", DataTypes.createArrayType(TARGET, false), false)
      .add("confidence", DataTypes.DoubleType, false);
  public static final ArrayType OUTPUT_TYPE = DataTypes.createArrayType(STATEMENT, false);

  private final String uid;
  private final Param<String> inputCol;
  private final Param<String> mentionsCol;
  private final Param<String> outputCol;

  public StatementExtractor() {
    this(Identifiable.randomUID("statements"));
  }

  public StatementExtractor(String uid) {
    this.uid = uid;
    inputCol = new Param<>(this, "inputCol", "body text column (string)");
    mentionsCol = new Param<>(this, "mentionsCol", "actor mentions column (array of ActorMatcher.MENTION structs)");
    outputCol = new Param<>(this, "outputCol", "output column: array of statement structs");
    setDefault(inputCol, "body");
    setDefault(mentionsCol, "actor_mentions");
    setDefault(outputCol, "statements");
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

  public String getInputCol() {
    return $(inputCol);
  }

  public String getMentionsCol() {
    return $(mentionsCol);
  }

  public String getOutputCol() {
    return $(outputCol);
  }

  public StatementExtractor setInputCol(String v) {
    set(inputCol, v);
    return this;
  }

  public StatementExtractor setMentionsCol(String v) {
    set(mentionsCol, v);
    return this;
  }

  public StatementExtractor setOutputCol(String v) {
    set(outputCol, v);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Schemas.checkColumnType(schema, "inputCol", getInputCol(), DataTypes.StringType);
    Schemas.checkColumnType(schema, "mentionsCol", getMentionsCol(), ActorMatcher.OUTPUT_TYPE);
    return Schemas.appendColumn(schema, "outputCol", getOutputCol(), OUTPUT_TYPE);
  }

  /** One finder per executor JVM: the lexicon and dictionary behind it are JVM-wide caches. */
  private static final class Holder {
    static final StatementFinder FINDER = new StatementFinder();
  }

  /** The JVM-wide finder the stage uses (also for {@link org.demarche.stance.StanceAnnotator}). */
  public static StatementFinder finder() {
    return Holder.FINDER;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    UDF2<String, Seq<Row>, Object> f = (body, ms) -> {
      if (body == null) {
        return ScalaInterop.seq(List.of());
      }
      return ScalaInterop.seq(toRows(Holder.FINDER.find(body, ActorMatcher.fromRows(ms))));
    };
    return dataset.withColumn(getOutputCol(),
        functions.udf(f, OUTPUT_TYPE).apply(col(getInputCol()), col(getMentionsCol())));
  }

  public static List<Row> toRows(List<StatementFinder.Statement> ss) {
    List<Row> rows = new ArrayList<>(ss.size());
    for (StatementFinder.Statement s : ss) {
      List<Row> targets = new ArrayList<>(s.targets().size());
      for (StatementFinder.Target t : s.targets()) {
        targets.add(RowFactory.create(t.actorId(), t.cameoCode(), t.aliasText(), t.start(), t.end()));
      }
      rows.add(RowFactory.create(s.kind(), s.reportingVerb(), s.verbClass(), s.verbStart(), s.verbEnd(),
          s.speakerText(), s.speakerStart(), s.speakerEnd(), s.speakerActorId(), s.speakerActorName(),
          s.speakerCameo(), s.speakerCountry(), s.speakerResolution(), s.unresolvedReason(), s.content(),
          s.contentStart(), s.contentEnd(), s.evidenceStart(), s.evidenceEnd(), ScalaInterop.seq(targets),
          s.confidence()));
    }
    return rows;
  }

  @Override
  public Transformer copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<StatementExtractor> read() {
    return new DefaultParamsReader<>();
  }

  public static StatementExtractor load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + ": uid=" + uid + ", " + paramMap().toString().replace('\n', ' ');
  }
}
