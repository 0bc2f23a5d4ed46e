package org.demarche.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.demarche.config.ConfigLoader;
import org.demarche.config.JobConfig;
import org.junit.jupiter.api.Test;

/** From config to phases: which phases a run has, of which kind, and that each reads only what came before. */
class PlanTest {
  private static JobConfig cfg(Map<String, String> sets) {
    return new ConfigLoader().sets(sets).build(null);
  }

  @Test
  void theDefaultPlanHasEveryPhaseInOrderWithItsKind() {
    Plan plan = Plan.of(cfg(Map.of()));
    assertThat(plan.names()).containsExactly("ingest", "clean", "dedupe", "actors", "stance", "text", "threads",
        "topics", "write", "keyness", "trends");
    assertThat(plan.phases()).extracting(Phase::kind).containsExactly(Phase.Kind.SOURCE, Phase.Kind.PER_DOCUMENT,
        Phase.Kind.CORPUS, Phase.Kind.PER_DOCUMENT, Phase.Kind.PER_DOCUMENT, Phase.Kind.CORPUS, Phase.Kind.CORPUS,
        Phase.Kind.CORPUS, Phase.Kind.SINK, Phase.Kind.CORPUS, Phase.Kind.CORPUS);
  }

  @Test
  void phasesTurnedOffAreLeftOut() {
    assertThat(Plan.of(cfg(Map.of("topics.enabled", "false"))).names())
        .containsExactly("ingest", "clean", "dedupe", "actors", "stance", "text", "threads", "write", "keyness",
            "trends");
    assertThat(Plan.of(cfg(Map.of("threads.enabled", "false"))).names())
        .containsExactly("ingest", "clean", "dedupe", "actors", "stance", "text", "topics", "write", "keyness",
            "trends");
    assertThat(Plan.of(cfg(Map.of("stance.enabled", "false", "trends.enabled", "false"))).names())
        .containsExactly("ingest", "clean", "dedupe", "actors", "text", "threads", "topics", "write", "keyness");
    assertThat(Plan.of(cfg(Map.of("text.enabled", "false", "topics.enabled", "false", "keyness.enabled", "false")))
        .names()).containsExactly("ingest", "clean", "dedupe", "actors", "stance", "write", "trends");
    assertThat(Plan.of(cfg(Map.of("actors.enabled", "false", "stance.enabled", "false", "text.enabled", "false",
        "topics.enabled", "false", "keyness.enabled", "false", "trends.enabled", "false"))).names())
        .containsExactly("ingest", "clean", "dedupe", "write");
  }

  @Test
  void everyInputComesFromAnEarlierPhase() {
    Plan plan = Plan.of(cfg(Map.of()));
    java.util.Set<RunState.Slot<?>> seen = new java.util.HashSet<>();
    for (Phase p : plan.phases()) {
      assertThat(seen).as(p.name()).containsAll(p.inputs());
      seen.addAll(p.outputs());
    }
    // the write phase writes the stance and topic tables when their phases ran, and those come before it
    assertThat(plan.phases().get(plan.names().indexOf("write")).optionalInputs())
        .containsExactlyInAnyOrder(RunState.STANCE_ROWS, RunState.TOPICS, RunState.THREADS);
  }

  @Test
  void aPlanWhosePhaseReadsWhatNoEarlierPhaseMakesIsRefused() {
    Phase reader = new Stub("reader", Set.of(RunState.TEXT_MODEL), Set.of(), Set.of());
    assertThatThrownBy(() -> new Plan(List.of(new IngestPhase(), reader)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reader reads text_model, which no earlier phase produces");
    Phase optional = new Stub("late", Set.of(), Set.of(RunState.TOPICS), Set.of());
    assertThatThrownBy(() -> new Plan(List.of(optional, new Stub("topics", Set.of(), Set.of(),
        Set.of(RunState.TOPICS)))))
        .hasMessageContaining("late reads topics, which phase topics produces only later");
    assertThatThrownBy(() -> new Plan(List.of(new IngestPhase(), new IngestPhase())))
        .hasMessageContaining("ingest appears twice");
  }

  private record Stub(String name, Set<RunState.Slot<?>> inputs, Set<RunState.Slot<?>> optionalInputs,
      Set<RunState.Slot<?>> outputs) implements Phase {
    @Override
    public Kind kind() {
      return Kind.CORPUS;
    }

    @Override
    public String description(RunState s) {
      return name;
    }

    @Override
    public Optional<String> skipReason(RunState s) {
      return Optional.empty();
    }

    @Override
    public Outcome run(RunState s) {
      throw new UnsupportedOperationException("a stub is never run");
    }
  }
}
