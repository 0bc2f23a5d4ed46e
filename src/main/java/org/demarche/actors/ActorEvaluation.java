package org.demarche.actors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.demarche.actors.MentionFinder.Mention;

/**
 * Scores the actor matcher against gold data (research-only corpora, read in place; never copied into the repo).
 *
 * <p>Usage: {@code ActorEvaluation [sharedDataDir] [--errors]} (default {@code ../shared/data}); prints the figures and,
 * with {@code --errors}, the top false-positive and false-negative aliases/labels (computed on the Reuters <b>dev</b>
 * half and on CoNLL eng.testa only).
 *
 * <p><b>Reuters-21578</b> ({@code reuters21578/reuters21578_lewis_train_and_notused.jsonl.gz}), document level over
 * title + body. The corpus is split by a fixed rule: <b>dev</b> = {@code newid < 7696} (the first half of the
 * documents by id; 7696 is the median newid of the file), used for error analysis and tuning; <b>test</b> = {@code newid >= 7696}, reported but never inspected. What
 * the gold labels mean, and how we score them:
 * <ul>
 *   <li>{@code places} lists the countries a story is about, from a closed vocabulary of 175 places
 *       ({@code all-places-strings.lc.txt}). A mention of the country, its capital or one of its cities, an
 *       institution of it ("the Bundesbank", "Japanese government") supports the label. Predicted countries = the
 *       {@code country} of every non-person, non-coreference mention; a prediction outside the vocabulary (a country
 *       the annotators could not label) is ignored, since it can be neither right nor wrong. Gold places are mapped to
 *       ISO 3166 alpha-3 through the dictionary; a gold place that does not map stays a string and can only be missed.
 *       Demonyms ("Japanese") count like any other mention: a passing adjective is a real source of false positives,
 *       and we keep it in the score rather than define it away.
 *   <li>{@code people} likewise uses a closed vocabulary of 267 people ({@code all-people-strings.lc.txt}, gold-style
 *       keys such as {@code reagan} or {@code james-baker}). A predicted person actor is mapped to the vocabulary keys
 *       it can stand for (same last name token, and same first token for two-part keys); a person who maps to no key is
 *       outside what the annotators could label and is ignored; the others are scored by key.
 * </ul>
 *
 * <p><b>CoNLL-2003 eng.testa</b> ({@code conll2003/eng.testa.gz}), span level, one sentence at a time (the file has no
 * document boundaries, so no coreference): precision of predicted spans (dictionary mentions) that equal a gold
 * LOC/PER/ORG span exactly, reported for all spans and for spans other than demonyms (demonyms are MISC in CoNLL);
 * recall on gold LOC spans whose text is a country name (alias type name/acronym) in the dictionary. Headlines in
 * CoNLL are ALL CAPS, which exercises the headline rules.
 */
public final class ActorEvaluation {
  private ActorEvaluation() {}

  /** First newid of the Reuters test half. */
  static final int REUTERS_TEST_FROM = 7696;
  static boolean errors;
  static double countryThreshold = DocumentActors.COUNTRY_THRESHOLD;
  static double personThreshold = DocumentActors.PERSON_THRESHOLD;
  static final java.util.Map<String, java.util.Map<String, Integer>> ERR = new java.util.TreeMap<>();

  static void err(String table, String key) {
    ERR.computeIfAbsent(table, k -> new java.util.HashMap<>()).merge(key, 1, Integer::sum);
  }

  public static void main(String[] args) throws IOException {
    List<String> rest = new ArrayList<>();
    for (String a : args) {
      if (a.equals("--errors")) {
        errors = true;
      } else if (a.startsWith("--country-threshold=")) {
        countryThreshold = Double.parseDouble(a.substring(20));
      } else if (a.startsWith("--person-threshold=")) {
        personThreshold = Double.parseDouble(a.substring(19));
      } else {
        rest.add(a);
      }
    }
    Path shared = Path.of(rest.isEmpty() ? "../shared/data" : rest.get(0));
    ActorDictionary dict = ActorDictionary.builtin();
    MentionFinder finder = new MentionFinder(dict);
    reuters(shared.resolve("reuters21578"), dict, finder);
    conll(shared.resolve("conll2003/eng.testa.gz"), dict, finder);
    if (errors) {
      for (java.util.Map.Entry<String, java.util.Map<String, Integer>> t : ERR.entrySet()) {
        System.out.println("== " + t.getKey());
        t.getValue().entrySet().stream()
            .sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed()
                .thenComparing(java.util.Map.Entry.comparingByKey()))
            .limit(40).forEach(e -> System.out.printf(Locale.ROOT, "  %6d  %s%n", e.getValue(), e.getKey()));
      }
    }
  }

  static BufferedReader gz(Path p) throws IOException {
    return new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(p)),
        StandardCharsets.UTF_8));
  }

  static String prf(String label, long tp, long fp, long fn) {
    double p = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    double r = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
    return String.format(Locale.ROOT, "%-28s P=%.3f R=%.3f F1=%.3f (tp=%d fp=%d fn=%d)", label, p, r, f, tp, fp, fn);
  }

  static String goldCountry(ActorDictionary dict, String place) {
    String name = place.replace('-', ' ');
    ActorDictionary.Entry e = dict.lookup(name);
    if (e == null) {
      return "?" + place;
    }
    ActorDictionary.Actor a = dict.actor(e.actorId());
    return a == null || a.country().isEmpty() ? "?" + place : a.country();
  }

  static LocalDate reutersDate(String raw) {
    try {
      String s = raw.trim().split(" ")[0];
      String[] p = s.split("-");
      return LocalDate.parse(p[0] + "-" + p[1].charAt(0) + p[1].substring(1).toLowerCase(Locale.ROOT) + "-" + p[2],
          DateTimeFormatter.ofPattern("d-MMM-yyyy", Locale.ENGLISH));
    } catch (Exception e) {
      return null;
    }
  }

  /** The gold-style people keys an actor can stand for. */
  static Set<String> personKeys(ActorDictionary.Actor a, List<String[]> vocab) {
    Set<String> out = new HashSet<>();
    String[] n = Normalizer.key(a.name()).split(" ");
    for (String[] g : vocab) {
      if (n[n.length - 1].equals(g[g.length - 1]) && (g.length == 1 || n[0].equals(g[0]))) {
        out.add(String.join("-", g));
      }
    }
    return out;
  }

  /** {tp, fp, fn} per table: [0..2] countries, [3..5] people. */
  static void reuters(Path dir, ActorDictionary dict, MentionFinder finder) throws IOException {
    ObjectMapper om = new ObjectMapper();
    Set<String> placeVocab = new HashSet<>();
    for (String p : Files.readAllLines(dir.resolve("all-places-strings.lc.txt"))) {
      if (!p.isBlank()) {
        placeVocab.add(goldCountry(dict, p.trim()));
      }
    }
    List<String[]> peopleVocab = new ArrayList<>();
    for (String p : Files.readAllLines(dir.resolve("all-people-strings.lc.txt"))) {
      if (!p.isBlank()) {
        peopleVocab.add(p.trim().split("-"));
      }
    }
    java.util.Map<String, Set<String>> keyCache = new java.util.HashMap<>();
    long[][] c = new long[3][6]; // dev, test, all
    long docs = 0, unmapped = 0;
    long t0 = System.nanoTime();
    long chars = 0;
    try (BufferedReader r = gz(dir.resolve("reuters21578_lewis_train_and_notused.jsonl.gz"))) {
      String line;
      while ((line = r.readLine()) != null) {
        JsonNode d = om.readTree(line);
        docs++;
        boolean dev = d.path("newid").asInt() < REUTERS_TEST_FROM;
        String title = d.path("title").asText("");
        // the dateline ("TOKYO, March 3 -") is part of the wire text as published
        String text = title + "\n" + d.path("dateline").asText("") + " " + d.path("body").asText("");
        chars += text.length();
        LocalDate date = reutersDate(d.path("date_raw").asText(""));
        List<Mention> ms = finder.find(text, date);
        java.util.Map<String, String> predC = new java.util.HashMap<>(); // country -> first alias
        java.util.Map<String, String> predP = new java.util.HashMap<>(); // gold-style key -> actor + alias
        java.util.Map<String, Double> cs = DocumentActors.countryScores(ms, dict);
        java.util.Map<String, Double> ps = DocumentActors.personScores(ms, dict);
        for (Mention m : ms) {
          ActorDictionary.Actor a = dict.actor(m.actorId());
          if (a == null) {
            continue;
          }
          String why = Normalizer.key(m.aliasText()) + " [" + m.aliasType() + "/" + m.method() + "/"
              + m.resolutionMethod() + "]";
          if (a.isPerson()) {
            if (ps.getOrDefault(a.id(), 0.0) >= personThreshold) {
              for (String k : keyCache.computeIfAbsent(a.id(), x -> personKeys(a, peopleVocab))) {
                predP.putIfAbsent(k, a.name() + " <- " + why);
              }
            }
          } else if (!"coreference".equals(m.aliasType()) && !m.country().isEmpty()
              && placeVocab.contains(m.country()) && cs.getOrDefault(m.country(), 0.0) >= countryThreshold) {
            predC.putIfAbsent(m.country(), why);
          }
        }
        Set<String> goldC = new HashSet<>();
        for (JsonNode p : d.path("places")) {
          String g = goldCountry(dict, p.asText());
          if (g.startsWith("?")) {
            unmapped++;
          }
          goldC.add(g);
        }
        Set<String> goldP = new HashSet<>();
        for (JsonNode p : d.path("people")) {
          goldP.add(p.asText());
        }
        long[] k = new long[6];
        for (java.util.Map.Entry<String, String> e : predC.entrySet()) {
          if (goldC.contains(e.getKey())) {
            k[0]++;
          } else {
            k[1]++;
            if (dev) {
              err("reuters dev countries FP (country <- first alias [type/method/resolution])",
                  e.getKey() + " <- " + e.getValue());
            }
          }
        }
        for (String g : goldC) {
          if (!predC.containsKey(g)) {
            k[2]++;
            if (dev) {
              err("reuters dev countries FN (gold label)", g);
            }
          }
        }
        for (java.util.Map.Entry<String, String> e : predP.entrySet()) {
          if (goldP.contains(e.getKey())) {
            k[3]++;
          } else {
            k[4]++;
            if (dev) {
              err("reuters dev people FP (key: actor <- alias [type/method/resolution])",
                  e.getKey() + ": " + e.getValue());
            }
          }
        }
        for (String g : goldP) {
          if (!predP.containsKey(g)) {
            k[5]++;
            if (dev) {
              err("reuters dev people FN (gold label)", g);
            }
          }
        }
        for (int i = 0; i < 6; i++) {
          c[dev ? 0 : 1][i] += k[i];
          c[2][i] += k[i];
        }
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "Reuters-21578 (lewis train + not-used), %d documents, %.1f s, %.0f docs/s, %.2f MB/s "
        + "(one thread, incl. JSON parsing); gold places not in the dictionary: %d%n", docs, secs, docs / secs,
        chars / secs / 1e6, unmapped);
    String[] split = {"dev  (newid < " + REUTERS_TEST_FROM + ")", "test (newid >= " + REUTERS_TEST_FROM + ")", "all"};
    for (int s = 0; s < 3; s++) {
      System.out.println("  " + split[s]);
      System.out.println("    " + prf("countries (doc level)", c[s][0], c[s][1], c[s][2]) + "   bar F1 >= 0.92");
      System.out.println("    " + prf("people (doc level)", c[s][3], c[s][4], c[s][5]) + "   bar F1 >= 0.80");
    }
  }

  static void conll(Path file, ActorDictionary dict, MentionFinder finder) throws IOException {
    long predAll = 0, okAll = 0, predNoDem = 0, okNoDem = 0, demPred = 0, demMisc = 0, goldCountry = 0, hitCountry = 0;
    try (BufferedReader r = gz(file)) {
      List<String[]> sent = new ArrayList<>();
      String line;
      while (true) {
        line = r.readLine();
        if (line == null || line.isBlank()) {
          if (!sent.isEmpty()) {
            long[] c = conllSentence(sent, dict, finder);
            predAll += c[0];
            okAll += c[1];
            predNoDem += c[2];
            okNoDem += c[3];
            demPred += c[4];
            demMisc += c[5];
            goldCountry += c[6];
            hitCountry += c[7];
            sent.clear();
          }
          if (line == null) {
            break;
          }
          continue;
        }
        if (line.startsWith("-DOCSTART-")) {
          continue;
        }
        sent.add(line.split(" "));
      }
    }
    System.out.println("CoNLL-2003 eng.testa, span level (exact token spans)");
    System.out.printf(Locale.ROOT, "  precision, all predicted spans vs gold LOC/PER/ORG: %.3f (%d/%d)%n",
        (double) okAll / predAll, okAll, predAll);
    System.out.printf(Locale.ROOT,
        "  precision, spans other than demonyms vs gold LOC/PER/ORG: %.3f (%d/%d)   bar >= 0.95%n",
        (double) okNoDem / predNoDem, okNoDem, predNoDem);
    System.out.printf(Locale.ROOT, "  demonym spans that are gold MISC: %.3f (%d/%d)%n", (double) demMisc / demPred,
        demMisc, demPred);
    System.out.printf(Locale.ROOT, "  recall on gold LOC spans naming a country: %.3f (%d/%d)   bar >= 0.95%n",
        (double) hitCountry / goldCountry, hitCountry, goldCountry);
  }

  /** {pred, predOk, predNoDem, predNoDemOk, demonyms, demonymsMisc, goldCountryLoc, goldCountryLocHit}. */
  static long[] conllSentence(List<String[]> toks, ActorDictionary dict, MentionFinder finder) {
    StringBuilder b = new StringBuilder();
    int[] starts = new int[toks.size()];
    int[] ends = new int[toks.size()];
    for (int i = 0; i < toks.size(); i++) {
      if (i > 0) {
        b.append(' ');
      }
      starts[i] = b.length();
      b.append(toks.get(i)[0]);
      ends[i] = b.length();
    }
    String text = b.toString();
    java.util.Map<String, String> gold = new java.util.HashMap<>(); // "startChar:endChar" -> type
    int i = 0;
    while (i < toks.size()) {
      String tag = toks.get(i)[toks.get(i).length - 1];
      if (tag.startsWith("B-") || tag.startsWith("I-")) {
        String type = tag.substring(2);
        int j = i + 1;
        while (j < toks.size() && toks.get(j)[toks.get(j).length - 1].equals("I-" + type)) {
          j++;
        }
        gold.put(starts[i] + ":" + ends[j - 1], type);
        i = j;
      } else {
        i++;
      }
    }
    long[] c = new long[8];
    Set<String> predicted = new HashSet<>();
    for (Mention m : finder.find(text, LocalDate.of(1996, 8, 30))) {
      if ("coreference".equals(m.aliasType())) {
        continue;
      }
      String key = m.start() + ":" + m.end();
      predicted.add(key);
      String g = gold.get(key);
      boolean ok = "LOC".equals(g) || "PER".equals(g) || "ORG".equals(g);
      c[0]++;
      c[1] += ok ? 1 : 0;
      if (!ok) {
        String near = "none";
        for (java.util.Map.Entry<String, String> g2 : gold.entrySet()) {
          String[] se = g2.getKey().split(":");
          int gs = Integer.parseInt(se[0]);
          int ge = Integer.parseInt(se[1]);
          if (gs < m.end() && m.start() < ge) {
            near = g2.getValue() + " '" + text.substring(gs, ge) + "'";
          }
        }
        err("conll FP spans (alias [type/method] -> overlapping gold)", m.aliasText() + " [" + m.aliasType() + "/"
            + m.method() + "] -> " + (g != null ? g : near));
      }
      if ("demonym".equals(m.aliasType())) {
        c[4]++;
        c[5] += "MISC".equals(g) ? 1 : 0;
      } else {
        c[2]++;
        c[3] += ok ? 1 : 0;
      }
    }
    for (java.util.Map.Entry<String, String> g : gold.entrySet()) {
      if (!g.getValue().equals("LOC")) {
        continue;
      }
      String[] se = g.getKey().split(":");
      String surface = text.substring(Integer.parseInt(se[0]), Integer.parseInt(se[1]));
      ActorDictionary.Entry e = dict.lookup(surface);
      ActorDictionary.Actor a = e == null ? null : dict.actor(e.actorId());
      if (a != null && "country".equals(a.kind()) && !"place".equals(e.aliasType())) {
        c[6]++;
        c[7] += predicted.contains(g.getKey()) ? 1 : 0;
        if (!predicted.contains(g.getKey())) {
          err("conll FN gold country LOC spans", surface + " (" + e.aliasType() + ")");
        }
      }
    }
    return c;
  }
}
