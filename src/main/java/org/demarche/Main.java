package org.demarche;

import org.demarche.cli.DemarcheCommand;

/** Entry point for {@code bin/demarche} and {@code spark-submit --class org.demarche.Main}: parse and run. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = DemarcheCommand.execute(args);
    if (code != 0 || !Boolean.getBoolean("demarche.noExitOnSuccess")) {
      System.exit(code);
    }
  }
}
