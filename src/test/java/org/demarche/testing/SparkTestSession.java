package org.demarche.testing;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession shared by every test in the JVM: {@code local[2]}, UI off, loopback driver, UTC.
 * Never stopped by a test class (a stopped shared context breaks the classes that follow).
 */
public final class SparkTestSession {
  private static SparkSession session;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      session =
          SparkSession.builder()
              .appName("demarche-tests")
              .master("local[2]")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.sql.shuffle.partitions", "4")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.ui.showConsoleProgress", "false")
              .config("spark.sql.maxPlanStringLength", "100000")
              .config("spark.hadoop.fs.file.impl", "org.demarche.output.NioLocalFileSystem") // as Sessions does
              .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  /** The repository root (set by surefire as {@code demarche.repo}; falls back to the working directory). */
  public static Path repo() {
    return Paths.get(System.getProperty("demarche.repo", ".")).toAbsolutePath().normalize();
  }

  /**
   * A file of the shared research data ({@code ../shared/data/<relative>} beside the repository). A clone elsewhere
   * (e.g. {@code /tmp/x}) finds it through {@code -Ddemarche.shared.data} or {@code $DEMARCHE_SHARED_DATA} ({@code
   * .ci/run} sets it from the repository the clone came from). The data are required: tests that use them fail
   * without them.
   */
  public static Path sharedData(String relative) {
    return sharedDataRoot().resolve(relative).normalize();
  }

  public static Path sharedDataRoot() {
    java.util.List<Path> candidates = new java.util.ArrayList<>();
    if (System.getProperty("demarche.shared.data") != null) {
      candidates.add(Paths.get(System.getProperty("demarche.shared.data")));
    }
    if (System.getenv("DEMARCHE_SHARED_DATA") != null) {
      candidates.add(Paths.get(System.getenv("DEMARCHE_SHARED_DATA")));
    }
    candidates.add(repo().resolve("../shared/data"));
    for (Path c : candidates) {
      if (java.nio.file.Files.isDirectory(c)) {
        return c.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("shared data not found in " + candidates
        + "; set -Ddemarche.shared.data or DEMARCHE_SHARED_DATA to the folder holding allsides_article_bias/ etc.");
  }
}
