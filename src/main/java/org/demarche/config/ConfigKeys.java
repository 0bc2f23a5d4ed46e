package org.demarche.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.demarche.config.ConfigKey.Type;

/** Every configuration key with its default and documentation. Names are dotted snake_case, as in the YAML file. */
public final class ConfigKeys {
  private ConfigKeys() {}

  private static final Map<String, ConfigKey> KEYS = new LinkedHashMap<>();

  private static ConfigKey key(String name, Type type, Object def, String doc, String... choices) {
    ConfigKey k = new ConfigKey(name, type, def, doc, List.of(choices));
    KEYS.put(name, k);
    return k;
  }

  // input
  public static final ConfigKey INPUT_PATHS =
      key("input.paths", Type.STRING_LIST, List.of("data/sample"),
          "Files, folders or globs to read (local, hdfs://, s3a://). Folders are read recursively. "
              + "`.gz` and `.bz2` files are decompressed transparently. CLI: `--input` (repeatable).");
  public static final ConfigKey INPUT_FORMAT =
      key("input.format", Type.STRING, "auto",
          "Input format. `auto` picks it per file from the extension (after removing .gz/.bz2): "
              + "`.jsonl`/`.json`/`.ndjson` → jsonl, `.csv`/`.tsv` → csv, `.parquet` → parquet, "
              + "`.txt`/`.text`/no extension → text. CLI: `--format`.",
          "auto", "jsonl", "csv", "parquet", "text");
  public static final ConfigKey FIELD_ID =
      key("input.fields.id", Type.STRING_LIST, List.of("doc_id", "id", "article_id", "guid"),
          "Candidate field names for the document id, first present wins. Without one, "
              + "`doc_id` is a SHA-256 content hash of outlet, title and text.");
  public static final ConfigKey FIELD_TEXT =
      key("input.fields.text", Type.STRING_LIST, List.of("text", "body", "content", "article", "full_text"),
          "Candidate field names for the article body.");
  public static final ConfigKey FIELD_TITLE =
      key("input.fields.title", Type.STRING_LIST, List.of("title", "headline"), "Candidate field names for the title.");
  public static final ConfigKey FIELD_OUTLET =
      key("input.fields.outlet", Type.STRING_LIST, List.of("outlet", "source", "publisher", "site", "media"),
          "Candidate field names for the outlet (publisher).");
  public static final ConfigKey FIELD_DATE =
      key("input.fields.date", Type.STRING_LIST,
          List.of("date", "published", "published_at", "publish_date", "pubdate", "datetime", "timestamp", "year"),
          "Candidate field names for the publication date. A numeric year alone gives a year-precision date.");
  public static final ConfigKey FIELD_URL =
      key("input.fields.url", Type.STRING_LIST, List.of("url", "link", "href"), "Candidate field names for the URL.");
  public static final ConfigKey CSV_DELIMITER =
      key("input.csv.delimiter", Type.STRING, ",", "CSV field delimiter (`\\t` for TSV; `.tsv` files use tab).");
  public static final ConfigKey REQUIRE_DATE =
      key("input.require_date", Type.BOOLEAN, true,
          "Reject records without a parseable date (`missing_date`, `unparseable_date`). When false, such "
              + "articles are kept with a null `published_at` and land in the `dt=__HIVE_DEFAULT_PARTITION__` folder.");
  public static final ConfigKey MIN_DATE =
      key("input.min_date", Type.STRING, "1900-01-01", "Earliest accepted date (ISO); earlier dates are rejected as `date_out_of_range`.");
  public static final ConfigKey MAX_DATE =
      key("input.max_date", Type.STRING, "2100-12-31", "Latest accepted date (ISO).");
  public static final ConfigKey DEFAULT_TIMEZONE =
      key("input.default_timezone", Type.STRING, "UTC", "Time zone for dates without an offset.");
  public static final ConfigKey MAX_DOC_CHARS =
      key("input.max_doc_chars", Type.INT, 1_000_000,
          "Records whose raw payload is longer than this many characters are rejected as `doc_too_large`.");
  public static final ConfigKey MAX_REJECT_PAYLOAD_CHARS =
      key("input.max_reject_payload_chars", Type.INT, 100_000,
          "The `raw_payload` of a reject is cut to this many characters; `payload_bytes` keeps the full size.");
  public static final ConfigKey TEXT_DATE_SCAN_LINES =
      key("input.text.date_scan_lines", Type.INT, 20,
          "Text pages: how many leading lines to search for the date line; lines above it are navigation junk.");
  public static final ConfigKey TEXT_OUTLET =
      key("input.text.outlet", Type.STRING, "",
          "Text pages: the outlet to record. Empty means the name of the folder holding the page (e.g. `rt.com`).");
  public static final ConfigKey INPUT_PARTITIONS =
      key("input.partitions", Type.INT, 0,
          "Repartition the ingested records to this many partitions; 0 means 4 × the default parallelism.");

  // clean
  public static final ConfigKey STRIP_HTML =
      key("clean.strip_html", Type.BOOLEAN, true, "Remove HTML tags and decode entities.");
  public static final ConfigKey REMOVE_BOILERPLATE =
      key("clean.remove_boilerplate", Type.BOOLEAN, true,
          "Remove navigation and icon junk, photo captions and credits, share and related-link lines.");
  public static final ConfigKey REPAIR_MOJIBAKE =
      key("clean.repair_mojibake", Type.BOOLEAN, true, "Repair double-encoded UTF-8 such as `IranÃ¢â‚¬â„¢s`.");
  public static final ConfigKey NORMALIZE_UNICODE =
      key("clean.normalize_unicode", Type.BOOLEAN, true,
          "NFKC-normalise, unify quotes and dashes, rejoin words hyphenated across line breaks, collapse spaces.");
  public static final ConfigKey DETECT_LANGUAGE =
      key("clean.detect_language", Type.BOOLEAN, true, "Detect the language with OpenNLP's bundled language model.");
  public static final ConfigKey LANGUAGES =
      key("clean.languages", Type.STRING_LIST, List.of(),
          "Keep only these ISO 639-1 languages (e.g. `[en]`); others are rejected as `language_filtered`. "
              + "Empty keeps every language.");
  public static final ConfigKey MIN_BODY_CHARS =
      key("clean.min_body_chars", Type.INT, 1,
          "Bodies shorter than this after cleaning are rejected as `empty_body`.");

  // dedupe
  public static final ConfigKey DEDUPE_NEAR =
      key("dedupe.near_duplicates", Type.BOOLEAN, true,
          "Group near-duplicates (wire copies, light edits) into one `story_id` with MinHash LSH.");
  public static final ConfigKey SHINGLE_SIZE =
      key("dedupe.shingle_size", Type.INT, 5, "Word shingle length for near-duplicate detection.");
  public static final ConfigKey HASH_TABLES =
      key("dedupe.num_hash_tables", Type.INT, 6,
          "MinHash LSH recall: a pair at exactly `dedupe.min_jaccard` is missed with probability at most "
              + "(1 - min_jaccard)^n (as with n single-min-hash tables); sizes the banded signature. More finds more "
              + "pairs, slower.");
  public static final ConfigKey JACCARD =
      key("dedupe.min_jaccard", Type.DOUBLE, 0.7,
          "Two articles are the same story when the Jaccard similarity of their shingle sets is at least this.");

  // output
  public static final ConfigKey OUTPUT_PATH =
      key("output.path", Type.STRING, "out", "Output folder; one sub-folder per table. CLI: `--output`.");
  public static final ConfigKey COMPRESSION =
      key("output.compression", Type.STRING, "zstd", "Parquet compression codec.", "zstd", "snappy", "gzip", "none");
  public static final ConfigKey WRITE_TEXT =
      key("output.write_text", Type.BOOLEAN, true, "Write the cleaned body into `articles.text`.");

  // spark
  public static final ConfigKey SHUFFLE_PARTITIONS =
      key("spark.shuffle_partitions", Type.INT, 0,
          "`spark.sql.shuffle.partitions`; 0 keeps the session's value (under local mode we use 2 × cores).");

  public static Map<String, ConfigKey> all() {
    return Collections.unmodifiableMap(KEYS);
  }

  public static List<String> names() {
    return new ArrayList<>(KEYS.keySet());
  }
}
