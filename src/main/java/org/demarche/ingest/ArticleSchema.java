package org.demarche.ingest;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The one canonical article schema every reader maps its input to, and the column names used across phases.
 *
 * <p>{@code raw} carries the original payload (a JSON line, a CSV row as JSON, a text page) until the article is
 * accepted or rejected, so that a reject can always show what was read. It is not written to {@code articles}.
 */
public final class ArticleSchema {
  private ArticleSchema() {}

  public static final String DOC_ID = "doc_id";
  public static final String SOURCE_FILE = "source_file";
  /** Line number (1-based) for line formats, row index for Parquet and CSV, 0 for one-document files. */
  public static final String SOURCE_OFFSET = "source_offset";
  public static final String OUTLET = "outlet";
  public static final String URL = "url";
  public static final String TITLE = "title";
  public static final String TEXT = "text";
  public static final String PUBLISHED_RAW = "published_raw";
  /** Other scalar input fields, kept as strings (e.g. UNGDC {@code iso3}, {@code speaker}). */
  public static final String META = "meta";
  public static final String RAW = "raw";
  /** Size of the raw payload in bytes, before any truncation of {@code raw}. */
  public static final String RAW_BYTES = "raw_bytes";
  /** Null for a usable record; otherwise the reject reason found while reading (e.g. {@code malformed_json}). */
  public static final String READ_ERROR = "read_error";
  public static final String READ_ERROR_DETAIL = "read_error_detail";

  /** What every reader returns. */
  public static final StructType INGESTED =
      new StructType()
          .add(DOC_ID, DataTypes.StringType, true)
          .add(SOURCE_FILE, DataTypes.StringType, false)
          .add(SOURCE_OFFSET, DataTypes.LongType, false)
          .add(OUTLET, DataTypes.StringType, true)
          .add(URL, DataTypes.StringType, true)
          .add(TITLE, DataTypes.StringType, true)
          .add(TEXT, DataTypes.StringType, true)
          .add(PUBLISHED_RAW, DataTypes.StringType, true)
          .add(META, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true)
          .add(RAW, DataTypes.StringType, true)
          .add(RAW_BYTES, DataTypes.LongType, false)
          .add(READ_ERROR, DataTypes.StringType, true)
          .add(READ_ERROR_DETAIL, DataTypes.StringType, true);
}
