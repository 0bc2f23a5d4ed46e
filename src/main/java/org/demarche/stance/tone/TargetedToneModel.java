package org.demarche.stance.tone;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;

/**
 * The shipped targeted-tone model: a Spark {@link PipelineModel} ({@link TargetFeaturizer}, {@link LogCountRatioScaler}
 * and a multinomial {@code LogisticRegression}) trained by {@link org.demarche.eval.StanceTrainer} on the 80 % part
 * of NewsMTSC (seed 42), stored under
 * the classpath folder {@link #RESOURCE_DIR} with a {@code MANIFEST.txt} naming its files.
 *
 * <p>Input columns: {@code sentence} (string), {@code target_start}, {@code target_end} (int, end exclusive).
 * Output: {@code raw_features}, {@code features}, {@code rawPrediction}, {@code probability} (3 values) and {@code prediction} (0 negative,
 * 1 neutral, 2 positive, {@link NewsMtsc#LABELS}). {@link #builtin} copies the resources into a temporary folder once per
 * JVM and loads the model from there (Spark's readers need a file system path, not a jar entry).
 */
public final class TargetedToneModel {
  /** The classpath folder of the shipped model. */
  public static final String RESOURCE_DIR = "/org/demarche/stance/model/targeted_tone/";

  private static PipelineModel cached;
  private static String cachedDir;

  private TargetedToneModel() {}

  /** The shipped model, loaded once per JVM. */
  public static synchronized PipelineModel builtin(SparkSession spark) {
    if (cached == null) {
      try {
        Path dir = Files.createTempDirectory("demarche-targeted-tone");
        dir.toFile().deleteOnExit();
        for (String f : manifestFiles()) {
          Path target = dir.resolve(f);
          Files.createDirectories(target.getParent());
          try (InputStream in = TargetedToneModel.class.getResourceAsStream(RESOURCE_DIR + f)) {
            if (in == null) {
              throw new IllegalStateException("missing classpath resource " + RESOURCE_DIR + f);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
        cached = PipelineModel.load(dir.toString());
        cachedDir = dir.toString();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot unpack the targeted-tone model", e);
      }
    }
    return cached;
  }

  /** The local folder {@link #builtin} unpacked the shipped model to (for the stance stages' {@code toneModelPath}). */
  public static synchronized String builtinPath(SparkSession spark) {
    builtin(spark);
    return cachedDir;
  }

  /** The model files listed in the shipped {@code MANIFEST.txt} ({@code file <relative path>} lines). */
  public static List<String> manifestFiles() throws IOException {
    try (InputStream in = TargetedToneModel.class.getResourceAsStream(RESOURCE_DIR + "MANIFEST.txt")) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + RESOURCE_DIR + "MANIFEST.txt");
      }
      List<String> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("file ")) {
          out.add(line.substring(5).strip());
        }
      }
      return out;
    }
  }
}
