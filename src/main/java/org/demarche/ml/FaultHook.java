package org.demarche.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * Named points where a process stops and waits to be killed, for the fault integration tests only (the driver killed
 * during a swap, an executor killed during the per-document phase or the topic fit). Unset in real runs: a point is
 * then one comparison against null.
 *
 * <p>{@value #PAUSE} names the points, comma-separated ({@code swap:<table>}, {@code task:stance},
 * {@code gibbs:sweep}). With {@value #ONCE} set to a path prefix, each point pauses only in the first process to
 * create the file {@code <prefix>.<point>}: a task retried after its executor was killed runs through.
 */
public final class FaultHook {
  /** The system property naming the points to pause at. */
  public static final String PAUSE = "demarche.fault.pause";
  /** The system property naming a marker-file prefix: pause only where the point's marker could still be created. */
  public static final String ONCE = "demarche.fault.once";
  /** The line printed (to stderr) on pausing, followed by the point and the pid. */
  public static final String PAUSED = "demarche fault hook: paused at ";

  private static final java.util.Set<String> POINTS = System.getProperty(PAUSE) == null ? null
      : java.util.Set.of(System.getProperty(PAUSE).split(","));

  private FaultHook() {}

  /** Pauses this thread for good when {@code where} is a configured point (and, with a marker, the first time). */
  public static void point(String where) {
    if (POINTS == null || !POINTS.contains(where)) {
      return;
    }
    String once = System.getProperty(ONCE);
    if (once != null && !once.isEmpty()) {
      try {
        Files.createFile(Paths.get(once + "." + where.replaceAll("[^A-Za-z0-9_-]", "-")));
      } catch (FileAlreadyExistsException e) {
        return;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    System.err.println(PAUSED + where + ", pid " + ProcessHandle.current().pid());
    System.err.flush();
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
