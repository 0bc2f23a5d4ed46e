package org.demarche.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.demarche.config.ConfigLoader;
import org.demarche.config.JobConfig;
import org.demarche.pipeline.JobRunner;
import org.demarche.pipeline.RunSummary;

/** Runs the whole job in-process on the shared test session. */
public final class JobRuns {
  private JobRuns() {}

  public static RunSummary run(Map<String, String> sets) {
    Map<String, String> all = new LinkedHashMap<>(sets);
    ConfigLoader loader = new ConfigLoader().sets(all);
    JobConfig cfg = loader.build(null);
    return new JobRunner(SparkTestSession.get(), cfg, loader.resolved()).run();
  }
}
