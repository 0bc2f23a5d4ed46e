package org.demarche.stance.events;

import org.demarche.text.Sentences;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.demarche.actors.MentionFinder.Mention;
import org.demarche.stance.events.CameoVerbDictionary.Coding;
import org.demarche.stance.events.CameoVerbDictionary.VerbMatch;
import org.demarche.stance.statements.ReportingVerbs;

/**
 * Shallow CAMEO event coder: finds dictionary verbs in each sentence and codes source → target dyads between the actor
 * mentions around them (plain Java; {@link EventCoderStage} wraps it as a Spark stage).
 *
 * <p>Input: the text and its actor mentions ({@link Mention}, e.g. from {@code MentionFinder}; only {@code start},
 * {@code end}, {@code actorId}, {@code cameoCode} and {@code confidence} are read). Mentions with the same span are
 * one slot holding several actors (a compound code such as PETRARCH's {@code [ELR/GAL]}). Output: {@link Event}s in
 * text order.
 *
 * <p>Per sentence (the one sentence splitter, {@link Sentences}, read from the document's analysis):
 * <ol>
 *   <li>Verbs: tokens that are forms of a dictionary verb ({@link CameoVerbDictionary#verbAt}) and look like verbs: not
 *       inside a mention, not capitalised mid-sentence, not after a determiner, possessive or preposition (other than
 *       "to"), not a base form right after a singular actor that a determiner opens ("the Obama campaign", "the Syrian
 *       conflict"), and an -ING form only after a form of "be".</li>
 *   <li>Code: the verb block's most specific pattern, else the verb's default ({@link CameoVerbDictionary#code}).</li>
 *   <li>Source (subject): walking left from the verb over auxiliaries, negation, adverbs, "about to", raising verbs
 *       ("is expected to") and time phrases ("on Thursday"), the nearest actor slot, also through a possessive or one
 *       to three nouns ("Russia's foreign minister", "Russian and American leaders"); then the actors coordinated with
 *       it ("Mordor, Rohan, Fornost and Bree"; "Russia and the US") — a compound subject. A left boundary (sentence
 *       start, ; : , subordinators such as "after", "when", "that", relative pronouns) or another verb stops the walk.
 *       A subject "it/he/she/they", or a verb right after "and" with no subject of its own ("... and promised aid"),
 *       takes the subject of the previous coded verb of the sentence. An infinitive right after an actor that
 *       follows a preposition ("both inside and outside Syria to hold a conference") has no subject.</li>
 *   <li>Target: the first actor slot after the verb (and its coordinated actors), within 20 tokens, before a
 *       boundary, another verb phrase ("to bringing", a participle) or "; :"; never the source itself. Past a comma,
 *       an actor followed by its own verb (a reporting verb, a finite auxiliary or a coded verb: ", Lavrov told
 *       journalists", ", Moscow maintains that") starts the next clause and is no target.</li>
 *   <li>Pattern roles override these: {@code $}/{@code +} elements of the matched pattern name the source/target.
 *       Passive voice ("was opposed by X": a form of "be" before an -ED/irregular participle) swaps roles: the
 *       subject is the target and the actor after "by" the source (no "by" actor: no event).</li>
 *   <li>Events: every source × target with the code, and target → source with the reverse code of {@code [a:b]}.
 *       With a compound subject and no target, a cooperative code (QuadClass 1 or 2) or a {@code %} pattern is coded
 *       in both directions between the members ("Russia and the US reiterated their commitment" → RUS→USA and
 *       USA→RUS). Null codes ({@code ---}) code nothing. An infinitive ("urged Bree to help") after a verb of the same
 *       clause that was coded is not coded again.</li>
 * </ol>
 *
 * <p>Negation: "not", "n't", "never" or "no" among the auxiliaries before the verb, when the pattern did not itself
 * match them, sets {@code negated}; such events are kept, flagged, with confidence × 0.3 — consumers that want
 * events that happened filter them out. Reported speech: a verb inside quotation marks is coded with confidence ×
 * 0.7.
 *
 * <p>Confidence priors: 0.8 when a pattern matched, 0.6 for a verb's default code; times the lower confidence of the
 * two mentions; × 0.85 for passive voice, × 0.85 for a both-ways compound event, × 0.8 for an inherited or pronoun
 * subject, × 0.7 inside quotes, × 0.3 negated.
 */
public final class EventCoder {
  /**
   * One coded event (a directed dyad).
   *
   * @param sourceCode CAMEO actor code of the source mention (e.g. RUSGOV)
   * @param cameoCode CAMEO event code from the verb dictionary
   * @param rootCode first two characters of the code
   * @param quadClass 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict, 0 none
   * @param goldstein Goldstein score of the code, null when the code has none
   * @param verbStart character offset of the verb phrase; {@code verbEnd} exclusive
   * @param pattern the dictionary pattern that matched, or {@code "* [code]"} for the verb's default code
   * @param evidenceStart character offset of the sentence; {@code evidenceEnd} exclusive
   */
  public record Event(String sourceActorId, String sourceCode, String targetActorId, String targetCode,
      String cameoCode, String rootCode, int quadClass, Double goldstein, String verbText, int verbStart, int verbEnd,
      String pattern, boolean negated, double confidence, int evidenceStart, int evidenceEnd) {}

  static final Set<String> DET = Set.of("THE", "A", "AN", "THIS", "THESE", "THOSE", "ITS", "THEIR", "HIS", "HER",
      "OUR", "MY", "YOUR", "SOME", "ANY", "EACH", "EVERY", "SUCH", "ANOTHER", "'S", "NO", "ALL", "BOTH", "SEVERAL",
      "MANY", "FEW", "OTHER", "NEW", "FIRST", "LAST", "FORMAL", "FULL", "MUTUAL");
  static final Set<String> PREP = Set.of("OF", "FOR", "WITH", "IN", "ON", "AT", "BY", "FROM", "INTO", "ABOUT",
      "BETWEEN", "AGAINST", "OVER", "UNDER", "DURING", "THROUGH", "AMONG", "TOWARD", "TOWARDS", "WITHOUT", "UPON",
      "WITHIN", "ACROSS", "DESPITE", "VIA", "AMID", "LIKE");
  static final Set<String> BE = Set.of("IS", "ARE", "WAS", "WERE", "BE", "BEEN", "BEING", "AM", "'RE", "'M");
  static final Set<String> AUX = Set.of("IS", "ARE", "WAS", "WERE", "BE", "BEEN", "BEING", "AM", "HAS", "HAVE", "HAD",
      "HAVING", "WILL", "WOULD", "SHALL", "SHOULD", "CAN", "COULD", "MAY", "MIGHT", "MUST", "DO", "DOES", "DID", "TO",
      "ABOUT", "WO", "CA", "'LL", "'D", "'VE", "GOING", "GONNA", "NEED", "NEEDS", "USED", "BEGIN", "BEGAN", "BEGUN",
      "BEGINS", "TRY", "TRIES", "TRIED", "TRYING", "SEEK", "SEEKS", "SOUGHT", "WANT", "WANTS", "WANTED", "PLAN",
      "PLANS", "PLANNED", "AGREED", "DECIDED", "HOPE", "HOPES", "HOPED", "INTEND", "INTENDS", "INTENDED", "READY",
      "ABLE", "SET", "DUE", "POISED", "LIKELY", "EXPECTED", "SEEN", "KNOWN", "SAID", "REPORTED", "BELIEVED",
      "UNLIKELY", "WILLING", "UNABLE", "YET", "STILL", "ALREADY", "ALSO", "AGAIN", "NOW", "THEN", "JUST", "EVEN",
      "EVER", "SOON", "ONLY", "FURTHER", "JOINTLY", "FINALLY", "REPORTEDLY", "OFTEN", "NEVER", "NOT", "N'T", "FORMALLY",
      "REPEATEDLY", "ALMOST", "NEARLY", "RECENTLY", "CERTAINLY", "REALLY", "MOST", "ACTUALLY", "UNEXPECTEDLY",
      "QUICKLY", "EARLIER", "LATER", "ONCE", "BOTH");
  static final Set<String> NEG = Set.of("NOT", "N'T", "NEVER", "NO");
  static final Set<String> RAISING = Set.of("EXPECTED", "SEEN", "KNOWN", "SAID", "REPORTED", "BELIEVED", "SET", "DUE",
      "POISED", "LIKELY", "UNLIKELY", "READY", "ABLE", "UNABLE", "WILLING", "GOING", "ABOUT");
  static final Set<String> TIME = Set.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY",
      "TODAY", "YESTERDAY", "TONIGHT", "WEEK", "MONTH", "YEAR", "MORNING", "EVENING", "NIGHT", "WEEKEND", "AFTERNOON",
      "JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER",
      "DECEMBER", "LATE", "EARLY", "LAST", "NEXT", "THIS", "ON", "IN", "AT", "DAYS", "RECENT", "EARLIER", "LATER",
      "SINCE", "THEN");
  static final Set<String> LEFT_STOP = Set.of(";", ":", "AFTER", "BEFORE", "WHEN", "WHILE", "BECAUSE", "ALTHOUGH",
      "THOUGH", "IF", "UNLESS", "UNTIL", "WHEREAS", "THAT", "WHO", "WHICH", "WHOM", "WHOSE", "WHERE", "BUT", "(", ")",
      "\"", "SINCE", "AS", "WHETHER", "THAN", "SO");
  static final Set<String> RIGHT_STOP = Set.of(";", ":", "AFTER", "BEFORE", "WHEN", "WHILE", "BECAUSE", "ALTHOUGH",
      "THOUGH", "IF", "UNLESS", "UNTIL", "WHEREAS", "WHO", "WHICH", "WHOM", "WHOSE", "WHERE", "BUT", "SINCE");
  static final Set<String> CONJ = Set.of(",", "AND", "OR", "NOR", "NEITHER", "EITHER", "BOTH", "THE", "&", "AS", "WELL");
  static final Set<String> PRONOUN = Set.of("IT", "HE", "SHE", "THEY", "WE");
  static final Set<String> ABBREV = Set.of("MR", "MRS", "MS", "DR", "ST", "GEN", "SEN", "REP", "GOV", "LT", "COL",
      "JR", "SR", "NO", "VS", "JAN", "FEB", "AUG", "SEPT", "SEP", "OCT", "NOV", "DEC", "PROF", "CAPT", "SGT", "GOVT");
  /** Time words that alone make no time phrase ("on", "last"): a run of only these is not skipped. */
  static final Set<String> TIME_FUNCTION = Set.of("ON", "IN", "AT", "THIS", "LAST", "NEXT", "LATE", "EARLY", "SINCE",
      "THEN");
  /** Longest distance, in tokens, from the verb to a target. */
  static final int TARGET_WINDOW = 20;

  /** The tokens, as a regex; {@link #tokenEnd} matches the same by hand (tokenizing was a third of the coder's time). */
  static final Pattern TOKEN = Pattern.compile(
      "\\p{L}[\\p{L}\\p{N}]*(?:[-'’.&][\\p{L}\\p{N}]+)*\\.?|\\p{N}+(?:[.,:]\\p{N}+)*|[,;:()\"“”]|'(?=\\s)");

  private final CameoVerbDictionary dict;
  private final CameoLookups lookups;

  public EventCoder(CameoVerbDictionary dict) {
    this.dict = dict;
    this.lookups = CameoLookups.builtin();
  }

  /** A coder with the shipped CAMEO 2.0 dictionary. */
  public EventCoder() {
    this(CameoVerbDictionary.builtin());
  }

  public CameoVerbDictionary dictionary() {
    return dict;
  }

  private record Tok(int start, int end, String up, boolean cap) {}

  /** Mentions on one span. */
  record Slot(int first, int last, List<Mention> mentions) {}

  private record Group(List<Slot> slots, boolean inherited) {
    boolean compound() {
      return slots.size() > 1;
    }
  }

  /** Codes every sentence of {@code text}; {@code mentions} are actor mentions with character offsets in it. */
  public List<Event> code(String text, List<Mention> mentions) {
    return code(text, mentions, text == null ? List.of() : Sentences.split(text));
  }

  /**
   * The same with the sentences of {@code text} already split ({@link Sentences#split}, from the document's
   * {@link org.demarche.text.DocumentAnalysis}; read only).
   */
  public List<Event> code(String text, List<Mention> mentions, List<Sentences.Span> sentences) {
    List<Event> out = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    // the mentions that can be an event's source or target, by span, in the given order
    Map<Long, List<Mention>> bySpan = new LinkedHashMap<>();
    for (Mention m : mentions == null ? List.<Mention>of() : mentions) {
      if (m.cameoCode() == null || m.cameoCode().isEmpty()) {
        continue;
      }
      bySpan.computeIfAbsent(((long) m.start() << 32) | m.end(), k -> new ArrayList<>()).add(m);
    }
    // Paragraphs (text between blank lines) are coded one by one. No token spans a blank line, a blank line ends the
    // sentence and any open quote, and the sentence rules only look at neighbouring tokens, so this gives the events
    // of the whole text; but a paragraph without two mention spans of different codes can hold no event (twoActors)
    // and is not even tokenized.
    // The spans are walked once, in order of start; a paragraph takes those that start inside it, in the given order.
    List<Map.Entry<Long, List<Mention>>> spans = new ArrayList<>(bySpan.entrySet());
    Integer[] byStart = new Integer[spans.size()];
    for (int i = 0; i < byStart.length; i++) {
      byStart[i] = i;
    }
    Arrays.sort(byStart, (x, y) -> Long.compare(spans.get(x).getKey(), spans.get(y).getKey()));
    int next = 0; // the first span (in byStart) not yet given to a paragraph
    int from = 0;
    int n = text.length();
    String upText = null; // the text upper-cased, made for the first paragraph coded (see tokenize)
    while (from < n) {
      // the paragraph ends at the first blank line that no mention span holds (not expected: it would join them)
      int to = text.indexOf("\n\n", from);
      int seen = next; // byStart[next, seen) start at or before to + 1; maxEnd is the furthest end among them
      int maxEnd = -1;
      while (to >= 0) {
        while (seen < byStart.length && start(spans.get(byStart[seen])) <= to + 1) {
          maxEnd = Math.max(maxEnd, (int) (long) spans.get(byStart[seen]).getKey());
          seen++;
        }
        if (maxEnd <= to) {
          break;
        }
        to = text.indexOf("\n\n", to + 1);
      }
      if (to < 0) {
        to = n;
      }
      int first = next;
      while (next < byStart.length && start(spans.get(byStart[next])) < to) {
        next++;
      }
      Arrays.sort(byStart, first, next); // back to the given order: it decides which of overlapping spans gets a slot
      Map<Long, List<Mention>> inside = new LinkedHashMap<>();
      for (int i = first; i < next; i++) {
        inside.put(spans.get(byStart[i]).getKey(), spans.get(byStart[i]).getValue());
      }
      if (twoActors(new ArrayList<>(inside.values()))) {
        if (upText == null) {
          upText = text.toUpperCase(Locale.ROOT);
        }
        codeRange(text, upText.length() == n ? upText : null, from, to, inside, sentences, out);
      }
      from = to + 1;
    }
    return out;
  }

  private static int start(Map.Entry<Long, List<Mention>> span) {
    return (int) (span.getKey() >>> 32);
  }

  /** Codes the sentences of {@code text[from, to)}, with the mention spans that start there. */
  private void codeRange(String text, String upText, int from, int to, Map<Long, List<Mention>> bySpan,
      List<Sentences.Span> sentences, List<Event> out) {
    List<Tok> toks = tokenize(text, upText, from, to);
    if (toks.isEmpty()) {
      return;
    }
    String[] words = new String[toks.size()];
    for (int i = 0; i < words.length; i++) {
      words[i] = toks.get(i).up();
    }
    // slots
    Slot[] slotAt = new Slot[toks.size()];
    for (List<Mention> ms : bySpan.values()) {
      int s = ms.get(0).start();
      int e = ms.get(0).end();
      int first = -1;
      int last = -1;
      // first token ending after s (binary search), then the tokens overlapping [s, e)
      int a = 0;
      int b = toks.size();
      while (a < b) {
        int mid = (a + b) >>> 1;
        if (toks.get(mid).end() <= s) {
          a = mid + 1;
        } else {
          b = mid;
        }
      }
      for (int i = a; i < toks.size() && toks.get(i).start() < e; i++) {
        if (first < 0) {
          first = i;
        }
        last = i;
      }
      if (first < 0) {
        continue;
      }
      boolean free = true;
      for (int i = first; i <= last; i++) {
        free &= slotAt[i] == null;
      }
      if (!free) {
        continue;
      }
      Slot slot = new Slot(first, last, ms);
      for (int i = first; i <= last; i++) {
        slotAt[i] = slot;
      }
    }
    boolean[] quoted = quotes(toks, text);
    for (int[] sent : sentenceRanges(sentences, toks)) {
      if (twoActors(slotMentions(slotAt, sent[0], sent[1]))) {
        codeSentence(text, toks, words, slotAt, quoted, sent[0], sent[1], out);
      }
    }
  }

  /**
   * The mentions of each slot on tokens {@code [lo, hi)}, slot by slot in text order. Every event of a sentence joins a
   * mention of one slot to a mention of another slot of the same sentence (subject, object, by-agent and pattern
   * actors are all looked for inside it), so a sentence whose slots fail {@link #twoActors} is not coded: most
   * sentences, and most of the coder's time.
   */
  static List<List<Mention>> slotMentions(Slot[] slotAt, int lo, int hi) {
    List<List<Mention>> out = new ArrayList<>();
    Slot last = null;
    for (int i = lo; i < hi; i++) {
      if (slotAt[i] != null && slotAt[i] != last) {
        last = slotAt[i];
        out.add(last.mentions());
      }
    }
    return out;
  }

  /**
   * Whether two of the given groups (slots, or mention spans) hold mentions with different codes: every event joins
   * such a pair (an event between two mentions of one code is never written), so without one there is none.
   */
  static boolean twoActors(List<List<Mention>> groups) {
    for (int a = 0; a < groups.size(); a++) {
      for (int b = a + 1; b < groups.size(); b++) {
        for (Mention am : groups.get(a)) {
          for (Mention bm : groups.get(b)) {
            if (!am.cameoCode().equals(bm.cameoCode())) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  private void codeSentence(String text, List<Tok> toks, String[] words, Slot[] slotAt, boolean[] quoted, int lo,
      int hi, List<Event> out) {
    int evStart = toks.get(lo).start();
    int evEnd = toks.get(hi - 1).end();
    if (evEnd < text.length() && ".!?".indexOf(text.charAt(evEnd)) >= 0) {
      evEnd++;
    }
    // an all-caps sentence (a headline): capitalised words are no evidence of a name there
    boolean allCaps = true;
    for (int i = lo; i < hi; i++) {
      if (!noLowerCase(text, toks.get(i).start(), toks.get(i).end())) {
        allCaps = false;
        break;
      }
    }
    // verb candidates
    List<VerbMatch> verbs = new ArrayList<>();
    boolean[] isVerb = new boolean[hi];
    for (int i = lo; i < hi; i++) {
      if (slotAt[i] != null) {
        continue;
      }
      VerbMatch vm = dict.verbAt(words, i, lo, hi);
      if (vm == null || !looksLikeVerb(toks, words, slotAt, vm, lo, allCaps)) {
        continue;
      }
      if (!verbs.isEmpty() && verbs.get(verbs.size() - 1).end() > vm.start()) {
        continue;
      }
      verbs.add(vm);
      for (int k = vm.start(); k < vm.end(); k++) {
        isVerb[k] = true;
      }
    }
    Set<String> seen = new LinkedHashSet<>();
    Group lastSubject = null;
    int lastCodedVerbEnd = -1;
    for (VerbMatch vm : verbs) {
      // auxiliary chain
      int k = vm.start() - 1;
      boolean negated = false;
      boolean infinitive = false;
      int firstAux = -1;
      List<Integer> negToks = new ArrayList<>();
      while (k >= lo && (AUX.contains(words[k]) || words[k].endsWith("LY") && slotAt[k] == null && !isVerb[k])) {
        if (NEG.contains(words[k])) {
          negated = true;
          negToks.add(k);
        }
        if (words[k].equals("TO")) {
          infinitive = true;
        }
        if (firstAux < 0 && !NEG.contains(words[k]) && !words[k].endsWith("LY")) {
          firstAux = k;
        }
        k--;
      }
      int chainStart = k + 1;
      String form = words[vm.head()];
      boolean passive = firstAux >= 0 && BE.contains(words[firstAux]) && isParticiple(form, vm);
      boolean inheritsByAnd = k >= lo && (words[k].equals("AND") || words[k].equals(",") && infinitive);
      if (infinitive && lastCodedVerbEnd >= 0 && lastCodedVerbEnd <= vm.start()
          && !boundaryBetween(words, lastCodedVerbEnd, vm.start())) {
        continue; // "urged Bree to help": the infinitive belongs to the coded verb
      }
      // subject
      Group subject = subject(words, slotAt, isVerb, k, lo);
      if (words[chainStart].equals("TO") && subject != null && afterPreposition(words, subject, lo)) {
        subject = null; // "... inside and outside Syria to hold a conference": Syria is no subject
      }
      boolean pronoun = false;
      if (subject == null && k >= lo && (PRONOUN.contains(words[k]) || inheritsByAnd) && lastSubject != null) {
        subject = new Group(lastSubject.slots(), true);
        pronoun = true;
      }
      boolean compound = subject != null && distinctCodes(subject.slots()) > 1;
      Coding coding = dict.code(vm, words, lo, hi, i -> slotAt[i] != null && slotAt[i].first() == i, compound);
      if (subject != null) {
        lastSubject = subject;
      }
      String code = coding.code();
      String rev = coding.reverseCode();
      boolean codes = !code.isEmpty() && !code.equals("---") || !rev.isEmpty() && !rev.equals("---");
      if (!codes) {
        continue;
      }
      // target
      int from = vm.end();
      Group object = object(words, slotAt, isVerb, from, hi, subject);
      Group byAgent = null;
      if (passive) {
        byAgent = byAgent(words, slotAt, from, hi);
      }
      List<Slot> sources;
      List<Slot> targets;
      if (passive) {
        sources = byAgent == null ? List.of() : byAgent.slots();
        targets = subject == null ? List.of() : subject.slots();
      } else {
        sources = subject == null ? List.of() : subject.slots();
        targets = object == null ? List.of() : object.slots();
      }
      if (coding.sourceToken() >= 0 && slotAt[coding.sourceToken()] != null) {
        sources = expand(words, slotAt, coding.sourceToken(), hi).slots();
      }
      if (coding.targetToken() >= 0 && slotAt[coding.targetToken()] != null) {
        targets = expand(words, slotAt, coding.targetToken(), hi).slots();
      }
      boolean neg = false;
      for (int t : negToks) {
        neg |= !coding.matched().contains(t);
      }
      double conf = (coding.pattern() != null ? 0.8 : 0.6) * (passive ? 0.85 : 1) * (pronoun ? 0.8 : 1)
          * (quoted[vm.head()] ? 0.7 : 1) * (neg ? 0.3 : 1);
      String verbText = text.substring(toks.get(vm.start()).start(), toks.get(vm.end() - 1).end());
      int vs = toks.get(vm.start()).start();
      int ve = toks.get(vm.end() - 1).end();
      int before = out.size();
      if (!targets.isEmpty()) {
        for (Slot s : sources) {
          for (Slot t : targets) {
            if (s == t) {
              continue;
            }
            for (Mention sm : s.mentions()) {
              for (Mention tm : t.mentions()) {
                if (sm.cameoCode().equals(tm.cameoCode())) {
                  continue;
                }
                emit(out, seen, sm, tm, code, coding, verbText, vs, ve, neg, conf, evStart, evEnd);
                emit(out, seen, tm, sm, rev, coding, verbText, vs, ve, neg, conf, evStart, evEnd);
              }
            }
          }
        }
      } else if (!passive && subject != null && compound
          && (coding.pattern() != null && coding.pattern().needsCompound() || isCooperative(code))) {
        for (Slot a : sources) {
          for (Slot b : sources) {
            if (a == b) {
              continue;
            }
            for (Mention am : a.mentions()) {
              for (Mention bm : b.mentions()) {
                if (!am.cameoCode().equals(bm.cameoCode())) {
                  emit(out, seen, am, bm, code, coding, verbText, vs, ve, neg, conf * 0.85, evStart, evEnd);
                }
              }
            }
          }
        }
      }
      if (out.size() > before) {
        lastCodedVerbEnd = vm.end();
      }
    }
    theirMeeting(text, toks, words, slotAt, isVerb, lo, hi, seen, evStart, evEnd, out);
  }

  /** Nouns of a meeting that "their" ties to a compound subject: "X and Y told reporters after their meeting". */
  static final Set<String> MEETING_NOUNS = Set.of("MEETING", "MEETINGS", "TALKS", "SUMMIT", "NEGOTIATIONS",
      "CONVERSATION", "DISCUSSIONS", "CALL", "SESSION");

  /**
   * A compound subject ("Lavrov and Kerry told reporters after their Tuesday Moscow meeting") whose own meeting the
   * sentence names ("their ... meeting", within three words) consult each other: CAMEO 040 both ways between every
   * two of its actors with different codes, unless the sentence already coded an event between them.
   */
  private void theirMeeting(String text, List<Tok> toks, String[] words, Slot[] slotAt, boolean[] isVerb, int lo,
      int hi, Set<String> seen, int evStart, int evEnd, List<Event> out) {
    for (int i = lo; i < hi; i++) {
      if (!words[i].equals("THEIR")) {
        continue;
      }
      for (int j = i + 1; j < Math.min(hi, i + 5); j++) {
        if (!MEETING_NOUNS.contains(words[j])) {
          continue;
        }
        // the coordination nearest before "their": from its last actor leftwards over "and" and the capitalised
        // titles of each conjunct ("Russian Foreign Minister Sergey Lavrov and US Secretary of State John Kerry"),
        // each conjunct's head being its last actor
        int p = i - 1;
        while (p >= lo && slotAt[p] == null) {
          p--;
        }
        List<Slot> heads = new ArrayList<>();
        Slot head = null;
        boolean and = false;
        for (int q = p; q >= lo; q--) {
          if (slotAt[q] != null) {
            head = head == null ? slotAt[q] : head;
            q = slotAt[q].first();
          } else if (words[q].equals("AND") && head != null) {
            heads.add(head);
            head = null;
            and = true;
          } else if (!(toks.get(q).cap() || words[q].equals("OF"))) {
            break;
          }
        }
        if (head != null) {
          heads.add(head);
        }
        if (!and || distinctCodes(heads) < 2) {
          return;
        }
        Group subject = new Group(heads, false);
        int vs = toks.get(i).start();
        int ve = toks.get(j).end();
        String phrase = text.substring(vs, ve);
        for (Slot a : subject.slots()) {
          for (Slot b : subject.slots()) {
            if (a == b) {
              continue;
            }
            for (Mention am : a.mentions()) {
              for (Mention bm : b.mentions()) {
                if (am.cameoCode().equals(bm.cameoCode()) || coded(out, am, bm, evStart)) {
                  continue;
                }
                emit(out, seen, am, bm, "040", "their meeting", phrase, vs, ve, false, 0.6, evStart, evEnd);
              }
            }
          }
        }
        return;
      }
    }
  }

  /** Whether {@code out} already holds an event from {@code a} to {@code b} in the sentence starting at {@code start}. */
  private static boolean coded(List<Event> out, Mention a, Mention b, int start) {
    for (Event e : out) {
      if (e.evidenceStart() == start && e.sourceActorId().equals(a.actorId())
          && e.targetActorId().equals(b.actorId())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code text[s, e)} has no lower-case letter, i.e. is written in capitals as it stands. (The check used to
   * compare the token's upper-case form with the upper-cased text, which holds for every token, so every sentence
   * counted as all caps and a capitalised word mid-sentence was never taken for a name.)
   */
  static boolean noLowerCase(String text, int s, int e) {
    for (int k = s; k < e; k++) {
      if (Character.isLowerCase(text.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isCooperative(String code) {
    int q = CameoLookups.quadClass(code);
    return q == CameoLookups.VERBAL_COOPERATION || q == CameoLookups.MATERIAL_COOPERATION;
  }

  private void emit(List<Event> out, Set<String> seen, Mention s, Mention t, String code, Coding coding,
      String verbText, int vs, int ve, boolean neg, double conf, int evStart, int evEnd) {
    emit(out, seen, s, t, code, coding.patternText(), verbText, vs, ve, neg, conf, evStart, evEnd);
  }

  private void emit(List<Event> out, Set<String> seen, Mention s, Mention t, String code, String patternText,
      String verbText, int vs, int ve, boolean neg, double conf, int evStart, int evEnd) {
    if (code == null || code.isEmpty() || code.equals("---")) {
      return;
    }
    String key = s.actorId() + "|" + s.cameoCode() + "|" + t.actorId() + "|" + t.cameoCode() + "|" + code + "|" + vs;
    if (!seen.add(key)) {
      return;
    }
    double c = conf * Math.min(s.confidence(), t.confidence());
    out.add(new Event(s.actorId(), s.cameoCode(), t.actorId(), t.cameoCode(), code, CameoLookups.rootCode(code),
        CameoLookups.quadClass(code), lookups.goldstein(code), verbText, vs, ve, patternText, neg,
        Math.round(c * 1000) / 1000.0, evStart, evEnd));
  }

  private static int distinctCodes(List<Slot> slots) {
    Set<String> c = new LinkedHashSet<>();
    for (Slot s : slots) {
      for (Mention m : s.mentions()) {
        c.add(m.cameoCode());
      }
    }
    return c.size();
  }

  private static boolean boundaryBetween(String[] words, int from, int to) {
    for (int i = from; i < to; i++) {
      if (RIGHT_STOP.contains(words[i]) || words[i].equals("THAT")) {
        return true;
      }
    }
    return false;
  }

  private boolean looksLikeVerb(List<Tok> toks, String[] words, Slot[] slotAt, VerbMatch vm, int lo,
      boolean allCaps) {
    int h = vm.head();
    for (int i = vm.start(); i < vm.end(); i++) {
      if (slotAt[i] != null) {
        return false;
      }
    }
    if (!allCaps && toks.get(h).cap() && h > lo && !words[h - 1].equals("\"")) {
      return false; // a name
    }
    int p = vm.start() - 1;
    if (p >= lo) {
      String prev = words[p];
      if (DET.contains(prev) || PREP.contains(prev) || prev.equals("'S")) {
        return false;
      }
    }
    String f = words[h];
    if (p >= lo && slotAt[p] != null && isBaseForm(f, vm)) {
      // a base form right after a singular actor that a determiner opens, with no auxiliary: a compound noun ("the
      // Obama campaign", "the Gaza City rally", "an independent Palestinian state"); after plural actors it is a verb
      // ("the Palestinians rally"), and so after coordinated ones
      Slot s = slotAt[p];
      int q = s.first() - 1;
      int adjectives = 0;
      while (q >= lo && adjectives < 2 && slotAt[q] == null && isLetters(words[q]) && !toks.get(q).cap()
          && !DET.contains(words[q]) && !AUX.contains(words[q]) && !PREP.contains(words[q])
          && !CONJ.contains(words[q])) {
        adjectives++;
        q--;
      }
      String last = words[s.last()];
      boolean plural = last.endsWith("S") && !last.equals("US") && !last.equals("U.S");
      boolean coordinated = q - 1 >= lo && (isJoin(words[q - 1]) || words[q - 1].equals(","));
      if (q >= lo && DET.contains(words[q]) && !plural && !coordinated) {
        return false;
      }
    }
    if (f.endsWith("ING")) {
      int k = vm.start() - 1;
      while (k >= lo && (words[k].endsWith("LY") || NEG.contains(words[k]))) {
        k--;
      }
      return k >= lo && BE.contains(words[k]);
    }
    return true;
  }

  /** Whether {@code form} is the verb's base form (a word of its lemma, not an -S, -ED or -ING form). */
  static boolean isBaseForm(String form, VerbMatch vm) {
    if (form.endsWith("ING") || form.endsWith("ED") || form.endsWith("S") && !form.endsWith("SS")) {
      return false;
    }
    for (String w : vm.verb().lemma().split("_")) {
      if (w.equals(form)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isParticiple(String form, VerbMatch vm) {
    String lemma = vm.verb().lemma();
    if (form.endsWith("ING")) {
      return false;
    }
    if (form.endsWith("ED") || form.endsWith("EN") || form.endsWith("WN") || form.endsWith("NE")) {
      return true;
    }
    // irregular forms listed in the dictionary that are neither the base nor an -S form
    return !lemma.endsWith(form) && !form.endsWith("S") && !lemma.contains(form);
  }

  /** The subject group ending at or before token {@code k}, walking left (see the class comment). */
  private Group subject(String[] words, Slot[] slotAt, boolean[] isVerb, int k, int lo) {
    int i = k;
    // time phrases and parentheticals directly before the verb chain
    while (i >= lo) {
      if (slotAt[i] == null && (TIME.contains(words[i]) || isOrdinal(words[i]))
          && i > lo && (TIME.contains(words[i - 1]) || slotAt[i - 1] != null || i - 1 >= lo)) {
        // skip a run of time words ("on Thursday", "late Sunday", "last week")
        int j = i;
        while (j >= lo && slotAt[j] == null && (TIME.contains(words[j]) || isOrdinal(words[j]))) {
          j--;
        }
        boolean hasTimeNoun = false;
        for (int q = j + 1; q <= i; q++) {
          hasTimeNoun |= !TIME_FUNCTION.contains(words[q]);
        }
        if (!hasTimeNoun) {
          break;
        }
        i = j;
        continue;
      }
      if (words[i].equals(",") && i - 1 >= lo) {
        // a parenthetical ", in remarks published on Monday," between the subject and the verb
        int j = i - 1;
        while (j >= lo && j > i - 12 && !words[j].equals(",") && slotAt[j] == null && !LEFT_STOP.contains(words[j])) {
          j--;
        }
        if (j >= lo && words[j].equals(",") && j < i - 1 && j - 1 >= lo && slotAt[j - 1] != null
            && PREP.contains(words[j + 1])) {
          i = j - 1;
          continue;
        }
      }
      break;
    }
    if (i < lo) {
      return null;
    }
    // head: a slot, or up to three nouns after a slot / a possessive
    int j = i;
    int nouns = 0;
    while (j >= lo && slotAt[j] == null) {
      String w = words[j];
      if (LEFT_STOP.contains(w) || w.equals(",") || isVerb[j] || PRONOUN.contains(w) || nouns >= 3) {
        return null;
      }
      if (!w.equals("'S")) {
        nouns++;
      }
      j--;
    }
    if (j < lo) {
      return null;
    }
    return expandLeft(words, slotAt, slotAt[j], lo);
  }

  private static Group expandLeft(String[] words, Slot[] slotAt, Slot head, int lo) {
    List<Slot> slots = new ArrayList<>();
    slots.add(head);
    Slot cur = head;
    boolean sawAnd = false;
    while (true) {
      int j = cur.first() - 1;
      boolean conj = false;
      boolean and = false;
      int fillers = 0;
      while (j >= lo && slotAt[j] == null && (CONJ.contains(words[j]) || fillers < 2 && isLowerFiller(words[j]))) {
        conj |= words[j].equals(",");
        and |= isJoin(words[j]);
        if (!CONJ.contains(words[j])) {
          fillers++;
        }
        j--;
      }
      // "A, B and C": the join nearest the head must be a conjunction; commas only continue a list
      if (!(and || conj && sawAnd) || j < lo || slotAt[j] == null) {
        break;
      }
      sawAnd |= and;
      cur = slotAt[j];
      slots.add(0, cur);
    }
    return new Group(slots, false);
  }

  /** A coordinating join of a list of actors: "and", "or", "nor", "&". */
  private static boolean isJoin(String w) {
    return w.equals("AND") || w.equals("OR") || w.equals("NOR") || w.equals("&");
  }

  private static boolean isLowerFiller(String w) {
    return isLetters(w) && !AUX.contains(w) && !LEFT_STOP.contains(w) && !PREP.contains(w);
  }

  /** {@code w.matches("[A-Z]+")} without compiling the regex on every call. */
  static boolean isLetters(String w) {
    if (w.isEmpty()) {
      return false;
    }
    for (int k = 0; k < w.length(); k++) {
      char c = w.charAt(k);
      if (c < 'A' || c > 'Z') {
        return false;
      }
    }
    return true;
  }

  /** {@code w.matches("\\d+(ST|ND|RD|TH)?")} without compiling the regex on every call. */
  static boolean isOrdinal(String w) {
    int n = w.length();
    if (n >= 3) {
      char a = w.charAt(n - 2);
      char b = w.charAt(n - 1);
      if (a == 'S' && b == 'T' || a == 'N' && b == 'D' || a == 'R' && b == 'D' || a == 'T' && b == 'H') {
        n -= 2;
      }
    }
    if (n == 0) {
      return false;
    }
    for (int k = 0; k < n; k++) {
      char c = w.charAt(k);
      if (c < '0' || c > '9') { // without UNICODE_CHARACTER_CLASS, \d is 0-9 only
        return false;
      }
    }
    return true;
  }

  /** The group starting at a slot token, extended to the right over coordinated slots ("A, B and C"). */
  private static Group expand(String[] words, Slot[] slotAt, int k, int hi) {
    List<Slot> slots = new ArrayList<>();
    Slot cur = slotAt[k];
    slots.add(cur);
    int keep = 1;
    while (true) {
      int j = cur.last() + 1;
      boolean conj = false;
      boolean and = false;
      while (j < hi && slotAt[j] == null && (CONJ.contains(words[j]) || words[j].equals("'S"))) {
        conj |= words[j].equals(",");
        and |= isJoin(words[j]);
        j++;
      }
      if (!(conj || and) || j >= hi || slotAt[j] == null) {
        break;
      }
      cur = slotAt[j];
      slots.add(cur);
      if (and) {
        keep = slots.size(); // a list ends with its conjunction; trailing comma-joined slots are not part of it
      }
    }
    return new Group(new ArrayList<>(slots.subList(0, keep)), false);
  }

  /** The first actor group after the verb within the clause (see the class comment). */
  private Group object(String[] words, Slot[] slotAt, boolean[] isVerb, int from, int hi, Group subject) {
    Set<Slot> own = new LinkedHashSet<>(subject == null ? List.of() : subject.slots());
    boolean comma = false;
    for (int k = from; k < hi && k < from + TARGET_WINDOW; k++) {
      if (slotAt[k] != null) {
        if (own.contains(slotAt[k])) {
          k = slotAt[k].last();
          continue;
        }
        Group g = expand(words, slotAt, k, hi);
        if (comma && startsClause(words, slotAt, isVerb, g.slots().get(g.slots().size() - 1).last() + 1, hi)) {
          return null; // ", Lavrov told journalists" / ", Moscow maintains that": the subject of the next clause
        }
        return g;
      }
      comma |= words[k].equals(",");
      if (RIGHT_STOP.contains(words[k]) || isVerb[k] && (k == 0 || !words[k - 1].equals("TO") || k > from + 2)) {
        return null;
      }
      if (words[k].equals("TO") && k + 1 < hi && slotAt[k + 1] == null
          && (isVerb[k + 1] || !dict.entries(words[k + 1]).isEmpty())) {
        return null;
      }
    }
    return null;
  }

  /** Words before a noun phrase that make it a prepositional object, not the subject of a following infinitive. */
  static final Set<String> INFINITIVE_NON_SUBJECT = Set.of("OUTSIDE", "INSIDE", "NEAR", "BEYOND", "TO", "AROUND",
      "ALONGSIDE", "BEHIND");

  /** Whether the first actor of {@code g} follows a preposition other than "by" and "for" (over determiners). */
  private static boolean afterPreposition(String[] words, Group g, int lo) {
    int j = g.slots().get(0).first() - 1;
    while (j >= lo && DET.contains(words[j])) {
      j--;
    }
    return j >= lo && (PREP.contains(words[j]) && !words[j].equals("BY") && !words[j].equals("FOR")
        || INFINITIVE_NON_SUBJECT.contains(words[j])); // "for the Palestinian factions to cease": a subject
  }

  /** Finite auxiliaries and modals: after an actor group they start its own clause. */
  static final Set<String> FINITE_AUX = Set.of("IS", "ARE", "WAS", "WERE", "HAS", "HAVE", "HAD", "WILL", "WOULD",
      "SHALL", "SHOULD", "CAN", "COULD", "MAY", "MIGHT", "MUST", "DOES", "DID", "WO", "CA", "'LL", "'D", "'VE");

  /**
   * Whether token {@code j}, right after an actor group, is the verb of that group's own clause: an inflected form (not
   * -ing) of the statements' reporting-verb lexicon ({@link ReportingVerbs}), a finite auxiliary or modal, or a coded
   * verb, after optional adverbs ("also", "-ly").
   */
  private static boolean startsClause(String[] words, Slot[] slotAt, boolean[] isVerb, int j, int hi) {
    while (j < hi && slotAt[j] == null && (words[j].equals("ALSO") || words[j].endsWith("LY") && !isVerb[j])) {
      j++;
    }
    if (j >= hi || slotAt[j] != null) {
      return false;
    }
    String w = words[j];
    if (isVerb[j] || FINITE_AUX.contains(w)) {
      return true;
    }
    ReportingVerbs.Form rv = ReportingVerbs.builtin().lookup(w.toLowerCase(Locale.ROOT));
    return rv != null && !rv.ing() && !rv.base(); // the base form is often a noun ("a State Department report")
  }

  private static Group byAgent(String[] words, Slot[] slotAt, int from, int hi) {
    for (int k = from; k < hi && k < from + 8; k++) {
      if (words[k].equals("BY")) {
        for (int j = k + 1; j < hi && j < k + 5; j++) {
          if (slotAt[j] != null) {
            return expand(words, slotAt, j, hi);
          }
        }
        return null;
      }
      if (RIGHT_STOP.contains(words[k])) {
        return null;
      }
    }
    return null;
  }

  // ------------------------------------------------------------- text utilities

  /**
   * The end of the {@link #TOKEN} match starting at {@code i} of {@code text}, or -1 when none starts there: a letter
   * and letters or numbers, then any "-'’.&" each followed by letters or numbers, then an optional period; or numbers
   * joined by ". , :"; or one of {@code , ; : ( ) " “ ”}; or an apostrophe before white space ({@code \s}).
   */
  static int tokenEnd(String text, int i) {
    int n = text.length();
    int cp = text.codePointAt(i);
    if (Character.isLetter(cp)) {
      int j = letterOrNumberRun(text, i + Character.charCount(cp));
      while (j + 1 < n && "-'’.&".indexOf(text.charAt(j)) >= 0 && isLetterOrNumber(text.codePointAt(j + 1))) {
        j = letterOrNumberRun(text, j + 1);
      }
      return j < n && text.charAt(j) == '.' ? j + 1 : j;
    }
    if (isNumber(cp)) {
      int j = numberRun(text, i);
      while (j + 1 < n && ".,:".indexOf(text.charAt(j)) >= 0 && isNumber(text.codePointAt(j + 1))) {
        j = numberRun(text, j + 1);
      }
      return j;
    }
    char c = text.charAt(i);
    if (",;:()\"“”".indexOf(c) >= 0) {
      return i + 1;
    }
    if (c == '\'' && i + 1 < n && " \t\n\u000B\f\r".indexOf(text.charAt(i + 1)) >= 0) {
      return i + 1;
    }
    return -1;
  }

  /** {@code \p{N}}: a decimal digit, letter number or other number. */
  private static boolean isNumber(int cp) {
    int t = Character.getType(cp);
    return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
  }

  private static boolean isLetterOrNumber(int cp) {
    return Character.isLetter(cp) || isNumber(cp);
  }

  /** The end of the run of letters and numbers starting at {@code j}. */
  private static int letterOrNumberRun(String text, int j) {
    while (j < text.length()) {
      int cp = text.codePointAt(j);
      if (!isLetterOrNumber(cp)) {
        break;
      }
      j += Character.charCount(cp);
    }
    return j;
  }

  private static int numberRun(String text, int j) {
    while (j < text.length()) {
      int cp = text.codePointAt(j);
      if (!isNumber(cp)) {
        break;
      }
      j += Character.charCount(cp);
    }
    return j;
  }

  /**
   * The tokens of {@code text[from, to)} ({@code from} and {@code to} at whitespace or the text's ends); {@code upText}
   * is the text upper-cased ({@link Locale#ROOT}), or null when that changed its length (see {@link #upper}).
   */
  private static List<Tok> tokenize(String text, String upText, int from, int to) {
    List<Tok> out = new ArrayList<>();
    for (int i = from; i < to; ) {
      int end = tokenEnd(text, i);
      if (end < 0) {
        i++;
        continue;
      }
      int s = i;
      int e = end;
      i = end;
      if (e - s > 1 && text.charAt(e - 1) == '.') {
        // keep the period of "U.S." and "Mr."; otherwise it ends the word
        if (!(e - s == 2 || indexOf(text, '.', s, e - 1) >= 0
            || ABBREV.contains(text.substring(s, e - 1).toUpperCase(Locale.ROOT)))) {
          e--;
        }
      }
      boolean cap = Character.isUpperCase(text.charAt(s));
      String up = upper(text, upText, s, e);
      int len = up.length();
      int apos = up.indexOf('\'');
      if (apos >= 0 && len > 3 && up.endsWith("N'T")) {
        out.add(new Tok(s, e - 3, up.substring(0, len - 3), cap));
        out.add(new Tok(e - 3, e, "N'T", false));
      } else if (apos > 0 && (up.endsWith("'S") || up.endsWith("'RE") || up.endsWith("'LL") || up.endsWith("'VE")
          || up.endsWith("'D") || up.endsWith("'M"))) {
        int q = up.lastIndexOf('\'');
        out.add(new Tok(s, s + q, up.substring(0, q), cap));
        out.add(new Tok(s + q, e, up.substring(q), false));
      } else {
        // a final period left on the token (not "U.S.") is not part of the word
        out.add(new Tok(s, e, up.charAt(len - 1) == '.' && up.indexOf('.') == len - 1 ? up.substring(0, len - 1) : up,
            cap));
      }
    }
    return out;
  }

  /**
   * {@code text[s, e)} upper-cased ({@link Locale#ROOT}) with curly apostrophes made straight: cut from
   * {@code upText} (the whole text upper-cased, or null when that changed its length, e.g. "ß" to "SS", so that
   * offsets no longer line up), which is one copy per token instead of two.
   */
  private static String upper(String text, String upText, int s, int e) {
    String up = upText != null ? upText.substring(s, e) : text.substring(s, e).toUpperCase(Locale.ROOT);
    return up.replace('’', '\'');
  }

  /**
   * Token ranges [lo, hi) of the sentences ({@code sentences}, in text order): consecutive tokens in one sentence; a
   * token belongs to the last sentence starting at or before it.
   */
  private static List<int[]> sentenceRanges(List<Sentences.Span> sentences, List<Tok> toks) {
    List<int[]> out = new ArrayList<>();
    int s = 0; // the first sentence starting after the current token (binary search for the first token)
    if (!toks.isEmpty()) {
      int first = toks.get(0).start();
      int hi = sentences.size();
      while (s < hi) {
        int mid = (s + hi) >>> 1;
        if (sentences.get(mid).start() <= first) {
          s = mid + 1;
        } else {
          hi = mid;
        }
      }
    }
    int lo = 0;
    int cur = -1;
    for (int i = 0; i < toks.size(); i++) {
      int start = toks.get(i).start();
      while (s < sentences.size() && sentences.get(s).start() <= start) {
        s++;
      }
      // token i is in sentence s - 1
      if (i > 0 && s - 1 != cur) {
        out.add(new int[] {lo, i});
        lo = i;
      }
      cur = s - 1;
    }
    if (!toks.isEmpty()) {
      out.add(new int[] {lo, toks.size()});
    }
    return out;
  }

  /** The first index of {@code c} in {@code text[from, to)}, or -1. */
  private static int indexOf(String text, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  /** {@code text.substring(from, to).contains("\n\n")} without the copy. */
  private static boolean blankLine(String text, int from, int to) {
    for (int k = from; k + 1 < to; k++) {
      if (text.charAt(k) == '\n' && text.charAt(k + 1) == '\n') {
        return true;
      }
    }
    return false;
  }

  /** Whether each token lies inside quotation marks (“…”, or between straight double quotes). */
  private static boolean[] quotes(List<Tok> toks, String text) {
    boolean[] q = new boolean[toks.size()];
    boolean in = false;
    for (int i = 0; i < toks.size(); i++) {
      String w = toks.get(i).up();
      if (w.equals("“")) {
        in = true;
      } else if (w.equals("”")) {
        in = false;
      } else if (w.equals("\"")) {
        in = !in;
      } else {
        q[i] = in;
      }
      // a paragraph break closes an unbalanced quote
      if (i + 1 < toks.size() && blankLine(text, toks.get(i).end(), toks.get(i + 1).start())) {
        in = false;
      }
    }
    return q;
  }
}
