package org.demarche.pipeline;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.demarche.config.JobConfig;

/** Runs the phases of one job. (Being built: ingest, clean, dedupe, write.) */
public final class JobRunner {
  private final SparkSession spark;
  private final JobConfig cfg;
  private final Map<String, Object> resolvedConfig;

  public JobRunner(SparkSession spark, JobConfig cfg, Map<String, Object> resolvedConfig) {
    this.spark = spark;
    this.cfg = cfg;
    this.resolvedConfig = resolvedConfig;
  }

  public RunSummary run() {
    throw new UnsupportedOperationException("work in progress");
  }
}
