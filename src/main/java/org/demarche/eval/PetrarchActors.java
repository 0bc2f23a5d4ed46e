package org.demarche.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.demarche.actors.MentionFinder.Mention;
import org.demarche.stance.events.CameoVerbDictionary;

/**
 * Actor and agent dictionaries in PETRARCH format ({@code PETR.Validate.actors.txt}, {@code PETR.Validate.agents.txt}),
 * turned into {@link Mention}s by longest-match phrase lookup — the mentions
 * {@link org.demarche.stance.events.EventCoder} needs for the PETRARCH
 * unit-test records, whose actors (Arnor, Gondor, …) are not in the project's own dictionary.
 *
 * <p>Actors (petrarch2 {@code dictionaries.rst}): a primary phrase {@code ARNOR_ [ARN]}, synonyms {@code +ARNORIAN},
 * then optional date restrictions on indented lines {@code [HOBGOV 19950601 - 19990815]}, {@code [HOB <950601]},
 * {@code [HOBREB >990816]} or a bare {@code [CODE]} (default). Words are joined by {@code _} or space; six-digit dates are
 * YYMMDD (years below 30 are 20YY). A phrase word without a final {@code _} also matches a longer text word that
 * starts with it when the word has five letters or more and the rest is at most three letters ({@code ARGENTIN} →
 * "Argentina"; TABARI's stem match). A code {@code A/B} gives one mention per code on the same span; {@code ---} is
 * no actor.
 *
 * <p>Agents: {@code PHRASE {PLURAL} [~CODE]} (suffix) or {@code [CODE~]} (prefix); regular plurals are added unless
 * {@code {}} is given; substitution sets {@code !PERSON! = MAN, MEN, ...}. Composition, as PETRARCH does inside a
 * noun phrase: actor + agent ("Arnor cleric", "Gondor's government", "Russian police" → ARNREL, GONGOV, RUSCOP),
 * agent + of/from/in + actor ("soldiers from Gondor", "the ambassadors of Arnor, Osgiliath and Gondor" → each actor
 * with the agent), prefix agents before an actor ("MSF Arnor" → NGOARN), several agents in a row ("Danish Islamist
 * media" → DNKMUSMED). An agent with no actor is coded {@code ---} plus the agent code.
 */
public final class PetrarchActors {
  private record Restriction(String code, LocalDate from, LocalDate to) {}

  private record Entry(String[] words, boolean[] exact, List<Restriction> codes) {}

  private record Agent(String[] words, String code, boolean prefix) {}

  private final Map<String, List<Entry>> actorsByFirst = new HashMap<>();
  private final Map<String, List<Agent>> agentsByFirst = new HashMap<>();

  private PetrarchActors() {}

  /** Reads an actor file and an agent file. */
  public static PetrarchActors load(Path actors, Path agents) {
    try {
      PetrarchActors p = new PetrarchActors();
      p.readActors(Files.readString(actors, StandardCharsets.ISO_8859_1));
      if (agents != null) {
        p.readAgents(Files.readString(agents, StandardCharsets.ISO_8859_1));
      }
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String clean(String line) {
    String l = line.replaceAll("<!--.*?-->", "");
    if (l.contains("<!")) {
      l = l.substring(0, l.indexOf("<!"));
    }
    return CameoVerbDictionary.stripComment(l);
  }

  private void readActors(String text) {
    List<String[]> phrases = new ArrayList<>();
    List<String> phraseCodes = new ArrayList<>();
    List<Restriction> restrictions = new ArrayList<>();
    boolean inComment = false;
    for (String raw : (text + "\n\n").split("\r?\n")) {
      if (inComment) {
        if (raw.contains("-->")) {
          inComment = false;
        }
        continue;
      }
      if (raw.contains("<!--") && !raw.substring(raw.indexOf("<!--")).contains("-->")) {
        inComment = true;
        raw = raw.substring(0, raw.indexOf("<!--"));
      }
      String line = clean(raw);
      boolean indented = !line.isEmpty() && Character.isWhitespace(line.charAt(0));
      String t = line.strip();
      if (t.isEmpty()) {
        continue;
      }
      if (indented && t.startsWith("[")) {
        restrictions.add(restriction(t.substring(1, t.indexOf(']') < 0 ? t.length() : t.indexOf(']'))));
        continue;
      }
      if (t.startsWith("+")) {
        addPhrase(t.substring(1), phrases, phraseCodes);
        continue;
      }
      flush(phrases, phraseCodes, restrictions);
      addPhrase(t, phrases, phraseCodes);
    }
    flush(phrases, phraseCodes, restrictions);
  }

  private static void addPhrase(String t, List<String[]> phrases, List<String> codes) {
    int b = t.indexOf('[');
    String ph = (b < 0 ? t : t.substring(0, b)).strip();
    String code = b < 0 ? null : t.substring(b + 1, t.indexOf(']', b) < 0 ? t.length() : t.indexOf(']', b)).strip();
    if (!ph.isEmpty()) {
      phrases.add(new String[] {ph});
      codes.add(code);
    }
  }

  private static Restriction restriction(String s) {
    String[] f = s.strip().split("\\s+", 2);
    String code = f[0];
    if (f.length == 1) {
      return new Restriction(code, null, null);
    }
    String r = f[1].replace(" ", "");
    if (r.startsWith("<")) {
      return new Restriction(code, null, date(r.substring(1)).minusDays(1));
    }
    if (r.startsWith(">")) {
      return new Restriction(code, date(r.substring(1)).plusDays(1), null);
    }
    String[] ab = r.split("-");
    return new Restriction(code, date(ab[0]), date(ab[1]));
  }

  static LocalDate date(String s) {
    String d = s.strip();
    if (d.length() == 6) {
      int yy = Integer.parseInt(d.substring(0, 2));
      d = (yy < 30 ? "20" : "19") + d;
    }
    return LocalDate.of(Integer.parseInt(d.substring(0, 4)), Integer.parseInt(d.substring(4, 6)),
        Integer.parseInt(d.substring(6, 8)));
  }

  private void flush(List<String[]> phrases, List<String> codes, List<Restriction> restrictions) {
    if (phrases.isEmpty()) {
      restrictions.clear();
      return;
    }
    String primaryCode = codes.get(0);
    for (int i = 0; i < phrases.size(); i++) {
      List<Restriction> rs = new ArrayList<>(restrictions);
      String own = codes.get(i) != null ? codes.get(i) : primaryCode;
      if (own != null) {
        rs.add(new Restriction(own, null, null)); // default after the dated ones
      }
      String p = phrases.get(i)[0].toUpperCase(Locale.ROOT);
      String[] parts = p.split("[\\s_]+(?=\\S)");
      String[] words = new String[parts.length];
      boolean[] exact = new boolean[parts.length];
      for (int k = 0; k < parts.length; k++) {
        exact[k] = parts[k].endsWith("_") || k < parts.length - 1;
        words[k] = parts[k].replaceAll("_+$", "");
      }
      if (words.length == 0 || words[0].isEmpty() || rs.isEmpty()) {
        continue;
      }
      actorsByFirst.computeIfAbsent(key(words[0]), k -> new ArrayList<>()).add(new Entry(words, exact, rs));
    }
    phrases.clear();
    codes.clear();
    restrictions.clear();
  }

  private static String key(String w) {
    return w.length() <= 4 ? w : w.substring(0, 4);
  }

  private static final Pattern SUBST = Pattern.compile("^(![A-Z]+!)\\s*=\\s*(.*)$");

  private void readAgents(String text) {
    Map<String, List<String>> subst = new HashMap<>();
    for (String raw : text.split("\r?\n")) {
      String t = clean(raw).strip();
      if (t.isEmpty()) {
        continue;
      }
      Matcher m = SUBST.matcher(t);
      if (m.matches()) {
        List<String> vals = new ArrayList<>();
        for (String v : m.group(2).split(",")) {
          vals.add(v.strip().toUpperCase(Locale.ROOT));
        }
        subst.put(m.group(1), vals);
        continue;
      }
      int b = t.indexOf('[');
      if (b < 0) {
        continue;
      }
      String codeRaw = t.substring(b + 1, t.indexOf(']', b) < 0 ? t.length() : t.indexOf(']', b)).replace(" ", "")
          .replace("}", "");
      boolean prefix = codeRaw.endsWith("~");
      String code = codeRaw.replace("~", "");
      String head = t.substring(0, b).strip();
      String plural = null;
      boolean noPlural = false;
      int ob = head.indexOf('{');
      if (ob >= 0) {
        String inside = head.substring(ob + 1, head.indexOf('}', ob) < 0 ? head.length() : head.indexOf('}', ob))
            .strip();
        noPlural = inside.isEmpty();
        plural = inside.isEmpty() ? null : inside;
        head = head.substring(0, ob).strip();
      }
      List<String> forms = new ArrayList<>();
      forms.add(head.toUpperCase(Locale.ROOT));
      if (plural != null) {
        forms.add(plural.toUpperCase(Locale.ROOT));
      }
      List<String> expanded = new ArrayList<>();
      for (String f : forms) {
        Matcher sm = Pattern.compile("![A-Z]+!").matcher(f);
        if (sm.find() && subst.containsKey(sm.group())) {
          for (String v : subst.get(sm.group())) {
            expanded.add(f.replace(sm.group(), v));
          }
        } else {
          expanded.add(f);
          if (plural == null && !noPlural) {
            String[] w = f.split("[\\s_]+");
            w[w.length - 1] = CameoVerbDictionary.plural(w[w.length - 1]);
            expanded.add(String.join("_", w));
          }
        }
      }
      for (String f : expanded) {
        String[] w = java.util.Arrays.stream(f.split("[\\s_]+")).filter(x -> !x.isEmpty()).toArray(String[]::new);
        if (w.length > 0) {
          agentsByFirst.computeIfAbsent(w[0], k -> new ArrayList<>()).add(new Agent(w, code, prefix));
        }
      }
    }
  }

  // ------------------------------------------------------------------- lookup

  private record Tok(int start, int end, String up) {}

  private record Hit(int first, int last, List<String> codes, boolean agent, boolean prefix) {}

  private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+(?:[-.&][\\p{L}\\p{N}]+)*\\.?|'S|’S|[,;:]");

  /** Mentions for a sentence at a date (null date: default codes). */
  public List<Mention> find(String text, LocalDate date) {
    List<Tok> toks = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      String up = m.group().toUpperCase(Locale.ROOT).replace('’', '\'');
      int end = m.end();
      if (up.endsWith(".") && !up.substring(0, up.length() - 1).contains(".") && up.length() > 2) {
        up = up.substring(0, up.length() - 1);
        end--;
      }
      toks.add(new Tok(m.start(), end, up));
    }
    List<Hit> hits = new ArrayList<>();
    int i = 0;
    while (i < toks.size()) {
      Hit h = actorAt(toks, i, date);
      Hit a = agentAt(toks, i);
      if (a != null && (h == null || a.last() > h.last())) {
        h = a;
      }
      if (h != null) {
        hits.add(h);
        i = h.last() + 1;
      } else {
        i++;
      }
    }
    // composition
    List<Mention> out = new ArrayList<>();
    boolean[] used = new boolean[hits.size()];
    for (int k = 0; k < hits.size(); k++) {
      if (used[k]) {
        continue;
      }
      Hit h = hits.get(k);
      if (!h.agent()) {
        // prefix agents directly before (MSF Arnor)
        String pre = "";
        int first = h.first();
        // suffix agents directly after ("Arnor cleric", "Gondor's government", "Danish Islamist media")
        String suf = "";
        int last = h.last();
        int j = k + 1;
        while (j < hits.size() && hits.get(j).agent() && gapOk(toks, last, hits.get(j).first())) {
          Hit a = hits.get(j);
          if (a.prefix()) {
            pre = pre + a.codes().get(0);
          } else {
            suf = suf + a.codes().get(0);
          }
          last = a.last();
          used[j] = true;
          j++;
        }
        if (k > 0 && hits.get(k - 1).agent() && hits.get(k - 1).prefix() && !used[k - 1]
            && hits.get(k - 1).last() + 1 == h.first()) {
          pre = hits.get(k - 1).codes().get(0) + pre;
        }
        for (String c : h.codes()) {
          out.add(mention(text, toks, first, last, pre + c + suf));
        }
      } else {
        // agent + of/from/in + actor(s)
        int next = h.last() + 1;
        boolean linked = k + 1 < hits.size() && !hits.get(k + 1).agent() && next < toks.size()
            && List.of("OF", "FROM", "IN").contains(toks.get(next).up()) && hits.get(k + 1).first() <= next + 2;
        if (linked) {
          int q = k + 1;
          while (q < hits.size() && !hits.get(q).agent()) {
            Hit a = hits.get(q);
            for (String c : a.codes()) {
              out.add(mention(text, toks, a.first(), a.last(), c + h.codes().get(0)));
            }
            used[q] = true;
            if (q + 1 < hits.size() && coordinated(toks, a.last(), hits.get(q + 1).first())) {
              q++;
            } else {
              break;
            }
          }
          // the agent's own span resolves to the first actor, so that the subject walk finds it
          Hit a = hits.get(k + 1);
          out.add(mention(text, toks, h.first(), h.last(), a.codes().get(0) + h.codes().get(0)));
        } else if (!h.prefix() && (k + 1 >= hits.size() || hits.get(k + 1).first() > h.last() + 1)) {
          out.add(mention(text, toks, h.first(), h.last(), "---" + h.codes().get(0)));
        }
      }
    }
    out.sort(java.util.Comparator.comparingInt(Mention::start));
    return out;
  }

  private static boolean gapOk(List<Tok> toks, int last, int next) {
    if (next == last + 1) {
      return true;
    }
    // possessive or up to two modifiers between the actor and the agent ("Gondor's main opposition group")
    for (int i = last + 1; i < next; i++) {
      String w = toks.get(i).up();
      if (w.equals(",") || w.equals(";")) {
        return false;
      }
    }
    return next - last - 1 <= 2;
  }

  private static boolean coordinated(List<Tok> toks, int last, int next) {
    for (int i = last + 1; i < next; i++) {
      String w = toks.get(i).up();
      if (!(w.equals(",") || w.equals("AND") || w.equals("THE") || w.equals("OR"))) {
        return false;
      }
    }
    return next > last + 1;
  }

  private static Mention mention(String text, List<Tok> toks, int first, int last, String code) {
    int s = toks.get(first).start();
    int e = toks.get(last).end();
    String cc = code.toUpperCase(Locale.ROOT);
    return new Mention(s, e, text.substring(s, e), cc, cc, cc, cc.length() >= 3 ? cc.substring(0, 3) : cc,
        "petrarch", "exact", "dictionary", 1.0, 0);
  }

  private Hit actorAt(List<Tok> toks, int i, LocalDate date) {
    List<Entry> es = actorsByFirst.get(key(toks.get(i).up()));
    if (es == null) {
      return null;
    }
    Hit best = null;
    for (Entry e : es) {
      if (i + e.words().length > toks.size()) {
        continue;
      }
      boolean ok = true;
      for (int k = 0; k < e.words().length && ok; k++) {
        ok = wordMatch(e.words()[k], e.exact()[k], toks.get(i + k).up());
      }
      if (!ok) {
        continue;
      }
      int last = i + e.words().length - 1;
      if (best != null && last <= best.last()) {
        continue;
      }
      String code = null;
      for (Restriction r : e.codes()) {
        if (r.from() == null && r.to() == null) {
          if (code == null) {
            code = r.code();
          }
          continue;
        }
        if (date != null && (r.from() == null || !date.isBefore(r.from())) && (r.to() == null || !date.isAfter(r.to()))) {
          code = r.code();
          break;
        }
      }
      if (code == null) {
        // dated codes only and none applies: PETRARCH's null code
        code = "---";
      }
      // a dated restriction wins over the default only when it applies; re-check order: dated first
      for (Restriction r : e.codes()) {
        if ((r.from() != null || r.to() != null) && date != null && (r.from() == null || !date.isBefore(r.from()))
            && (r.to() == null || !date.isAfter(r.to()))) {
          code = r.code();
          break;
        }
      }
      if (code.startsWith("---")) {
        best = new Hit(i, last, List.of(), false, false);
        continue;
      }
      best = new Hit(i, last, List.of(code.split("/")), false, false);
    }
    return best == null || best.codes().isEmpty() ? (best == null ? null : null) : best;
  }

  private static boolean wordMatch(String dictWord, boolean exact, String w) {
    if (dictWord.equals(w)) {
      return true;
    }
    return !exact && dictWord.length() >= 5 && w.startsWith(dictWord) && w.length() - dictWord.length() <= 3
        && w.substring(dictWord.length()).chars().allMatch(Character::isLetter);
  }

  private Hit agentAt(List<Tok> toks, int i) {
    List<Agent> as = agentsByFirst.get(toks.get(i).up());
    if (as == null) {
      return null;
    }
    Hit best = null;
    for (Agent a : as) {
      if (i + a.words().length > toks.size()) {
        continue;
      }
      boolean ok = true;
      for (int k = 0; k < a.words().length && ok; k++) {
        ok = a.words()[k].equals(toks.get(i + k).up());
      }
      int last = i + a.words().length - 1;
      if (ok && (best == null || last > best.last())) {
        best = new Hit(i, last, List.of(a.code()), true, a.prefix());
      }
    }
    return best;
  }
}
