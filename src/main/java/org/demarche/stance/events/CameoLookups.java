package org.demarche.stance.events;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CAMEO event-code lookups: label, Goldstein score, root code and QuadClass.
 *
 * <p>Data: GDELT's own lookup files {@code CAMEO.eventcodes.txt} (code → label) and {@code CAMEO.goldsteinscale.txt}
 * (code → Goldstein score, −10 … +10), shipped in this package (see {@code SOURCE.md}). Codes are strings: "042" and
 * "42" are different codes, and a leading zero is significant.
 *
 * <p>Root code: the first two characters of a code ("0421" → "04"). QuadClass follows the GDELT event codebook
 * (field {@code QuadClass}: 1 = Verbal Cooperation, 2 = Material Cooperation, 3 = Verbal Conflict, 4 = Material
 * Conflict; GDELT Data Format Codebook V1.03, 2013, and Event Codebook V2.0, 2015). The codebook names the four
 * classes but not the root ranges; the ranges used here were checked against GDELT's own records shipped in
 * {@code ../shared/data/gdelt/}: every one of the 105,438 GDELT 1.0 rows and 2,111 GDELT 2.0 rows has roots 01–05 in
 * class 1, 06–09 in class 2, 10–14 in class 3 and 15–20 in class 4 (so 05 "engage in diplomatic cooperation" is
 * verbal, 09 "investigate" is material cooperation and 14 "protest" is verbal conflict). {@code CameoLookupsTest}
 * re-checks the mapping against the GDELT 2.0 file. A code whose root is outside 01–20 (the PETRARCH validation
 * dictionary has private codes such as "903" or "345") has no QuadClass ({@code 0}).
 */
public final class CameoLookups {
  /** GDELT QuadClass values. */
  public static final int VERBAL_COOPERATION = 1;
  public static final int MATERIAL_COOPERATION = 2;
  public static final int VERBAL_CONFLICT = 3;
  public static final int MATERIAL_CONFLICT = 4;

  private static final String BASE = "/org/demarche/stance/events/";
  private static volatile CameoLookups builtin;

  private final Map<String, String> labels;
  private final Map<String, Double> goldstein;

  private CameoLookups(Map<String, String> labels, Map<String, Double> goldstein) {
    this.labels = Collections.unmodifiableMap(labels);
    this.goldstein = Collections.unmodifiableMap(goldstein);
  }

  /** The shipped GDELT lookups (read once per JVM). */
  public static CameoLookups builtin() {
    CameoLookups b = builtin;
    if (b == null) {
      synchronized (CameoLookups.class) {
        if (builtin == null) {
          Map<String, String> l = new LinkedHashMap<>();
          for (String[] r : read("CAMEO.eventcodes.txt")) {
            l.put(r[0], r[1]);
          }
          Map<String, Double> g = new LinkedHashMap<>();
          for (String[] r : read("CAMEO.goldsteinscale.txt")) {
            g.put(r[0], Double.parseDouble(r[1]));
          }
          builtin = new CameoLookups(l, g);
        }
        b = builtin;
      }
    }
    return b;
  }

  private static java.util.List<String[]> read(String name) {
    java.util.List<String[]> rows = new java.util.ArrayList<>();
    try (InputStream in = CameoLookups.class.getResourceAsStream(BASE + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + BASE + name);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line = r.readLine(); // header
      while ((line = r.readLine()) != null) {
        String[] f = line.split("\t", 2);
        if (f.length == 2 && !f[0].isBlank()) {
          rows.add(new String[] {f[0].strip(), f[1].strip()});
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** Whether the code is one of the CAMEO event codes in GDELT's list. */
  public boolean isCameo(String code) {
    return code != null && labels.containsKey(code);
  }

  /** GDELT's label for the code, or null. */
  public String description(String code) {
    return code == null ? null : labels.get(code);
  }

  /**
   * Goldstein score of the code, or null when the file has none. A code missing from the file falls back to its
   * parent (the code without its last digit, down to the 3-digit base code), as GDELT's base codes do.
   */
  public Double goldstein(String code) {
    if (code == null) {
      return null;
    }
    for (String c = code; c.length() >= 2; c = c.substring(0, c.length() - 1)) {
      Double g = goldstein.get(c);
      if (g != null) {
        return g;
      }
      if (c.length() <= 3) {
        break;
      }
    }
    return null;
  }

  /** The first two characters ("0421" → "04"), or null for a code shorter than two characters. */
  public static String rootCode(String code) {
    return code == null || code.length() < 2 ? null : code.substring(0, 2);
  }

  /** QuadClass of a code (1–4, see the class comment), or 0 when its root is not 01–20. */
  public static int quadClass(String code) {
    String root = rootCode(code);
    if (root == null || !Character.isDigit(root.charAt(0)) || !Character.isDigit(root.charAt(1))) {
      return 0;
    }
    int r = Integer.parseInt(root);
    if (r >= 1 && r <= 5) {
      return VERBAL_COOPERATION;
    }
    if (r >= 6 && r <= 9) {
      return MATERIAL_COOPERATION;
    }
    if (r >= 10 && r <= 14) {
      return VERBAL_CONFLICT;
    }
    if (r >= 15 && r <= 20) {
      return MATERIAL_CONFLICT;
    }
    return 0;
  }

  /** Number of codes with a label. */
  public int size() {
    return labels.size();
  }
}
