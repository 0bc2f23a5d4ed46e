package org.demarche.clean;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.testing.SparkTestSession;
import org.demarche.testing.StageContracts;
import org.junit.jupiter.api.Test;

class DateParserTest {
  /** raw, expected instant (ISO, UTC) or null, expected precision or null; default zone UTC. */
  static final String[][] TABLE = {
    {null, null, null},
    {"", null, null},
    {"not a date", null, null},
    {"2013-02-30", null, null},
    {"2013-05-07", "2013-05-07T00:00:00Z", "day"},
    {"2013-05-07T19:58:00Z", "2013-05-07T19:58:00Z", "second"},
    {"2013-05-07T19:58:00.000+04:00", "2013-05-07T15:58:00Z", "second"},
    {"2013-05-07T19:58+0200", "2013-05-07T17:58:00Z", "minute"},
    {"2013-05-07 19:58:00", "2013-05-07T19:58:00Z", "second"},
    {"7 May, 2013 19:58", "2013-05-07T19:58:00Z", "minute"},
    {"May 7, 2013", "2013-05-07T00:00:00Z", "day"},
    {"May 7th, 2013 7:58 PM ET", "2013-05-07T23:58:00Z", "minute"},
    {"Sept. 3, 2013 10:15 a.m. EDT", "2013-09-03T14:15:00Z", "minute"},
    {"January 15, 2014 12:30 AM PST", "2014-01-15T08:30:00Z", "minute"},
    {"Tue, 07 May 2013 19:58:00 GMT", "2013-05-07T19:58:00Z", "second"},
    {"Tuesday 7 May 2013 20:58 BST", "2013-05-07T19:58:00Z", "minute"},
    {"07 May 2013 23:58 MSK", "2013-05-07T19:58:00Z", "minute"},
    {"7 May 2013 21:58 CET", "2013-05-07T20:58:00Z", "minute"},
    {"7:58 PM ET, Tue May 7, 2013", "2013-05-07T23:58:00Z", "minute"},
    {"2013/05/07", "2013-05-07T00:00:00Z", "day"},
    {"07.05.2013", "2013-05-07T00:00:00Z", "day"},
    {"5/7/2013", "2013-05-07T00:00:00Z", "day"},
    {"25/12/2013", "2013-12-25T00:00:00Z", "day"},
    {"Updated: May 7, 2013", "2013-05-07T00:00:00Z", "day"},
    {"Published 2013-05-07T19:58:00Z", "2013-05-07T19:58:00Z", "second"},
    {"Last updated on 7 May 2013 19:58", "2013-05-07T19:58:00Z", "minute"},
    {"1367956680", "2013-05-07T19:58:00Z", "second"},
    {"1367956680000", "2013-05-07T19:58:00Z", "second"},
    {"2013-05", "2013-05-01T00:00:00Z", "month"},
    {"May 2013", "2013-05-01T00:00:00Z", "month"},
    {"2013", "2013-01-01T00:00:00Z", "year"},
    {"20130507", "2013-05-07T00:00:00Z", "day"},
    {"1987-02-26", "1987-02-26T00:00:00Z", "day"},
  };

  static Dataset<Row> frame() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < TABLE.length; i++) {
      rows.add(RowFactory.create(i, TABLE[i][0]));
    }
    StructType schema = new StructType().add("id", DataTypes.IntegerType).add("published_raw", DataTypes.StringType);
    return SparkTestSession.get().createDataFrame(rows, schema);
  }

  @Test
  void tableOfRealFormats() {
    List<Row> out = new DateParser().setInputCol("published_raw").transform(frame())
        .orderBy("id").collectAsList();
    for (Row r : out) {
      String[] exp = TABLE[r.getInt(0)];
      Timestamp ts = r.getAs("published_at");
      assertThat(ts == null ? null : ts.toInstant().toString()).as("instant of %s", exp[0]).isEqualTo(exp[1]);
      assertThat((String) r.getAs("date_precision")).as("precision of %s", exp[0]).isEqualTo(exp[2]);
    }
  }

  @Test
  void defaultZoneAppliesOnlyWithoutExplicitZone() {
    ZoneId ny = ZoneId.of("America/New_York");
    assertThat(DateParser.parse("2013-05-07 19:58", ny).map(d -> d.instant()))
        .contains(Instant.parse("2013-05-07T23:58:00Z"));
    assertThat(DateParser.parse("2013-05-07 19:58 UTC", ny).map(d -> d.instant()))
        .contains(Instant.parse("2013-05-07T19:58:00Z"));
    assertThat(DateParser.parse("Russia, US to push for global Syria conference", ZoneOffset.UTC)).isEqualTo(Optional.empty());
  }

  @Test
  void contracts() throws Exception {
    DateParser stage = new DateParser().setInputCol("published_raw").setDefaultTimezone("Europe/Moscow");
    StageContracts.schemaMatchesTransform(stage, frame());
    StageContracts.rejectsWrongInputType(stage, new StructType().add("published_raw", DataTypes.LongType), "inputCol");
    assertThat(StageContracts.roundTrip(stage, DateParser::load).getDefaultTimezone()).isEqualTo("Europe/Moscow");
    assertThat(new DateParser().uid()).startsWith("dateParser");
  }
}
