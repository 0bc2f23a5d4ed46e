package org.demarche.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

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

  private static final String MONTH =
      "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
          + "|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
  private static final String TIME = "(?:[ ,T]+\\d{1,2}[:.]\\d{2}(?::\\d{2})?\\s*(?:[ap]\\.?m\\.?)?\\s*(?:[a-z]{2,4}|[+-]\\d{2}:?\\d{2}|z)?)?";
  private static final Pattern DATE_LINE =
      Pattern.compile(
          "(?i)^(?:(?:published|updated|posted|last updated|date)\\s*:?\\s*)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\\s+)?(?:"
              + "\\d{1,2}(?:st|nd|rd|th)?\\s+" + MONTH + ",?\\s+\\d{4}" + TIME
              + "|" + MONTH + "\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}" + TIME
              + "|\\d{4}-\\d{2}-\\d{2}" + TIME
              + "|\\d{1,2}[/.]\\d{1,2}[/.]\\d{4}" + TIME
              + ")\\s*$");

  /** True for a short line that is a date (optionally with a time and a zone). */
  public static boolean isDateLine(String line) {
    String t = line.strip();
    return t.length() >= 6 && t.length() <= 60 && DATE_LINE.matcher(t).matches();
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
