package org.demarche.topics.gibbs;

import java.io.Serializable;

/**
 * The state one partition keeps between iterations: its documents and the word block it owns (partition i owns block
 * i). Immutable; each iteration makes new ones.
 */
public final class PartitionState implements Serializable {
  private static final long serialVersionUID = 1L;
  public final DocPartition docs;
  public final WordBlock block;

  public PartitionState(DocPartition docs, WordBlock block) {
    this.docs = docs;
    this.block = block;
  }
}
