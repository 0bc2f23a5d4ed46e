package org.demarche.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.demarche.ml.FaultHook;
import org.demarche.testing.SparkTestSession;
import org.demarche.testing.TableDiff;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * spark-submit of the shaded jar to a real standalone cluster: one Master and two Workers (1 core each) started as
 * separate JVMs from the Maven Spark jars, on loopback and free ports, then the bundled sample is run through
 * {@code org.apache.spark.deploy.SparkSubmit} and the Parquet output is read back.
 *
 * <p>Run by failsafe ({@code mvn verify}) after the shade plugin; it reads the system properties {@code demarche.jar},
 * {@code demarche.repo}, {@code demarche.scala.binary}, {@code demarche.module.options},
 * {@code demarche.extra.jvm.options} and {@code demarche.spark.classpath} (the file written by the build). Set
 * {@code -Ddemarche.cluster.keep=true} to keep the temporary folder (logs, work dirs, output).
 */
@Tag("cluster")
class StandaloneClusterIT {
  private static final Pattern SUMMARY =
      Pattern.compile("records read ([\\d,.\\u00a0\\u202f' ]+?) = accepted ([\\d,.\\u00a0\\u202f' ]+?) "
          + "\\+ rejected ([\\d,.\\u00a0\\u202f']+)");
  /** 259 UN General Debate speeches + the RT seed page. */
  private static final long SAMPLE_RECORDS = 260;

  // Generous: on an idle 2-core machine the cluster is up in about 15 s and the run takes about 40 s, but the machine
  // is shared with other builds.
  // Seconds; override with -Ddemarche.cluster.startTimeout / -Ddemarche.cluster.submitTimeout.
  private static final Duration CLUSTER_START_TIMEOUT =
      Duration.ofSeconds(Long.getLong("demarche.cluster.startTimeout", 90));
  private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(Long.getLong("demarche.cluster.submitTimeout", 900));
  /**
   * For the short-lived driver and executors: C1 only and the serial GC. On a small, busy machine C2 compilations
   * and G1's threads cost more CPU than they save in a one-minute job; neither changes what the job computes.
   */
  private static final String LIGHT_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  /** Every JVM this class started, in start order; stopped in reverse order. */
  private static final Map<String, Process> STARTED = new LinkedHashMap<>();
  /** Processes started by our processes (executors), seen while they ran; stopped by PID if still alive. */
  private static final Set<ProcessHandle> DESCENDANTS = new HashSet<>();
  private static final Map<String, Path> LOGS = new LinkedHashMap<>();
  private static final Thread SHUTDOWN_HOOK = new Thread(StandaloneClusterIT::stopAll, "cluster-it-cleanup");
  private static Path tmp;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  @Timeout(value = 1800, unit = TimeUnit.SECONDS)
  void sparkSubmitRunsTheSampleOnAStandaloneCluster() throws Exception {
    Path repo = Paths.get(required("demarche.repo")).toAbsolutePath().normalize();
    Path jar = Paths.get(required("demarche.jar")).toAbsolutePath();
    String scala = required("demarche.scala.binary");
    Path cpFile = Paths.get(System.getProperty("demarche.spark.classpath", repo.resolve("target/spark-classpath.txt").toString()));
    assertThat(jar).as("shaded jar (built by the package phase)").isRegularFile();
    assertThat(cpFile).as("Spark classpath file (written by the build, execution spark-classpath)").isRegularFile();

    Runtime.getRuntime().addShutdownHook(SHUTDOWN_HOOK);
    tmp = Files.createTempDirectory("demarche-cluster-it");
    long t0 = System.nanoTime();
    try {
      // A throwaway SPARK_HOME: the Worker builds executor commands from $SPARK_HOME/jars/*.
      Path sparkHome = Files.createDirectories(tmp.resolve("spark-home"));
      linkJars(cpFile, Files.createDirectories(sparkHome.resolve("jars")));
      Map<String, String> env = childEnv(sparkHome, scala);
      String cp = sparkHome.resolve("jars").toString() + "/*";

      int[] ports = freePorts(6);
      int masterPort = ports[0];
      int masterUi = ports[1];
      String masterUrl = "spark://127.0.0.1:" + masterPort;
      // No retries on the fixed ports: a port taken in between fails fast instead of binding somewhere unknown.
      // C1 only and the serial GC: the daemons do little work, and start faster on a busy machine.
      List<String> daemonOpts =
          List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dspark.port.maxRetries=0");

      start("master", env, javaCommand(cp, daemonOpts, List.of("-Dspark.master.rest.enabled=false"),
          "org.apache.spark.deploy.master.Master",
          "--host", "127.0.0.1", "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterUi)));
      for (int i = 1; i <= 2; i++) {
        Path workDir = Files.createDirectories(tmp.resolve("worker-" + i + "-work"));
        start("worker-" + i, env, javaCommand(cp, daemonOpts, List.of(),
            "org.apache.spark.deploy.worker.Worker",
            "--host", "127.0.0.1", "--port", String.valueOf(ports[2 * i]),
            "--webui-port", String.valueOf(ports[2 * i + 1]),
            "--cores", "1", "--memory", "1536m", "--work-dir", workDir.toString(), masterUrl));
      }
      awaitWorkers(masterUi, 2);
      long tCluster = System.nanoTime();
      System.out.printf("cluster-it: master + 2 workers up in %.1f s (%s)%n", (tCluster - t0) / 1e9, masterUrl);

      Path out = tmp.resolve("out");
      Process driver = submit("driver", env, cp, repo, jar, masterUrl, out, "");
      boolean finished = driver.waitFor(SUBMIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      long tSubmit = System.nanoTime();
      System.out.printf("cluster-it: spark-submit %s in %.1f s%n", finished ? "finished" : "TIMED OUT",
          (tSubmit - tCluster) / 1e9);
      if (!finished) {
        fail("spark-submit did not finish within " + SUBMIT_TIMEOUT.toSeconds() + " s");
      }
      assertThat(driver.exitValue()).as("spark-submit exit code").isZero();

      // The summary line printed by `demarche run`, and its reconciliation.
      String stdout = Files.readString(LOGS.get("driver"), StandardCharsets.UTF_8);
      Matcher m = SUMMARY.matcher(stdout);
      assertThat(m.find()).as("summary line 'records read N = accepted A + rejected R' in the driver output").isTrue();
      long read = number(m.group(1));
      long accepted = number(m.group(2));
      long rejected = number(m.group(3));
      assertThat(read).as("records read").isEqualTo(SAMPLE_RECORDS);
      assertThat(accepted + rejected).as("accepted + rejected").isEqualTo(read);
      assertThat(accepted).as("accepted").isPositive();

      // The application really ran on the cluster's executors.
      JsonNode after = masterState(masterUi, Duration.ofSeconds(30));
      assertThat(after.path("url").asText()).isEqualTo(masterUrl);
      List<JsonNode> apps = new ArrayList<>();
      after.path("completedapps").forEach(apps::add);
      assertThat(apps).as("completed applications on the master").hasSize(1);
      assertThat(apps.get(0).path("name").asText()).isEqualTo("demarche-cluster-it");
      assertThat(apps.get(0).path("state").asText()).isEqualTo("FINISHED");
      String appId = apps.get(0).path("id").asText();
      int workersWithExecutors = 0;
      long finishedTasks = 0;
      for (int i = 1; i <= 2; i++) {
        Path appDir = tmp.resolve("worker-" + i + "-work").resolve(appId);
        if (!Files.isDirectory(appDir)) {
          continue;
        }
        List<Path> stderrs;
        try (Stream<Path> s = Files.walk(appDir, 2)) {
          stderrs = s.filter(p -> p.getFileName().toString().equals("stderr")).collect(Collectors.toList());
        }
        if (!stderrs.isEmpty()) {
          workersWithExecutors++;
        }
        for (Path e : stderrs) {
          try (Stream<String> lines = Files.lines(e, StandardCharsets.UTF_8)) {
            finishedTasks += lines.filter(l -> l.contains("Finished task")).count();
          }
        }
      }
      assertThat(workersWithExecutors).as("workers that ran an executor for " + appId).isEqualTo(2);
      assertThat(finishedTasks).as("tasks finished by the executors (their stderr)").isPositive();

      // The Parquet tables, read back locally.
      SparkSession spark = SparkTestSession.get();
      Dataset<Row> articles = spark.read().parquet(out.resolve("articles").toString());
      Dataset<Row> rejects = spark.read().parquet(out.resolve("rejects").toString());
      Dataset<Row> runs = spark.read().parquet(out.resolve("runs").toString());
      assertThat(articles.count()).as("rows in articles").isEqualTo(accepted);
      assertThat(rejects.count()).as("rows in rejects").isEqualTo(rejected);
      List<Row> runIds = articles.select("run_id").distinct().collectAsList();
      assertThat(runIds).as("distinct run_id in articles").hasSize(1);
      String runId = runIds.get(0).getString(0);
      assertThat(stdout).contains("demarche run " + runId);
      List<Row> runRows = runs.collectAsList();
      assertThat(runRows).as("rows in runs").hasSize(1);
      Row run = runRows.get(0);
      assertThat(run.<String>getAs("run_id")).isEqualTo(runId);
      assertThat(run.<String>getAs("master")).as("runs.master").isEqualTo(masterUrl);
      assertThat(run.<Long>getAs("records_read")).isEqualTo(read);
      assertThat(run.<Boolean>getAs("reconciled")).isTrue();
      System.out.printf("cluster-it: read %d = accepted %d + rejected %d, run %s, %d tasks on executors; total %.1f s%n",
          read, accepted, rejected, runId, finishedTasks, (System.nanoTime() - t0) / 1e9);

      // Executor loss: the same run once more, with one executor JVM killed (SIGKILL, by pid, a child of a worker
      // this test started) while it is inside a task, twice: first in the per-document phase (the stance stage), then
      // in the topic fit (after its first Gibbs sweep). A fault hook holds each task there until the kill; a marker
      // file per point lets only the first task pause, so the retried task runs through. The run must complete and
      // write the same tables as the undisturbed run.
      Path faultOut = tmp.resolve("out-executor-loss");
      long tf = System.nanoTime();
      List<String> points = List.of("task:stance", "gibbs:sweep");
      Process faulty = submit("driver-executor-loss", env, cp, repo, jar, masterUrl, faultOut,
          "-D" + FaultHook.PAUSE + "=" + String.join(",", points) + " -D" + FaultHook.ONCE + "=" + tmp.resolve("fault"));
      Set<Long> killed = new HashSet<>();
      for (String point : points) {
        long pid = awaitPausedExecutor(faulty, point,
            Duration.ofSeconds(Long.getLong("demarche.cluster.faultTimeout", 600)));
        ProcessHandle executor = ProcessHandle.of(pid).orElseThrow();
        assertThat(workerChildren()).as("the executor paused at " + point + " is a child of a worker this test started")
            .contains(executor);
        executor.destroyForcibly();
        assertThat(executor.onExit().get(60, TimeUnit.SECONDS).isAlive()).isFalse();
        killed.add(pid);
        System.out.printf("cluster-it: killed executor pid %d paused at %s (%.1f s into the run)%n", pid, point,
            (System.nanoTime() - tf) / 1e9);
      }
      assertThat(killed).as("two executors killed").hasSize(2);
      assertThat(faulty.waitFor(SUBMIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
          .as("spark-submit with executors killed finished").isTrue();
      assertThat(faulty.exitValue()).as("exit code with executors killed").isZero();
      String err = Files.readString(LOGS.get("driver-executor-loss (stderr)"), StandardCharsets.UTF_8);
      assertThat(Pattern.compile("Lost executor (\\d+)").matcher(err).results().map(r -> r.group(1)).distinct().count())
          .as("executors the driver reported lost").isEqualTo(2);
      int same = TableDiff.assertSameTables(spark, faultOut, out, "with two executors killed");
      System.out.printf("cluster-it: executors killed at %s: run completed in %.1f s, %d tables equal to the "
          + "undisturbed run%n", points, (System.nanoTime() - tf) / 1e9, same);
    } catch (Throwable t) {
      printLogs();
      throw t;
    } finally {
      stopAll();
      deleteTmp();
    }
  }

  @AfterAll
  static void cleanUp() {
    stopAll();
    deleteTmp();
    try {
      Runtime.getRuntime().removeShutdownHook(SHUTDOWN_HOOK);
    } catch (IllegalStateException | IllegalArgumentException ignored) {
      // not registered, or the JVM is already shutting down
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static String required(String name) {
    String v = System.getProperty(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException("system property " + name + " is not set; run through failsafe (mvn verify)");
    }
    return v;
  }

  private static void linkJars(Path cpFile, Path jarsDir) throws IOException {
    String cp = Files.readString(cpFile, StandardCharsets.UTF_8).trim();
    Set<String> names = new HashSet<>();
    int n = 0;
    for (String entry : cp.split(java.io.File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path jar = Paths.get(entry);
      String name = jar.getFileName().toString();
      if (!names.add(name)) {
        name = (n) + "-" + name;
        names.add(name);
      }
      Files.createSymbolicLink(jarsDir.resolve(name), jar.toAbsolutePath());
      n++;
    }
    assertThat(n).as("jars in " + cpFile).isGreaterThan(50);
    assertThat(names.stream().anyMatch(s -> s.startsWith("spark-core_"))).as("spark-core in " + cpFile).isTrue();
  }

  private static Map<String, String> childEnv(Path sparkHome, String scala) {
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    // Nothing from a real Spark or Hadoop installation may leak in.
    for (String k : List.of("SPARK_CONF_DIR", "SPARK_DIST_CLASSPATH", "SPARK_CLASSPATH", "HADOOP_CONF_DIR",
        "YARN_CONF_DIR", "SPARK_WORKER_DIR", "SPARK_LOG_DIR", "SPARK_PID_DIR", "SPARK_SUBMIT_OPTS",
        "SPARK_JAVA_OPTS", "SPARK_DAEMON_JAVA_OPTS", "SPARK_PREPEND_CLASSES", "SPARK_TESTING", "PYSPARK_PYTHON",
        "_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
      env.remove(k);
    }
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", scala);
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("OPENBLAS_NUM_THREADS", "1");
    return env;
  }

  private static List<String> javaCommand(String cp, List<String> jvmOpts, List<String> more, String mainClass,
      String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(split(required("demarche.module.options")));
    cmd.addAll(split(System.getProperty("demarche.extra.jvm.options", "")));
    cmd.addAll(jvmOpts);
    cmd.addAll(more);
    cmd.add("-cp");
    cmd.add(cp);
    cmd.add(mainClass);
    cmd.addAll(Arrays.asList(args));
    return cmd;
  }

  private static List<String> split(String s) {
    return Arrays.stream(s.trim().split("\\s+")).filter(x -> !x.isEmpty()).collect(Collectors.toList());
  }

  private static Process start(String name, Map<String, String> env, List<String> cmd) throws IOException {
    Path log = tmp.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(false);
    pb.environment().clear();
    pb.environment().putAll(env);
    if (name.startsWith("driver")) {
      // stdout (the run summary) apart from the log lines on stderr
      pb.redirectOutput(log.toFile());
      Path err = tmp.resolve(name + "-stderr.log");
      pb.redirectError(err.toFile());
      LOGS.put(name, log);
      LOGS.put(name + " (stderr)", err);
    } else {
      pb.redirectErrorStream(true).redirectOutput(log.toFile());
      LOGS.put(name, log);
    }
    Process p = pb.start();
    synchronized (STARTED) {
      STARTED.put(name, p);
    }
    System.out.printf("cluster-it: started %s, pid %d%n", name, p.pid());
    return p;
  }

  /** Ports that were free a moment ago; all held open together so that they differ. */
  private static int[] freePorts(int n) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        s.setReuseAddress(true);
        sockets.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  /** The master's state from its web UI ({@code /json/}), retried until it answers or the time is up. */
  private JsonNode masterState(int uiPort, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/"))
        .timeout(Duration.ofSeconds(10)).GET().build();
    while (true) {
      try {
        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() == 200) {
          return json.readTree(resp.body());
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("master JSON: HTTP " + resp.statusCode());
        }
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      Thread.sleep(500);
    }
  }

  /**
   * Waits until the master log shows {@code expected} registered workers (cheaper than the web UI, which starts
   * later), then checks the same in the master's JSON.
   */
  private void awaitWorkers(int uiPort, int expected) throws Exception {
    long deadline = System.nanoTime() + CLUSTER_START_TIMEOUT.toNanos();
    Path masterLog = LOGS.get("master");
    long registered = 0;
    while (System.nanoTime() < deadline) {
      synchronized (STARTED) {
        for (Map.Entry<String, Process> e : STARTED.entrySet()) {
          if (!e.getValue().isAlive()) {
            fail(e.getKey() + " exited with code " + e.getValue().exitValue() + " while the cluster was starting");
          }
        }
      }
      try (Stream<String> lines = Files.lines(masterLog, StandardCharsets.UTF_8)) {
        registered = lines.filter(l -> l.contains("Registering worker 127.0.0.1:")).count();
      } catch (IOException | UncheckedIOException e) {
        registered = 0; // a half-written line; try again
      }
      if (registered >= expected) {
        break;
      }
      Thread.sleep(300);
    }
    if (registered < expected) {
      throw new AssertionError("only " + registered + " of " + expected + " workers registered within "
          + CLUSTER_START_TIMEOUT.toSeconds() + " s");
    }
    // The log line comes before the registration completes: poll the JSON until it shows them ALIVE.
    deadline = Math.max(deadline, System.nanoTime() + 10_000_000_000L);
    while (true) {
      JsonNode state = masterState(uiPort, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      int alive = 0;
      for (JsonNode w : state.path("workers")) {
        if ("ALIVE".equals(w.path("state").asText())) {
          alive++;
        }
      }
      if (alive >= expected && "ALIVE".equals(state.path("status").asText())) {
        assertThat(alive).as("ALIVE workers in the master JSON").isEqualTo(expected);
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("master JSON shows " + alive + " ALIVE workers (expected " + expected
            + "), master status " + state.path("status").asText());
      }
      Thread.sleep(300);
    }
  }

  /**
   * Starts {@code demarche run} on the sample through spark-submit to the cluster; {@code executorOpts} are added to
   * the executors' JVM options.
   */
  private static Process submit(String name, Map<String, String> env, String cp, Path repo, Path jar, String masterUrl,
      Path out, String executorOpts) throws IOException {
    String extraOpts = System.getProperty("demarche.extra.jvm.options", "").trim();
    List<String> submitArgs = new ArrayList<>(List.of(
        "--master", masterUrl,
        "--deploy-mode", "client",
        "--name", "demarche-cluster-it",
        "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.ui.showConsoleProgress=false",
        "--conf", "spark.executorEnv.OPENBLAS_NUM_THREADS=1",
        // 2 executor cores and a 260-record sample: the default 200 shuffle partitions would be 200 tiny tasks
        // per shuffle stage.
        "--conf", "spark.sql.shuffle.partitions=4",
        "--executor-memory", "1g",
        "--total-executor-cores", "2"));
    submitArgs.addAll(List.of("--conf",
        ("spark.executor.extraJavaOptions=" + LIGHT_JVM + " " + extraOpts + " " + executorOpts).trim()));
    submitArgs.addAll(List.of(
        "--class", "org.demarche.Main", jar.toString(),
        "run", "--input", repo.resolve("data/sample").toString(), "--output", out.toString(),
        // fewer Gibbs sweeps than the default 200: this test is about running on executors, not topic quality
        "--set", "topics.iterations=20",
        // one trend grain: the roll-ups are checked end to end in local mode
        "--set", "trends.grains=month"));
    List<String> driverOpts = new ArrayList<>(split(LIGHT_JVM));
    driverOpts.addAll(List.of("-Xmx1g",
        "-Dlog4j2.configurationFile=" + repo.resolve("conf/log4j2.properties").toUri()));
    return start(name, env, javaCommand(cp, driverOpts, List.of(),
        "org.apache.spark.deploy.SparkSubmit", submitArgs.toArray(String[]::new)));
  }

  /**
   * The pid an executor printed when it paused at {@code point} (its stderr, in a worker's work folder; a killed
   * executor's file keeps its line, so the pids already seen at other points are told apart by the point).
   */
  private static long awaitPausedExecutor(Process driver, String point, Duration within) throws Exception {
    Pattern paused = Pattern.compile(Pattern.quote(FaultHook.PAUSED + point) + ", pid (\\d+)");
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      try (Stream<Path> s = Files.walk(tmp, 4)) {
        for (Path p : s.filter(p -> p.toString().contains("-work/app-") && p.getFileName().toString().equals("stderr"))
            .toList()) {
          Matcher m = paused.matcher(Files.readString(p, StandardCharsets.ISO_8859_1));
          if (m.find()) {
            return Long.parseLong(m.group(1));
          }
        }
      } catch (IOException | UncheckedIOException e) {
        // a folder or file appearing while we walk: try again
      }
      if (!driver.isAlive()) {
        fail("spark-submit ended (exit " + driver.exitValue() + ") before an executor paused at " + point);
      }
      Thread.sleep(300);
    }
    fail("no executor paused at " + point + " within " + within.toSeconds() + " s");
    return -1;
  }

  /** The processes the workers this test started have started (their executors). */
  private static Set<ProcessHandle> workerChildren() {
    Set<ProcessHandle> out = new HashSet<>();
    synchronized (STARTED) {
      STARTED.forEach((name, p) -> {
        if (name.startsWith("worker-")) {
          p.descendants().forEach(out::add);
        }
      });
    }
    DESCENDANTS.addAll(out);
    return out;
  }

  private static long number(String s) {
    return Long.parseLong(s.replaceAll("[^0-9]", ""));
  }

  /** Driver first, then the workers (which stop their executors), then the master; each by its own PID. */
  private static void stopAll() {
    List<Map.Entry<String, Process>> procs;
    synchronized (STARTED) {
      procs = new ArrayList<>(STARTED.entrySet());
      STARTED.clear();
    }
    java.util.Collections.reverse(procs);
    for (Map.Entry<String, Process> e : procs) {
      Process p = e.getValue();
      p.descendants().forEach(DESCENDANTS::add);
      stop(e.getKey(), p.toHandle());
    }
    for (ProcessHandle h : DESCENDANTS) {
      if (h.isAlive()) {
        stop("descendant", h);
      }
    }
    DESCENDANTS.clear();
  }

  private static void stop(String name, ProcessHandle h) {
    if (!h.isAlive()) {
      return;
    }
    h.destroy();
    try {
      h.onExit().get(15, TimeUnit.SECONDS);
    } catch (Exception timeoutOrInterrupt) {
      h.destroyForcibly();
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        System.err.printf("cluster-it: %s pid %d did not stop%n", name, h.pid());
      }
    }
  }

  private static void printLogs() {
    for (Map.Entry<String, Path> e : LOGS.entrySet()) {
      printTail(e.getKey(), e.getValue(), 300);
    }
    if (tmp == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(tmp)) {
      s.filter(p -> p.toString().contains("-work/app-") && p.getFileName().toString().equals("stderr"))
          .forEach(p -> printTail("executor " + tmp.relativize(p), p, 150));
    } catch (IOException | UncheckedIOException ignored) {
      // best effort
    }
  }

  private static void printTail(String title, Path file, int lines) {
    System.err.printf("%n===== %s: %s =====%n", title, file);
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      all.subList(Math.max(0, all.size() - lines), all.size()).forEach(System.err::println);
    } catch (IOException | UncheckedIOException e) {
      System.err.println("(cannot read: " + e + ")");
    }
  }

  private static void deleteTmp() {
    if (tmp == null || Boolean.getBoolean("demarche.cluster.keep")) {
      if (tmp != null) {
        System.out.println("cluster-it: kept " + tmp);
      }
      return;
    }
    try (Stream<Path> s = Files.walk(tmp)) { // does not follow the jar symlinks
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // best effort
    }
    tmp = null;
    LOGS.clear();
  }
}
