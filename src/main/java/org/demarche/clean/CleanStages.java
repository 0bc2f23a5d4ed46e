package org.demarche.clean;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.demarche.config.JobConfig;
import org.demarche.ml.StringColumnTransformer;

/**
 * Builds the cleaning stages from the job configuration; the only place {@link JobConfig.CleanConfig} reaches them.
 *
 * <p>Input columns: {@code text} (string), {@code title} (string), {@code published_raw} (string). Added columns:
 *
 * <ul>
 *   <li>{@code body} (string) from {@code text}: {@link HtmlStripper} → {@link MojibakeRepairer} →
 *       {@link UnicodeNormalizer} → {@link BoilerplateRemover}, each only when its flag ({@code stripHtml},
 *       {@code repairMojibake}, {@code normalizeUnicode}, {@code removeBoilerplate}) is on;
 *   <li>{@code title_clean} (string) from {@code title}: the same chain without the boilerplate remover;
 *   <li>{@code published_at} (timestamp) and {@code date_precision} (string) from {@code published_raw}:
 *       {@link DateParser} with {@code defaultZone};
 *   <li>{@code lang} (string) and {@code lang_confidence} (double) from {@code body}: {@link LanguageDetector} when
 *       {@code detectLanguage} is on; when it is off a {@link SQLTransformer} adds both as typed nulls, so the output
 *       schema does not depend on the flag.
 * </ul>
 *
 * <p>Intermediate columns are named with a leading underscore ({@code _body_1}, {@code _body_2}, {@code _title_1} ...)
 * so the job can drop every column starting with {@code _}. A chain whose flags are all off copies its input with a
 * {@link SQLTransformer}. All stages are transformers, so fitting the pipeline is cheap, and all are persistable.
 */
public final class CleanStages {
  public static final String TEXT = "text";
  public static final String TITLE = "title";
  public static final String PUBLISHED_RAW = "published_raw";
  public static final String BODY = "body";
  public static final String TITLE_CLEAN = "title_clean";
  public static final String PUBLISHED_AT = "published_at";
  public static final String DATE_PRECISION = "date_precision";
  public static final String LANG = "lang";
  public static final String LANG_CONFIDENCE = "lang_confidence";

  private CleanStages() {}

  /** The ordered stages for {@code cfg}; values without a zone are read in {@code defaultZone}. */
  public static List<PipelineStage> stages(JobConfig.CleanConfig cfg, ZoneId defaultZone) {
    List<PipelineStage> out = new ArrayList<>();
    List<StringColumnTransformer> body = new ArrayList<>();
    if (cfg.stripHtml()) {
      body.add(new HtmlStripper());
    }
    if (cfg.repairMojibake()) {
      body.add(new MojibakeRepairer());
    }
    if (cfg.normalizeUnicode()) {
      body.add(new UnicodeNormalizer());
    }
    if (cfg.removeBoilerplate()) {
      body.add(new BoilerplateRemover());
    }
    chain(out, body, TEXT, BODY, "_body_");

    List<StringColumnTransformer> title = new ArrayList<>();
    if (cfg.stripHtml()) {
      title.add(new HtmlStripper());
    }
    if (cfg.repairMojibake()) {
      title.add(new MojibakeRepairer());
    }
    if (cfg.normalizeUnicode()) {
      title.add(new UnicodeNormalizer());
    }
    chain(out, title, TITLE, TITLE_CLEAN, "_title_");

    out.add(new DateParser()
        .setInputCol(PUBLISHED_RAW)
        .setOutputCol(PUBLISHED_AT)
        .setPrecisionCol(DATE_PRECISION)
        .setDefaultTimezone(defaultZone.getId()));

    if (cfg.detectLanguage()) {
      out.add(new LanguageDetector().setInputCol(BODY).setOutputCol(LANG).setConfidenceCol(LANG_CONFIDENCE));
    } else {
      out.add(new SQLTransformer().setStatement(
          "SELECT *, CAST(NULL AS STRING) AS " + LANG + ", CAST(NULL AS DOUBLE) AS " + LANG_CONFIDENCE
              + " FROM __THIS__"));
    }
    return out;
  }

  private static void chain(List<PipelineStage> out, List<StringColumnTransformer> steps, String in, String last,
      String tmpPrefix) {
    if (steps.isEmpty()) {
      out.add(new SQLTransformer().setStatement("SELECT *, `" + in + "` AS `" + last + "` FROM __THIS__"));
      return;
    }
    String cur = in;
    for (int i = 0; i < steps.size(); i++) {
      String next = i == steps.size() - 1 ? last : tmpPrefix + (i + 1);
      out.add(steps.get(i).setInputCol(cur).setOutputCol(next));
      cur = next;
    }
  }
}
