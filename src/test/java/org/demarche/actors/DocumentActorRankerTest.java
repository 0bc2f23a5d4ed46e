package org.demarche.actors;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.testing.SparkTestSession;
import org.demarche.testing.StageContracts;
import org.junit.jupiter.api.Test;

class DocumentActorRankerTest {
  static final ActorDictionary DICT = ActorDictionary.builtin();
  static final MentionFinder F = new MentionFinder(DICT);
  static final LocalDate DAY = LocalDate.of(1987, 4, 8);

  static List<DocumentActors.Ranked> rank(String title, String body) {
    return DocumentActorRanker.rank(title, body, F.find(body, DAY), DAY, F, DICT);
  }

  static DocumentActors.Ranked actor(List<DocumentActors.Ranked> rs, String id) {
    return rs.stream().filter(r -> r.actorId().equals(id)).findFirst().orElseThrow(() -> new AssertionError(
        id + " not among " + rs.stream().map(DocumentActors.Ranked::actorId).toList()));
  }

  @Test
  void anAllCapsHeadlineNamingACountryByItsAdjectiveCounts() {
    List<DocumentActors.Ranked> rs = rank("JAPANESE RICE IMPORTS TO RISE SHARPLY",
        "Imports of rice will rise this year, the agriculture ministry said. Farmers protested in the capital.");
    DocumentActors.Ranked jpn = actor(rs, "JPN");
    assertThat(jpn.kind()).isEqualTo("country");
    assertThat(jpn.headline()).isTrue();
    assertThat(jpn.about()).isTrue();
    assertThat(jpn.firstSentence()).as("only in the headline").isNull();
    // without the headline the body names no country
    assertThat(rank(null, "Imports of rice will rise this year, the agriculture ministry said."))
        .noneMatch(r -> r.kind().equals("country"));
  }

  @Test
  void wireDatelinesAreReadWithOrWithoutADate() {
    DocumentActors.Ranked dated = actor(rank("Talks to resume", "BELGRADE, April 8 - The talks will resume on "
        + "Monday, officials said. Delegates from several countries are expected."), "SRB");
    assertThat(dated.dateline()).isTrue();
    assertThat(dated.lead()).isTrue();
    assertThat(dated.about()).isTrue();
    assertThat(dated.firstSentence()).isZero();
    DocumentActors.Ranked agency = actor(rank("Talks to resume", "MOSCOW (Reuters) - The talks will resume on "
        + "Monday, officials said. Delegates from several countries are expected."), "SUN"); // Moscow in 1987
    assertThat(agency.dateline()).isTrue();
    assertThat(agency.about()).isTrue();
    // an ALL-CAPS word opening a later paragraph is not a dateline
    assertThat(rank("Talks", "Officials met on Monday.\n\nNO DEAL - that was the message from both sides, "
        + "officials said at length in a long statement about the talks and their outcome over many hours of "
        + "meetings that went on well into the night and again the following day in the same building."))
        .noneMatch(DocumentActors.Ranked::dateline);
  }

  @Test
  void peopleCarryTheirRoleAndTheDocumentItsSalience() {
    List<DocumentActors.Ranked> rs = rank("Kerry and Lavrov agree on Syria conference",
        "Secretary of State John Kerry said on Tuesday that Washington and Moscow would convene a conference. "
            + "Russian Foreign Minister Sergei Lavrov said the talks were useful. Kerry said he was pleased.");
    DocumentActors.Ranked kerry = actor(rs, "JOHN_KERRY");
    assertThat(kerry.kind()).isEqualTo("person");
    assertThat(kerry.role()).isEqualTo("speaker");
    assertThat(kerry.headline()).isTrue();
    assertThat(kerry.mentions()).isGreaterThanOrEqualTo(3);
    assertThat(kerry.about()).isTrue();
    assertThat(actor(rs, "SERGEY_LAVROV").about()).isTrue();
    // sorted by kind, then salience
    assertThat(rs).extracting(DocumentActors.Ranked::kind).isSorted();
  }

  @Test
  void isASparkStageInAPipelineAndPersists() throws Exception {
    StructType schema = new StructType().add("title_clean", DataTypes.StringType).add("body", DataTypes.StringType)
        .add("published_at", DataTypes.TimestampType);
    Dataset<Row> df = SparkTestSession.get().createDataFrame(List.of(
        RowFactory.create("RUSSIA, US TO PUSH FOR SYRIA TALKS", "MOSCOW, May 7 - Russia and the United States "
            + "agreed to convene a conference, Lavrov said.", Timestamp.valueOf("2013-05-07 00:00:00")),
        RowFactory.create(null, null, null)), schema);
    DocumentActorRanker ranker = new DocumentActorRanker();
    Dataset<Row> out = new Pipeline().setStages(new PipelineStage[] {new ActorMatcher(), ranker}).fit(df)
        .transform(df);
    List<Row> rows = out.select("document_actors").collectAsList();
    List<Row> first = rows.get(0).getList(0);
    assertThat(first).anySatisfy(r -> {
      assertThat(r.<String>getAs("actor_id")).isEqualTo("RUS");
      assertThat(r.<Boolean>getAs("headline")).isTrue();
      assertThat(r.<Boolean>getAs("dateline")).isTrue();
      assertThat(r.<Boolean>getAs("about")).isTrue();
    });
    assertThat(rows.get(1).getList(0)).isEmpty();
    StageContracts.schemaMatchesTransform(ranker, new ActorMatcher().transform(df));
    assertThat(StageContracts.roundTrip(ranker.setTitleCol("t"), DocumentActorRanker::load).getTitleCol())
        .isEqualTo("t");
  }
}
