package org.demarche.actors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.actors.MentionFinder.Mention;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/** Precision rules found by error analysis, and discovery. */
class ActorPrecisionTest {
  static final MentionFinder F = new MentionFinder(ActorDictionary.builtin());
  static final LocalDate D = LocalDate.of(1987, 3, 1);

  @Test
  void allCapsHeadlineMatchesOnlyHighPrecisionAliases() {
    // country names, acronyms and capitals match in an all-caps headline ...
    assertThat(F.find("RUSSIA, US TO PUSH FOR TALKS\nMore text here.", D)).extracting(Mention::actorId)
        .contains("RUS", "USA");
    // ... but a Phoenix city/region (single-token place) or a bare surname does not
    assertThat(F.find("GENEVA TALKS END\nThe talks ended.", D)).isEmpty();
    assertThat(F.find("LAWSON SEES GROWTH\nGrowth will slow.", D)).isEmpty();
  }

  @Test
  void ambiguousSurnameNeedsAnAntecedent() {
    assertThat(F.find("Growth will slow, Lawson said on Monday.", D)).isEmpty();
    List<Mention> ms = F.find("Cina Lawson arrived. Later Lawson said no.", D);
    assertThat(ms).extracting(Mention::aliasText).containsExactly("Cina Lawson", "Lawson");
    assertThat(ms.get(1).resolutionMethod()).isEqualTo("coref_surname");
    // a curated (prominent) actor's surname resolves on its own
    assertThat(F.find("On Monday Lavrov said no.", LocalDate.of(2013, 5, 7))).extracting(Mention::actorId)
        .containsExactly("SERGEY_LAVROV");
  }

  @Test
  void placeAliases() {
    Mention geneva = F.find("Officials flew to Geneva on Monday.", D).get(0);
    assertThat(geneva.actorId()).isEqualTo("CHE");
    assertThat(geneva.aliasType()).isEqualTo("place");
    // a dateline place counts whatever its case, and resolves to the country
    Mention dl = F.find("COCOA REVIEW\nCHICAGO, Feb 26 - Showers continued.", D).get(0);
    assertThat(dl.actorId()).isEqualTo("USA");
    assertThat(dl.method()).isEqualTo("dateline");
    // "U.S." keeps its final period (CoNLL and the original text agree on the span)
    Mention us = F.find("He flew to the U.S. yesterday.", D).get(0);
    assertThat(us.aliasText()).isEqualTo("U.S.");
    // a date is not an organisation ("May 15")
    assertThat(F.find("The offer expires on May 15 at noon.", D)).isEmpty();
  }

  @Test
  void documentActorsNeedSalience() {
    List<Mention> ms = F.find("JAPAN TRADE SURPLUS RISES\nTOKYO, March 3 - Japan's surplus rose, officials said. "
        + "It was the largest since 1985. Prices in the U.S. were steady.", D);
    var scores = DocumentActors.countryScores(ms, ActorDictionary.builtin());
    assertThat(scores.get("JPN")).isGreaterThanOrEqualTo(DocumentActors.COUNTRY_THRESHOLD);
    assertThat(scores.get("USA")).isLessThan(DocumentActors.COUNTRY_THRESHOLD);
  }

  @Test
  void discoveryFindsUnknownNamesNearReportingVerbsAndTitles() {
    String text = "Farid Zanetti told reporters the plan failed. Interior Minister Olek Brandvik was not available."
        + " John Kerry said nothing. The plan, he said, was dead.";
    boolean[] covered = new boolean[text.length()];
    for (Mention m : F.find(text, LocalDate.of(2013, 5, 7))) {
      for (int c = m.start(); c < m.end(); c++) {
        covered[c] = true;
      }
    }
    assertThat(Discovery.find(text, covered)).extracting(Discovery.Candidate::name)
        .containsExactly("Farid Zanetti", "Olek Brandvik");
  }

  @Test
  void candidatesTableOnTheSeedArticle() throws Exception {
    var spark = SparkTestSession.get();
    String seed = Files.readString(
        SparkTestSession.repo().resolve("data/sample/rt.com/rt_2013-05-07_russia-us-syria-conference.txt"));
    StructType schema = new StructType().add("doc_id", DataTypes.StringType).add("body", DataTypes.StringType)
        .add("published_at", DataTypes.TimestampType);
    Dataset<Row> df = spark.createDataFrame(List.of(
        RowFactory.create("seed", seed, Timestamp.valueOf("2013-05-07 12:00:00")),
        RowFactory.create("a", "Farid Zanetti told reporters the plan failed.", Timestamp.valueOf("2013-05-08 12:00:00")),
        RowFactory.create("b", "The plan is dead, Farid Zanetti said.", Timestamp.valueOf("2013-05-09 12:00:00")),
        RowFactory.create("c", null, null)), schema);
    Dataset<Row> withMentions = ((ActorMatcher) ActorStages.stages("").get(0)).transform(df);
    Dataset<Row> cands = ActorStages.candidatesTable(withMentions);
    assertThat(cands.columns()).containsExactly("candidate", "n_mentions", "n_docs", "first_dt", "last_dt",
        "example_sentences", "score");
    List<Row> rows = cands.collectAsList();
    Row top = rows.get(0);
    assertThat(top.<String>getAs("candidate")).isEqualTo("Farid Zanetti");
    assertThat(top.<Long>getAs("n_docs")).isEqualTo(2L);
    assertThat(top.<Timestamp>getAs("first_dt")).isEqualTo(Timestamp.valueOf("2013-05-08 12:00:00"));
    assertThat(top.getList(top.fieldIndex("example_sentences"))).hasSize(2);
    // names the dictionary knows are never candidates
    assertThat(rows).extracting(r -> r.<String>getAs("candidate"))
        .doesNotContain("John Kerry", "Sergey Lavrov", "Lavrov", "Kerry", "Putin");
  }
}
