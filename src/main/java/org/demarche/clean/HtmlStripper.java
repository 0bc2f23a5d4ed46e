package org.demarche.clean;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.demarche.ml.StringColumnTransformer;

/**
 * Turns HTML (or HTML fragments) into plain text.
 *
 * <p>Input: {@code inputCol}, string. Output: {@code outputCol}, string. Null in gives null out; empty in gives empty
 * out.
 *
 * <p>A cheap check runs first: only text that contains a closing tag of a known element ({@code </div>}), a void tag
 * ({@code <br>}, {@code <img ...>}), a known tag with attributes ({@code <a href=...>}), a self-closing known tag,
 * {@code <p>}, an HTML comment, or a character reference ({@code &amp;}, {@code &#8217;}, {@code &#x2019;}, any
 * HTML5 named reference) is processed (so Reuters tickers such as {@code <U>} or {@code <TWA>} do not count); anything else passes through unchanged, byte for byte. Processing then:
 * removes comments, CDATA, doctype and processing instructions; removes {@code script}, {@code style},
 * {@code noscript}, {@code template}, {@code svg}, {@code iframe}, {@code head} elements with their content; turns
 * {@code <p>} and heading boundaries into a blank line and {@code <li>}, {@code <div>}, table rows and
 * other block tags into a line break ({@code <td>}/{@code <th>} into a space); removes every other tag; {@code <br>} is a line break; whitespace in the markup (including source line breaks) collapses to one space, as in a browser, and a run of block boundaries gives one break; decodes
 * character references in one left-to-right pass (decimal, hex, and the full HTML5 named table, including the legacy
 * names accepted without a semicolon such as {@code &amp}); invalid numeric references become U+FFFD. {@code &nbsp;}
 * decodes to U+00A0 (the {@link UnicodeNormalizer} makes it a space). Finally spaces and tabs are collapsed within
 * lines, lines are trimmed, runs of blank lines become one blank line, and the result is trimmed.
 *
 * <p>Params:
 *
 * <ul>
 *   <li>{@code inputCol} (string): column to read. No default.
 *   <li>{@code outputCol} (string): column to add. No default.
 *   <li>{@code forceParse} (boolean): skip the cheap "looks like HTML" check and always process. Default {@code false}.
 * </ul>
 */
public class HtmlStripper extends StringColumnTransformer {
  private static final long serialVersionUID = 1L;

  private final BooleanParam forceParse;

  public HtmlStripper() {
    this(Identifiable.randomUID("htmlStrip"));
  }

  public HtmlStripper(String uid) {
    super(uid);
    forceParse = new BooleanParam(this, "forceParse", "process every value, even when it does not look like HTML");
    setDefault(forceParse, false);
  }

  public BooleanParam forceParse() {
    return forceParse;
  }

  public boolean getForceParse() {
    return (Boolean) $(forceParse);
  }

  public HtmlStripper setForceParse(boolean value) {
    set(forceParse, value);
    return this;
  }

  @Override
  public HtmlStripper setInputCol(String value) {
    super.setInputCol(value);
    return this;
  }

  @Override
  public HtmlStripper setOutputCol(String value) {
    super.setOutputCol(value);
    return this;
  }

  @Override
  protected Column outputExpr(Column input) {
    final boolean force = getForceParse();
    UserDefinedFunction f =
        functions.udf((UDF1<String, String>) s -> strip(s, force), DataTypes.StringType);
    return f.apply(input);
  }

  public static MLReader<HtmlStripper> read() {
    return new DefaultParamsReader<>();
  }

  public static HtmlStripper load(String path) {
    return read().load(path);
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static final String TAG_NAMES =
      "a|abbr|address|area|article|aside|audio|b|base|bdi|bdo|blockquote|body|br|button|canvas|caption|center|cite"
          + "|code|col|colgroup|dd|del|details|dfn|div|dl|dt|em|embed|fieldset|figcaption|figure|font|footer|form"
          + "|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|kbd|label|legend|li|link|main|mark|meta|nav"
          + "|noscript|object|ol|optgroup|option|p|param|picture|pre|q|s|samp|script|section|select|small|source"
          + "|span|strike|strong|style|sub|summary|sup|svg|table|tbody|td|template|textarea|tfoot|th|thead|time"
          + "|title|tr|tt|u|ul|var|video|wbr";
  private static final Pattern LOOKS_LIKE_TAG =
      Pattern.compile("<!--|</(?:" + TAG_NAMES + ")\\s*>|<(?:br|hr|img|wbr|meta|link|input)\\b[^<>]*>"
          + "|<(?:" + TAG_NAMES + ")\\s+[a-zA-Z-]+\\s*=[^<>]*>|<(?:" + TAG_NAMES + ")\\s*/>|<p>",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern CHAR_REF =
      Pattern.compile("&(?:#(\\d{1,8});?|#[xX]([0-9a-fA-F]{1,7});?|([a-zA-Z][a-zA-Z0-9]{1,31};?))");
  private static final Pattern COMMENT = Pattern.compile("<!--.*?(?:-->|\\z)", Pattern.DOTALL);
  private static final Pattern CDATA = Pattern.compile("<!\\[CDATA\\[(.*?)\\]\\]>", Pattern.DOTALL);
  private static final Pattern DECL = Pattern.compile("<[!?][^<>]*>");
  private static final Pattern RAW_ELEMENTS =
      Pattern.compile(
          "<(script|style|noscript|template|svg|iframe|head|object)\\b[^>]*>.*?(?:</\\1\\s*>|\\z)",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern PARA_TAGS =
      Pattern.compile("</?(?:p|h[1-6]|blockquote|pre|table|ul|ol|dl|section|article)\\b[^<>]*>",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern LINE_TAGS =
      Pattern.compile(
          "</?(?:div|li|tr|dd|dt|header|footer|figure|figcaption|caption|hr|aside|nav|main|address"
              + "|tbody|thead|tfoot|form|fieldset|legend|details|summary|title|body|html|center)\\b[^<>]*>",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern BR = Pattern.compile("<br\\b[^<>]*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern HTML_SPACE = Pattern.compile("[ \\t\\n\\r\\f]+");
  private static final Pattern MARKERS = Pattern.compile("[ \\n]*[\\u0001\\u0002][\\u0001\\u0002 \\n]*");
  private static final Pattern CELL_TAGS = Pattern.compile("</?(?:td|th)\\b[^<>]*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern ANY_TAG = Pattern.compile("</?[a-zA-Z][a-zA-Z0-9:-]*(?:\\s[^<>]*)?/?>");
  private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\r]+");
  private static final Pattern BLANKS = Pattern.compile("\\n{3,}");

  /** HTML5 named references, key without the leading '&' (with or without ';'), value the decoded text. */
  static final Map<String, String> ENTITIES = loadEntities();

  private static Map<String, String> loadEntities() {
    Map<String, String> m = new HashMap<>(4096);
    try (InputStream in = HtmlStripper.class.getResourceAsStream("html5-entities.tsv")) {
      if (in == null) {
        throw new IllegalStateException("html5-entities.tsv missing from the classpath");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        StringBuilder v = new StringBuilder();
        for (String cp : line.substring(tab + 1).split(" ")) {
          v.appendCodePoint(Integer.parseInt(cp, 16));
        }
        m.put(line.substring(0, tab), v.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return m;
  }

  /** True when {@code s} contains a known HTML tag, a comment or a character reference. */
  public static boolean looksLikeHtml(String s) {
    if (s == null || s.indexOf('<') < 0 && s.indexOf('&') < 0) {
      return false;
    }
    if (LOOKS_LIKE_TAG.matcher(s).find()) {
      return true;
    }
    Matcher m = CHAR_REF.matcher(s);
    while (m.find()) {
      if (m.group(3) == null || ENTITIES.containsKey(m.group(3))) {
        return true;
      }
    }
    return false;
  }

  /** {@link #strip(String, boolean)} with the cheap check. */
  public static String strip(String s) {
    return strip(s, false);
  }

  /** The plain-text form of {@code s}; null for null; unchanged when it does not look like HTML (unless forced). */
  public static String strip(String s, boolean force) {
    if (s == null || s.isEmpty() || !force && !looksLikeHtml(s)) {
      return s;
    }
    String t = s.replace('\u0001', ' ').replace('\u0002', ' ');
    t = COMMENT.matcher(t).replaceAll("");
    t = CDATA.matcher(t).replaceAll("$1");
    t = RAW_ELEMENTS.matcher(t).replaceAll(" ");
    t = DECL.matcher(t).replaceAll("");
    t = HTML_SPACE.matcher(t).replaceAll(" "); // source line breaks are not text line breaks in HTML
    t = BR.matcher(t).replaceAll("\n");
    t = PARA_TAGS.matcher(t).replaceAll("\u0002");
    t = LINE_TAGS.matcher(t).replaceAll("\u0001");
    t = CELL_TAGS.matcher(t).replaceAll(" ");
    t = ANY_TAG.matcher(t).replaceAll("");
    // a run of block boundaries is one break: a blank line if any of them is a paragraph boundary
    Matcher mk = MARKERS.matcher(t);
    StringBuilder sb = new StringBuilder(t.length());
    int last = 0;
    while (mk.find()) {
      sb.append(t, last, mk.start()).append(mk.group().indexOf('\u0002') >= 0 ? "\n\n" : "\n");
      last = mk.end();
    }
    t = sb.append(t, last, t.length()).toString();
    t = decodeEntities(t);
    StringBuilder out = new StringBuilder(t.length());
    for (String line : t.split("\n", -1)) {
      out.append(SPACES.matcher(line).replaceAll(" ").strip()).append('\n');
    }
    return BLANKS.matcher(out).replaceAll("\n\n").strip();
  }

  /** Decodes character references in one pass, so {@code &amp;lt;} gives {@code &lt;}. */
  public static String decodeEntities(String s) {
    if (s == null || s.indexOf('&') < 0) {
      return s;
    }
    Matcher m = CHAR_REF.matcher(s);
    StringBuilder out = new StringBuilder(s.length());
    int last = 0;
    while (m.find()) {
      String rep = null;
      if (m.group(1) != null || m.group(2) != null) {
        long cp;
        try {
          cp = m.group(1) != null ? Long.parseLong(m.group(1)) : Long.parseLong(m.group(2), 16);
        } catch (NumberFormatException e) {
          cp = -1;
        }
        rep = numericReference(cp);
      } else {
        String name = m.group(3);
        rep = ENTITIES.get(name);
        if (rep == null && !name.endsWith(";")) {
          // legacy no-semicolon names followed by more letters: "&copy2013" -> try the longest known prefix
          for (int len = name.length() - 1; len >= 2 && rep == null; len--) {
            String prefix = name.substring(0, len);
            String v = ENTITIES.get(prefix);
            if (v != null) {
              out.append(s, last, m.start()).append(v);
              last = m.start() + 1 + len;
              rep = "";
            }
          }
          if (rep != null) {
            continue;
          }
        }
      }
      if (rep != null) {
        out.append(s, last, m.start()).append(rep);
        last = m.end();
      }
    }
    out.append(s, last, s.length());
    return out.toString();
  }

  private static String numericReference(long cp) {
    if (cp == 0 || cp > 0x10FFFF || cp >= 0xD800 && cp <= 0xDFFF || cp < 0) {
      return "\uFFFD";
    }
    if (cp >= 0x80 && cp <= 0x9F) {
      // HTML5: C1 references are interpreted as windows-1252
      byte[] b = {(byte) cp};
      String w = new String(b, java.nio.charset.Charset.forName("windows-1252"));
      if (w.length() == 1 && w.charAt(0) != '\uFFFD') {
        return w;
      }
    }
    return new String(Character.toChars((int) cp));
  }
}
