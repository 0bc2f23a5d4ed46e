package org.demarche.text;

import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.demarche.ml.StringColumnTransformer;

/**
 * Adds the {@link DocumentAnalysis} of a text column (sentences, paragraphs, word tokens with offsets) as a struct
 * column ({@link DocumentAnalysis#TYPE}). The actor matcher and the stance annotator take it as their
 * {@code analysisCol}, so a document is analysed once however many engines read it. Null text gives null.
 */
public class DocumentAnalyzer extends StringColumnTransformer {
  private static final long serialVersionUID = 1L;

  public DocumentAnalyzer() {
    this(Identifiable.randomUID("docAnalysis"));
  }

  public DocumentAnalyzer(String uid) {
    super(uid);
  }

  @Override
  public DocumentAnalyzer setInputCol(String value) {
    super.setInputCol(value);
    return this;
  }

  @Override
  public DocumentAnalyzer setOutputCol(String value) {
    super.setOutputCol(value);
    return this;
  }

  @Override
  protected DataType outputType() {
    return DocumentAnalysis.TYPE;
  }

  @Override
  protected Column outputExpr(Column input) {
    UDF1<String, Row> f = s -> s == null ? null : DocumentAnalysis.of(s).toRow();
    return functions.udf(f, DocumentAnalysis.TYPE).apply(input);
  }

  public static MLReader<DocumentAnalyzer> read() {
    return new DefaultParamsReader<>();
  }

  public static DocumentAnalyzer load(String path) {
    return read().load(path);
  }
}
