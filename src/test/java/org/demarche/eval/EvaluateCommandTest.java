package org.demarche.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.demarche.cli.DemarcheCommand;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code demarche evaluate actors}: usage errors exit 2 before any work; a small slice runs and prints the table. */
class EvaluateCommandTest {
  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = DemarcheCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  static Path shared() {
    for (String p : new String[] {"../shared/data", "/work/shared/data"}) {
      if (Files.isRegularFile(Path.of(p, "conll2003/eng.testa.gz"))) {
        return Path.of(p);
      }
    }
    return null;
  }

  @Test
  void helpListsTheOptions() {
    Result top = run("--help");
    assertThat(top.out()).contains("evaluate");
    Result r = run("evaluate", "actors", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--shared-data").contains("--split").contains("--errors").contains("--dictionary");
  }

  @Test
  void usageErrorsExitTwo(@TempDir Path tmp) {
    Result missing = run("evaluate");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing component");
    Result dir = run("evaluate", "actors", "--shared-data", tmp.resolve("nope").toString());
    assertThat(dir.code()).isEqualTo(2);
    assertThat(dir.err()).contains("--shared-data").contains("is not a directory");
    Result empty = run("evaluate", "actors", "--shared-data", tmp.toString());
    assertThat(empty.code()).isEqualTo(2);
    assertThat(empty.err()).contains("lacks reuters21578/");
    Result bogus = run("evaluate", "actors", "--bogus");
    assertThat(bogus.code()).isEqualTo(2);
    assertThat(bogus.err()).contains("Unknown option: '--bogus'");
    Result errors = run("evaluate", "actors", "--errors", "many");
    assertThat(errors.code()).isEqualTo(2);
    if (shared() != null) {
      Result conll = run("evaluate", "actors", "--shared-data", shared().toString(), "--conll-file",
          tmp.resolve("none.conll").toString());
      assertThat(conll.code()).isEqualTo(2);
      assertThat(conll.err()).contains("--conll-file").contains("does not exist");
    }
  }

  @Test
  void badSplitAndDictionaryExitTwo(@TempDir Path tmp) throws Exception {
    Path shared = shared();
    Assumptions.assumeTrue(shared != null, "shared data not available");
    Result split = run("evaluate", "actors", "--shared-data", shared.toString(), "--split", "train");
    assertThat(split.code()).isEqualTo(2);
    assertThat(split.err()).contains("'train' is not one of dev, test, all");
    Result dict = run("evaluate", "actors", "--shared-data", shared.toString(), "--dictionary",
        tmp.resolve("missing.tsv").toString());
    assertThat(dict.code()).isEqualTo(2);
    assertThat(dict.err()).contains("does not exist");
    Path bad = tmp.resolve("bad.tsv");
    Files.writeString(bad, "actor_id\tcameo_code\talias\talias_type\nX\tXXX\tFoo\tnickname\n");
    Result badDict = run("evaluate", "actors", "--shared-data", shared.toString(), "--dictionary", bad.toString());
    assertThat(badDict.code()).isEqualTo(2);
    assertThat(badDict.err()).contains("unknown alias_type 'nickname'");
  }

  @Test
  void smallSliceRunsAndPrintsTheTable() {
    Path shared = shared();
    Assumptions.assumeTrue(shared != null, "shared data not available");
    Result r = run("evaluate", "actors", "--shared-data", shared.toString(), "--split", "all", "--limit", "300",
        "--errors", "2");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Reuters-21578 dev: countries (doc level)")
        .contains("Reuters-21578 dev: people (doc level)")
        .contains("CoNLL-2003 testa: span precision").contains("recall, gold LOC spans naming countries")
        .contains("seed article").contains("== Reuters countries FN");
  }
}
