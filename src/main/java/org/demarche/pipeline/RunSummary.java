package org.demarche.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a run did: per-phase rows and seconds, the reconciliation, and where the tables went. */
public final class RunSummary {
  public record Phase(String name, long rows, double seconds, String note) {}

  private final String runId;
  private final String output;
  private List<String> tables = List.of("articles", "rejects", "runs");
  private final List<Phase> phases = new ArrayList<>();
  private final Map<String, Long> counts = new LinkedHashMap<>();

  public RunSummary(String runId, String output) {
    this.runId = runId;
    this.output = output;
  }

  public void phase(String name, long rows, double seconds, String note) {
    phases.add(new Phase(name, rows, seconds, note));
  }

  public void count(String name, long value) {
    counts.put(name, value);
  }

  public long count(String name) {
    return counts.getOrDefault(name, -1L);
  }

  /** The tables the output folder holds after the run. */
  public void tables(List<String> names) {
    tables = List.copyOf(names);
  }

  public List<Phase> phases() {
    return List.copyOf(phases);
  }

  public Map<String, Long> counts() {
    return Map.copyOf(counts);
  }

  public String runId() {
    return runId;
  }

  public String render() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%ndemarche run %s%n", runId));
    sb.append(String.format("  %-10s %12s %9s  %s%n", "phase", "rows", "seconds", "note"));
    double total = 0;
    for (Phase p : phases) {
      sb.append(String.format("  %-10s %,12d %9.1f  %s%n", p.name(), p.rows(), p.seconds(), p.note()));
      total += p.seconds();
    }
    sb.append(String.format("  %-10s %12s %9.1f%n", "total", "", total));
    sb.append(String.format("  records read %,d = accepted %,d + rejected %,d%n", count("records_read"),
        count("accepted"), count("rejected")));
    sb.append(String.format("  articles %,d, stories %,d, outlets %,d%n", count("n_articles"), count("n_stories"),
        count("n_outlets")));
    sb.append(String.format("  output: %s (tables: %s)%n", output, String.join(", ", tables)));
    return sb.toString();
  }
}
