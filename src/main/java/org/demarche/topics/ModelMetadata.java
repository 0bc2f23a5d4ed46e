package org.demarche.topics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Spark's ML metadata JSON ({@code path/metadata}, the layout {@code DefaultParamsWriter} writes and
 * {@code DefaultParamsReader.loadMetadata} reads: class, timestamp, sparkVersion, uid, paramMap, defaultParamMap)
 * with extra top-level fields. Written with Jackson, because building a json4s {@code JObject} from Java differs
 * between the json4s versions of Spark 3.5 and 4.
 */
final class ModelMetadata {
  private static final ObjectMapper OM = new ObjectMapper();

  private ModelMetadata() {}

  @SuppressWarnings({"rawtypes", "unchecked"})
  static void save(Params instance, String path, SparkSession spark, ObjectNode extra) {
    ObjectNode root = OM.createObjectNode();
    root.put("class", instance.getClass().getName());
    root.put("timestamp", System.currentTimeMillis());
    root.put("sparkVersion", spark.version());
    root.put("uid", instance.uid());
    ObjectNode set = root.putObject("paramMap");
    ObjectNode defaults = root.putObject("defaultParamMap");
    try {
      for (Param p : instance.params()) {
        if (instance.isSet(p)) {
          set.set(p.name(), OM.readTree(p.jsonEncode(instance.get(p).get())));
        }
        if (instance.hasDefault(p)) {
          defaults.set(p.name(), OM.readTree(p.jsonEncode(instance.getDefault(p).get())));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    extra.fields().forEachRemaining(e -> root.set(e.getKey(), e.getValue()));
    StructType schema = new StructType().add("value", DataTypes.StringType, false);
    spark.createDataFrame(List.of(RowFactory.create(root.toString())), schema).coalesce(1).write()
        .text(new org.apache.hadoop.fs.Path(path, "metadata").toString());
  }

  static JsonNode parse(String json) {
    try {
      return OM.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
