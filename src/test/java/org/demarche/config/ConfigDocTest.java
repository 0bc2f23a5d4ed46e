package org.demarche.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/** {@code docs/config.md} is generated from the key registry; regenerate with {@code -Dgolden.regenerate=true}. */
class ConfigDocTest {
  @Test
  void committedReferenceMatchesTheKeyRegistry() throws Exception {
    Path doc = SparkTestSession.repo().resolve("docs/config.md");
    String expected = ConfigDoc.markdown();
    if (Boolean.getBoolean("golden.regenerate")) {
      Files.createDirectories(doc.getParent());
      Files.writeString(doc, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(doc, StandardCharsets.UTF_8))
        .as("docs/config.md is stale: run mvn test -Dtest=ConfigDocTest -Dgolden.regenerate=true")
        .isEqualTo(expected);
  }

  @Test
  void everyKeyIsDocumentedWithADefault() {
    for (ConfigKey k : ConfigKeys.all().values()) {
      assertThat(k.doc()).as(k.name()).isNotBlank();
      assertThat(k.name()).as("keys are dotted snake_case").matches("[a-z]+(\\.[a-z_]+)+");
      assertThat(ConfigDoc.markdown()).contains("`" + k.name() + "`");
    }
  }
}
