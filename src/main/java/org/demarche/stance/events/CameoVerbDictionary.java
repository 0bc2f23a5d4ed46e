package org.demarche.stance.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * A PETRARCH/TABARI verb dictionary ({@code CAMEO.2.0.txt}, {@code PETR.Validate.verbs.txt}) read for shallow matching
 * on raw text: a verb form gives a verb block, and the words around the verb pick the block's most specific pattern.
 *
 * <p>Format (petrarch2 {@code docs/source/dictionaries.rst} and {@code PETRreader.read_verb_dictionary}):
 * <ul>
 *   <li>Synsets: a line {@code &NAME} then lines {@code +WORD} or {@code +TWO WORDS} (consecutive words). Regular
 *       plurals are added (+S, Y→IES, S/X/Z/CH/SH→+ES) unless the label or the phrase ends with {@code _}. A synset may
 *       name another synset ({@code +&TIETYPES}).</li>
 *   <li>Verb block: {@code --- NAME [code] ---}; the bracketed code is the default of every verb of the block
 *       ({@code ---} = no event).</li>
 *   <li>Verb lines: {@code VERB [code]} (optional own code), {@code SAY {SAID SAYING}} (irregular forms: when braces are
 *       present, they and the primary word are all the forms), multi-word verbs {@code +CORDON_OFF}, {@code WIRE_+TAP}
 *       ({@code +} marks the verb word; the other words must be adjacent). Regular forms are generated: -S/-ES/-IES,
 *       -ED/-D/-IED, -ING (dropping a final E, but not in -EE/-YE/-OE), and for a final consonant-vowel-consonant both the plain and the doubled form
 *       (STOPPED, STOPPING).</li>
 *   <li>Patterns: {@code - PRE * POST [code]}: {@code *} is the verb; words before it must occur before the verb and
 *       words after it after the verb, in order, with other words in between, unless joined by {@code _} (then
 *       adjacent). {@code (...)} (prepositional phrase) and {@code {...}} (noun phrase) brackets are read as plain word
 *       sequences. {@code $} marks the source actor, {@code +} the target actor, {@code %} a compound subject
 *       ("Gondor and Osgiliath have delayed …"), {@code ^} a skipped phrase (read as "any words"). {@code &NAME}
 *       stands for any phrase of the synset.</li>
 *   <li>Codes {@code [a:b]}: {@code a} is coded source→target and {@code b} target→source (e.g. MEET {@code [031:031]},
 *       ARRIVE {@code [032:033]}: "A arrived in B" gives A→B 032 and B→A 033); either part may be empty. {@code ---} is
 *       the null code: the pattern matches but no event is coded. A code that does not start with a digit (test
 *       placeholders such as {@code [+++]}, {@code [abc]}) makes the pattern be skipped.</li>
 *   <li>Comments: {@code #} after white space, {@code ;} (legacy), {@code <!-- ... -->}; {@code ~} verb-transformation
 *       lines are ignored.</li>
 * </ul>
 *
 * <p>Matching ({@link #verbAt}, {@link #code}): the text is given as upper-case word tokens. The best pattern is the one
 * that matches the most words ({@code $}/{@code +} count as half a word); ties go to the pattern that comes first in
 * the file. With no pattern matching, the verb's own or its block's default code applies.
 */
public final class CameoVerbDictionary {
  /** Kind of a pattern element. */
  public enum Kind { WORDS, SOURCE, TARGET, COMPOUND, SKIP }

  /**
   * One element of a pattern: alternatives (each a consecutive word sequence) for {@link Kind#WORDS}.
   *
   * @param adjPrev the element must directly follow the element before it in text order (joined by {@code _})
   */
  public record Item(Kind kind, List<String[]> phrases, boolean adjPrev) {}

  /**
   * A pattern of a verb block.
   *
   * @param pre elements before the verb, in text order
   * @param post elements after the verb, in text order
   * @param verbAdjPrev the verb must directly follow the last element of {@code pre}
   * @param code code for source→target ("" = none; "---" = null code)
   * @param reverseCode code for target→source ("" = none)
   * @param line the pattern as written in the dictionary (comment removed)
   */
  public record Pattern(String block, List<Item> pre, List<Item> post, boolean verbAdjPrev, String code,
      String reverseCode, String line) {
    boolean needsCompound() {
      return pre.stream().anyMatch(i -> i.kind() == Kind.COMPOUND);
    }
  }

  /**
   * One verb entry (a form of a verb of a block).
   *
   * @param lemma the primary form as written
   * @param before words that must directly precede the verb word (multi-word verbs such as WIRE_+TAP)
   * @param after words that must directly follow it (particles: CORDON_OFF, ASK_FOR)
   * @param code the verb's own code, or the block default
   */
  public record Verb(String lemma, String block, String[] before, String[] after, String code, String reverseCode) {}

  /** A verb found in a token array: tokens {@code [start, end)}, the verb word itself at {@code head}. */
  public record VerbMatch(Verb verb, int start, int head, int end) {}

  /**
   * The coding of one verb occurrence.
   *
   * @param pattern the matched pattern, or null when the default code applies
   * @param sourceToken token index of a {@code $} actor, or -1
   * @param targetToken token index of a {@code +} actor, or -1
   * @param matched token indices covered by the pattern's words (to know, e.g., whether a negation was part of it)
   */
  public record Coding(String code, String reverseCode, Pattern pattern, int sourceToken, int targetToken,
      Set<Integer> matched) {
    /** Pattern line or {@code "* [code]"} for the default. */
    public String patternText() {
      return pattern == null ? "* [" + code + (reverseCode.isEmpty() ? "" : ":" + reverseCode) + "]" : pattern.line();
    }
  }

  /** Largest number of other tokens allowed between two pattern elements that are not joined by {@code _}. */
  static final int MAX_GAP = 8;

  private static final Map<String, CameoVerbDictionary> CACHE = new ConcurrentHashMap<>();
  private static final String BUILTIN = "/org/demarche/stance/events/CAMEO.2.0.txt";

  private final String name;
  private final Map<String, List<Verb>> byForm = new HashMap<>();
  private final Map<String, List<Pattern>> patterns = new LinkedHashMap<>();
  private final Map<String, String> blockCodes = new LinkedHashMap<>();
  private int skippedPatterns;

  private CameoVerbDictionary(String name) {
    this.name = name;
  }

  /** The shipped CAMEO 2.0 dictionary (parsed once per JVM). */
  public static CameoVerbDictionary builtin() {
    return CACHE.computeIfAbsent("builtin:CAMEO.2.0", k -> {
      try (InputStream in = CameoVerbDictionary.class.getResourceAsStream(BUILTIN)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + BUILTIN);
        }
        return parse("CAMEO.2.0.txt", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** A dictionary file, parsed once per JVM and path. */
  public static CameoVerbDictionary load(Path path) {
    return CACHE.computeIfAbsent(path.toAbsolutePath().normalize().toString(), k -> {
      try {
        return parse(path.getFileName().toString(), Files.readString(path, StandardCharsets.ISO_8859_1));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read verb dictionary " + path, e);
      }
    });
  }

  /** {@code path} empty → {@link #builtin()}, else {@link #load(Path)}. */
  public static CameoVerbDictionary forPath(String path) {
    return path == null || path.isEmpty() ? builtin() : load(Path.of(path));
  }

  /** Parses the text of a dictionary. */
  public static CameoVerbDictionary parse(String name, String text) {
    CameoVerbDictionary d = new CameoVerbDictionary(name);
    d.read(text);
    return d;
  }

  public String name() {
    return name;
  }

  /** Number of distinct verb forms. */
  public int formCount() {
    return byForm.size();
  }

  /** Number of patterns read. */
  public int patternCount() {
    return patterns.values().stream().mapToInt(List::size).sum();
  }

  /** Patterns skipped (undefined synset, placeholder code). */
  public int skippedPatterns() {
    return skippedPatterns;
  }

  /** Names of the verb blocks. */
  public Set<String> blocks() {
    return Collections.unmodifiableSet(blockCodes.keySet());
  }

  /** Entries for a surface form (upper case), empty when it is not a verb form of the dictionary. */
  public List<Verb> entries(String form) {
    return byForm.getOrDefault(form.toUpperCase(Locale.ROOT), List.of());
  }

  /** Patterns of a block. */
  public List<Pattern> patterns(String block) {
    return patterns.getOrDefault(block, List.of());
  }

  // ------------------------------------------------------------------ parsing

  private final Map<String, List<String[]>> synsets = new HashMap<>();

  private void read(String text) {
    String[] lines = text.split("\r?\n");
    String block = null;
    String blockCode = "---";
    String blockRev = "";
    String synset = null;
    boolean inComment = false;
    for (String raw : lines) {
      String line = raw;
      if (inComment) {
        int e = line.indexOf("-->");
        if (e < 0) {
          continue;
        }
        line = line.substring(e + 3);
        inComment = false;
      }
      int c;
      while ((c = line.indexOf("<!")) >= 0) {
        int e = line.indexOf("-->", c);
        if (e < 0) {
          line = line.substring(0, c);
          inComment = true;
          break;
        }
        line = line.substring(0, c) + line.substring(e + 3);
      }
      line = stripComment(line);
      if (line.isBlank() || line.startsWith("#") || line.startsWith("~")) {
        continue;
      }
      String t = line.strip();
      if (t.startsWith("---")) {
        String inner = t.replaceAll("^-+", "").replaceAll("-+$", "").strip();
        int b = inner.indexOf('[');
        String nm = (b < 0 ? inner : inner.substring(0, b)).strip().replace(' ', '_');
        String[] codes = b < 0 ? new String[] {"---", ""} : codes(inner.substring(b + 1, inner.indexOf(']', b)));
        block = nm;
        blockCode = codes[0].isEmpty() ? "---" : codes[0];
        blockRev = codes[1];
        blockCodes.put(block, blockCode);
        patterns.computeIfAbsent(block, k -> new ArrayList<>());
        synset = null;
      } else if (t.startsWith("&")) {
        synset = t.split("\\s+")[0];
        synsets.computeIfAbsent(synset, k -> new ArrayList<>());
      } else if (t.startsWith("+") && synset != null) {
        addSynsetPhrase(synset, t.substring(1).strip());
      } else if (t.startsWith("-")) {
        synset = null;
        if (block != null) {
          Pattern p = parsePattern(block, t.substring(1).strip());
          if (p == null) {
            skippedPatterns++;
          } else {
            patterns.get(block).add(p);
          }
        }
      } else if (block != null) {
        synset = null;
        addVerbLine(block, blockCode, blockRev, t);
      }
    }
  }

  /** Removes {@code # ...} (after white space, outside brackets) and legacy {@code ; ...} comments. */
  public static String stripComment(String line) {
    int depth = 0;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (ch == '[') {
        depth++;
      } else if (ch == ']') {
        depth = Math.max(0, depth - 1);
      } else if (depth == 0 && (ch == ';' || ch == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1))))) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  private static String[] codes(String inside) {
    String s = inside.strip();
    int colon = s.indexOf(':');
    if (colon < 0) {
      return new String[] {s, ""};
    }
    return new String[] {s.substring(0, colon).strip(), s.substring(colon + 1).strip()};
  }

  private void addSynsetPhrase(String label, String phrase) {
    if (phrase.isEmpty()) {
      return;
    }
    List<String[]> target = synsets.get(label);
    if (phrase.startsWith("&")) {
      List<String[]> other = synsets.get(phrase.split("\\s+")[0]);
      if (other != null) {
        target.addAll(other);
      }
      return;
    }
    boolean noPlural = label.endsWith("_") || phrase.endsWith("_");
    String[] words = words(phrase);
    if (words.length == 0) {
      return;
    }
    target.add(words);
    if (!noPlural) {
      String[] pl = words.clone();
      pl[pl.length - 1] = plural(pl[pl.length - 1]);
      target.add(pl);
    }
  }

  private static String[] words(String phrase) {
    return java.util.Arrays.stream(phrase.toUpperCase(Locale.ROOT).split("[\\s_]+")).filter(w -> !w.isEmpty())
        .toArray(String[]::new);
  }

  public static String plural(String w) {
    if (w.endsWith("Y") && w.length() > 1 && !isVowel(w.charAt(w.length() - 2))) {
      return w.substring(0, w.length() - 1) + "IES";
    }
    if (w.endsWith("S") || w.endsWith("X") || w.endsWith("Z") || w.endsWith("CH") || w.endsWith("SH")) {
      return w + "ES";
    }
    return w + "S";
  }

  private static boolean isVowel(char c) {
    return "AEIOU".indexOf(c) >= 0;
  }

  private void addVerbLine(String block, String blockCode, String blockRev, String line) {
    String s = line;
    String code = blockCode;
    String rev = blockRev;
    int b = s.lastIndexOf('[');
    if (b >= 0 && s.indexOf(']', b) > b) {
      String[] cs = codes(s.substring(b + 1, s.indexOf(']', b)));
      code = cs[0].isEmpty() ? "---" : cs[0];
      rev = cs[1];
      s = s.substring(0, b);
    }
    List<String> forms = new ArrayList<>();
    int ob = s.indexOf('{');
    String irregular = null;
    if (ob >= 0) {
      int cb = s.indexOf('}', ob);
      irregular = s.substring(ob + 1, cb < 0 ? s.length() : cb);
      s = s.substring(0, ob) + (cb < 0 ? "" : s.substring(cb + 1));
    }
    String[] parts = s.strip().split("\\s+");
    if (parts.length == 0 || parts[0].isEmpty()) {
      return;
    }
    String primary = parts[0].toUpperCase(Locale.ROOT);
    // "LASH OUT": extra bare words are particles after the verb
    if (parts.length > 1 && !primary.contains("+")) {
      primary = primary + "_" + String.join("_", java.util.Arrays.copyOfRange(parts, 1, parts.length))
          .toUpperCase(Locale.ROOT);
    }
    String[] shape = shape(primary); // before..., verb, after...
    String lemma = primary.replace("+", "");
    Set<String> verbForms = new LinkedHashSet<>();
    verbForms.add(shape[1]);
    if (irregular != null) {
      for (String f : irregular.strip().split("\\s+")) {
        if (!f.isEmpty()) {
          verbForms.add(shape(f.toUpperCase(Locale.ROOT))[1]);
        }
      }
    } else {
      verbForms.addAll(regularForms(shape[1]));
    }
    String[] before = shape[0].isEmpty() ? new String[0] : shape[0].split("_");
    String[] after = shape[2].isEmpty() ? new String[0] : shape[2].split("_");
    for (String f : verbForms) {
      forms.add(f);
      byForm.computeIfAbsent(f, k -> new ArrayList<>()).add(new Verb(lemma, block, before, after, code, rev));
    }
  }

  /** Splits {@code WIRE_+TAP_X} into {"WIRE", "TAP", "X"}; without {@code +}, the first word is the verb. */
  private static String[] shape(String phrase) {
    String p = phrase.replaceAll("_+$", "");
    String[] w = p.split("_");
    int v = 0;
    for (int i = 0; i < w.length; i++) {
      if (w[i].startsWith("+")) {
        v = i;
        w[i] = w[i].substring(1);
      }
    }
    return new String[] {String.join("_", java.util.Arrays.copyOfRange(w, 0, v)), w[v],
        String.join("_", java.util.Arrays.copyOfRange(w, v + 1, w.length))};
  }

  /** Regular English verb forms of a base form (see the class comment). */
  static List<String> regularForms(String v) {
    List<String> out = new ArrayList<>();
    if (v.length() < 2) {
      return out;
    }
    char last = v.charAt(v.length() - 1);
    boolean consY = last == 'Y' && !isVowel(v.charAt(v.length() - 2));
    out.add(plural(v));
    if (last == 'E') {
      out.add(v + "D");
      out.add(v.endsWith("EE") || v.endsWith("YE") || v.endsWith("OE") ? v + "ING"
          : v.substring(0, v.length() - 1) + "ING");
      if (v.endsWith("IE")) {
        out.add(v.substring(0, v.length() - 2) + "YING");
      }
    } else if (consY) {
      out.add(v.substring(0, v.length() - 1) + "IED");
      out.add(v + "ING");
    } else {
      out.add(v + "ED");
      out.add(v + "ING");
      if (v.length() >= 3 && !isVowel(last) && "WXY".indexOf(last) < 0 && isVowel(v.charAt(v.length() - 2))
          && !isVowel(v.charAt(v.length() - 3))) {
        out.add(v + last + "ED");
        out.add(v + last + "ING");
      }
    }
    return out;
  }

  private Pattern parsePattern(String block, String body) {
    int b = body.lastIndexOf('[');
    if (b < 0 || body.indexOf(']', b) < 0) {
      return null;
    }
    String[] cs = codes(body.substring(b + 1, body.indexOf(']', b)));
    String code = cs[0];
    String rev = cs[1];
    if (!validCode(code) || !validCode(rev) || code.isEmpty() && rev.isEmpty()) {
      return null;
    }
    String lineText = body.substring(0, b).strip();
    String cleaned = lineText.replace('(', ' ').replace(')', ' ').replace('{', ' ').replace('}', ' ').strip();
    List<Item> pre = new ArrayList<>();
    List<Item> post = new ArrayList<>();
    boolean seenVerb = false;
    boolean verbAdjPrev = false;
    boolean joinNext = false;
    for (String chunk : cleaned.split("\\s+")) {
      if (chunk.isEmpty()) {
        continue;
      }
      String[] parts = chunk.split("_", -1);
      for (int i = 0; i < parts.length; i++) {
        String part = parts[i].toUpperCase(Locale.ROOT);
        boolean adj = i > 0 && !parts[i - 1].isEmpty();
        if (part.isEmpty()) {
          continue;
        }
        if (part.equals("*")) {
          seenVerb = true;
          verbAdjPrev = adj;
          joinNext = false;
          continue;
        }
        Item item;
        switch (part) {
          case "$" -> item = new Item(Kind.SOURCE, List.of(), adj);
          case "+" -> item = new Item(Kind.TARGET, List.of(), adj);
          case "%" -> item = new Item(Kind.COMPOUND, List.of(), adj);
          case "^" -> item = new Item(Kind.SKIP, List.of(), adj);
          default -> {
            if (part.startsWith("&")) {
              List<String[]> syn = synsets.get(part);
              if (syn == null || syn.isEmpty()) {
                return null; // undefined synset: the pattern is ignored, as in PETRARCH
              }
              item = new Item(Kind.WORDS, List.copyOf(syn), adj);
            } else {
              item = new Item(Kind.WORDS, List.<String[]>of(new String[] {part}), adj);
            }
          }
        }
        (seenVerb ? post : pre).add(item);
      }
    }
    if (!seenVerb) {
      return null;
    }
    return new Pattern(block, List.copyOf(pre), List.copyOf(post), verbAdjPrev, code, rev,
        "- " + lineText + " [" + code + (rev.isEmpty() ? "" : ":" + rev) + "]");
  }

  private static boolean validCode(String c) {
    return c.isEmpty() || c.equals("---") || Character.isDigit(c.charAt(0));
  }

  // ----------------------------------------------------------------- matching

  /**
   * The verb at token {@code i} of {@code words} (upper case), the longest multi-word entry first, or null.
   *
   * @param lo first token the verb phrase may use; {@code hi} one past the last
   */
  public VerbMatch verbAt(String[] words, int i, int lo, int hi) {
    List<Verb> es = byForm.get(words[i]);
    if (es == null) {
      return null;
    }
    VerbMatch best = null;
    for (Verb v : es) {
      int s = i - v.before().length;
      int e = i + 1 + v.after().length;
      if (s < lo || e > hi) {
        continue;
      }
      boolean ok = true;
      for (int k = 0; k < v.before().length && ok; k++) {
        ok = words[s + k].equals(v.before()[k]);
      }
      for (int k = 0; k < v.after().length && ok; k++) {
        ok = words[i + 1 + k].equals(v.after()[k]);
      }
      if (ok && (best == null || e - s > best.end() - best.start())) {
        best = new VerbMatch(v, s, i, e);
      }
    }
    return best;
  }

  /**
   * Codes one verb occurrence: the best-matching pattern of its block, or the verb's default code.
   *
   * @param words upper-case tokens of the sentence
   * @param lo first token patterns may look at (clause start); {@code hi} one past the last
   * @param actorStart whether an actor mention starts at a token (for {@code $} and {@code +})
   * @param compoundSubject whether the subject is a compound of two or more actors (for {@code %})
   */
  public Coding code(VerbMatch vm, String[] words, int lo, int hi, IntPredicate actorStart,
      boolean compoundSubject) {
    Coding best = null;
    double bestScore = -1;
    Block block = compiled(vm.verb().block());
    if (block.patterns().isEmpty()) {
      return new Coding(vm.verb().code(), vm.verb().reverseCode(), null, -1, -1, Set.of());
    }
    long[] present = block.present(words, Math.max(lo, vm.start() - MAX_GAP * 2), Math.min(hi, vm.end() + MAX_GAP * 3));
    long[] candidates = block.candidates(present);
    for (int w = 0; w < candidates.length; w++) {
      for (long bits = candidates[w]; bits != 0; bits &= bits - 1) {
        Compiled p = block.patterns().get(w << 6 | Long.numberOfTrailingZeros(bits));
        if (p.compound() && !compoundSubject || !p.possible(present)) {
          continue;
        }
        Coding c = match(p, vm, words, lo, hi, actorStart);
        if (c == null) {
          continue;
        }
        double score = p.roleScore() + c.matched().size();
        if (score > bestScore) {
          best = c;
          bestScore = score;
        }
      }
    }
    if (best != null) {
      return best;
    }
    return new Coding(vm.verb().code(), vm.verb().reverseCode(), null, -1, -1, Set.of());
  }

  /**
   * A pattern item indexed for matching: its alternatives grouped by first word (in file order, so the first of equally
   * long alternatives still wins) and its longest alternative's length.
   */
  private record IndexedItem(Item item, Map<String, List<String[]>> byFirst, int maxLen) {
    static IndexedItem of(Item it) {
      Map<String, List<String[]>> byFirst = new HashMap<>();
      int m = 1;
      for (String[] ph : it.phrases()) {
        byFirst.computeIfAbsent(ph[0], k -> new ArrayList<>()).add(ph);
        m = Math.max(m, ph.length);
      }
      return new IndexedItem(it, byFirst, it.kind() == Kind.WORDS ? m : 1);
    }
  }

  /**
   * A pattern compiled once for {@link #code}: whether it needs a compound subject, its {@code $}/{@code +} score
   * (half a word each), its items indexed ({@link IndexedItem}) and the ids of its word elements in its {@link Block}.
   */
  private record Compiled(Pattern pattern, boolean compound, double roleScore, List<IndexedItem> pre,
      List<IndexedItem> post, int[] wordItems) {
    /**
     * The cheap filter: every word element has an alternative whose first word occurs near the verb, i.e. the bit of
     * each of its word elements is set in {@code present} ({@link Block#present}).
     */
    boolean possible(long[] present) {
      for (int id : wordItems) {
        if ((present[id >>> 6] & 1L << id) == 0) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * The patterns of one verb block compiled, in file order. Word elements with the same alternatives share an id;
   * {@code itemsByFirst} maps a word to the ids of the elements that have an alternative starting with it.
   */
  private record Block(List<Compiled> patterns, Map<String, int[]> itemsByFirst, int items, int[][] anchoredOn,
      long[] unanchored) {
    static Block of(List<Pattern> ps) {
      Map<List<List<String>>, Integer> ids = new HashMap<>();
      Map<String, Set<Integer>> byFirst = new HashMap<>();
      List<Compiled> out = new ArrayList<>();
      for (Pattern p : ps) {
        double score = 0;
        List<Integer> wordItems = new ArrayList<>();
        for (List<Item> side : List.of(p.pre(), p.post())) {
          for (Item it : side) {
            score += it.kind() == Kind.SOURCE || it.kind() == Kind.TARGET ? 0.5 : 0;
            if (it.kind() != Kind.WORDS) {
              continue;
            }
            List<List<String>> key = it.phrases().stream().map(java.util.Arrays::asList).toList();
            Integer id = ids.get(key);
            if (id == null) {
              id = ids.size();
              ids.put(key, id);
              for (String[] ph : it.phrases()) {
                byFirst.computeIfAbsent(ph[0], k -> new LinkedHashSet<>()).add(id);
              }
            }
            wordItems.add(id);
          }
        }
        out.add(new Compiled(p, p.needsCompound(), score, p.pre().stream().map(IndexedItem::of).toList(),
            p.post().stream().map(IndexedItem::of).toList(),
            wordItems.stream().mapToInt(Integer::intValue).toArray()));
      }
      Map<String, int[]> itemsByFirst = new HashMap<>();
      byFirst.forEach((w, set) -> itemsByFirst.put(w, set.stream().mapToInt(Integer::intValue).toArray()));
      // each pattern with word elements is anchored on its first one: it can pass the filter only when that is present
      List<List<Integer>> anchored = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        anchored.add(new ArrayList<>());
      }
      long[] unanchored = new long[(out.size() + 63) >>> 6];
      for (int i = 0; i < out.size(); i++) {
        int[] wi = out.get(i).wordItems();
        if (wi.length == 0) {
          unanchored[i >>> 6] |= 1L << i;
        } else {
          anchored.get(wi[0]).add(i);
        }
      }
      int[][] anchoredOn = new int[ids.size()][];
      for (int i = 0; i < anchoredOn.length; i++) {
        anchoredOn[i] = anchored.get(i).stream().mapToInt(Integer::intValue).toArray();
      }
      return new Block(List.copyOf(out), itemsByFirst, ids.size(), anchoredOn, unanchored);
    }

    /**
     * Bits (by pattern index, so in file order) of the patterns that may pass {@link Compiled#possible}: those without
     * word elements and those whose first word element is in {@code present}.
     */
    long[] candidates(long[] present) {
      long[] out = unanchored.clone();
      for (int w = 0; w < present.length; w++) {
        for (long bits = present[w]; bits != 0; bits &= bits - 1) {
          for (int p : anchoredOn[w << 6 | Long.numberOfTrailingZeros(bits)]) {
            out[p >>> 6] |= 1L << p;
          }
        }
      }
      return out;
    }

    /** Bits of the word elements that have an alternative starting with one of {@code words[from, to)}. */
    long[] present(String[] words, int from, int to) {
      long[] bits = new long[(items + 63) >>> 6];
      for (int i = from; i < to; i++) {
        int[] its = itemsByFirst.get(words[i]);
        if (its != null) {
          for (int id : its) {
            bits[id >>> 6] |= 1L << id;
          }
        }
      }
      return bits;
    }
  }

  /** Per block, its patterns compiled; built on first use (the dictionary is read-only then). */
  private final Map<String, Block> compiled = new ConcurrentHashMap<>();

  private Block compiled(String block) {
    return compiled.computeIfAbsent(block, b -> Block.of(patterns(b)));
  }

  private Coding match(Compiled cp, VerbMatch vm, String[] words, int lo, int hi, IntPredicate actorStart) {
    Pattern p = cp.pattern();
    Set<Integer> matched = new LinkedHashSet<>();
    int src = -1;
    int tgt = -1;
    // after the verb, left to right
    int pos = vm.end();
    for (IndexedItem ix : cp.post()) {
      Item it = ix.item();
      if (it.kind() == Kind.SKIP || it.kind() == Kind.COMPOUND) {
        continue;
      }
      int limit = it.adjPrev() ? pos : Math.min(hi - 1, pos + MAX_GAP);
      int found = -1;
      int len = 0;
      for (int k = pos; k <= limit && k < hi && found < 0; k++) {
        len = matchAt(ix, words, k, hi, actorStart);
        if (len > 0) {
          found = k;
        }
      }
      if (found < 0) {
        return null;
      }
      if (it.kind() == Kind.SOURCE) {
        src = found;
        pos = found + 1;
      } else if (it.kind() == Kind.TARGET) {
        tgt = found;
        pos = found + 1;
      } else {
        for (int k = found; k < found + len; k++) {
          matched.add(k);
        }
        pos = found + len;
      }
    }
    // before the verb, right to left
    pos = vm.start();
    for (int i = cp.pre().size() - 1; i >= 0; i--) {
      IndexedItem ix = cp.pre().get(i);
      Item it = ix.item();
      if (it.kind() == Kind.SKIP || it.kind() == Kind.COMPOUND) {
        continue;
      }
      boolean adj = i == p.pre().size() - 1 ? p.verbAdjPrev() : p.pre().get(i + 1).adjPrev();
      int found = -1;
      int len = 0;
      for (int end = pos; end >= lo && (adj ? end == pos : end >= pos - MAX_GAP) && found < 0; end--) {
        // the element must end at token end-1
        for (int l = 1; l <= ix.maxLen() && found < 0; l++) {
          int k = end - l;
          if (k < lo) {
            break;
          }
          int m = matchAt(ix, words, k, end, actorStart);
          if (m == l) {
            found = k;
            len = m;
          }
        }
      }
      if (found < 0) {
        return null;
      }
      if (it.kind() == Kind.SOURCE) {
        src = found;
      } else if (it.kind() == Kind.TARGET) {
        tgt = found;
      } else {
        for (int k = found; k < found + len; k++) {
          matched.add(k);
        }
      }
      pos = found;
    }
    return new Coding(p.code(), p.reverseCode(), p, src, tgt, matched);
  }

  /** Length of the element's match starting at token k (0 = no match); the longest alternative wins. */
  private static int matchAt(IndexedItem ix, String[] words, int k, int hi, IntPredicate actorStart) {
    switch (ix.item().kind()) {
      case SOURCE, TARGET -> {
        return actorStart.test(k) ? 1 : 0;
      }
      case WORDS -> {
        if (k >= hi) {
          return 0;
        }
        List<String[]> alts = ix.byFirst().get(words[k]);
        if (alts == null) {
          return 0;
        }
        int best = 0;
        for (String[] ph : alts) {
          if (k + ph.length > hi || ph.length <= best) {
            continue;
          }
          boolean ok = true;
          for (int j = 1; j < ph.length && ok; j++) {
            ok = words[k + j].equals(ph[j]);
          }
          if (ok) {
            best = ph.length;
          }
        }
        return best;
      }
      default -> {
        return 0;
      }
    }
  }

  @Override
  public String toString() {
    return "CameoVerbDictionary[" + name + ": " + blockCodes.size() + " blocks, " + byForm.size() + " forms, "
        + patternCount() + " patterns]";
  }
}
