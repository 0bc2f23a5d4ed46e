package org.demarche.text;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.demarche.ml.StringColumnTransformer;

/**
 * Base for the token stages: {@link StringColumnTransformer} with {@code array<string>} in and out. Null in gives null
 * out; null elements are dropped.
 */
public abstract class ArrayColumnTransformer extends StringColumnTransformer {
  private static final long serialVersionUID = 1L;

  /** {@code array<string>} (elements nullable, as Spark's {@code Tokenizer} writes it). */
  public static final ArrayType TOKENS = DataTypes.createArrayType(DataTypes.StringType, true);

  protected ArrayColumnTransformer(String uid) {
    super(uid);
  }

  @Override
  protected DataType inputType() {
    return TOKENS;
  }

  @Override
  protected DataType outputType() {
    return TOKENS;
  }

  /** A Spark {@code array<string>} value as a Java array; null elements dropped. Works on Scala 2.12 and 2.13. */
  static String[] toArray(scala.collection.Seq<String> seq) {
    int n = seq.length();
    String[] out = new String[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      String s = seq.apply(i);
      if (s != null) {
        out[k++] = s;
      }
    }
    return k == n ? out : java.util.Arrays.copyOf(out, k);
  }
}
