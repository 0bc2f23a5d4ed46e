package org.demarche.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.SerializableConfiguration;
import org.demarche.config.JobConfig.InputConfig;
import org.demarche.ingest.InputFiles.InputFile;

/**
 * The ingest phase: every input file becomes rows of {@link ArticleSchema#INGESTED}, one per record read, usable or
 * not. JSON Lines, CSV and text pages are read file by file on the executors (exact line numbers, raw bytes for UTF-8
 * checks); Parquet goes through Spark's reader.
 */
public final class CorpusIngest {
  private CorpusIngest() {}

  public static List<InputFile> listFiles(SparkSession spark, InputConfig cfg) {
    return InputFiles.expand(cfg.paths(), cfg.format(), spark.sparkContext().hadoopConfiguration());
  }

  public static Dataset<Row> read(SparkSession spark, InputConfig cfg, List<InputFile> files) {
    FieldMapper mapper = new FieldMapper(cfg.fields(), cfg.maxDocChars(), cfg.maxRejectPayloadChars());
    FileRecordReader reader =
        new FileRecordReader(mapper, cfg.csvDelimiter().charAt(0), cfg.textDateScanLines(), cfg.textOutlet(),
            cfg.maxDocChars());
    List<InputFile> perFile = files.stream().filter(f -> !f.format().equals("parquet")).toList();
    List<InputFile> parquet = files.stream().filter(f -> f.format().equals("parquet")).toList();

    List<Dataset<Row>> parts = new ArrayList<>();
    if (!perFile.isEmpty()) {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      Broadcast<SerializableConfiguration> conf =
          jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
      JavaRDD<Row> rows =
          jsc.parallelize(perFile, Math.max(1, perFile.size()))
              .flatMap(
                  f -> {
                    List<Row> out = new ArrayList<>();
                    Configuration c = conf.value().value();
                    reader.read(f.path(), f.format(), c, out::add);
                    return out.iterator();
                  });
      parts.add(spark.createDataFrame(rows, ArticleSchema.INGESTED));
    }
    if (!parquet.isEmpty()) {
      parts.add(readParquet(spark, cfg, parquet));
    }
    Dataset<Row> all = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      all = all.unionByName(parts.get(i));
    }
    int partitions = cfg.partitions() > 0 ? cfg.partitions()
        : partitionsFor(estimatedBytes(files), spark.sparkContext().defaultParallelism());
    return all.repartition(partitions);
  }

  /** The text an input partition should hold: large enough that a task's work outweighs its scheduling. */
  static final long BYTES_PER_PARTITION = 8L << 20;

  /**
   * {@code input.partitions = 0}: one partition per {@value #BYTES_PER_PARTITION} bytes of (uncompressed) input, at
   * least one per core (the per-document phases are CPU-bound) and at most four per core.
   */
  public static int partitionsFor(long bytes, int parallelism) {
    return partitionsFor(bytes, BYTES_PER_PARTITION, parallelism, 4 * parallelism);
  }

  /** One partition per {@code bytesPerPartition} of {@code bytes}, between {@code min} and {@code max}. */
  public static int partitionsFor(long bytes, long bytesPerPartition, int min, int max) {
    long bySize = (bytes + bytesPerPartition - 1) / bytesPerPartition;
    return (int) Math.max(min, Math.min(max, bySize));
  }

  /** The input's size, compressed files counted at five times their size (news text compresses about that well). */
  public static long estimatedBytes(List<InputFile> files) {
    long total = 0;
    for (InputFile f : files) {
      String name = f.path().toLowerCase(java.util.Locale.ROOT);
      boolean compressed = name.endsWith(".bz2") || name.endsWith(".gz") || name.endsWith(".zst")
          || name.endsWith(".xz") || name.endsWith(".deflate") || name.endsWith(".snappy") || name.endsWith(".lz4");
      total += compressed || f.format().equals("parquet") ? 5 * f.size() : f.size();
    }
    return total;
  }

  private static Dataset<Row> readParquet(SparkSession spark, InputConfig cfg, List<InputFile> files) {
    Dataset<Row> df =
        spark.read().parquet(files.stream().map(InputFile::path).toArray(String[]::new));
    List<String> names = Arrays.asList(df.columns());
    Column text = pick(names, cfg.fields().text());
    Column title = pick(names, cfg.fields().title());
    Column outlet = pick(names, cfg.fields().outlet());
    Column date = pick(names, cfg.fields().date());
    Column url = pick(names, cfg.fields().url());
    Column id = pick(names, cfg.fields().id());
    List<String> mapped =
        List.of(cfg.fields().text(), cfg.fields().title(), cfg.fields().outlet(), cfg.fields().date(),
                cfg.fields().url(), cfg.fields().id())
            .stream()
            .flatMap(List::stream)
            .collect(Collectors.toList());
    List<String> metaCols = names.stream().filter(n -> !mapped.contains(n)).toList();
    Column meta =
        metaCols.isEmpty()
            ? org.apache.spark.sql.functions.map().cast(DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
            : map_from_arrays(
                array(metaCols.stream().map(org.apache.spark.sql.functions::lit).toArray(Column[]::new)),
                array(metaCols.stream().map(n -> col("`" + n + "`").cast("string")).toArray(Column[]::new)));
    Column raw = to_json(struct(names.stream().map(n -> col("`" + n + "`")).toArray(Column[]::new)));
    Column contentId =
        concat_ws("", lit("h_"),
            substring(sha2(concat_ws("\u0000", coalesce(outlet, lit("null")), coalesce(title, lit("null")),
                coalesce(text, lit("null"))), 256), 1, 24));
    Column tooLarge = length(coalesce(text, lit(""))).gt(cfg.maxDocChars());
    return df.select(
            coalesce(id, contentId).as(ArticleSchema.DOC_ID),
            col("_metadata.file_path").as(ArticleSchema.SOURCE_FILE),
            coalesce(col("_metadata.row_index"), lit(0L)).plus(1).cast("long").as(ArticleSchema.SOURCE_OFFSET),
            outlet.as(ArticleSchema.OUTLET),
            url.as(ArticleSchema.URL),
            title.as(ArticleSchema.TITLE),
            when(tooLarge, lit(null).cast("string")).otherwise(text).as(ArticleSchema.TEXT),
            date.as(ArticleSchema.PUBLISHED_RAW),
            meta.as(ArticleSchema.META),
            substring(raw, 1, cfg.maxRejectPayloadChars()).as(ArticleSchema.RAW),
            length(raw).cast("long").as(ArticleSchema.RAW_BYTES),
            when(tooLarge, lit(RejectReason.DOC_TOO_LARGE.code()))
                .when(text.isNull().or(org.apache.spark.sql.functions.trim(text).equalTo("")),
                    lit(RejectReason.MISSING_BODY.code()))
                .as(ArticleSchema.READ_ERROR),
            when(tooLarge, lit("text is longer than input.max_doc_chars = " + cfg.maxDocChars()))
                .when(text.isNull(), lit("none of the fields " + cfg.fields().text() + " has a value"))
                .as(ArticleSchema.READ_ERROR_DETAIL))
        .select(Arrays.stream(ArticleSchema.INGESTED.fieldNames()).map(n -> col(n)).toArray(Column[]::new));
  }

  private static Column pick(List<String> names, List<String> candidates) {
    List<Column> present =
        candidates.stream().filter(names::contains).map(n -> col("`" + n + "`").cast("string")).toList();
    if (present.isEmpty()) {
      return lit(null).cast("string");
    }
    return present.size() == 1 ? present.get(0) : coalesce(present.toArray(Column[]::new));
  }

  /** For logging: files per format. */
  public static Map<String, Long> formats(List<InputFile> files) {
    return files.stream().collect(Collectors.groupingBy(InputFile::format, java.util.TreeMap::new, Collectors.counting()));
  }
}
