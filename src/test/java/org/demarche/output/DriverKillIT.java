package org.demarche.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.demarche.testing.SparkTestSession;
import org.demarche.testing.TableDiff;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Driver killed during the write: a run of the shaded jar (local mode, its own JVM) is stopped with SIGKILL, by pid,
 * in the middle of moving the {@code stance} table's partitions into place (a fault hook, {@link
 * org.demarche.ml.FaultHook}, holds it there); then the same run is repeated into the same folder. It must roll the
 * interrupted swap forward, leave no staging and no partial or duplicate partitions, and end with every table equal,
 * row for row, to a clean run into an empty folder.
 *
 * <p>Run by failsafe ({@code mvn verify}); reads {@code demarche.jar}, {@code demarche.repo}, {@code
 * demarche.module.options} and {@code demarche.spark.classpath}, as {@code StandaloneClusterIT}.
 */
@Tag("cluster")
class DriverKillIT {
  /** Speeches of the bundled sample the runs read: enough for every table, small enough for three runs. */
  private static final int RECORDS = 40;

  @Test
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  void aRunKilledInTheMiddleOfASwapIsRepairedByItsRerun() throws Exception {
    Path repo = Paths.get(required("demarche.repo")).toAbsolutePath().normalize();
    Path jar = Paths.get(required("demarche.jar")).toAbsolutePath();
    Path cpFile = Paths.get(System.getProperty("demarche.spark.classpath",
        repo.resolve("target/spark-classpath.txt").toString()));
    Path tmp = Files.createTempDirectory("demarche-driver-kill-it");
    try {
      Path in = Files.createDirectories(tmp.resolve("in")).resolve("speeches.jsonl");
      try (BufferedReader r = new BufferedReader(new InputStreamReader(new BZip2CompressorInputStream(
          Files.newInputStream(repo.resolve("data/sample/ungdc/ungdc_sample.jsonl.bz2"))), StandardCharsets.UTF_8))) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < RECORDS; i++) {
          sb.append(r.readLine()).append('\n');
        }
        Files.writeString(in, sb.toString());
      }
      String cp = jar + ":" + Files.readString(cpFile).trim();
      Path out = tmp.resolve("out");
      Path clean = tmp.resolve("clean");

      // 1. killed while the stance table's partitions are being moved into place
      Process killed = start(cp, in, out, tmp.resolve("killed.log"), "swap:stance");
      String paused = awaitLine(killed, tmp.resolve("killed.log"), "demarche fault hook: paused at swap:stance", 600);
      assertThat(paused).contains("pid " + killed.pid());
      killed.destroyForcibly();
      assertThat(killed.waitFor(60, TimeUnit.SECONDS)).isTrue();
      System.out.printf("driver-kill-it: killed pid %d at %s%n", killed.pid(), "swap:stance");
      assertThat(stagedTables(out)).as("staging left by the killed run").contains("stance");

      // 2. the same run again into the same folder, and 3. a clean run into an empty one
      Process rerun = start(cp, in, out, tmp.resolve("rerun.log"), null);
      assertThat(rerun.waitFor(600, TimeUnit.SECONDS)).isTrue();
      assertThat(rerun.exitValue()).as("rerun exit code; log " + tmp.resolve("rerun.log")).isZero();
      assertThat(Files.readString(tmp.resolve("rerun.log"))).contains("rolled forward");
      Process fresh = start(cp, in, clean, tmp.resolve("clean.log"), null);
      assertThat(fresh.waitFor(600, TimeUnit.SECONDS)).isTrue();
      assertThat(fresh.exitValue()).as("clean run exit code").isZero();

      assertThat(out.resolve(KeyedReplace.STAGING)).doesNotExist();
      int tables = TableDiff.assertSameTables(SparkTestSession.get(), out, clean, "after the kill and rerun");
      System.out.printf("driver-kill-it: %d tables equal to a clean run after the rerun%n", tables);
    } finally {
      if (!Boolean.getBoolean("demarche.cluster.keep")) {
        try (Stream<Path> s = Files.walk(tmp)) {
          s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  private static Process start(String cp, Path in, Path out, Path log, String pauseAt) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(split(required("demarche.module.options")));
    cmd.addAll(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    if (pauseAt != null) {
      cmd.add("-D" + org.demarche.ml.FaultHook.PAUSE + "=" + pauseAt);
    }
    cmd.addAll(List.of("-cp", cp, "org.demarche.Main", "run", "--master", "local[2]", "--input", in.toString(),
        "--output", out.toString(), "--set", "trends.grains=month", "--set", "spark.shuffle_partitions=2",
        // the text phases write no per-document table through the swap this test is about; they are off for time
        "--set", "text.enabled=false", "--set", "topics.enabled=false", "--set", "keyness.enabled=false"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("OPENBLAS_NUM_THREADS", "1");
    Process p = pb.start();
    System.out.printf("driver-kill-it: started pid %d%s%n", p.pid(), pauseAt == null ? "" : " (pause at " + pauseAt + ")");
    return p;
  }

  /** Waits for a line containing {@code text} in the process's log; fails if the process ends first. */
  private static String awaitLine(Process p, Path log, String text, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
          if (line.contains(text)) {
            return line;
          }
        }
      }
      if (!p.isAlive()) {
        fail("the run ended (exit " + p.exitValue() + ") before '" + text + "'; log " + log);
      }
      Thread.sleep(200);
    }
    p.destroyForcibly();
    fail("no '" + text + "' within " + seconds + " s; log " + log);
    return null;
  }

  /** The tables with a staging folder under {@code out/_staging/<run>/}. */
  private static Set<String> stagedTables(Path out) throws IOException {
    Set<String> names = new TreeSet<>();
    Path staging = out.resolve(KeyedReplace.STAGING);
    if (Files.isDirectory(staging)) {
      try (Stream<Path> runs = Files.list(staging)) {
        for (Path run : runs.toList()) {
          try (Stream<Path> ts = Files.list(run)) {
            ts.forEach(t -> names.add(t.getFileName().toString()));
          }
        }
      }
    }
    return names;
  }

  private static String required(String key) {
    String v = System.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException("system property " + key + " is not set (failsafe sets it; see pom.xml)");
    }
    return v;
  }

  private static List<String> split(String s) {
    return Arrays.stream(s.trim().split("\\s+")).filter(x -> !x.isEmpty()).toList();
  }
}
