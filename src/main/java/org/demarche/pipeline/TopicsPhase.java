package org.demarche.pipeline;

import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.demarche.config.JobConfig;

/**
 * Fits the topic model on the batch's term counts ({@code topics.*}), or applies the saved model {@code topics.model}
 * names; gives each document its topic mixture.
 */
final class TopicsPhase implements Phase {
  /** The per-document topic rows the phase computed, with the model (its tables are written by the write phase). */
  private static final RunState.Slot<Dataset<Row>> DOC_TOPICS = new RunState.Slot<>("doc_topics");

  @Override
  public String name() {
    return "topics";
  }

  @Override
  public Kind kind() {
    return Kind.CORPUS;
  }

  @Override
  public Set<RunState.Slot<?>> inputs() {
    return Set.of(RunState.DOCUMENTS, RunState.TEXT_MODEL);
  }

  @Override
  public Set<RunState.Slot<?>> outputs() {
    return Set.of(RunState.TOPICS);
  }

  @Override
  public String description(RunState s) {
    JobConfig.TopicsConfig t = s.cfg().topics();
    return t.model().isEmpty() ? t.engine() + " k=" + t.k() + ", " + t.iterations() + " iterations"
        : "apply " + t.model();
  }

  @Override
  public Optional<String> skipReason(RunState s) {
    if (!s.has(RunState.TEXT_MODEL) || s.summary().count("n_docs_text") <= 0) {
      return Optional.of("no text features in this batch");
    }
    JobConfig.TopicsConfig t = s.cfg().topics();
    if (t.model().isEmpty()) {
      int v = TopicSteps.vocabulary(s.get(RunState.TEXT_MODEL)).length;
      long docs = s.summary().count("n_docs_text");
      if (v < 2 * t.k() || docs < t.k()) {
        return Optional.of(docs + " documents and a vocabulary of " + v + " terms are too few for topics.k = "
            + t.k() + " (need at least k documents and 2k terms)");
      }
    }
    return Optional.empty();
  }

  @Override
  public Outcome run(RunState s) {
    TopicSteps.Outcome fit = TopicSteps.run(s.spark(), s.get(RunState.DOCUMENTS), s.get(RunState.TEXT_MODEL),
        s.cfg().topics(), s.out(), s.runId());
    long rows = Phases.materialise(s, DOC_TOPICS, fit.docTopics().persist(StorageLevel.MEMORY_AND_DISK()), true);
    s.put(RunState.TOPICS, new TopicSteps.Outcome(fit.modelId(), fit.modelPath(), fit.fitted(), fit.model(),
        fit.descriptor(), s.get(DOC_TOPICS), fit.topics(), fit.lineage(), fit.fitSeconds()));
    s.summary().count("topics_k", fit.descriptor().k());
    return new Outcome(rows, description(s));
  }
}
