package org.demarche.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.demarche.config.ConfigLoader;
import picocli.CommandLine.Option;

/**
 * Options that several subcommands share, as picocli mixins ({@code @Mixin SharedOptions.Config config;}): each has
 * the same names, meaning and default in every command it is mixed into.
 */
public final class SharedOptions {
  private SharedOptions() {}

  /** {@code -c/--config FILE} and {@code -s/--set KEY=VALUE}: the job configuration (docs/config.md). */
  public static final class Config {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "YAML config file")
    Path config;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
        description = "Override one config key (docs/config.md); repeatable")
    Map<String, String> sets = new LinkedHashMap<>();

    /** A loader with the config file and the {@code --set} overrides; the command adds its own options. */
    public ConfigLoader loader() {
      return new ConfigLoader().file(config).sets(sets);
    }
  }

  /** {@code -m/--master URL}: the Spark master. */
  public static final class Master {
    @Option(names = {"-m", "--master"}, paramLabel = "URL",
        description = "Spark master. Default: local[*], or whatever spark-submit gives")
    String master;

    /** The option's value; null when not given. */
    public String get() {
      return master;
    }
  }

  /** {@code -o/--output DIR}: the output folder of a run (config key {@code output.path}). */
  public static final class RunOutput {
    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output folder of a demarche run. Default: out")
    String output;

    /** The option's value; null when not given (the config's {@code output.path} applies). */
    public String get() {
      return output;
    }
  }
}
