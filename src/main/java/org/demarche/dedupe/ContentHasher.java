package org.demarche.dedupe;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.trim;

import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.demarche.ml.StringColumnTransformer;

/**
 * Exact-duplicate fingerprint of an article body: the lowercase hex SHA-256 (64 characters) of the body's
 * <em>normalised</em> text, so that copies differing only in case, whitespace or punctuation hash equal.
 *
 * <p>Normalisation, done with Spark built-ins only ({@code sha2(trim(regexp_replace(lower(x))))}, no UDF):
 * <ol>
 *   <li>lowercase ({@code lower}, Unicode-aware);</li>
 *   <li>every run of characters that are not Unicode letters ({@code \p{L}}) or digits ({@code \p{N}}) becomes one
 *       space — punctuation, symbols and any whitespace (tabs, newlines, NBSP) act as word separators;</li>
 *   <li>leading and trailing spaces are removed;</li>
 *   <li>SHA-256 of the UTF-8 bytes of the result, as 64 lowercase hex digits.</li>
 * </ol>
 * Two bodies therefore hash equal exactly when they have the same sequence of lowercase letter/digit words (the same
 * words that {@link StoryClusterer} shingles). A body with no letters or digits hashes to the SHA-256 of the empty
 * string. A null body gives a null hash. Punctuation inside a word splits it ({@code don't} → {@code don t}), so a
 * copy that drops an apostrophe does not hash equal; {@link StoryClusterer} catches such copies as near-duplicates.
 * Unicode normalisation (NFKC) is the cleaning stage's job and is not repeated here.
 *
 * <p>Params:
 * <ul>
 *   <li>{@code inputCol} (string column, default {@code "body"}): the article body;</li>
 *   <li>{@code outputCol} (default {@code "content_hash"}): the appended string column; must not exist yet.</li>
 * </ul>
 */
public class ContentHasher extends StringColumnTransformer {
  private static final long serialVersionUID = 1L;

  /** Runs of anything but Unicode letters and digits; shared with {@link StoryClusterer}'s tokeniser. */
  public static final String NON_WORD_REGEX = "[^\\p{L}\\p{N}]+";

  public ContentHasher() {
    this(Identifiable.randomUID("contentHasher"));
  }

  public ContentHasher(String uid) {
    super(uid);
    setDefault(inputCol(), "body");
    setDefault(outputCol(), "content_hash");
  }

  @Override
  public ContentHasher setInputCol(String value) {
    super.setInputCol(value);
    return this;
  }

  @Override
  public ContentHasher setOutputCol(String value) {
    super.setOutputCol(value);
    return this;
  }

  /** The normalised text that is hashed, as a Column expression (null stays null). */
  public static Column normalized(Column body) {
    return trim(regexp_replace(lower(body), lit(NON_WORD_REGEX), lit(" ")));
  }

  @Override
  protected Column outputExpr(Column input) {
    return sha2(normalized(input), 256);
  }

  public static MLReader<ContentHasher> read() {
    return new DefaultParamsReader<>();
  }

  public static ContentHasher load(String path) {
    return read().load(path);
  }
}
