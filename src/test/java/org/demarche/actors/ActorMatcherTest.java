package org.demarche.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.actors.MentionFinder.Mention;
import org.demarche.testing.SparkTestSession;
import org.demarche.testing.StageContracts;
import org.junit.jupiter.api.Test;

class ActorMatcherTest {
  static final MentionFinder F = new MentionFinder(ActorDictionary.builtin());

  static Mention first(String text, LocalDate d, String surface) {
    return F.find(text, d).stream().filter(m -> m.aliasText().equals(surface)).findFirst().orElseThrow();
  }

  @Test
  void datedRoles() {
    assertThat(first("John Kerry spoke.", LocalDate.of(2010, 6, 1), "John Kerry").cameoCode()).isEqualTo("USALEG");
    assertThat(first("John Kerry spoke.", LocalDate.of(2014, 6, 1), "John Kerry").cameoCode()).isEqualTo("USAGOV");
  }

  @Test
  void matcherUnits() {
    // possessive with a Unicode apostrophe, all-caps headline, hyphenation, diacritics, longest match
    assertThat(first("Russia\u2019s position", null, "Russia").actorId()).isEqualTo("RUS");
    assertThat(first("RUSSIA, US TO PUSH FOR TALKS", null, "US").actorId()).isEqualTo("USA");
    assertThat(first("President Bashar al-Assad spoke", null, "Bashar al-Assad").actorId())
        .isEqualTo("BASHAR_AL_ASSAD");
    assertThat(first("François Hollande met", null, "François Hollande").actorId()).isEqualTo("FRANCOIS_HOLLANDE");
    assertThat(first("Francois Hollande met", null, "Francois Hollande").actorId()).isEqualTo("FRANCOIS_HOLLANDE");
    assertThat(first("the Syrian National Council said", null, "Syrian National Council").actorId())
        .isEqualTo("SYROPP");
    // demonyms only before a noun; capitals: metonym vs location
    assertThat(first("Russian officials said", null, "Russian").actorId()).isEqualTo("RUS");
    assertThat(F.find("He spoke Russian.", null)).noneMatch(m -> m.aliasText().equals("Russian"));
    assertThat(first("Moscow said no.", null, "Moscow").method()).isEqualTo("capital_metonym");
    Mention in = first("They met in Moscow.", null, "Moscow");
    assertThat(in.actorId()).isEqualTo("RUS");
    assertThat(in.method()).isEqualTo("capital_location");
    // lower-case words are not names
    assertThat(F.find("we ate turkey in the us", null)).isEmpty();
  }

  @Test
  void oneActorPerOrganisationAndNoPlaceInsideANamedAgreement() {
    // the source lists "The United Nations", "The UN" and "The European Union" as actors of their own
    assertThat(first("The United Nations said", null, "The United Nations").actorId()).isEqualTo("IGOUNO");
    assertThat(first("a vote at the UN on Monday", null, "UN").actorId()).isEqualTo("IGOUNO");
    assertThat(first("The European Union agreed", null, "The European Union").actorId()).isEqualTo("IGOEUREEC");
    assertThat(ActorDictionary.builtin().actor("THE_UNITED_NATIONS")).isNull();
    // a place naming a document, agreement or meeting is not the country acting
    assertThat(F.find("Both sides backed the Geneva communiqué and the Minsk agreements.", null)).isEmpty();
    assertThat(F.find("They called for the Geneva conference on Syria.", null))
        .extracting(Mention::actorId).containsExactly("SYR");
    assertThat(first("Talks were held in Geneva on Monday.", null, "Geneva").actorId()).isEqualTo("CHE");
  }

  @Test
  void coreference() {
    List<Mention> ms = F.find("Secretary of State John Kerry arrived. Kerry said talks went well. "
        + "The secretary of state later flew home, and he said he was pleased.", LocalDate.of(2013, 5, 7));
    assertThat(ms).filteredOn(m -> m.resolutionMethod().startsWith("coref"))
        .extracting(Mention::actorId).containsOnly("JOHN_KERRY");
    assertThat(ms).extracting(Mention::resolutionMethod).contains("coref_surname", "coref_role", "coref_pronoun");
  }

  @Test
  void dictionaryValidation() {
    Set<String> countries = Set.of("RUS", "USA");
    List<Map<String, String>> rows = List.of(
        Map.of("actor_id", "A", "cameo_code", "XXXGOV", "country", "XXX", "alias", "Foo Bar", "alias_type", "name",
            "_line", "line 2"),
        Map.of("actor_id", "B", "cameo_code", "RUSGOV", "country", "RUS", "alias", "foo-bar", "alias_type", "name",
            "_line", "line 3"),
        Map.of("actor_id", "C", "cameo_code", "RUSGOV", "country", "RUS", "alias", "Baz", "alias_type", "name",
            "valid_from", "2001-01-01", "valid_to", "2005-01-01", "_line", "line 4"),
        Map.of("actor_id", "C", "cameo_code", "RUSMIL", "country", "RUS", "alias", "Baz", "alias_type", "name",
            "valid_from", "2004-01-01", "_line", "line 5"),
        Map.of("actor_id", "D", "cameo_code", "USAGOV", "country", "USA", "alias", "Qux", "alias_type", "nickname",
            "_line", "line 6"));
    assertThatThrownBy(() -> ActorDictionary.fromRows("user.tsv", rows, countries))
        .isInstanceOf(ActorDictionaryException.class)
        .hasMessageContaining("user.tsv line 2: unknown country code 'XXX'")
        .hasMessageContaining("user.tsv line 3: alias 'foo-bar' of B conflicts with the same alias of A at line 2")
        .hasMessageContaining("user.tsv line 5: role period [2004-01-01, open) of C overlaps [2001-01-01, 2005-01-01)")
        .hasMessageContaining("user.tsv line 6: unknown alias_type 'nickname'");
  }

  @Test
  void userOverrideYaml() {
    ActorDictionary d = ActorDictionary.load("mine.yaml", "- {actor_id: JANE_ROE, name: Jane Roe, cameo_code: RUSGOV,"
        + " country: RUS, alias: Jane Roe, alias_type: name, kind: person}\n");
    assertThat(d.lookup("jane roe").actorId()).isEqualTo("JANE_ROE");
    assertThat(d.lookup("Lavrov").actorId()).isEqualTo("SERGEY_LAVROV");
  }

  @Test
  void stageContracts() throws Exception {
    var spark = SparkTestSession.get();
    StructType schema = new StructType().add("body", DataTypes.StringType).add("published_at",
        DataTypes.TimestampType);
    Dataset<Row> df = spark.createDataFrame(List.of(
        RowFactory.create("John Kerry met Sergey Lavrov in Moscow.", Timestamp.valueOf("2010-05-07 12:00:00")),
        RowFactory.create("John Kerry met Sergey Lavrov in Moscow.", Timestamp.valueOf("2013-05-07 12:00:00")),
        RowFactory.create(null, null)), schema);
    ActorMatcher stage = (ActorMatcher) ActorStages.stages("").get(0);
    StageContracts.schemaMatchesTransform(stage, df);
    StageContracts.rejectsWrongInputType(stage, new StructType().add("body", DataTypes.IntegerType)
        .add("published_at", DataTypes.TimestampType), "inputCol");
    StageContracts.roundTrip(stage, ActorMatcher::load);
    List<Row> out = stage.transform(df).select("actor_mentions").collectAsList();
    assertThat(out.get(0).getList(0)).extracting(r -> ((Row) r).getAs("cameo_code").toString())
        .containsExactly("USALEG", "RUSGOV", "RUS");
    assertThat(out.get(1).getList(0)).extracting(r -> ((Row) r).getAs("cameo_code").toString())
        .containsExactly("USAGOV", "RUSGOV", "RUS");
    assertThat(out.get(2).getList(0)).isEmpty();
    assertThat(ActorStages.mentionsTable(stage.transform(df.withColumn("doc_id",
        org.apache.spark.sql.functions.lit("d")))).count()).isEqualTo(6);
  }
}
