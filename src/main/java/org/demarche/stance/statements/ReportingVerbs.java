package org.demarche.stance.statements;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The reporting-verb lexicon ({@code org/demarche/stance/reporting_verbs.tsv}, written for this project; see the
 * {@code SOURCE.md} beside it): each inflected form (one word, or two for phrasal verbs such as "pointed out") maps to
 * its {@link Verb}. The built-in lexicon is parsed once per JVM ({@link #builtin()}).
 */
public final class ReportingVerbs implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String BUILTIN = "org/demarche/stance/reporting_verbs.tsv";

  /**
   * One verb. {@code verbClass}: {@code neutral}, {@code assert}, {@code negative}, {@code positive}.
   * {@code complement}: {@code any} (a clause or an object may follow directly: "X said the talks failed", "X condemned
   * the attack"), {@code clause} (counts only with "that", ":", a quote, or as a trailing attribution "..., X added."),
   * {@code object} (a listener follows: "X told reporters (that) ...").
   */
  public record Verb(String lemma, String verbClass, String complement) implements Serializable {}

  /** One form of a verb: {@code participle} marks the -ing form, {@code base} the bare lemma form. */
  public record Form(Verb verb, boolean ing, boolean base, boolean pastParticiple) implements Serializable {}

  private final Map<String, Form> forms;
  private final java.util.Set<String> phrasalHeads = new java.util.HashSet<>();
  private final int size;

  private ReportingVerbs(Map<String, Form> forms, int size) {
    this.forms = Collections.unmodifiableMap(forms);
    this.size = size;
    for (String f : forms.keySet()) {
      int sp = f.indexOf(' ');
      if (sp > 0) {
        phrasalHeads.add(f.substring(0, sp));
      }
    }
  }

  /** Whether {@code lowerWord} is the first word of a two-word form ("pointed" of "pointed out"). */
  public boolean isPhrasalHead(String lowerWord) {
    return phrasalHeads.contains(lowerWord);
  }

  private static final class Holder {
    static final ReportingVerbs BUILTIN_LEXICON = load();
  }

  /** The built-in lexicon, parsed once per JVM. */
  public static ReportingVerbs builtin() {
    return Holder.BUILTIN_LEXICON;
  }

  /** The form (lower case; two words joined by one space for phrasal verbs), or null. */
  public Form lookup(String lowerForm) {
    return forms.get(lowerForm);
  }

  /** Number of verbs (lemmas). */
  public int size() {
    return size;
  }

  private static ReportingVerbs load() {
    InputStream in = ReportingVerbs.class.getClassLoader().getResourceAsStream(BUILTIN);
    if (in == null) {
      throw new IllegalStateException("missing resource " + BUILTIN);
    }
    Map<String, Form> forms = new HashMap<>();
    int lemmas = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      boolean header = true;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        String[] f = line.split("\t");
        if (f.length != 4) {
          throw new IllegalStateException(BUILTIN + ": 4 columns expected: " + line);
        }
        String lemma = f[0].trim().toLowerCase(Locale.ROOT);
        Verb v = new Verb(lemma, f[2].trim(), f[3].trim());
        lemmas++;
        forms.putIfAbsent(lemma, new Form(v, false, true, false));
        String[] inflected = f[1].split(",");
        for (int i = 0; i < inflected.length; i++) {
          String form = inflected[i].trim().toLowerCase(Locale.ROOT);
          String head = form.split(" ")[0];
          boolean ing = head.endsWith("ing") && !lemma.split(" ")[0].endsWith("ing");
          // the past participle: the past form (listed after the 3rd person), or an explicit "-en" form ("written")
          boolean past = !ing && (head.endsWith("ed") || head.endsWith("en") || i >= 1 && !head.endsWith("s"));
          forms.putIfAbsent(form, new Form(v, ing, false, past));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ReportingVerbs(forms, lemmas);
  }
}
