package org.demarche.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.demarche.config.ConfigKey.Type;

/**
 * Resolves a {@link JobConfig}. Precedence, highest first: CLI options and {@code --set key=value}, then the YAML
 * file ({@code --config}), then the defaults in {@link ConfigKeys}. Unknown keys are an error, with the closest
 * known key suggested.
 */
public final class ConfigLoader {
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final Map<String, String> origin = new TreeMap<>();

  public ConfigLoader() {
    for (ConfigKey k : ConfigKeys.all().values()) {
      values.put(k.name(), k.defaultValue());
      origin.put(k.name(), "default");
    }
  }

  /** Reads a YAML (or JSON) file with nested or dotted keys. */
  public ConfigLoader file(Path path) {
    if (path == null) {
      return this;
    }
    if (!Files.isRegularFile(path)) {
      throw new ConfigException("--config " + path + ": file not found; give the path to a YAML file");
    }
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(path.toFile());
    } catch (IOException e) {
      throw new ConfigException("--config " + path + ": not valid YAML: " + e.getMessage().split("\n")[0], e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return this;
    }
    if (!root.isObject()) {
      throw new ConfigException("--config " + path + ": the top level must be a mapping of keys to values");
    }
    Map<String, JsonNode> flat = new LinkedHashMap<>();
    flatten("", root, flat);
    for (Map.Entry<String, JsonNode> e : flat.entrySet()) {
      ConfigKey key = known(e.getKey(), "in " + path);
      values.put(key.name(), fromNode(key, e.getValue()));
      origin.put(key.name(), "file");
    }
    return this;
  }

  /** Applies {@code key=value} overrides (lists as comma-separated values or {@code [a, b]}). */
  public ConfigLoader sets(Map<String, String> overrides) {
    if (overrides == null) {
      return this;
    }
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      ConfigKey key = known(e.getKey().trim(), "in --set");
      values.put(key.name(), fromString(key, e.getValue()));
      origin.put(key.name(), "cli");
    }
    return this;
  }

  /** Sets one key from a typed CLI option (e.g. {@code --input}); ignored when {@code value} is null. */
  public ConfigLoader option(ConfigKey key, Object value) {
    if (value != null) {
      values.put(key.name(), value);
      origin.put(key.name(), "cli");
    }
    return this;
  }

  /** Validates a CLI value against a key's choices and returns it. */
  public static String choice(ConfigKey key, String value) {
    return (String) fromString(key, value);
  }

  /** Where each key's value came from: default, file or cli. */
  public Map<String, String> origins() {
    return Map.copyOf(origin);
  }

  /** The resolved flat key → value map (for logging and the {@code runs} table). */
  public Map<String, Object> resolved() {
    return new TreeMap<>(values);
  }

  public JobConfig build(String master) {
    JobConfig.FieldMapping fields =
        new JobConfig.FieldMapping(list(ConfigKeys.FIELD_ID), list(ConfigKeys.FIELD_TEXT),
            list(ConfigKeys.FIELD_TITLE), list(ConfigKeys.FIELD_OUTLET), list(ConfigKeys.FIELD_DATE),
            list(ConfigKeys.FIELD_URL));
    String delimiter = str(ConfigKeys.CSV_DELIMITER).replace("\\t", "\t");
    if (delimiter.length() != 1) {
      throw new ConfigException("input.csv.delimiter must be one character but was '" + delimiter + "'");
    }
    JobConfig.InputConfig input =
        new JobConfig.InputConfig(list(ConfigKeys.INPUT_PATHS), str(ConfigKeys.INPUT_FORMAT), fields, delimiter,
            bool(ConfigKeys.REQUIRE_DATE), date(ConfigKeys.MIN_DATE), date(ConfigKeys.MAX_DATE),
            zone(ConfigKeys.DEFAULT_TIMEZONE), integer(ConfigKeys.MAX_DOC_CHARS),
            integer(ConfigKeys.MAX_REJECT_PAYLOAD_CHARS), integer(ConfigKeys.TEXT_DATE_SCAN_LINES), str(ConfigKeys.TEXT_OUTLET),
            integer(ConfigKeys.INPUT_PARTITIONS));
    JobConfig.CleanConfig clean =
        new JobConfig.CleanConfig(bool(ConfigKeys.STRIP_HTML), bool(ConfigKeys.REMOVE_BOILERPLATE),
            bool(ConfigKeys.REPAIR_MOJIBAKE), bool(ConfigKeys.NORMALIZE_UNICODE), bool(ConfigKeys.DETECT_LANGUAGE),
            list(ConfigKeys.LANGUAGES), integer(ConfigKeys.MIN_BODY_CHARS));
    JobConfig.DedupeConfig dedupe =
        new JobConfig.DedupeConfig(bool(ConfigKeys.DEDUPE_NEAR), integer(ConfigKeys.SHINGLE_SIZE),
            integer(ConfigKeys.HASH_TABLES), dbl(ConfigKeys.JACCARD), integer(ConfigKeys.STORY_WINDOW_DAYS));
    JobConfig.OutputConfig output =
        new JobConfig.OutputConfig(str(ConfigKeys.OUTPUT_PATH), str(ConfigKeys.COMPRESSION),
            bool(ConfigKeys.WRITE_TEXT));
    JobConfig.ActorsConfig actors =
        new JobConfig.ActorsConfig(bool(ConfigKeys.ACTORS_ENABLED), str(ConfigKeys.ACTORS_DICTIONARY),
            bool(ConfigKeys.ACTORS_CANDIDATES));
    JobConfig.TextConfig text =
        new JobConfig.TextConfig(bool(ConfigKeys.TEXT_ENABLED), integer(ConfigKeys.TEXT_MIN_TOKEN_LENGTH),
            str(ConfigKeys.TEXT_LEMMATIZER), bool(ConfigKeys.TEXT_PHRASES), str(ConfigKeys.TEXT_PHRASE_SCORING),
            dbl(ConfigKeys.TEXT_PHRASE_THRESHOLD), integer(ConfigKeys.TEXT_PHRASE_MIN_COUNT),
            integer(ConfigKeys.TEXT_PHRASE_MAX_N), bool(ConfigKeys.TEXT_ACTOR_PHRASES),
            list(ConfigKeys.TEXT_EXTRA_STOPWORDS), dbl(ConfigKeys.TEXT_MIN_DF), dbl(ConfigKeys.TEXT_MAX_DF),
            integer(ConfigKeys.TEXT_VOCAB_SIZE));
    JobConfig.KeynessConfig keyness =
        new JobConfig.KeynessConfig(bool(ConfigKeys.KEYNESS_ENABLED), list(ConfigKeys.KEYNESS_GROUPS),
            integer(ConfigKeys.KEYNESS_TOP_N), dbl(ConfigKeys.KEYNESS_ALPHA0), integer(ConfigKeys.KEYNESS_MIN_COUNT),
            integer(ConfigKeys.KEYNESS_MIN_GROUP_DOCS), integer(ConfigKeys.KEYNESS_MAX_ACTORS),
            integer(ConfigKeys.KEYNESS_ACTOR_MIN_MENTIONS));
    if (keyness.enabled() && !text.enabled()) {
      throw new ConfigException("keyness.enabled needs text.enabled: set text.enabled=true or keyness.enabled=false");
    }
    if (keyness.enabled() && keyness.groups().contains("actor") && !actors.enabled()) {
      throw new ConfigException(
          "keyness.groups has 'actor' but actors.enabled is false: enable actors or remove 'actor' from keyness.groups");
    }
    JobConfig.TopicsConfig topics =
        new JobConfig.TopicsConfig(bool(ConfigKeys.TOPICS_ENABLED), str(ConfigKeys.TOPICS_ENGINE),
            integer(ConfigKeys.TOPICS_K), integer(ConfigKeys.TOPICS_ITERATIONS), integer(ConfigKeys.TOPICS_SEED),
            integer(ConfigKeys.TOPICS_SEEDS), dbl(ConfigKeys.TOPICS_ALPHA_SUM), dbl(ConfigKeys.TOPICS_BETA),
            integer(ConfigKeys.TOPICS_OPTIMIZE_INTERVAL), integer(ConfigKeys.TOPICS_BURN_IN),
            dbl(ConfigKeys.TOPICS_SUBSAMPLING), dbl(ConfigKeys.TOPICS_MIN_DOC_WEIGHT),
            integer(ConfigKeys.TOPICS_TOP_TERMS), str(ConfigKeys.TOPICS_MODEL), str(ConfigKeys.TOPICS_PREVIOUS_MODEL),
            dbl(ConfigKeys.TOPICS_ALIGN_THRESHOLD), list(ConfigKeys.TOPICS_TREND_GRAINS), str(ConfigKeys.TOPICS_INIT),
            bool(ConfigKeys.TOPICS_WARM_START), integer(ConfigKeys.TOPICS_LOCAL_MAX_TOKENS),
            bool(ConfigKeys.TOPICS_REFIT));
    if (topics.enabled() && !text.enabled()) {
      throw new ConfigException("topics.enabled needs text.enabled: set text.enabled=true or topics.enabled=false");
    }
    JobConfig.StanceConfig stance =
        new JobConfig.StanceConfig(bool(ConfigKeys.STANCE_ENABLED), str(ConfigKeys.STANCE_ISSUES_FILE),
            str(ConfigKeys.STANCE_TONE_MODEL), str(ConfigKeys.STANCE_VERB_DICTIONARY),
            bool(ConfigKeys.STANCE_AUTHOR_TONE), dbl(ConfigKeys.STANCE_MIN_CONFIDENCE));
    if (stance.enabled() && !actors.enabled()) {
      throw new ConfigException("stance.enabled needs actors.enabled: set actors.enabled=true or stance.enabled=false");
    }
    JobConfig.TrendsConfig trends =
        new JobConfig.TrendsConfig(bool(ConfigKeys.TRENDS_ENABLED), list(ConfigKeys.TRENDS_GRAINS),
            integer(ConfigKeys.TRENDS_EVIDENCE), integer(ConfigKeys.ALERTS_BASELINE),
            integer(ConfigKeys.ALERTS_MIN_BASELINE), dbl(ConfigKeys.ALERTS_Z), integer(ConfigKeys.ALERTS_MIN_COUNT),
            list(ConfigKeys.FRAMING_GROUPS), list(ConfigKeys.FRAMING_GRAINS), integer(ConfigKeys.FRAMING_MIN_UNITS),
            str(ConfigKeys.FRAMING_VOICE));
    JobConfig.ThreadsConfig threads =
        new JobConfig.ThreadsConfig(bool(ConfigKeys.THREADS_ENABLED) && text.enabled(),
            integer(ConfigKeys.THREADS_WINDOW_DAYS), dbl(ConfigKeys.THREADS_MIN_SIMILARITY),
            integer(ConfigKeys.THREADS_MAX_SPAN_DAYS), integer(ConfigKeys.THREADS_TOP_TERMS),
            dbl(ConfigKeys.THREADS_ACTOR_WEIGHT), integer(ConfigKeys.THREADS_MAX_BLOCK_DOCS),
            dbl(ConfigKeys.THREADS_MIN_LINK_SHARE));
    JobConfig.OutletsConfig outlets = new JobConfig.OutletsConfig(str(ConfigKeys.OUTLETS_FILE),
        list(ConfigKeys.OUTLETS_FIELDS));
    JobConfig.SparkConfig spark = new JobConfig.SparkConfig(master, integer(ConfigKeys.SHUFFLE_PARTITIONS));
    return new JobConfig(input, clean, dedupe, actors, text, keyness, topics, stance, trends, threads, outlets, output,
        spark);
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (e.getValue().isObject()) {
        flatten(name, e.getValue(), out);
      } else {
        out.put(name, e.getValue());
      }
    }
  }

  private static ConfigKey known(String name, String where) {
    ConfigKey key = ConfigKeys.all().get(name);
    if (key == null) {
      throw new ConfigException("Unknown config key '" + name + "' " + where + "; did you mean '" + closest(name)
          + "'? Known keys are listed in docs/config.md");
    }
    return key;
  }

  static String closest(String name) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    for (String k : ConfigKeys.names()) {
      int d = levenshtein(name, k);
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    }
    return best;
  }

  private static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static Object fromNode(ConfigKey key, JsonNode node) {
    if (key.type() == Type.STRING_LIST) {
      if (node.isArray()) {
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
      }
      if (node.isNull()) {
        return List.of();
      }
    }
    if (node.isContainerNode()) {
      throw new ConfigException(key.name() + ": expected a " + describe(key) + " but got " + node);
    }
    return fromString(key, node.isNull() ? "" : node.asText());
  }

  static Object fromString(ConfigKey key, String raw) {
    String v = raw == null ? "" : raw.trim();
    try {
      switch (key.type()) {
        case STRING:
          if (!key.choices().isEmpty() && !key.choices().contains(v)) {
            throw new ConfigException(key.name() + ": '" + v + "' is not one of " + key.choices());
          }
          return v;
        case INT:
          return Integer.parseInt(v.replace("_", ""));
        case LONG:
          return Long.parseLong(v.replace("_", ""));
        case DOUBLE:
          return Double.parseDouble(v);
        case BOOLEAN:
          if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
          }
          throw new ConfigException(key.name() + ": expected true or false but got '" + v + "'");
        case STRING_LIST:
          String body = v.startsWith("[") && v.endsWith("]") ? v.substring(1, v.length() - 1) : v;
          if (body.isBlank()) {
            return List.of();
          }
          return Arrays.stream(body.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        default:
          throw new IllegalStateException("unhandled type " + key.type());
      }
    } catch (NumberFormatException e) {
      throw new ConfigException(key.name() + ": expected " + describe(key) + " but got '" + v + "'");
    }
  }

  private static String describe(ConfigKey key) {
    return switch (key.type()) {
      case STRING -> "a string";
      case INT, LONG -> "an integer";
      case DOUBLE -> "a number";
      case BOOLEAN -> "true or false";
      case STRING_LIST -> "a list of strings";
    };
  }

  private Object value(ConfigKey key) {
    return values.get(key.name());
  }

  private String str(ConfigKey key) {
    Object v = value(key);
    String s = v == null ? "" : v.toString();
    if (!key.choices().isEmpty() && !key.choices().contains(s)) {
      throw new ConfigException(key.name() + ": '" + s + "' is not one of " + key.choices());
    }
    return s;
  }

  @SuppressWarnings("unchecked")
  private List<String> list(ConfigKey key) {
    Object v = value(key);
    return v instanceof List ? (List<String>) v : (List<String>) fromString(key, String.valueOf(v));
  }

  private boolean bool(ConfigKey key) {
    Object v = value(key);
    return v instanceof Boolean b ? b : (Boolean) fromString(key, String.valueOf(v));
  }

  private int integer(ConfigKey key) {
    Object v = value(key);
    return v instanceof Integer i ? i : (Integer) fromString(key, String.valueOf(v));
  }

  private double dbl(ConfigKey key) {
    Object v = value(key);
    return v instanceof Number n ? n.doubleValue() : (Double) fromString(key, String.valueOf(v));
  }

  private LocalDate date(ConfigKey key) {
    String s = str(key);
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw new ConfigException(key.name() + ": '" + s + "' is not an ISO date such as 2013-05-07");
    }
  }

  private ZoneId zone(ConfigKey key) {
    String s = str(key);
    try {
      return ZoneId.of(s);
    } catch (RuntimeException e) {
      throw new ConfigException(key.name() + ": '" + s + "' is not a time zone id such as UTC or Europe/Moscow");
    }
  }
}
