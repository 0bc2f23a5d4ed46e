package org.demarche.clean;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.testing.SparkTestSession;
import org.demarche.testing.StageContracts;
import org.junit.jupiter.api.Test;

class LanguageDetectorTest {
  static final String[][] ROWS = {
    {null, null},
    {"", null},
    {"Too short.", null},
    {"Russia and the United States reiterated their commitment to bringing the sides of the Syrian conflict to the "
        + "negotiating table, and have announced an international conference.", "en"},
    {"La Russie et les \u00c9tats-Unis ont r\u00e9affirm\u00e9 leur engagement \u00e0 r\u00e9unir les parties du "
        + "conflit syrien autour de la table des n\u00e9gociations lors d'une conf\u00e9rence internationale.", "fr"},
    {"Rusia y Estados Unidos reiteraron su compromiso de llevar a las partes del conflicto sirio a la mesa de "
        + "negociaciones y anunciaron una conferencia internacional.", "es"},
    {"\u0420\u043e\u0441\u0441\u0438\u044f \u0438 \u0421\u0428\u0410 \u043f\u043e\u0434\u0442\u0432\u0435\u0440\u0434"
        + "\u0438\u043b\u0438 \u0441\u0432\u043e\u0435 \u043d\u0430\u043c\u0435\u0440\u0435\u043d\u0438\u0435 "
        + "\u0443\u0441\u0430\u0434\u0438\u0442\u044c \u0441\u0442\u043e\u0440\u043e\u043d\u044b \u0441\u0438\u0440"
        + "\u0438\u0439\u0441\u043a\u043e\u0433\u043e \u043a\u043e\u043d\u0444\u043b\u0438\u043a\u0442\u0430 \u0437"
        + "\u0430 \u0441\u0442\u043e\u043b \u043f\u0435\u0440\u0435\u0433\u043e\u0432\u043e\u0440\u043e\u0432.", "ru"},
  };

  static Dataset<Row> frame() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS.length; i++) {
      rows.add(RowFactory.create(i, ROWS[i][0]));
    }
    return SparkTestSession.get().createDataFrame(rows,
        new StructType().add("id", DataTypes.IntegerType).add("body", DataTypes.StringType));
  }

  @Test
  void detectsRealSentences() {
    List<Row> out = new LanguageDetector().setInputCol("body").transform(frame()).orderBy("id").collectAsList();
    for (Row r : out) {
      String expected = ROWS[r.getInt(0)][1];
      assertThat((String) r.getAs("lang")).as("row %d", r.getInt(0)).isEqualTo(expected);
      Object conf = r.getAs("lang_confidence");
      if (expected == null) {
        assertThat(conf).isNull();
      } else {
        assertThat((Double) conf).isBetween(0.0, 1.0);
      }
    }
  }

  @Test
  void iso3Mapping() {
    assertThat(LanguageDetector.toIso1("eng")).isEqualTo("en");
    assertThat(LanguageDetector.toIso1("rus")).isEqualTo("ru");
    assertThat(LanguageDetector.toIso1("ara")).isEqualTo("ar");
    assertThat(LanguageDetector.toIso1("cmn")).isEqualTo("zh");
    assertThat(LanguageDetector.toIso1("ceb")).isEqualTo("ceb");
  }

  @Test
  void contracts() throws Exception {
    LanguageDetector stage = new LanguageDetector().setInputCol("body").setMinChars(5).setMaxChars(500);
    StageContracts.schemaMatchesTransform(stage, frame());
    StageContracts.rejectsWrongInputType(stage, new StructType().add("body", DataTypes.IntegerType), "inputCol");
    LanguageDetector loaded = StageContracts.roundTrip(stage, LanguageDetector::load);
    assertThat(loaded.getMinChars()).isEqualTo(5);
    assertThat(loaded.getMaxChars()).isEqualTo(500);
  }
}
