package org.demarche.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.config.ConfigException;
import org.demarche.config.JobConfig;
import org.demarche.stance.StanceAnnotator;
import org.demarche.stance.StanceFinder;
import org.demarche.stance.events.CameoLookups;
import org.demarche.stance.events.EventCoderStage;
import org.demarche.stance.issues.IssueDictionary;
import org.demarche.stance.statements.StatementExtractor;
import org.demarche.stance.tone.DocumentTone;
import org.demarche.text.DocumentAnalysis;
import org.demarche.stance.tone.NewsMtsc;
import org.demarche.stance.tone.TargetedToneModel;
import scala.collection.Seq;

/**
 * The stance phase: the per-document stages (statements, CAMEO events, stance units) and the Dataset functions that
 * explode them into the {@code statements}, {@code events} and {@code stance} tables, with the trained targeted-tone
 * model scoring the tone units. {@link #stages} is the one place the stance config reaches the stages.
 */
public final class StanceSteps {
  public static final String STATEMENTS = "statements";
  public static final String EVENTS = "events";
  public static final String UNITS = "stance_units";
  /** Folder under the output where the built-in tone model is unpacked for executors to read. */
  public static final String MODEL_DIR = "models/stance/targeted_tone";

  private StanceSteps() {}

  /** Reads a user file named in config (local or Hadoop path) as UTF-8 text; "" when none. */
  static String readText(String path) {
    if (path == null || path.isEmpty()) {
      return "";
    }
    try {
      return Files.readString(Paths.get(path.replaceFirst("^file:(//)?", "")), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("cannot read " + path + " (" + e.getMessage() + "); fix: give a readable YAML file", e);
    }
  }

  /** Fails fast (exit 2), before Spark reads data, on an unreadable or invalid issues file or tone model path. */
  public static void check(JobConfig.StanceConfig cfg) {
    if (!cfg.enabled()) {
      return;
    }
    try {
      IssueDictionary.load(cfg.issuesFile(), readText(cfg.issuesFile()));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("stance.issues_file: " + e.getMessage(), e);
    }
    String m = cfg.toneModel();
    if (!m.equals("builtin") && !m.equals("lexicon") && !m.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")
        && !Files.isDirectory(Paths.get(m).resolve("stages"))) {
      throw new ConfigException("stance.tone_model: " + m + " is neither `builtin`, `lexicon` nor a folder with a "
          + "saved PipelineModel (written by `demarche train stance --output DIR`)");
    }
    if (!cfg.verbDictionary().isEmpty() && !cfg.verbDictionary().contains("://")
        && !Files.isRegularFile(Paths.get(cfg.verbDictionary()))) {
      throw new ConfigException("stance.verb_dictionary: no file " + cfg.verbDictionary()
          + "; fix: give a PETRARCH-format verb dictionary or leave it empty for the built-in CAMEO.2.0");
    }
  }

  /**
   * The per-document stance stages, configured: one {@link StanceAnnotator} writing statements, events and stance units
   * in one pass over each document (the same columns as {@link #separateStages}, at a lower cost), the tone units
   * scored by the saved tone model at {@code toneModelPath} ({@link #toneModelPath}; "" = lexicon scores).
   */
  public static List<PipelineStage> stages(JobConfig.StanceConfig cfg, String toneModelPath) {
    return List.of(new StanceAnnotator().setInputCol("body").setMentionsCol("actor_mentions")
        .setStatementsCol(STATEMENTS).setEventsCol(EVENTS).setUnitsCol(UNITS)
        .setVerbDictionaryPath(cfg.verbDictionary()).setIssuesText(readText(cfg.issuesFile()))
        .setAuthorTone(cfg.authorTone()).setToneModelPath(toneModelPath));
  }

  /** The same as {@link #stages} as three stages, one per output column: statements, events, stance units. */
  public static List<PipelineStage> separateStages(JobConfig.StanceConfig cfg, String toneModelPath) {
    List<PipelineStage> out = new ArrayList<>();
    out.add(new StatementExtractor().setInputCol("body").setMentionsCol("actor_mentions").setOutputCol(STATEMENTS));
    out.add(new EventCoderStage().setInputCol("body").setMentionsCol("actor_mentions").setOutputCol(EVENTS)
        .setVerbDictionaryPath(cfg.verbDictionary()));
    out.add(new StanceFinder().setInputCol("body").setMentionsCol("actor_mentions").setStatementsCol(STATEMENTS)
        .setOutputCol(UNITS).setIssuesText(readText(cfg.issuesFile())).setAuthorTone(cfg.authorTone())
        .setToneModelPath(toneModelPath));
    return out;
  }

  /** Runs the stance stages over articles that already have {@code actor_mentions}. */
  public static Dataset<Row> annotate(Dataset<Row> docs, JobConfig.StanceConfig cfg, String toneModelPath) {
    Dataset<Row> d = docs;
    boolean analysed = java.util.Arrays.asList(docs.columns()).contains(DocumentAnalysis.COLUMN);
    for (PipelineStage s : stages(cfg, toneModelPath)) {
      if (analysed && s instanceof StanceAnnotator a) {
        a.setAnalysisCol(DocumentAnalysis.COLUMN); // sentences from the document analysis, not split again
      }
      d = ((org.apache.spark.ml.Transformer) s).transform(d);
    }
    return d;
  }

  /**
   * GDELT-style document tone columns for {@code articles}: tone, positive_score, negative_score, polarity,
   * tone_word_count, sentiment; from the sentences of the document analysis column when there is one. Articles that already have
   * a {@code tone} column are returned as they are.
   */
  public static Dataset<Row> withDocumentTone(Dataset<Row> articles) {
    if (java.util.Arrays.asList(articles.columns()).contains("tone")) {
      return articles; // computed in the stance phase, from the document analysis
    }
    boolean analysed = java.util.Arrays.asList(articles.columns()).contains(DocumentAnalysis.COLUMN);
    org.apache.spark.sql.api.java.UDF2<String, Row, Row> f = (body, analysis) -> body == null ? null
        : (analysis == null ? DocumentTone.of(body)
            : DocumentTone.of(body, DocumentAnalysis.fromRow(body, analysis).sentences())).toRow();
    Dataset<Row> d = articles.withColumn("_tone", functions.udf(f, DocumentTone.SCHEMA).apply(col("body"),
        analysed ? col(DocumentAnalysis.COLUMN) : functions.lit(null).cast(DocumentAnalysis.TYPE)));
    return d.withColumn("tone", col("_tone.tone")).withColumn("positive_score", col("_tone.positive_score"))
        .withColumn("negative_score", col("_tone.negative_score")).withColumn("polarity", col("_tone.polarity"))
        .withColumn("tone_word_count", col("_tone.word_count")).withColumn("sentiment", col("_tone.sentiment"))
        .drop("_tone");
  }

  /** The {@code statements} table (without run_id): one row per statement, in text order per document. */
  public static Dataset<Row> statementsTable(Dataset<Row> enriched) {
    return enriched.select(col("doc_id"), col("story_id"), col("outlet"), col("published_at"), col("body"),
            posexplode(col(STATEMENTS)).as(new String[] {"statement_index", "s"}))
        .select(col("doc_id"), col("story_id"), col("outlet"), col("published_at"), col("statement_index"),
            col("s.kind"), col("s.reporting_verb"), col("s.verb_class"), col("s.speaker_text"),
            col("s.speaker_actor_id"), col("s.speaker_actor_name").as("speaker_name"),
            col("s.speaker_cameo").as("speaker_code"),
            when(col("s.speaker_country").equalTo(""), lit(null)).otherwise(col("s.speaker_country"))
                .as("speaker_country"),
            col("s.speaker_resolution"), col("s.unresolved_reason"), col("s.content"), col("s.content_start"),
            col("s.content_end"), span(col("body"), col("s.evidence_start"), col("s.evidence_end")).as("evidence"),
            col("s.evidence_start"), col("s.evidence_end"), col("s.targets"), col("s.confidence"))
        .withColumn("dt", to_date(col("published_at")));
  }

  /** {@code body[start, end)} in Java (UTF-16) offsets, as the stages wrote them. */
  static Column span(Column body, Column start, Column end) {
    UDF3<String, Integer, Integer, String> f = (b, s, e) -> b == null || s == null || e == null || s < 0
        || e > b.length() || s > e ? null : b.substring(s, e);
    return functions.udf(f, DataTypes.StringType).apply(body, start, end);
  }

  static final StructType EVENT_ROW = new StructType()
      .add("source_name", DataTypes.StringType).add("source_country", DataTypes.StringType)
      .add("target_name", DataTypes.StringType).add("target_country", DataTypes.StringType)
      .add("event_description", DataTypes.StringType).add("evidence", DataTypes.StringType);

  /** The {@code events} table (without run_id): one row per coded event, with names, countries and evidence text. */
  public static Dataset<Row> eventsTable(Dataset<Row> enriched) {
    UDF3<String, Seq<Row>, Row, Row> extra = (body, ms, e) -> {
      Map<String, String[]> who = new HashMap<>();
      if (ms != null) {
        scala.collection.Iterator<Row> it = ms.iterator();
        while (it.hasNext()) {
          Row m = it.next();
          String c = m.getAs("country");
          who.putIfAbsent(m.getAs("actor_id"), new String[] {m.getAs("actor_name"), c == null || c.isEmpty() ? null : c});
        }
      }
      String[] s = who.getOrDefault(e.<String>getAs("source_actor_id"), new String[2]);
      String[] t = who.getOrDefault(e.<String>getAs("target_actor_id"), new String[2]);
      int es = e.<Integer>getAs("evidence_start");
      int ee = e.<Integer>getAs("evidence_end");
      return RowFactory.create(s[0], s[1], t[0], t[1],
          CameoLookups.builtin().description(e.getAs("cameo_code")),
          body == null || es < 0 || ee > body.length() || es > ee ? null : body.substring(es, ee));
    };
    Dataset<Row> ev = enriched.select(col("doc_id"), col("story_id"), col("outlet"), col("published_at"),
            col("body"), col("actor_mentions"), posexplode(col(EVENTS)).as(new String[] {"event_index", "e"}))
        .withColumn("x", functions.udf(extra, EVENT_ROW).apply(col("body"), col("actor_mentions"), col("e")));
    return ev.select(col("doc_id"), col("story_id"), col("outlet"), col("published_at"), col("event_index"),
            col("e.source_actor_id"), col("x.source_name"), col("e.source_code"), col("x.source_country"),
            col("e.target_actor_id"), col("x.target_name"), col("e.target_code"), col("x.target_country"),
            col("e.cameo_code"), col("x.event_description"), col("e.root_code"), col("e.quad_class"),
            col("e.goldstein"), col("e.verb_text").as("verb"), col("e.pattern"), col("e.negated"),
            col("e.confidence"), col("x.evidence"), col("e.evidence_start"), col("e.evidence_end"))
        .withColumn("dt", to_date(col("published_at")));
  }

  /**
   * The folder of the tone model of {@code stance.tone_model}, for the stance stages: "" for {@code lexicon}; the
   * built-in model is first copied from the jar to {@code <output>/models/stance/targeted_tone/} (shared storage on a
   * cluster, where Spark's model reader runs its tasks).
   */
  public static String toneModelPath(SparkSession spark, JobConfig.StanceConfig cfg, String out) {
    String m = cfg.toneModel();
    if (m.equals("lexicon")) {
      return "";
    }
    if (!m.equals("builtin")) {
      return m;
    }
    String dir = (out.endsWith("/") ? out : out + "/") + MODEL_DIR;
    try {
      Path root = new Path(dir);
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(root, true);
      for (String f : TargetedToneModel.manifestFiles()) {
        try (InputStream in = TargetedToneModel.class.getResourceAsStream(TargetedToneModel.RESOURCE_DIR + f);
             OutputStream o = fs.create(new Path(root, f), true)) {
          if (in == null) {
            throw new IllegalStateException("missing classpath resource " + TargetedToneModel.RESOURCE_DIR + f);
          }
          in.transferTo(o);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the built-in tone model to " + dir, e);
    }
    return dir;
  }

  /**
   * The {@code stance} table (without run_id): the stance units exploded (tone units as the stance stage scored them:
   * by the tone model, or by the lexicon with {@code stance.tone_model: lexicon}), and one {@code event} row per coded
   * event (score = Goldstein / 10, class cooperation for QuadClass 1–2, conflict for 3–4), leaving out negated events
   * and bare statements (CAMEO 010).
   */
  public static Dataset<Row> stanceTable(Dataset<Row> enriched) {
    Dataset<Row> scored = enriched.select(col("doc_id"), col("story_id"), col("outlet"), col("published_at"),
        explode(col(UNITS)).as("u")).select(col("doc_id"), col("story_id"), col("outlet"), col("published_at"),
        col("u.*"));
    // negated events ("did not agree") and bare statements (CAMEO 010, what every "said" codes) are no stance
    Dataset<Row> ev = eventsTable(enriched).where(col("negated").equalTo(false).and(col("cameo_code").notEqual("010")));
    Dataset<Row> events = ev.select(col("doc_id"), col("story_id"), col("outlet"), col("published_at"),
        lit("event").as("kind"), lit("actor").as("source_type"), col("source_actor_id"), col("source_name"),
        col("source_code"), col("source_country"), lit("actor").as("target_type"), col("target_actor_id").as("target_id"),
        col("target_name"), col("target_code"), col("target_country"),
        functions.coalesce(col("goldstein"), lit(0.0)).divide(10.0).as("score"),
        when(col("quad_class").leq(2), lit("cooperation")).otherwise(lit("conflict")).as("stance_class"),
        col("confidence"), lit("cameo").as("method"),
        functions.concat_ws(" ", col("cameo_code"), col("event_description")).as("detail"),
        lit(null).cast("int").as("statement_index"), col("evidence"), col("evidence_start"), col("evidence_end"),
        col("evidence_start").as("target_start"), col("evidence_end").as("target_end"),
        lit(null).cast("string").as("cue"));
    return scored.unionByName(events.select(cols(scored.columns()))).withColumn("dt", to_date(col("published_at")));
  }

  /** Keeps rows at or above {@code stance.min_confidence}. */
  public static Dataset<Row> confident(Dataset<Row> d, JobConfig.StanceConfig cfg) {
    return cfg.minConfidence() > 0 ? d.where(col("confidence").geq(cfg.minConfidence())) : d;
  }

  private static Column[] cols(String[] names) {
    Column[] out = new Column[names.length];
    for (int i = 0; i < names.length; i++) {
      out[i] = col(names[i]);
    }
    return out;
  }
}
