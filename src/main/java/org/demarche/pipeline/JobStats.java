package org.demarche.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;

/**
 * Counts the Spark jobs, stages and tasks each phase (job group) starts, with the seconds its jobs ran and the call
 * sites that cost most. Logged to the run's log file, so a slow phase shows where its time went without the Spark UI.
 */
final class JobStats extends SparkListener {
  /** Per phase (or per query): jobs, stages, tasks, job seconds, stage seconds, task run and deserialise seconds. */
  record Group(long jobs, long stages, long tasks, double seconds, double stageSeconds, double runSeconds,
      double deserializeSeconds) {
    Group(long jobs, long stages, long tasks, double seconds) {
      this(jobs, stages, tasks, seconds, 0, 0, 0);
    }

    Group plus(Group o) {
      return new Group(jobs + o.jobs, stages + o.stages, tasks + o.tasks, seconds + o.seconds,
          stageSeconds + o.stageSeconds, runSeconds + o.runSeconds, deserializeSeconds + o.deserializeSeconds);
    }
  }

  private record Started(String group, String site, long startMs) {}

  private final Map<Integer, Started> running = new ConcurrentHashMap<>();
  private final Map<Integer, String> stageGroups = new ConcurrentHashMap<>();
  private final Map<String, Group> groups = new ConcurrentHashMap<>();

  static JobStats register(SparkSession spark) {
    JobStats s = new JobStats();
    spark.sparkContext().addSparkListener(s);
    return s;
  }

  void unregister(SparkSession spark) {
    spark.sparkContext().removeSparkListener(this);
  }

  private record Execution(String site, long startMs) {}

  private final Map<Long, Execution> executions = new ConcurrentHashMap<>();
  private final Map<Long, Integer> executionJobs = new ConcurrentHashMap<>();
  /** The job group of an execution's first job (an execution starts before its jobs carry the group). */
  private final Map<Long, String> executionGroups = new ConcurrentHashMap<>();
  private final Map<String, Group> queries = new ConcurrentHashMap<>();

  @Override
  public void onOtherEvent(org.apache.spark.scheduler.SparkListenerEvent event) {
    if (event instanceof org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart st) {
      String site = st.description();
      for (String line : st.details().split("\n")) {
        if (line.contains("org.demarche") && !line.contains("JobStats")) {
          site = line.trim();
          break;
        }
      }
      executions.put(st.executionId(), new Execution(site, st.time()));
    } else if (event instanceof org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd en) {
      Execution ex = executions.remove(en.executionId());
      Integer jobs = executionJobs.remove(en.executionId());
      String group = executionGroups.remove(en.executionId());
      if (ex != null) {
        queries.merge((group == null ? "-" : group) + " " + ex.site(), new Group(jobs == null ? 0 : jobs, 0, 0,
            (en.time() - ex.startMs()) / 1000.0), Group::plus);
      }
    }
  }

  /** The {@code n} SQL queries (by the demarche line that ran them) that took longest in total. */
  Map<String, Group> topQueries(int n) {
    Map<String, Group> out = new LinkedHashMap<>();
    queries.entrySet().stream()
        .sorted((a, b) -> Double.compare(b.getValue().seconds(), a.getValue().seconds()))
        .limit(n)
        .forEach(en -> out.put(en.getKey(), en.getValue()));
    return out;
  }

  @Override
  public void onJobStart(SparkListenerJobStart e) {
    String exec = e.properties() == null ? null : e.properties().getProperty("spark.sql.execution.id");
    if (exec != null) {
      executionJobs.merge(Long.parseLong(exec), 1, Integer::sum);
      String g = e.properties().getProperty("spark.jobGroup.id");
      if (g != null) {
        executionGroups.putIfAbsent(Long.parseLong(exec), g);
      }
    }
    String group = e.properties() == null ? null : e.properties().getProperty("spark.jobGroup.id");
    Execution query = exec == null ? null : executions.get(Long.parseLong(exec));
    String site = "";
    scala.collection.Iterator<StageInfo> it = e.stageInfos().iterator();
    int maxId = -1;
    while (it.hasNext()) {
      StageInfo s = it.next();
      stageGroups.put(s.stageId(), group == null ? "-" : group);
      if (query != null) {
        stageSites.put(s.stageId(), query.site());
      }
      if (s.stageId() > maxId) {
        maxId = s.stageId();
        site = s.name();
      }
    }
    running.put(e.jobId(), new Started(group == null ? "-" : group, site, e.time()));
  }

  /**
   * The demarche call site of the query a stage belongs to: adaptive execution names its stages after a
   * {@code CompletableFuture}, which says nothing about where the work comes from.
   */
  private final Map<Integer, String> stageSites = new ConcurrentHashMap<>();

  /** Task run times (ms) of the running stages. */
  private final Map<Integer, java.util.List<Long>> stageTasks = new ConcurrentHashMap<>();

  /**
   * The most uneven stage of a phase: its name, task count, median and longest task run time (ms). Only stages of at
   * least {@link #SPREAD_MIN_TASKS} tasks count (a straggler needs company).
   */
  record Spread(String stage, int tasks, long medianMs, long maxMs) {
    double ratio() {
      return medianMs == 0 ? (maxMs == 0 ? 1 : Double.POSITIVE_INFINITY) : (double) maxMs / medianMs;
    }
  }

  static final int SPREAD_MIN_TASKS = 4;
  private final Map<String, Spread> spreads = new ConcurrentHashMap<>();

  @Override
  public void onTaskEnd(SparkListenerTaskEnd e) {
    if (e.taskMetrics() != null) {
      stageTasks.computeIfAbsent(e.stageId(), k -> java.util.Collections.synchronizedList(new java.util.ArrayList<>()))
          .add(e.taskMetrics().executorRunTime());
    }
  }

  /** Stages whose longest task is under this are too short for their spread to matter, and rank last. */
  static final long SPREAD_MIN_MS = 200;

  /** Whether {@code b} is the more uneven stage: a stage with a task of at least 200 ms first, then by ratio. */
  static boolean worse(Spread b, Spread a) {
    boolean bs = b.maxMs() >= SPREAD_MIN_MS;
    boolean as = a.maxMs() >= SPREAD_MIN_MS;
    return bs != as ? bs : b.ratio() > a.ratio();
  }

  /** Per phase, its most uneven stage by longest over median task time (see {@link Spread}). */
  Map<String, Spread> spreads() {
    return new TreeMap<>(spreads);
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted e) {
    java.util.List<Long> times = stageTasks.remove(e.stageInfo().stageId());
    String g0 = stageGroups.get(e.stageInfo().stageId());
    if (times != null && times.size() >= SPREAD_MIN_TASKS) {
      long[] t;
      synchronized (times) {
        t = times.stream().mapToLong(Long::longValue).sorted().toArray();
      }
      String name = e.stageInfo().name();
      String query = stageSites.get(e.stageInfo().stageId());
      if (query != null && name.contains("CompletableFuture")) {
        name = name + " (query " + query + ")";
      }
      Spread sp = new Spread(name, t.length, t[t.length / 2], t[t.length - 1]);
      spreads.merge(g0 == null ? "-" : g0, sp, (a, b) -> worse(b, a) ? b : a);
    }
    stageSites.remove(e.stageInfo().stageId());
    String group = stageGroups.remove(e.stageInfo().stageId());
    StageInfo si = e.stageInfo();
    double stageSec = si.submissionTime().isDefined() && si.completionTime().isDefined()
        ? ((Long) si.completionTime().get() - (Long) si.submissionTime().get()) / 1000.0 : 0;
    double run = si.taskMetrics() == null ? 0 : si.taskMetrics().executorRunTime() / 1000.0;
    double deser = si.taskMetrics() == null ? 0 : si.taskMetrics().executorDeserializeTime() / 1000.0;
    groups.merge(group == null ? "-" : group, new Group(0, 1, si.numTasks(), 0, stageSec, run, deser), Group::plus);
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd e) {
    Started s = running.remove(e.jobId());
    if (s == null) {
      return;
    }
    double sec = (e.time() - s.startMs()) / 1000.0;
    groups.merge(s.group(), new Group(1, 0, 0, sec), Group::plus);
  }

  /** Jobs, stages, tasks and job seconds per phase, in phase order of first appearance is not kept: sorted by name. */
  Map<String, Group> groups() {
    return new TreeMap<>(groups);
  }

}
