package org.demarche.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.demarche.config.ConfigException;
import org.demarche.config.ConfigKeys;
import org.demarche.config.ConfigLoader;
import org.demarche.config.JobConfig;
import org.demarche.output.OutputTables;
import org.demarche.pipeline.Sessions;
import org.demarche.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demarche report}: one self-contained HTML page with the key charts and tables of an output folder. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write one self-contained HTML page (charts embedded as PNG, no external resources) summarising an output",
      "folder: the run, coverage over time, top actors, dyads with their evidence sentences, issue stances, topics",
      "and alerts. Reads the Parquet tables only; no NLP runs."
    })
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SharedOptions.RunOutput output;

  @Option(names = {"-f", "--file"}, paramLabel = "PATH", description = "The HTML file to write. Default: DIR/report.html")
  String file;

  @Option(names = {"-g", "--grain"}, paramLabel = "GRAIN",
      description = "Period of the time charts: day, week or month (a grain of the trend tables). Default: month")
  String grain = "month";

  @Option(names = {"-n", "--top"}, paramLabel = "N", description = "Actors, dyads, issues and topics shown. Default: 10")
  int top = 10;

  @Option(names = {"-e", "--evidence"}, paramLabel = "N",
      description = "Evidence sentences shown per key and period (at most trends.evidence were kept). Default: 3")
  int evidence = 3;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "YAML config file (for spark.* settings)")
  Path config;

  @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
      description = "Override one config key, e.g. --set spark.shuffle_partitions=8; repeatable")
  Map<String, String> sets = new LinkedHashMap<>();

  @Mixin SharedOptions.Master master;

  @Override
  public Integer call() {
    ConfigLoader loader = new ConfigLoader().file(config).sets(sets).option(ConfigKeys.OUTPUT_PATH, output.get());
    JobConfig cfg = loader.build(master.get());
    String out = cfg.output().path();
    Report.Options opts = options();
    boolean remote = RunCommand.isUri(out);
    String target = file != null ? file : (out.endsWith("/") ? out : out + "/") + "report.html";
    if (!remote) {
      checkLocalOutput(out);
    }
    if (!RunCommand.isUri(target)) {
      Path parent = Paths.get(target).toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        throw new ConfigException("--file " + target + ": folder " + parent + " does not exist; fix: create it or "
            + "give another --file");
      }
      if (Files.isDirectory(Paths.get(target))) {
        throw new ConfigException("--file " + target + " is a folder; fix: give a file name such as "
            + Paths.get(target).resolve("report.html"));
      }
    }
    long t0 = System.nanoTime();
    SparkSession spark = Sessions.create(cfg);
    if (remote && Report.tablesIn(spark, out).isEmpty()) {
      throw new ConfigException("--output " + out + ": holds no demarche tables; fix: give the output folder of an "
          + "earlier `demarche run`");
    }
    List<String> grains = Report.grainsIn(spark, out);
    if (spec.commandLine().getParseResult().hasMatchedOption("--grain") && !grains.isEmpty()
        && !grains.contains(opts.grain())) {
      throw new ConfigException("--grain " + opts.grain() + ": the trend tables under " + out + " hold only "
          + String.join(", ", grains) + "; fix: --grain " + grains.get(0) + ", or recompute them with `demarche "
          + "trends --output " + out + " --set trends.grains=" + String.join(",", grains) + "," + opts.grain() + "`");
    }
    Report.Result r = Report.build(spark, out, opts);
    write(spark, target, r.html());
    double s = (System.nanoTime() - t0) / 1e9;
    for (String p : r.problems()) {
      spec.commandLine().getErr().println("demarche: report: section failed: " + p);
    }
    spec.commandLine().getOut().printf(java.util.Locale.ROOT, "report: %s (%,d bytes, %d charts) in %.1f s%n",
        target, r.html().getBytes(StandardCharsets.UTF_8).length, r.charts(), s);
    return r.problems().isEmpty() ? 0 : 1;
  }

  private Report.Options options() {
    String g = grain == null ? "" : grain.trim().toLowerCase(java.util.Locale.ROOT);
    if (!List.of("day", "week", "month").contains(g)) {
      throw new ConfigException("--grain " + grain + ": not one of day, week, month; fix: e.g. --grain month");
    }
    if (top < 1 || top > 100) {
      throw new ConfigException("--top " + top + ": must be between 1 and 100; fix: e.g. --top 10");
    }
    if (evidence < 0 || evidence > 50) {
      throw new ConfigException("--evidence " + evidence + ": must be between 0 and 50; fix: e.g. --evidence 3");
    }
    return new Report.Options(g, top, evidence);
  }

  /** Fails fast, before Spark starts, when a local --output is not a demarche output folder. */
  static void checkLocalOutput(String out) {
    Path dir = Paths.get(out);
    if (!Files.exists(dir)) {
      throw new ConfigException("--output " + out + ": no such folder; fix: give the output folder of an earlier "
          + "`demarche run` (e.g. bin/demarche run --output " + out + ")");
    }
    if (!Files.isDirectory(dir)) {
      throw new ConfigException("--output " + out + ": is a file, not a folder; fix: give the output folder of an "
          + "earlier `demarche run`");
    }
    for (OutputTables t : OutputTables.values()) {
      if (Files.isDirectory(dir.resolve(t.table()))) {
        return;
      }
    }
    throw new ConfigException("--output " + out + ": holds no demarche tables (no articles/, runs/, actor_trends/, "
        + "…); fix: give the output folder of an earlier `demarche run`");
  }

  /** Writes the page through Hadoop's FileSystem, so --file may be local or on an object store. */
  private static void write(SparkSession spark, String target, String html) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(RunCommand.isUri(target) ? target
          : Paths.get(target).toAbsolutePath().toUri().toString());
      org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs instanceof org.apache.hadoop.fs.LocalFileSystem local) {
        fs = local.getRawFileSystem(); // no .crc checksum file beside the page
      }
      try (OutputStream os = fs.create(p, true)) {
        os.write(html.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }
}
