package org.demarche.actors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DiscoveryTest {
  @Test
  void textEndingInATitleWordYieldsNoCandidateAndNoError() {
    // a trailing run of capitalised title words used to index past the last token (found on the UN sample)
    assertThat(Discovery.find("The delegation thanked Mr. President", null)).isEmpty();
    assertThat(Discovery.find("We thank the Secretary General", new boolean[40])).isEmpty();
  }

  @Test
  void aTitledNameAtTheEndOfTheTextIsStillFound() {
    assertThat(Discovery.find("The talks were opened by Foreign Minister Olek Brandvik", null))
        .extracting(Discovery.Candidate::name).containsExactly("Olek Brandvik");
  }
}
