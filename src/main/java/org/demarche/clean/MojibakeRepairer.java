package org.demarche.clean;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.demarche.ml.StringColumnTransformer;

/**
 * Repairs "mojibake": UTF-8 text that was decoded as Windows-1252 or Latin-1, possibly more than once
 * ({@code IranÃ¢â‚¬â„¢s} → {@code Iran’s}, {@code Ã©} → {@code é}, {@code â€”} → {@code —}, {@code Â£} → {@code £}).
 *
 * <p>Input: {@code inputCol}, string. Output: {@code outputCol}, string. Null in gives null out; text without any
 * suspicious character is returned unchanged.
 *
 * <p>Method (in the spirit of ftfy): the text is split into runs of characters that Windows-1252 can encode above
 * ASCII (U+0080–U+00FF, where the five bytes undefined in Windows-1252 and the C1 controls are taken as Latin-1, plus
 * the 27 Windows-1252 specials such as € ‚ ’ “ ” – —). Only runs containing a "mojibake signature" (a UTF-8 lead
 * character {@code Â}–{@code ô} directly followed by a continuation character) are touched. A run is re-encoded to
 * those bytes and every well-formed UTF-8 multi-byte sequence in it is decoded strictly (overlong forms and
 * surrogates are refused; bytes that are not part of a valid sequence keep their original character). This is
 * repeated up to {@code maxRounds} times for doubly or triply encoded text. The best round is kept only if it is
 * plausible (no C1 control, U+FFFD, IPA-extension, private-use or unassigned character) and strictly lowers the
 * badness (signature pairs plus C1 controls) of the run; otherwise the run is left as it was. So correct text such as
 * {@code Café}, {@code Ærø}, {@code naïve}, {@code Ãlvaro}, Russian or Arabic is never changed: it has no signature
 * pair or does not decode.
 *
 * <p>Last, a leftover {@code â€} (the first two bytes of a UTF-8 punctuation mark whose third byte was lost) becomes
 * {@code —} when followed by an ASCII {@code "} (the cp1252 {@code ”} of {@code â€”} folded to ASCII) and {@code ”}
 * otherwise (the undefined byte 0x9D of {@code â€\u009d} dropped). {@code â€} never occurs in correct text.
 *
 * <p>Params:
 *
 * <ul>
 *   <li>{@code inputCol} (string): column to read. No default.
 *   <li>{@code outputCol} (string): column to add. No default.
 *   <li>{@code maxRounds} (int, 1–5): decoding rounds per run. Default {@code 3}.
 * </ul>
 */
public class MojibakeRepairer extends StringColumnTransformer {
  private static final long serialVersionUID = 1L;

  private final IntParam maxRounds;

  public MojibakeRepairer() {
    this(Identifiable.randomUID("mojibake"));
  }

  public MojibakeRepairer(String uid) {
    super(uid);
    maxRounds = new IntParam(this, "maxRounds", "decoding rounds per suspicious run (1-5)",
        ParamValidators.inRange(1, 5));
    setDefault(maxRounds, 3);
  }

  public IntParam maxRounds() {
    return maxRounds;
  }

  public int getMaxRounds() {
    return (Integer) $(maxRounds);
  }

  public MojibakeRepairer setMaxRounds(int value) {
    set(maxRounds, value);
    return this;
  }

  @Override
  public MojibakeRepairer setInputCol(String value) {
    super.setInputCol(value);
    return this;
  }

  @Override
  public MojibakeRepairer setOutputCol(String value) {
    super.setOutputCol(value);
    return this;
  }

  @Override
  protected Column outputExpr(Column input) {
    final int rounds = getMaxRounds();
    return functions.udf((UDF1<String, String>) s -> repair(s, rounds), DataTypes.StringType).apply(input);
  }

  public static MLReader<MojibakeRepairer> read() {
    return new DefaultParamsReader<>();
  }

  public static MojibakeRepairer load(String path) {
    return read().load(path);
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** Windows-1252 bytes 0x80-0x9F; '\0' marks the five undefined bytes (taken as Latin-1). */
  private static final String CP1252_HIGH =
      "€\0‚ƒ„…†‡ˆ‰Š‹Œ\0Ž\0\0‘’“”•–—˜™š›œ\0žŸ";

  /** Byte for a char (0x80-0xFF), or -1 when the char is not encodable above ASCII. */
  static int toByte(char c) {
    if (c >= 0xA0 && c <= 0xFF) {
      return c;
    }
    if (c >= 0x80 && c <= 0x9F) {
      return c; // C1 control: Latin-1 decoding, or an undefined Windows-1252 byte
    }
    int i = CP1252_HIGH.indexOf(c);
    return c != 0 && i >= 0 ? 0x80 + i : -1;
  }

  private static boolean isContinuation(char c) {
    int b = toByte(c);
    return b >= 0x80 && b <= 0xBF;
  }

  private static boolean isLead(char c) {
    return c >= 0xC2 && c <= 0xF4;
  }

  /** Signature pairs plus C1 controls: how "mojibake-looking" a string is. */
  public static int badness(String s) {
    int bad = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80 && c <= 0x9F) {
        bad++;
      }
      if (isLead(c) && i + 1 < s.length() && isContinuation(s.charAt(i + 1))) {
        bad++;
      }
    }
    return bad;
  }

  /** {@link #repair(String, int)} with 3 rounds. */
  public static String repair(String s) {
    return repair(s, 3);
  }

  /** The repaired text; null for null. */
  public static String repair(String s, int maxRounds) {
    if (s == null || s.isEmpty()) {
      return s;
    }
    boolean suspicious = false;
    for (int i = 0; i + 1 < s.length() && !suspicious; i++) {
      suspicious = isLead(s.charAt(i)) && isContinuation(s.charAt(i + 1));
    }
    if (!suspicious) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      if (toByte(s.charAt(i)) < 0) {
        out.append(s.charAt(i++));
        continue;
      }
      int j = i;
      while (j < s.length() && toByte(s.charAt(j)) >= 0) {
        j++;
      }
      out.append(repairRun(s.substring(i, j), maxRounds));
      i = j;
    }
    return fixLostThirdByte(out.toString());
  }

  /** {@code â€} whose third byte was lost: before an ASCII {@code "} it was a dash, otherwise a closing quote. */
  private static final java.util.regex.Pattern LOST_THIRD = java.util.regex.Pattern.compile(
      "\u00e2\u20ac(\"|(?![\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160"
          + "\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a"
          + "\u0153\u017e\u0178]))");

  private static String fixLostThirdByte(String s) {
    if (!s.contains("\u00e2\u20ac")) {
      return s;
    }
    java.util.regex.Matcher m = LOST_THIRD.matcher(s);
    StringBuilder b = new StringBuilder(s.length());
    int last = 0;
    while (m.find()) {
      b.append(s, last, m.start()).append(m.group(1).isEmpty() ? "\u201d" : "\u2014");
      last = m.end();
    }
    return b.append(s, last, s.length()).toString();
  }

  private static String repairRun(String run, int maxRounds) {
    int bestBad = badness(run);
    if (bestBad == 0) {
      return run;
    }
    String best = run;
    String cur = run;
    for (int r = 0; r < maxRounds; r++) {
      String next = decodeRound(cur);
      if (next.equals(cur)) {
        break;
      }
      cur = next;
      int bad = badness(cur);
      if (bad < bestBad && plausible(cur)) {
        best = cur;
        bestBad = bad;
      }
    }
    return best;
  }

  /** Decodes every well-formed UTF-8 multi-byte sequence found in the encodable runs of {@code s}. */
  static String decodeRound(String s) {
    StringBuilder out = new StringBuilder(s.length());
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      int b = toByte(c);
      int len = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
      if (len > 0 && i + len <= n) {
        byte[] bytes = new byte[len];
        bytes[0] = (byte) b;
        boolean ok = true;
        for (int k = 1; k < len && ok; k++) {
          int cb = toByte(s.charAt(i + k));
          ok = cb >= 0x80 && cb <= 0xBF;
          bytes[k] = (byte) cb;
        }
        if (ok) {
          try {
            CharBuffer cbuf = dec.reset().decode(ByteBuffer.wrap(bytes));
            out.append(cbuf);
            i += len;
            continue;
          } catch (CharacterCodingException e) {
            // not a valid sequence: keep the original character
          }
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  private static boolean plausible(String s) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      int type = Character.getType(cp);
      if (cp >= 0x80 && cp <= 0x9F || cp == 0xFFFD || cp >= 0x250 && cp <= 0x2AF
          || type == Character.PRIVATE_USE || type == Character.UNASSIGNED || type == Character.SURROGATE) {
        return false;
      }
    }
    return true;
  }
}
