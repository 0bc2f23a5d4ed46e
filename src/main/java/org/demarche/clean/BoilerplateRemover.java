package org.demarche.clean;

import java.io.Serializable;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.demarche.ml.StringColumnTransformer;

/**
 * Drops lines of page furniture from article bodies, line by line.
 *
 * <p>Input: {@code inputCol}, string. Output: {@code outputCol}, string. Null in gives null out; empty in gives
 * empty out. Kept lines are unchanged; blank lines left behind by removals are collapsed (at most one blank line) and
 * the result is trimmed.
 *
 * <p>A (trimmed) line is dropped when it is:
 *
 * <ul>
 *   <li>icon/navigation junk: at least 5 tokens, and at least half of them end in {@code icon};
 *   <li>a photo caption or credit of at most {@code maxCaptionWords} words: it starts with {@code toggle caption}, {@code Enlarge this image}, {@code hide caption},
 *       {@code Image caption}, {@code Image copyright}, {@code Photo:}, {@code Photo credit}, {@code Photograph:},
 *       {@code Pictured:}, {@code Caption:}, {@code Credit:}; or it ends with a parenthetical credit naming a photo or
 *       image ({@code (AFP Photo)}, {@code (Photo: Reuters)}, {@code (AP Photo/Evan Vucci)}, {@code (Getty Images)});
 *       or it ends with {@code Getty Images} or an agency after a slash ({@code Stan Honda/AFP/Getty Images},
 *       {@code Photo by X/Reuters}) and has at most 15 words; or it ends with a bare agency credit
 *       ({@code (AFP)}, {@code (Reuters)}, {@code (AP)}) and has at most half of {@code maxCaptionWords} words.
 *       Sentences that merely mention an agency ({@code ... a source told AFP.}, {@code MOSCOW (AFP) - ...}) stay;
 *   <li>share/related/newsletter/advert furniture: exactly {@code Advertisement}, {@code Share}, {@code Share this},
 *       {@code Share this article}, {@code Tweet}, {@code Story Continued Below}, {@code More On This...},
 *       {@code Continue reading the main story}, {@code [pullquote]}, {@code Read more}, a Reuters sign-off {@code Reuter}/{@code REUTER}; or a short line (at most 25
 *       words) starting with {@code Related:}, {@code READ MORE:}, {@code SEE ALSO:}, {@code ALSO READ:},
 *       {@code WATCH:}, {@code (PHOTOS: ...)}, {@code (VIDEO: ...)}, {@code Follow us on}, {@code Follow @},
 *       {@code Click here}, {@code Share on}, or containing {@code click here} or {@code sign up}/{@code subscribe}
 *       with {@code newsletter};
 *   <li>a leading date line (among the first 3 non-blank lines, and only if {@code dropLeadingDate}): the whole line
 *       parses with {@link DateParser#parse}, like the {@code 7 May, 2013 19:58} under a page's icon bar;
 *   <li>matched (anywhere in the trimmed line, {@link java.util.regex.Matcher#find}) by one of the
 *       {@code extraPatterns}.
 * </ul>
 *
 * <p>Params:
 *
 * <ul>
 *   <li>{@code inputCol} (string): column to read. No default.
 *   <li>{@code outputCol} (string): column to add. No default.
 *   <li>{@code extraPatterns} (string array of Java regexes; each must compile): lines to drop as well. Default empty.
 *   <li>{@code maxCaptionWords} (int, at least 1): longest caption, in words. Default {@code 60}.
 *   <li>{@code dropLeadingDate} (boolean): drop a bare date line near the top. Default {@code true}.
 * </ul>
 */
public class BoilerplateRemover extends StringColumnTransformer {
  private static final long serialVersionUID = 1L;

  private final StringArrayParam extraPatterns;
  private final IntParam maxCaptionWords;
  private final BooleanParam dropLeadingDate;

  public BoilerplateRemover() {
    this(Identifiable.randomUID("boilerplate"));
  }

  public BoilerplateRemover(String uid) {
    super(uid);
    extraPatterns = new StringArrayParam(this, "extraPatterns", "extra Java regexes; matching lines are dropped",
        new scala.runtime.AbstractFunction1<String[], Object>() {
          @Override
          public Object apply(String[] ps) {
            for (String p : ps) {
              try {
                Pattern.compile(p);
              } catch (PatternSyntaxException | NullPointerException e) {
                return false;
              }
            }
            return true;
          }
        });
    maxCaptionWords = new IntParam(this, "maxCaptionWords", "longest caption line, in words (>= 1)",
        ParamValidators.gtEq(1));
    dropLeadingDate = new BooleanParam(this, "dropLeadingDate", "drop a bare date line among the first 3 lines");
    setDefault(extraPatterns, new String[0]);
    setDefault(maxCaptionWords, 60);
    setDefault(dropLeadingDate, true);
  }

  public StringArrayParam extraPatterns() {
    return extraPatterns;
  }

  public String[] getExtraPatterns() {
    return $(extraPatterns);
  }

  public BoilerplateRemover setExtraPatterns(String[] value) {
    set(extraPatterns, value);
    return this;
  }

  public IntParam maxCaptionWords() {
    return maxCaptionWords;
  }

  public int getMaxCaptionWords() {
    return (Integer) $(maxCaptionWords);
  }

  public BoilerplateRemover setMaxCaptionWords(int value) {
    set(maxCaptionWords, value);
    return this;
  }

  public BooleanParam dropLeadingDate() {
    return dropLeadingDate;
  }

  public boolean getDropLeadingDate() {
    return (Boolean) $(dropLeadingDate);
  }

  public BoilerplateRemover setDropLeadingDate(boolean value) {
    set(dropLeadingDate, value);
    return this;
  }

  @Override
  public BoilerplateRemover setInputCol(String value) {
    super.setInputCol(value);
    return this;
  }

  @Override
  public BoilerplateRemover setOutputCol(String value) {
    super.setOutputCol(value);
    return this;
  }

  @Override
  protected Column outputExpr(Column input) {
    final Rules rules = new Rules(getExtraPatterns(), getMaxCaptionWords(), getDropLeadingDate());
    return functions.udf((UDF1<String, String>) rules::apply, DataTypes.StringType).apply(input);
  }

  public static MLReader<BoilerplateRemover> read() {
    return new DefaultParamsReader<>();
  }

  public static BoilerplateRemover load(String path) {
    return read().load(path);
  }

  /** The default rules, for callers outside Spark. */
  public static String remove(String s) {
    return new Rules(new String[0], 60, true).apply(s);
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static final int I = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
  private static final String AGENCY =
      "(?:AFP|AP|Reuters|EPA|Getty(?: Images)?|Xinhua|RIA Novosti|TASS|ITAR-TASS|Sputnik|Anadolu|AAP|PA|DPA|UPI"
          + "|Shutterstock|Bloomberg|Pool)";
  private static final Pattern CAPTION_START = Pattern.compile(
      "^(?:enlarge this image|toggle caption|hide caption|image caption|image copyright|photo ?:|photo credit|photograph ?:|pictured ?:"
          + "|caption ?:|credit ?:|file photo ?:|image ?:|images ?:).*", I);
  private static final Pattern PHOTO_CREDIT_END = Pattern.compile(
      ".*\\((?:[^()]*\\b(?:photos?|images?|pictures?|photographs?|file|getty)\\b[^()]*)\\)\\s*\\.?$", I);
  private static final Pattern SLASH_CREDIT_END = Pattern.compile(
      ".*(?:\\bGetty Images|/\\s*" + AGENCY + "|\\bvia " + AGENCY + ")\\s*\\.?$", I);
  private static final Pattern AGENCY_END = Pattern.compile(".*\\(\\s*" + AGENCY + "\\s*\\)\\s*\\.?$", I);
  private static final Pattern EXACT_JUNK = Pattern.compile(
      "^(?:advertisement|ad|reuters?|share|share this|share this article|share this story|tweet|email|print"
          + "|story continued below|more on this\\.*|continue reading the main story|\\[pullquote\\]|read more"
          + "|skip to main content|watch|listen|comments|facebook|twitter)\\s*[.:!]?$", I);
  private static final Pattern SHORT_JUNK_START = Pattern.compile(
      "^\\(?\\s*(?:related\\s*:|read more\\s*:|see also\\s*:|also read\\s*:|watch\\s*:|related coverage\\s*:"
          + "|photos\\s*:|video\\s*:|follow us on\\b|follow @|click here\\b|share on\\b|recommended\\s*:"
          + "|more\\s*:).*", I);
  private static final Pattern SHORT_JUNK_ANY = Pattern.compile(
      ".*(?:\\bclick here\\b|\\b(?:sign up|subscribe)\\b.*\\bnewsletters?\\b|\\bnewsletters?\\b.*\\bsign up\\b).*", I);

  /** The compiled rules; serialisable, compiles the extra patterns once per JVM copy. */
  static final class Rules implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String[] extra;
    private final int maxCaptionWords;
    private final boolean dropLeadingDate;
    private transient volatile Pattern[] compiled;

    Rules(String[] extra, int maxCaptionWords, boolean dropLeadingDate) {
      this.extra = extra.clone();
      this.maxCaptionWords = maxCaptionWords;
      this.dropLeadingDate = dropLeadingDate;
    }

    private Pattern[] patterns() {
      Pattern[] p = compiled;
      if (p == null) {
        p = new Pattern[extra.length];
        for (int i = 0; i < extra.length; i++) {
          p[i] = Pattern.compile(extra[i]);
        }
        compiled = p;
      }
      return p;
    }

    String apply(String s) {
      if (s == null || s.isEmpty()) {
        return s;
      }
      String[] lines = s.split("\\r?\\n|\\r", -1);
      List<String> kept = new ArrayList<>(lines.length);
      int nonBlankSeen = 0;
      for (String line : lines) {
        String t = line.strip();
        if (t.isEmpty()) {
          kept.add("");
          continue;
        }
        boolean leading = nonBlankSeen < 3;
        nonBlankSeen++;
        if (!isJunk(t, leading)) {
          kept.add(line);
        }
      }
      StringBuilder out = new StringBuilder(s.length());
      boolean lastBlank = true;
      for (String line : kept) {
        boolean blank = line.isBlank();
        if (blank && lastBlank) {
          continue;
        }
        out.append(line).append('\n');
        lastBlank = blank;
      }
      return out.toString().strip();
    }

    boolean isJunk(String t, boolean leading) {
      for (Pattern p : patterns()) {
        if (p.matcher(t).find()) {
          return true;
        }
      }
      String[] tokens = t.split("\\s+");
      int words = tokens.length;
      if (words >= 5) {
        int icons = 0;
        for (String tok : tokens) {
          if (tok.toLowerCase(java.util.Locale.ROOT).endsWith("icon")) {
            icons++;
          }
        }
        if (2 * icons >= words) {
          return true;
        }
      }
      if (EXACT_JUNK.matcher(t).matches()) {
        return true;
      }
      if (words <= 25 && (SHORT_JUNK_START.matcher(t).matches() || SHORT_JUNK_ANY.matcher(t).matches())) {
        return true;
      }
      if (words <= maxCaptionWords
          && (CAPTION_START.matcher(t).matches() || PHOTO_CREDIT_END.matcher(t).matches())) {
        return true;
      }
      if (words <= 15 && SLASH_CREDIT_END.matcher(t).matches()) {
        return true;
      }
      if (2 * words <= maxCaptionWords && AGENCY_END.matcher(t).matches()) {
        return true;
      }
      return leading && dropLeadingDate && t.length() <= 60 && DateParser.parse(t, ZoneOffset.UTC).isPresent();
    }
  }
}
