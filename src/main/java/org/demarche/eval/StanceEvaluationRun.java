package org.demarche.eval;

import static org.apache.spark.sql.functions.col;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.actors.ActorMatcher;
import org.demarche.clean.BoilerplateRemover;
import org.demarche.clean.DateParser;
import org.demarche.clean.UnicodeNormalizer;
import org.demarche.config.JobConfig;
import org.demarche.ingest.TextPageParser;
import org.demarche.pipeline.StanceSteps;

/** {@code evaluate stance}'s seed-article part: one text page through the job's stance path, printed as rows. */
public final class StanceEvaluationRun {
  private StanceEvaluationRun() {}

  /** Prints the actor-sourced tone, event and issue rows of one text page, strongest first, with their evidence. */
  public static void seed(SparkSession spark, JobConfig cfg, Path page, String toneModelPath, PrintWriter out)
      throws java.io.IOException {
    String raw = java.nio.file.Files.readString(page);
    String body = BoilerplateRemover.remove(UnicodeNormalizer.normalize(raw));
    StructType schema = new StructType().add("doc_id", DataTypes.StringType).add("story_id", DataTypes.StringType)
        .add("outlet", DataTypes.StringType).add("body", DataTypes.StringType)
        .add("published_at", DataTypes.TimestampType);
    Timestamp when = seedDate(raw);
    Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create(page.getFileName().toString(), null,
        page.getParent() == null ? null : page.getParent().getFileName().toString(), body, when)), schema);
    Dataset<Row> enriched = StanceSteps.annotate(new ActorMatcher().transform(df), cfg.stance(), toneModelPath);
    List<Row> rows = StanceSteps.stanceTable(enriched).where(col("source_type").equalTo("actor"))
        .orderBy(col("kind"), org.apache.spark.sql.functions.abs(col("score")).desc()).collectAsList();
    out.printf(Locale.ROOT, "%-6s %-16s %-24s %-12s %6s  %s%n", "kind", "source", "target", "class", "score",
        "evidence");
    for (Row r : rows) {
      String src = r.<String>getAs("source_actor_id") + "/" + r.<String>getAs("source_code");
      String tgt = r.<String>getAs("target_id");
      String ev = r.<String>getAs("evidence");
      out.printf(Locale.ROOT, "%-6s %-16s %-24s %-12s %+6.2f  %s%n", r.<String>getAs("kind"), trim(src, 16),
          trim(tgt, 24), r.<String>getAs("stance_class"), r.<Double>getAs("score"), trim(ev, 110));
    }
    out.flush();
  }

  private static String trim(String s, int n) {
    return s == null ? "" : s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }

  /** The date line of a text page, through the job's page parser and date parser; null when there is none. */
  static Timestamp seedDate(String raw) {
    TextPageParser.Page p = TextPageParser.parse(raw, 12);
    if (p == null || p.date() == null) {
      return null;
    }
    return DateParser.parse(p.date(), java.time.ZoneOffset.UTC).map(d -> Timestamp.from(d.instant())).orElse(null);
  }
}
