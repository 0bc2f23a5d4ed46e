package org.demarche.eval;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder of the shared research corpora that evaluation and training read in place (Reuters-21578, CoNLL-2003,
 * NewsMTSC, PETRARCH, UNGDC, ...; research-only, never copied into the repository): the {@code --shared-data}
 * option, else the environment variable {@value #ENV}, else {@code ../shared/data} relative to the working
 * directory when it exists. Files under it (e.g. {@code petrarch_cameo/}) are the defaults of the options that name
 * them.
 */
public final class SharedData {
  /** The environment variable naming the folder. */
  public static final String ENV = "DEMARCHE_SHARED_DATA";
  /** The command-line option naming the folder. */
  public static final String OPTION = "--shared-data";
  /** The folder used when neither the option nor the environment variable is given, if it exists. */
  public static final Path BESIDE = Path.of("../shared/data");
  /** The NewsMTSC train file, under the folder. */
  public static final String NEWSMTSC_TRAIN = "newsmtsc/newsmtsc_train.jsonl.gz";
  /** The PETRARCH folder ({@code unit_tests/}, {@code dictionaries/}), under the folder. */
  public static final String PETRARCH = "petrarch_cameo";

  private SharedData() {}

  /**
   * The shared-data folder: {@code option} when not null, else {@value #ENV}, else {@link #BESIDE} when it exists.
   *
   * @param option the {@code --shared-data} value, or null
   * @param what what the folder must hold, for the message when there is none (e.g. "reuters21578/ and conll2003/")
   * @throws IllegalArgumentException when the folder given is not a directory, or when there is none
   */
  public static Path resolve(Path option, String what) {
    return resolve(option, System.getenv(ENV), BESIDE, what);
  }

  static Path resolve(Path option, String env, Path beside, String what) {
    if (option != null) {
      if (!Files.isDirectory(option)) {
        throw new IllegalArgumentException(OPTION + ": " + option + " is not a directory");
      }
      return option;
    }
    if (env != null && !env.isBlank()) {
      Path p = Path.of(env);
      if (!Files.isDirectory(p)) {
        throw new IllegalArgumentException(ENV + "=" + env + " is not a directory; fix: set it to the shared-data "
            + "folder (holding " + what + ") or pass " + OPTION + " DIR");
      }
      return p;
    }
    if (Files.isDirectory(beside)) {
      return beside;
    }
    throw new IllegalArgumentException("no shared data: pass " + OPTION + " DIR or set the environment variable "
        + ENV + " to the folder holding " + what + " (" + beside + " does not exist under "
        + Path.of("").toAbsolutePath() + ")");
  }
}
