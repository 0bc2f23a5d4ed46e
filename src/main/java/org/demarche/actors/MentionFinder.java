package org.demarche.actors;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.demarche.actors.ActorDictionary.Actor;
import org.demarche.actors.ActorDictionary.Entry;
import org.demarche.actors.ActorDictionary.Node;
import org.demarche.actors.ActorDictionary.Role;
import org.demarche.text.DocumentAnalysis;
import org.demarche.text.Token;

/**
 * Finds actor mentions in one document (plain Java; {@link ActorMatcher} wraps it as a Spark stage).
 *
 * <p>Dictionary pass over the token trie, leftmost-longest: at each token the longest alias that passes its checks wins
 * and matching resumes after it. Checks: the first letter of the span is upper case (acronyms: every letter upper
 * case); a demonym counts only when the next token in the sentence is a word other than a verb/function word in
 * {@link #NOT_NOUN} (so "Russian officials" and "Russian and American leaders" match, "spoke Russian." does not); a
 * capital after a locative preposition ("in Moscow") resolves to the country (method {@code capital_location}),
 * otherwise to {@code <ISO3>GOV} (method {@code capital_metonym}). A person name preceded by a title ("Foreign Minister
 * Lavrov") gets method {@code title_name}; the span stays the name.
 *
 * <p>Coreference, in document order: a surname alone resolves to the person named in full earlier in the document
 * ({@code coref_surname}; this also covers surnames that are not in the dictionary, and a surname in an ALL-CAPS
 * headline above the full name, the surname alone or a one-word name such as "Subroto"); a role noun ("the secretary of
 * state", "the Russian minister", "his Russian counterpart", "the US leader") resolves to the last person mentioned
 * whose role at the article date contains the noun and, when a demonym is given, whose country matches
 * ({@code coref_role}); "he/she" before a reporting verb resolves to the last person ({@code coref_pronoun}).
 */
public final class MentionFinder {
  /** One mention. {@code start}/{@code end} are character offsets, end exclusive. */
  public record Mention(int start, int end, String aliasText, String actorId, String actorName, String cameoCode,
      String country, String aliasType, String method, String resolutionMethod, double confidence, int sentence) {}

  static final Set<String> NOT_NOUN = Set.of("is", "was", "are", "were", "be", "been", "said", "says", "has", "have",
      "had", "to", "of", "in", "on", "at", "by", "for", "from", "with", "who", "which", "that", "as", "than", "but",
      "will", "would", "could", "should", "can", "may", "might", "did", "does", "do", "told", "the", "a", "an");
  static final Set<String> LOCATIVE = Set.of("in", "to", "from", "at", "near", "into", "outside", "visit", "visited",
      "visiting", "via", "across", "around", "toward", "towards", "inside", "within");
  static final Set<String> REPORTING = Set.of("said", "says", "told", "added", "stressed", "stated", "noted",
      "insisted", "warned", "explained", "argued", "reminded", "replied", "declared", "announced", "urged", "believes",
      "thought", "suggested", "admitted", "emphasized", "emphasised", "hesitated", "asked", "claimed", "confirmed");
  static final List<String[]> TITLES = List.of(tk("secretary of state"), tk("foreign minister"), tk("prime minister"),
      tk("foreign secretary"), tk("defence minister"), tk("defense minister"), tk("secretary general"),
      tk("vice president"), tk("president"), tk("minister"), tk("secretary"), tk("senator"), tk("chancellor"),
      tk("premier"), tk("king"), tk("emir"), tk("ambassador"), tk("envoy"), tk("mr"), tk("mrs"), tk("ms"), tk("dr"),
      tk("spokesman"), tk("spokeswoman"), tk("leader"));
  /** Role nouns for coreference: surface tokens → words one of which the holder's role must contain ("" = any). */
  static final List<Map.Entry<String[], String[]>> ROLE_NOUNS = List.of(
      Map.entry(tk("secretary of state"), new String[] {"secretary of state"}),
      Map.entry(tk("foreign minister"), new String[] {"foreign minister", "foreign secretary"}),
      Map.entry(tk("foreign secretary"), new String[] {"foreign secretary", "foreign minister"}),
      Map.entry(tk("prime minister"), new String[] {"prime minister", "premier"}),
      Map.entry(tk("secretary general"), new String[] {"secretary-general"}),
      Map.entry(tk("vice president"), new String[] {"vice president"}),
      Map.entry(tk("president"), new String[] {"president"}),
      Map.entry(tk("minister"), new String[] {"minister"}),
      Map.entry(tk("premier"), new String[] {"premier", "prime minister"}),
      Map.entry(tk("chancellor"), new String[] {"chancellor"}),
      Map.entry(tk("senator"), new String[] {"senator"}),
      Map.entry(tk("king"), new String[] {"king"}),
      Map.entry(tk("leader"), new String[] {"president", "prime minister", "chancellor", "king", "leader", "emir",
          "premier"}),
      Map.entry(tk("counterpart"), new String[] {""}),
      Map.entry(tk("diplomat"), new String[] {"minister", "secretary of state", "foreign secretary"}));
  static final Set<String> ABBREV = Set.of("mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col",
      "jr", "sr", "u", "s", "n", "k", "e", "j", "a", "no", "vs", "jan", "feb", "aug", "sept", "sep", "oct", "nov", "dec");

  /** Abbreviations that end company names and keep their period in the span ("Inc.", "Corp.", "Co.", "Ltd."). */
  static final Set<String> CORPORATE_ABBREV = Set.of("inc", "corp", "co", "cos", "ltd", "bhd");

  private static String[] tk(String s) {
    return Normalizer.key(s).split(" ");
  }

  private final ActorDictionary dict;

  public MentionFinder(ActorDictionary dict) {
    this.dict = dict;
  }

  /** A gap between two tokens of one name: one space, or a soft-wrapped line break. */
  private static boolean nameGap(String gap) {
    return gap.equals(" ") || gap.equals("\n") || gap.equals(" \n");
  }

  private static boolean upper(String text, Token t) {
    return Character.isUpperCase(text.codePointAt(t.start())) || Character.isDigit(text.charAt(t.start()));
  }

  /** Per token: its line has letters and none of them is lower case (a headline or an all-caps wire line). */
  static boolean[] capsLines(String text, List<Token> toks) {
    boolean[] out = new boolean[toks.size()];
    int t = 0;
    int lineStart = 0;
    while (t < toks.size()) {
      int lineEnd = text.indexOf('\n', toks.get(t).start());
      if (lineEnd < 0) {
        lineEnd = text.length();
      }
      lineStart = text.lastIndexOf('\n', toks.get(t).start()) + 1;
      boolean letters = false;
      boolean lower = false;
      for (int c = lineStart; c < lineEnd && !lower; c++) {
        char ch = text.charAt(c);
        if (Character.isLetter(ch)) {
          letters = true;
          lower = Character.isLowerCase(ch);
        }
      }
      boolean v = letters && !lower;
      while (t < toks.size() && toks.get(t).start() < lineEnd) {
        out[t++] = v;
      }
    }
    return out;
  }

  /**
   * Nouns a city or capital names as a document, agreement or meeting ("the Geneva communiqué", "the Minsk
   * agreements", "the Oslo accords", "the Kyoto protocol", "the Geneva conference"): there the place is not an actor.
   */
  static final Set<String> NAMED_BY_PLACE = Set.of("communique", "communiqué", "agreement", "agreements", "accord",
      "accords", "protocol", "protocols", "convention", "conventions", "declaration", "memorandum", "format",
      "process", "conference", "talks", "summit", "framework", "treaty", "charter");

  /** A wire dateline at the start of a line: "NEW YORK, March 3 -", "TOKYO, Feb 26 (Reuters) -". */
  static final java.util.regex.Pattern DATELINE = java.util.regex.Pattern.compile(
      "(?m)^[ \\t]*([A-Z][A-Za-z.' -]{1,40}?)(?:, ([A-Z][A-Za-z. ]{1,25}?))?,? (?i:Jan|Feb|March|Mar|April|Apr|May|June"
          + "|Jun|July|Jul|Aug|Sept|Sep|Oct|Nov|Dec)[a-z]*\\.? \\d{1,2}(?: \\(Reuters\\))? -");

  /**
   * Per token: 1 = it lies in the city part of a dateline, where a place name is location evidence whatever its case;
   * 2 = it lies in a dateline whose region ({@link Datelines}) names the country, so the city is not matched; 3 = it is
   * that region. {@code regions} receives {startTok, endTok, country} per resolved region.
   */
  static int[] datelineTokens(String text, List<Token> toks, List<Object[]> regions) {
    int[] out = new int[toks.size()];
    markDatelines(DATELINE.matcher(text), Integer.MAX_VALUE, toks, regions, out);
    markDatelines(LEAD_DATELINE.matcher(text), LEAD_CHARS, toks, regions, out);
    return out;
  }

  /**
   * A dateline without a date in the lead: an ALL-CAPS city (and region) at the start of a line, an optional agency
   * in brackets, then a dash: "MOSCOW (Reuters) -", "WASHINGTON —", "SANTA CRUZ, Calif. (AP) --".
   */
  static final java.util.regex.Pattern LEAD_DATELINE = java.util.regex.Pattern.compile(
      "(?m)^[ \\t]*([A-Z][A-Z.'-]*(?: [A-Z][A-Z.'-]*){0,3})(?:, ([A-Z][A-Za-z. ]{1,25}?))?\\s*"
          + "(?:\\((?:Reuters|AP|AFP|Xinhua|dpa|DPA|UPI|TASS|Interfax|RIA Novosti|Bloomberg|PTI|IANS|CNN)\\)\\s*)?"
          + "(?:--|-|\u2014|\u2013) ");
  /** How far into the text a {@link #LEAD_DATELINE} may start. */
  static final int LEAD_CHARS = 400;

  private static void markDatelines(java.util.regex.Matcher m, int maxStart, List<Token> toks,
      List<Object[]> regions, int[] out) {
    while (m.find() && m.start() < maxStart) {
      if (m.group(1).chars().filter(Character::isLetter).count() < 3) {
        continue; // "US -", "EU -": too short to be a city
      }
      String country = m.group(2) == null ? null : Datelines.region(m.group(2));
      int rs = -1;
      int re = -1;
      for (int t = 0; t < toks.size(); t++) {
        Token k = toks.get(t);
        if (k.start() >= m.start(1) && k.end() <= m.end(1)) {
          out[t] = country == null ? 1 : 2;
        } else if (country != null && k.start() >= m.start(2) && k.end() <= m.end(2)) {
          out[t] = 3;
          rs = rs < 0 ? t : rs;
          re = t + 1;
        }
      }
      if (rs >= 0) {
        regions.add(new Object[] {rs, re, country});
      }
    }
  }

  private boolean isPlace(Entry e) {
    Actor a = dict.actor(e.actorId());
    return a != null && !a.isPerson() && !"organisation".equals(a.kind()) && !"demonym".equals(e.aliasType());
  }

  /** A single-token place that is capitalised only because it opens a sentence or line. */
  private static boolean isCommonWordLike(String text, Token t) {
    int p = t.start() - 1;
    while (p >= 0 && (text.charAt(p) == ' ' || text.charAt(p) == '"' || text.charAt(p) == '(')) {
      p--;
    }
    return p < 0 || text.charAt(p) == '\n' || text.charAt(p) == '.' || text.charAt(p) == '!' || text.charAt(p) == '?';
  }

  private static boolean seqAt(List<Token> toks, int i, String[] seq) {
    if (i < 0 || i + seq.length > toks.size()) {
      return false;
    }
    for (int k = 0; k < seq.length; k++) {
      if (!toks.get(i + k).norm().equals(seq[k])) {
        return false;
      }
    }
    return true;
  }

  public List<Mention> find(String text, LocalDate date) {
    if (text == null || text.isEmpty()) {
      return new ArrayList<>();
    }
    return find(DocumentAnalysis.of(text), date);
  }

  /** The mentions of the analysed text: its word tokens and their sentences ({@link DocumentAnalysis}). */
  public List<Mention> find(DocumentAnalysis analysis, LocalDate date) {
    List<Mention> out = new ArrayList<>();
    String text = analysis.text();
    if (text.isEmpty()) {
      return out;
    }
    List<Token> toks = analysis.tokens();
    int n = toks.size();
    int[] sent = analysis.tokenSentences();
    boolean[] caps = capsLines(text, toks);
    List<Object[]> regions = new ArrayList<>();
    int[] datelinePart = datelineTokens(text, toks, regions);
    boolean[] covered = new boolean[n];
    // pending[i] = mention starting at token i with its token end, or coref placeholders
    List<Object[]> found = new ArrayList<>(); // {startTok, endTok, Entry, method}
    for (Object[] r : regions) {
      if (dict.actor((String) r[2]) != null) {
        found.add(new Object[] {r[0], r[1], new Entry((String) r[2], "place", true), "dateline"});
      }
    }
    int i = 0;
    while (i < n) {
      if (datelinePart[i] >= 2) {
        covered[i++] = true;
        continue;
      }
      Node node = dict.root();
      int bestEnd = -1;
      Entry best = null;
      String bestMethod = null;
      for (int j = i; j < n; j++) {
        if (j > i && (sent[j] != sent[i] || toks.get(j - 1).possessive())) {
          break;
        }
        node = node.child(toks.get(j).norm());
        if (node == null) {
          break;
        }
        if (node.entry != null) {
          String m = datelinePart[i] == 1 && isPlace(node.entry) ? "dateline"
              : check(text, toks, sent, caps, i, j + 1, node.entry);
          if (m != null) {
            bestEnd = j + 1;
            best = node.entry;
            bestMethod = m;
          }
        }
      }
      if (best == null) {
        i++;
        continue;
      }
      if (!"dateline".equals(bestMethod) && embedded(text, toks, sent, caps, i, bestEnd, best)) {
        i = bestEnd; // part of a longer name: "Air France", "U.S. Open", "Bank of Canada", "New York-based"
        continue;
      }
      found.add(new Object[] {i, bestEnd, best, bestMethod});
      for (int k = i; k < bestEnd; k++) {
        covered[k] = true;
      }
      i = bestEnd;
    }
    // coref candidates: role nouns and pronouns
    for (int t = 0; t < n; t++) {
      if (covered[t]) {
        continue;
      }
      String w = toks.get(t).norm();
      if ((w.equals("he") || w.equals("she")) && t + 1 < n && sent[t + 1] == sent[t]
          && REPORTING.contains(toks.get(t + 1).norm())) {
        found.add(new Object[] {t, t + 1, null, "pronoun"});
        continue;
      }
      if (w.equals("the") || w.equals("his") || w.equals("her") || w.equals("their")) {
        int k = t + 1;
        String demCountry = null;
        int demTok = -1;
        // an optional demonym/country adjective right after the determiner (possibly matched as a demonym mention)
        for (Object[] f : found) {
          Entry e = (Entry) f[2];
          if (e != null && (int) f[0] == k && ("demonym".equals(e.aliasType()) || "acronym".equals(e.aliasType()))) {
            Actor a = dict.actor(e.actorId());
            demCountry = a == null ? null : a.country();
            demTok = k;
            k = (int) f[1];
          }
        }
        for (Map.Entry<String[], String[]> rn : ROLE_NOUNS) {
          String[] seq = rn.getKey();
          if (seqAt(toks, k, seq) && sent[k] == sent[t]) {
            int endTok = k + seq.length;
            boolean nameFollows = endTok < n && sent[endTok] == sent[t] && upper(text, toks.get(endTok))
                && !toks.get(endTok - 1).possessive();
            if (nameFollows) {
              break;
            }
            if (demTok >= 0) {
              final int dt = demTok;
              found.removeIf(f -> (int) f[0] == dt);
            }
            found.add(new Object[] {t + 1, endTok, null, "role:" + String.join(",", rn.getValue()) + ":"
                + (demCountry == null ? "" : demCountry)});
            break;
          }
        }
      }
    }
    found.sort(Comparator.comparingInt(f -> (int) f[0]));
    Map<String, String> surnames = new HashMap<>(); // surname key -> actor id, from full-name mentions
    java.util.Set<String> seenFull = new java.util.HashSet<>();
    Actor lastPerson = null;
    List<Actor> persons = new ArrayList<>();
    for (Object[] f : found) {
      int s = (int) f[0];
      int e = (int) f[1];
      Entry entry = (Entry) f[2];
      String method = (String) f[3];
      int start = toks.get(s).start();
      int end = toks.get(e - 1).end();
      if (entry != null && end < text.length() && text.charAt(end) == '.' && toks.get(e - 1).end()
          - toks.get(e - 1).start() == 1 && end - start >= 3 && text.charAt(end - 2) == '.') {
        end++; // "U.S." keeps its final period
      } else if (entry != null && end < text.length() && text.charAt(end) == '.'
          && CORPORATE_ABBREV.contains(toks.get(e - 1).norm())) {
        end++; // "Commerce Bancshares Inc." keeps the period of its abbreviation
      }
      String surface = text.substring(start, end);
      if (entry == null) {
        Actor target = null;
        String res;
        if (method.equals("pronoun")) {
          target = lastPerson;
          res = "coref_pronoun";
        } else {
          String[] parts = method.split(":", -1);
          String[] want = parts[1].split(",");
          String country = parts[2];
          res = "coref_role";
          for (int p = persons.size() - 1; p >= 0 && target == null; p--) {
            Actor a = persons.get(p);
            Role r = a.roleAt(date);
            String role = r == null ? "" : r.role();
            if (!country.isEmpty() && !country.equals(a.country())) {
              continue;
            }
            for (String wnt : want) {
              if (wnt.isEmpty() || role.contains(wnt)) {
                target = a;
                break;
              }
            }
          }
          method = "role_noun";
        }
        if (target != null) {
          out.add(mention(start, end, surface, target, "coreference", method, res, 0.6, sent[s], date));
        }
        continue;
      }
      Actor a = dict.actor(entry.actorId());
      if (a == null) {
        continue;
      }
      String res = "dictionary";
      double conf = confidence(entry.aliasType(), method);
      if (a.isPerson() && "surname".equals(entry.aliasType())) {
        String other = surnames.get(Normalizer.key(surface));
        if (other != null && !other.equals(a.id()) && dict.actor(other) != null) {
          a = dict.actor(other); // the person named in full earlier in the document wins over the dictionary
          seenFull.add(a.id());
        }
      }
      boolean administration = a.isPerson() && (surface.endsWith("administration")
          || surface.endsWith("Administration") || surface.endsWith("ADMINISTRATION"));
      if (a.isPerson() && !administration) { // "the Reagan administration" names no person: no surname antecedent
        String key = Normalizer.key(surface);
        if ("surname".equals(entry.aliasType())) {
          if (seenFull.contains(a.id())) {
            res = "coref_surname";
            conf = Math.max(conf, 0.85);
          }
        } else {
          seenFull.add(a.id());
          String[] parts = key.split(" ");
          // a relative named in full ("Michelle Obama", "Ivanka Trump") is no antecedent for a surname that the
          // dictionary gives, unshared, to another person ("Obama said", "Mr. Trump")
          Entry owner = parts.length > 1 ? dict.lookup(parts[parts.length - 1]) : null;
          if (parts.length > 1 && (owner == null || !owner.prominent() || !"surname".equals(owner.aliasType())
              || owner.actorId().equals(a.id()))) {
            surnames.put(parts[parts.length - 1], a.id());
          }
        }
        lastPerson = a;
        persons.add(a);
      }
      Actor target = a;
      if (administration && dict.actor(a.country() + "GOV") != null) {
        target = dict.actor(a.country() + "GOV"); // "the Reagan administration" is the government, not the person
      }
      if ("capital_location".equals(method) || "dateline".equals(method)) {
        Actor country = dict.actor(a.country());
        if (country != null) {
          target = country;
        }
      }
      out.add(mention(start, end, surface, target, entry.aliasType(), method, res, conf, sent[s], date));
    }
    // an ALL-CAPS headline surname also resolves to a person the body names by that surname alone ("LYNG" above
    // "Lyng said") or by a one-word name ("SUBROTO SEES OIL MARKET ..." above "Energy Minister Subroto"), not only to
    // one named in full
    Map<String, String> bodySurnames = new HashMap<>();
    for (Mention m : out) {
      String key = Normalizer.key(m.aliasText());
      boolean oneWordName = "name".equals(m.aliasType()) && !key.isEmpty() && key.indexOf(' ') < 0;
      if (("surname".equals(m.aliasType()) || oneWordName) && dict.actor(m.actorId()) != null
          && dict.actor(m.actorId()).isPerson()) {
        bodySurnames.putIfAbsent(key, m.actorId());
      }
    }
    // surnames of people named in full earlier in the document but not in the dictionary as surnames
    if (!surnames.isEmpty() || !bodySurnames.isEmpty()) {
      List<Mention> extra = new ArrayList<>();
      for (int t = 0; t < n; t++) {
        if (covered[t] || !upper(text, toks.get(t))) {
          continue;
        }
        String id = surnames.get(toks.get(t).norm());
        if (id == null && caps[t]) {
          id = bodySurnames.get(toks.get(t).norm());
        }
        if (id == null) {
          continue;
        }
        Token tok = toks.get(t);
        Mention first = null;
        for (Mention m : out) {
          if (m.actorId().equals(id) && !"coreference".equals(m.aliasType())) {
            first = m;
            break;
          }
        }
        // after the full name, or before it in an ALL-CAPS headline ("YEUTTER BLASTS EC TAX" above "Clayton Yeutter")
        if (first != null && (first.start() < tok.start() || caps[t] && sent[t] < first.sentence())) {
          extra.add(mention(tok.start(), tok.end(), text.substring(tok.start(), tok.end()), dict.actor(id), "surname",
              "surname", "coref_surname", 0.8, sent[t], date));
        }
      }
      out.addAll(extra);
      out.sort(Comparator.comparingInt(Mention::start));
    }
    return out;
  }

  private static double confidence(String aliasType, String method) {
    switch (method) {
      case "title_name":
        return 0.95;
      case "capital_metonym":
        return 0.7;
      case "capital_location":
        return 0.8;
      default:
        break;
    }
    switch (aliasType) {
      case "name":
      case "title":
      case "institution":
        return 0.95;
      case "acronym":
        return 0.9;
      case "demonym":
        return 0.8;
      case "surname":
        return 0.7;
      case "place":
        return 0.75;
      default:
        return 0.8;
    }
  }

  /**
   * Predecessor states: before the date, a capital, demonym or institution mention of the successor stands for the
   * predecessor ("Moscow", "Russian officials" in 1987: the Soviet Union).
   */
  static final Map<String, Object[]> PREDECESSORS = Map.of("RUS", new Object[] {"SUN", LocalDate.of(1991, 12, 26)});

  private Mention mention(int start, int end, String surface, Actor a, String aliasType, String method, String res,
      double conf, int sentence, LocalDate date) {
    // only the capital, demonyms and institutions: the name "Russia" stays Russia
    boolean byName = "name".equals(aliasType) || "acronym".equals(aliasType) || "place".equals(aliasType)
        && !"dateline".equals(method);
    Object[] pre = date == null || a.isPerson() || byName ? null : PREDECESSORS.get(a.country());
    if (pre != null && date.isBefore((LocalDate) pre[1])) {
      String id = a.id().startsWith(a.country()) ? pre[0] + a.id().substring(a.country().length()) : null;
      Actor p = id == null ? null : dict.actor(id);
      if (p != null) {
        a = p; // "Moscow", "Russian" in 1987: the Soviet Union
      } else {
        Role r0 = a.roleAt(date);
        return new Mention(start, end, surface, a.id(), a.name(), r0 == null ? a.id() : r0.cameoCode(),
            (String) pre[0], aliasType, method, res, conf, sentence);
      }
    }
    Role r = a.roleAt(date);
    String code = r == null ? a.id() : r.cameoCode();
    return new Mention(start, end, surface, a.id(), a.name(), code, a.country(), aliasType, method, res, conf,
        sentence);
  }

  /** Capitalised words that may follow or precede a place without making a longer name ("U.S. President"). */
  static final Set<String> NAME_NEIGHBOURS = Set.of("president", "presidential", "prime", "foreign", "finance",
      "defence", "defense", "interior", "trade", "economy", "agriculture", "energy", "minister", "ministers",
      "secretary", "ambassador", "envoy", "senator", "governor", "chancellor", "king", "queen", "crown", "prince",
      "vice", "deputy", "chief", "general", "gen", "leader", "premier", "mr", "mrs", "ms", "dr", "sen", "rep",
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
      "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar",
      "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "in", "on", "at", "and", "or", "the", "of", "to",
      "for", "from", "with", "by", "said", "says", "is", "was", "but", "as");

  private boolean placeOrDemonym(String tokenKey) {
    Entry e = dict.lookup(tokenKey);
    return e != null && (isPlace(e) || "demonym".equals(e.aliasType()));
  }

  /** Capitalised words after a place that make it the name of a sports event. */
  static final List<String[]> EVENTS = List.of(tk("open"), tk("grand prix"), tk("cup"), tk("masters"), tk("classic"),
      tk("championship"), tk("championships"), tk("trophy"), tk("marathon"), tk("invitational"));

  /** Resource: common lowercase English words ({@code data/build/common_words.py}, from the CC0 UN General Debates). */
  static final String COMMON_WORDS_RESOURCE = "org/demarche/actors/common_words.txt";
  /** Common lowercase English words, folded as {@link Normalizer} folds tokens. */
  static final Set<String> COMMON_WORDS = loadWords(COMMON_WORDS_RESOURCE);

  static Set<String> loadWords(String resource) {
    java.util.Set<String> out = new java.util.HashSet<>();
    try (java.io.InputStream in = MentionFinder.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource not found: " + resource);
      }
      for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        String w = line.strip();
        if (!w.isEmpty() && !w.startsWith("#")) {
          out.add(w);
        }
      }
    } catch (java.io.IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
    return Set.copyOf(out);
  }

  /**
   * A capitalised word that opens a sentence says nothing about a name only when it is a common lowercase word
   * ("Yesterday Moscow said", "But Washington"); a first name or other name word still makes a longer name ("Trevor
   * Holland", "Rotor Volgograd").
   */
  private static boolean commonOpener(List<Token> toks, int[] sent, int k) {
    boolean opens = k == 0 || sent[k - 1] != sent[k];
    return opens && COMMON_WORDS.contains(toks.get(k).norm());
  }

  private static boolean nameWord(String text, Token t) {
    return Character.isUpperCase(text.codePointAt(t.start())) && !NAME_NEIGHBOURS.contains(t.norm());
  }

  /**
   * A country, capital or place alias inside a longer capitalised name is not a mention of that place: another
   * capitalised word right before it ("Air France", "Real Madrid"; at a sentence start only when that word is not a
   * common lowercase word, see {@link #commonOpener}: "Trevor Holland" but not "Yesterday Moscow") or right
   * after it ("U.S. Open", "Chicago Board of Trade", "Lawrence Lindsey"), "X of Canada" ("Bank of Canada"), a
   * hyphenated adjective ("New York-based", "U.S.-led"), or a compound after a lowercase or common-word prefix
   * ("ex-England", "Pro-Moscow"; not "U.S.-Japan"). Titles, weekdays and months next to a place do not count ("U.S.
   * President"). Not applied on ALL-CAPS lines, where capitalisation says nothing.
   */
  private boolean embedded(String text, List<Token> toks, int[] sent, boolean[] caps, int i, int end, Entry e) {
    Actor a = dict.actor(e.actorId());
    String type = e.aliasType();
    int n = toks.size();
    if (a == null || a.isPerson()) {
      return false;
    }
    boolean placeLike = "name".equals(type) || "place".equals(type) || "capital_metonym".equals(type)
        || "acronym".equals(type);
    if (placeLike && end < n && sent[end] == sent[i] && upper(text, toks.get(end))) {
      for (String[] ev : EVENTS) { // "HONG KONG OPEN", "BERLIN GRAND PRIX", "U.S. Open": an event, also in capitals
        if (seqAt(toks, end, ev) && sent[end + ev.length - 1] == sent[i]) {
          return true;
        }
      }
    }
    if (("place".equals(type) || "capital_metonym".equals(type)) && end < n && sent[end] == sent[i]
        && NAMED_BY_PLACE.contains(toks.get(end).norm())
        && text.substring(toks.get(end - 1).end(), toks.get(end).start()).equals(" ")) {
      return true; // "the Geneva communiqué", "the Minsk agreements", "the Geneva conference": not Switzerland acting
    }
    if ("institution".equals(type) && end - i == 1 && i > 0 && !caps[i] && sent[i - 1] == sent[i]
        && (i - 1 > 0 && sent[i - 2] == sent[i - 1]) && nameGap(text.substring(toks.get(i - 1).end(),
        toks.get(i).start())) && !toks.get(i - 1).possessive() && nameWord(text, toks.get(i - 1))
        && !placeOrDemonym(toks.get(i - 1).norm())) {
      return true; // "Congress" in "African National Congress" (but not "U.S. Congress", a place before it)
    }
    if (caps[i] || !placeLike) {
      return false;
    }
    if (end < n && sent[end] == sent[i]) {
      Token last = toks.get(end - 1);
      Token next = toks.get(end);
      String gap = text.substring(last.end(), next.start());
      boolean dotted = gap.equals(". ") && last.end() - last.start() == 1 && last.start() > 0
          && text.charAt(last.start() - 1) == '.'; // "U.S. Open": the period belongs to the acronym
      if (!last.possessive() && (nameGap(gap) || dotted) && nameWord(text, next)) {
        return true;
      }
      boolean dottedHyphen = gap.equals(".-") && last.end() - last.start() == 1 && last.start() > 0
          && text.charAt(last.start() - 1) == '.'; // "U.S.-led"
      if ((gap.equals("-") || dottedHyphen) && Character.isLowerCase(text.charAt(next.start()))) {
        return true;
      }
    }
    if (i > 0 && sent[i - 1] == sent[i]) {
      Token prev = toks.get(i - 1);
      String gap = text.substring(prev.end(), toks.get(i).start());
      if (gap.equals("-") && (Character.isLowerCase(text.charAt(prev.start())) || COMMON_WORDS.contains(prev.norm()))) {
        return true; // a prefixed compound: "ex-England", "Pro-Moscow", "aid-U.N." (not "U.S.-Japan")
      }
      if (nameGap(gap) && !prev.possessive() && !commonOpener(toks, sent, i - 1) && nameWord(text, prev)) {
        return true;
      }
      if (nameGap(gap) && prev.norm().equals("of") && i > 1 && sent[i - 2] == sent[i]) {
        Token pp = toks.get(i - 2);
        boolean ppOpens = i - 2 == 0 || sent[i - 3] != sent[i - 2];
        return !ppOpens && nameGap(text.substring(pp.end(), prev.start())) && nameWord(text, pp);
      }
    }
    return false;
  }

  /** The method for a candidate span, or null when the span fails its checks. */
  private String check(String text, List<Token> toks, int[] sent, boolean[] caps, int i, int end, Entry e) {
    Token first = toks.get(i);
    String type = e.aliasType();
    if ("acronym".equals(type)) {
      return org.demarche.text.Sentences.allUpper(text, first.start(), toks.get(end - 1).end()) ? "acronym" : null;
    }
    if (!upper(text, first)) {
      return null;
    }
    String span = text.substring(first.start(), toks.get(end - 1).end());
    if (span.chars().noneMatch(Character::isLetter)) {
      return null; // a number ("380") names no actor
    }
    for (int k = i; k + 1 < end; k++) {
      String gap = text.substring(toks.get(k).end(), toks.get(k + 1).start());
      if (gap.indexOf('(') >= 0 || gap.indexOf(')') >= 0) {
        return null; // "Saddam ( Hussein": a name does not run over a bracket
      }
    }
    Actor actor = dict.actor(e.actorId());
    boolean person = actor != null && actor.isPerson();
    if (caps[i]) {
      // an ALL-CAPS line (headline) carries no capitalisation evidence: only names of countries and their sectors,
      // capitals, demonyms, curated actors, and multi-token aliases that are not bare surnames/places
      boolean ok = e.prominent() && !"surname".equals(type)
          || end - i >= 2 && !"surname".equals(type) && !"place".equals(type) && !person;
      if (!ok) {
        return null;
      }
    }
    if ("place".equals(type) && !e.prominent() && end - i == 1 && isCommonWordLike(text, first)) {
      return null;
    }
    if ("demonym".equals(type)) {
      if (end >= toks.size() || sent[end] != sent[i] || toks.get(end - 1).possessive()) {
        return null;
      }
      String gap = text.substring(toks.get(end - 1).end(), toks.get(end).start());
      if (!gap.isBlank() && !gap.equals("-")) {
        return null;
      }
      return NOT_NOUN.contains(toks.get(end).norm()) ? null : "demonym";
    }
    if ("capital_metonym".equals(type)) {
      if (i > 0 && sent[i - 1] == sent[i] && LOCATIVE.contains(toks.get(i - 1).norm())) {
        return "capital_location";
      }
      return "capital_metonym";
    }
    if (person && end - i == 1 && (!e.prominent() && "name".equals(type) || "surname".equals(type))
        && end < toks.size() && sent[end] == sent[i]
        && nameGap(text.substring(toks.get(i).end(), toks.get(end).start())) && nameWord(text, toks.get(end))) {
      return null; // "Jaime" in "Jaime Ongpin", surname "Ramon" in "Ramon Manzanares": the first word of a longer name
    }
    if (person) {
      for (String[] t : TITLES) {
        if (seqAt(toks, i - t.length, t) && sent[i - t.length] == sent[i] && upper(text, toks.get(i - t.length))) {
          return "title_name";
        }
      }
      if ("surname".equals(type)) {
        // a bare surname resolves on its own only for prominent (curated) actors, and not when it opens a sentence
        // ("During ..."); other surnames resolve through coreference once the full name has been seen
        if (!e.prominent()) {
          return null;
        }
        return (i == 0 || sent[i - 1] != sent[i]) ? null : "surname";
      }
      return "exact";
    }
    return "exact";
  }
}
