package org.demarche.clean;

import java.io.Serializable;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.ml.Schemas;
import scala.Function1;

/**
 * Parses free-form publication dates into a UTC instant plus the precision the source gave.
 *
 * <p>Input: {@code inputCol}, string. Outputs: {@code outputCol}, timestamp (the instant; shown in the session time
 * zone), and {@code precisionCol}, string, one of {@code second}, {@code minute}, {@code day}, {@code month},
 * {@code year}. Null, blank or unparseable input gives null in both outputs.
 *
 * <p>Accepted forms (case-insensitive; a leading {@code Updated}, {@code Published}, {@code Posted},
 * {@code Last updated}, {@code Date} with optional {@code on}/{@code :} is skipped, as are weekday names, ordinal
 * suffixes, commas and a stray {@code at}/{@code |}):
 *
 * <ul>
 *   <li>ISO {@code 2013-05-07}, {@code 2013-05-07T19:58}, {@code 2013-05-07 19:58:00}, with fractions and with
 *       {@code Z}, {@code +03:00}, {@code +0300} or a zone abbreviation; {@code 2013/05/07}; {@code 20130507};
 *   <li>{@code 7 May, 2013 19:58}, {@code 07 May 2013}, RFC 1123 {@code Tue, 07 May 2013 19:58:00 GMT};
 *   <li>{@code May 7, 2013}, {@code May 7th, 2013 7:58 PM ET}, {@code Sept. 7, 2013}; a time placed before the date
 *       ({@code 7:58 PM ET, Tue May 7, 2013});
 *   <li>{@code 07.05.2013} (day first); {@code 5/7/2013} (US month first, unless the first number is above 12);
 *   <li>epoch seconds (10 digits) and milliseconds (13 digits), precision {@code second};
 *   <li>{@code 2013-05} and {@code May 2013} (precision {@code month}, the 1st); {@code 2013} (precision
 *       {@code year}, 1 January). A bare year is accepted from 1800 to 2199; full dates from year 1 to 9999 (range checks belong to the job).
 * </ul>
 *
 * <p>Times without a zone are read in {@code defaultTimezone}; so are dates (midnight local time). Zone
 * abbreviations: {@code UTC}, {@code GMT}, {@code Z}; {@code ET}/{@code EST}/{@code EDT} (America/New_York for ET,
 * fixed -05:00/-04:00 otherwise), {@code CT}/{@code CST}/{@code CDT}, {@code MT}/{@code MST}/{@code MDT},
 * {@code PT}/{@code PST}/{@code PDT} likewise; {@code BST} +01:00, {@code CET} +01:00, {@code CEST} +02:00,
 * {@code EET} +02:00, {@code EEST} +03:00, {@code MSK} Europe/Moscow (historic offsets), {@code IST} +05:30,
 * {@code JST} +09:00; also {@code GMT+3}, {@code UTC-05:00}.
 *
 * <p>Params:
 *
 * <ul>
 *   <li>{@code inputCol} (string): raw date column. No default.
 *   <li>{@code outputCol} (string): timestamp column to add. Default {@code published_at}.
 *   <li>{@code precisionCol} (string): precision column to add. Default {@code date_precision}.
 *   <li>{@code defaultTimezone} (string, a valid {@link ZoneId}): zone for values without one. Default {@code UTC}.
 * </ul>
 */
public class DateParser extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  /** A parsed date: the instant and its precision ({@code second}, {@code minute}, {@code day}, ...). */
  public record ParsedDate(Instant instant, String precision) implements Serializable {}

  private final String uid;
  private final Param<String> inputCol;
  private final Param<String> outputCol;
  private final Param<String> precisionCol;
  private final Param<String> defaultTimezone;

  public DateParser() {
    this(Identifiable.randomUID("dateParser"));
  }

  public DateParser(String uid) {
    this.uid = uid;
    inputCol = new Param<>(this, "inputCol", "raw date string column");
    outputCol = new Param<>(this, "outputCol", "timestamp output column", nonBlank());
    precisionCol = new Param<>(this, "precisionCol", "precision output column", nonBlank());
    defaultTimezone = new Param<>(this, "defaultTimezone", "zone for values without one (a java.time.ZoneId)",
        validZone());
    setDefault(outputCol, "published_at");
    setDefault(precisionCol, "date_precision");
    setDefault(defaultTimezone, "UTC");
  }

  private static Function1<String, Object> nonBlank() {
    return new scala.runtime.AbstractFunction1<String, Object>() {
      @Override
      public Object apply(String v) {
        return v != null && !v.isBlank();
      }
    };
  }

  private static Function1<String, Object> validZone() {
    return new scala.runtime.AbstractFunction1<String, Object>() {
      @Override
      public Object apply(String v) {
        try {
          ZoneId.of(v);
          return true;
        } catch (RuntimeException e) {
          return false;
        }
      }
    };
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> inputCol() {
    return inputCol;
  }

  public Param<String> outputCol() {
    return outputCol;
  }

  public Param<String> precisionCol() {
    return precisionCol;
  }

  public Param<String> defaultTimezone() {
    return defaultTimezone;
  }

  public String getInputCol() {
    return $(inputCol);
  }

  public String getOutputCol() {
    return $(outputCol);
  }

  public String getPrecisionCol() {
    return $(precisionCol);
  }

  public String getDefaultTimezone() {
    return $(defaultTimezone);
  }

  public DateParser setInputCol(String v) {
    set(inputCol, v);
    return this;
  }

  public DateParser setOutputCol(String v) {
    set(outputCol, v);
    return this;
  }

  public DateParser setPrecisionCol(String v) {
    set(precisionCol, v);
    return this;
  }

  public DateParser setDefaultTimezone(String v) {
    set(defaultTimezone, v);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    if (!isDefined(inputCol)) {
      throw new IllegalArgumentException("DateParser: set inputCol");
    }
    if (getOutputCol().equals(getPrecisionCol())) {
      throw new IllegalArgumentException("precisionCol: must differ from outputCol '" + getOutputCol() + "'");
    }
    Schemas.checkColumnType(schema, "inputCol", getInputCol(), DataTypes.StringType);
    StructType s = Schemas.appendColumn(schema, "outputCol", getOutputCol(), DataTypes.TimestampType);
    return Schemas.appendColumn(s, "precisionCol", getPrecisionCol(), DataTypes.StringType);
  }

  private static final StructType RESULT = new StructType()
      .add("instant", DataTypes.TimestampType, true)
      .add("precision", DataTypes.StringType, true);

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    final String zone = getDefaultTimezone();
    UDF1<String, Row> f = s -> {
      Optional<ParsedDate> p = parse(s, ZoneId.of(zone));
      return p.map(d -> RowFactory.create(Timestamp.from(d.instant()), d.precision())).orElse(null);
    };
    String tmp = "__" + uid + "_parsed";
    Column parsed = functions.udf(f, RESULT).apply(functions.col(getInputCol()));
    return dataset.withColumn(tmp, parsed)
        .withColumn(getOutputCol(), functions.col(tmp).getField("instant"))
        .withColumn(getPrecisionCol(), functions.col(tmp).getField("precision"))
        .drop(tmp);
  }

  @Override
  public Transformer copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<DateParser> read() {
    return new DefaultParamsReader<>();
  }

  public static DateParser load(String path) {
    return read().load(path);
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static final Map<String, Integer> MONTHS = new HashMap<>();
  private static final Map<String, ZoneId> ZONES = new HashMap<>();

  static {
    String[][] names = {
      {"jan", "january"}, {"feb", "february"}, {"mar", "march"}, {"apr", "april"}, {"may"}, {"jun", "june"},
      {"jul", "july"}, {"aug", "august"}, {"sep", "sept", "september"}, {"oct", "october"}, {"nov", "november"},
      {"dec", "december"}
    };
    for (int i = 0; i < names.length; i++) {
      for (String n : names[i]) {
        MONTHS.put(n, i + 1);
      }
    }
    ZONES.put("z", ZoneOffset.UTC);
    ZONES.put("utc", ZoneOffset.UTC);
    ZONES.put("gmt", ZoneOffset.UTC);
    ZONES.put("et", ZoneId.of("America/New_York"));
    ZONES.put("est", ZoneOffset.ofHours(-5));
    ZONES.put("edt", ZoneOffset.ofHours(-4));
    ZONES.put("ct", ZoneId.of("America/Chicago"));
    ZONES.put("cst", ZoneOffset.ofHours(-6));
    ZONES.put("cdt", ZoneOffset.ofHours(-5));
    ZONES.put("mt", ZoneId.of("America/Denver"));
    ZONES.put("mst", ZoneOffset.ofHours(-7));
    ZONES.put("mdt", ZoneOffset.ofHours(-6));
    ZONES.put("pt", ZoneId.of("America/Los_Angeles"));
    ZONES.put("pst", ZoneOffset.ofHours(-8));
    ZONES.put("pdt", ZoneOffset.ofHours(-7));
    ZONES.put("bst", ZoneOffset.ofHours(1));
    ZONES.put("cet", ZoneOffset.ofHours(1));
    ZONES.put("cest", ZoneOffset.ofHours(2));
    ZONES.put("eet", ZoneOffset.ofHours(2));
    ZONES.put("eest", ZoneOffset.ofHours(3));
    ZONES.put("msk", ZoneId.of("Europe/Moscow"));
    ZONES.put("ist", ZoneOffset.ofHoursMinutes(5, 30));
    ZONES.put("jst", ZoneOffset.ofHours(9));
  }

  private static final String MONTH_RE =
      "(jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|september|oct"
          + "|october|nov|november|dec|december)";
  private static final String ZONE_RE =
      "(z|utc|gmt|et|est|edt|ct|cst|cdt|mt|mst|mdt|pt|pst|pdt|bst|cet|cest|eet|eest|msk|ist|jst"
          + "|(?:utc|gmt)?\\s?[+-]\\d{1,2}(?::?\\d{2})?)";
  private static final String TIME_RE =
      "(\\d{1,2})(?::(\\d{2})(?::(\\d{2})(?:[.,]\\d{1,9})?)?)?\\s?(am|pm|a\\.m\\.|p\\.m\\.)?";

  private static final Pattern PREFIX = Pattern.compile(
      "^(?:(?:last\\s+)?updated|published|posted|date|first published|originally published)\\s*(?:on|at)?\\s*[:\\-]?\\s*");
  private static final Pattern WEEKDAY = Pattern.compile(
      "\\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\\b\\.?");
  private static final Pattern ORDINAL = Pattern.compile("(\\d)(?:st|nd|rd|th)\\b");
  private static final Pattern ISO = Pattern.compile(
      "^(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})(?:[t ]+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,]\\d{1,9})?)?)?\\s*"
          + ZONE_RE + "?$");
  private static final Pattern BASIC = Pattern.compile("^(\\d{4})(\\d{2})(\\d{2})$");
  private static final Pattern YEAR_MONTH = Pattern.compile("^(\\d{4})-(\\d{1,2})$");
  private static final Pattern YEAR = Pattern.compile("^(\\d{4})$");
  private static final Pattern EPOCH = Pattern.compile("^(\\d{10}|\\d{13})$");
  private static final Pattern NUMERIC = Pattern.compile(
      "^(\\d{1,2})([./])(\\d{1,2})\\2(\\d{4}|\\d{2})(?:\\s+" + TIME_RE + ")?\\s*" + ZONE_RE + "?$");
  private static final Pattern DAY_MONTH = Pattern.compile(
      "^(\\d{1,2}) " + MONTH_RE + " (\\d{4})(?: " + TIME_RE + ")?(?: ?" + ZONE_RE + ")?$");
  private static final Pattern MONTH_DAY = Pattern.compile(
      "^" + MONTH_RE + " (\\d{1,2}) (\\d{4})(?: " + TIME_RE + ")?(?: ?" + ZONE_RE + ")?$");
  private static final Pattern MONTH_YEAR = Pattern.compile("^" + MONTH_RE + " (\\d{4})$");
  private static final Pattern TIME_FIRST = Pattern.compile(
      "^(\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\s?(?:am|pm|a\\.m\\.|p\\.m\\.))?|\\d{1,2}\\s?(?:am|pm|a\\.m\\.|p\\.m\\.))"
          + "(?:\\s?" + ZONE_RE + ")?\\s+(.+)$");

  /**
   * Parses {@code raw}, reading values without a zone in {@code defaultZone}. Empty for null, blank or unparseable
   * values.
   */
  public static Optional<ParsedDate> parse(String raw, ZoneId defaultZone) {
    if (raw == null) {
      return Optional.empty();
    }
    String s = raw.strip().toLowerCase(Locale.ROOT);
    if (s.isEmpty() || s.length() > 80) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(parseLower(s, Objects.requireNonNull(defaultZone), true));
    } catch (DateTimeException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static ParsedDate parseLower(String s0, ZoneId zone, boolean allowTimeFirst) {
    String s = PREFIX.matcher(s0).replaceFirst("");
    Matcher m;
    if ((m = EPOCH.matcher(s)).matches()) {
      long v = Long.parseLong(s);
      Instant i = s.length() == 10 ? Instant.ofEpochSecond(v) : Instant.ofEpochMilli(v);
      return new ParsedDate(i, "second");
    }
    if ((m = ISO.matcher(s)).matches()) {
      LocalDate d = date(m.group(1), m.group(2), m.group(3));
      if (m.group(4) == null) {
        return m.group(7) == null ? atDay(d, zone) : null;
      }
      LocalTime t = LocalTime.of(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
          m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
      return at(d, t, m.group(7), zone, m.group(6) == null ? "minute" : "second");
    }
    if ((m = BASIC.matcher(s)).matches()) {
      return atDay(date(m.group(1), m.group(2), m.group(3)), zone);
    }
    if ((m = YEAR_MONTH.matcher(s)).matches()) {
      return new ParsedDate(date(m.group(1), m.group(2), "1").atStartOfDay(zone).toInstant(), "month");
    }
    if ((m = YEAR.matcher(s)).matches()) {
      // a bare number is only a year when it is a plausible publication year
      return new ParsedDate(LocalDate.of(checkPlausibleYear(Integer.parseInt(m.group(1))), 1, 1)
          .atStartOfDay(zone).toInstant(), "year");
    }
    if ((m = NUMERIC.matcher(s)).matches()) {
      int a = Integer.parseInt(m.group(1));
      int b = Integer.parseInt(m.group(3));
      int day;
      int month;
      if (m.group(2).equals(".")) {
        day = a;
        month = b;
      } else if (a > 12 && b <= 12) {
        day = a;
        month = b;
      } else {
        month = a;
        day = b;
      }
      String y = m.group(4);
      int year = y.length() == 2 ? 2000 + Integer.parseInt(y) : Integer.parseInt(y);
      if (y.length() == 2 && year > LocalDate.now(ZoneOffset.UTC).getYear() + 1) {
        year -= 100;
      }
      return withTime(LocalDate.of(checkYear(year), month, day), m, 5, 9, zone);
    }
    // textual forms
    String t = WEEKDAY.matcher(s).replaceAll(" ");
    t = ORDINAL.matcher(t).replaceAll("$1");
    t = t.replaceAll("[,|]", " ").replaceAll("\\b(?:at|on|of|the)\\b", " ").replaceAll("-\\s+", " ")
        .replaceAll("\\b" + MONTH_RE + "\\.", "$1").strip().replaceAll("\\s+", " ");
    t = t.replaceAll("(\\d)(am|pm)\\b", "$1 $2");
    if ((m = DAY_MONTH.matcher(t)).matches()) {
      LocalDate d = date(m.group(3), String.valueOf(MONTHS.get(m.group(2))), m.group(1));
      return withTime(d, m, 4, 8, zone);
    }
    if ((m = MONTH_DAY.matcher(t)).matches()) {
      LocalDate d = date(m.group(3), String.valueOf(MONTHS.get(m.group(1))), m.group(2));
      return withTime(d, m, 4, 8, zone);
    }
    if ((m = MONTH_YEAR.matcher(t)).matches()) {
      LocalDate d = date(m.group(2), String.valueOf(MONTHS.get(m.group(1))), "1");
      return new ParsedDate(d.atStartOfDay(zone).toInstant(), "month");
    }
    if (allowTimeFirst && (m = TIME_FIRST.matcher(t)).matches()) {
      String zonePart = m.group(2) == null ? "" : " " + m.group(2);
      return parseLower(m.group(3) + " " + m.group(1) + zonePart, zone, false);
    }
    return null;
  }

  /** Full dates are parsed for any year 1..9999; the job's input.min_date/max_date decide what is in range. */
  private static int checkYear(int y) {
    if (y < 1 || y > 9999) {
      throw new DateTimeException("year out of range: " + y);
    }
    return y;
  }

  private static int checkPlausibleYear(int y) {
    if (y < 1800 || y > 2199) {
      throw new DateTimeException("year out of range: " + y);
    }
    return y;
  }

  private static LocalDate date(String y, String mo, String d) {
    return LocalDate.of(checkYear(Integer.parseInt(y)), Integer.parseInt(mo), Integer.parseInt(d));
  }

  private static ParsedDate atDay(LocalDate d, ZoneId zone) {
    return new ParsedDate(d.atStartOfDay(zone).toInstant(), "day");
  }

  /** Time groups at {@code first..first+3} (hour, minute, second, am/pm), zone group at {@code zoneGroup}. */
  private static ParsedDate withTime(LocalDate d, Matcher m, int first, int zoneGroup, ZoneId zone) {
    if (m.group(first) == null) {
      return m.group(zoneGroup) == null ? atDay(d, zone) : null;
    }
    int h = Integer.parseInt(m.group(first));
    String ampm = m.group(first + 3);
    if (m.group(first + 1) == null && ampm == null) {
      return null; // a bare number after the date is not a time
    }
    if (ampm != null) {
      if (h < 1 || h > 12) {
        return null;
      }
      boolean pm = ampm.startsWith("p");
      h = h % 12 + (pm ? 12 : 0);
    }
    int min = m.group(first + 1) == null ? 0 : Integer.parseInt(m.group(first + 1));
    int sec = m.group(first + 2) == null ? 0 : Integer.parseInt(m.group(first + 2));
    String precision = m.group(first + 2) != null ? "second" : "minute";
    return at(d, LocalTime.of(h, min, sec), m.group(zoneGroup), zone, precision);
  }

  private static ParsedDate at(LocalDate d, LocalTime t, String zoneText, ZoneId zone, String precision) {
    ZoneId z = zoneText == null ? zone : zone(zoneText);
    return new ParsedDate(LocalDateTime.of(d, t).atZone(z).toInstant(), precision);
  }

  private static ZoneId zone(String text) {
    String z = text.strip();
    ZoneId named = ZONES.get(z);
    if (named != null) {
      return named;
    }
    z = z.replaceFirst("^(?:utc|gmt)\\s?", "").replace(" ", "");
    Matcher m = Pattern.compile("([+-])(\\d{1,2})(?::?(\\d{2}))?").matcher(z);
    if (!m.matches()) {
      throw new DateTimeException("unknown zone " + text);
    }
    int h = Integer.parseInt(m.group(2));
    int mi = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    int sign = m.group(1).equals("-") ? -1 : 1;
    return ZoneOffset.ofHoursMinutes(sign * h, sign * mi);
  }

  @Override
  public String toString() {
    return "DateParser: uid=" + uid + ", " + extractParamMap().toString().replace('\n', ' ');
  }
}
