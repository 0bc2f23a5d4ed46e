package org.demarche.pipeline;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.demarche.clean.CleanStages;
import org.demarche.config.JobConfig;
import org.demarche.ingest.ArticleSchema;
import org.demarche.ingest.RejectReason;

/**
 * Cleans every readable record (HTML, mojibake, Unicode, boilerplate, dates, language: the clean stages) and sets
 * {@code reject_reason}, {@code reject_detail} and {@code reject_phase} (null reason: accepted so far).
 */
final class CleanPhase implements Phase {
  @Override
  public String name() {
    return "clean";
  }

  @Override
  public Kind kind() {
    return Kind.PER_DOCUMENT;
  }

  @Override
  public Set<RunState.Slot<?>> inputs() {
    return Set.of(RunState.RECORDS);
  }

  @Override
  public Set<RunState.Slot<?>> outputs() {
    return Set.of(RunState.CLEANED);
  }

  @Override
  public String description(RunState s) {
    return "html, mojibake, unicode, boilerplate, dates, language";
  }

  @Override
  public Outcome run(RunState s) {
    long rows = Phases.materialise(s, RunState.CLEANED,
        validate(clean(s.get(RunState.RECORDS), s.cfg()), s.cfg()), true);
    return new Outcome(rows, description(s));
  }

  /** Applies the clean stages to every readable record; unreadable ones pass through untouched. */
  static Dataset<Row> clean(Dataset<Row> records, JobConfig cfg) {
    List<PipelineStage> stages = CleanStages.stages(cfg.clean(), cfg.input().defaultTimezone());
    PipelineModel model = new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(records);
    Dataset<Row> cleaned = model.transform(records);
    for (String c : cleaned.columns()) {
      if (c.startsWith("_")) {
        cleaned = cleaned.drop(c);
      }
    }
    return cleaned; // CleanStages always adds lang and lang_confidence (null when clean.detect_language is off)
  }

  /** Sets {@code reject_reason}, {@code reject_detail} and {@code reject_phase}; null reason means accepted. */
  static Dataset<Row> validate(Dataset<Row> df, JobConfig cfg) {
    JobConfig.InputConfig in = cfg.input();
    int minBody = cfg.clean().minBodyChars();
    Column bodyLen = coalesce(length(trim(col("body"))), lit(0));
    Column dt = to_date(col("published_at"));
    Column noDate = col("published_at").isNull();
    Column outOfRange = dt.lt(lit(Date.valueOf(in.minDate()))).or(dt.gt(lit(Date.valueOf(in.maxDate()))));
    List<String> langs = cfg.clean().languages();
    Column langRejected =
        langs.isEmpty() ? lit(false) : coalesce(col("lang").isin(langs.toArray()), lit(false)).equalTo(false);
    Column reason =
        when(col(ArticleSchema.READ_ERROR).isNotNull(), col(ArticleSchema.READ_ERROR))
            .when(bodyLen.lt(minBody), lit(RejectReason.EMPTY_BODY.code()))
            .when(noDate.and(col(ArticleSchema.PUBLISHED_RAW).isNull()).and(lit(in.requireDate())),
                lit(RejectReason.MISSING_DATE.code()))
            .when(noDate.and(lit(in.requireDate())), lit(RejectReason.UNPARSEABLE_DATE.code()))
            .when(outOfRange, lit(RejectReason.DATE_OUT_OF_RANGE.code()))
            .when(langRejected, lit(RejectReason.LANGUAGE_FILTERED.code()));
    Column detail =
        when(col(ArticleSchema.READ_ERROR).isNotNull(), col(ArticleSchema.READ_ERROR_DETAIL))
            .when(bodyLen.lt(minBody),
                concat(lit("body has "), bodyLen.cast("string"),
                    lit(" characters after cleaning; clean.min_body_chars is " + minBody)))
            .when(noDate.and(col(ArticleSchema.PUBLISHED_RAW).isNull()),
                lit("no date field among " + in.fields().date() + "; set input.fields.date or input.require_date=false"))
            .when(noDate, concat(lit("cannot parse date '"), col(ArticleSchema.PUBLISHED_RAW), lit("'")))
            .when(outOfRange,
                concat(lit("date "), dt.cast("string"),
                    lit(" is outside input.min_date " + in.minDate() + " .. input.max_date " + in.maxDate())))
            .when(langRejected,
                concat(lit("detected language "), coalesce(col("lang"), lit("unknown")),
                    lit(" is not in clean.languages " + langs)));
    return df.withColumn("reject_reason", reason)
        .withColumn("reject_detail", detail)
        .withColumn("reject_phase",
            when(col("reject_reason").isNull(), lit(null).cast("string"))
                .when(col(ArticleSchema.READ_ERROR).isNotNull(), lit("ingest"))
                .otherwise(lit("clean")));
  }
}
