package org.demarche.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class TopicStabilityTest {
  @Test
  void recurrenceAcrossSeeds() {
    var ref = TopicAlignmentTest.model(TopicAlignmentTest.topics(
        0, "war 0.6 army 0.3 peace 0.1",
        1, "tax 0.5 budget 0.5",
        2, "vote 0.7 election 0.3"));
    // seed 2: all three, permuted and slightly reweighted (cosines 0.96-0.99)
    var seed2 = TopicAlignmentTest.model(TopicAlignmentTest.topics(
        7, "vote 0.6 election 0.4",
        8, "war 0.5 army 0.4 troops 0.1",
        9, "tax 0.5 budget 0.4 deficit 0.1"));
    // seed 3: war and tax recur; vote/election is mixed with health (cosine 0.65 < 0.8)
    var seed3 = TopicAlignmentTest.model(TopicAlignmentTest.topics(
        0, "tax 0.6 budget 0.4",
        1, "army 0.4 war 0.6",
        2, "vote 0.3 health 0.4 election 0.1 care 0.2"));
    TopicStability.Result r = TopicStability.stability(List.of(ref, seed2, seed3), TopicStability.Options.defaults());
    List<Row> rows = r.topicRows();
    assertThat(rows).extracting(x -> x.getInt(0) + ":" + x.getDouble(1) + ":" + x.getInt(2))
        .containsExactly("0:1.0:2", "1:1.0:2", "2:0.5:1");
    double c23 = TopicAlignmentTest.cosine("vote 0.7 election 0.3", "vote 0.3 health 0.4 election 0.1 care 0.2");
    assertThat(c23).isLessThan(0.8);
    assertThat(rows.get(2).getDouble(3))
        .isCloseTo((TopicAlignmentTest.cosine("vote 0.7 election 0.3", "vote 0.6 election 0.4") + c23) / 2,
            within(1e-12));
    TopicStability.Summary s = r.summary();
    assertThat(s.runs()).isEqualTo(3);
    assertThat(s.topics()).isEqualTo(3);
    assertThat(s.meanRecurrence()).isCloseTo(5.0 / 6, within(1e-12));
    assertThat(s.shareStableInAll()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(s.matchedShareByRun()).containsExactly(1.0, 2.0 / 3);

    // another reference run: seed 3's mixed topic recurs nowhere
    TopicStability.Result r3 = TopicStability.stability(List.of(ref, seed2, seed3), new TopicStability.Options(0.8, 2));
    assertThat(r3.topicRows()).extracting(x -> x.getInt(0) + ":" + x.getDouble(1))
        .containsExactly("0:1.0", "1:1.0", "2:0.0");
  }

  @Test
  void needsTwoRuns() {
    var ref = TopicAlignmentTest.model(TopicAlignmentTest.topics(0, "a 1.0"));
    assertThatThrownBy(() -> TopicStability.stability(List.of(ref), TopicStability.Options.defaults()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
