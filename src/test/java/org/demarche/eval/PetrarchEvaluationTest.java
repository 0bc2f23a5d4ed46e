package org.demarche.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/**
 * Regression guard on the PETRARCH unit-test records. Floors are the figures measured when the coder was written
 * (validation verbs: pair 0.802, QuadClass 0.799, precision 0.919; CAMEO 2.0: pair 0.549, QuadClass 0.287), minus a
 * margin of about 0.02.
 */
class PetrarchEvaluationTest {
  static final Path XML = SparkTestSession.sharedData("petrarch_cameo/unit_tests/PETR.UnitTest.records.xml");
  static final Path DIR = SparkTestSession.sharedData("petrarch_cameo/dictionaries");

  @Test
  void parsesTheRecords() {
    List<PetrarchEvaluation.Record> rs = PetrarchEvaluation.records(XML);
    assertThat(rs).hasSize(284);
    assertThat(rs.get(0).id()).isEqualTo("DEMO-00");
    assertThat(rs.get(0).text()).startsWith("Arnor is about to restore full diplomatic ties with Gondor");
    assertThat(rs.get(0).gold()).containsExactly(new PetrarchEvaluation.Gold("ARN", "GON", "064"));
    assertThat(rs.stream().mapToInt(r -> r.gold().size()).sum()).isEqualTo(359);
    assertThat(rs.stream().filter(PetrarchEvaluation.Record::noEvents)).hasSize(19);
  }

  @Test
  void validationDictionaryMeetsTheBars() {
    PetrarchEvaluation.Result r = PetrarchEvaluation.run(XML, DIR, "PETR.Validate.verbs.txt");
    System.out.print(r.table());
    assertThat(r.records()).isEqualTo(281);
    assertThat(r.goldEvents()).isEqualTo(359);
    assertThat(r.pairAccuracy()).isGreaterThanOrEqualTo(0.78);
    assertThat(r.quadAccuracy()).isGreaterThanOrEqualTo(0.77);
    assertThat(r.codeAccuracy()).isGreaterThanOrEqualTo(0.75);
    assertThat(r.precision()).isGreaterThanOrEqualTo(0.89);
    assertThat(r.table()).contains("pair accuracy");
  }

  @Test
  void cameoDictionaryRuns() {
    PetrarchEvaluation.Result r = PetrarchEvaluation.run(XML, DIR, "");
    System.out.print(r.table());
    assertThat(r.pairAccuracy()).isGreaterThanOrEqualTo(0.52);
    assertThat(r.quadAccuracy()).isGreaterThanOrEqualTo(0.26);
    assertThat(r.precision()).isGreaterThanOrEqualTo(0.83);
  }
}
