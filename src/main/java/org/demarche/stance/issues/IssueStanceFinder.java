package org.demarche.stance.issues;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.demarche.actors.MentionFinder.Mention;
import org.demarche.stance.issues.IssueDictionary.Match;
import org.demarche.stance.issues.IssueDictionary.Word;

/**
 * Stance of actors toward issues: support, oppose or neutral, with a score in [-1, 1], the cues behind it and the
 * evidence sentence.
 *
 * <p>For every sentence holding an issue phrase ({@link IssueDictionary#find}), the stance holder and the polarity come
 * from cues in the same sentence:
 * <ol>
 *   <li>A <b>governing verb</b> of opinion before the phrase ("Russia <i>opposes</i> arming the rebels", "Moscow
 *       <i>criticized</i> some players for arming Syrian rebels", "Washington <i>insists</i> that Assad must step down")
 *       gives the polarity (flipped by a negator in the three words before it) and its subject, the actor mentions right
 *       before it ("Moscow and Washington confirmed ..." gives both), holds the stance.</li>
 *   <li>Otherwise evaluative and modal cues around the phrase ("Arming non-governmental players <i>violates</i>
 *       international law", "his forced departure would make the situation <i>worse</i>", "Assad <i>must</i> step down")
 *       give the polarity, weighted by distance, and the stance holder is the speaker of the statement that holds the
 *       sentence (an {@link Attribution}).</li>
 *   <li>A sentence with neither a subject nor a speaker gives no row; one with a holder and no cue gives a neutral row
 *       with low confidence.</li>
 * </ol>
 * Mentions inside the issue's own context phrases (Assad in "Assad must step down") never hold the stance.
 */
public final class IssueStanceFinder {
  /** Who said the words in {@code [start, end)}: a statement with a resolved speaker. */
  public record Attribution(String actorId, String cameoCode, String country, int start, int end, double confidence) {}

  /** One issue stance. {@code holder} is {@code subject} or {@code speaker}. */
  public record IssueStance(String issueId, String issueLabel, String sourceActorId, String sourceCode,
      String sourceCountry, String holder, double score, String stanceClass, double confidence, String cues,
      int phraseStart, int phraseEnd, int evidenceStart, int evidenceEnd) {}

  static final double SUPPORT_THRESHOLD = 0.25;

  private static final Map<String, Double> GOVERNING = new HashMap<>();
  private static final Map<String, Double> EVALUATIVE = new HashMap<>();
  private static final Set<String> NEGATORS = Set.of("not", "no", "never", "n't", "cannot", "can't", "won't",
      "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "hasn't", "haven't", "nor", "without");
  private static final Set<String> COORD = Set.of("and", "&", "as", "well", "together", "with", "both", "the");

  static {
    for (String v : List.of("support", "back", "endorse", "favor", "favour", "welcome", "insist", "urge", "demand",
        "advocate", "commit", "uphold", "implement", "reaffirm", "reiterate", "confirm", "propose", "want", "seek",
        "agree", "approve", "embrace", "champion", "applaud", "praise", "push", "press", "call", "defend")) {
      forms(v).forEach(f -> GOVERNING.put(f, 1.0));
    }
    for (String v : List.of("oppose", "reject", "condemn", "criticize", "criticise", "denounce", "object", "warn",
        "refuse", "deny", "veto", "block", "dismiss", "slam", "blast", "decry", "question", "doubt", "resist",
        "protest", "fear", "accuse", "disagree", "rule", "destroy", "eliminate", "dismantle", "remove", "ban",
        "abolish", "scrap", "prohibit", "renounce", "outlaw")) {
      forms(v).forEach(f -> GOVERNING.put(f, -1.0));
    }
    for (String w : List.of("must", "should", "need", "needs", "needed", "necessary", "vital", "essential", "key",
        "important", "roadmap", "commitment", "committed", "implementation", "only way", "right", "legitimate",
        "supportive", "ready", "determined", "welcomed", "positive", "progress")) {
      EVALUATIVE.put(w, 1.0);
    }
    for (String w : List.of("violate", "violates", "violated", "violating", "violation", "illegal", "unlawful",
        "dangerous", "unacceptable", "mistake", "worse", "impossible", "wrong", "counterproductive", "betting",
        "pour", "fuel", "risk", "risky", "reckless", "irresponsible", "threat", "threatens", "destabilizing",
        "destabilising", "provocative", "against", "forced", "interference", "futile", "failed", "failure")) {
      EVALUATIVE.put(w, -1.0);
    }
  }

  private static List<String> forms(String v) {
    List<String> out = new ArrayList<>(List.of(v, v + "s", v + "ed", v + "ing"));
    if (v.endsWith("e")) {
      String stem = v.substring(0, v.length() - 1);
      out.addAll(List.of(v + "d", stem + "ing"));
    }
    if (v.endsWith("y")) {
      String stem = v.substring(0, v.length() - 1);
      out.addAll(List.of(stem + "ies", stem + "ied"));
    }
    if (v.endsWith("h") || v.endsWith("s")) {
      out.add(v + "es");
    }
    if (v.equals("commit") || v.equals("object") || v.equals("veto") || v.equals("block")) {
      out.addAll(List.of(v + "ted", v + "ting", v + "es"));
    }
    return out;
  }

  private final IssueDictionary dict;

  public IssueStanceFinder(IssueDictionary dict) {
    this.dict = dict;
  }

  /**
   * Issue stances in {@code text}. {@code sentences} are {@code [start, end)} character spans; {@code mentions} the
   * document's actor mentions; {@code attributions} the statements with a resolved speaker.
   */
  public List<IssueStance> find(String text, List<int[]> sentences, List<Mention> mentions,
      List<Attribution> attributions) {
    List<IssueStance> out = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    List<Word> words = IssueDictionary.words(text);
    int w = 0;
    for (int[] s : sentences) {
      while (w < words.size() && words.get(w).start() < s[0]) {
        w++;
      }
      int from = w;
      int to = from;
      while (to < words.size() && words.get(to).end() <= s[1]) {
        to++;
      }
      if (to > from) {
        sentence(text, s, words, from, to, mentions, attributions, out);
      }
      w = to;
    }
    return out;
  }

  private void sentence(String text, int[] sent, List<Word> words, int from, int to, List<Mention> mentions,
      List<Attribution> attributions, List<IssueStance> out) {
    List<Match> matches = dict.find(words, from, to);
    if (matches.isEmpty()) {
      return;
    }
    // one row per (issue, holder) in a sentence: the first phrase of each issue stands for the sentence
    Map<String, Match> firstByIssue = new LinkedHashMap<>();
    for (Match m : matches) {
      firstByIssue.putIfAbsent(m.issue().id(), m);
    }
    List<Mention> inSentence = new ArrayList<>();
    for (Mention m : mentions) {
      if (m.start() >= sent[0] && m.end() <= sent[1]) {
        inSentence.add(m);
      }
    }
    for (Match m : firstByIssue.values()) {
      Set<Integer> excluded = contextTokens(m.issue(), words, from, to);
      for (int t = m.tokenStart(); t < m.tokenEnd(); t++) {
        excluded.add(t);
      }
      // 1. governing verb before the phrase: the leftmost one
      int gov = -1;
      for (int t = from; t < m.tokenStart(); t++) {
        if (GOVERNING.containsKey(words.get(t).lower()) && !excluded.contains(t)) {
          gov = t;
          break;
        }
      }
      StringBuilder cues = new StringBuilder();
      double score;
      List<Mention> holders = new ArrayList<>();
      String holderKind;
      double conf;
      if (gov >= 0) {
        // the governing verbs compose: "urges to destroy chemical weapons" is against the weapons, "rejects calls to
        // arm the rebels" against arming
        score = 1;
        for (int t = gov; t < m.tokenStart(); t++) {
          if (!GOVERNING.containsKey(words.get(t).lower()) || excluded.contains(t)) {
            continue;
          }
          double pol = GOVERNING.get(words.get(t).lower());
          boolean neg = negated(words, t, from);
          score *= neg ? -pol : pol;
          cues.append(cues.length() > 0 ? " " : "").append(neg ? "not " : "").append(words.get(t).lower());
        }
        holders = subjects(words, from, gov, inSentence, excluded);
        holderKind = "subject";
        conf = 0.7;
      } else {
        double sum = 0;
        for (int t = from; t < to; t++) {
          if (excluded.contains(t)) {
            continue;
          }
          String lw = words.get(t).lower();
          Double pol = EVALUATIVE.get(lw);
          if (pol == null && t + 1 < to) {
            pol = EVALUATIVE.get(lw + " " + words.get(t + 1).lower());
          }
          if (pol == null) {
            continue;
          }
          int dist = t < m.tokenStart() ? m.tokenStart() - t : Math.max(0, t - m.tokenEnd() + 1);
          double wgt = 1.0 / (1.0 + 0.15 * dist);
          double p = negated(words, t, from) ? -pol : pol;
          sum += p * wgt;
          if (cues.length() > 0) {
            cues.append(", ");
          }
          cues.append(p < 0 && pol > 0 ? "not " : "").append(lw);
        }
        score = Math.tanh(1.5 * sum);
        holderKind = "speaker";
        conf = cues.length() > 0 ? 0.5 : 0.2;
      }
      // the score is toward what the phrases name; the issue's proposition may be against it ("chemical weapons": the
      // proposition is that they must be eliminated, so condemning them supports it)
      score *= m.issue().polarity();
      if (holders.isEmpty()) {
        Attribution a = speaker(attributions, m.start(), m.end());
        if (a == null) {
          continue;
        }
        holderKind = "speaker";
        conf *= Math.min(1.0, a.confidence() + 0.2);
        out.add(row(m, a.actorId(), a.cameoCode(), a.country(), holderKind, score, conf, cues.toString(), sent));
      } else {
        for (Mention h : holders) {
          out.add(row(m, h.actorId(), h.cameoCode(), h.country(), holderKind, score, conf * h.confidence(),
              cues.toString(), sent));
        }
      }
    }
  }

  private static IssueStance row(Match m, String actor, String code, String country, String holder, double score,
      double conf, String cues, int[] sent) {
    String cls = score >= SUPPORT_THRESHOLD ? "support" : score <= -SUPPORT_THRESHOLD ? "oppose" : "neutral";
    return new IssueStance(m.issue().id(), m.issue().label(), actor, code, country, holder, score, cls,
        Math.round(conf * 1000) / 1000.0, cues, m.start(), m.end(), sent[0], sent[1]);
  }

  private Set<Integer> contextTokens(IssueDictionary.Issue issue, List<Word> words, int from, int to) {
    Set<Integer> out = new HashSet<>();
    for (List<String> p : issue.context()) {
      for (int t = from; t + p.size() <= to; t++) {
        boolean ok = true;
        for (int k = 0; k < p.size() && ok; k++) {
          ok = words.get(t + k).key().equals(p.get(k));
        }
        if (ok) {
          for (int k = 0; k < p.size(); k++) {
            out.add(t + k);
          }
        }
      }
    }
    return out;
  }

  private static boolean negated(List<Word> words, int t, int from) {
    for (int k = Math.max(from, t - 3); k < t; k++) {
      String lw = words.get(k).lower();
      if (NEGATORS.contains(lw) || lw.endsWith("n't")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The subject of the verb at token {@code verb}: the actor mentions in the words right before it (coordinated ones
   * too: "Moscow and Washington confirmed"), skipping at most four non-actor words ("Russia has repeatedly said").
   */
  private static List<Mention> subjects(List<Word> words, int from, int verb, List<Mention> mentions,
      Set<Integer> excluded) {
    List<Mention> out = new ArrayList<>();
    int gap = 0;
    int t = verb - 1;
    while (t >= from && gap <= 4) {
      Word w = words.get(t);
      Mention hit = null;
      for (Mention m : mentions) {
        if (m.start() <= w.start() && w.end() <= m.end() && !excluded.contains(t)) {
          hit = m;
          break;
        }
      }
      if (hit != null) {
        final String id = hit.actorId();
        if (out.stream().noneMatch(o -> o.actorId().equals(id))) {
          out.add(hit);
        }
        while (t >= from && words.get(t).start() >= hit.start()) {
          t--;
        }
        gap = 0;
        continue;
      }
      if (!out.isEmpty() && !COORD.contains(w.lower())) {
        break;
      }
      gap++;
      t--;
    }
    return out;
  }

  private static Attribution speaker(List<Attribution> attributions, int start, int end) {
    Attribution best = null;
    for (Attribution a : attributions) {
      if (a.start() <= start && end <= a.end() && (best == null || a.confidence() > best.confidence())) {
        best = a;
      }
    }
    return best;
  }
}
