package org.demarche.actors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Serializable;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The actor dictionary: actors with dated CAMEO roles and their aliases, indexed as a token trie for {@link ActorMatcher}.
 *
 * <p>The built-in dictionary is {@code org/demarche/actors/actors.tsv.gz} (gzipped TSV) on the classpath (built from {@code data/actors}
 * by {@code data/build/build_actors.py}; columns documented in {@code data/actors/SOURCE.md}). Users add or override
 * actors with a TSV, CSV (same columns, header row; {@code kind}, {@code role}, {@code source} optional) or YAML file (a
 * list of maps with the same keys). An actor id present in the user file replaces every built-in row of that actor; a
 * user alias replaces a built-in alias of another actor.
 *
 * <p>Validation ({@link ActorDictionaryException}, listing each problem with file and line): missing required fields,
 * unknown {@code alias_type}, unknown country code (not an ISO 3166 alpha-3 known to the built-in dictionary), bad or
 * reversed dates, overlapping role periods of one actor, and the same alias claimed by two actors in one file.
 */
public final class ActorDictionary implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String BUILTIN = "org/demarche/actors/actors.tsv.gz";
  public static final List<String> COLUMNS = List.of("actor_id", "name", "cameo_code", "country", "sector",
      "valid_from", "valid_to", "alias", "alias_type", "kind", "role", "source");
  public static final Set<String> ALIAS_TYPES = Set.of("name", "surname", "title", "demonym", "capital_metonym",
      "acronym", "institution", "place");
  private static final Set<String> KINDS = Set.of("country", "sector", "person", "organisation");
  private static final Map<String, ActorDictionary> CACHE = new ConcurrentHashMap<>();

  /** A role period: {@code [from, to)}; null bounds are open. Both null = fallback. */
  public record Role(String cameoCode, String sector, LocalDate from, LocalDate to, String role)
      implements Serializable {
    boolean covers(LocalDate d) {
      return (from == null || !d.isBefore(from)) && (to == null || d.isBefore(to));
    }

    boolean isFallback() {
      return from == null && to == null;
    }
  }

  /** One actor. */
  public record Actor(String id, String name, String country, String kind, List<Role> roles) implements Serializable {
    public boolean isPerson() {
      return "person".equals(kind);
    }

    /** The role for {@code date}: the dated role covering it, else the fallback, else the nearest dated role. */
    public Role roleAt(LocalDate date) {
      Role fallback = null;
      Role nearest = null;
      long best = Long.MAX_VALUE;
      for (Role r : roles) {
        if (r.isFallback()) {
          fallback = r;
        } else if (date != null && r.covers(date)) {
          return r;
        } else {
          long dist = date == null ? (r.to == null ? 0 : Long.MAX_VALUE - 1 - r.to.toEpochDay())
              : Math.min(r.from == null ? Long.MAX_VALUE : Math.abs(r.from.toEpochDay() - date.toEpochDay()),
                  r.to == null ? Long.MAX_VALUE : Math.abs(r.to.toEpochDay() - date.toEpochDay()));
          if (nearest == null || dist < best) {
            nearest = r;
            best = dist;
          }
        }
      }
      return fallback != null ? fallback : nearest;
    }
  }

  /**
   * An alias entry at a trie node. {@code prominent}: the alias comes from the curated list, a user file, or names a
   * country or country sector (other than a Phoenix {@code place}); bare surnames and single-token places of other actors need more context to match.
   */
  public record Entry(String actorId, String aliasType, boolean prominent) implements Serializable {
    public Entry(String actorId, String aliasType) {
      this(actorId, aliasType, true);
    }
  }

  /** Token trie node. */
  static final class Node implements Serializable {
    private static final long serialVersionUID = 1L;
    Map<String, Node> next;
    Entry entry;

    Node child(String tok) {
      return next == null ? null : next.get(tok);
    }
  }

  private final Map<String, Actor> actors;
  private final Node root = new Node();
  private final Map<String, Entry> byKey = new HashMap<>();
  private final Set<String> countries;

  private ActorDictionary(Map<String, Actor> actors, Map<String, Entry> aliases, Set<String> countries) {
    this.actors = Collections.unmodifiableMap(actors);
    this.countries = countries;
    for (Map.Entry<String, Entry> e : aliases.entrySet()) {
      Node n = root;
      for (String tok : e.getKey().split(" ")) {
        if (n.next == null) {
          n.next = new HashMap<>(4);
        }
        n = n.next.computeIfAbsent(tok, k -> new Node());
      }
      n.entry = e.getValue();
      byKey.put(e.getKey(), e.getValue());
    }
  }

  Node root() {
    return root;
  }

  public Actor actor(String id) {
    return actors.get(id);
  }

  public Map<String, Actor> actors() {
    return actors;
  }

  /** The entry for an alias (any spelling; normalised with {@link Normalizer#key}), or null. */
  public Entry lookup(String alias) {
    return byKey.get(Normalizer.key(alias));
  }

  public int aliasCount() {
    return byKey.size();
  }

  public Set<String> countryCodes() {
    return countries;
  }

  /** The built-in dictionary, loaded once per JVM. */
  public static ActorDictionary builtin() {
    return cached("");
  }

  /**
   * The built-in dictionary plus the user file at {@code overridePath} ("" for none), cached per JVM (so executors load it
   * once, not per row).
   */
  public static ActorDictionary cached(String overridePath) {
    return CACHE.computeIfAbsent(overridePath == null ? "" : overridePath, p -> {
      try {
        if (p.isEmpty()) {
          return load(null, null);
        }
        Path path = Path.of(p);
        return load(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new ActorDictionaryException("cannot read actor dictionary override " + p + ": " + e.getMessage());
      }
    });
  }

  /** Cache an already-read override text under {@code name} (used with a broadcast copy on executors). */
  static ActorDictionary cachedText(String name, String text) {
    return CACHE.computeIfAbsent("text:" + name + ":" + text.hashCode(), k -> load(name, text));
  }

  /** Built-in plus an optional user file given as text ({@code name} ends in .tsv, .csv, .yaml or .yml). */
  public static ActorDictionary load(String name, String userText) {
    List<Map<String, String>> base = new ArrayList<>();
    try (InputStream in = ActorDictionary.class.getClassLoader().getResourceAsStream(BUILTIN)) {
      if (in == null) {
        throw new ActorDictionaryException("built-in actor dictionary " + BUILTIN + " is not on the classpath");
      }
      base = readDelimited(new InputStreamReader(new java.util.zip.GZIPInputStream(in, 1 << 16),
          StandardCharsets.UTF_8), '\t', BUILTIN);
    } catch (IOException e) {
      throw new ActorDictionaryException("cannot read " + BUILTIN + ": " + e.getMessage());
    }
    mergeArticleNamed(base);
    Set<String> countries = new HashSet<>();
    for (Map<String, String> r : base) {
      if ("country".equals(r.get("kind"))) {
        countries.add(r.get("actor_id"));
      }
    }
    List<Map<String, String>> user = List.of();
    if (userText != null) {
      user = parseUser(name, userText);
      List<String> errors = validate(user, countries, name);
      if (!errors.isEmpty()) {
        throw new ActorDictionaryException(name, errors);
      }
    }
    return build(base, user, countries);
  }

  /**
   * One actor per organisation: the source lists some organisations twice, once as "The X" (THE_UNITED_NATIONS, "The
   * UN", "The European Union") beside X itself (IGOUNO "United Nations", alias "UN"). A built-in actor whose name
   * starts with "The " and whose remainder is the name or an alias of another actor with the same CAMEO code becomes
   * that actor: its rows are rewritten to the other actor's id and name, so its aliases ("The United Nations") stay
   * aliases of the one actor. Rows are changed in place.
   */
  static void mergeArticleNamed(List<Map<String, String>> rows) {
    Map<String, Map<String, String>> byNameAndCode = new HashMap<>(); // "name|code" -> a row of the target actor
    for (Map<String, String> r : rows) {
      String id = r.getOrDefault("actor_id", "");
      if (id.startsWith("THE_")) {
        continue;
      }
      String code = r.getOrDefault("cameo_code", "");
      for (String n : new String[] {r.get("name"), r.get("alias")}) {
        if (n != null && !n.isEmpty()) {
          byNameAndCode.putIfAbsent(n.toLowerCase(Locale.ROOT) + "|" + code, r);
        }
      }
    }
    Map<String, Map<String, String>> target = new HashMap<>(); // THE_ id -> target row
    for (Map<String, String> r : rows) {
      String id = r.getOrDefault("actor_id", "");
      String name = r.getOrDefault("name", "");
      if (!id.startsWith("THE_") || !name.regionMatches(true, 0, "The ", 0, 4) || target.containsKey(id)) {
        continue;
      }
      Map<String, String> t = byNameAndCode.get(name.substring(4).toLowerCase(Locale.ROOT) + "|"
          + r.getOrDefault("cameo_code", ""));
      if (t != null) {
        target.put(id, t);
      }
    }
    for (Map<String, String> r : rows) {
      Map<String, String> t = target.get(r.getOrDefault("actor_id", ""));
      if (t != null) {
        r.put("actor_id", t.get("actor_id"));
        r.put("name", t.get("name"));
        r.put("kind", t.getOrDefault("kind", r.get("kind")));
        r.put("country", t.getOrDefault("country", r.get("country")));
        r.put("sector", t.getOrDefault("sector", r.get("sector")));
      }
    }
  }

  /** Validates and builds a dictionary from the user rows alone (no built-in rows); for tests and tools. */
  public static ActorDictionary fromRows(String name, List<Map<String, String>> rows, Set<String> countries) {
    List<String> errors = validate(rows, countries, name);
    if (!errors.isEmpty()) {
      throw new ActorDictionaryException(name, errors);
    }
    return build(List.of(), rows, countries);
  }

  static List<Map<String, String>> parseUser(String name, String text) {
    String lower = name.toLowerCase(Locale.ROOT);
    try {
      if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
        Object tree = new ObjectMapper(new YAMLFactory()).readValue(text, Object.class);
        if (!(tree instanceof List<?> list)) {
          throw new ActorDictionaryException(name + ": expected a YAML list of actor rows");
        }
        List<Map<String, String>> out = new ArrayList<>();
        int i = 0;
        for (Object o : list) {
          i++;
          if (!(o instanceof Map<?, ?> m)) {
            throw new ActorDictionaryException(name + ": item " + i + " is not a map");
          }
          Map<String, String> row = new LinkedHashMap<>();
          m.forEach((k, v) -> row.put(String.valueOf(k), v == null ? "" : String.valueOf(v).trim()));
          row.put("_line", "item " + i);
          out.add(row);
        }
        return out;
      }
      char sep = lower.endsWith(".csv") ? ',' : '\t';
      return readDelimited(new StringReader(text), sep, name);
    } catch (IOException e) {
      throw new ActorDictionaryException(name + ": " + e.getMessage());
    }
  }

  /** Header-row delimited text; CSV fields may be double-quoted. Adds {@code _line}. */
  static List<Map<String, String>> readDelimited(Reader reader, char sep, String name) throws IOException {
    List<Map<String, String>> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(reader)) {
      String headerLine = r.readLine();
      if (headerLine == null) {
        return out;
      }
      String[] header = split(headerLine.replace("\uFEFF", ""), sep);
      for (String required : List.of("actor_id", "cameo_code", "alias", "alias_type")) {
        if (!Arrays.asList(header).contains(required)) {
          throw new ActorDictionaryException(name + ": header lacks column '" + required + "'; expected "
              + String.join(",", COLUMNS));
        }
      }
      String line;
      int ln = 1;
      while ((line = r.readLine()) != null) {
        ln++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = split(line, sep);
        Map<String, String> row = new HashMap<>(16);
        for (int i = 0; i < header.length; i++) {
          row.put(header[i].trim(), i < f.length ? f[i].trim() : "");
        }
        row.put("_line", "line " + ln);
        out.add(row);
      }
    }
    return out;
  }

  private static String[] split(String line, char sep) {
    if (sep == '\t') {
      return line.split("\t", -1);
    }
    List<String> out = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    boolean q = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (q) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          b.append('"');
          i++;
        } else if (c == '"') {
          q = false;
        } else {
          b.append(c);
        }
      } else if (c == '"') {
        q = true;
      } else if (c == sep) {
        out.add(b.toString());
        b.setLength(0);
      } else {
        b.append(c);
      }
    }
    out.add(b.toString());
    return out.toArray(new String[0]);
  }

  private static LocalDate date(String s) {
    return s == null || s.isEmpty() ? null : LocalDate.parse(s);
  }

  /** Every problem in {@code rows}, as "file line N: message". */
  static List<String> validate(List<Map<String, String>> rows, Set<String> countries, String name) {
    List<String> errors = new ArrayList<>();
    Map<String, List<Map<String, String>>> periods = new HashMap<>();
    Map<String, Map<String, String>> aliasOwner = new HashMap<>();
    for (Map<String, String> r : rows) {
      String where = name + " " + r.get("_line") + ": ";
      String id = r.getOrDefault("actor_id", "");
      for (String req : List.of("actor_id", "cameo_code", "alias", "alias_type")) {
        if (r.getOrDefault(req, "").isEmpty()) {
          errors.add(where + "missing " + req);
        }
      }
      String type = r.getOrDefault("alias_type", "");
      if (!type.isEmpty() && !ALIAS_TYPES.contains(type)) {
        errors.add(where + "unknown alias_type '" + type + "'; use one of " + new java.util.TreeSet<>(ALIAS_TYPES));
      }
      String kind = r.getOrDefault("kind", "");
      if (!kind.isEmpty() && !KINDS.contains(kind)) {
        errors.add(where + "unknown kind '" + kind + "'; use one of " + new java.util.TreeSet<>(KINDS));
      }
      String country = r.getOrDefault("country", "");
      if (!country.isEmpty() && !countries.contains(country)) {
        errors.add(where + "unknown country code '" + country + "' (expected an ISO 3166 alpha-3 code such as RUS)");
      }
      LocalDate from = null;
      LocalDate to = null;
      try {
        from = date(r.get("valid_from"));
        to = date(r.get("valid_to"));
        if (from != null && to != null && !from.isBefore(to)) {
          errors.add(where + "valid_from " + from + " is not before valid_to " + to);
        }
      } catch (DateTimeParseException e) {
        errors.add(where + "bad date '" + e.getParsedString() + "' (expected yyyy-mm-dd)");
      }
      String key = Normalizer.key(r.getOrDefault("alias", ""));
      if (!id.isEmpty() && !key.isEmpty()) {
        Map<String, String> other = aliasOwner.putIfAbsent(key, r);
        if (other != null && !other.get("actor_id").equals(id)) {
          errors.add(where + "alias '" + r.get("alias") + "' of " + id + " conflicts with the same alias of "
              + other.get("actor_id") + " at " + other.get("_line"));
        }
        if (from != null || to != null) {
          List<Map<String, String>> ps = periods.computeIfAbsent(id + "\u0000" + key, k -> new ArrayList<>());
          for (Map<String, String> p : ps) {
            LocalDate pf = date(p.get("valid_from"));
            LocalDate pt = date(p.get("valid_to"));
            boolean same = pf != null && pf.equals(from) && java.util.Objects.equals(pt, to);
            boolean overlap = (pt == null || from == null || from.isBefore(pt)) && (to == null || pf == null
                || pf.isBefore(to));
            if (overlap && !same) {
              errors.add(where + "role period [" + str(from) + ", " + str(to) + ") of " + id + " overlaps ["
                  + str(pf) + ", " + str(pt) + ") at " + p.get("_line"));
            }
          }
          ps.add(r);
        }
      }
    }
    return errors;
  }

  private static String str(LocalDate d) {
    return d == null ? "open" : d.toString();
  }

  private static ActorDictionary build(List<Map<String, String>> base, List<Map<String, String>> user,
      Set<String> countries) {
    Set<String> userIds = new HashSet<>();
    for (Map<String, String> r : user) {
      userIds.add(r.get("actor_id"));
    }
    Map<String, Actor> actors = new HashMap<>();
    Map<String, Set<Role>> roles = new HashMap<>();
    Map<String, Entry> aliases = new HashMap<>();
    for (List<Map<String, String>> rows : List.of(base, user)) {
      boolean isUser = rows == user;
      for (Map<String, String> r : rows) {
        String id = r.get("actor_id");
        if (!isUser && userIds.contains(id)) {
          continue;
        }
        String code = r.get("cameo_code");
        String country = r.getOrDefault("country", "");
        String kind = r.getOrDefault("kind", "");
        if (kind.isEmpty()) {
          kind = "surname".equals(r.get("alias_type")) || !r.getOrDefault("valid_from", "").isEmpty() ? "person"
              : "organisation";
        }
        actors.putIfAbsent(id, new Actor(id, r.getOrDefault("name", id).isEmpty() ? id : r.get("name"), country,
            kind, new ArrayList<>()));
        Role role = new Role(code, r.getOrDefault("sector", ""), date(r.get("valid_from")), date(r.get("valid_to")),
            r.getOrDefault("role", ""));
        if (roles.computeIfAbsent(id, k -> new HashSet<>()).add(role)) {
          actors.get(id).roles().add(role);
        }
        String key = Normalizer.key(r.get("alias"));
        if (!key.isEmpty()) {
          boolean prominent = isUser || "curated".equals(r.getOrDefault("source", ""))
              || ("country".equals(kind) || "sector".equals(kind)) && !"place".equals(r.get("alias_type"));
          aliases.put(key, new Entry(id, r.get("alias_type"), prominent));
        }
      }
    }
    return new ActorDictionary(actors, aliases, Collections.unmodifiableSet(countries));
  }
}
