package org.demarche.stance.statements;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.demarche.actors.ActorDictionary;
import org.demarche.actors.MentionFinder.Mention;
import org.demarche.text.Sentences;
import org.demarche.text.Casing;

/**
 * Finds statements in one document — who said what — from the text and its actor mentions (plain Java;
 * {@link StatementExtractor} wraps it as a Spark stage).
 *
 * <p>Input: the cleaned body and its mentions from {@link org.demarche.actors.MentionFinder} (any order). Output: one
 * {@link Statement} per statement and speaker, in text order. Three kinds:
 *
 * <ul>
 *   <li>{@code direct_quote}: text between double quotes ({@code "}, {@code “ ”}, {@code « »}, {@code „}); single
 *       quotes ({@code ' ‘ ’}) count only when an attribution sits right next to them. The direction of a straight
 *       {@code "} comes from its neighbours (space before = opening, space or punctuation after = closing), else from
 *       parity. A closing quote with no opening quote in its paragraph starts at the paragraph start; an opening quote
 *       left open at a paragraph end continues when the next paragraph opens with a quote (newswire convention),
 *       else ends with its paragraph. Single quotes inside double quotes are nested and stay in the content. A quote
 *       is a statement when an attribution is next to it ({@code “…,” X said.}, {@code “…,” said X.},
 *       {@code X said: “…”}, {@code X told reporters, “…”}) or when it opens a sentence; then, without attribution, it
 *       takes the speaker of the last direct quote (else the last statement) of its own or the previous paragraph
 *       ({@code previous_speaker}), or stays {@code unresolved} / {@code no_speaker}. Other quotes (scare quotes,
 *       partial quotes inside a sentence) are not statements of their own; they stay in the content of the reported
 *       statement around them.
 *   <li>{@code reported}: a reporting verb of the lexicon ({@link ReportingVerbs}) outside quotes: {@code X said
 *       (that) …}, {@code X told reporters (that) …}, {@code X stressed/added/warned/reminded that …}, trailing
 *       {@code …, X said.} and {@code …, said X.}, and parenthetical {@code …, X said, …} (content = the whole
 *       sentence). Verbs of complement {@code clause} need "that", ":" or a trailing position; negated ("did not say"),
 *       passive ("was told"), infinitive and -ing uses do not count.
 *   <li>{@code according_to}: {@code according to X, …}, {@code …, according to X} and mid-sentence (content = the
 *       whole sentence).
 * </ul>
 *
 * <p>Speakers: the noun phrase next to the verb on the attribution side, up to a clause boundary; a compound subject
 * ("Lavrov and Kerry told reporters") gives one statement per conjunct that names an actor. In each conjunct the actor
 * mention nearest the verb is the speaker, a person preferred over a country ("Russian Foreign Minister Sergey
 * Lavrov" → Lavrov). {@code speaker_resolution}: {@code mention} (a dictionary mention, incl. a surname the matcher
 * tied to a full name), {@code coref} (a pronoun or role noun the matcher resolved), {@code pronoun_previous} ("he
 * said" resolved here: the last statement's person speaker, else the only person of this and the previous sentence,
 * else the last person mentioned; "it/they said" take the last statement's non-person speaker),
 * {@code previous_speaker}, {@code unresolved} with {@code unresolved_reason} {@code no_speaker},
 * {@code speaker_not_in_dictionary} (speaker text kept: "a spokesman", "officials"), {@code ambiguous_pronoun}
 * (two or more people could be meant, or a plural/first-person pronoun with no earlier statement) or
 * {@code no_antecedent}.
 *
 * <p>Targets: actor mentions inside the content span, other than the speaker mentions of the statement.
 *
 * <p>Confidence: a prior per kind × a factor per resolution. Kind: {@code direct_quote} 0.9, {@code according_to}
 * 0.8, {@code reported} 0.75. Resolution: {@code mention} 1.0, {@code coref} 0.85, {@code pronoun_previous} 0.75,
 * {@code previous_speaker} 0.7, {@code unresolved} 0.5.
 */
public final class StatementFinder {

  /** An actor mentioned inside a statement. */
  public record Target(String actorId, String cameoCode, String aliasText, int start, int end) {}

  /**
   * One statement. Offsets are character offsets into the text, end exclusive; -1 when absent. {@code reportingVerb}
   * is the lemma ("according to" for {@code according_to}); null for a quote without attribution.
   */
  public record Statement(String kind, String reportingVerb, String verbClass, int verbStart, int verbEnd,
      String speakerText, int speakerStart, int speakerEnd, String speakerActorId, String speakerActorName,
      String speakerCameo, String speakerCountry, String speakerResolution, String unresolvedReason, String content,
      int contentStart, int contentEnd, int evidenceStart, int evidenceEnd, List<Target> targets, double confidence) {}

  public static final String DIRECT = "direct_quote";
  public static final String REPORTED = "reported";
  public static final String ACCORDING = "according_to";

  static double kindPrior(String kind) {
    return switch (kind) {
      case DIRECT -> 0.9;
      case ACCORDING -> 0.8;
      default -> 0.75;
    };
  }

  static double resolutionFactor(String res) {
    return switch (res) {
      case "mention" -> 1.0;
      case "coref" -> 0.85;
      case "pronoun_previous" -> 0.75;
      case "previous_speaker" -> 0.7;
      default -> 0.5;
    };
  }

  private static final Set<String> AUX_ADV = Set.of("has", "have", "had", "also", "later", "earlier", "again",
      "repeatedly", "previously", "then", "would", "will", "could", "can", "may", "might", "must", "should", "did",
      "does", "do", "publicly", "recently", "reportedly", "further", "subsequently", "separately", "too", "only",
      "just", "already", "often", "always", "never", "not", "n't", "once", "now", "still", "firmly", "flatly",
      "strongly", "explicitly", "openly", "bluntly", "angrily", "sharply", "quickly", "loudly", "simply", "clearly",
      "has also", "himself", "herself", "itself", "themselves", "privately", "indeed", "even");
  private static final Set<String> NEGATION = Set.of("not", "n't", "never");
  private static final Set<String> MODAL = Set.of("will", "would", "could", "can", "may", "might", "must", "should",
      "did", "does", "do", "to");
  private static final Set<String> BE = Set.of("was", "were", "is", "are", "been", "being", "be", "am", "get", "got");
  private static final Set<String> NOT_BEFORE_BASE = Set.of("to", "the", "a", "an", "his", "her", "their", "its", "our",
      "my", "no", "any", "your", "this", "that");
  private static final Set<String> BOUNDARY_WORDS = Set.of("that", "which", "who", "whom", "whose", "while", "when",
      "whereas", "because", "if", "although", "though", "after", "before", "since", "where", "whether", "than", "until",
      "unless", "as", "so", "but");
  private static final Set<String> LEADING_CONJ = Set.of("and", "but", "or", "so", "yet", "then", "&");
  private static final Set<String> STOP_RIGHT = Set.of("on", "in", "at", "during", "after", "before", "while", "when",
      "who", "which", "that", "adding", "saying", "because", "but", "last", "earlier", "later", "yesterday", "today",
      "tonight", "this", "via", "through", "told", "to", "according", "as", "with", "without", "following",
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "late", "early", "recently",
      "repeatedly", "previously", "again", "also", "then", "next");
  private static final Set<String> PREP_ADV = Set.of("after", "before", "during", "on", "in", "at", "earlier", "later",
      "last", "this", "yesterday", "today", "tonight", "recently", "while", "when", "as", "via", "through", "from",
      "following", "without", "with", "by", "to", "ahead", "afterwards", "according", "adding", "saying", "told",
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "once", "again", "then", "also",
      "too", "of", "for", "over", "about", "under", "outside", "inside", "near", "since", "just");
  private static final Set<String> DET_PRON = Set.of("the", "a", "an", "his", "her", "its", "their", "our", "he",
      "she", "it", "they", "we", "i", "you", "one", "another", "some", "several", "many", "this", "that", "these",
      "those", "both", "all", "each", "other", "others", "officials", "sources");
  private static final Set<String> DETERMINERS = Set.of("the", "a", "an", "his", "her", "its", "their", "our", "my",
      "this", "that", "these", "those");
  private static final Set<String> OBJECT_TAIL = Set.of("conference", "agency", "channel", "station", "network",
      "newspaper", "television", "radio", "magazine", "daily", "briefing", "session", "meeting");
  private static final Set<String> PERSON_PRONOUNS = Set.of("he", "she");
  private static final Set<String> OTHER_PRONOUNS = Set.of("it", "they", "we", "i", "you");

  private final ReportingVerbs verbs;
  private final ActorDictionary dict;

  /** The built-in lexicon; person mentions are told apart with the built-in actor dictionary. */
  public StatementFinder() {
    this(ReportingVerbs.builtin(), ActorDictionary.builtin());
  }

  /**
   * @param dict used only to tell person actors from others (null: from the mention's method alone)
   */
  public StatementFinder(ReportingVerbs verbs, ActorDictionary dict) {
    this.verbs = verbs;
    this.dict = dict;
  }

  // ------------------------------------------------------------------------------------------------ tokens

  private record Tok(int start, int end, String low, boolean word) {}

  private static List<Tok> tokenize(String text) {
    List<Tok> out = new ArrayList<>(text.length() / 4 + 16);
    char[] buf = null;
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (Character.isLetterOrDigit(c)) {
        int j = i + 1;
        while (j < n) {
          char d = text.charAt(j);
          if (Character.isLetterOrDigit(d)) {
            j++;
          } else if ((d == '\'' || d == '\u2019' || d == '-' || d == '.') && j + 1 < n
              && Character.isLetterOrDigit(text.charAt(j + 1))) {
            j += 2;
          } else {
            break;
          }
        }
        buf = Casing.fit(buf, j - i);
        String low = Casing.lower(text, i, j, buf);
        if (low.endsWith("n't") && low.length() > 3) { // "didn't" → "did" + "n't"
          out.add(new Tok(i, j - 3, low.substring(0, low.length() - 3), true));
          out.add(new Tok(j - 3, j, "n't", true));
        } else {
          out.add(new Tok(i, j, low, true));
        }
        i = j;
      } else {
        out.add(new Tok(i, i + 1, c < 128 ? ASCII[c] : String.valueOf(c), false));
        i++;
      }
    }
    return out;
  }

  private static final String[] ASCII = new String[128];

  static {
    for (char c = 0; c < 128; c++) {
      ASCII[c] = String.valueOf(c);
    }
  }

  private static boolean isDoubleQuote(char c) {
    return c == '"' || c == '\u201C' || c == '\u201D' || c == '\u00AB' || c == '\u00BB' || c == '\u201E'
        || c == '\u201F';
  }

  private static boolean isBoundaryPunct(String s) {
    if (s.length() != 1) {
      return false;
    }
    char c = s.charAt(0);
    return c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '[' || c == ']' || c == '.' || c == '!'
        || c == '?' || c == '-' || c == '\u2013' || c == '\u2014' || isDoubleQuote(c);
  }

  // ------------------------------------------------------------------------------------------------ document state

  /** Everything known about one document while it is processed. */
  private final class Doc {
    final String text;
    final List<Tok> toks;
    final List<Sentences.Span> sents;
    final int[] sentOfTok;
    final int[] sentFirstTok;
    final int[] sentEndTok;
    final List<int[]> paras = new ArrayList<>();
    final List<Mention> mentions;
    final Mention[] mentionOfTok;
    final ReportingVerbs.Form[] forms;
    final List<Quote> quotes = new ArrayList<>();

    Doc(String text, List<Mention> ms, List<Sentences.Span> sents) {
      this.text = text;
      this.toks = tokenize(text);
      this.sents = sents;
      this.mentions = new ArrayList<>(ms == null ? List.of() : ms);
      mentions.sort(Comparator.comparingInt(Mention::start).thenComparingInt(m -> -m.end()));
      sentOfTok = new int[toks.size()];
      int s = 0;
      for (int t = 0; t < toks.size(); t++) {
        while (s + 1 < sents.size() && sents.get(s).end() <= toks.get(t).start()) {
          s++;
        }
        sentOfTok[t] = s;
      }
      sentFirstTok = new int[Math.max(1, sents.size())];
      sentEndTok = new int[Math.max(1, sents.size())];
      java.util.Arrays.fill(sentFirstTok, -1);
      for (int t = 0; t < toks.size(); t++) {
        if (sentFirstTok[sentOfTok[t]] < 0) {
          sentFirstTok[sentOfTok[t]] = t;
        }
        sentEndTok[sentOfTok[t]] = t + 1;
      }
      forms = new ReportingVerbs.Form[toks.size()];
      for (int t = 0; t < toks.size(); t++) {
        forms[t] = computeForm(t);
      }
      mentionOfTok = new Mention[toks.size()];
      for (Mention m : mentions) {
        for (int t = firstTokAtOrAfter(m.start()); t < toks.size() && toks.get(t).start() < m.end(); t++) {
          if (mentionOfTok[t] == null) {
            mentionOfTok[t] = m;
          }
        }
      }
      int from = 0;
      int n = text.length();
      while (from <= n) {
        int nl = text.indexOf('\n', from);
        int to = nl < 0 ? n : nl;
        int a = from;
        int b = to;
        while (a < b && Character.isWhitespace(text.charAt(a))) {
          a++;
        }
        while (b > a && Character.isWhitespace(text.charAt(b - 1))) {
          b--;
        }
        if (b > a) {
          paras.add(new int[] {a, b});
        }
        if (nl < 0) {
          break;
        }
        from = nl + 1;
      }
    }

    String low(int t) {
      return toks.get(t).low();
    }

    int firstTokAtOrAfter(int pos) {
      int lo = 0;
      int hi = toks.size();
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (toks.get(mid).start() < pos) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    /** Index of the last token ending at or before pos; -1 if none. */
    int lastTokEndingBy(int pos) {
      int t = firstTokAtOrAfter(pos) - 1;
      while (t >= 0 && toks.get(t).end() > pos) {
        t--;
      }
      return t;
    }

    int paraOf(int pos) {
      int lo = 0;
      int hi = paras.size() - 1;
      int ans = 0;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        if (paras.get(mid)[0] <= pos) {
          ans = mid;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return ans;
    }

    int sentStartTok(int t) {
      return sentFirstTok[sentOfTok[t]];
    }

    int sentEndTok(int t) {
      return sentEndTok[sentOfTok[t]];
    }

    boolean inMention(int t) {
      return mentionOfTok[t] != null;
    }

    boolean boundary(int t) {
      if (inMention(t)) {
        return false;
      }
      Tok k = toks.get(t);
      if (!k.word()) {
        if (".".equals(k.low()) && t > 0 && t + 1 < toks.size() && toks.get(t - 1).word()
            && toks.get(t - 1).end() == k.start() && sentOfTok[t + 1] == sentOfTok[t]) {
          // a period inside a sentence ends an abbreviation or initial: "Mr. Nick", "Richard J. Durbin"
          return false;
        }
        return isBoundaryPunct(k.low());
      }
      if (BOUNDARY_WORDS.contains(k.low())) {
        return true;
      }
      ReportingVerbs.Form f = formAt(t);
      return f != null && f.pastParticiple() && !f.base() && Character.isLowerCase(text.charAt(k.start()));
    }

    /** The reporting-verb form starting at token t (two-word phrasal forms first), or null. */
    ReportingVerbs.Form formAt(int t) {
      return forms[t];
    }

    private ReportingVerbs.Form computeForm(int t) {
      Tok k = toks.get(t);
      if (!k.word()) {
        return null;
      }
      if (t + 1 < toks.size() && toks.get(t + 1).word() && verbs.isPhrasalHead(k.low())) {
        ReportingVerbs.Form f2 = verbs.lookup(k.low() + " " + low(t + 1));
        if (f2 != null) {
          return f2;
        }
      }
      return verbs.lookup(k.low());
    }

    int formLength(int t) {
      ReportingVerbs.Form f = formAt(t);
      return f != null && f.verb().lemma().indexOf(' ') > 0 ? 2 : 1;
    }

    Quote quoteAt(int pos) {
      for (Quote q : quotes) {
        if (pos >= q.start && pos < q.end) {
          return q;
        }
      }
      return null;
    }

    boolean isPerson(Mention m) {
      if (dict != null) {
        ActorDictionary.Actor a = dict.actor(m.actorId());
        if (a != null) {
          return a.isPerson();
        }
      }
      return "title_name".equals(m.method()) || "surname".equals(m.method()) || "pronoun".equals(m.method())
          || "surname".equals(m.aliasType()) || "coref_surname".equals(m.resolutionMethod())
          || "coref_pronoun".equals(m.resolutionMethod()) || "coref_role".equals(m.resolutionMethod());
    }

    int words(int from, int to) {
      int c = 0;
      for (int t = Math.max(0, from); t < to && t < toks.size(); t++) {
        c += toks.get(t).word() ? 1 : 0;
      }
      return c;
    }
  }

  // ------------------------------------------------------------------------------------------------ quotes

  /** A quote: marks at {@code open}/{@code close} (-1 when missing), span [start, end), content [cStart, cEnd). */
  private static final class Quote {
    int open = -1;
    int close = -1;
    int start;
    int end;
    int cStart;
    int cEnd;
    boolean single;
    int firstPara;
  }

  private static final int OPEN = 1;
  private static final int CLOSE = 2;

  private static int role(String text, int i, int ps, int pe, boolean inside) {
    char c = text.charAt(i);
    if (c == '\u201C' || c == '\u00AB' || c == '\u201E' || c == '\u2018') {
      return OPEN;
    }
    if (c == '\u201D' || c == '\u00BB' || c == '\u2019') {
      return CLOSE;
    }
    boolean spaceBefore = i == ps || Character.isWhitespace(text.charAt(i - 1))
        || "([{-\u2013\u2014/".indexOf(text.charAt(i - 1)) >= 0;
    boolean spaceAfter = i + 1 >= pe || Character.isWhitespace(text.charAt(i + 1))
        || ".,;:!?)]}-\u2013\u2014".indexOf(text.charAt(i + 1)) >= 0;
    if (spaceBefore && !spaceAfter) {
      return OPEN;
    }
    if (!spaceBefore && spaceAfter) {
      return CLOSE;
    }
    return inside ? CLOSE : OPEN;
  }

  private void findQuotes(Doc d) {
    String text = d.text;
    Quote pending = null;
    for (int p = 0; p < d.paras.size(); p++) {
      int ps = d.paras.get(p)[0];
      int pe = d.paras.get(p)[1];
      Quote cur = null;
      boolean emittedHere = false;
      boolean first = true;
      for (int i = ps; i < pe; i++) {
        char c = text.charAt(i);
        if (!isDoubleQuote(c)) {
          continue;
        }
        int r = role(text, i, ps, pe, cur != null);
        if (first && pending != null) {
          first = false;
          if (i == ps && r == OPEN) {
            cur = pending; // the quote continues in this paragraph
            pending = null;
            continue;
          }
        }
        first = false;
        if (r == OPEN) {
          if (cur != null) { // an opening quote inside an open quote: the first one was never closed
            finish(d, cur, -1, trimEnd(text, i));
            emittedHere = true;
          }
          cur = new Quote();
          cur.open = i;
          cur.start = i;
          cur.firstPara = p;
        } else if (cur != null) {
          finish(d, cur, i, i + 1);
          cur = null;
          emittedHere = true;
        } else if (!emittedHere) { // a closing quote whose opening quote is missing: from the paragraph start
          Quote q = new Quote();
          q.start = ps;
          q.firstPara = p;
          finish(d, q, i, i + 1);
          emittedHere = true;
        }
      }
      if (pending != null) { // the next paragraph did not open with a quote: the pending one ended with its paragraph
        int[] prev = d.paras.get(p - 1);
        finish(d, pending, -1, prev[1]);
        pending = null;
      }
      if (cur != null) {
        if (p + 1 < d.paras.size() && isDoubleQuote(text.charAt(d.paras.get(p + 1)[0]))
            && role(text, d.paras.get(p + 1)[0], d.paras.get(p + 1)[0], d.paras.get(p + 1)[1], false) == OPEN) {
          pending = cur;
        } else {
          finish(d, cur, -1, pe);
        }
      }
      findSingleQuotes(d, ps, pe, p);
    }
    if (pending != null) {
      finish(d, pending, -1, d.paras.get(d.paras.size() - 1)[1]);
    }
    d.quotes.sort(Comparator.comparingInt(q -> q.start));
  }

  private static int trimEnd(String text, int i) {
    while (i > 0 && Character.isWhitespace(text.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  private static void finish(Doc d, Quote q, int close, int end) {
    String text = d.text;
    q.close = close;
    q.end = end;
    int cs = q.open >= 0 ? q.open + 1 : q.start;
    int ce = close >= 0 ? close : end;
    while (cs < ce && Character.isWhitespace(text.charAt(cs))) {
      cs++;
    }
    while (ce > cs && (Character.isWhitespace(text.charAt(ce - 1)) || text.charAt(ce - 1) == ',')) {
      ce--;
    }
    q.cStart = cs;
    q.cEnd = ce;
    if (ce > cs) {
      d.quotes.add(q);
    }
  }

  /** Single-quoted spans ({@code ‘…’} or {@code '…'}) outside double quotes, opening and closing clearly. */
  private void findSingleQuotes(Doc d, int ps, int pe, int p) {
    String text = d.text;
    int open = -1;
    for (int i = ps; i < pe; i++) {
      char c = text.charAt(i);
      if (c != '\'' && c != '\u2018' && c != '\u2019') {
        continue;
      }
      boolean letterBefore = i > ps && Character.isLetterOrDigit(text.charAt(i - 1));
      boolean letterAfter = i + 1 < pe && Character.isLetterOrDigit(text.charAt(i + 1));
      if (letterBefore && letterAfter) {
        continue; // an apostrophe: "hasn't"
      }
      boolean opens = c == '\u2018' || c == '\'' && !letterBefore && letterAfter
          && (i == ps || Character.isWhitespace(text.charAt(i - 1)) || text.charAt(i - 1) == '(');
      boolean closes = !opens && (c == '\u2019' || c == '\'') && i > ps && !Character.isWhitespace(text.charAt(i - 1))
          && !letterAfter;
      if (opens && open < 0) {
        open = i;
      } else if (closes && open >= 0) {
        if (text.charAt(i - 1) == 's' && i + 1 < pe && text.charAt(i + 1) == ' ' && !insideDouble(d, open)
            && text.indexOf('\'', i + 1) > 0 && text.indexOf('\'', i + 1) < pe) {
          continue; // "players' rights ... '": a plural possessive, keep looking
        }
        if (!insideDouble(d, open)) {
          Quote q = new Quote();
          q.open = open;
          q.start = open;
          q.single = true;
          q.firstPara = p;
          finish(d, q, i, i + 1);
        }
        open = -1;
      }
    }
  }

  private static boolean insideDouble(Doc d, int pos) {
    for (Quote q : d.quotes) {
      if (!q.single && pos >= q.start && pos < q.end) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------------------------------------ attributions

  /** A reporting verb with its speaker phrase: tokens [npStart, npEnd); {@code npLeft}: the phrase precedes the verb. */
  private record Attribution(int verbTok, int verbEnd, ReportingVerbs.Verb verb, int npStart, int npEnd,
      boolean npLeft) {
    int spanStart(Doc d) {
      return npStart < npEnd ? Math.min(d.toks.get(npStart).start(), d.toks.get(verbTok).start())
          : d.toks.get(verbTok).start();
    }

    int spanEnd(Doc d) {
      return npStart < npEnd ? Math.max(d.toks.get(npEnd - 1).end(), d.toks.get(verbEnd - 1).end())
          : d.toks.get(verbEnd - 1).end();
    }
  }

  /** Whether token t is a usable (finite, lower-case, active, not negated) reporting verb. */
  private boolean usableVerb(Doc d, int t) {
    ReportingVerbs.Form f = d.formAt(t);
    if (f == null || f.ing()) {
      return false;
    }
    if (!Character.isLowerCase(d.text.charAt(d.toks.get(t).start()))) {
      return false;
    }
    int k = t - 1;
    int ss = d.sentStartTok(t);
    while (k >= ss && AUX_ADV.contains(d.low(k))) {
      if (NEGATION.contains(d.low(k))) {
        return false;
      }
      if (BE.contains(d.low(k))) {
        break;
      }
      k--;
    }
    if (k >= ss && BE.contains(d.low(k)) && !f.base()) {
      return false; // passive: "was told", "is said to"
    }
    if (f.base()) {
      if (k >= ss && NOT_BEFORE_BASE.contains(d.low(k))) {
        return false; // "to say", "the say"
      }
      int p = t - 1;
      if (p >= ss && "to".equals(d.low(p))) {
        return false;
      }
    }
    return true;
  }

  /** The speaker phrase left of the verb at t: tokens [s, e), or null when none. */
  private int[] npLeft(Doc d, int t) {
    int ss = d.sentStartTok(t);
    int k = t - 1;
    while (k >= ss && AUX_ADV.contains(d.low(k)) && !d.inMention(k)) {
      k--;
    }
    if (k > ss && ",".equals(d.low(k))) {
      return apposition(d, k, ss);
    }
    int e = k + 1;
    while (k >= ss && !d.boundary(k) && e - k <= 12) {
      k--;
    }
    int s = k + 1;
    while (s < e && LEADING_CONJ.contains(d.low(s)) && !d.inMention(s)) {
      s++;
    }
    while (e > s && LEADING_CONJ.contains(d.low(e - 1)) && !d.inMention(e - 1)) {
      e--;
    }
    if (e - s > 12) {
      return null;
    }
    return e > s ? new int[] {s, e} : null;
  }

  /**
   * "X, a Democrat, said" / "X, who met Y, said": the comma at {@code comma} closes an apposition or relative clause;
   * the phrase runs from the name before it to the comma (both parts), or null when there is no such name.
   */
  private int[] apposition(Doc d, int comma, int ss) {
    int prev = comma - 1;
    while (prev >= ss && !",".equals(d.low(prev)) && comma - prev <= 12) {
      if (d.boundary(prev) && !BOUNDARY_WORDS.contains(d.low(prev))) {
        return null;
      }
      prev--;
    }
    if (prev <= ss || !",".equals(d.low(prev)) || prev + 1 >= comma) {
      return null;
    }
    String first = d.low(prev + 1);
    boolean appos = APPOSITION_OPENERS.contains(first) || comma - prev - 1 <= 6;
    if (!appos) {
      return null;
    }
    int e = prev;
    int k = e - 1;
    while (k >= ss && !d.boundary(k) && e - k <= 8) {
      k--;
    }
    int s = k + 1;
    while (s < e && LEADING_CONJ.contains(d.low(s)) && !d.inMention(s)) {
      s++;
    }
    if (s >= e || !(Character.isUpperCase(d.text.charAt(d.toks.get(s).start())) || d.inMention(s))) {
      return null;
    }
    return new int[] {s, comma};
  }

  private static final Set<String> APPOSITION_OPENERS = Set.of("a", "an", "the", "his", "her", "its", "their", "who",
      "whose", "which", "one", "another", "also", "now", "then", "himself", "herself", "speaking", "former");

  /** The speaker phrase right of the verb (or of "according to") starting at token k: [k, e), or null. */
  private int[] npRight(Doc d, int k, int limit) {
    int e = k;
    while (e < limit && e - k < 10 && !d.boundary(e) && (d.inMention(e) || !STOP_RIGHT.contains(d.low(e))
        || e == k && DETERMINERS.contains(d.low(e)))) {
      e++;
    }
    return e > k ? new int[] {k, e} : null;
  }

  private boolean plausibleNp(Doc d, int[] np) {
    if (np == null) {
      return false;
    }
    Tok first = d.toks.get(np[0]);
    return Character.isUpperCase(d.text.charAt(first.start())) || DET_PRON.contains(first.low()) || d.inMention(np[0])
        || np[1] - np[0] <= 2;
  }

  /** Attribution right after a closing quote: {@code ,” X said} or {@code ,” said X}. */
  private Attribution attributionAfter(Doc d, Quote q) {
    if (q.close < 0) {
      return null;
    }
    String text = d.text;
    char last = text.charAt(Math.max(q.cStart, q.close - 1));
    int afterClose = q.close + 1;
    boolean commaAfter = afterClose < text.length() && text.charAt(afterClose) == ',';
    boolean open = last == ',' || last == '?' || last == '!' || last == '-' || last == '\u2014' || commaAfter
        || !(last == '.' || last == '\u2026');
    if (!open) {
      return null;
    }
    int pe = d.paras.get(d.paraOf(q.close))[1];
    int t0 = d.firstTokAtOrAfter(afterClose);
    if (t0 < d.toks.size() && ",".equals(d.low(t0))) {
      t0++;
    }
    if (t0 >= d.toks.size() || d.toks.get(t0).start() >= pe) {
      return null;
    }
    int limit = t0;
    while (limit < d.toks.size() && d.toks.get(limit).start() < pe) {
      limit++;
    }
    if (usableVerb(d, t0)) { // ," said Lavrov
      int len = d.formLength(t0);
      int[] np = npRight(d, t0 + len, limit);
      if (np != null && plausibleNp(d, np)) {
        return new Attribution(t0, t0 + len, d.formAt(t0).verb(), np[0], np[1], false);
      }
      return null;
    }
    for (int t = t0; t < limit && t < t0 + 16; t++) {
      if (d.boundary(t) && d.formAt(t) == null) {
        return null;
      }
      if (d.formAt(t) != null && !d.inMention(t)) {
        if (!usableVerb(d, t)) {
          return null;
        }
        int e = t;
        while (e > t0 && AUX_ADV.contains(d.low(e - 1))) {
          e--;
        }
        int s = t0;
        while (s < e && LEADING_CONJ.contains(d.low(s))) {
          s++;
        }
        int[] np = e > s ? new int[] {s, e} : null;
        if (np != null && plausibleNp(d, np)) {
          return new Attribution(t, t + d.formLength(t), d.formAt(t).verb(), s, e, true);
        }
        return null;
      }
    }
    return null;
  }

  /** Attribution right before an opening quote: {@code X said: “}, {@code X said, “}, {@code X said that “}. */
  private Attribution attributionBefore(Doc d, Quote q) {
    int start = q.open >= 0 ? q.open : q.start;
    int ps = d.paras.get(q.firstPara)[0];
    int t = d.lastTokEndingBy(start);
    if (t < 0 || d.toks.get(t).start() < ps) {
      return null;
    }
    boolean punct = false;
    if (":".equals(d.low(t)) || ",".equals(d.low(t))) {
      punct = true;
      t--;
    }
    if (t >= 0 && "that".equals(d.low(t)) && d.toks.get(t).start() >= ps) {
      t--;
    }
    int limit = punct ? 5 : 1;
    for (int k = t, n = 0; k >= 0 && n < limit && d.toks.get(k).start() >= ps; k--, n++) {
      int vt = k;
      if (k > 0 && d.formAt(k - 1) != null && d.formLength(k - 1) == 2) {
        vt = k - 1; // "pointed out:"
      }
      if (d.formAt(vt) != null && !d.inMention(vt)) {
        if (!usableVerb(d, vt)) {
          return null;
        }
        int[] np = npLeft(d, vt);
        if (np == null) {
          return null;
        }
        return new Attribution(vt, vt + d.formLength(vt), d.formAt(vt).verb(), np[0], np[1], true);
      }
      if (d.boundary(k)) {
        return null;
      }
    }
    return null;
  }

  // ------------------------------------------------------------------------------------------------ frames

  /** A statement before its speaker is resolved. */
  private static final class Frame {
    String kind;
    Attribution attr;
    int contentStart;
    int contentEnd;
    int evStart;
    int evEnd;
    int para;
    int pos;
    boolean unattributedQuote;
  }

  private int[] evidence(Doc d, int from, int to) {
    int s = from;
    int e = to;
    for (Sentences.Span sp : d.sents) {
      if (sp.end() > from && sp.start() < to) {
        s = Math.min(s, sp.start());
        e = Math.max(e, sp.end());
      }
    }
    return new int[] {s, e};
  }

  private List<Frame> quoteFrames(Doc d, Set<Integer> consumed) {
    List<Frame> out = new ArrayList<>();
    for (Quote q : d.quotes) {
      Attribution a = attributionAfter(d, q);
      if (a == null) {
        a = attributionBefore(d, q);
      }
      boolean atStart = opensSentence(d, q);
      int words = d.words(d.firstTokAtOrAfter(q.cStart), d.firstTokAtOrAfter(q.cEnd));
      char last = d.text.charAt(q.cEnd - 1);
      boolean full = last == '.' || last == '!' || last == '?' || last == '\u2026' || q.close < 0;
      if (a == null && (q.single || !atStart || words < 3 && !full)) {
        continue; // a scare quote or a partial quote: part of the sentence around it
      }
      Frame f = new Frame();
      f.kind = DIRECT;
      f.attr = a;
      f.contentStart = q.cStart;
      f.contentEnd = q.cEnd;
      int from = q.start;
      int to = q.end;
      if (a != null) {
        from = Math.min(from, a.spanStart(d));
        to = Math.max(to, a.spanEnd(d));
        for (int k = a.verbTok; k < a.verbEnd; k++) {
          consumed.add(k);
        }
      }
      int[] ev = evidence(d, from, to);
      f.evStart = ev[0];
      f.evEnd = ev[1];
      f.para = q.firstPara;
      f.pos = q.start;
      f.unattributedQuote = a == null;
      out.add(f);
    }
    return out;
  }

  private static boolean opensSentence(Doc d, Quote q) {
    if (q.open < 0) {
      return true;
    }
    int i = q.open - 1;
    while (i >= 0 && (d.text.charAt(i) == ' ' || d.text.charAt(i) == '\t')) {
      i--;
    }
    if (i < 0 || d.text.charAt(i) == '\n') {
      return true;
    }
    char c = d.text.charAt(i);
    if (c == '.' || c == '!' || c == '?' || c == ':' || c == '\u2026') {
      return true;
    }
    if (isDoubleQuote(c) || c == ')') {
      int j = i - 1;
      return j >= 0 && ".!?\u2026".indexOf(d.text.charAt(j)) >= 0;
    }
    return false;
  }

  private List<Frame> reportedFrames(Doc d, Set<Integer> consumed) {
    List<Frame> out = new ArrayList<>();
    int n = d.toks.size();
    for (int t = 0; t < n; t++) {
      Tok tk = d.toks.get(t);
      if (!tk.word() || consumed.contains(t) || d.inMention(t)) {
        continue;
      }
      Quote q = d.quoteAt(tk.start());
      if (q != null && !q.single) {
        continue;
      }
      int ss = d.sentStartTok(t);
      int se = d.sentEndTok(t);
      if ("according".equals(tk.low()) && t + 1 < se && "to".equals(d.low(t + 1))) {
        Frame f = accordingTo(d, t, ss, se);
        if (f != null) {
          out.add(f);
        }
        t++;
        continue;
      }
      if (d.formAt(t) == null || !usableVerb(d, t)) {
        continue;
      }
      Frame f = reported(d, t, ss, se);
      if (f != null) {
        out.add(f);
        t = f.attr.verbEnd - 1;
      }
    }
    return out;
  }

  private int contentEnd(Doc d, int se) {
    int e = d.toks.get(se - 1).end();
    while (e > 0 && (".!?,;:\u2026".indexOf(d.text.charAt(e - 1)) >= 0 || Character.isWhitespace(d.text.charAt(e - 1)))) {
      e--;
    }
    return e;
  }

  private Frame frame(Doc d, String kind, Attribution a, int cs, int ce, int ss, int se) {
    if (ce <= cs) {
      return null;
    }
    Frame f = new Frame();
    f.kind = kind;
    f.attr = a;
    f.contentStart = cs;
    f.contentEnd = ce;
    Sentences.Span sp = d.sents.get(d.sentOfTok[ss]);
    f.evStart = Math.min(sp.start(), d.toks.get(ss).start());
    f.evEnd = Math.max(sp.end(), d.toks.get(se - 1).end());
    f.para = d.paraOf(f.evStart);
    f.pos = Math.min(cs, a.spanStart(d));
    return f;
  }

  private Frame accordingTo(Doc d, int t, int ss, int se) {
    int[] np = npRight(d, t + 2, se);
    if (np == null) {
      return null;
    }
    ReportingVerbs.Verb v = new ReportingVerbs.Verb("according to", "neutral", "any");
    Attribution a = new Attribution(t, t + 2, v, np[0], np[1], false);
    int first = ss;
    while (first < t && LEADING_CONJ.contains(d.low(first))) {
      first++;
    }
    if (first == t) { // "According to X, ..."
      int c = np[1];
      while (c < se && (",".equals(d.low(c)) || ":".equals(d.low(c)))) {
        c++;
      }
      if (d.words(c, se) < 2) {
        return null;
      }
      return frame(d, ACCORDING, a, d.toks.get(c).start(), contentEnd(d, se), ss, se);
    }
    int after = np[1];
    boolean atEnd = after >= se || d.words(after, se) == 0;
    if (atEnd && t - 1 >= ss && ",".equals(d.low(t - 1))) { // "..., according to X."
      return frame(d, ACCORDING, a, d.toks.get(ss).start(), d.toks.get(t - 1).start(), ss, se);
    }
    return frame(d, ACCORDING, a, d.toks.get(ss).start(), contentEnd(d, se), ss, se); // mid-sentence
  }

  private Frame reported(Doc d, int t, int ss, int se) {
    ReportingVerbs.Form form = d.formAt(t);
    ReportingVerbs.Verb v = form.verb();
    int ve = t + d.formLength(t);
    int[] np = npLeft(d, t);
    if (np == null) {
      // inverted trailing attribution: "..., said X."
      if (t - 1 > ss && ",".equals(d.low(t - 1)) && d.words(ss, t - 1) >= 3) {
        int[] r = npRight(d, ve, se);
        if (r != null && plausibleNp(d, r)) {
          Attribution a = new Attribution(t, ve, v, r[0], r[1], false);
          return frame(d, REPORTED, a, d.toks.get(ss).start(), d.toks.get(t - 1).start(), ss, se);
        }
      }
      return null;
    }
    if (!plausibleNp(d, np)) {
      return null;
    }
    Attribution a = new Attribution(t, ve, v, np[0], np[1], true);
    // the object of "told"
    int after = ve;
    if ("object".equals(v.complement())) {
      after = objectEnd(d, ve, se);
    }
    int thatIdx = -1;
    for (int k = after; k < se && k < after + 8; k++) {
      if ("that".equals(d.low(k))) {
        thatIdx = k;
        break;
      }
      if (!d.toks.get(k).word() && !d.inMention(k) || d.formAt(k) != null && !d.inMention(k)) {
        break;
      }
    }
    boolean colon = after < se && ":".equals(d.low(after));
    boolean commaBefore = np[0] - 1 >= ss && ",".equals(d.low(np[0] - 1));
    int beforeWords = commaBefore ? d.words(ss, np[0] - 1) : 0;
    int remaining = d.words(after, se);
    if (commaBefore && beforeWords >= 3 && thatIdx < 0 && !colon) {
      int commaStart = d.toks.get(np[0] - 1).start();
      if (after < se && ",".equals(d.low(after))) {
        if (d.words(after + 1, se) >= 3) { // parenthetical: "During the talks, Lavrov said, special attention ..."
          return frame(d, REPORTED, a, d.toks.get(ss).start(), contentEnd(d, se), ss, se);
        }
        return frame(d, REPORTED, a, d.toks.get(ss).start(), commaStart, ss, se);
      }
      if (remaining <= 3 || PREP_ADV.contains(d.low(after)) || after == ve && "object".equals(v.complement())) {
        return frame(d, REPORTED, a, d.toks.get(ss).start(), commaStart, ss, se); // trailing: "..., Kerry said."
      }
    }
    // leading: "X said (that) ..."
    int c;
    if (thatIdx >= 0) {
      c = thatIdx + 1;
    } else if (colon) {
      c = after + 1;
    } else {
      if ("clause".equals(v.complement())) {
        return null;
      }
      if ("object".equals(v.complement()) && after == ve) {
        return null;
      }
      c = after;
      while (c < se && ",".equals(d.low(c))) {
        c++;
      }
    }
    if (d.words(c, se) < 2) {
      return null;
    }
    Quote q = c < se ? d.quoteAt(d.toks.get(c).start()) : null;
    if (q != null && !q.single && q.cStart <= d.toks.get(c).end() && q.cEnd >= contentEnd(d, se) - 1) {
      return null; // the clause is a direct quote (found as such, or a quote that took no attribution)
    }
    return frame(d, REPORTED, a, d.toks.get(c).start(), contentEnd(d, se), ss, se);
  }

  /** End (exclusive) of the listener after an object verb starting at token k: "told reporters", "told the BBC". */
  private int objectEnd(Doc d, int k, int se) {
    if (k >= se || !d.toks.get(k).word() || "that".equals(d.low(k))) {
      return k;
    }
    for (int j = k; j < se && j < k + 6; j++) {
      if ("that".equals(d.low(j))) {
        return j;
      }
      if (d.boundary(j)) {
        break;
      }
    }
    int j = k;
    if (DETERMINERS.contains(d.low(j)) && j + 1 < se) {
      j++;
    }
    if (d.mentionOfTok[j] != null) {
      Mention m = d.mentionOfTok[j];
      while (j < se && d.mentionOfTok[j] == m) {
        j++;
      }
      return j;
    }
    j++;
    while (j < se && OBJECT_TAIL.contains(d.low(j))) {
      j++;
    }
    return j;
  }

  // ------------------------------------------------------------------------------------------------ speakers

  /** A resolved (or not) speaker. */
  private record Speaker(String text, int start, int end, String actorId, String actorName, String cameo,
      String country, String resolution, String reason, boolean person, Mention mention) {}

  private Speaker fromMention(String text, int s, int e, Mention m, String res, boolean person) {
    return new Speaker(text, s, e, m.actorId(), m.actorName(), m.cameoCode(), m.country(), res, null, person, m);
  }

  private static Speaker unresolved(String text, int s, int e, String reason) {
    return new Speaker(text, s, e, null, null, null, null, "unresolved", reason, false, null);
  }

  private List<Speaker> speakers(Doc d, Attribution a, List<Emitted> history, int para) {
    List<int[]> segs = new ArrayList<>();
    int s = a.npStart();
    for (int k = a.npStart(); k < a.npEnd(); k++) {
      if (("and".equals(d.low(k)) || "&".equals(d.low(k))) && !d.inMention(k)) {
        if (k > s) {
          segs.add(new int[] {s, k});
        }
        s = k + 1;
      }
    }
    if (a.npEnd() > s) {
      segs.add(new int[] {s, a.npEnd()});
    }
    List<Speaker> resolved = new ArrayList<>();
    List<Speaker> other = new ArrayList<>();
    for (int[] g : segs) {
      int cs = d.toks.get(g[0]).start();
      int ce = d.toks.get(g[1] - 1).end();
      String st = d.text.substring(cs, ce);
      List<Mention> in = new ArrayList<>();
      for (Mention m : d.mentions) {
        if (m.start() >= cs && m.end() <= ce && !placeModifier(d, m, g[0])) {
          in.add(m);
        }
      }
      if (!in.isEmpty()) {
        List<Mention> persons = in.stream().filter(d::isPerson).toList();
        List<Mention> pool = persons.isEmpty() ? in : persons;
        Mention m = a.npLeft() ? pool.get(pool.size() - 1) : pool.get(0);
        boolean coref = "pronoun".equals(m.method()) || "role_noun".equals(m.method())
            || "coref_role".equals(m.resolutionMethod()) || "coref_pronoun".equals(m.resolutionMethod());
        resolved.add(fromMention(st, cs, ce, m, coref ? "coref" : "mention", d.isPerson(m)));
      } else if (g[1] - g[0] == 1 && (PERSON_PRONOUNS.contains(d.low(g[0])) || OTHER_PRONOUNS.contains(d.low(g[0])))) {
        Speaker p = pronoun(d, d.low(g[0]), cs, ce, st, history, para);
        (p.actorId() != null ? resolved : other).add(p);
      } else {
        other.add(unresolved(st, cs, ce, "speaker_not_in_dictionary"));
      }
    }
    if (!resolved.isEmpty()) {
      return resolved;
    }
    if (other.size() > 1) { // one unresolved speaker for the whole phrase
      int cs = d.toks.get(a.npStart()).start();
      int ce = d.toks.get(a.npEnd() - 1).end();
      return List.of(unresolved(d.text.substring(cs, ce), cs, ce, other.get(0).reason()));
    }
    return other;
  }

  /**
   * A non-person mention after "of/from/in/at" inside the phrase modifies another head: "Senator Durbin of Illinois",
   * "officials in Moscow" (the speaker is not Illinois or Moscow). "A spokesman for the UN" keeps the UN.
   */
  private boolean placeModifier(Doc d, Mention m, int segStart) {
    if (d.isPerson(m)) {
      return false;
    }
    int t = d.firstTokAtOrAfter(m.start()) - 1;
    while (t > segStart && DETERMINERS.contains(d.low(t))) {
      t--;
    }
    return t > segStart && MODIFIER_PREPS.contains(d.low(t));
  }

  private static final Set<String> MODIFIER_PREPS = Set.of("of", "from", "in", "at");

  private Speaker pronoun(Doc d, String w, int cs, int ce, String st, List<Emitted> history, int para) {
    Emitted prev = null;
    for (int i = history.size() - 1; i >= 0; i--) {
      Emitted h = history.get(i);
      if (h.para < para - 2) {
        break;
      }
      if (h.speaker.actorId() != null) {
        prev = h;
        break;
      }
    }
    if (PERSON_PRONOUNS.contains(w)) {
      int sentIdx = -1;
      for (int i = 0; i < d.sents.size(); i++) {
        if (d.sents.get(i).start() <= cs) {
          sentIdx = i;
        }
      }
      int from = sentIdx > 0 ? d.sents.get(sentIdx - 1).start() : 0;
      Set<String> cands = new LinkedHashSet<>();
      Mention lastPerson = null;
      Mention lastInWindow = null;
      for (Mention m : d.mentions) {
        if (m.end() > cs) {
          break;
        }
        if (d.isPerson(m)) {
          lastPerson = m;
          if (m.start() >= from) {
            cands.add(m.actorId());
            lastInWindow = m;
          }
        }
      }
      if (prev != null && prev.speaker.person() && (cands.isEmpty() || cands.contains(prev.speaker.actorId()))) {
        Speaker p = prev.speaker;
        return new Speaker(st, cs, ce, p.actorId(), p.actorName(), p.cameo(), p.country(), "pronoun_previous", null,
            true, p.mention());
      }
      if (cands.size() == 1) {
        return fromMention(st, cs, ce, lastInWindow, "pronoun_previous", true);
      }
      if (cands.size() > 1) {
        return unresolved(st, cs, ce, "ambiguous_pronoun");
      }
      if (lastPerson != null) {
        return fromMention(st, cs, ce, lastPerson, "pronoun_previous", true);
      }
      return unresolved(st, cs, ce, "no_antecedent");
    }
    if (("it".equals(w) || "they".equals(w)) && prev != null && !prev.speaker.person()) {
      Speaker p = prev.speaker;
      return new Speaker(st, cs, ce, p.actorId(), p.actorName(), p.cameo(), p.country(), "pronoun_previous", null,
          false, p.mention());
    }
    return unresolved(st, cs, ce, "ambiguous_pronoun");
  }

  private record Emitted(Statement st, Speaker speaker, int para, String kind) {}

  // ------------------------------------------------------------------------------------------------ main

  /** The statements of {@code text}, in text order; empty for null or blank text. */
  public List<Statement> find(String text, List<Mention> mentions) {
    return text == null || text.isBlank() ? new ArrayList<>() : find(text, mentions, Sentences.split(text));
  }

  /**
   * The same with the sentences of {@code text} already split ({@code Sentences.split(text)}, read only), so that a
   * caller that needs them too splits once.
   */
  public List<Statement> find(String text, List<Mention> mentions, List<Sentences.Span> sentences) {
    List<Statement> out = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    Doc d = new Doc(text, mentions, sentences);
    findQuotes(d);
    Set<Integer> consumed = new java.util.HashSet<>();
    List<Frame> frames = new ArrayList<>(quoteFrames(d, consumed));
    frames.addAll(reportedFrames(d, consumed));
    frames.sort(Comparator.comparingInt((Frame f) -> f.pos).thenComparingInt(f -> f.contentStart));
    cutAtNextAttribution(d, frames);
    List<Emitted> history = new ArrayList<>();
    for (Frame f : frames) {
      List<Speaker> sp;
      if (f.attr != null) {
        sp = speakers(d, f.attr, history, f.para);
      } else {
        sp = List.of(previousSpeaker(history, f.para));
      }
      for (Speaker s : sp) {
        Statement st = build(d, f, s, sp);
        out.add(st);
        history.add(new Emitted(st, s, d.paraOf(f.contentEnd), f.kind));
      }
    }
    return out;
  }

  /** Content of a leading statement stops before a later attribution of the same sentence set off by a comma. */
  private void cutAtNextAttribution(Doc d, List<Frame> frames) {
    for (Frame f : frames) {
      if (f.attr == null || f.kind.equals(DIRECT)) {
        continue;
      }
      for (Frame g : frames) {
        if (g == f || g.attr == null || !g.attr.npLeft() || g.evStart != f.evStart) {
          continue;
        }
        int s2 = g.attr.npStart();
        int at = d.toks.get(s2).start();
        if (at > f.contentStart && at < f.contentEnd && s2 > 0 && ",".equals(d.low(s2 - 1))) {
          f.contentEnd = trimEnd(d.text, d.toks.get(s2 - 1).start());
        }
      }
    }
  }

  private Speaker previousSpeaker(List<Emitted> history, int para) {
    Emitted best = null;
    for (int i = history.size() - 1; i >= 0; i--) {
      Emitted h = history.get(i);
      if (h.para < para - 1) {
        break;
      }
      if (h.kind.equals(DIRECT) && h.speaker.text() != null) {
        best = h;
        break;
      }
    }
    if (best == null) {
      for (int i = history.size() - 1; i >= 0 && best == null; i--) {
        Emitted h = history.get(i);
        if (h.para < para - 1) {
          break;
        }
        if (h.speaker.actorId() != null) {
          best = h;
        }
      }
    }
    if (best == null) {
      for (int i = history.size() - 1; i >= 0; i--) {
        Emitted h = history.get(i);
        if (h.para >= para - 1 && h.speaker.text() != null) {
          best = h;
        }
        break;
      }
    }
    if (best == null) {
      return new Speaker(null, -1, -1, null, null, null, null, "unresolved", "no_speaker", false, null);
    }
    Speaker p = best.speaker;
    if (p.actorId() == null) {
      return new Speaker(p.text(), p.start(), p.end(), null, null, null, null, "unresolved", p.reason(), false, null);
    }
    return new Speaker(p.text(), p.start(), p.end(), p.actorId(), p.actorName(), p.cameo(), p.country(),
        "previous_speaker", null, p.person(), p.mention());
  }

  private Statement build(Doc d, Frame f, Speaker s, List<Speaker> all) {
    List<Target> targets = new ArrayList<>();
    for (Mention m : d.mentions) {
      if (m.start() < f.contentStart || m.end() > f.contentEnd) {
        continue;
      }
      boolean isSpeaker = false;
      for (Speaker o : all) {
        if (o.mention() != null && o.mention().start() == m.start() && o.mention().end() == m.end()) {
          isSpeaker = true;
        }
      }
      if (f.attr != null && m.start() >= f.attr.spanStart(d) && m.end() <= f.attr.spanEnd(d)) {
        isSpeaker = true; // inside the attribution of a whole-sentence content
      }
      if (!isSpeaker) {
        targets.add(new Target(m.actorId(), m.cameoCode(), m.aliasText(), m.start(), m.end()));
      }
    }
    Attribution a = f.attr;
    String lemma = a == null ? null : a.verb().lemma();
    String cls = a == null ? null : a.verb().verbClass();
    int vs = a == null ? -1 : d.toks.get(a.verbTok()).start();
    int ve = a == null ? -1 : d.toks.get(a.verbEnd() - 1).end();
    String country = s.country() == null || s.country().isEmpty() ? null : s.country();
    double conf = Math.round(kindPrior(f.kind) * resolutionFactor(s.resolution()) * 1000) / 1000.0;
    return new Statement(f.kind, lemma, cls, vs, ve, s.text(), s.start(), s.end(), s.actorId(), s.actorName(),
        s.cameo(), country, s.resolution(), s.reason(), d.text.substring(f.contentStart, f.contentEnd),
        f.contentStart, f.contentEnd, f.evStart, f.evEnd, List.copyOf(targets), conf);
  }
}
