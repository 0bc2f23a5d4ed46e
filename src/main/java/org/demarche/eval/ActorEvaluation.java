package org.demarche.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.demarche.actors.ActorDictionary;
import org.demarche.actors.DocumentActors;
import org.demarche.actors.MentionFinder;
import org.demarche.actors.MentionFinder.Mention;
import org.demarche.actors.Normalizer;

/**
 * Scores the actor matcher against gold data (research-only corpora, read in place; never copied into the repo). The
 * library behind {@code demarche evaluate actors}; {@link #main} is kept for scripts.
 *
 * <p><b>Reuters-21578</b> ({@code reuters21578/reuters21578_lewis_train_and_notused.jsonl.gz}), document level: the
 * stories of the split are run through the job ({@code demarche run}: ingest, clean, dedupe, actors; title as the
 * headline, dateline + body as the text) and its {@code document_actors} table is scored, so the figures are those of
 * what the job writes. The corpus is split by a fixed rule: <b>dev</b> = {@code newid < 7696} (the first half of
 * the documents by id; 7696 is the median newid of the file), used for error analysis and tuning; <b>test</b> =
 * {@code newid >= 7696}, reported but not inspected. What the gold labels mean, and how we score them:
 * <ul>
 *   <li>{@code places} lists the countries a story is about, from a closed vocabulary of 175 places
 *       ({@code all-places-strings.lc.txt}). Predicted countries = the {@code country} rows with
 *       {@code about} true ({@link DocumentActors}: a rule over the mentions of headline and body); a prediction outside the vocabulary (a country the annotators could not
 *       label) is ignored, since it can be neither right nor wrong. Gold places are mapped to ISO 3166 alpha-3 through
 *       the dictionary; a gold place that does not map stays a string and can only be missed.
 *   <li>{@code people} likewise uses a closed vocabulary of 267 people ({@code all-people-strings.lc.txt}, gold-style
 *       keys such as {@code reagan} or {@code james-baker}). Predicted people = the {@code person} rows with
 *       {@code about} true (the learned person rule of {@link DocumentActors}).
 *       A predicted person actor is mapped to the vocabulary keys
 *       it can stand for (same last name token, and same first token for two-part keys); a person who maps to no key is
 *       outside what the annotators could label and is ignored; the others are scored by key.
 * </ul>
 *
 * <p>The all-documents rows are primary. Two secondary views are printed, labelled: <i>indexed</i> documents (the Lewis
 * split rule of the Reuters README: TOPICS="BYPASS" stories were not indexed, NOT-USED stories are not tested on; no
 * SGML attribute flags PLACES or PEOPLE annotation), and documents with at least one gold label of the category (the
 * usual convention for partially annotated categories: gold people exist on ~5% of the documents).
 *
 * <p><b>CoNLL-2003 eng.testa</b> ({@code conll2003/eng.testa.gz}), span level, one sentence at a time (the file has no
 * document boundaries, so no coreference): precision of predicted spans (dictionary mentions) that equal a gold
 * LOC/PER/ORG span exactly. The bar figure excludes demonym mentions ("Russian", "German"): CoNLL tags nationality
 * adjectives MISC by convention, so they are reported separately (share of demonym spans that are gold MISC). Recall
 * is measured on gold LOC spans whose text is a country name or acronym in the dictionary. Headlines in CoNLL are ALL
 * CAPS, which exercises the headline rules. A second figure, printed with its rule (4), also leaves out
 * demonym-headed aliases ("Iraqi troops", "Israeli government"; see {@link #demonymHeaded}), where CoNLL tags only the
 * demonym, as MISC.
 *
 * <p><b>Seed article</b>: the RT article of 7 May 2013 ({@code data/sample/rt.com/}), cleaned as the job cleans it;
 * the fixture is the list of named actors {@code SeedArticleTest} checks, scored as found / expected.
 */
public final class ActorEvaluation {
  private ActorEvaluation() {}

  /** First newid of the Reuters test half. */
  static final int REUTERS_TEST_FROM = 7696;
  static final String SEED_FILE = "rt_2013-05-07_russia-us-syria-conference.txt";

  /** Which Reuters half to score. */
  public enum Split {
    DEV, TEST, ALL;

    boolean includes(boolean dev) {
      return this == ALL || (this == DEV) == dev;
    }
  }

  /** Counts of one precision/recall table. */
  public record Prf(long tp, long fp, long fn) {
    public double precision() {
      return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    }

    public double recall() {
      return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    }

    public double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    Prf plus(Prf o) {
      return new Prf(tp + o.tp, fp + o.fp, fn + o.fn);
    }
  }

  /** What to evaluate. */
  public static final class Options {
    /** The shared-data folder ({@link SharedData#resolve}), holding reuters21578/ and conll2003/. */
    public Path sharedData;
    public Split split = Split.DEV;
    /** Example errors printed per category (0 = none). */
    public int errors;
    /** User dictionary added to the built-in one ("" = none). */
    public String dictionaryPath = "";
    /** At most this many Reuters documents and CoNLL sentences (0 = all); for smoke tests. */
    public int limit;
    /** The seed article; null = {@code data/sample/rt.com/} under the working directory, else under shared data. */
    public Path seedArticle;
    public double countryThreshold = DocumentActors.COUNTRY_THRESHOLD;
    public double personThreshold = DocumentActors.PERSON_THRESHOLD;
    /** Countries by the salience threshold instead of the learned rule (set by --country-threshold). */
    public boolean countryByThreshold = !DocumentActors.hasCountryRule();
    /** Writes per-(document, country) features of the dev half here, for data/build/fit_country_rule.py. */
    public Path dumpCountryFeatures;
    /** People by the salience threshold instead of the learned rule (set by --person-threshold). */
    public boolean personByThreshold = !DocumentActors.hasPersonRule();
    /** Writes per-(document, person) features of the dev half here, for data/build/fit_person_rule.py. */
    public Path dumpPersonFeatures;
    /**
     * The CoNLL file scored (set by --conll-file; a relative path not found as given is taken under the shared data);
     * null = {@code conll2003/eng.testa.gz}. eng.testa is also where the matcher rules were tuned, so
     * {@code --conll-file=conll2003/eng.train.gz} gives a held-out check of the same figures.
     */
    public Path conllFile;
    /** Spark master for the job run the Reuters figures score; null = the job's default. */
    public String master;
  }

  /** The figures. Errors: category → key → {count, first example id}. */
  public static final class Report {
    public final Map<String, Prf> countries = new LinkedHashMap<>();
    public final Map<String, Prf> people = new LinkedHashMap<>();
    /** Secondary views, same keys: documents the Lewis split rule counts as indexed (not TOPICS=BYPASS/NOT-USED). */
    public final Map<String, Prf> countriesIndexed = new LinkedHashMap<>();
    public final Map<String, Prf> peopleIndexed = new LinkedHashMap<>();
    /** Secondary views: only documents with at least one gold label of the category. */
    public final Map<String, Prf> countriesLabelled = new LinkedHashMap<>();
    public final Map<String, Prf> peopleLabelled = new LinkedHashMap<>();
    public long reutersEmptyLabelled;
    public long reutersDocs;
    public long unmappedGold;
    public double reutersSeconds;
    /** The job run over the Reuters documents: seconds, articles it wrote, documents with a document_actors row. */
    public double jobSeconds;
    public long jobArticles;
    public long reutersWritten;
    public long reutersChars;
    public long conllSentences;
    public long conllPred;
    public long conllPredOk;
    public long conllPredNoDem;
    public long conllPredNoDemOk;
    /** Spans other than demonyms and demonym-headed aliases ("Iraqi troops"). */
    public long conllPredNoDemHead;
    public long conllPredNoDemHeadOk;
    public long conllDemonyms;
    public long conllDemonymsMisc;
    public long conllGoldCountry;
    public long conllGoldCountryHit;
    public int seedFound = -1;
    public int seedExpected;
    public final List<String> seedMissing = new ArrayList<>();
    public final Map<String, Map<String, long[]>> errors = new TreeMap<>();

    void err(String table, String key, String example) {
      long[] c = errors.computeIfAbsent(table, k -> new HashMap<>()).computeIfAbsent(key, k -> new long[] {0, 0});
      c[0]++;
      if (c[0] == 1) {
        errorExamples.put(table + "\u0000" + key, example);
      }
    }

    final Map<String, String> errorExamples = new HashMap<>();

    public double conllPrecision() {
      return conllPredNoDem == 0 ? 0 : (double) conllPredNoDemOk / conllPredNoDem;
    }

    /** Span precision with rule (2): demonym-headed aliases ("Iraqi troops") left out too. */
    public double conllPrecisionNoDemHead() {
      return conllPredNoDemHead == 0 ? 0 : (double) conllPredNoDemHeadOk / conllPredNoDemHead;
    }

    public double conllCountryRecall() {
      return conllGoldCountry == 0 ? 0 : (double) conllGoldCountryHit / conllGoldCountry;
    }
  }

  public static void main(String[] args) throws IOException {
    Options o = new Options();
    for (String a : args) {
      if (a.equals("--errors")) {
        o.errors = 40;
      } else if (a.startsWith("--errors=")) {
        o.errors = Integer.parseInt(a.substring(9));
      } else if (a.startsWith("--split=")) {
        o.split = Split.valueOf(a.substring(8).toUpperCase(Locale.ROOT));
      } else if (a.startsWith("--country-threshold=")) {
        o.countryThreshold = Double.parseDouble(a.substring(20));
        o.countryByThreshold = true;
      } else if (a.startsWith("--dump-country-features=")) {
        o.dumpCountryFeatures = Path.of(a.substring(24));
      } else if (a.startsWith("--person-threshold=")) {
        o.personThreshold = Double.parseDouble(a.substring(19));
        o.personByThreshold = true;
      } else if (a.startsWith("--conll-file=")) {
        o.conllFile = Path.of(a.substring(13));
      } else if (a.startsWith("--dump-person-features=")) {
        o.dumpPersonFeatures = Path.of(a.substring(23));
      } else {
        o.sharedData = Path.of(a);
      }
    }
    o.sharedData = SharedData.resolve(o.sharedData, "reuters21578/ and conll2003/");
    PrintWriter out = new PrintWriter(System.out, true);
    print(run(o), o, out);
    out.flush();
  }

  /** Runs every evaluation whose data are present under {@code o.sharedData}. */
  public static Report run(Options o) throws IOException {
    ActorDictionary dict = ActorDictionary.cached(o.dictionaryPath == null ? "" : o.dictionaryPath);
    MentionFinder finder = new MentionFinder(dict);
    Report rep = new Report();
    reuters(o, rep, o.sharedData.resolve("reuters21578"), dict, finder);
    conll(o, rep, conllFile(o), dict, finder);
    seed(o, rep, dict, finder);
    return rep;
  }

  /** The CoNLL file to score: {@link Options#conllFile}, else {@code conll2003/eng.testa.gz} under the shared data. */
  public static Path conllFile(Options o) {
    if (o.conllFile == null) {
      return o.sharedData.resolve("conll2003/eng.testa.gz");
    }
    return o.conllFile.isAbsolute() || Files.exists(o.conllFile) ? o.conllFile : o.sharedData.resolve(o.conllFile);
  }

  /** Short name of the CoNLL file for the table: "testa", "train", or the file name. */
  static String conllLabel(Options o) {
    String f = conllFile(o).getFileName().toString();
    return f.startsWith("eng.") ? f.substring(4).replace(".gz", "") : f;
  }

  /** The figures table, then (with {@code o.errors > 0}) the top errors per category. */
  public static void print(Report r, Options o, PrintWriter out) {
    out.printf(Locale.ROOT, "demarche evaluate actors  (shared data: %s, split: %s)%n", o.sharedData,
        o.split.name().toLowerCase(Locale.ROOT));
    out.println(o.countryByThreshold ? String.format(Locale.ROOT, "countries: salience score >= %.2f",
        o.countryThreshold) : "countries: learned rule (" + DocumentActors.COUNTRY_RULE + ", fitted on dev only)");
    out.println(o.personByThreshold ? String.format(Locale.ROOT, "people: salience score >= %.2f",
        o.personThreshold) : "people: learned rule (" + DocumentActors.PERSON_RULE + ", fitted on dev only)");
    out.printf(Locale.ROOT, "%-58s %7s %7s %7s %7s%n", "measure", "P", "R", "F1", "bar");
    for (String s : r.countries.keySet()) {
      row(out, "Reuters-21578 " + s + ": countries (doc level), all docs", r.countries.get(s), "F1>=0.92");
      row(out, "  " + s + " countries, indexed docs only (2)", r.countriesIndexed.get(s), "");
      row(out, "  " + s + " countries, docs with >=1 gold place (3)", r.countriesLabelled.get(s), "");
      row(out, "Reuters-21578 " + s + ": people (doc level), all docs", r.people.get(s), "F1>=0.80");
      row(out, "  " + s + " people, indexed docs only (2)", r.peopleIndexed.get(s), "");
      row(out, "  " + s + " people, docs with >=1 gold person (3)", r.peopleLabelled.get(s), "");
    }
    out.printf(Locale.ROOT, "%-58s %7.3f %7s %7s %7s%n", "CoNLL-2003 " + conllLabel(o) + ": span precision, LOC/PER/ORG (1)",
        r.conllPrecision(), "", "", ">=0.95");
    out.printf(Locale.ROOT, "%-58s %7.3f %7s %7s %7s%n", "  span precision with rule (4) (demonym-headed as MISC)",
        r.conllPrecisionNoDemHead(), "", "", "");
    out.printf(Locale.ROOT, "%-58s %7s %7.3f %7s %7s%n", "CoNLL-2003 " + conllLabel(o)
        + ": recall, gold LOC spans naming countries",
        "", r.conllCountryRecall(), "", ">=0.95");
    if (r.seedFound >= 0) {
      out.printf(Locale.ROOT, "%-58s %7s %7s %7s %7s%n", "seed article (RT 2013-05-07): fixture actors found",
          r.seedFound + "/" + r.seedExpected, "", "", "all");
    } else {
      out.println("seed article: not found (data/sample/rt.com/ or seed/ under shared data)");
    }
    out.println();
    for (String s : r.countries.keySet()) {
      out.printf(Locale.ROOT, "  %s countries tp=%d fp=%d fn=%d; people tp=%d fp=%d fn=%d%n", s,
          r.countries.get(s).tp(), r.countries.get(s).fp(), r.countries.get(s).fn(), r.people.get(s).tp(),
          r.people.get(s).fp(), r.people.get(s).fn());
    }
    out.printf(Locale.ROOT, "  Reuters: %d documents scored from the job's document_actors table (the job wrote %d "
        + "articles, %d of them with document actors, in %.1f s); gold places not in the dictionary: %d%n",
        r.reutersDocs, r.jobArticles, r.reutersWritten, r.jobSeconds, r.unmappedGold);
    out.printf(Locale.ROOT, "  CoNLL: %d sentences; (1) spans other than demonyms: %d/%d; all spans incl. demonyms "
        + "%.3f (%d/%d); demonym spans that are gold MISC %d/%d; country LOC recall %d/%d%n", r.conllSentences,
        r.conllPredNoDemOk, r.conllPredNoDem, r.conllPred == 0 ? 0 : (double) r.conllPredOk / r.conllPred,
        r.conllPredOk, r.conllPred, r.conllDemonymsMisc, r.conllDemonyms, r.conllGoldCountryHit, r.conllGoldCountry);
    out.println("  (1) Rule: demonym mentions (\"Russian\", \"German\") are left out of the span precision: CoNLL tags "
        + "nationality adjectives MISC by convention.");
    out.println("  (2) Lewis split rule (Reuters README): TOPICS=\"BYPASS\" stories were not indexed and NOT-USED stories "
        + "are not to be tested on; these rows leave both out. No SGML attribute flags PLACES/PEOPLE annotation.");
    out.printf(Locale.ROOT, "  (3) Partial-annotation convention: only documents with at least one gold label of the "
        + "category (%d such documents have no text at all and can only be missed).%n", r.reutersEmptyLabelled);
    out.printf(Locale.ROOT, "  (4) Rule: a mention whose alias is a demonym followed by a sector noun (\"Iraqi troops\", "
        + "\"Israeli government\") is treated like a demonym and left out, as CoNLL tags only the demonym (MISC): "
        + "%d/%d%n", r.conllPredNoDemHeadOk, r.conllPredNoDemHead);
    if (!r.seedMissing.isEmpty()) {
      out.println("  seed article missing: " + String.join("; ", r.seedMissing));
    }
    if (o.errors > 0) {
      for (Map.Entry<String, Map<String, long[]>> t : r.errors.entrySet()) {
        out.println("== " + t.getKey());
        t.getValue().entrySet().stream()
            .sorted((a, b) -> a.getValue()[0] != b.getValue()[0] ? Long.compare(b.getValue()[0], a.getValue()[0])
                : a.getKey().compareTo(b.getKey()))
            .limit(o.errors).forEach(e -> out.printf(Locale.ROOT, "  %6d  %s   (e.g. %s)%n", e.getValue()[0],
                e.getKey(), r.errorExamples.get(t.getKey() + "\u0000" + e.getKey())));
      }
    }
  }

  private static void row(PrintWriter out, String label, Prf p, String bar) {
    out.printf(Locale.ROOT, "%-58s %7.3f %7.3f %7.3f %7s%n", label, p.precision(), p.recall(), p.f1(), bar);
  }

  static BufferedReader gz(Path p) throws IOException {
    return new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(p)),
        StandardCharsets.UTF_8));
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
      boolean suffix = n.length > g.length && java.util.Arrays.equals(g, java.util.Arrays.copyOfRange(n,
          n.length - g.length, n.length)); // "leigh-pemberton", "de-clercq", "von-weizsaecker"
      boolean joined = g.length > 1 && n[n.length - 1].equals(String.join("", g)); // "o-kennedy": O'Kennedy
      if (n[n.length - 1].equals(g[g.length - 1]) && (g.length == 1 || n[0].equals(g[0])) || suffix || joined) {
        out.add(String.join("-", g));
      }
    }
    return out;
  }

  /** The Reuters wire text as published: title, then the dateline ("TOKYO, March 3 -") and the body. */
  static String reutersText(JsonNode d) {
    return d.path("title").asText("") + "\n" + reutersBody(d);
  }

  /** The body as the wire ran it: the dateline ("TOKYO, March 3 -"), then the text. */
  static String reutersBody(JsonNode d) {
    return d.path("dateline").asText("") + " " + d.path("body").asText("");
  }

  /** The job's doc_id of a Reuters story (its input {@code id}). */
  static String reutersId(int newid) {
    return "reuters-" + newid;
  }

  /**
   * Runs the job ({@code demarche run} with only ingest, clean, dedupe and actors; the tables scored are the ones the
   * job writes) over {@code docs} in a temporary folder, and returns its {@code document_actors} rows by doc_id:
   * kind, actor_id, actor_name, about, salience, probability, headline, lead, dateline. Input records: id
   * {@link #reutersId}, title, text = {@link #reutersBody}, date, outlet {@code reuters}.
   */
  static Map<String, List<org.apache.spark.sql.Row>> jobDocumentActors(Options o, Report rep, List<JsonNode> docs)
      throws IOException {
    Path tmp = Files.createTempDirectory("demarche-evaluate-actors");
    try {
      Path in = tmp.resolve("in");
      Files.createDirectories(in);
      ObjectMapper om = new ObjectMapper();
      try (java.io.BufferedWriter w = Files.newBufferedWriter(in.resolve("reuters.jsonl"), StandardCharsets.UTF_8)) {
        for (JsonNode d : docs) {
          com.fasterxml.jackson.databind.node.ObjectNode r = om.createObjectNode();
          r.put("id", reutersId(d.path("newid").asInt()));
          r.put("title", d.path("title").asText(""));
          r.put("text", reutersBody(d));
          LocalDate day = reutersDate(d.path("date_raw").asText(""));
          r.put("date", day == null ? null : day.toString());
          r.put("outlet", "reuters");
          w.write(om.writeValueAsString(r));
          w.newLine();
        }
      }
      String out = tmp.resolve("out").toString();
      org.demarche.config.ConfigLoader loader = new org.demarche.config.ConfigLoader()
          .option(org.demarche.config.ConfigKeys.INPUT_PATHS, List.of(in.toString()))
          .option(org.demarche.config.ConfigKeys.OUTPUT_PATH, out)
          .option(org.demarche.config.ConfigKeys.ACTORS_DICTIONARY, o.dictionaryPath)
          .option(org.demarche.config.ConfigKeys.ACTORS_CANDIDATES, false)
          .option(org.demarche.config.ConfigKeys.STANCE_ENABLED, false)
          .option(org.demarche.config.ConfigKeys.TEXT_ENABLED, false)
          .option(org.demarche.config.ConfigKeys.TOPICS_ENABLED, false)
          .option(org.demarche.config.ConfigKeys.KEYNESS_ENABLED, false)
          .option(org.demarche.config.ConfigKeys.TRENDS_ENABLED, false);
      org.demarche.config.JobConfig cfg = loader.build(o.master);
      org.apache.spark.sql.SparkSession spark = org.demarche.pipeline.Sessions.create(cfg);
      long t0 = System.nanoTime();
      new org.demarche.pipeline.JobRunner(spark, cfg, loader.resolved()).run();
      rep.jobSeconds = (System.nanoTime() - t0) / 1e9;
      Map<String, List<org.apache.spark.sql.Row>> byDoc = new HashMap<>();
      for (org.apache.spark.sql.Row r : org.demarche.output.OutputTables.DOCUMENT_ACTORS.read(spark, out)
          .select("doc_id", "kind", "actor_id", "actor_name", "about", "salience", "probability", "headline", "lead",
              "dateline")
          .collectAsList()) {
        byDoc.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(org.apache.spark.sql.RowFactory.create(
            r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6), r.get(7), r.get(8), r.get(9)));
      }
      // an exact duplicate is analysed once: it is about what its original is about (articles.exact_duplicate_of)
      List<org.apache.spark.sql.Row> articles = org.demarche.output.OutputTables.ARTICLES.read(spark, out)
          .select("doc_id", "exact_duplicate_of").collectAsList();
      rep.jobArticles = articles.size();
      for (org.apache.spark.sql.Row a : articles) {
        if (!a.isNullAt(1) && !byDoc.containsKey(a.getString(0)) && byDoc.containsKey(a.getString(1))) {
          byDoc.put(a.getString(0), byDoc.get(a.getString(1)));
        }
      }
      return byDoc;
    } finally {
      org.apache.commons.io.FileUtils.deleteQuietly(tmp.toFile());
    }
  }

  static void reuters(Options o, Report rep, Path dir, ActorDictionary dict, MentionFinder finder)
      throws IOException {
    Path file = dir.resolve("reuters21578_lewis_train_and_notused.jsonl.gz");
    if (!Files.isRegularFile(file)) {
      throw new IOException("Reuters-21578 not found: " + file);
    }
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
    Map<String, Set<String>> keyCache = new HashMap<>();
    long[][][] c = new long[3][2][6]; // view (all, indexed, labelled) x (dev, test) x (tp,fp,fn countries; people)
    boolean errorsFromTest = o.split == Split.TEST;
    long t0 = System.nanoTime();
    PrintWriter dump = o.dumpCountryFeatures == null ? null : new PrintWriter(Files.newBufferedWriter(
        o.dumpCountryFeatures, StandardCharsets.UTF_8));
    if (dump != null) {
      dump.println("newid\tcountry\tgold\tdoc_has_gold\t" + String.join("\t", DocumentActors.FEATURES));
    }
    PrintWriter pdump = o.dumpPersonFeatures == null ? null : new PrintWriter(Files.newBufferedWriter(
        o.dumpPersonFeatures, StandardCharsets.UTF_8));
    if (pdump != null) {
      pdump.println("newid\tperson\tgold\tdoc_has_gold\t" + String.join("\t", DocumentActors.PERSON_FEATURES));
    }
    // the split's documents, run through the job; what is scored below is the job's document_actors table
    List<JsonNode> docs = new ArrayList<>();
    try (BufferedReader r = gz(file)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (o.limit > 0 && docs.size() >= o.limit) {
          break;
        }
        JsonNode d = om.readTree(line);
        if (o.split.includes(d.path("newid").asInt() < REUTERS_TEST_FROM)) {
          docs.add(d);
        }
      }
    }
    Map<String, List<org.apache.spark.sql.Row>> written = jobDocumentActors(o, rep, docs);
    {
      for (JsonNode d : docs) {
        int newid = d.path("newid").asInt();
        boolean dev = newid < REUTERS_TEST_FROM;
        rep.reutersDocs++;
        boolean collect = dev != errorsFromTest;
        String ex = "newid " + newid;
        String title = d.path("title").asText("");
        String text = reutersText(d);
        rep.reutersChars += text.length();
        Map<String, String> predC = new HashMap<>(); // country -> evidence
        Map<String, String> predP = new HashMap<>(); // gold-style key -> actor + evidence
        List<org.apache.spark.sql.Row> rows = written.getOrDefault(reutersId(newid), List.of());
        rep.reutersWritten += rows.isEmpty() ? 0 : 1;
        // rows: kind, actor_id, actor_name, about, salience, probability, headline, lead, dateline
        for (org.apache.spark.sql.Row w : rows) {
          if (!w.getBoolean(3)) {
            continue;
          }
          String why = String.format(Locale.ROOT, "salience %.1f%s%s%s%s", w.getDouble(4),
              w.isNullAt(5) ? "" : String.format(Locale.ROOT, ", p %.2f", w.getDouble(5)),
              w.getBoolean(6) ? ", headline" : "", w.getBoolean(7) ? ", lead" : "", w.getBoolean(8) ? ", dateline" : "");
          if ("person".equals(w.getString(0))) {
            ActorDictionary.Actor a = dict.actor(w.getString(1));
            if (a != null) {
              for (String k : keyCache.computeIfAbsent(a.id(), x -> personKeys(a, peopleVocab))) {
                predP.putIfAbsent(k, a.name() + " <- " + why);
              }
            }
          } else if ("country".equals(w.getString(0)) && placeVocab.contains(w.getString(1))) {
            predC.putIfAbsent(w.getString(1), why);
          }
        }
        // the mentions the rule reads, found here the same way the job finds them, for the feature dumps only
        List<Mention> ms = dump == null && pdump == null ? List.of() : DocumentActors.withHeadline(
            finder.find(title.strip(), reutersDate(d.path("date_raw").asText(""))),
            finder.find(reutersBody(d), reutersDate(d.path("date_raw").asText(""))),
            title.strip().isEmpty() ? 0 : title.strip().length() + 1);
        Set<String> goldC = new HashSet<>();
        for (JsonNode p : d.path("places")) {
          String g = goldCountry(dict, p.asText());
          if (g.startsWith("?")) {
            rep.unmappedGold++;
          }
          goldC.add(g);
        }
        Set<String> goldP = new HashSet<>();
        for (JsonNode p : d.path("people")) {
          goldP.add(p.asText());
        }
        if (dump != null && dev) {
          Map<String, double[]> feats = DocumentActors.countryFeatures(ms, dict);
          for (Map.Entry<String, double[]> e : feats.entrySet()) {
            if (!placeVocab.contains(e.getKey())) {
              continue;
            }
            StringBuilder b = new StringBuilder().append(newid).append('\t').append(e.getKey()).append('\t')
                .append(goldC.contains(e.getKey()) ? 1 : 0).append('\t').append(goldC.isEmpty() ? 0 : 1);
            for (double v : e.getValue()) {
              b.append('\t').append(String.format(Locale.ROOT, "%.6f", v));
            }
            dump.println(b);
          }
          for (String g : goldC) { // gold countries without a candidate row: missed by any rule
            if (!placeVocab.contains(g) || !feats.containsKey(g)) {
              dump.println(newid + "\t" + g + "\t1\t1");
            }
          }
        }
        if (pdump != null && dev) {
          Set<String> candidateKeys = new HashSet<>();
          for (Map.Entry<String, double[]> e : DocumentActors.personFeatures(ms, dict, text).entrySet()) {
            ActorDictionary.Actor a = dict.actor(e.getKey());
            Set<String> keys = keyCache.computeIfAbsent(a.id(), x -> personKeys(a, peopleVocab));
            if (keys.isEmpty()) {
              continue; // outside the vocabulary: neither right nor wrong
            }
            candidateKeys.addAll(keys);
            boolean hit = false;
            for (String key : keys) {
              hit |= goldP.contains(key);
            }
            StringBuilder b = new StringBuilder().append(newid).append('\t').append(a.id()).append('\t')
                .append(hit ? 1 : 0).append('\t').append(goldP.isEmpty() ? 0 : 1);
            for (double v : e.getValue()) {
              b.append('\t').append(String.format(Locale.ROOT, "%.6f", v));
            }
            pdump.println(b);
          }
          for (String g : goldP) { // gold people without a candidate row: missed by any rule
            if (!candidateKeys.contains(g)) {
              pdump.println(newid + "\t" + g + "\t1\t1");
            }
          }
        }
        boolean indexed = !"BYPASS".equals(d.path("topics_attr").asText()) && !"NOT-USED".equals(
            d.path("lewissplit").asText());
        if ((!goldC.isEmpty() || !goldP.isEmpty()) && (d.path("title").asText("") + d.path("body").asText(""))
            .isBlank()) {
          rep.reutersEmptyLabelled++;
        }
        long[] k = new long[6];
        for (Map.Entry<String, String> e : predC.entrySet()) {
          if (goldC.contains(e.getKey())) {
            k[0]++;
          } else {
            k[1]++;
            if (collect) {
              rep.err("Reuters countries FP (country <- first alias [type/method/resolution])",
                  e.getKey() + " <- " + e.getValue(), ex);
            }
          }
        }
        for (String g : goldC) {
          if (!predC.containsKey(g)) {
            k[2]++;
            if (collect) {
              rep.err("Reuters countries FN (gold label)", g, ex);
            }
          }
        }
        for (Map.Entry<String, String> e : predP.entrySet()) {
          if (goldP.contains(e.getKey())) {
            k[3]++;
          } else {
            k[4]++;
            if (collect) {
              rep.err("Reuters people FP (key: actor <- alias [type/method/resolution])",
                  e.getKey() + ": " + e.getValue(), ex);
            }
          }
        }
        for (String g : goldP) {
          if (!predP.containsKey(g)) {
            k[5]++;
            if (collect) {
              rep.err("Reuters people FN (gold label)", g, ex);
            }
          }
        }
        int half = dev ? 0 : 1;
        for (int v = 0; v < 6; v++) {
          c[0][half][v] += k[v];
          c[1][half][v] += indexed ? k[v] : 0;
          c[2][half][v] += v < 3 ? (goldC.isEmpty() ? 0 : k[v]) : (goldP.isEmpty() ? 0 : k[v]);
        }
      }
    }
    if (dump != null) {
      dump.close();
    }
    if (pdump != null) {
      pdump.close();
    }
    rep.reutersSeconds = (System.nanoTime() - t0) / 1e9;
    String[] names = {"dev", "test"};
    List<Map<String, Prf>> cv = List.of(rep.countries, rep.countriesIndexed, rep.countriesLabelled);
    List<Map<String, Prf>> pv = List.of(rep.people, rep.peopleIndexed, rep.peopleLabelled);
    for (int v = 0; v < 3; v++) {
      for (int h = 0; h < 2; h++) {
        if (o.split.includes(h == 0)) {
          cv.get(v).put(names[h], new Prf(c[v][h][0], c[v][h][1], c[v][h][2]));
          pv.get(v).put(names[h], new Prf(c[v][h][3], c[v][h][4], c[v][h][5]));
        }
      }
      if (o.split == Split.ALL) {
        cv.get(v).put("all", cv.get(v).get("dev").plus(cv.get(v).get("test")));
        pv.get(v).put("all", pv.get(v).get("dev").plus(pv.get(v).get("test")));
      }
    }
  }

  static void conll(Options o, Report rep, Path file, ActorDictionary dict, MentionFinder finder) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("CoNLL-2003 file not found: " + file);
    }
    try (BufferedReader r = gz(file)) {
      List<String[]> sent = new ArrayList<>();
      String line;
      while (true) {
        line = r.readLine();
        if (o.limit > 0 && rep.conllSentences >= o.limit) {
          break;
        }
        if (line == null || line.isBlank()) {
          if (!sent.isEmpty()) {
            rep.conllSentences++;
            conllSentence(rep, sent, dict, finder);
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
  }

  /**
   * Rule (4): the alias is a demonym of the mention's country followed by more words ("Iraqi troops", "Israeli
   * government", "German Foreign Ministry"); CoNLL tags only the demonym, as MISC.
   */
  static boolean demonymHeaded(ActorDictionary dict, Mention m) {
    if ("demonym".equals(m.aliasType()) || m.country().isEmpty()) {
      return false;
    }
    String[] t = Normalizer.key(m.aliasText()).split(" ");
    for (int k = 1; k < t.length; k++) {
      ActorDictionary.Entry e = dict.lookup(String.join(" ", java.util.Arrays.copyOfRange(t, 0, k)));
      ActorDictionary.Actor a = e == null ? null : dict.actor(e.actorId());
      if (e != null && "demonym".equals(e.aliasType()) && a != null && m.country().equals(a.country())) {
        return true;
      }
    }
    return false;
  }

  static void conllSentence(Report rep, List<String[]> toks, ActorDictionary dict, MentionFinder finder) {
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
    String ex = "sentence " + rep.conllSentences + ": " + (text.length() > 80 ? text.substring(0, 80) + "…" : text);
    Map<String, String> gold = new HashMap<>(); // "startChar:endChar" -> type
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
    Set<String> predicted = new HashSet<>();
    for (Mention m : finder.find(text, LocalDate.of(1996, 8, 30))) {
      if ("coreference".equals(m.aliasType())) {
        continue;
      }
      String key = m.start() + ":" + m.end();
      predicted.add(key);
      String g = gold.get(key);
      boolean ok = "LOC".equals(g) || "PER".equals(g) || "ORG".equals(g);
      rep.conllPred++;
      rep.conllPredOk += ok ? 1 : 0;
      boolean demonym = "demonym".equals(m.aliasType());
      if (!ok && !demonym) {
        String near = "none";
        for (Map.Entry<String, String> g2 : gold.entrySet()) {
          String[] se = g2.getKey().split(":");
          int gs = Integer.parseInt(se[0]);
          int ge = Integer.parseInt(se[1]);
          if (gs < m.end() && m.start() < ge) {
            near = g2.getValue() + " '" + text.substring(gs, ge) + "'";
          }
        }
        rep.err("CoNLL FP spans, demonyms aside (alias [type/method] -> overlapping gold)", m.aliasText() + " ["
            + m.aliasType() + "/" + m.method() + "] -> " + (g != null ? g : near), ex);
      }
      if (!demonym && !demonymHeaded(dict, m)) {
        rep.conllPredNoDemHead++;
        rep.conllPredNoDemHeadOk += ok ? 1 : 0;
      }
      if (demonym) {
        rep.conllDemonyms++;
        rep.conllDemonymsMisc += "MISC".equals(g) ? 1 : 0;
      } else {
        rep.conllPredNoDem++;
        rep.conllPredNoDemOk += ok ? 1 : 0;
      }
    }
    for (Map.Entry<String, String> g : gold.entrySet()) {
      if (!g.getValue().equals("LOC")) {
        continue;
      }
      String[] se = g.getKey().split(":");
      String surface = text.substring(Integer.parseInt(se[0]), Integer.parseInt(se[1]));
      ActorDictionary.Entry e = dict.lookup(surface);
      ActorDictionary.Actor a = e == null ? null : dict.actor(e.actorId());
      if (a != null && "country".equals(a.kind()) && !"place".equals(e.aliasType())) {
        rep.conllGoldCountry++;
        rep.conllGoldCountryHit += predicted.contains(g.getKey()) ? 1 : 0;
        if (!predicted.contains(g.getKey())) {
          rep.err("CoNLL FN gold country LOC spans", surface + " (" + e.aliasType() + ")", ex);
        }
      }
    }
  }

  /** The seed-article fixture: surface → {actor id, CAMEO code on 2013-05-07} (as in {@code SeedArticleTest}). */
  static final String[][] SEED_FIXTURE = {
    {"Sergey Lavrov", "SERGEY_LAVROV", "RUSGOV"}, {"Lavrov", "SERGEY_LAVROV", "RUSGOV"},
    {"John Kerry", "JOHN_KERRY", "USAGOV"}, {"Kerry", "JOHN_KERRY", "USAGOV"},
    {"Assad", "BASHAR_AL_ASSAD", "SYRGOV"}, {"Bashar Assad", "BASHAR_AL_ASSAD", "SYRGOV"},
    {"Barack Obama", "BARACK_OBAMA", "USAGOV"}, {"Obama", "BARACK_OBAMA", "USAGOV"},
    {"Vladimir Putin", "VLADIMIR_PUTIN", "RUSGOV"}, {"Putin", "VLADIMIR_PUTIN", "RUSGOV"},
    {"Russia", "RUS", "RUS"}, {"US", "USA", "USA"}, {"Syria", "SYR", "SYR"}, {"Moscow", "RUSGOV", "RUSGOV"},
    {"Washington", "USAGOV", "USAGOV"}, {"Syrian National Council", "SYROPP", "SYROPP"}, {"UN", "IGOUNO", "IGOUNO"},
    {"G8", "IGOBUSGOE", "IGOBUSGOE"}, {"Syrian rebels", "SYRREB", "SYRREB"}, {"White House", "USAGOV", "USAGOV"},
    {"Russian", "RUS", "RUS"}, {"American", "USA", "USA"}, {"Secretary of State", "JOHN_KERRY", "USAGOV"},
    {"US leader", "BARACK_OBAMA", "USAGOV"}};

  static void seed(Options o, Report rep, ActorDictionary dict, MentionFinder finder) throws IOException {
    Path p = o.seedArticle;
    if (p == null) {
      p = Path.of("data/sample/rt.com").resolve(SEED_FILE);
      if (!Files.isRegularFile(p)) {
        p = o.sharedData.resolve("seed").resolve(SEED_FILE);
      }
    }
    if (!Files.isRegularFile(p)) {
      return;
    }
    String body = org.demarche.clean.BoilerplateRemover.remove(
        org.demarche.clean.UnicodeNormalizer.normalize(Files.readString(p)));
    List<Mention> ms = finder.find(body, LocalDate.of(2013, 5, 7));
    rep.seedExpected = SEED_FIXTURE.length;
    rep.seedFound = 0;
    for (String[] f : SEED_FIXTURE) {
      boolean any = false;
      boolean allOk = true;
      for (Mention m : ms) {
        if (m.aliasText().equals(f[0])) {
          any = true;
          allOk &= m.actorId().equals(f[1]) && m.cameoCode().equals(f[2]);
        }
      }
      if (any && allOk) {
        rep.seedFound++;
      } else {
        rep.seedMissing.add(f[0] + " -> " + f[1] + "/" + f[2]);
      }
    }
  }
}
