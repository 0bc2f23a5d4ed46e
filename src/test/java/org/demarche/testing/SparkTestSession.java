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
              .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  /** The repository root (set by surefire as {@code demarche.repo}; falls back to the working directory). */
  public static Path repo() {
    return Paths.get(System.getProperty("demarche.repo", ".")).toAbsolutePath().normalize();
  }

  /** {@code ../shared/data/<relative>} resolved from the repository root. */
  public static Path sharedData(String relative) {
    return repo().resolve("../shared/data").resolve(relative).normalize();
  }
}
