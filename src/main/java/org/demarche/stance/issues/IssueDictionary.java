package org.demarche.stance.issues;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.en.EnglishMinimalStemmer;
import org.demarche.text.Casing;

/**
 * Issues as named phrase sets, the targets of issue stance ({@code kind = issue} rows of the {@code stance} table).
 *
 * <p>The built-in set ({@code org/demarche/stance/issues.yaml}: Assad stepping down, arming the Syrian rebels, the
 * Geneva communiqué, missile defence, chemical weapons) is extended by a user YAML file ({@code stance.issues_file})
 * of the same shape: {@code issues: [{id, label, phrases: [...], context: [...], target_actor}]}. A user issue with a
 * built-in id replaces it. {@code id} must be snake_case; {@code phrases} must not be empty.
 *
 * <p>Matching ({@link #find}) is on word tokens: lower-cased, possessive {@code 's} dropped, plural forms reduced by
 * Lucene's {@link EnglishMinimalStemmer}, so "chemical weapon" also finds "chemical weapons". An issue with a
 * {@code context} list is found only in a sentence that also holds one of its context phrases.
 */
public final class IssueDictionary implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String BUILTIN = "org/demarche/stance/issues.yaml";
  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Map<String, IssueDictionary> CACHE = new ConcurrentHashMap<>();

  /** One issue. */
  public record Issue(String id, String label, List<List<String>> phrases, List<List<String>> context,
      String targetActor, String proposition, int polarity) implements Serializable {
    /** An issue whose phrases name what its proposition is for (polarity +1), without a written proposition. */
    public Issue(String id, String label, List<List<String>> phrases, List<List<String>> context,
        String targetActor) {
      this(id, label, phrases, context, targetActor, null, 1);
    }
  }

  /** An issue phrase found in a text: token span and character offsets. */
  public record Match(Issue issue, int tokenStart, int tokenEnd, int start, int end) {}

  /** A word token of the text with its character offsets and matching key. */
  public record Word(String key, String lower, int start, int end) {}

  private final List<Issue> issues;
  private final String userText;

  private IssueDictionary(List<Issue> issues, String userText) {
    this.issues = List.copyOf(issues);
    this.userText = userText;
  }

  public List<Issue> issues() {
    return issues;
  }

  /** The built-in issues plus those in {@code userText} (YAML; null or blank = none), named {@code name} in errors. */
  public static IssueDictionary load(String name, String userText) {
    Map<String, Issue> byId = new LinkedHashMap<>();
    try (InputStream in = IssueDictionary.class.getClassLoader().getResourceAsStream(BUILTIN)) {
      if (in == null) {
        throw new IllegalStateException("built-in issue list " + BUILTIN + " is not on the classpath");
      }
      for (Issue i : parse(BUILTIN, new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
        byId.put(i.id(), i);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (userText != null && !userText.isBlank()) {
      for (Issue i : parse(name, userText)) {
        byId.put(i.id(), i);
      }
    }
    return new IssueDictionary(new ArrayList<>(byId.values()), userText);
  }

  /** Per-JVM cache keyed by the user file's text, so executors parse it once. */
  public static IssueDictionary cached(String userText) {
    String key = userText == null ? "" : userText;
    return CACHE.computeIfAbsent(key, k -> load("stance.issues_file", k));
  }

  public String userText() {
    return userText;
  }

  @SuppressWarnings("unchecked")
  static List<Issue> parse(String name, String text) {
    Object tree;
    try {
      tree = new ObjectMapper(new YAMLFactory()).readValue(text, Object.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(name + ": not valid YAML (" + e.getMessage()
          + "); fix: write `issues:` followed by a list of {id, label, phrases, context}", e);
    }
    if (!(tree instanceof Map<?, ?> root) || !(root.get("issues") instanceof List<?> list)) {
      throw new IllegalArgumentException(name + ": expected a top-level `issues:` list; fix: see docs/stance.md");
    }
    List<Issue> out = new ArrayList<>();
    int n = 0;
    for (Object o : list) {
      n++;
      if (!(o instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException(name + ": issue #" + n + " is not a map of id, label, phrases");
      }
      Object id = m.get("id");
      if (!(id instanceof String s) || !ID.matcher(s).matches()) {
        throw new IllegalArgumentException(name + ": issue #" + n + " needs an `id` in snake_case (got " + id + ")");
      }
      List<List<String>> phrases = phraseList(name, s, "phrases", m.get("phrases"));
      if (phrases.isEmpty()) {
        throw new IllegalArgumentException(name + ": issue " + s + " has no `phrases`; fix: list at least one");
      }
      List<List<String>> context = phraseList(name, s, "context", m.get("context"));
      Object label = m.get("label");
      Object target = m.get("target_actor");
      Object proposition = m.get("proposition");
      Object polarity = m.get("polarity") == null ? "for" : m.get("polarity");
      if (!"for".equals(String.valueOf(polarity)) && !"against".equals(String.valueOf(polarity))) {
        throw new IllegalArgumentException(name + ": issue " + s + " has `polarity: " + polarity
            + "`; fix: `for` (the phrases name what the proposition supports) or `against`");
      }
      out.add(new Issue(s, label == null ? s.replace('_', ' ') : label.toString(), phrases, context,
          target == null ? null : target.toString(), proposition == null ? null : proposition.toString(),
          "against".equals(String.valueOf(polarity)) ? -1 : 1));
    }
    return out;
  }

  private static List<List<String>> phraseList(String name, String id, String field, Object value) {
    List<List<String>> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof List<?> l)) {
      throw new IllegalArgumentException(name + ": issue " + id + ": `" + field + "` must be a list of phrases");
    }
    for (Object p : l) {
      List<String> keys = new ArrayList<>();
      for (Word w : words(String.valueOf(p))) {
        keys.add(w.key());
      }
      if (keys.isEmpty()) {
        throw new IllegalArgumentException(name + ": issue " + id + ": empty phrase in `" + field + "`");
      }
      out.add(List.copyOf(keys));
    }
    return out;
  }

  /** Word tokens: runs of letters and digits, with inner hyphens and apostrophes; a trailing {@code 's} dropped. */
  public static List<Word> words(String text) {
    List<Word> out = new ArrayList<>();
    EnglishMinimalStemmer stemmer = new EnglishMinimalStemmer();
    char[] buf = null;
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        i++;
        continue;
      }
      int s = i;
      while (i < n) {
        char d = text.charAt(i);
        if (Character.isLetterOrDigit(d)) {
          i++;
        } else if ((d == '-' || d == '\'' || d == '’') && i + 1 < n && Character.isLetterOrDigit(text.charAt(i + 1))) {
          i++;
        } else {
          break;
        }
      }
      int e = i;
      buf = Casing.fit(buf, e - s);
      String lower = Casing.lower(text, s, e, buf);
      if (lower.endsWith("'s")) {
        lower = lower.substring(0, lower.length() - 2);
      }
      String key = lower;
      if (lower.length() > 3) {
        buf = Casing.fit(buf, lower.length());
        lower.getChars(0, lower.length(), buf, 0);
        int len = stemmer.stem(buf, lower.length());
        if (len != lower.length()) { // the stemmer changes nothing when it keeps the length
          key = new String(buf, 0, len);
        }
      }
      out.add(new Word(key, lower, s, e));
    }
    return out;
  }

  /**
   * Phrases grouped by first key, in list order (so among equally long phrases the first listed still wins); built
   * once per dictionary, on first use.
   */
  private transient volatile Map<List<List<String>>, Map<String, List<List<String>>>> index;

  private Map<String, List<List<String>>> byFirst(List<List<String>> phrases) {
    Map<List<List<String>>, Map<String, List<List<String>>>> ix = index;
    if (ix == null) {
      ix = new java.util.IdentityHashMap<>();
      for (Issue i : issues) {
        for (List<List<String>> ps : List.of(i.phrases(), i.context())) {
          Map<String, List<List<String>>> m = new java.util.HashMap<>();
          for (List<String> p : ps) {
            m.computeIfAbsent(p.get(0), k -> new ArrayList<>()).add(p);
          }
          ix.put(ps, m);
        }
      }
      index = ix;
    }
    return ix.get(phrases);
  }

  /** Issue phrases in {@code words[from, to)} whose context (if any) also occurs in that range. Longest match first. */
  public List<Match> find(List<Word> words, int from, int to) {
    List<Match> out = new ArrayList<>();
    for (Issue issue : issues) {
      if (!issue.context().isEmpty() && firstMatch(byFirst(issue.context()), words, from, to) < 0) {
        continue;
      }
      Map<String, List<List<String>>> phrases = byFirst(issue.phrases());
      int t = from;
      while (t < to) {
        int len = longestAt(phrases, words, t, to);
        if (len > 0) {
          out.add(new Match(issue, t, t + len, words.get(t).start(), words.get(t + len - 1).end()));
          t += len;
        } else {
          t++;
        }
      }
    }
    return out;
  }

  private static int firstMatch(Map<String, List<List<String>>> phrases, List<Word> words, int from, int to) {
    for (int t = from; t < to; t++) {
      if (longestAt(phrases, words, t, to) > 0) {
        return t;
      }
    }
    return -1;
  }

  /** The longest phrase at token t (0 = none); only phrases starting with token t's key can match. */
  private static int longestAt(Map<String, List<List<String>>> phrases, List<Word> words, int t, int to) {
    List<List<String>> candidates = phrases.get(words.get(t).key());
    if (candidates == null) {
      return 0;
    }
    int best = 0;
    for (List<String> p : candidates) {
      if (p.size() > best && t + p.size() <= to) {
        boolean ok = true;
        for (int k = 1; k < p.size() && ok; k++) {
          ok = words.get(t + k).key().equals(p.get(k));
        }
        if (ok) {
          best = p.size();
        }
      }
    }
    return best;
  }
}
