package org.demarche.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.demarche.pipeline.RunSummary;

/**
 * One run of the whole job on the bundled sample ({@code data/sample}), made lazily the first time a test asks for it
 * and shared by every test class in the JVM ({@code EndToEndTest}, {@code DuckDbContractTest}), so CI pays for the
 * sample run once.
 *
 * <p>Settings: {@link #SETS} (the defaults plus actor keyness, so every table has rows). Tests must only read the
 * output folder, or rerun the same {@link #SETS} into it (a rerun leaves identical tables).
 *
 * @param out the output folder (a fresh temporary directory)
 * @param summary what the run reported
 */
public record SampleRun(Path out, RunSummary summary) {
  private static SampleRun instance;

  /** The settings of the shared run, with {@code output.path} still to be added ({@link #sets(Path)}). */
  public static final Map<String, String> SETS =
      Map.of("input.paths", SparkTestSession.repo().resolve("data/sample").toString(),
          "keyness.groups", "outlet,month,actor");

  /** The shared run, made on first use. */
  public static synchronized SampleRun get() {
    if (instance == null) {
      try {
        Path out = Files.createTempDirectory("demarche-sample-run");
        instance = new SampleRun(out, JobRuns.run(sets(out)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  /** {@link #SETS} writing into {@code out}. */
  public static Map<String, String> sets(Path out) {
    Map<String, String> all = new java.util.LinkedHashMap<>(SETS);
    all.put("output.path", out.toString());
    return all;
  }

  /** The run's settings (to rerun it into the same folder). */
  public Map<String, String> sets() {
    return sets(out);
  }

  /** The folder of one table. */
  public Path table(String name) {
    return out.resolve(name);
  }
}
