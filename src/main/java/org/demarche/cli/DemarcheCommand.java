package org.demarche.cli;

import java.io.PrintWriter;
import org.demarche.config.ConfigException;
import org.demarche.eval.EvaluateCommand;
import org.demarche.eval.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code demarche} command; each phase or tool is a subcommand. */
@Command(
    name = "demarche",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Per-actor stance and topic trends from news coverage, written as Parquet.",
    subcommands = {RunCommand.class, TrendsCommand.class, TopicsCommand.class, ReportCommand.class,
        EvaluateCommand.class, TrainCommand.class, CommandLine.HelpCommand.class})
public final class DemarcheCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'demarche run --help'");
  }

  /** Exit codes: 0 success, 2 usage or configuration error, 1 runtime failure. */
  public static int execute(String[] args) {
    return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
  }

  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new DemarcheCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          Throwable root = ex;
          while (root != null && !(root instanceof ConfigException) && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
          }
          if (root instanceof ConfigException) {
            commandLine.getErr().println("demarche: configuration error: " + root.getMessage());
            return 2;
          }
          commandLine.getErr().println("demarche: failed: " + ex);
          ex.printStackTrace(commandLine.getErr());
          return 1;
        });
    return cl;
  }
}
