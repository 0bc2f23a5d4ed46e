package org.demarche.text;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.ml.Schemas;

/**
 * Joins learned collocations and protected phrases into single tokens; fitted by {@link PhraseDetector}.
 *
 * <p>Input: {@code inputCol}, {@code array<string>}. Output: {@code outputCol}, {@code array<string>}. Null in gives
 * null out. Left to right, at each position the model merges, in this order: the longest matching
 * {@code protectedPhrases} entry, a learned trigram, a learned bigram; otherwise it emits the token unchanged.
 *
 * <p>The phrase table ({@link #phraseTable}: {@code phrase} string with space-separated tokens, {@code n} int,
 * {@code count} long, {@code score} double, best first) is small; it is saved as Parquet under {@code path/data}, the
 * params as Spark's metadata JSON under {@code path/metadata}, like Spark's {@code IDFModel}.
 *
 * <p>Params: {@code inputCol}, {@code outputCol}, {@code protectedPhrases} (string array of space-separated tokens;
 * default empty), {@code delimiter} (string; default {@code _}). Set from the detector when fitted; they can be
 * changed on the model, e.g. to add actor names without refitting.
 */
public class PhraseModel extends Model<PhraseModel> implements MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final String[] phrases;
  private final long[] counts;
  private final double[] scores;
  private final Param<String> inputCol;
  private final Param<String> outputCol;
  private final StringArrayParam protectedPhrases;
  private final Param<String> delimiter;
  /** Wall time of the fit that made this model, in ms (not persisted; 0 after load). */
  long fitMillis;

  public PhraseModel(String uid, String[] phrases, long[] counts, double[] scores) {
    if (phrases.length != counts.length || phrases.length != scores.length) {
      throw new IllegalArgumentException("phrases, counts and scores differ in length");
    }
    this.uid = uid;
    this.phrases = phrases.clone();
    this.counts = counts.clone();
    this.scores = scores.clone();
    inputCol = new Param<>(this, "inputCol", "input column name");
    outputCol = new Param<>(this, "outputCol", "output column name");
    protectedPhrases = protectedPhrasesParam(this);
    delimiter = delimiterParam(this);
    setDefault(protectedPhrases, new String[0]);
    setDefault(delimiter, "_");
  }

  static StringArrayParam protectedPhrasesParam(Params owner) {
    return new StringArrayParam(owner, "protectedPhrases",
        "space-separated token sequences always merged (e.g. actor names)",
        new scala.runtime.AbstractFunction1<String[], Object>() {
          @Override
          public Object apply(String[] ps) {
            for (String p : ps) {
              if (p == null || p.isBlank()) {
                return false;
              }
            }
            return true;
          }
        });
  }

  static Param<String> delimiterParam(Params owner) {
    return new Param<>(owner, "delimiter", "joins merged tokens (not empty, no spaces)",
        new scala.runtime.AbstractFunction1<String, Object>() {
          @Override
          public Object apply(String d) {
            return d != null && !d.isEmpty() && d.indexOf(' ') < 0;
          }
        });
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> inputCol() {
    return inputCol;
  }

  public String getInputCol() {
    return $(inputCol);
  }

  public PhraseModel setInputCol(String value) {
    set(inputCol, value);
    return this;
  }

  public Param<String> outputCol() {
    return outputCol;
  }

  public String getOutputCol() {
    return $(outputCol);
  }

  public PhraseModel setOutputCol(String value) {
    set(outputCol, value);
    return this;
  }

  public StringArrayParam protectedPhrases() {
    return protectedPhrases;
  }

  public String[] getProtectedPhrases() {
    return $(protectedPhrases);
  }

  public PhraseModel setProtectedPhrases(String[] value) {
    set(protectedPhrases, value);
    return this;
  }

  public Param<String> delimiter() {
    return delimiter;
  }

  public String getDelimiter() {
    return $(delimiter);
  }

  public PhraseModel setDelimiter(String value) {
    set(delimiter, value);
    return this;
  }

  /** Number of learned phrases. */
  public int numPhrases() {
    return phrases.length;
  }

  /** Learned phrases, space-separated, best first. */
  public String[] phrases() {
    return phrases.clone();
  }

  public long[] counts() {
    return counts.clone();
  }

  public double[] scores() {
    return scores.clone();
  }

  public long fitMillis() {
    return fitMillis;
  }

  /** The phrase table as a DataFrame: phrase, n, count, score. */
  public Dataset<Row> phraseTable(SparkSession spark) {
    List<Row> rows = new ArrayList<>(phrases.length);
    for (int i = 0; i < phrases.length; i++) {
      rows.add(RowFactory.create(phrases[i], phrases[i].split(" ").length, counts[i], scores[i]));
    }
    return spark.createDataFrame(rows, TABLE_SCHEMA);
  }

  static final StructType TABLE_SCHEMA = new StructType()
      .add("phrase", DataTypes.StringType, false)
      .add("n", DataTypes.IntegerType, false)
      .add("count", DataTypes.LongType, false)
      .add("score", DataTypes.DoubleType, false);

  @Override
  public StructType transformSchema(StructType schema) {
    if (!isDefined(inputCol) || !isDefined(outputCol)) {
      throw new IllegalArgumentException("PhraseModel: set inputCol and outputCol");
    }
    Schemas.checkColumnType(schema, "inputCol", $(inputCol), ArrayColumnTransformer.TOKENS);
    return Schemas.appendColumn(schema, "outputCol", $(outputCol), ArrayColumnTransformer.TOKENS);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    final Merger m = merger();
    return dataset.withColumn($(outputCol),
        functions.udf((UDF1<scala.collection.Seq<String>, String[]>) m::apply, ArrayColumnTransformer.TOKENS)
            .apply(col($(inputCol))));
  }

  /** Merges phrases in {@code tokens} on the driver with this model. */
  public String[] merge(String[] tokens) {
    return merger().merge(tokens);
  }

  private Merger merger() {
    return new Merger(phrases, getProtectedPhrases(), getDelimiter());
  }

  @Override
  public PhraseModel copy(ParamMap extra) {
    PhraseModel m = copyValues(new PhraseModel(uid, phrases, counts, scores), extra);
    m.fitMillis = fitMillis;
    return m.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  @Override
  public void save(String path) throws IOException {
    write().save(path);
  }

  public static MLReader<PhraseModel> read() {
    return new Reader();
  }

  public static PhraseModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "PhraseModel: uid=" + uid + ", phrases=" + phrases.length + ", "
        + paramMap().toString().replace('\n', ' ');
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** Greedy left-to-right merging; serialisable. */
  static final class Merger implements Serializable {
    private static final long serialVersionUID = 1L;
    private final HashSet<String> learned = new HashSet<>();
    private final HashSet<String> firsts = new HashSet<>();
    private final HashMap<String, String[][]> protectedByFirst = new HashMap<>();
    private final String delimiter;

    Merger(String[] phrases, String[] protectedPhrases, String delimiter) {
      this.delimiter = delimiter;
      for (String p : phrases) {
        learned.add(p);
        firsts.add(p.substring(0, p.indexOf(' ')));
      }
      HashMap<String, List<String[]>> byFirst = new HashMap<>();
      for (String p : protectedPhrases) {
        String[] toks = p.strip().toLowerCase(Locale.ROOT).split("\\s+");
        if (toks.length >= 2) {
          byFirst.computeIfAbsent(toks[0], k -> new ArrayList<>()).add(toks);
        }
      }
      byFirst.forEach((k, v) -> {
        v.sort((a, b) -> Integer.compare(b.length, a.length));
        protectedByFirst.put(k, v.toArray(new String[0][]));
      });
    }

    String[] apply(scala.collection.Seq<String> seq) {
      return seq == null ? null : merge(ArrayColumnTransformer.toArray(seq));
    }

    String[] merge(String[] t) {
      List<String> out = new ArrayList<>(t.length);
      int i = 0;
      outer:
      while (i < t.length) {
        String[][] prot = protectedByFirst.get(t[i]);
        if (prot != null) {
          for (String[] p : prot) {
            if (matches(t, i, p)) {
              out.add(String.join(delimiter, p));
              i += p.length;
              continue outer;
            }
          }
        }
        if (firsts.contains(t[i])) {
          if (i + 2 < t.length && learned.contains(t[i] + " " + t[i + 1] + " " + t[i + 2])) {
            out.add(t[i] + delimiter + t[i + 1] + delimiter + t[i + 2]);
            i += 3;
            continue;
          }
          if (i + 1 < t.length && learned.contains(t[i] + " " + t[i + 1])) {
            out.add(t[i] + delimiter + t[i + 1]);
            i += 2;
            continue;
          }
        }
        out.add(t[i]);
        i++;
      }
      return out.toArray(new String[0]);
    }

    private static boolean matches(String[] t, int i, String[] p) {
      if (i + p.length > t.length) {
        return false;
      }
      for (int k = 0; k < p.length; k++) {
        if (!t[i + k].equals(p[k])) {
          return false;
        }
      }
      return true;
    }
  }

  /** Metadata JSON (params) plus the phrase table as Parquet under {@code path/data}. */
  private static final class Writer extends MLWriter {
    private final PhraseModel instance;

    Writer(PhraseModel instance) {
      this.instance = instance;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(instance, path, sc(), scala.Option.empty(), scala.Option.empty());
      instance.phraseTable(sparkSession()).coalesce(1).write().parquet(new org.apache.hadoop.fs.Path(path, "data")
          .toString());
    }
  }

  private static final class Reader extends MLReader<PhraseModel> {
    @Override
    public PhraseModel load(String path) {
      DefaultParamsReader.Metadata meta =
          DefaultParamsReader.loadMetadata(path, sc(), PhraseModel.class.getName());
      List<Row> rows = sparkSession().read().parquet(new org.apache.hadoop.fs.Path(path, "data").toString())
          .orderBy(col("score").desc(), col("count").desc(), col("phrase"))
          .select("phrase", "count", "score").collectAsList();
      String[] p = new String[rows.size()];
      long[] c = new long[rows.size()];
      double[] s = new double[rows.size()];
      for (int i = 0; i < p.length; i++) {
        p[i] = rows.get(i).getString(0);
        c[i] = rows.get(i).getLong(1);
        s[i] = rows.get(i).getDouble(2);
      }
      PhraseModel model = new PhraseModel(meta.uid(), p, c, s);
      meta.getAndSetParams(model, scala.Option.empty());
      return model;
    }
  }

  static List<String> asList(String[] a) {
    return Arrays.asList(a);
  }
}
