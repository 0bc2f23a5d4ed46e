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
          "Repartition the ingested records to this many partitions; 0 sizes them by the input: one per 8 MiB of "
              + "text (compressed files and Parquet counted at 5 × their size), at least 1 and at most 4 per core "
              + "(default parallelism).");

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
  public static final ConfigKey STORY_WINDOW_DAYS =
      key("dedupe.story_window_days", Type.INT, 7,
          "A batch's article joins an earlier batch's story (and takes its `story_id`) when it is an exact or near "
              + "copy of an article in the output dated at most this many days before the batch's first or after its "
              + "last date; 0 keeps stories within each batch. Needs `output.write_text` on the earlier runs.");

  // actors
  public static final ConfigKey ACTORS_ENABLED =
      key("actors.enabled", Type.BOOLEAN, true,
          "Find actor mentions (countries, leaders, organisations, groups) with the built-in dictionary plus "
              + "`actors.dictionary_path`; writes `actor_mentions`, `document_actors`, `actors` and `actor_candidates`.");
  public static final ConfigKey ACTORS_DICTIONARY =
      key("actors.dictionary_path", Type.STRING, "",
          "A user actor file (TSV, CSV or YAML; see docs/actors.md) that adds or overrides actors of the built-in "
              + "dictionary. Validated before any data is read. Empty: built-in dictionary only.");
  public static final ConfigKey ACTORS_CANDIDATES =
      key("actors.candidates", Type.BOOLEAN, true,
          "Write `actor_candidates`: capitalised names near reporting verbs or titles that match no alias, "
              + "ranked for curation.");

  // text
  public static final ConfigKey TEXT_ENABLED =
      key("text.enabled", Type.BOOLEAN, true,
          "Tokenize, detect phrases, lemmatize and remove stopwords into the `terms` used by keyness and topics.");
  public static final ConfigKey TEXT_MIN_TOKEN_LENGTH =
      key("text.min_token_length", Type.INT, 2, "Shortest token kept (letters only; `un`, `eu` have 2).");
  public static final ConfigKey TEXT_LEMMATIZER =
      key("text.lemmatizer", Type.STRING, "kstem",
          "Lucene lemmatizer/stemmer: `kstem` (Krovetz, dictionary-backed, keeps readable words), `porter`, "
              + "`minimal` (plural-only), `none`.",
          "kstem", "porter", "minimal", "none");
  public static final ConfigKey TEXT_PHRASES =
      key("text.phrases", Type.BOOLEAN, true,
          "Join collocations into one token (`chemical_weapons`, `security_council`), learnt from this batch.");
  public static final ConfigKey TEXT_PHRASE_SCORING =
      key("text.phrase_scoring", Type.STRING, "npmi", "Collocation score: `npmi`, `pmi` or `llr` (log-likelihood).",
          "npmi", "pmi", "llr");
  public static final ConfigKey TEXT_PHRASE_THRESHOLD =
      key("text.phrase_threshold", Type.DOUBLE, 0.5,
          "Minimum collocation score (npmi in [-1, 1], pmi in nats, llr as G²) for a phrase.");
  public static final ConfigKey TEXT_PHRASE_MIN_COUNT =
      key("text.phrase_min_count", Type.INT, 5, "A phrase must occur at least this many times in the batch.");
  public static final ConfigKey TEXT_PHRASE_MAX_N =
      key("text.phrase_max_n", Type.INT, 3, "Longest phrase in tokens (2 or 3).");
  public static final ConfigKey TEXT_ACTOR_PHRASES =
      key("text.actor_phrases", Type.BOOLEAN, true,
          "Multi-word names of the actors found in the batch become single tokens (`john_kerry`, "
              + "`syrian_national_council`), whatever their collocation score.");
  public static final ConfigKey TEXT_EXTRA_STOPWORDS =
      key("text.extra_stopwords", Type.STRING_LIST, List.of(),
          "Words removed in addition to the English and news-boilerplate stopword lists.");
  public static final ConfigKey TEXT_MIN_DF =
      key("text.min_df", Type.DOUBLE, 5.0,
          "Vocabulary pruning: a term must occur in at least this many documents (a value below 1 is a share of "
              + "documents).");
  public static final ConfigKey TEXT_MAX_DF =
      key("text.max_df", Type.DOUBLE, 0.5,
          "Vocabulary pruning: drop terms in more than this share of documents (a value of 1 or more is a count).");
  public static final ConfigKey TEXT_VOCAB_SIZE =
      key("text.vocab_size", Type.INT, 262_144, "Vocabulary pruning: keep at most this many terms, by corpus frequency.");

  // keyness
  public static final ConfigKey KEYNESS_ENABLED =
      key("keyness.enabled", Type.BOOLEAN, true,
          "Write `keyness`: the most distinctive terms per group, by log-odds with an informative Dirichlet prior "
              + "(Monroe et al. 2008) and by TF-IDF.");
  public static final ConfigKey KEYNESS_GROUPS =
      key("keyness.groups", Type.STRING_LIST, List.of("outlet", "month"),
          "Groups to compare: `outlet`, `month` (calendar month of the article), `year`, `actor` (articles that "
              + "mention the actor; opt-in: it joins every article's terms to each of its actors, the costliest "
              + "grouping).");
  public static final ConfigKey KEYNESS_TOP_N =
      key("keyness.top_n", Type.INT, 50, "Terms kept per group and method.");
  public static final ConfigKey KEYNESS_ALPHA0 =
      key("keyness.prior_strength", Type.DOUBLE, 1000.0,
          "α0 of the informative Dirichlet prior: pseudo-counts spread over terms by their corpus frequency.");
  public static final ConfigKey KEYNESS_MIN_COUNT =
      key("keyness.min_count", Type.INT, 5, "A term must occur at least this many times in a group to rank for it.");
  public static final ConfigKey KEYNESS_MAX_ACTORS =
      key("keyness.max_actors", Type.INT, 200,
          "For the `actor` group: compare only the actors mentioned in the most documents, at most this many.");
  public static final ConfigKey KEYNESS_ACTOR_MIN_MENTIONS =
      key("keyness.actor_min_mentions", Type.INT, 2,
          "For the `actor` group: an article belongs to an actor it mentions at least this many times (passing "
              + "mentions in long articles would blur the actor's profile).");
  public static final ConfigKey KEYNESS_MIN_GROUP_DOCS =
      key("keyness.min_group_docs", Type.INT, 5, "Groups with fewer documents are skipped.");

  // outlets
  public static final ConfigKey OUTLETS_FILE =
      key("outlets.file", Type.STRING, "",
          "Outlet attributes: a CSV file with a header (an `outlet` column, one column per attribute such as "
              + "`country`, `ownership`, `lean`, `language`) or a YAML list of maps with `outlet`. Joined on the trimmed, "
              + "lower-cased outlet name into `articles.outlet_attributes`; an outlet it does not list gets none. Empty: "
              + "no file.");
  public static final ConfigKey OUTLETS_FIELDS =
      key("outlets.fields", Type.STRING_LIST, List.of(),
          "Input fields copied into `articles.outlet_attributes` per article: `bias_text` (under its own name) or "
              + "`lean=bias_text`; a field present on the article wins over `outlets.file`.");

  // story threads
  public static final ConfigKey THREADS_ENABLED =
      key("threads.enabled", Type.BOOLEAN, true,
          "Group articles from any outlet that report the same event into story threads: writes "
              + "`articles.thread_id`, `articles.key_terms` and `story_threads`. Needs text.enabled (TF-IDF).");
  public static final ConfigKey THREADS_WINDOW_DAYS =
      key("threads.window_days", Type.INT, 3,
          "Two articles can be linked only when their dates are at most this many days apart.");
  public static final ConfigKey THREADS_MIN_SIMILARITY =
      key("threads.min_similarity", Type.DOUBLE, 0.35,
          "Link two articles when (1 - actor_weight) x cosine of their top TF-IDF terms + actor_weight x cosine of "
              + "their actors reaches this.");
  public static final ConfigKey THREADS_MAX_SPAN_DAYS =
      key("threads.max_span_days", Type.INT, 3,
          "A thread never spans more days than this (first to last article), so a running subject does not chain "
              + "into one thread.");
  public static final ConfigKey THREADS_MIN_LINK_SHARE =
      key("threads.min_link_share", Type.DOUBLE, 0.8,
          "Two groups of linked articles merge only when at least this share of the pairs across them are linked "
              + "(average linkage: one article that touches two events does not join them); 0 is single linkage.");
  public static final ConfigKey THREADS_TOP_TERMS =
      key("threads.top_terms", Type.INT, 30, "An article's strongest TF-IDF terms that its thread vector keeps.");
  public static final ConfigKey THREADS_ACTOR_WEIGHT =
      key("threads.actor_weight", Type.DOUBLE, 0.2,
          "Share of shared actors (weighted by salience and rarity) in the similarity; 0 uses terms only.");
  public static final ConfigKey THREADS_MAX_BLOCK_DOCS =
      key("threads.max_block_docs", Type.INT, 2000,
          "A term or actor held by more articles than this within one window of days links none of them (it is in "
              + "everything that week); bounds the pairs compared.");

  // stance
  public static final ConfigKey STANCE_ENABLED =
      key("stance.enabled", Type.BOOLEAN, true,
          "Find statements (who said what), targeted tone, CAMEO events and issue stance; writes `statements`, "
              + "`stance`, `events` and the document tone columns of `articles`. Needs actors.enabled.");
  public static final ConfigKey STANCE_ISSUES_FILE =
      key("stance.issues_file", Type.STRING, "",
          "A YAML file of issues (`issues: [{id, label, phrases, context, target_actor}]`, see docs/stance.md) "
              + "added to the built-in ones; an issue with a built-in id replaces it. Empty: built-in issues only.");
  public static final ConfigKey STANCE_TONE_MODEL =
      key("stance.tone_model", Type.STRING, "builtin",
          "Targeted tone scorer: `builtin` (the linear model trained on NewsMTSC that ships in the jar), `lexicon` "
              + "(VADER rules only), or the path of a model written by `demarche train stance`.");
  public static final ConfigKey STANCE_VERB_DICTIONARY =
      key("stance.verb_dictionary", Type.STRING, "",
          "A PETRARCH-format CAMEO verb dictionary used instead of the built-in CAMEO.2.0 one. Empty: built-in.");
  public static final ConfigKey STANCE_AUTHOR_TONE =
      key("stance.author_tone", Type.BOOLEAN, true,
          "Also write tone rows for actors outside any statement (the outlet's own voice, `source_type` = outlet), "
              + "one per actor and sentence.");
  public static final ConfigKey STANCE_MIN_CONFIDENCE =
      key("stance.min_confidence", Type.DOUBLE, 0.0,
          "Stance, event and statement rows below this confidence are not written.");

  // trends
  public static final ConfigKey TRENDS_ENABLED =
      key("trends.enabled", Type.BOOLEAN, true,
          "Recompute `actor_trends`, `dyad_trends`, `issue_trends`, `outlet_trends` and `alerts` from all the fact "
              + "tables in the output folder at the end of a run (`demarche trends` does it on its own).");
  public static final ConfigKey TRENDS_GRAINS =
      key("trends.grains", Type.STRING_LIST, List.of("day", "week", "month"),
          "Periods of the trend and alert tables: `day`, `week` (ISO weeks, starting Monday), `month`.");
  public static final ConfigKey TRENDS_EVIDENCE =
      key("trends.evidence", Type.INT, 3, "Evidence sentences kept per trend or alert row (the most confident); "
          + "in `topic_trends`, the articles with the highest topic weight.");
  public static final ConfigKey ALERTS_BASELINE =
      key("alerts.baseline_periods", Type.INT, 8,
          "Trailing periods that form an alert's baseline (see docs/trends.md for the rule).");
  public static final ConfigKey ALERTS_MIN_BASELINE =
      key("alerts.min_baseline_periods", Type.INT, 4, "No alert before a series has this many baseline periods.");
  public static final ConfigKey ALERTS_Z =
      key("alerts.z_threshold", Type.DOUBLE, 3.0, "Alert when |z| of volume or mean tone reaches this.");
  public static final ConfigKey ALERTS_MIN_COUNT =
      key("alerts.min_count", Type.INT, 3,
          "Least articles (volume) or tone scores (tone) in the period, and in the baseline for tone, to alert.");
  public static final ConfigKey FRAMING_GROUPS =
      key("framing.groups", Type.STRING_LIST, List.of("outlet"),
          "Outlet groups the framing tables compare: `outlet`, and keys of `articles.outlet_attributes` (e.g. `lean`, "
              + "`country`, `ownership` from outlets.file or outlets.fields).");
  public static final ConfigKey FRAMING_GRAINS =
      key("framing.grains", Type.STRING_LIST, List.of("thread", "month"),
          "Grains of `framing` and `framing_divergence`: `thread` (one story thread) and periods `day`, `week`, "
              + "`month`, `year`; empty turns framing off. Written by the trends phase when stance is on.");
  public static final ConfigKey FRAMING_MIN_UNITS =
      key("framing.min_units", Type.INT, 3,
          "A framing row needs at least this many tone or issue units (or events) toward its target.");
  public static final ConfigKey FRAMING_VOICE =
      key("framing.voice", Type.STRING, "all",
          "Whose words the framing tables average: `all` (every tone and issue unit in a group's articles), `outlet` "
              + "(the article's own voice: `stance.source_type = 'outlet'`, outside any attributed statement) or "
              + "`actor` (attributed statements only). Events are counted whatever the voice.",
          "all", "outlet", "actor");

  // topics
  public static final ConfigKey TOPICS_ENABLED =
      key("topics.enabled", Type.BOOLEAN, true,
          "Fit (or apply) a topic model on the `text.*` terms; writes `topics`, `doc_topics`, `topic_lineage`, "
              + "`topic_trends` and saves the model under `<output>/models/topics/<model_id>/`.");
  public static final ConfigKey TOPICS_ENGINE =
      key("topics.engine", Type.STRING, "gibbs",
          "`gibbs`: distributed collapsed Gibbs sampling (approximate distributed LDA with a sparse sampler and "
              + "hyperparameter optimisation); `online`: Spark MLlib's online variational LDA.",
          "gibbs", "online");
  public static final ConfigKey TOPICS_K =
      key("topics.k", Type.INT, 20, "Number of topics.");
  public static final ConfigKey TOPICS_ITERATIONS =
      key("topics.iterations", Type.INT, 200,
          "Sweeps over the corpus (gibbs) or mini-batch iterations (online; each sees `topics.online.subsampling_rate`"
              + " of the documents).");
  public static final ConfigKey TOPICS_SEED =
      key("topics.seed", Type.INT, 1, "Random seed; the same seed, data and partitions give the same model.");
  public static final ConfigKey TOPICS_SEEDS =
      key("topics.seeds", Type.INT, 1,
          "Multi-seed mode: fit this many models (seeds `seed` … `seed + n − 1`); the first is kept and each of its "
              + "topics gets `stability`, the share of the other seeds in which it recurs (cosine ≥ 0.8).");
  public static final ConfigKey TOPICS_ALPHA_SUM =
      key("topics.gibbs.alpha_sum", Type.DOUBLE, 5.0,
          "Gibbs: initial sum of the document-topic Dirichlet α over topics (MALLET's default); optimised later.");
  public static final ConfigKey TOPICS_BETA =
      key("topics.gibbs.beta", Type.DOUBLE, 0.01, "Gibbs: initial topic-word Dirichlet β; optimised later.");
  public static final ConfigKey TOPICS_OPTIMIZE_INTERVAL =
      key("topics.gibbs.optimize_interval", Type.INT, 10,
          "Gibbs: re-estimate α (asymmetric) and β every this many sweeps after burn-in; 0 keeps them fixed.");
  public static final ConfigKey TOPICS_BURN_IN =
      key("topics.gibbs.burn_in", Type.INT, 50, "Gibbs: sweeps before the first hyperparameter optimisation.");
  public static final ConfigKey TOPICS_INIT =
      key("topics.gibbs.init", Type.STRING, "clusters",
          "Gibbs: the tokens' starting topics. `clusters`: deterministic, from spherical k-means over the documents' "
              + "tf-idf (the 4,096 most frequent terms, a fixed k-means seed), so `topics.seed` drives only the "
              + "sampling and fits with different seeds start from the same topics; `random`: uniform, as MALLET.",
          "clusters", "random");
  public static final ConfigKey TOPICS_LOCAL_MAX_TOKENS =
      key("topics.gibbs.local_max_tokens", Type.INT, 1_000_000,
          "Gibbs: a fit with at most this many tokens runs all its sweeps in one Spark task (the same partitions, "
              + "seeds and merges, so the same model as the distributed loop) instead of one Spark job per sweep, "
              + "which costs more than a second core saves on small corpora; 0 always samples distributed.");
  public static final ConfigKey TOPICS_WARM_START =
      key("topics.warm_start", Type.BOOLEAN, true,
          "Gibbs: when a previous model with the same `topics.k` is found (`topics.previous_model`), start the refit "
              + "from its topic-word weights (matched by term) instead of from `topics.gibbs.init`, so a refit on a "
              + "grown corpus keeps its topics and their ids.");
  public static final ConfigKey TOPICS_SUBSAMPLING =
      key("topics.online.subsampling_rate", Type.DOUBLE, 0.05,
          "Online: share of documents in each mini-batch (MLlib default 0.05).");
  public static final ConfigKey TOPICS_MIN_DOC_WEIGHT =
      key("topics.min_doc_weight", Type.DOUBLE, 0.01, "`doc_topics` keeps topic weights at or above this.");
  public static final ConfigKey TOPICS_TOP_TERMS =
      key("topics.top_terms", Type.INT, 10, "Top terms per topic for labels and coherence (NPMI, UMass).");
  public static final ConfigKey TOPICS_MODEL =
      key("topics.model", Type.STRING, "",
          "Apply this saved model (a `<output>/models/topics/<model_id>` folder) instead of fitting: the batch is "
              + "tokenized with the model's own text stages and vocabulary, so trends across batches share topics. "
              + "Empty: the newest model the output folder holds (see `topics.refit`), or a fit when it holds none. "
              + "CLI: `--topic-model` of `demarche run` and `demarche topics`.");
  public static final ConfigKey TOPICS_REFIT =
      key("topics.refit", Type.BOOLEAN, false,
          "`demarche run` into a folder that already holds a topic model applies the newest one (`topics.model` "
              + "empty), so every batch's `doc_topics` and `topic_trends` share topics and ids. `true`: fit a new "
              + "model on this batch instead (its topics aligned to the previous model's ids, `topics.previous_model`). "
              + "A rerun of the batch that fitted the newest model fits again, which gives the same model. To refit "
              + "on every article in the folder, use `demarche topics`. CLI: `--refit-topics`.");
  public static final ConfigKey TOPICS_PREVIOUS_MODEL =
      key("topics.previous_model", Type.STRING, "auto",
          "Align a newly fitted model's topics to this model so matched topics keep their `topic_id` "
              + "(`topic_lineage` records matched, new, merged and retired topics). `auto`: the newest other model "
              + "under `<output>/models/topics/`; `none`: no alignment. `demarche topics` also re-tokenizes the "
              + "articles with this model's text stages (`auto` and `none`: the newest model's).");
  public static final ConfigKey TOPICS_ALIGN_THRESHOLD =
      key("topics.align_threshold", Type.DOUBLE, 0.5,
          "Minimum topic-word cosine for a refitted topic to keep a previous topic's id (Hungarian matching).");
  public static final ConfigKey TOPICS_TREND_GRAINS =
      key("topics.trend_grains", Type.STRING_LIST, List.of("day", "week", "month"),
          "Periods of `topic_trends`: any of `day`, `week` (ISO, Monday start), `month`.");

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
          "`spark.sql.shuffle.partitions`; 0 keeps the session's value, or, in local mode when no "
              + "`spark.sql.shuffle.partitions` is given, one per 16 MiB of input, at least 1 and at most 2 per core.");

  public static Map<String, ConfigKey> all() {
    return Collections.unmodifiableMap(KEYS);
  }

  public static List<String> names() {
    return new ArrayList<>(KEYS.keySet());
  }
}
