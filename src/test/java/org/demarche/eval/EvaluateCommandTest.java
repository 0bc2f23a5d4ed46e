package org.demarche.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.demarche.cli.DemarcheCommand;
import org.demarche.testing.SparkTestSession;
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

  /** The shared data as the tests find them ({@link SparkTestSession#sharedDataRoot}); null when absent. */
  static Path shared() {
    try {
      Path p = SparkTestSession.sharedDataRoot();
      return Files.isRegularFile(p.resolve("conll2003/eng.testa.gz")) ? p : null;
    } catch (IllegalStateException e) {
      return null;
    }
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
    for (String[] cmd : new String[][] {{"evaluate", "stance"}, {"train", "stance", "--output", tmp.toString()}}) {
      String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 2);
      args[cmd.length] = "--shared-data";
      args[cmd.length + 1] = tmp.resolve("nope").toString();
      Result r = run(args);
      assertThat(r.code()).as(String.join(" ", cmd)).isEqualTo(2);
      assertThat(r.err()).contains("--shared-data: " + tmp.resolve("nope") + " is not a directory");
    }
    // the default files are taken under the shared-data folder
    Result stance = run("evaluate", "stance", "--shared-data", tmp.toString(), "--petrarch", "none");
    assertThat(stance.code()).isEqualTo(2);
    assertThat(stance.err()).contains("no file " + tmp.resolve("newsmtsc/newsmtsc_train.jsonl.gz"));
    Result train = run("train", "stance", "--shared-data", tmp.toString(), "--output", tmp.resolve("m").toString());
    assertThat(train.code()).isEqualTo(2);
    assertThat(train.err()).contains("--input " + tmp.resolve("newsmtsc/newsmtsc_train.jsonl.gz") + ": no such file");
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
