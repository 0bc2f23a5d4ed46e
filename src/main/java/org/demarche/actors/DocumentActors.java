package org.demarche.actors;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.demarche.actors.MentionFinder.Mention;

/**
 * Document-level actors: which countries and people a document is <i>about</i>, from its mentions.
 *
 * <p>Each mention adds a weight to its country (non-person, non-coreference mentions) or to its person actor: names,
 * acronyms, institutions and capitals 1.0, demonyms and other places 0.5, a dateline place 2.0, coreference 0.5;
 * mentions in the lead (the first two sentences: headline/dateline and first sentence) count double. An actor whose
 * score reaches the threshold is a document actor. The thresholds were chosen on the Reuters-21578 dev half (see
 * {@link org.demarche.eval.ActorEvaluation}).
 *
 * <p>Countries are decided by a logistic rule over per-(document, country) features ({@link #FEATURES}: the salience
 * score, its share of the document's top score, dateline, lead, counts per alias type, first sentence, number of
 * countries), with weights in {@link #COUNTRY_RULE} fitted on the Reuters-21578 dev half by
 * {@code data/build/fit_country_rule.py}; without that resource, the threshold rule applies.
 *
 * <p>People are decided the same way ({@link #documentPeople}): a logistic rule over per-(document, person) features
 * ({@link #PERSON_FEATURES}: salience score, share of the top person score, headline, lead, first sentence, mentions by
 * full name, surname and coreference, title or role noun, speaker of a reporting verb, spread, number of persons,
 * document length, name mentions that are the subject of a verb or the object of a preposition or verb), weights in
 * {@link #PERSON_RULE} fitted on the Reuters-21578 dev half by {@code data/build/fit_person_rule.py}; without that
 * resource, {@link #PERSON_THRESHOLD} applies.
 */
public final class DocumentActors {
  public static final double COUNTRY_THRESHOLD = 2.0;
  public static final double PERSON_THRESHOLD = 2.0;

  private DocumentActors() {}

  /** Classpath resource with the weights of the country rule ("feature TAB weight" lines, and "cutoff TAB p"). */
  public static final String COUNTRY_RULE = "org/demarche/actors/country_rule.tsv";
  /** Feature names, in the order of {@link #countryFeatures}. */
  public static final List<String> FEATURES = List.of("bias", "log_score", "share_of_top", "is_top", "dateline",
      "headline", "lead", "log_names", "log_demonyms", "log_places", "log_institutions", "first_sentence_inv",
      "log_countries");

  /** Weights and cutoff of the learned country rule, or null when the resource is absent. */
  static final double[] RULE = loadRule(COUNTRY_RULE, FEATURES);

  /** Classpath resource with the weights of the person rule ("feature TAB weight" lines, and "cutoff TAB p"). */
  public static final String PERSON_RULE = "org/demarche/actors/person_rule.tsv";
  /** Feature names, in the order of {@link #personFeatures}. */
  public static final List<String> PERSON_FEATURES = List.of("bias", "log_score", "share_of_top", "is_top",
      "headline", "lead", "first_sentence_inv", "log_full", "log_surname", "log_coref", "titled", "log_speaker",
      "spread", "log_persons", "log_length", "log_subject", "log_object");
  /** Weights and cutoff of the learned person rule, or null when the resource is absent. */
  static final double[] PERSON_RULE_WEIGHTS = loadRule(PERSON_RULE, PERSON_FEATURES);

  /** Whether the learned country rule ({@link #COUNTRY_RULE}) was found; without it the threshold rule applies. */
  public static boolean hasCountryRule() {
    return RULE != null;
  }

  /** Whether the learned person rule ({@link #PERSON_RULE}) was found; without it the threshold rule applies. */
  public static boolean hasPersonRule() {
    return PERSON_RULE_WEIGHTS != null;
  }

  /** Reads "feature TAB weight" lines and "cutoff TAB p" of a rule resource; null when the resource is absent. */
  static double[] loadRule(String resource, List<String> features) {
    InputStream in = DocumentActors.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      return null;
    }
    double[] w = new double[features.size() + 1];
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] kv = line.split("\t");
        int idx = kv[0].equals("cutoff") ? features.size() : features.indexOf(kv[0]);
        if (idx < 0) {
          throw new IllegalStateException(resource + ": unknown feature " + kv[0]);
        }
        w[idx] = Double.parseDouble(kv[1]);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
    return w;
  }

  /** Country (ISO3) → feature vector ({@link #FEATURES}) for every country with a counting mention. */
  public static Map<String, double[]> countryFeatures(List<Mention> ms, ActorDictionary dict) {
    Map<String, Double> score = countryScores(ms, dict);
    double top = 0;
    for (double v : score.values()) {
      top = Math.max(top, v);
    }
    Map<String, double[]> raw = new LinkedHashMap<>(); // dateline, headline, lead, names, dem, places, inst, first
    for (Mention m : ms) {
      ActorDictionary.Actor a = dict.actor(m.actorId());
      if (a == null || a.isPerson() || !counts(m)) {
        continue;
      }
      double[] r = raw.computeIfAbsent(m.country(), k -> new double[] {0, 0, 0, 0, 0, 0, 0, Double.MAX_VALUE});
      if ("dateline".equals(m.method())) {
        r[0] = 1;
      } else {
        r[1] = m.sentence() == 0 ? 1 : r[1];
        r[2] = m.sentence() <= 1 ? 1 : r[2];
        switch (m.aliasType()) {
          case "name", "acronym" -> r[3]++;
          case "demonym" -> r[4]++;
          case "capital_metonym", "place" -> r[5]++;
          default -> r[6]++;
        }
      }
      r[7] = Math.min(r[7], m.sentence());
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : raw.entrySet()) {
      double s = score.getOrDefault(e.getKey(), 0.0);
      double[] r = e.getValue();
      out.put(e.getKey(), new double[] {1, Math.log1p(s), top == 0 ? 0 : s / top, s >= top ? 1 : 0, r[0], r[1], r[2],
          Math.log1p(r[3]), Math.log1p(r[4]), Math.log1p(r[5]), Math.log1p(r[6]), 1.0 / (1 + r[7]),
          Math.log1p(raw.size())});
    }
    return out;
  }

  /** The learned country rule's probability that a document is about the country (null rule: NaN). */
  static double probability(double[] x) {
    return probability(RULE, x);
  }

  /** Logistic probability of feature vector {@code x} under weights {@code w} (null weights: NaN). */
  static double probability(double[] w, double[] x) {
    if (w == null) {
      return Double.NaN;
    }
    double z = 0;
    for (int i = 0; i < x.length; i++) {
      z += w[i] * x[i];
    }
    return 1 / (1 + Math.exp(-z));
  }

  /**
   * The countries a document is about: the learned rule when its weights are on the classpath, else the countries whose
   * salience score reaches {@link #COUNTRY_THRESHOLD}.
   */
  public static Set<String> documentCountries(List<Mention> ms, ActorDictionary dict) {
    return decide(RULE, () -> countryFeatures(ms, dict), () -> countryScores(ms, dict), COUNTRY_THRESHOLD);
  }

  /**
   * The keys a document is about: with {@code rule} (weights, then the cutoff), those whose feature vector's
   * probability reaches the cutoff; without it, those whose salience score reaches {@code threshold}.
   */
  private static Set<String> decide(double[] rule, Supplier<Map<String, double[]>> features,
      Supplier<Map<String, Double>> scores, double threshold) {
    Set<String> out = new TreeSet<>();
    if (rule == null) {
      scores.get().forEach((k, v) -> {
        if (v >= threshold) {
          out.add(k);
        }
      });
    } else {
      features.get().forEach((k, x) -> {
        if (probability(rule, x) >= rule[rule.length - 1]) {
          out.add(k);
        }
      });
    }
    return out;
  }

  static double weight(Mention m) {
    double w;
    if ("dateline".equals(m.method())) {
      w = 2.0;
    } else if ("coreference".equals(m.aliasType()) || m.resolutionMethod().startsWith("coref")) {
      w = 0.5;
    } else {
      switch (m.aliasType()) {
        case "demonym":
        case "place":
          w = 0.5;
          break;
        default:
          w = 1.0;
      }
    }
    return m.sentence() <= 1 ? 2 * w : w;
  }

  /** Whether a mention counts towards its country's document score. */
  public static boolean counts(Mention m) {
    return !"coreference".equals(m.aliasType()) && !m.country().isEmpty();
  }

  /** Country (ISO3) → salience score. */
  public static Map<String, Double> countryScores(List<Mention> ms, ActorDictionary dict) {
    Map<String, Double> out = new HashMap<>();
    for (Mention m : ms) {
      ActorDictionary.Actor a = dict.actor(m.actorId());
      if (a == null || a.isPerson() || !counts(m)) {
        continue;
      }
      out.merge(m.country(), weight(m), Double::sum);
    }
    return out;
  }

  /** A reporting verb right after a mention, possibly after an apposition ("Baker, the Treasury Secretary, said"). */
  static final Pattern SPEAKER_AFTER = Pattern.compile("\\s*(?:,[^,;:\"()]{1,80},\\s*)?("
      + String.join("|", new TreeSet<>(MentionFinder.REPORTING)) + ")\\b", Pattern.CASE_INSENSITIVE);
  /** A reporting verb right before a mention ("..., said Treasury Secretary James Baker"). */
  static final Pattern SPEAKER_BEFORE = Pattern.compile("\\b(said|says|told|added)\\s+(?:[A-Z][\\w.-]*\\s+){0,4}$");

  /** Whether the mention is the speaker of a reporting verb (pronoun coreference mentions always are). */
  static boolean speaker(Mention m, String text) {
    if ("coref_pronoun".equals(m.resolutionMethod())) {
      return true;
    }
    if (text == null || m.end() > text.length()) {
      return false;
    }
    Matcher a = SPEAKER_AFTER.matcher(text).region(m.end(), Math.min(text.length(), m.end() + 120));
    if (a.lookingAt()) {
      return true;
    }
    int from = Math.max(0, m.start() - 60);
    return SPEAKER_BEFORE.matcher(text.substring(from, m.start()).replace('\n', ' ')).find();
  }

  /** A possessive or attributive use right after a mention ("Reagan's plan", "the Reagan administration"). */
  static final Pattern ATTRIBUTIVE_AFTER = Pattern.compile("'s?\\b|\\s+(?:administration|adminstration|government|"
      + "cabinet|aide)\\b", Pattern.CASE_INSENSITIVE);
  /**
   * A preposition or a verb that takes the mention as its object, then at most six capitalised words (titles:
   * "require President Reagan", "met with Treasury Secretary James Baker", "a letter to U.S. Trade Representative").
   */
  static final Pattern OBJECT_BEFORE = Pattern.compile("\\b(?:to|by|from|for|with|of|on|urged|urging|asked|asking|"
      + "require|requiring|allow|give|giving|force|forced|against|under|met|meet|meeting|letter|called)\\s+"
      + "(?:[A-Z][\\w.'-]*\\s+){0,6}$");
  /** A verb right after a mention, possibly after an apposition: the mention is its subject ("Lyng has"). */
  static final Pattern SUBJECT_AFTER = Pattern.compile("(?:\\s*,[^,]{1,80},)?\\s+(?:said|says|told|has|had|have|is|"
      + "was|will|would|may|could|should|can|might|\\w+ed|\\w+s)\\b");

  /**
   * The grammatical role of a name mention from its neighbours: "attributive" (possessive or "Reagan administration"),
   * "object" (after a preposition or a verb such as "urged", titles in between), "subject" (a verb follows), or ""
   * (none of these, or no text).
   */
  static String grammaticalRole(Mention m, String text) {
    if (text == null || m.end() > text.length()) {
      return "";
    }
    String after = text.substring(m.end(), Math.min(text.length(), m.end() + 100)).replace('\n', ' ');
    if (ATTRIBUTIVE_AFTER.matcher(after).lookingAt()) {
      return "attributive";
    }
    String before = text.substring(Math.max(0, m.start() - 100), m.start()).replace('\n', ' ');
    if (OBJECT_BEFORE.matcher(before).find()) {
      return "object";
    }
    return SUBJECT_AFTER.matcher(after).lookingAt() ? "subject" : "";
  }

  /**
   * Person actor id → feature vector ({@link #PERSON_FEATURES}) for every person with a mention: salience score (log),
   * share of the document's top person score, top person, headline (sentence 0), lead (sentences 0-1), 1 / (1 + first
   * sentence), counts (log) of full-name/title mentions, surname mentions and coreference mentions (role nouns,
   * pronouns), whether a title or role noun names the person, speaker mentions (log; a reporting verb right after or
   * before), spread (sentences from first to last mention over the document's sentences), number of persons (log), and
   * document length (log of thousands of characters; 0 without text), and the counts (log) of name and surname mentions
   * that are the subject of a verb or the object of a preposition or verb ({@link #grammaticalRole}).
   */
  public static Map<String, double[]> personFeatures(List<Mention> ms, ActorDictionary dict, String text) {
    Map<String, Double> score = personScores(ms, dict);
    double top = 0;
    for (double v : score.values()) {
      top = Math.max(top, v);
    }
    int lastSentence = 0;
    for (Mention m : ms) {
      lastSentence = Math.max(lastSentence, m.sentence());
    }
    // headline, lead, full, surname, coref, titled, speaker, first sentence, last sentence, subject, object
    Map<String, double[]> raw = new LinkedHashMap<>();
    for (Mention m : ms) {
      ActorDictionary.Actor a = dict.actor(m.actorId());
      if (a == null || !a.isPerson()) {
        continue;
      }
      double[] r = raw.computeIfAbsent(a.id(), k -> new double[] {0, 0, 0, 0, 0, 0, 0, Double.MAX_VALUE, 0, 0, 0});
      r[0] = m.sentence() == 0 ? 1 : r[0];
      r[1] = m.sentence() <= 1 ? 1 : r[1];
      if ("coreference".equals(m.aliasType())) {
        r[4]++;
        r[5] = "coref_role".equals(m.resolutionMethod()) ? 1 : r[5];
      } else {
        r["surname".equals(m.aliasType()) ? 3 : 2]++;
        String role = grammaticalRole(m, text);
        r[9] += "subject".equals(role) ? 1 : 0;
        r[10] += "object".equals(role) ? 1 : 0;
      }
      if ("title".equals(m.aliasType()) || "title_name".equals(m.method())) {
        r[5] = 1;
      }
      r[6] += speaker(m, text) ? 1 : 0;
      r[7] = Math.min(r[7], m.sentence());
      r[8] = Math.max(r[8], m.sentence());
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : raw.entrySet()) {
      double s = score.getOrDefault(e.getKey(), 0.0);
      double[] r = e.getValue();
      out.put(e.getKey(), new double[] {1, Math.log1p(s), top == 0 ? 0 : s / top, s >= top ? 1 : 0, r[0], r[1],
          1.0 / (1 + r[7]), Math.log1p(r[2]), Math.log1p(r[3]), Math.log1p(r[4]), r[5], Math.log1p(r[6]),
          (r[8] - r[7]) / (1.0 + lastSentence), Math.log1p(raw.size()),
          text == null ? 0 : Math.log1p(text.length() / 1000.0), Math.log1p(r[9]), Math.log1p(r[10])});
    }
    return out;
  }

  /**
   * The people (actor ids) a document is about: the learned person rule when its weights are on the classpath, else the
   * people whose salience score reaches {@link #PERSON_THRESHOLD}. {@code text} is the text the mentions were found in
   * (for the speaker and length features; null is allowed).
   */
  public static Set<String> documentPeople(List<Mention> ms, ActorDictionary dict, String text) {
    return decide(PERSON_RULE_WEIGHTS, () -> personFeatures(ms, dict, text), () -> personScores(ms, dict),
        PERSON_THRESHOLD);
  }

  /** Person actor id → salience score. */
  public static Map<String, Double> personScores(List<Mention> ms, ActorDictionary dict) {
    Map<String, Double> out = new HashMap<>();
    for (Mention m : ms) {
      ActorDictionary.Actor a = dict.actor(m.actorId());
      if (a != null && a.isPerson()) {
        out.merge(a.id(), weight(m), Double::sum);
      }
    }
    return out;
  }
  /**
   * One actor of a document, as the {@code document_actors} table writes it: {@code kind} ({@code country},
   * {@code person} or {@code organisation}), the actor (a country's ISO3 code for countries), its counting mentions,
   * salience score ({@link #weight} summed), the rule's probability (null under the threshold rule, and for
   * organisations), whether the document is about it ({@code about}), where it appears (headline, lead = the first body
   * sentence, wire dateline), the body sentence of its first mention (null when only in the headline), and for people
   * the grammatical role of its mentions ({@code speaker}, else {@code subject}, else {@code object}, else null).
   */
  public record Ranked(String kind, String actorId, String actorName, String country, int mentions, double salience,
      Double probability, boolean about, boolean headline, boolean lead, boolean dateline, Integer firstSentence,
      String role) {}

  /**
   * The mentions the document-level rule reads: the headline's (all in sentence 0) then the body's, their offsets
   * moved past the headline and its newline ({@code shift}) and their sentences moved by one, as if found in
   * {@code headline + "\n" + body}. With no headline mention and {@code shift} 0, the body's unchanged.
   */
  public static List<Mention> withHeadline(List<Mention> headline, List<Mention> body, int shift) {
    if (shift == 0) {
      return body;
    }
    List<Mention> out = new java.util.ArrayList<>(headline.size() + body.size());
    for (Mention m : headline) {
      out.add(new Mention(m.start(), m.end(), m.aliasText(), m.actorId(), m.actorName(), m.cameoCode(), m.country(),
          m.aliasType(), m.method(), m.resolutionMethod(), m.confidence(), 0));
    }
    for (Mention m : body) {
      out.add(new Mention(m.start() + shift, m.end() + shift, m.aliasText(), m.actorId(), m.actorName(),
          m.cameoCode(), m.country(), m.aliasType(), m.method(), m.resolutionMethod(), m.confidence(),
          m.sentence() + 1));
    }
    return out;
  }

  /**
   * Every country, person and organisation of a document with its salience and the rule's decision. {@code ms}: the
   * mentions of {@link #withHeadline}; {@code text}: the text they were found in; {@code hasHeadline}: whether
   * sentence 0 is a headline (else it is the first body sentence). Countries and people are decided as
   * {@link #documentCountries} and {@link #documentPeople}; organisations (actors that are neither people nor of a
   * country) by their salience reaching {@link #COUNTRY_THRESHOLD}. Sorted by kind, then salience (highest first),
   * then id.
   */
  public static List<Ranked> rank(List<Mention> ms, ActorDictionary dict, String text, boolean hasHeadline) {
    int firstBody = hasHeadline ? 1 : 0;
    Map<String, Map<String, Seen>> seen = new LinkedHashMap<>(); // kind -> id -> where and how often
    Map<String, Double> orgScores = new HashMap<>();
    for (Mention m : ms) {
      ActorDictionary.Actor a = dict.actor(m.actorId());
      if (a == null) {
        continue;
      }
      String kind;
      String id;
      if (a.isPerson()) {
        kind = "person";
        id = a.id();
      } else if (counts(m)) {
        kind = "country";
        id = m.country();
      } else if (m.country().isEmpty() && !"coreference".equals(m.aliasType())) {
        kind = "organisation";
        id = a.id();
        orgScores.merge(id, weight(m), Double::sum);
      } else {
        continue;
      }
      seen.computeIfAbsent(kind, k -> new TreeMap<>()).computeIfAbsent(id, k -> new Seen())
          .add(m, hasHeadline && m.sentence() == 0, firstBody);
    }
    List<Ranked> out = new java.util.ArrayList<>();
    Map<String, Seen> countries = seen.getOrDefault("country", Map.of());
    if (!countries.isEmpty()) {
      Map<String, Double> scores = countryScores(ms, dict);
      Map<String, double[]> feats = RULE == null ? Map.of() : countryFeatures(ms, dict);
      for (Map.Entry<String, Seen> e : countries.entrySet()) {
        double s = scores.getOrDefault(e.getKey(), 0.0);
        Double p = RULE == null ? null : probability(RULE, feats.get(e.getKey()));
        boolean about = RULE == null ? s >= COUNTRY_THRESHOLD : p >= RULE[RULE.length - 1];
        ActorDictionary.Actor c = dict.actor(e.getKey());
        out.add(ranked("country", e.getKey(), c == null ? e.getKey() : c.name(), e.getKey(), e.getValue(), s, p,
            about, null));
      }
    }
    Map<String, Seen> people = seen.getOrDefault("person", Map.of());
    if (!people.isEmpty()) {
      Map<String, Double> scores = personScores(ms, dict);
      Map<String, double[]> feats = personFeatures(ms, dict, text);
      for (Map.Entry<String, Seen> e : people.entrySet()) {
        double s = scores.getOrDefault(e.getKey(), 0.0);
        double[] x = feats.get(e.getKey());
        Double p = PERSON_RULE_WEIGHTS == null ? null : probability(PERSON_RULE_WEIGHTS, x);
        boolean about = p == null ? s >= PERSON_THRESHOLD : p >= PERSON_RULE_WEIGHTS[PERSON_RULE_WEIGHTS.length - 1];
        // log counts of speaker, subject and object mentions (PERSON_FEATURES)
        double speaker = x[PERSON_FEATURES.indexOf("log_speaker")];
        double subject = x[PERSON_FEATURES.indexOf("log_subject")];
        double object = x[PERSON_FEATURES.indexOf("log_object")];
        String role = speaker > 0 ? "speaker" : subject > 0 && subject >= object ? "subject"
            : object > 0 ? "object" : null;
        ActorDictionary.Actor a = dict.actor(e.getKey());
        out.add(ranked("person", e.getKey(), a.name(), a.country().isEmpty() ? null : a.country(), e.getValue(), s,
            p, about, role));
      }
    }
    for (Map.Entry<String, Seen> e : seen.getOrDefault("organisation", Map.of()).entrySet()) {
      double s = orgScores.getOrDefault(e.getKey(), 0.0);
      out.add(ranked("organisation", e.getKey(), dict.actor(e.getKey()).name(), null, e.getValue(), s, null,
          s >= COUNTRY_THRESHOLD, null));
    }
    out.sort(java.util.Comparator.comparing(Ranked::kind)
        .thenComparing(java.util.Comparator.comparingDouble(Ranked::salience).reversed())
        .thenComparing(Ranked::actorId));
    return out;
  }

  /** Where and how often a document names one actor. */
  private static final class Seen {
    int mentions;
    boolean headline;
    boolean lead;
    boolean dateline;
    Integer firstSentence; // body sentence of the first body mention

    void add(Mention m, boolean inHeadline, int firstBody) {
      mentions++;
      headline |= inHeadline;
      lead |= m.sentence() == firstBody;
      dateline |= "dateline".equals(m.method());
      if (!inHeadline && (firstSentence == null || m.sentence() - firstBody < firstSentence)) {
        firstSentence = m.sentence() - firstBody;
      }
    }
  }

  private static Ranked ranked(String kind, String id, String name, String country, Seen r, double salience,
      Double p, boolean about, String role) {
    return new Ranked(kind, id, name, country, r.mentions, salience, p, about, r.headline, r.lead, r.dateline,
        r.firstSentence, role);
  }
}
