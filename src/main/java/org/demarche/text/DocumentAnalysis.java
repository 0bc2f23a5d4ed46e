package org.demarche.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.ml.ScalaInterop;
import scala.collection.Seq;

/**
 * The analysis of one document's text, computed once ({@link #of}) and read by every engine: the actor matcher and
 * candidate discovery (word tokens and their sentences), statements, stance units and events (sentences), and document
 * tone (sentences).
 *
 * <ul>
 *   <li><b>Sentences</b>: {@link Sentences#split}, the one sentence splitter, character offsets into the text.
 *   <li><b>Paragraphs</b>: each sentence's paragraph index; a paragraph ends at a line break that is not a soft wrap.
 *   <li><b>Word tokens</b>: {@link Words#tokenize}, character offsets, normalised form and possessive flag, each with the
 *       index of the sentence holding it.
 * </ul>
 *
 * <p>In a Spark plan the analysis is the struct column {@link #TYPE} ({@link DocumentAnalyzer} adds it); a stage that
 * is given the column reads it back with {@link #fromRow} instead of analysing the text again.
 */
public final class DocumentAnalysis {
  /** The column name the job gives the analysis. */
  public static final String COLUMN = "analysis";

  private static final AtomicLong COMPUTED = new AtomicLong();

  private final String text;
  private final List<Sentences.Span> sentences;
  private final int[] paragraphs;
  private final List<Token> tokens;
  private final int[] tokenSentence;

  private DocumentAnalysis(String text, List<Sentences.Span> sentences, int[] paragraphs, List<Token> tokens) {
    this.text = text;
    this.sentences = Collections.unmodifiableList(sentences);
    this.paragraphs = paragraphs;
    this.tokens = Collections.unmodifiableList(tokens);
    this.tokenSentence = new int[tokens.size()];
    int s = 0;
    for (int i = 0; i < tokens.size(); i++) {
      int start = tokens.get(i).start();
      while (s + 1 < sentences.size() && sentences.get(s + 1).start() <= start) {
        s++;
      }
      tokenSentence[i] = s;
    }
  }

  /** Analyses {@code text} (null reads as empty). */
  public static DocumentAnalysis of(String text) {
    COMPUTED.incrementAndGet();
    String t = text == null ? "" : text;
    List<Sentences.Span> sents = Sentences.split(t);
    return new DocumentAnalysis(t, sents, paragraphs(t, sents), Words.tokenize(t));
  }

  /**
   * How many texts {@link #of} has analysed in this JVM: a test checks that a run analyses each document once (in
   * local mode every task runs in the driver's JVM).
   */
  public static long computed() {
    return COMPUTED.get();
  }

  public String text() {
    return text;
  }

  public List<Sentences.Span> sentences() {
    return sentences;
  }

  /** The paragraph index of sentence {@code i}. */
  public int paragraph(int i) {
    return paragraphs[i];
  }

  public List<Token> tokens() {
    return tokens;
  }

  /** The sentence index of each word token (read only). */
  public int[] tokenSentences() {
    return tokenSentence;
  }

  /** The index of the sentence holding character {@code offset}, or of the last sentence starting before it; -1 if none. */
  public int sentenceAt(int offset) {
    int lo = 0;
    int hi = sentences.size() - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (sentences.get(mid).start() <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  private static int[] paragraphs(String text, List<Sentences.Span> sents) {
    int[] out = new int[sents.size()];
    boolean wrapped = Sentences.hardWrapped(text);
    int p = 0;
    for (int i = 1; i < sents.size(); i++) {
      int from = sents.get(i - 1).end();
      int to = sents.get(i).start();
      for (int k = from; k < to; k++) {
        if (text.charAt(k) == '\n' && !(wrapped && Sentences.softWrap(text, k)) && !Sentences.midSentence(text, k)) {
          p++;
          break;
        }
      }
      out[i] = p;
    }
    return out;
  }

  /** The column type: sentences (start, end, paragraph) and word tokens (start, end, norm, possessive). */
  public static final StructType SENTENCE = new StructType().add("start", DataTypes.IntegerType, false)
      .add("end", DataTypes.IntegerType, false).add("paragraph", DataTypes.IntegerType, false);
  public static final StructType TOKEN = new StructType().add("start", DataTypes.IntegerType, false)
      .add("end", DataTypes.IntegerType, false).add("norm", DataTypes.StringType, false)
      .add("possessive", DataTypes.BooleanType, false);
  public static final StructType TYPE = new StructType()
      .add("sentences", DataTypes.createArrayType(SENTENCE, false), false)
      .add("tokens", DataTypes.createArrayType(TOKEN, false), false);

  /** This analysis as a {@link #TYPE} row. */
  public Row toRow() {
    List<Row> s = new ArrayList<>(sentences.size());
    for (int i = 0; i < sentences.size(); i++) {
      s.add(RowFactory.create(sentences.get(i).start(), sentences.get(i).end(), paragraphs[i]));
    }
    List<Row> t = new ArrayList<>(tokens.size());
    for (Token k : tokens) {
      t.add(RowFactory.create(k.start(), k.end(), k.norm(), k.possessive()));
    }
    return RowFactory.create(ScalaInterop.seq(s), ScalaInterop.seq(t));
  }

  /** The analysis of {@code text} back from its {@link #TYPE} row (not counted by {@link #computed}). */
  public static DocumentAnalysis fromRow(String text, Row r) {
    Seq<Row> s = r.getAs(0);
    Seq<Row> t = r.getAs(1);
    List<Sentences.Span> sents = new ArrayList<>(s.size());
    int[] paras = new int[s.size()];
    scala.collection.Iterator<Row> it = s.iterator();
    for (int i = 0; it.hasNext(); i++) {
      Row x = it.next();
      sents.add(new Sentences.Span(x.getInt(0), x.getInt(1)));
      paras[i] = x.getInt(2);
    }
    List<Token> toks = new ArrayList<>(t.size());
    scala.collection.Iterator<Row> jt = t.iterator();
    while (jt.hasNext()) {
      Row x = jt.next();
      toks.add(new Token(x.getString(2), x.getInt(0), x.getInt(1), x.getBoolean(3)));
    }
    return new DocumentAnalysis(text == null ? "" : text, sents, paras, toks);
  }
}
