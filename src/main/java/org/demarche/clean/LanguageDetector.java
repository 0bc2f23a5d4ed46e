package org.demarche.clean;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.ml.Schemas;

/**
 * Detects the language of a text with Apache OpenNLP's {@code LanguageDetectorME} and the 103-language model
 * {@code langdetect-183.bin} from {@code org.apache.opennlp:opennlp-models-langdetect:1.2.0}. The model is loaded
 * once per JVM (driver and each executor) on first use; a detector instance is kept per thread.
 *
 * <p>Input: {@code inputCol}, string. Outputs: {@code outputCol}, string, an ISO 639-1 code ({@code en}, {@code fr},
 * {@code ru}, {@code ar} ...; mapped from the model's ISO 639-3 code via {@link Locale}, with {@code cmn} →
 * {@code zh}, {@code pes} → {@code fa}, {@code zlm} → {@code ms}, {@code ekk} → {@code et}, {@code lvs} → {@code lv}
 * and {@code nob} → {@code nb}; codes without a 2-letter form stay 3-letter); and {@code confidenceCol}, double, the
 * model's probability for that language. Null input, or input with fewer than {@code minChars} non-whitespace
 * characters, gives null in both outputs.
 *
 * <p>Params:
 *
 * <ul>
 *   <li>{@code inputCol} (string): column to read. No default.
 *   <li>{@code outputCol} (string): language column to add. Default {@code lang}.
 *   <li>{@code confidenceCol} (string): confidence column to add. Default {@code lang_confidence}.
 *   <li>{@code minChars} (int, at least 1): shortest text (non-whitespace characters) that gets a language. Default
 *       {@code 20}.
 *   <li>{@code maxChars} (int, at least 1): only the first this many characters are given to the model. Default
 *       {@code 2000}.
 * </ul>
 */
public class LanguageDetector extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  /** Resource name of the model inside the opennlp-models-langdetect jar. */
  public static final String MODEL_RESOURCE = "/langdetect-183.bin";

  private final String uid;
  private final Param<String> inputCol;
  private final Param<String> outputCol;
  private final Param<String> confidenceCol;
  private final IntParam minChars;
  private final IntParam maxChars;

  public LanguageDetector() {
    this(Identifiable.randomUID("langDetect"));
  }

  public LanguageDetector(String uid) {
    this.uid = uid;
    inputCol = new Param<>(this, "inputCol", "text column");
    outputCol = new Param<>(this, "outputCol", "language code column to add");
    confidenceCol = new Param<>(this, "confidenceCol", "confidence column to add");
    minChars = new IntParam(this, "minChars", "shortest text (non-whitespace chars) that gets a language (>= 1)",
        ParamValidators.gtEq(1));
    maxChars = new IntParam(this, "maxChars", "characters given to the model (>= 1)", ParamValidators.gtEq(1));
    setDefault(outputCol, "lang");
    setDefault(confidenceCol, "lang_confidence");
    setDefault(minChars, 20);
    setDefault(maxChars, 2000);
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> inputCol() {
    return inputCol;
  }

  public Param<String> outputCol() {
    return outputCol;
  }

  public Param<String> confidenceCol() {
    return confidenceCol;
  }

  public IntParam minChars() {
    return minChars;
  }

  public IntParam maxChars() {
    return maxChars;
  }

  public String getInputCol() {
    return $(inputCol);
  }

  public String getOutputCol() {
    return $(outputCol);
  }

  public String getConfidenceCol() {
    return $(confidenceCol);
  }

  public int getMinChars() {
    return (Integer) $(minChars);
  }

  public int getMaxChars() {
    return (Integer) $(maxChars);
  }

  public LanguageDetector setInputCol(String v) {
    set(inputCol, v);
    return this;
  }

  public LanguageDetector setOutputCol(String v) {
    set(outputCol, v);
    return this;
  }

  public LanguageDetector setConfidenceCol(String v) {
    set(confidenceCol, v);
    return this;
  }

  public LanguageDetector setMinChars(int v) {
    set(minChars, v);
    return this;
  }

  public LanguageDetector setMaxChars(int v) {
    set(maxChars, v);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    if (!isDefined(inputCol)) {
      throw new IllegalArgumentException("LanguageDetector: set inputCol");
    }
    if (getOutputCol().equals(getConfidenceCol())) {
      throw new IllegalArgumentException("confidenceCol: must differ from outputCol '" + getOutputCol() + "'");
    }
    Schemas.checkColumnType(schema, "inputCol", getInputCol(), DataTypes.StringType);
    StructType s = Schemas.appendColumn(schema, "outputCol", getOutputCol(), DataTypes.StringType);
    return Schemas.appendColumn(s, "confidenceCol", getConfidenceCol(), DataTypes.DoubleType);
  }

  private static final StructType RESULT = new StructType()
      .add("lang", DataTypes.StringType, true)
      .add("confidence", DataTypes.DoubleType, true);

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    final int min = getMinChars();
    final int max = getMaxChars();
    UDF1<String, Row> f = s -> {
      Language l = detect(s, min, max);
      return l == null ? null : RowFactory.create(l.getLang(), l.getConfidence());
    };
    String tmp = "__" + uid + "_lang";
    return dataset.withColumn(tmp, functions.udf(f, RESULT).apply(functions.col(getInputCol())))
        .withColumn(getOutputCol(), functions.col(tmp).getField("lang"))
        .withColumn(getConfidenceCol(), functions.col(tmp).getField("confidence"))
        .drop(tmp);
  }

  @Override
  public Transformer copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<LanguageDetector> read() {
    return new DefaultParamsReader<>();
  }

  public static LanguageDetector load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "LanguageDetector: uid=" + uid + ", " + extractParamMap().toString().replace('\n', ' ');
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** Lazy per-JVM model holder. */
  private static final class Holder {
    static final LanguageDetectorModel MODEL = load();

    private static LanguageDetectorModel load() {
      try (InputStream in = LanguageDetector.class.getResourceAsStream(MODEL_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(MODEL_RESOURCE + " not on the classpath: add "
              + "org.apache.opennlp:opennlp-models-langdetect:1.2.0");
        }
        return new LanguageDetectorModel(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static final ThreadLocal<LanguageDetectorME> DETECTOR =
      ThreadLocal.withInitial(() -> new LanguageDetectorME(Holder.MODEL));

  private static final Map<String, String> ISO3_TO_1 = new HashMap<>();

  static {
    for (String two : Locale.getISOLanguages()) {
      try {
        ISO3_TO_1.putIfAbsent(new Locale(two).getISO3Language(), two);
      } catch (java.util.MissingResourceException e) {
        // no 3-letter form: skip
      }
    }
    ISO3_TO_1.put("cmn", "zh");
    ISO3_TO_1.put("pes", "fa");
    ISO3_TO_1.put("zlm", "ms");
    ISO3_TO_1.put("ekk", "et");
    ISO3_TO_1.put("lvs", "lv");
    ISO3_TO_1.put("nob", "nb");
  }

  /** ISO 639-1 code for an ISO 639-3 code, or the code itself when there is none. */
  public static String toIso1(String iso3) {
    return iso3 == null ? null : ISO3_TO_1.getOrDefault(iso3, iso3);
  }

  private static Language detect(String s, int minChars, int maxChars) {
    if (s == null) {
      return null;
    }
    int nonSpace = 0;
    for (int i = 0; i < s.length() && nonSpace < minChars; i++) {
      if (!Character.isWhitespace(s.charAt(i))) {
        nonSpace++;
      }
    }
    if (nonSpace < minChars) {
      return null;
    }
    String sample = s.length() > maxChars ? s.substring(0, maxChars) : s;
    Language l = DETECTOR.get().predictLanguage(sample);
    return new Language(toIso1(l.getLang()), l.getConfidence());
  }

  /**
   * The ISO 639-1 language and confidence of {@code s}, or null when {@code s} is null or shorter than
   * {@code minChars} non-whitespace characters.
   */
  public static Map.Entry<String, Double> detectLanguage(String s, int minChars, int maxChars) {
    Language l = detect(s, minChars, maxChars);
    return l == null ? null : Map.entry(l.getLang(), l.getConfidence());
  }
}
