package org.demarche.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The shared options have the same names, label and description in every command that mixes them in. */
class SharedOptionsTest {
  private static CommandLine command(String... path) {
    CommandLine cl = DemarcheCommand.commandLine(new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()));
    for (String p : path) {
      cl = cl.getSubcommands().get(p);
    }
    return cl;
  }

  private static void sameEverywhere(String name, List<List<String>> commands) {
    OptionSpec first = null;
    for (List<String> c : commands) {
      OptionSpec o = command(c.toArray(String[]::new)).getCommandSpec().findOption(name);
      assertThat(o).as("%s in %s", name, c).isNotNull();
      if (first == null) {
        first = o;
      }
      assertThat(o.names()).as("%s in %s", name, c).containsExactly(first.names());
      assertThat(o.paramLabel()).as("%s in %s", name, c).isEqualTo(first.paramLabel());
      assertThat(o.description()).as("%s in %s", name, c).containsExactly(first.description());
      assertThat(o.defaultValue()).as("%s in %s", name, c).isNull();
    }
  }

  @Test
  void configSetMasterAndOutputAreShared() {
    sameEverywhere("--config", List.of(List.of("run"), List.of("topics"), List.of("trends"),
        List.of("evaluate", "topics")));
    sameEverywhere("--set", List.of(List.of("run"), List.of("topics"), List.of("trends"),
        List.of("evaluate", "topics")));
    sameEverywhere("--master", List.of(List.of("run"), List.of("topics"), List.of("trends"), List.of("report"),
        List.of("evaluate", "topics"), List.of("evaluate", "stance"), List.of("train", "stance")));
    sameEverywhere("--output", List.of(List.of("run"), List.of("topics"), List.of("trends"), List.of("report")));
  }

  @Test
  void optionValuesReachTheCommands() {
    CommandLine cl = command();
    cl.parseArgs("trends", "-o", "/tmp/o", "-c", "c.yaml", "-s", "a.b=1", "--set", "c.d=2", "-m", "local[2]");
    TrendsCommand t = cl.getSubcommands().get("trends").getCommand();
    assertThat(t.output.get()).isEqualTo("/tmp/o");
    assertThat(t.master.get()).isEqualTo("local[2]");
    assertThat(t.config.config).hasToString("c.yaml");
    assertThat(t.config.sets).containsExactly(java.util.Map.entry("a.b", "1"), java.util.Map.entry("c.d", "2"));
  }
}
