package org.demarche.outlets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.config.ConfigException;
import org.demarche.ml.ScalaInterop;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outlet attributes from a file and from input fields, joined on the outlet name; an unlisted outlet gets none. */
class OutletAttributesTest {
  private final SparkSession spark = SparkTestSession.get();

  @TempDir Path tmp;

  private Dataset<Row> articles() {
    StructType schema = new StructType().add("doc_id", DataTypes.StringType).add("outlet", DataTypes.StringType)
        .add("meta", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));
    return spark.createDataFrame(List.of(
        RowFactory.create("a1", "RT", ScalaInterop.map(Map.of())),
        RowFactory.create("a2", " reuters ", ScalaInterop.map(Map.of("bias_text", "center"))),
        RowFactory.create("a3", "Unknown Daily", ScalaInterop.map(Map.of("bias_text", "left"))),
        RowFactory.create("a4", "Fox News", ScalaInterop.map(Map.of("bias_text", ""))),
        RowFactory.create("a5", null, null)), schema);
  }

  private Map<String, Map<String, String>> attributes(OutletAttributes o) {
    Map<String, Map<String, String>> m = new TreeMap<>();
    for (Row r : o.apply(articles()).select("doc_id", OutletAttributes.COLUMN).collectAsList()) {
      m.put(r.getString(0), new TreeMap<>(r.getJavaMap(1)));
    }
    return m;
  }

  @Test
  void aCsvFileAndAnInputFieldMakeOneMapAndAnUnlistedOutletGetsOnlyItsFields() throws Exception {
    Path csv = tmp.resolve("outlets.csv");
    Files.writeString(csv, "outlet,country,ownership,lean\nRT,RUS,state,\nReuters,GBR,private,center-left\n"
        + "Fox News,USA,private,right\n");
    Map<String, Map<String, String>> m = attributes(OutletAttributes.load(csv.toString(), List.of("lean=bias_text"),
        spark.sparkContext().hadoopConfiguration()));
    assertThat(m.get("a1")).containsExactlyEntriesOf(new TreeMap<>(Map.of("country", "RUS", "ownership", "state")));
    // the outlet name matches trimmed and in any case; the article's field wins over the file
    assertThat(m.get("a2")).containsExactlyEntriesOf(
        new TreeMap<>(Map.of("country", "GBR", "ownership", "private", "lean", "center")));
    // an outlet the file does not list: only its own fields
    assertThat(m.get("a3")).containsExactlyEntriesOf(Map.of("lean", "left"));
    // an empty field does not hide the file's value
    assertThat(m.get("a4")).containsEntry("lean", "right");
    assertThat(m.get("a5")).isEmpty();
  }

  @Test
  void aYamlFileWorksAndNoFileGivesEmptyMaps() throws Exception {
    Path yaml = tmp.resolve("outlets.yaml");
    Files.writeString(yaml, "outlets:\n  - {outlet: RT, country: RUS, ownership: state}\n  - outlet: Xinhua\n"
        + "    country: CHN\n");
    Map<String, Map<String, String>> m = attributes(OutletAttributes.load(yaml.toString(), List.of(),
        spark.sparkContext().hadoopConfiguration()));
    assertThat(m.get("a1")).containsEntry("ownership", "state");
    assertThat(m.get("a2")).isEmpty();
    assertThat(attributes(OutletAttributes.none()).values()).allMatch(Map::isEmpty);
  }

  @Test
  void aFileWithoutOutletNamesOrABadFieldSpecFailsNamingTheFix() throws Exception {
    Path csv = tmp.resolve("bad.csv");
    Files.writeString(csv, "name,country\nRT,RUS\n");
    assertThatThrownBy(() -> OutletAttributes.load(csv.toString(), List.of(),
        spark.sparkContext().hadoopConfiguration()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("no 'outlet' value");
    assertThatThrownBy(() -> OutletAttributes.load("", List.of("lean="), spark.sparkContext().hadoopConfiguration()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("attribute=field");
  }
}
