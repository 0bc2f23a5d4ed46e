package org.demarche.actors;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.demarche.text.DocumentAnalysis;
import org.demarche.text.Token;

/**
 * Discovery of actors missing from the dictionary (plain Java; {@link ActorStages#candidatesTable} aggregates it).
 *
 * <p>A candidate is a run of 1–4 capitalised tokens (name particles such as "al", "bin", "de", "van" allowed inside;
 * leading title words such as "Foreign Minister" stripped) that (a) follows a title ("President X", "spokesman X"), or
 * (b) lies within three tokens of a reporting verb ("X said", "said X", "according to X"), and (c) overlaps no
 * dictionary mention. Runs on an ALL-CAPS line, one-token runs opening a sentence without a title (usually ordinary
 * words), pronouns, months and weekdays are skipped.
 */
public final class Discovery {
  /** One candidate occurrence: the name as written and its sentence. */
  public record Candidate(String name, String sentence) {}

  static final Set<String> REPORTING = Set.of("said", "says", "told", "added", "stressed", "warned", "stated", "noted",
      "insisted", "explained", "argued", "announced", "urged", "declared", "according");
  static final Set<String> TITLE_WORDS = Set.of("president", "minister", "secretary", "spokesman", "spokeswoman",
      "spokesperson", "chairman", "chairwoman", "governor", "senator", "ambassador", "envoy", "general", "prime",
      "foreign", "deputy", "vice", "chief", "director", "commander", "leader", "king", "prince", "sheikh", "mr", "mrs",
      "ms", "dr", "premier", "chancellor", "mayor", "speaker", "gen", "col", "lt", "sen", "rep", "gov", "defence",
      "defense", "finance", "interior", "state", "executive", "head", "colonel", "ayatollah");
  static final Set<String> PARTICLES = Set.of("al", "el", "bin", "ibn", "de", "da", "van", "von", "der", "la", "du");
  static final Set<String> STOP = Set.of("he", "she", "it", "they", "we", "i", "you", "the", "a", "an", "this",
      "that", "but", "and", "in", "on", "at", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
      "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
      "november", "december", "reuters", "ap", "afp", "there", "his", "her", "their", "its", "our", "officials",
      "if", "when", "while", "as", "so", "asked", "also", "however", "meanwhile");

  private Discovery() {}

  private static boolean cap(String text, Token t) {
    return Character.isUpperCase(text.codePointAt(t.start()));
  }

  /** Candidates in {@code text}; {@code covered[c]} marks characters inside dictionary mentions (may be null). */
  public static List<Candidate> find(String text, boolean[] covered) {
    List<Candidate> out = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    return find(DocumentAnalysis.of(text), covered);
  }

  /** Candidates in the analysed text (its word tokens and their sentences). */
  public static List<Candidate> find(DocumentAnalysis analysis, boolean[] covered) {
    List<Candidate> out = new ArrayList<>();
    String text = analysis.text();
    List<Token> toks = analysis.tokens();
    int n = toks.size();
    int[] sent = analysis.tokenSentences();
    boolean[] caps = MentionFinder.capsLines(text, toks);
    int i = 0;
    while (i < n) {
      Token t = toks.get(i);
      if (!cap(text, t) || caps[i] || STOP.contains(t.norm())) {
        i++;
        continue;
      }
      int j = i;
      while (j < n && sent[j] == sent[i] && j - i < 6 && (cap(text, toks.get(j))
          || PARTICLES.contains(toks.get(j).norm()) && j + 1 < n && cap(text, toks.get(j + 1)))) {
        String gap = j > i ? text.substring(toks.get(j - 1).end(), toks.get(j).start()) : " ";
        // one space, a hyphen, or a soft-wrapped line break inside the sentence ("General\nAssembly")
        if (j > i && !(gap.equals(" ") || gap.equals("-") || gap.equals("\n") || gap.equals(" \n"))
            || j > i && toks.get(j - 1).possessive()) {
          break;
        }
        j++;
      }
      int s = i;
      boolean titled = false;
      while (s < j && TITLE_WORDS.contains(toks.get(s).norm())) {
        s++;
        titled = true;
      }
      if (!titled && i > 0 && sent[i - 1] == sent[i] && TITLE_WORDS.contains(toks.get(i - 1).norm())) {
        titled = true;
      }
      int e = j;
      while (e > s && PARTICLES.contains(toks.get(e - 1).norm())) {
        e--;
      }
      boolean ok = e > s && e - s <= 4;
      for (int k = s; ok && k < e; k++) {
        Token tk = toks.get(k);
        if (STOP.contains(tk.norm()) || tk.norm().chars().anyMatch(Character::isDigit)) {
          ok = false;
        }
        if (covered != null) {
          for (int c = tk.start(); ok && c < tk.end() && c < covered.length; c++) {
            ok = !covered[c];
          }
        }
      }
      // ok implies s < e <= n, so sent[s] exists (a trailing run of title words leaves s == n)
      if (ok && !titled && e - s == 1 && (s == 0 || sent[s - 1] != sent[s])) {
        ok = false;
      }
      boolean reporting = false;
      for (int k = Math.max(0, s - 3); ok && k < Math.min(n, e + 3); k++) {
        if ((k < s || k >= e) && sent[k] == sent[s] && REPORTING.contains(toks.get(k).norm())) {
          reporting = !toks.get(k).norm().equals("according") || k + 2 == s;
          if (reporting) {
            break;
          }
        }
      }
      if (ok && (titled || reporting)) {
        String name = text.substring(toks.get(s).start(), toks.get(e - 1).end()).replace(" \n", " ").replace('\n', ' ');
        out.add(new Candidate(name, sentenceText(text, toks, sent, s)));
      }
      i = Math.max(j, i + 1);
    }
    return out;
  }

  static String sentenceText(String text, List<Token> toks, int[] sent, int t) {
    int a = t;
    while (a > 0 && sent[a - 1] == sent[t]) {
      a--;
    }
    int b = t;
    while (b + 1 < toks.size() && sent[b + 1] == sent[t]) {
      b++;
    }
    int end = toks.get(b).end();
    while (end < text.length() && end < toks.get(b).end() + 2 && ".!?\"”'’".indexOf(text.charAt(end)) >= 0) {
      end++;
    }
    String s = text.substring(toks.get(a).start(), end).replaceAll("\\s+", " ").trim();
    return s.length() > 400 ? s.substring(0, 400) + "…" : s;
  }
}
