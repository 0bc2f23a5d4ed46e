package org.demarche.outlets;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.map_concat;
import static org.apache.spark.sql.functions.map_filter;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.map_keys;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.trim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.demarche.config.ConfigException;
import org.demarche.ml.ScalaInterop;

/**
 * Outlet attributes ({@code outlets.*}): what a user knows about each outlet (country, ownership such as state or
 * private, political lean, language, anything else) from an outlet file, and input fields copied per article, in one
 * {@code articles.outlet_attributes} map that framing tables group by.
 *
 * <p>The file is CSV with a header (an {@code outlet} column and one column per attribute) or YAML (a list of maps,
 * each with {@code outlet}, or the same list under {@code outlets:}). Outlets match on their trimmed, lower-cased
 * name; an outlet the file does not list gets no attributes from it. {@code outlets.fields} copies input fields
 * (from {@code articles.meta}) into the map: {@code bias_text} under its own name, or {@code lean=bias_text} under
 * another; a field present on the article wins over the file.
 */
public final class OutletAttributes {
  /** The column {@link #apply} adds. */
  public static final String COLUMN = "outlet_attributes";

  private final Map<String, Map<String, String>> byOutlet;
  private final Map<String, String> fields;

  private OutletAttributes(Map<String, Map<String, String>> byOutlet, Map<String, String> fields) {
    this.byOutlet = byOutlet;
    this.fields = fields;
  }

  /** No file and no fields: every article gets an empty map. */
  public static OutletAttributes none() {
    return new OutletAttributes(Map.of(), Map.of());
  }

  /**
   * The attributes of {@code file} (empty: none) and the field mappings {@code fieldSpecs} ({@code field} or {@code
   * attribute=field}); a file that cannot be read or lacks an {@code outlet} column fails with a {@link
   * ConfigException} naming it.
   */
  public static OutletAttributes load(String file, List<String> fieldSpecs, org.apache.hadoop.conf.Configuration hc) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String spec : fieldSpecs) {
      String s = spec.trim();
      int eq = s.indexOf('=');
      String attribute = eq < 0 ? s : s.substring(0, eq).trim();
      String field = eq < 0 ? s : s.substring(eq + 1).trim();
      if (attribute.isEmpty() || field.isEmpty()) {
        throw new ConfigException("outlets.fields: '" + spec + "' is not 'field' or 'attribute=field'");
      }
      fields.put(attribute, field);
    }
    if (file == null || file.isBlank()) {
      return new OutletAttributes(Map.of(), fields);
    }
    Path p = new Path(file);
    List<Map<String, String>> rows = new ArrayList<>();
    try (InputStream in = FileSystem.get(p.toUri(), hc).open(p)) {
      String name = p.getName().toLowerCase(Locale.ROOT);
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        JsonNode root = new YAMLMapper().readTree(in);
        JsonNode list = root != null && root.has("outlets") ? root.get("outlets") : root;
        if (list == null || !list.isArray()) {
          throw new ConfigException("outlets.file " + file + ": expected a list of outlets (each with 'outlet'), "
              + "or that list under 'outlets:'");
        }
        for (JsonNode n : list) {
          Map<String, String> m = new LinkedHashMap<>();
          for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNull()) {
              m.put(e.getKey(), e.getValue().asText());
            }
          }
          rows.add(m);
        }
      } else {
        CsvMapper mapper = new CsvMapper();
        try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
            .with(CsvSchema.emptySchema().withHeader()).readValues(in)) {
          while (it.hasNext()) {
            rows.add(it.next());
          }
        }
      }
    } catch (java.io.FileNotFoundException e) {
      throw new ConfigException("outlets.file " + file + " does not exist; fix the path or leave outlets.file empty");
    } catch (IOException | RuntimeException e) {
      if (e instanceof ConfigException c) {
        throw c;
      }
      throw new ConfigException("outlets.file " + file + " cannot be read: " + e.getMessage());
    }
    Map<String, Map<String, String>> byOutlet = new TreeMap<>();
    int line = 1;
    for (Map<String, String> r : rows) {
      line++;
      String outlet = r.get("outlet");
      if (outlet == null || outlet.isBlank()) {
        throw new ConfigException("outlets.file " + file + ": entry " + (line - 1) + " has no 'outlet' value; every "
            + "row needs the outlet's name as the input's outlet field gives it");
      }
      Map<String, String> attrs = new TreeMap<>();
      r.forEach((k, v) -> {
        if (!k.equals("outlet") && v != null && !v.isBlank()) {
          attrs.put(k.trim(), v.trim());
        }
      });
      byOutlet.put(key(outlet), attrs);
    }
    return new OutletAttributes(byOutlet, fields);
  }

  static String key(String outlet) {
    return outlet.trim().toLowerCase(Locale.ROOT);
  }

  /** The outlets the file lists. */
  public int outlets() {
    return byOutlet.size();
  }

  /**
   * Adds {@link #COLUMN} (map of string to string, never null) to {@code articles}, which hold {@code outlet} and
   * {@code meta}.
   */
  public Dataset<Row> apply(Dataset<Row> articles) {
    SparkSession spark = articles.sparkSession();
    Column fromFile;
    Dataset<Row> a = articles;
    if (byOutlet.isEmpty()) {
      fromFile = functions.map().cast("map<string,string>");
    } else {
      List<Row> rows = new ArrayList<>();
      byOutlet.forEach((k, v) -> rows.add(RowFactory.create(k, ScalaInterop.map(v))));
      Dataset<Row> table = spark.createDataFrame(rows, new StructType()
          .add("_outlet_key", DataTypes.StringType, false)
          .add("_file_attributes", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), false));
      a = a.withColumn("_outlet_key", lower(trim(col("outlet"))))
          .join(broadcast(table), new String[] {"_outlet_key"}, "left")
          .drop("_outlet_key");
      fromFile = functions.coalesce(col("_file_attributes"), functions.map().cast("map<string,string>"));
    }
    Column fromFields;
    if (fields.isEmpty()) {
      fromFields = functions.map().cast("map<string,string>");
    } else {
      List<Column> keys = new ArrayList<>();
      List<Column> values = new ArrayList<>();
      fields.forEach((attribute, field) -> {
        keys.add(functions.lit(attribute));
        values.add(col("meta").getItem(field));
      });
      Column m = map_from_arrays(functions.array(keys.toArray(new Column[0])),
          functions.array(values.toArray(new Column[0])));
      fromFields = map_filter(m, (k, v) -> v.isNotNull().and(trim(v).notEqual("")));
    }
    Column fieldsMap = fromFields;
    Column merged = map_concat(map_filter(fromFile, (k, v) -> not(array_contains(map_keys(fieldsMap), k))),
        fieldsMap);
    Dataset<Row> out = a.withColumn(COLUMN, merged);
    return byOutlet.isEmpty() ? out : out.drop("_file_attributes");
  }
}
