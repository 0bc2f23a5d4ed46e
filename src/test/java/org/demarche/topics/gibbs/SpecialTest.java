package org.demarche.topics.gibbs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SpecialTest {
  @Test
  void digammaKnownValues() {
    double euler = 0.5772156649015329;
    assertThat(Special.digamma(1)).isCloseTo(-euler, within(1e-12));
    assertThat(Special.digamma(0.5)).isCloseTo(-euler - 2 * Math.log(2), within(1e-12));
    assertThat(Special.digamma(0.01)).isCloseTo(-100.56088545786867, within(1e-9));
    assertThat(Special.digamma(1000)).isCloseTo(6.907255195648812, within(1e-12));
    // recurrence ψ(x + 1) = ψ(x) + 1/x
    assertThat(Special.digamma(3.7)).isCloseTo(Special.digamma(2.7) + 1 / 2.7, within(1e-12));
  }

  @Test
  void logGammaKnownValues() {
    assertThat(Special.logGamma(1)).isCloseTo(0, within(1e-12));
    assertThat(Special.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-12));
    assertThat(Special.logGamma(10)).isCloseTo(Math.log(362880), within(1e-10));
    assertThat(Special.logGamma(0.01)).isCloseTo(4.599479878042022, within(1e-10));
    assertThat(Special.logGamma(1e6)).isCloseTo(1.2815504569147612e7, within(1e-4));
  }
}
