package org.demarche.pipeline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.demarche.config.JobConfig;

/** The phases a config asks for, in order, each input produced by an earlier phase. */
public record Plan(List<Phase> phases) {
  public Plan {
    phases = List.copyOf(phases);
    Set<RunState.Slot<?>> produced = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (Phase p : phases) {
      if (!names.add(p.name())) {
        throw new IllegalArgumentException("plan: phase " + p.name() + " appears twice");
      }
      for (RunState.Slot<?> in : p.inputs()) {
        if (!produced.contains(in)) {
          throw new IllegalArgumentException("plan: phase " + p.name() + " reads " + in
              + ", which no earlier phase produces");
        }
      }
      produced.addAll(p.outputs());
    }
    for (int i = 0; i < phases.size(); i++) {
      for (int j = i; j < phases.size(); j++) {
        for (RunState.Slot<?> in : phases.get(i).optionalInputs()) {
          if (phases.get(j).outputs().contains(in)) {
            throw new IllegalArgumentException("plan: phase " + phases.get(i).name() + " reads " + in
                + ", which phase " + phases.get(j).name() + " produces only later");
          }
        }
      }
    }
  }

  /**
   * The plan of {@code demarche run}: ingest, clean, dedupe; actors and stance (per-document) when enabled; text and
   * topics when enabled; write; keyness and trends when enabled.
   */
  public static Plan of(JobConfig cfg) {
    List<Phase> p = new ArrayList<>();
    p.add(new IngestPhase());
    p.add(new CleanPhase());
    p.add(new DedupePhase());
    if (cfg.actors().enabled()) {
      p.add(new ActorsPhase());
    }
    if (cfg.stance().enabled()) {
      p.add(new StancePhase());
    }
    if (cfg.text().enabled()) {
      p.add(new TextPhase());
      if (cfg.threads().enabled()) {
        p.add(new ThreadsPhase());
      }
      if (cfg.topics().enabled()) {
        p.add(new TopicsPhase());
      }
    }
    p.add(new WritePhase());
    if (cfg.text().enabled() && cfg.keyness().enabled()) {
      p.add(new KeynessPhase());
    }
    if (cfg.trends().enabled()) {
      p.add(new TrendsPhase());
    }
    return new Plan(p);
  }

  public List<String> names() {
    return phases.stream().map(Phase::name).toList();
  }
}
