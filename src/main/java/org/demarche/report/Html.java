package org.demarche.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small HTML writer for the report: every piece of text goes through {@link #esc}, numbers are formatted with a
 * fixed locale, so the page is the same on every machine.
 */
final class Html {
  private final StringBuilder sb = new StringBuilder(1 << 16);

  /** HTML-escapes text for element content and double-quoted attribute values; null gives the empty string. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          // control characters other than tab and newlines are not valid in HTML text
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            b.append(' ');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** A number with {@code decimals} digits after the point, or an en dash for null / NaN. */
  static String num(Double v, int decimals) {
    if (v == null || v.isNaN() || v.isInfinite()) {
      return "–";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** An integer with thousands separators (a comma, whatever the machine's locale). */
  static String count(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }

  /** {@code mean [low, high]}, or the mean alone when the interval is unknown (n &lt; 2). */
  static String meanCi(Double mean, Double low, Double high, int decimals) {
    if (mean == null || mean.isNaN()) {
      return "–";
    }
    if (low == null || high == null || low.isNaN() || high.isNaN()) {
      return num(mean, decimals);
    }
    return num(mean, decimals) + " <span class=\"ci\">[" + num(low, decimals) + ", " + num(high, decimals)
        + "]</span>";
  }

  Html raw(String s) {
    sb.append(s);
    return this;
  }

  Html text(String s) {
    sb.append(esc(s));
    return this;
  }

  /** {@code <tag>text</tag>} with the text escaped. */
  Html el(String tag, String text) {
    sb.append('<').append(tag).append('>').append(esc(text)).append("</").append(tag).append(">\n");
    return this;
  }

  Html h2(String id, String title) {
    sb.append("<h2 id=\"").append(esc(id)).append("\">").append(esc(title)).append("</h2>\n");
    return this;
  }

  Html h3(String title) {
    return el("h3", title);
  }

  Html p(String text) {
    return el("p", text);
  }

  /** A grey note saying why a section or part of it is empty. */
  Html note(String text) {
    sb.append("<p class=\"note\">").append(esc(text)).append("</p>\n");
    return this;
  }

  /** A red box for a section that could not be built. */
  Html error(String text) {
    sb.append("<p class=\"error\">").append(esc(text)).append("</p>\n");
    return this;
  }

  Html img(String dataUri, String alt) {
    sb.append("<img src=\"").append(dataUri).append("\" alt=\"").append(esc(alt)).append("\">\n");
    return this;
  }

  @Override
  public String toString() {
    return sb.toString();
  }

  /**
   * A table: header cells are escaped text; body cells are HTML fragments the caller built (escape text with
   * {@link #esc}). Numeric columns (named in {@code numeric}) are right-aligned.
   */
  static final class Table {
    private final List<String> header;
    private final boolean[] numeric;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
      this.header = List.of(header);
      this.numeric = new boolean[header.length];
    }

    /** Marks columns (0-based) as numeric: right-aligned. */
    Table numeric(int... cols) {
      for (int c : cols) {
        numeric[c] = true;
      }
      return this;
    }

    /** Adds a row of HTML cells (already escaped). */
    Table row(String... cells) {
      if (cells.length != header.size()) {
        throw new IllegalArgumentException("row has " + cells.length + " cells, header " + header.size());
      }
      rows.add(List.of(cells));
      return this;
    }

    boolean isEmpty() {
      return rows.isEmpty();
    }

    String render() {
      StringBuilder b = new StringBuilder("<table>\n<thead><tr>");
      for (int i = 0; i < header.size(); i++) {
        b.append(numeric[i] ? "<th class=\"n\">" : "<th>").append(esc(header.get(i))).append("</th>");
      }
      b.append("</tr></thead>\n<tbody>\n");
      for (List<String> r : rows) {
        b.append("<tr>");
        for (int i = 0; i < r.size(); i++) {
          b.append(numeric[i] ? "<td class=\"n\">" : "<td>").append(r.get(i)).append("</td>");
        }
        b.append("</tr>\n");
      }
      return b.append("</tbody>\n</table>\n").toString();
    }
  }
}
