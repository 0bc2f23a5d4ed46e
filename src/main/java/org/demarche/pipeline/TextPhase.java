package org.demarche.pipeline;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Text features: tokens, phrases, lemmas, stopwords and TF-IDF, with the vocabulary fitted on the batch ({@code
 * text.*}); or, when {@code topics.model} names a saved model, that model's own text stages and vocabulary, so its
 * topics mean the same words. A batch whose documents hold no term at all gets no text features.
 */
final class TextPhase implements Phase {
  private static final Logger LOG = LoggerFactory.getLogger(TextPhase.class);

  @Override
  public String name() {
    return "text";
  }

  @Override
  public Kind kind() {
    return Kind.CORPUS;
  }

  @Override
  public Set<RunState.Slot<?>> inputs() {
    return Set.of(RunState.DOCUMENTS);
  }

  @Override
  public Set<RunState.Slot<?>> outputs() {
    return Set.of(RunState.DOCUMENTS, RunState.TEXT_MODEL);
  }

  @Override
  public String description(RunState s) {
    return s.cfg().topics().model().isEmpty() ? "tokens, phrases, lemmas, stopwords, TF-IDF"
        : "text stages of " + s.cfg().topics().model();
  }

  @Override
  public Optional<String> skipReason(RunState s) {
    return s.documents == 0
        ? Optional.of("no article was accepted in this batch; no text features, topics or keyness")
        : Optional.empty();
  }

  @Override
  public Outcome run(RunState s) {
    Dataset<Row> docs = s.get(RunState.DOCUMENTS);
    long rows;
    if (!s.cfg().topics().model().isEmpty()) {
      PipelineModel loaded = TopicSteps.loadTextModel(s.cfg().topics().model());
      rows = Phases.materialise(s, RunState.DOCUMENTS,
          NlpSteps.dropIntermediates(loaded.transform(docs)).persist(StorageLevel.MEMORY_AND_DISK()), true);
      s.put(RunState.TEXT_MODEL, loaded);
    } else {
      List<String> names = s.cfg().actors().enabled() && s.cfg().text().actorPhrases()
          ? NlpSteps.mentionedActorNames(docs) : List.of();
      NlpSteps.FittedText ft;
      try {
        ft = NlpSteps.fitText(docs, NlpSteps.textOptions(s.cfg().text(), names));
      } catch (NlpSteps.EmptyVocabularyException e) {
        LOG.warn("{}; skipped: text features, topics and keyness", e.getMessage());
        return new Outcome(0, "skipped: " + e.getMessage());
      }
      ft.caches().forEach(s::cache);
      rows = Phases.materialise(s, RunState.DOCUMENTS, ft.docs(), true);
      s.put(RunState.TEXT_MODEL, ft.model());
    }
    s.summary().count("vocabulary", TopicSteps.vocabulary(s.get(RunState.TEXT_MODEL)).length);
    s.summary().count("n_docs_text", rows);
    return new Outcome(rows, description(s));
  }
}
