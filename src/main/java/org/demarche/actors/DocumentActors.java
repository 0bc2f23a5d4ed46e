package org.demarche.actors;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.demarche.actors.MentionFinder.Mention;

/**
 * Document-level actors: which countries and people a document is <i>about</i>, from its mentions.
 *
 * <p>Each mention adds a weight to its country (non-person, non-coreference mentions) or to its person actor: names,
 * acronyms, institutions and capitals 1.0, demonyms and other places 0.5, a dateline place 2.0, coreference 0.5;
 * mentions in the lead (the first two sentences: headline/dateline and first sentence) count double. An actor whose
 * score reaches the threshold is a document actor. The thresholds were chosen on the Reuters-21578 dev half (see
 * {@link ActorEvaluation}).
 */
public final class DocumentActors {
  public static final double COUNTRY_THRESHOLD = 2.0;
  public static final double PERSON_THRESHOLD = 2.0;

  private DocumentActors() {}

  static double weight(Mention m) {
    double w;
    if ("dateline".equals(m.method())) {
      w = 2.0;
    } else if ("coreference".equals(m.aliasType()) || m.resolutionMethod().startsWith("coref")) {
      w = 0.5;
    } else {
      switch (m.aliasType()) {
        case "demonym":
        case "place":
          w = 0.5;
          break;
        default:
          w = 1.0;
      }
    }
    return m.sentence() <= 1 ? 2 * w : w;
  }

  /** Whether a mention counts towards its country's document score. */
  static boolean counts(Mention m) {
    return !"coreference".equals(m.aliasType()) && !m.country().isEmpty();
  }

  /** Country (ISO3) → salience score. */
  public static Map<String, Double> countryScores(List<Mention> ms, ActorDictionary dict) {
    Map<String, Double> out = new HashMap<>();
    for (Mention m : ms) {
      ActorDictionary.Actor a = dict.actor(m.actorId());
      if (a == null || a.isPerson() || !counts(m)) {
        continue;
      }
      out.merge(m.country(), weight(m), Double::sum);
    }
    return out;
  }

  /** Person actor id → salience score. */
  public static Map<String, Double> personScores(List<Mention> ms, ActorDictionary dict) {
    Map<String, Double> out = new HashMap<>();
    for (Mention m : ms) {
      ActorDictionary.Actor a = dict.actor(m.actorId());
      if (a != null && a.isPerson()) {
        out.merge(a.id(), weight(m), Double::sum);
      }
    }
    return out;
  }
}
