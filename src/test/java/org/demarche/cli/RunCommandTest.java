package org.demarche.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Usage and configuration errors exit with 2 and a message naming the problem, before Spark starts. */
class RunCommandTest {
  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = DemarcheCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void helpIsAvailableEverywhere() {
    Result top = run("--help");
    assertThat(top.code()).isZero();
    assertThat(top.out()).contains("Usage: demarche").contains("run");
    Result sub = run("run", "--help");
    assertThat(sub.code()).isZero();
    assertThat(sub.out()).contains("--input").contains("--output").contains("--config").contains("--set")
        .contains("--master").contains("--format");
  }

  @Test
  void unknownOptionIsAUsageError() {
    Result r = run("run", "--bogus");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown option: '--bogus'");
  }

  @Test
  void missingSubcommandIsAUsageError() {
    Result r = run();
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Missing command");
  }

  @Test
  void unknownConfigKeyExitsTwoAndNamesTheKey() {
    Result r = run("run", "--set", "clean.strip_htm=false");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown config key 'clean.strip_htm'").contains("did you mean 'clean.strip_html'");
  }

  @Test
  void badValueExitsTwoAndNamesTheKey() {
    Result r = run("run", "--set", "input.max_doc_chars=-5");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("input.max_doc_chars must be > 0 but was -5");
    Result fmt = run("run", "--format", "xml");
    assertThat(fmt.code()).isEqualTo(2);
    assertThat(fmt.err()).contains("input.format: 'xml' is not one of");
  }

  @Test
  void missingInputExitsTwoBeforeSparkStarts() {
    Result r = run("run", "--input", "/no/such/corpus/*.jsonl", "--output", "/tmp/never");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--input /no/such/corpus/*.jsonl: no file or folder matches");
  }

  @Test
  void missingConfigFileExitsTwo() {
    Result r = run("run", "--config", "/no/such/demarche.yaml");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--config /no/such/demarche.yaml: file not found");
  }
}
