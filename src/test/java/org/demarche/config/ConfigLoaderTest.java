package org.demarche.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path tmp;

  @Test
  void defaultsAreTheDocumentedOnes() {
    JobConfig cfg = new ConfigLoader().build(null);
    assertThat(cfg.input().paths()).containsExactly("data/sample");
    assertThat(cfg.input().format()).isEqualTo("auto");
    assertThat(cfg.input().requireDate()).isTrue();
    assertThat(cfg.input().fields().text()).startsWith("text", "body", "content");
    assertThat(cfg.output().path()).isEqualTo("out");
    assertThat(cfg.output().compression()).isEqualTo("zstd");
    assertThat(cfg.dedupe().minJaccard()).isEqualTo(0.7);
  }

  @Test
  void precedenceIsCliThenFileThenDefaults() throws Exception {
    Path yaml = tmp.resolve("c.yaml");
    Files.writeString(yaml, """
        input:
          paths: [a.jsonl, b.jsonl]
          max_doc_chars: 5000
          fields:
            text: [body]
        clean.languages: [en]
        output:
          path: from-file
        """);
    ConfigLoader loader =
        new ConfigLoader().file(yaml).sets(Map.of("input.max_doc_chars", "7000"))
            .option(ConfigKeys.OUTPUT_PATH, "from-cli");
    JobConfig cfg = loader.build("local[1]");
    assertThat(cfg.input().paths()).containsExactly("a.jsonl", "b.jsonl");
    assertThat(cfg.input().maxDocChars()).isEqualTo(7000);
    assertThat(cfg.input().fields().text()).containsExactly("body");
    assertThat(cfg.clean().languages()).containsExactly("en");
    assertThat(cfg.output().path()).isEqualTo("from-cli");
    assertThat(cfg.spark().master()).isEqualTo("local[1]");
    assertThat(loader.origins())
        .containsEntry("input.paths", "file")
        .containsEntry("input.max_doc_chars", "cli")
        .containsEntry("output.compression", "default");
  }

  @Test
  void unknownKeyInFileIsAnErrorThatSuggestsTheClosestKey() throws Exception {
    Path yaml = tmp.resolve("bad.yaml");
    Files.writeString(yaml, "input:\n  max_doc_char: 10\n");
    assertThatThrownBy(() -> new ConfigLoader().file(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown config key 'input.max_doc_char'")
        .hasMessageContaining("did you mean 'input.max_doc_chars'");
  }

  @Test
  void unknownKeyInSetIsAnError() {
    assertThatThrownBy(() -> new ConfigLoader().sets(Map.of("dedupe.jacard", "0.5")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("dedupe.jacard")
        .hasMessageContaining("dedupe.min_jaccard");
  }

  @Test
  void wrongTypesAndRangesNameTheKey() {
    assertThatThrownBy(() -> new ConfigLoader().sets(Map.of("input.max_doc_chars", "lots")))
        .hasMessageContaining("input.max_doc_chars: expected an integer but got 'lots'");
    assertThatThrownBy(() -> new ConfigLoader().sets(Map.of("input.require_date", "yes")))
        .hasMessageContaining("input.require_date: expected true or false");
    assertThatThrownBy(() -> new ConfigLoader().sets(Map.of("input.format", "xml")))
        .hasMessageContaining("input.format: 'xml' is not one of [auto, jsonl, csv, parquet, text]");
    assertThatThrownBy(() -> new ConfigLoader().sets(Map.of("dedupe.min_jaccard", "1.5")).build(null))
        .hasMessageContaining("dedupe.min_jaccard must be in (0, 1]");
    assertThatThrownBy(() -> new ConfigLoader().sets(Map.of("input.min_date", "2013-13-01")).build(null))
        .hasMessageContaining("input.min_date: '2013-13-01' is not an ISO date");
    assertThatThrownBy(() -> new ConfigLoader().sets(Map.of("clean.languages", "english")).build(null))
        .hasMessageContaining("clean.languages: 'english' is not an ISO 639-1 code");
  }

  @Test
  void listsAcceptCommaSeparatedAndBracketedValues() {
    JobConfig cfg = new ConfigLoader().sets(Map.of("clean.languages", "[en, fr]", "input.paths", "x,y")).build(null);
    assertThat(cfg.clean().languages()).containsExactly("en", "fr");
    assertThat(cfg.input().paths()).containsExactly("x", "y");
    assertThat(new ConfigLoader().sets(Map.of("input.min_date", "2000-01-01")).build(null).input().minDate())
        .isEqualTo(LocalDate.of(2000, 1, 1));
    assertThat(List.of(cfg.input().csvDelimiter())).containsExactly(",");
  }

  @Test
  void missingConfigFileIsAClearError() {
    assertThatThrownBy(() -> new ConfigLoader().file(tmp.resolve("nope.yaml")))
        .hasMessageContaining("nope.yaml: file not found");
  }
}
