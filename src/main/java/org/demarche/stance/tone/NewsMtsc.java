package org.demarche.stance.tone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reader and seeded split of the NewsMTSC train file ({@code ../shared/data/newsmtsc/newsmtsc_train.jsonl.gz}, MIT;
 * Hamborg &amp; Donnay, EACL 2021).
 *
 * <p>Input: JSON lines (optionally gzipped) with {@code sentence_normalized} and {@code targets[]} ({@code from},
 * {@code to} (exclusive), {@code mention}, {@code polarity} 2/4/6). Output: one {@link Example} per target, in file
 * order; labels {@code negative}/{@code neutral}/{@code positive} with indices 0/1/2 ({@link #LABELS}).
 *
 * <p>The split is by sentence: a sentence's text and the seed give a fixed hash, the sentence goes to the held-out
 * 20 % part when that hash falls in the lowest fifth, so all targets of one sentence (and verbatim repeats of a
 * sentence) land on the same side, independent of file order and partitioning. {@link #fold} uses the same idea with
 * a derived seed to cut the 80 % part into cross-validation folds.
 */
public final class NewsMtsc {
  /** Class labels by index. */
  public static final List<String> LABELS = List.of("negative", "neutral", "positive");

  /** The columns of {@link #toDataFrame}. */
  public static final StructType SCHEMA = new StructType()
      .add("sentence_id", DataTypes.StringType, false)
      .add("sentence", DataTypes.StringType, false)
      .add("target_start", DataTypes.IntegerType, false)
      .add("target_end", DataTypes.IntegerType, false)
      .add("mention", DataTypes.StringType, false)
      .add("label", DataTypes.StringType, false)
      .add("label_index", DataTypes.DoubleType, false);

  private NewsMtsc() {}

  /** One target of one sentence. {@code to} is exclusive. */
  public record Example(String sentenceId, String sentence, int from, int to, String mention, String label) {
    public int labelIndex() {
      return LABELS.indexOf(label);
    }
  }

  /** The two sides of the seeded split. */
  public record Split(List<Example> train, List<Example> test) {}

  /** All targets of the file, in file order. */
  public static List<Example> read(Path file) {
    ObjectMapper om = new ObjectMapper();
    List<Example> out = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode d = om.readTree(line);
        String sentence = d.get("sentence_normalized").asText();
        String id = d.path("primary_gid").asText();
        for (JsonNode t : d.get("targets")) {
          int pol = (int) Math.round(t.get("polarity").asDouble());
          String label = switch (pol) {
            case 2 -> "negative";
            case 4 -> "neutral";
            case 6 -> "positive";
            default -> throw new IllegalArgumentException(file + ": polarity " + pol + " in " + id);
          };
          out.add(new Example(id, sentence, t.get("from").asInt(), t.get("to").asInt(), t.get("mention").asText(),
              label));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read NewsMTSC file " + file, e);
    }
    return out;
  }

  /** A uniform number in [0, 1) fixed by the sentence text and the seed. */
  static double unit(String sentence, long seed) {
    int h = scala.util.hashing.MurmurHash3$.MODULE$.stringHash(sentence, (int) (seed ^ (seed >>> 32)));
    int h2 = scala.util.hashing.MurmurHash3$.MODULE$.stringHash(sentence, h ^ 0x5bd1e995);
    long bits = ((long) h << 21) ^ (h2 & 0xffffffffL);
    return (bits & ((1L << 53) - 1)) / (double) (1L << 53);
  }

  /** Whether the sentence belongs to the held-out 20 % part for {@code seed}. */
  public static boolean isHeldOut(String sentence, long seed) {
    return unit(sentence, seed) < 0.2;
  }

  /** The seeded 80/20 split by sentence. */
  public static Split split(List<Example> all, long seed) {
    List<Example> train = new ArrayList<>();
    List<Example> test = new ArrayList<>();
    for (Example e : all) {
      (isHeldOut(e.sentence(), seed) ? test : train).add(e);
    }
    return new Split(train, test);
  }

  /** The cross-validation fold (0..k-1) of a sentence, for {@code seed}. */
  public static int fold(String sentence, long seed, int k) {
    return Math.min(k - 1, (int) (unit(sentence, seed * 31 + 17) * k));
  }

  /** The examples as a one-partition DataFrame ({@link #SCHEMA}), in list order (deterministic). */
  public static Dataset<Row> toDataFrame(SparkSession spark, List<Example> examples) {
    List<Row> rows = new ArrayList<>(examples.size());
    for (Example e : examples) {
      rows.add(RowFactory.create(e.sentenceId(), e.sentence(), e.from(), e.to(), e.mention(), e.label(),
          (double) e.labelIndex()));
    }
    return spark.createDataFrame(rows, SCHEMA).coalesce(1);
  }
}
