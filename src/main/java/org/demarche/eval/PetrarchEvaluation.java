package org.demarche.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.demarche.actors.MentionFinder.Mention;
import org.demarche.stance.events.CameoLookups;
import org.demarche.stance.events.CameoVerbDictionary;
import org.demarche.stance.events.EventCoder;
import org.demarche.stance.events.EventCoder.Event;

/**
 * Scores {@link EventCoder} on the PETRARCH unit-test records ({@code PETR.UnitTest.records.xml}, 284 stylised
 * sentences about fictional states such as Arnor and Gondor, with gold {@code <EventCoding sourcecode targetcode
 * eventcode>}). The coder works on the raw {@code <Text>}; the Treebank parses are not used. Actors come from
 * {@code PETR.Validate.actors.txt} and {@code PETR.Validate.agents.txt} ({@link PetrarchActors}, at the record's date),
 * sentences matching {@code PETR.Validate.discards.txt} are not coded, as in PETRARCH.
 *
 * <p>Records: a gold coding with {@code eventcode} is a gold event; records whose only coding is {@code noevents},
 * or a discard error ({@code sentencediscard}, {@code storydiscard}), have no gold event (their predictions count
 * against precision). Records marked {@code bad_input_parse} or {@code dateline} test PETRARCH's parse-input and
 * dateline handling, not coding, and are left out.
 *
 * <p>Metrics (predicted events: the coder's non-negated events of the sentence, distinct by source code, target code
 * and event code):
 * <ul>
 *   <li><b>pair accuracy</b> (country level) = share of gold events for which some predicted event of the same
 *       sentence has the same first three characters of the source code and of the target code;</li>
 *   <li><b>QuadClass accuracy</b> = share of gold events for which some such pair-matched predicted event has the
 *       same QuadClass ({@link CameoLookups#quadClass}) as the gold code — or, for a gold code outside CAMEO roots
 *       01–20 (the validation dictionary's private codes such as 903), exactly the gold code;</li>
 *   <li><b>code accuracy</b> = share of gold events with a pair-matched predicted event of exactly the gold code (full
 *       source and target codes not required);</li>
 *   <li><b>precision</b> = share of predicted events whose country-level pair matches a gold event of their sentence
 *       (over all evaluated records, including the no-event ones).</li>
 * </ul>
 * Gold events with empty or placeholder actor codes ({@code ---}, {@code ###}, blank) stay in the denominators.
 */
public final class PetrarchEvaluation {
  /** One gold coding. */
  public record Gold(String source, String target, String code) {}

  /** One unit-test record. */
  public record Record(String id, LocalDate date, String category, String text, List<Gold> gold, String error,
      boolean noEvents) {}

  /** Figures of one run. */
  public record Result(String verbDictionary, int records, int goldEvents, int pairHits, int quadHits, int codeHits,
      int predicted, int predictedCorrect, int noEventRecords, int noEventRecordsWithPredictions) {
    public double pairAccuracy() {
      return goldEvents == 0 ? 0 : (double) pairHits / goldEvents;
    }

    public double quadAccuracy() {
      return goldEvents == 0 ? 0 : (double) quadHits / goldEvents;
    }

    public double codeAccuracy() {
      return goldEvents == 0 ? 0 : (double) codeHits / goldEvents;
    }

    public double precision() {
      return predicted == 0 ? 0 : (double) predictedCorrect / predicted;
    }

    /** A printable table. */
    public String table() {
      return String.format(Locale.ROOT, "PETRARCH unit-test records, verbs %s: %d records, %d gold events%n"
          + "  pair accuracy (country level)  %.3f  (%d/%d)%n"
          + "  QuadClass accuracy             %.3f  (%d/%d)%n"
          + "  exact CAMEO code accuracy      %.3f  (%d/%d)%n"
          + "  precision of predicted events  %.3f  (%d/%d)%n"
          + "  no-event records with a prediction: %d/%d%n", verbDictionary, records, goldEvents, pairAccuracy(),
          pairHits, goldEvents, quadAccuracy(), quadHits, goldEvents, codeAccuracy(), codeHits, goldEvents,
          precision(), predictedCorrect, predicted, noEventRecordsWithPredictions, noEventRecords);
    }
  }

  private PetrarchEvaluation() {}

  private static final Pattern SENTENCE = Pattern.compile("<Sentence\\s([^>]*)>(.*?)</Sentence>", Pattern.DOTALL);
  private static final Pattern ATTR = Pattern.compile("(\\w+)\\s*=\\s*\"([^\"]*)\"");
  private static final Pattern CODING = Pattern.compile("<EventCoding([^>]*)>");
  private static final Pattern TEXT = Pattern.compile("<Text>(.*?)</Text>", Pattern.DOTALL);

  /** Parses the unit-test file (XML comments removed; the {@code <Parse>} trees are ignored). */
  public static List<Record> records(Path xml) {
    String x;
    try {
      x = Files.readString(xml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    x = x.replaceAll("(?s)<!--.*?-->", "");
    List<Record> out = new ArrayList<>();
    Matcher m = SENTENCE.matcher(x);
    while (m.find()) {
      String attrs = m.group(1);
      String body = m.group(2);
      String id = attr(attrs, "id");
      String d = attr(attrs, "date");
      LocalDate date = d == null || d.length() < 8 ? null : PetrarchActors.date(d.substring(0, 8));
      Matcher t = TEXT.matcher(body);
      String text = t.find() ? t.group(1).replace("&amp;", "&").replaceAll("\\s+", " ").strip() : "";
      List<Gold> gold = new ArrayList<>();
      String error = null;
      boolean noEvents = false;
      Matcher c = CODING.matcher(body);
      while (c.find()) {
        String a = c.group(1);
        if (attr(a, "eventcode") != null) {
          gold.add(new Gold(nz(attr(a, "sourcecode")), nz(attr(a, "targetcode")), attr(a, "eventcode")));
        } else if (attr(a, "error") != null) {
          error = attr(a, "error");
        } else if (attr(a, "noevents") != null) {
          noEvents = true;
        }
      }
      out.add(new Record(id, date, attr(attrs, "category"), text, gold, error, noEvents));
    }
    return out;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String attr(String attrs, String name) {
    Matcher a = ATTR.matcher(attrs);
    while (a.find()) {
      if (a.group(1).equals(name)) {
        return a.group(2);
      }
    }
    return null;
  }

  /** Sentence-level discard phrases of {@code PETR.Validate.discards.txt} (with or without the story '+'). */
  static List<String> discards(Path file) {
    List<String> out = new ArrayList<>();
    if (file == null || !Files.exists(file)) {
      return out;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
        String t = CameoVerbDictionary.stripComment(line).strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        out.add(t.replaceFirst("^\\+", "").strip().toUpperCase(Locale.ROOT));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static boolean discarded(String text, List<String> discards) {
    String up = " " + text.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9 ]", " ").replaceAll("\\s+", " ") + " ";
    for (String d : discards) {
      if (up.contains(" " + d + " ")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs the coder over the records with {@code verbDictionaryFile} (a file name in {@code dictionariesDir}, or ""
   * for the shipped CAMEO 2.0) and the validation actors/agents/discards of {@code dictionariesDir}.
   */
  public static Result run(Path unitTestsXml, Path dictionariesDir, String verbDictionaryFile) {
    return run(unitTestsXml, dictionariesDir, verbDictionaryFile, null);
  }

  /** As {@link #run(Path, Path, String)}; {@code log} (if not null) receives one line per record. */
  public static Result run(Path unitTestsXml, Path dictionariesDir, String verbDictionaryFile, StringBuilder log) {
    CameoVerbDictionary verbs = verbDictionaryFile == null || verbDictionaryFile.isEmpty()
        ? CameoVerbDictionary.builtin() : CameoVerbDictionary.load(dictionariesDir.resolve(verbDictionaryFile));
    PetrarchActors actors = PetrarchActors.load(dictionariesDir.resolve("PETR.Validate.actors.txt"),
        dictionariesDir.resolve("PETR.Validate.agents.txt"));
    List<String> discards = discards(dictionariesDir.resolve("PETR.Validate.discards.txt"));
    EventCoder coder = new EventCoder(verbs);
    int records = 0;
    int gold = 0;
    int pair = 0;
    int quad = 0;
    int exact = 0;
    int predicted = 0;
    int correct = 0;
    int noEv = 0;
    int noEvPred = 0;
    for (Record r : records(unitTestsXml)) {
      if ("bad_input_parse".equals(r.error()) || "dateline".equals(r.error())) {
        continue;
      }
      records++;
      List<Event> events = List.of();
      if (!discarded(r.text(), discards)) {
        List<Mention> ms = actors.find(r.text(), r.date());
        events = coder.code(r.text(), ms);
      }
      Set<String> seen = new LinkedHashSet<>();
      List<Event> pred = new ArrayList<>();
      for (Event e : events) {
        if (!e.negated() && seen.add(e.sourceCode() + ">" + e.targetCode() + ":" + e.cameoCode())) {
          pred.add(e);
        }
      }
      if (r.gold().isEmpty()) {
        noEv++;
        noEvPred += pred.isEmpty() ? 0 : 1;
      }
      StringBuilder line = new StringBuilder();
      for (Gold g : r.gold()) {
        gold++;
        boolean p = false;
        boolean q = false;
        boolean x = false;
        int gq = CameoLookups.quadClass(g.code());
        for (Event e : pred) {
          if (!samePair(e, g)) {
            continue;
          }
          p = true;
          x |= e.cameoCode().equals(g.code());
          q |= gq == 0 ? e.cameoCode().equals(g.code()) : e.quadClass() == gq;
        }
        pair += p ? 1 : 0;
        quad += q ? 1 : 0;
        exact += x ? 1 : 0;
        line.append(String.format(" %s>%s:%s%s", g.source(), g.target(), g.code(), p ? (q ? (x ? "=" : "~") : "?")
            : "!"));
      }
      for (Event e : pred) {
        predicted++;
        boolean ok = false;
        for (Gold g : r.gold()) {
          ok |= samePair(e, g);
        }
        correct += ok ? 1 : 0;
      }
      if (log != null) {
        log.append(r.id()).append(" |").append(line).append(" | pred:");
        for (Event e : pred) {
          log.append(' ').append(e.sourceCode()).append('>').append(e.targetCode()).append(':').append(e.cameoCode());
        }
        log.append(" | ").append(r.text()).append('\n');
      }
    }
    String name = verbDictionaryFile == null || verbDictionaryFile.isEmpty() ? "CAMEO.2.0.txt (built-in)"
        : verbDictionaryFile;
    return new Result(name, records, gold, pair, quad, exact, predicted, correct, noEv, noEvPred);
  }

  private static boolean samePair(Event e, Gold g) {
    return country(e.sourceCode()).equals(country(g.source())) && country(e.targetCode()).equals(country(g.target()));
  }

  private static String country(String code) {
    return code == null ? "" : code.length() <= 3 ? code : code.substring(0, 3);
  }

  /**
   * Prints the figures for both dictionaries. Args: [unit-tests xml] [dictionaries dir]; defaults to
   * {@code petrarch_cameo/...} in the shared data ({@link SharedData#resolve}). {@code -Devents.log=true} prints every
   * record.
   */
  public static void main(String[] args) {
    Path petrarch = args.length > 1 ? null
        : SharedData.resolve(null, SharedData.PETRARCH + "/").resolve(SharedData.PETRARCH);
    Path xml = args.length > 0 ? Path.of(args[0]) : petrarch.resolve("unit_tests/PETR.UnitTest.records.xml");
    Path dir = args.length > 1 ? Path.of(args[1]) : petrarch.resolve("dictionaries");
    for (String v : new String[] {"PETR.Validate.verbs.txt", ""}) {
      StringBuilder log = Boolean.getBoolean("events.log") ? new StringBuilder() : null;
      Result r = run(xml, dir, v, log);
      if (log != null) {
        System.out.print(log);
      }
      System.out.print(r.table());
    }
  }
}
