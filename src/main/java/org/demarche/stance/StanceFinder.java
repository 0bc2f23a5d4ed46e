package org.demarche.stance;

import org.demarche.text.Sentences;
import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.actors.ActorMatcher;
import org.demarche.actors.MentionFinder.Mention;
import org.demarche.ml.ScalaInterop;
import org.demarche.ml.Schemas;
import org.demarche.stance.issues.IssueDictionary;
import org.demarche.stance.issues.IssueStanceFinder;
import org.demarche.stance.statements.StatementExtractor;
import org.demarche.stance.statements.StatementFinder;
import org.demarche.stance.tone.NewsMtsc;
import org.demarche.stance.tone.TargetedTone;
import org.demarche.stance.tone.ToneLexicon;
import org.demarche.stance.tone.ToneScorer;
import scala.collection.Seq;

/**
 * Stance units of an article: the evidence rows of the {@code stance} table before the trained tone model scores them.
 *
 * <p>Input: {@code inputCol} (body), {@code mentionsCol} ({@link ActorMatcher#OUTPUT_TYPE}) and {@code statementsCol}
 * ({@link StatementExtractor#OUTPUT_TYPE}). Output {@code outputCol}, {@code array<struct>} ({@link #UNIT}):
 * <ul>
 *   <li><b>tone</b>, speaker → target: for every statement with a resolved speaker, each actor mentioned inside it
 *       (not the speaker, nor the speaker's own country) is scored by {@link TargetedTone} in its sentence. A generic
 *       referent inside a statement ("the man who committed ...", "the regime") that no mention covers resolves to
 *       the last person (or government) mentioned before the statement: {@code detail = referent}.</li>
 *   <li><b>tone</b>, outlet → target ({@code authorTone}): every actor mentioned in a sentence outside any attributed
 *       statement, scored the same way; {@code source_type = outlet}, no source actor.</li>
 *   <li><b>issue</b>, actor → issue: {@link IssueStanceFinder} over the sentences, with the statements' speakers.</li>
 * </ul>
 * Tone units carry the lexicon score; {@code stance_class} is {@code positive}/{@code negative}/{@code neutral} at
 * ±{@link #LEXICON_THRESHOLD}, {@code method = lexicon}. With {@code toneModelPath} (a saved targeted-tone
 * {@link org.apache.spark.ml.PipelineModel}, applied by {@link ToneScorer}) the model scores them instead:
 * {@code score} = P(positive) − P(negative) (capped at {@link #FAILURE_SCORE} on a failure cue), {@code stance_class}
 * the most probable class ({@code negative} on a failure cue), {@code confidence} = the lexicon unit's confidence × that
 * probability (3 decimals), {@code method = model}, and {@code detail} ends with {@code "; lexicon <score>"}.
 * Offsets are character offsets into the body; {@code evidence} is the sentence text.
 *
 * <p>Params: {@code inputCol} (body), {@code mentionsCol} (actor_mentions), {@code statementsCol} (statements),
 * {@code outputCol} (stance_units), {@code issuesText} (YAML of user issues, "" = built-in only), {@code authorTone}
 * (true), {@code toneModelPath} ("" = lexicon only).
 */
public class StanceFinder extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  /** Lexicon score at or beyond which a tone unit is positive (negative below its negation). */
  public static final double LEXICON_THRESHOLD = 0.05;

  public static final StructType UNIT = new StructType()
      .add("kind", DataTypes.StringType, false)
      .add("source_type", DataTypes.StringType, false)
      .add("source_actor_id", DataTypes.StringType, true)
      .add("source_name", DataTypes.StringType, true)
      .add("source_code", DataTypes.StringType, true)
      .add("source_country", DataTypes.StringType, true)
      .add("target_type", DataTypes.StringType, false)
      .add("target_id", DataTypes.StringType, false)
      .add("target_name", DataTypes.StringType, true)
      .add("target_code", DataTypes.StringType, true)
      .add("target_country", DataTypes.StringType, true)
      .add("score", DataTypes.DoubleType, false)
      .add("stance_class", DataTypes.StringType, false)
      .add("confidence", DataTypes.DoubleType, false)
      .add("method", DataTypes.StringType, false)
      .add("detail", DataTypes.StringType, true)
      .add("statement_index", DataTypes.IntegerType, true)
      .add("evidence", DataTypes.StringType, false)
      .add("evidence_start", DataTypes.IntegerType, false)
      .add("evidence_end", DataTypes.IntegerType, false)
      .add("target_start", DataTypes.IntegerType, true)
      .add("target_end", DataTypes.IntegerType, true)
      .add("cue", DataTypes.StringType, true);
  public static final ArrayType OUTPUT_TYPE = DataTypes.createArrayType(UNIT, false);

  private static final Pattern PERSON_REFERENT =
      Pattern.compile("\\b(?:the|this|that) (?:man|woman|person|dictator|tyrant|butcher)\\b", Pattern.CASE_INSENSITIVE);
  /** Group referents and the CAMEO sector they stand for, in the document's main foreign country. */
  private static final Pattern GROUP_REFERENT = Pattern.compile(
      "\\b(?:the|this|that) (?:(?:united|armed|political) )?(opposition|regime|rebels|insurgents)\\b",
      Pattern.CASE_INSENSITIVE);
  private static final Map<String, String> GROUP_SECTOR = Map.of("opposition", "OPP", "regime", "GOV", "rebels",
      "REB", "insurgents", "INS");
  /**
   * The target as the subject of a negated or failed action ("the opposition hasn't said a single word", "Iran has
   * failed to comply", "Damascus refuses to"): in a statement this is criticism of the target, whatever the words.
   */
  static final Pattern FAILURE = Pattern.compile("^\\s*(?:(?:has|have|had|did|does|do|is|are|was|were|would|will|"
      + "could|can|still|so far)\\s+)*(?:n't|not|never|failed|refused|fails|refuses|declined|hasn't|haven't|hadn't|"
      + "didn't|doesn't|don't|isn't|aren't|wasn't|weren't|won't|wouldn't|can't|cannot|couldn't)\\b",
      Pattern.CASE_INSENSITIVE);
  /** Score a failure cue caps the tone of its target at. */
  public static final double FAILURE_SCORE = -0.4;

  /**
   * The {@code cue} of a tone unit whose target is followed by a negated or failed action inside a statement ("the
   * opposition hasn't said a single word", "refused to"): criticism, whatever the words around it. The cap is one
   * rule, applied to whichever score the unit ends with: the lexicon's here, the model's in the stance table
   * ({@link #capped(org.apache.spark.sql.Column)}).
   */
  public static final String CUE_FAILURE = "failure";

  static double capped(double score) {
    return Math.min(score, FAILURE_SCORE);
  }

  /** The failure-cue rule on a score column: capped at {@link #FAILURE_SCORE} where {@code cue} is failure. */
  public static org.apache.spark.sql.Column capped(org.apache.spark.sql.Column score) {
    org.apache.spark.sql.Column failure = org.apache.spark.sql.functions.col("cue").equalTo(CUE_FAILURE);
    return org.apache.spark.sql.functions.when(failure,
        org.apache.spark.sql.functions.least(score, org.apache.spark.sql.functions.lit(FAILURE_SCORE)))
        .otherwise(score);
  }

  /** How far back (characters) a generic referent looks for its actor. */
  static final int REFERENT_WINDOW = 1500;

  private final String uid;
  private final Param<String> inputCol;
  private final Param<String> mentionsCol;
  private final Param<String> statementsCol;
  private final Param<String> outputCol;
  private final Param<String> issuesText;
  private final BooleanParam authorTone;
  private final Param<String> toneModelPath;

  public StanceFinder() {
    this(Identifiable.randomUID("stanceFinder"));
  }

  public StanceFinder(String uid) {
    this.uid = uid;
    inputCol = new Param<>(this, "inputCol", "body text column (string)");
    mentionsCol = new Param<>(this, "mentionsCol", "actor mentions column (ActorMatcher output)");
    statementsCol = new Param<>(this, "statementsCol", "statements column (StatementExtractor output)");
    outputCol = new Param<>(this, "outputCol", "output column: array of stance units");
    issuesText = new Param<>(this, "issuesText", "YAML text of user issues added to the built-in ones; empty = none");
    authorTone = new BooleanParam(this, "authorTone", "also score actors outside attributed statements (outlet voice)");
    toneModelPath = new Param<>(this, "toneModelPath",
        "saved targeted-tone PipelineModel that scores the tone units; empty = lexicon scores only");
    setDefault(toneModelPath, "");
    setDefault(inputCol, "body");
    setDefault(mentionsCol, ActorMatcherColumns.MENTIONS);
    setDefault(statementsCol, "statements");
    setDefault(outputCol, "stance_units");
    setDefault(issuesText, "");
    setDefault(authorTone, true);
  }

  /** Column names shared with the actor stage. */
  static final class ActorMatcherColumns {
    static final String MENTIONS = "actor_mentions";
  }

  @Override
  public String uid() {
    return uid;
  }

  public StanceFinder setInputCol(String v) {
    set(inputCol, v);
    return this;
  }

  public StanceFinder setMentionsCol(String v) {
    set(mentionsCol, v);
    return this;
  }

  public StanceFinder setStatementsCol(String v) {
    set(statementsCol, v);
    return this;
  }

  public StanceFinder setOutputCol(String v) {
    set(outputCol, v);
    return this;
  }

  public StanceFinder setIssuesText(String v) {
    set(issuesText, v == null ? "" : v);
    return this;
  }

  public StanceFinder setAuthorTone(boolean v) {
    set(authorTone, v);
    return this;
  }

  public StanceFinder setToneModelPath(String v) {
    set(toneModelPath, v == null ? "" : v);
    return this;
  }

  public Param<String> toneModelPath() {
    return toneModelPath;
  }

  public String getToneModelPath() {
    return $(toneModelPath);
  }

  public String getOutputCol() {
    return $(outputCol);
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

  public Param<String> outputCol() {
    return outputCol;
  }

  public Param<String> issuesText() {
    return issuesText;
  }

  public BooleanParam authorTone() {
    return authorTone;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Schemas.checkColumnType(schema, "inputCol", $(inputCol), DataTypes.StringType);
    Schemas.checkColumnType(schema, "mentionsCol", $(mentionsCol), ActorMatcher.OUTPUT_TYPE);
    Schemas.checkColumnType(schema, "statementsCol", $(statementsCol), StatementExtractor.OUTPUT_TYPE);
    return Schemas.appendColumn(schema, "outputCol", $(outputCol), OUTPUT_TYPE);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    // validate the issues on the driver, before any data moves
    IssueDictionary.cached($(issuesText));
    String issues = $(issuesText);
    boolean author = (Boolean) $(authorTone);
    org.apache.spark.broadcast.Broadcast<ToneScorer> scorer =
        ToneScorer.broadcast(dataset.sparkSession(), getToneModelPath());
    UDF3<String, Seq<Row>, Seq<Row>, Object> f = (body, ms, ss) -> {
      if (body == null) {
        return ScalaInterop.seq(List.of());
      }
      return ScalaInterop.seq(units(body, ActorMatcher.fromRows(ms), statements(ss), Sentences.split(body), issues,
          author, scorer == null ? null : scorer.value()));
    };
    return dataset.withColumn($(outputCol),
        functions.udf(f, OUTPUT_TYPE).apply(col($(inputCol)), col($(mentionsCol)), col($(statementsCol))));
  }

  /** A statement as the finder needs it. */
  record Said(int index, String speakerId, String speakerName, String speakerCode, String speakerCountry,
      int contentStart, int contentEnd, int evidenceStart, int evidenceEnd, double confidence, List<int[]> targets,
      List<String> targetIds) {}

  static List<Said> statements(Seq<Row> rows) {
    List<Said> out = new ArrayList<>();
    if (rows == null) {
      return out;
    }
    scala.collection.Iterator<Row> it = rows.iterator();
    int i = 0;
    while (it.hasNext()) {
      Row r = it.next();
      List<int[]> spans = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      Seq<Row> ts = r.getAs("targets");
      if (ts != null) {
        scala.collection.Iterator<Row> ti = ts.iterator();
        while (ti.hasNext()) {
          Row t = ti.next();
          spans.add(new int[] {t.<Integer>getAs("start"), t.<Integer>getAs("end")});
          ids.add(t.getAs("actor_id"));
        }
      }
      out.add(new Said(i++, r.getAs("speaker_actor_id"), r.getAs("speaker_actor_name"), r.getAs("speaker_cameo"),
          r.getAs("speaker_country"), r.<Integer>getAs("content_start"), r.<Integer>getAs("content_end"),
          r.<Integer>getAs("evidence_start"), r.<Integer>getAs("evidence_end"), r.<Double>getAs("confidence"), spans,
          ids));
    }
    return out;
  }

  /**
   * The statements of {@link StatementFinder} as the finder needs them: the same values {@link #statements(Seq)} reads
   * from their {@link StatementExtractor} rows, without the round trip through rows.
   */
  static List<Said> said(List<StatementFinder.Statement> ss) {
    List<Said> out = new ArrayList<>(ss.size());
    int i = 0;
    for (StatementFinder.Statement s : ss) {
      List<int[]> spans = new ArrayList<>(s.targets().size());
      List<String> ids = new ArrayList<>(s.targets().size());
      for (StatementFinder.Target t : s.targets()) {
        spans.add(new int[] {t.start(), t.end()});
        ids.add(t.actorId());
      }
      out.add(new Said(i++, s.speakerActorId(), s.speakerActorName(), s.speakerCameo(), s.speakerCountry(),
          s.contentStart(), s.contentEnd(), s.evidenceStart(), s.evidenceEnd(), s.confidence(), spans, ids));
    }
    return out;
  }

  /** The stance units of one article (see the class comment). */
  static List<Row> units(String body, List<Mention> mentions, List<Said> said, String issuesText, boolean author) {
    return units(body, mentions, said, Sentences.split(body), issuesText, author, null);
  }

  /**
   * The same with {@code sentences} = {@code Sentences.split(body)} already computed (read only), the tone units scored
   * by {@code scorer} when it is not null (see the class comment).
   */
  static List<Row> units(String body, List<Mention> mentions, List<Said> said, List<Sentences.Span> sentences,
      String issuesText, boolean author, ToneScorer scorer) {
    List<Row> out = new ArrayList<>();
    Map<String, Mention> byId = new HashMap<>();
    for (Mention m : mentions) {
      byId.putIfAbsent(m.actorId(), m);
    }
    // the tone tokens of each sentence (by start), shared by its targets
    Map<Integer, List<ToneLexicon.Token>> toneTokens = new HashMap<>();
    // 1. speaker -> target tone
    Set<String> seen = new HashSet<>();
    for (Said s : said) {
      if (s.speakerId() == null) {
        continue;
      }
      for (Mention m : mentions) {
        if (m.start() < s.contentStart() || m.end() > s.contentEnd() || self(s, m)) {
          continue;
        }
        Sentences.Span sent = sentenceOf(sentences, m.start());
        if (sent == null || !seen.add(s.index() + "|" + m.actorId() + "|" + sent.start())) {
          continue;
        }
        out.add(tone(body, sent, m, mentions, s, null, toneTokens, scorer));
      }
      for (Mention ref : referents(body, s, mentions)) {
        Sentences.Span sent = sentenceOf(sentences, ref.start());
        if (sent != null && seen.add(s.index() + "|" + ref.actorId() + "|" + sent.start())) {
          out.add(tone(body, sent, ref, mentions, s, "referent", toneTokens, scorer));
        }
      }
    }
    // 2. outlet voice: actors outside attributed statements, once per actor and sentence
    if (author) {
      Set<String> once = new HashSet<>();
      for (Mention m : mentions) {
        if (inStatement(said, m)) {
          continue;
        }
        Sentences.Span sent = sentenceOf(sentences, m.start());
        if (sent != null && once.add(m.actorId() + "|" + sent.start())) {
          out.add(tone(body, sent, m, mentions, null, null, toneTokens, scorer));
        }
      }
    }
    // 3. issue stance
    List<IssueStanceFinder.Attribution> attributions = new ArrayList<>();
    for (Said s : said) {
      if (s.speakerId() != null) {
        attributions.add(new IssueStanceFinder.Attribution(s.speakerId(), s.speakerCode(), s.speakerCountry(),
            s.contentStart(), s.contentEnd(), s.confidence()));
      }
    }
    List<int[]> spans = new ArrayList<>();
    sentences.forEach(sp -> spans.add(new int[] {sp.start(), sp.end()}));
    for (IssueStanceFinder.IssueStance is :
        new IssueStanceFinder(IssueDictionary.cached(issuesText)).find(body, spans, mentions, attributions)) {
      Mention src = byId.get(is.sourceActorId());
      Integer statement = null;
      for (Said s : said) {
        if (s.speakerId() != null && s.contentStart() <= is.phraseStart() && is.phraseEnd() <= s.contentEnd()) {
          statement = s.index();
          break;
        }
      }
      out.add(RowFactory.create("issue", "actor", is.sourceActorId(), src == null ? null : src.actorName(),
          is.sourceCode(), blankNull(is.sourceCountry()), "issue", is.issueId(), is.issueLabel(), null, null,
          is.score(), is.stanceClass(), is.confidence(), "issue_cues", is.holder() + ": " + is.cues(), statement,
          body.substring(is.evidenceStart(), is.evidenceEnd()), is.evidenceStart(), is.evidenceEnd(),
          is.phraseStart(), is.phraseEnd(), null));
    }
    return out;
  }

  private static String blankNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static boolean self(Said s, Mention m) {
    return m.actorId().equals(s.speakerId()) || m.actorId().equals(s.speakerCountry())
        || s.speakerCountry() != null && !s.speakerCountry().isEmpty() && m.cameoCode() != null
        && m.cameoCode().equals(s.speakerCode()) && m.actorId().length() == 3;
  }

  private static boolean inStatement(List<Said> said, Mention m) {
    for (Said s : said) {
      if (s.speakerId() != null && s.contentStart() <= m.start() && m.end() <= s.contentEnd()) {
        return true;
      }
    }
    return false;
  }

  static Sentences.Span sentenceOf(List<Sentences.Span> sentences, int offset) {
    for (Sentences.Span s : sentences) {
      if (s.start() <= offset && offset < s.end()) {
        return s;
      }
    }
    return null;
  }

  /** Whether the actor is a person: so in the built-in dictionary, or matched by surname or title somewhere. */
  private static boolean person(List<Mention> mentions, String actorId) {
    org.demarche.actors.ActorDictionary.Actor a = org.demarche.actors.ActorDictionary.builtin().actor(actorId);
    if (a != null) {
      return a.isPerson();
    }
    for (Mention m : mentions) {
      if (m.actorId().equals(actorId) && ("surname".equals(m.method()) || "title_name".equals(m.method())
          || "surname".equals(m.aliasType()) || "pronoun".equals(m.method()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Targets named only by a generic referent inside the statement, where no mention covers it: "the man who ..." is the
   * last person mentioned before the statement other than the speaker (within {@link #REFERENT_WINDOW} characters);
   * "the opposition", "the regime", "the rebels" are that sector ({@code OPP}, {@code GOV}, {@code REB}, {@code INS})
   * of the document's main foreign country: the country with the most mentions other than the speaker's. Each comes
   * back as a mention at the referent's offsets, with method {@code referent}.
   */
  static List<Mention> referents(String body, Said s, List<Mention> mentions) {
    List<Mention> out = new ArrayList<>();
    Matcher pm = PERSON_REFERENT.matcher(body).region(s.contentStart(), s.contentEnd());
    while (pm.find()) {
      if (covered(mentions, pm.start(), pm.end())) {
        continue;
      }
      Mention best = null;
      for (Mention m : mentions) {
        if (m.end() > s.contentStart() || m.start() < s.contentStart() - REFERENT_WINDOW
            || m.actorId().equals(s.speakerId()) || !person(mentions, m.actorId())) {
          continue;
        }
        if (best == null || m.start() > best.start()) {
          best = m;
        }
      }
      if (best != null) {
        out.add(new Mention(pm.start(), pm.end(), pm.group(), best.actorId(), best.actorName(), best.cameoCode(),
            best.country(), "referent", "referent", "coref_referent", best.confidence() * 0.7, best.sentence()));
      }
    }
    Matcher gm = GROUP_REFERENT.matcher(body).region(s.contentStart(), s.contentEnd());
    String country = null;
    while (gm.find()) {
      if (covered(mentions, gm.start(), gm.end())) {
        continue;
      }
      String sector = GROUP_SECTOR.get(gm.group(1).toLowerCase(java.util.Locale.ROOT));
      String code = groupCode(mentions, sector, s.speakerCountry());
      if (code == null) {
        if (country == null) {
          country = mainForeignCountry(mentions, s.speakerCountry());
          if (country == null) {
            return out;
          }
        }
        code = country + sector;
      }
      String name = null;
      String codeCountry = code.substring(0, 3);
      for (Mention m : mentions) {
        if (code.equals(m.actorId())) {
          name = m.actorName();
        }
      }
      out.add(new Mention(gm.start(), gm.end(), gm.group(), code, name, code, codeCountry, "referent", "referent",
          "coref_referent", 0.5, -1));
    }
    return out;
  }

  private static boolean covered(List<Mention> mentions, int start, int end) {
    for (Mention m : mentions) {
      if (m.start() < end && start < m.end()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The CAMEO code {@code <country><sector>} mentioned most often in the document (e.g. SYRGOV for "the regime" in an
   * article that names Assad and the Syrian government), other than the speaker's country's; null when none is.
   */
  static String groupCode(List<Mention> mentions, String sector, String exclude) {
    Map<String, Integer> n = new java.util.LinkedHashMap<>();
    for (Mention m : mentions) {
      String c = m.cameoCode();
      if (c != null && c.length() == 3 + sector.length() && c.endsWith(sector)
          && (exclude == null || !c.startsWith(exclude))) {
        n.merge(c, 1, Integer::sum);
      }
    }
    String best = null;
    for (Map.Entry<String, Integer> e : n.entrySet()) {
      if (best == null || e.getValue() >= n.get(best)) {
        best = e.getKey();
      }
    }
    return best;
  }

  /** The country with the most mentions in the document other than {@code exclude}; ties go to the first seen. */
  static String mainForeignCountry(List<Mention> mentions, String exclude) {
    Map<String, Integer> n = new java.util.LinkedHashMap<>();
    for (Mention m : mentions) {
      String c = m.country();
      if (c != null && c.length() == 3 && !c.equals(exclude)) {
        n.merge(c, 1, Integer::sum);
      }
    }
    String best = null;
    for (Map.Entry<String, Integer> e : n.entrySet()) {
      if (best == null || e.getValue() > n.get(best)) {
        best = e.getKey();
      }
    }
    return best;
  }

  private static Row tone(String body, Sentences.Span sent, Mention target, List<Mention> mentions, Said s,
      String detail, Map<Integer, List<ToneLexicon.Token>> tokensBySentence, ToneScorer scorer) {
    String text = body.substring(sent.start(), sent.end());
    List<ToneLexicon.Token> tokens = tokensBySentence.computeIfAbsent(sent.start(), k -> ToneLexicon.tokenize(text));
    List<TargetedTone.Span> others = new ArrayList<>();
    for (Mention o : mentions) {
      if (o != target && o.start() >= sent.start() && o.end() <= sent.end()
          && (o.end() <= target.start() || o.start() >= target.end())) {
        others.add(new TargetedTone.Span(o.start() - sent.start(), o.end() - sent.start()));
      }
    }
    // with no other mention to mask, the lexicon's analysis is the one the tone model's features start from
    TargetedTone.Analysis a = TargetedTone.DEFAULT.analyze(text, tokens, target.start() - sent.start(),
        target.end() - sent.start(), others);
    TargetedTone.Result r = a.result();
    boolean failure = s != null && FAILURE.matcher(body.substring(target.end(), Math.min(body.length(),
        target.end() + 40)).replace('’', '\'')).find();
    double score = failure ? capped(r.score()) : r.score();
    String cls = score >= LEXICON_THRESHOLD ? "positive" : score <= -LEXICON_THRESHOLD ? "negative" : "neutral";
    double conf = (s == null ? 0.5 : s.confidence()) * target.confidence();
    String d = (detail != null ? detail : r.nHits() + " lexicon hits" + (r.negated() ? ", negated" : ""))
        + (failure ? ", failure cue" : "");
    double confidence = Math.round(conf * 1000) / 1000.0;
    String method = "lexicon";
    if (scorer != null) {
      double[] p = scorer.probabilities(text, tokens, target.start() - sent.start(), target.end() - sent.start(),
          others.isEmpty() ? a : null);
      d = d + "; lexicon " + threeDecimals(score);
      score = failure ? capped(p[2] - p[0]) : p[2] - p[0];
      cls = failure ? "negative" : NewsMtsc.LABELS.get(ToneScorer.prediction(p));
      confidence = roundHalfUp(confidence * Math.max(p[0], Math.max(p[1], p[2])), 3);
      method = "model";
    }
    return RowFactory.create("tone", s == null ? "outlet" : "actor", s == null ? null : s.speakerId(),
        s == null ? null : s.speakerName(), s == null ? null : s.speakerCode(),
        s == null ? null : blankNull(s.speakerCountry()), "actor", target.actorId(), target.actorName(),
        target.cameoCode(), blankNull(target.country()), score, cls, confidence, method, d,
        s == null ? null : s.index(), text, sent.start(), sent.end(), target.start(), target.end(),
        failure ? CUE_FAILURE : null);
  }

  /** {@code x} with three decimals, as Spark's {@code format_number(x, 3)} writes it (US symbols, half-even). */
  static String threeDecimals(double x) {
    return THREE_DECIMALS.get().format(x);
  }

  private static final ThreadLocal<java.text.DecimalFormat> THREE_DECIMALS = ThreadLocal.withInitial(() ->
      new java.text.DecimalFormat("#,##0.000", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.US)));

  /** {@code x} rounded half up to {@code scale} decimals, as Spark's {@code round(x, scale)}. */
  static double roundHalfUp(double x, int scale) {
    return Double.isNaN(x) || Double.isInfinite(x) ? x
        : java.math.BigDecimal.valueOf(x).setScale(scale, java.math.RoundingMode.HALF_UP).doubleValue();
  }

  @Override
  public Transformer copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<StanceFinder> read() {
    return new DefaultParamsReader<>();
  }

  public static StanceFinder load(String path) {
    return read().load(path);
  }
}
