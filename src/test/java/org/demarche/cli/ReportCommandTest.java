package org.demarche.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code demarche report} argument errors exit with 2 and name the problem and the fix, before Spark starts. */
class ReportCommandTest {
  @TempDir Path tmp;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = DemarcheCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void helpListsTheOptions() {
    Result r = run("report", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--output").contains("--file").contains("--grain").contains("--top")
        .contains("--evidence").contains("self-contained HTML");
    assertThat(run("--help").out()).contains("report");
  }

  @Test
  void aMissingOutputFolderIsNamedWithTheFix() {
    Result r = run("report", "--output", tmp.resolve("nope").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--output " + tmp.resolve("nope") + ": no such folder")
        .contains("fix: give the output folder of an earlier `demarche run`");
  }

  @Test
  void aFolderWithoutDemarcheTablesIsRefused() throws Exception {
    Files.createDirectories(tmp.resolve("other/stuff"));
    Result r = run("report", "--output", tmp.resolve("other").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(": holds no demarche tables").contains("fix: give the output folder");
    Files.writeString(tmp.resolve("a-file"), "x");
    Result f = run("report", "--output", tmp.resolve("a-file").toString());
    assertThat(f.code()).isEqualTo(2);
    assertThat(f.err()).contains("is a file, not a folder");
  }

  @Test
  void badOptionValuesAreNamed() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out/articles"));
    String dir = out.getParent().toString();
    Result g = run("report", "--output", dir, "--grain", "year");
    assertThat(g.code()).isEqualTo(2);
    assertThat(g.err()).contains("--grain year: not one of day, week, month");
    Result t = run("report", "--output", dir, "--top", "0");
    assertThat(t.code()).isEqualTo(2);
    assertThat(t.err()).contains("--top 0: must be between 1 and 100");
    Result e = run("report", "--output", dir, "--evidence", "-1");
    assertThat(e.code()).isEqualTo(2);
    assertThat(e.err()).contains("--evidence -1: must be between 0 and 50");
    Result p = run("report", "--output", dir, "--file", tmp.resolve("no/such/dir/r.html").toString());
    assertThat(p.code()).isEqualTo(2);
    assertThat(p.err()).contains("does not exist; fix: create it or give another --file");
    Result d = run("report", "--output", dir, "--file", dir);
    assertThat(d.code()).isEqualTo(2);
    assertThat(d.err()).contains("is a folder; fix: give a file name");
    Result k = run("report", "--output", dir, "--set", "bogus.key=1");
    assertThat(k.code()).isEqualTo(2);
    assertThat(k.err()).contains("Unknown config key 'bogus.key'");
  }
}
