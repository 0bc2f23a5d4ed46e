package org.demarche.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** Contract checks every stage must pass: schema agreement, wrong-type rejection, persistence round trip. */
public final class StageContracts {
  private StageContracts() {}

  /** {@code transformSchema(df.schema())} equals the schema of {@code transform(df)}. */
  public static void schemaMatchesTransform(Transformer stage, Dataset<Row> df) {
    StructType predicted = stage.transformSchema(df.schema());
    StructType actual = stage.transform(df).schema();
    assertThat(actual.fieldNames()).containsExactly(predicted.fieldNames());
    for (String f : predicted.fieldNames()) {
      assertThat(actual.apply(f).dataType().sameType(predicted.apply(f).dataType()))
          .as("type of column %s", f)
          .isTrue();
    }
  }

  /** The stage refuses a schema whose input column has the wrong type, and says which param to fix. */
  public static void rejectsWrongInputType(PipelineStage stage, StructType wrong, String paramName) {
    assertThatThrownBy(() -> stage.transformSchema(wrong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(paramName);
  }

  /**
   * Save, a second save fails, overwrite works, load gives an equal uid and equal params.
   *
   * @param loader e.g. {@code HtmlStripper::load}
   */
  public static <T extends PipelineStage> T roundTrip(T stage, Function<String, T> loader) throws IOException {
    Path dir = Files.createTempDirectory("stage-rt");
    String path = dir.resolve(stage.uid()).toString();
    MLWritable writable = (MLWritable) stage;
    try {
      writable.save(path);
    } catch (IOException e) {
      throw e;
    }
    assertThatThrownBy(() -> writable.save(path)).isInstanceOf(IOException.class);
    try {
      writable.write().overwrite().save(path);
    } catch (IOException e) {
      throw e;
    }
    T loaded = loader.apply(path);
    assertThat(loaded.uid()).isEqualTo(stage.uid());
    assertThat(loaded.getClass()).isEqualTo(stage.getClass());
    for (ParamPair<?> pair : stage.extractParamMap().toList()) {
      Object expected = pair.value();
      Object actual = loaded.getOrDefault(loaded.getParam(pair.param().name()));
      if (expected instanceof Object[] || expected != null && expected.getClass().isArray()) {
        assertThat(actual).as("param %s", pair.param().name()).isEqualTo(expected);
      } else {
        assertThat(actual).as("param %s", pair.param().name()).isEqualTo(expected);
      }
    }
    return loaded;
  }
}
