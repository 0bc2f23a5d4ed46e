package org.demarche.topics.gibbs;

import java.io.Serializable;

/** What one document partition returns from a sweep: its new state, its count changes per word block, statistics. */
public final class SweepResult implements Serializable {
  private static final long serialVersionUID = 1L;
  public final DocPartition docs;
  public final DeltaBlock[] deltas;
  /** Null unless the sweep collected it. */
  public final DocTopicHistogram histogram;
  /** The document part of the model log-likelihood, or NaN when not computed. */
  public final double docLogLikelihood;
  /** The word block this partition owns (block id = partition id), as it was before the sweep; set by the caller. */
  public WordBlock ownBlock;

  public SweepResult(DocPartition docs, DeltaBlock[] deltas, DocTopicHistogram histogram, double docLogLikelihood) {
    this.docs = docs;
    this.deltas = deltas;
    this.histogram = histogram;
    this.docLogLikelihood = docLogLikelihood;
  }
}
