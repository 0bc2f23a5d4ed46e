package org.demarche.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared-data folder: the option, else $DEMARCHE_SHARED_DATA, else ../shared/data if it exists, else an error. */
class SharedDataTest {
  @TempDir Path tmp;

  @Test
  void theOptionComesFirst() throws Exception {
    Path opt = Files.createDirectories(tmp.resolve("opt"));
    Path env = Files.createDirectories(tmp.resolve("env"));
    Path beside = Files.createDirectories(tmp.resolve("beside"));
    assertThat(SharedData.resolve(opt, env.toString(), beside, "x/")).isEqualTo(opt);
    assertThatThrownBy(() -> SharedData.resolve(tmp.resolve("nope"), env.toString(), beside, "x/"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--shared-data")
        .hasMessageContaining("is not a directory");
  }

  @Test
  void thenTheEnvironmentVariableThenTheFolderBeside() throws Exception {
    Path env = Files.createDirectories(tmp.resolve("env"));
    Path beside = Files.createDirectories(tmp.resolve("beside"));
    assertThat(SharedData.resolve(null, env.toString(), beside, "x/")).isEqualTo(env);
    assertThat(SharedData.resolve(null, null, beside, "x/")).isEqualTo(beside);
    assertThat(SharedData.resolve(null, "", beside, "x/")).isEqualTo(beside);
    assertThatThrownBy(() -> SharedData.resolve(null, tmp.resolve("nope").toString(), beside, "x/"))
        .hasMessageContaining("DEMARCHE_SHARED_DATA=").hasMessageContaining("is not a directory");
  }

  @Test
  void noneNamesTheOptionAndTheVariable() {
    assertThatThrownBy(() -> SharedData.resolve(null, null, tmp.resolve("nope"), "reuters21578/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--shared-data DIR").hasMessageContaining("DEMARCHE_SHARED_DATA")
        .hasMessageContaining("reuters21578/");
  }
}
