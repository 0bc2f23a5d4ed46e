package org.demarche.pipeline;

import java.util.Set;
import org.demarche.trends.TrendRunner;

/**
 * Brings the trend and alert tables up to date: only the periods holding the dates the batch owns are recomputed
 * ({@code trends.*}, {@code alerts.*}).
 */
final class TrendsPhase implements Phase {
  @Override
  public String name() {
    return "trends";
  }

  @Override
  public Kind kind() {
    return Kind.CORPUS;
  }

  @Override
  public Set<RunState.Slot<?>> inputs() {
    return Set.of(RunState.OWNED);
  }

  @Override
  public Set<RunState.Slot<?>> outputs() {
    return Set.of();
  }

  @Override
  public String description(RunState s) {
    return "trend and alert tables, grains " + String.join(", ", s.cfg().trends().grains());
  }

  @Override
  public Outcome run(RunState s) {
    TrendRunner.Result tr = TrendRunner.run(s.spark(), s.out(), s.cfg().trends(),
        s.get(RunState.OWNED).select("dt"), s.runId(),
        s.cfg().threads().enabled() ? s.cfg().threads().maxSpanDays() : 0);
    return new Outcome(tr.rows().values().stream().mapToLong(Long::longValue).sum(), tr.rows().toString());
  }
}
