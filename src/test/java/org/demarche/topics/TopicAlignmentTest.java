package org.demarche.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class TopicAlignmentTest {
  /** Builds topicTerms from topic → "term weight term weight …" (count = 100 × weight). */
  static Dataset<Row> model(Map<Integer, String> topics) {
    List<Object[]> rows = new ArrayList<>();
    topics.forEach((t, spec) -> {
      String[] p = spec.trim().split("\\s+");
      for (int i = 0; i < p.length; i += 2) {
        double w = Double.parseDouble(p[i + 1]);
        rows.add(new Object[] {t, p[i], w, 100 * w});
      }
    });
    return TopicDiagnosticsTest.topicTerms(rows.toArray(new Object[0][]));
  }

  static Map<Integer, String> topics(Object... kv) {
    Map<Integer, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((Integer) kv[i], (String) kv[i + 1]);
    }
    return m;
  }

  /** Independent plain-Java cosine of two "term weight …" specs. */
  static double cosine(String a, String b) {
    Map<String, Double> x = parse(a);
    Map<String, Double> y = parse(b);
    double dot = 0;
    for (Map.Entry<String, Double> e : x.entrySet()) {
      dot += e.getValue() * y.getOrDefault(e.getKey(), 0.0);
    }
    return dot / norm(x) / norm(y);
  }

  private static Map<String, Double> parse(String s) {
    Map<String, Double> m = new HashMap<>();
    String[] p = s.trim().split("\\s+");
    for (int i = 0; i < p.length; i += 2) {
      m.put(p[i], Double.parseDouble(p[i + 1]));
    }
    return m;
  }

  private static double norm(Map<String, Double> m) {
    return Math.sqrt(m.values().stream().mapToDouble(v -> v * v).sum());
  }

  static final Map<Integer, String> OLD = topics(
      10, "war 0.6 army 0.3 peace 0.1",
      11, "tax 0.5 budget 0.5",
      12, "vote 0.7 election 0.3");
  /** OLD permuted, reweighted, with vocabulary the old model never had (troops, deficit), plus one new topic. */
  static final Map<Integer, String> NEW = topics(
      0, "vote 0.6 election 0.4",
      1, "war 0.5 army 0.4 troops 0.1",
      2, "tax 0.5 budget 0.4 deficit 0.1",
      3, "climate 0.6 energy 0.4");

  @Test
  void cosineMatrixJoinsOnTermsAcrossVocabularies() {
    TopicAlignment.CosineMatrix c = TopicAlignment.cosine(model(OLD), model(NEW));
    assertThat(c.rowTopics()).containsExactly(10, 11, 12);
    assertThat(c.colTopics()).containsExactly(0, 1, 2, 3);
    assertThat(c.get(10, 1)).isCloseTo(0.9555330859059089, within(1e-12)); // .42 / (√.46 · √.42)
    for (int o : OLD.keySet()) {
      for (int n : NEW.keySet()) {
        assertThat(c.get(o, n)).as("%d/%d", o, n).isCloseTo(cosine(OLD.get(o), NEW.get(n)), within(1e-12));
      }
    }
    assertThat(c.get(10, 3)).isZero();
  }

  @Test
  void permutedAndRectangularRefitKeepsIdsAndNumbersNewTopicsAfterTheMaxOldId() {
    TopicAlignment.Result r = TopicAlignment.align(model(OLD), model(NEW), TopicAlignment.Options.defaults("v2"));
    assertThat(r.topicIds()).containsEntry(0, 12).containsEntry(1, 10).containsEntry(2, 11).containsEntry(3, 13);
    List<Row> mapping = r.mapping().orderBy("topic").collectAsList();
    assertThat(mapping).extracting(x -> x.getInt(0) + ">" + x.getInt(1) + " " + x.getString(2))
        .containsExactly("0>12 matched", "1>10 matched", "2>11 matched", "3>13 new");
    assertThat(mapping.get(1).getDouble(3)).isCloseTo(0.9555330859059089, within(1e-12));
    assertThat(mapping.get(3).getDouble(3)).isZero();
    List<Row> lineage = r.lineage().collectAsList();
    assertThat(r.lineage().schema().fieldNames())
        .containsExactly("topic_id", "previous_topic_id", "event", "cosine", "model_version");
    assertThat(lineage).extracting(x -> x.get(0) + "<" + x.get(1) + " " + x.getString(2) + " " + x.getString(4))
        .containsExactlyInAnyOrder("12<12 matched v2", "10<10 matched v2", "11<11 matched v2", "13<null new v2");
  }

  @Test
  void fewerNewTopicsGiveMergedAndRetired() {
    Map<Integer, String> old = topics(
        0, "war 0.5 army 0.5",
        1, "war 0.4 army 0.4 military 0.2",
        2, "tax 1.0");
    Map<Integer, String> refit = topics(5, "war 0.45 army 0.45 military 0.1");
    TopicAlignment.Result r = TopicAlignment.align(model(old), model(refit), TopicAlignment.Options.defaults("v3"));
    // cos(0, 5) = 0.98788 > cos(1, 5) = 0.98312: old 0 keeps its id, old 1 merges into it, old 2 retires
    assertThat(r.topicIds()).containsExactly(Map.entry(5, 0));
    assertThat(r.lineageRows()).extracting(x -> x.topicId() + "<" + x.previousTopicId() + " " + x.event() + " "
        + x.modelVersion()).containsExactly("0<0 matched v3", "0<1 merged v3", "null<2 retired v3");
    assertThat(r.lineageRows().get(0).cosine()).isCloseTo(0.9878783399072131, within(1e-12));
    assertThat(r.lineageRows().get(1).cosine()).isCloseTo(cosine(old.get(1), refit.get(5)), within(1e-12));
    assertThat(r.lineageRows().get(2).cosine()).isZero();
  }

  @Test
  void pairsBelowTheThresholdAreNotMatched() {
    Map<Integer, String> old = topics(4, "a 0.5 b 0.5");
    Map<Integer, String> refit = topics(0, "a 0.5 c 0.5"); // cosine 0.5
    TopicAlignment.Result strict = TopicAlignment.align(model(old), model(refit),
        new TopicAlignment.Options(0.6, "v", 100));
    assertThat(strict.topicIds()).containsExactly(Map.entry(0, 100)); // firstFreshId 100 > max old id + 1
    assertThat(strict.lineageRows()).extracting(TopicAlignment.Lineage::event).containsExactly("new", "retired");
    assertThat(strict.lineageRows().get(0).cosine()).isCloseTo(0.5, within(1e-12));
    TopicAlignment.Result loose = TopicAlignment.align(model(old), model(refit),
        new TopicAlignment.Options(0.45, "v", 0));
    assertThat(loose.topicIds()).containsExactly(Map.entry(0, 4));
  }

  @Test
  void thresholdedMatchingNeverLeavesAnAdmissiblePairUnmatched() {
    // plain Hungarian would pair (0,0) + (1,1) = 0.9 + 0.3; with threshold 0.5 the only admissible pairs are
    // (0,0) 0.9 and (1,0) 0.6 → row 0 takes column 0, row 1 is unmatched (0.3 < 0.5)
    double[][] cos = {{0.9, 0.1}, {0.6, 0.3}};
    assertThat(TopicAlignment.match(cos, 0.5)).containsExactly(0, -1);
    // a high pair is given up when two admissible pairs sum to more: 0.7 + 0.7 > 0.9
    double[][] cos2 = {{0.9, 0.7}, {0.7, 0.1}};
    assertThat(TopicAlignment.match(cos2, 0.5)).containsExactly(1, 0);
  }

  @Test
  void relabelReplacesTopicWithStableId() {
    TopicAlignment.Result r = TopicAlignment.align(model(OLD), model(NEW), TopicAlignment.Options.defaults("v2"));
    Dataset<Row> relabelled = TopicAlignment.relabel(model(NEW), "topic", r.topicIds());
    assertThat(relabelled.columns()).containsExactly("topic", "term", "weight", "count");
    assertThat(relabelled.where("term = 'troops'").first().getInt(0)).isEqualTo(10);
    assertThat(relabelled.where("term = 'climate'").first().getInt(0)).isEqualTo(13);
    assertThat(relabelled.count()).isEqualTo(model(NEW).count());
  }

  @Test
  void rejectsBadThreshold() {
    assertThatThrownBy(() -> new TopicAlignment.Options(0.0, "v", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TopicAlignment.Options(1.5, "v", 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
