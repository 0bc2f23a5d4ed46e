package org.demarche.ingest;

import java.util.ArrayList;
import java.util.List;
import java.time.ZoneOffset;
import org.demarche.clean.DateParser;

/**
 * Splits a scraped text page into junk, date line, title and body. Pages look like the seed article: navigation and
 * icon junk first, then a date line such as {@code 7 May, 2013 19:58}, then the title, then the body.
 *
 * <p>The date line is the first of the leading {@code scanLines} lines that is short and looks like a date; lines
 * above it are dropped as navigation. Without a date line the first non-empty line is the title.
 */
public final class TextPageParser {
  private TextPageParser() {}

  public record Page(String date, String title, String body, int junkLines) {}

  /**
   * True for a short line that is a date with at least day precision (optionally with a time and a zone), as the
   * clean phase's {@link DateParser} reads it; a bare year or month is not a date line.
   */
  public static boolean isDateLine(String line) {
    String t = line.strip();
    if (t.length() < 6 || t.length() > 60) {
      return false;
    }
    return DateParser.parse(t, ZoneOffset.UTC)
        .filter(d -> !d.precision().equals("year") && !d.precision().equals("month"))
        .isPresent();
  }

  public static Page parse(String page, int scanLines) {
    String[] lines = page.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    int dateAt = -1;
    int seen = 0;
    for (int i = 0; i < lines.length && seen < scanLines; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      seen++;
      if (isDateLine(lines[i])) {
        dateAt = i;
        break;
      }
    }
    int start = dateAt < 0 ? 0 : dateAt + 1;
    String title = null;
    int titleAt = -1;
    for (int i = start; i < lines.length; i++) {
      if (!lines[i].isBlank()) {
        title = lines[i].strip();
        titleAt = i;
        break;
      }
    }
    List<String> body = new ArrayList<>();
    if (titleAt >= 0) {
      for (int i = titleAt + 1; i < lines.length; i++) {
        body.add(lines[i]);
      }
    }
    int junk = 0;
    for (int i = 0; i < Math.max(dateAt, 0); i++) {
      if (!lines[i].isBlank()) {
        junk++;
      }
    }
    String text = String.join("\n", body).strip();
    return new Page(dateAt < 0 ? null : lines[dateAt].strip(), title, text.isEmpty() ? null : text, junk);
  }
}
