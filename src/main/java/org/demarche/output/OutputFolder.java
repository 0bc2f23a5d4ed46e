package org.demarche.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.demarche.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards an output folder: it may not overlap an input path, and one run at a time writes to it, through a lock
 * file ({@code <output>/_demarche.lock}, created atomically; {@code _}-prefixed, so no reader sees it).
 */
public final class OutputFolder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputFolder.class);
  public static final String LOCK = "_demarche.lock";

  private final FileSystem fs;
  private final Path lock;

  private OutputFolder(FileSystem fs, Path lock) {
    this.fs = fs;
    this.lock = lock;
  }

  /**
   * Refuses (exit 2) an output folder that is an input path, lies inside one, or holds one: a run would read its own
   * tables as articles, or write over its input.
   */
  public static void checkNoOverlap(List<String> inputs, String output, Configuration conf) {
    String out = qualified(output, conf);
    for (String in : inputs) {
      String base = qualified(globBase(in), conf);
      if (out.equals(base) || out.startsWith(base + "/")) {
        throw new ConfigException("--output " + output + " is inside --input " + in
            + ": the next run would read its own tables as articles; fix: write the output to a folder outside "
            + "every input path");
      }
      if (base.startsWith(out + "/")) {
        throw new ConfigException("--input " + in + " is inside --output " + output
            + ": the run would read and rewrite the same files; fix: move the input out of the output folder");
      }
    }
  }

  /** The folder part of a path before its first glob character. */
  static String globBase(String p) {
    int g = p.length();
    for (char c : new char[] {'*', '?', '[', '{'}) {
      int i = p.indexOf(c);
      if (i >= 0) {
        g = Math.min(g, i);
      }
    }
    String head = p.substring(0, g);
    if (g < p.length()) {
      int slash = head.lastIndexOf('/');
      head = slash <= 0 ? (slash == 0 ? "/" : ".") : head.substring(0, slash);
    }
    return head;
  }

  private static String qualified(String p, Configuration conf) {
    try {
      Path path = new Path(p);
      FileSystem fs = path.getFileSystem(conf);
      String q = fs.makeQualified(path).toUri().normalize().toString();
      return q.endsWith("/") && q.length() > 1 ? q.substring(0, q.length() - 1) : q;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Takes the folder's lock for {@code runId}, or fails (exit 2) naming the run that holds it. A lock left by a run
   * on this host whose process is gone (a killed driver) is taken over, with a warning.
   */
  public static OutputFolder lock(String output, String runId, Configuration conf) {
    try {
      Path dir = new Path(output);
      FileSystem fs = dir.getFileSystem(conf);
      fs.mkdirs(dir);
      Path lock = new Path(dir, LOCK);
      String host = host();
      long pid = ProcessHandle.current().pid();
      String me = host + " " + pid + " " + runId + " " + Instant.now();
      for (int attempt = 0; attempt < 2; attempt++) {
        try (FSDataOutputStream o = fs.create(lock, false)) {
          o.write(me.getBytes(StandardCharsets.UTF_8));
          return new OutputFolder(fs, lock);
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
          String holder = read(fs, lock);
          String[] f = holder.split(" ");
          boolean stale = f.length >= 2 && f[0].equals(host) && isNumber(f[1])
              && ProcessHandle.of(Long.parseLong(f[1])).map(h -> !h.isAlive()).orElse(true);
          if (!stale || attempt > 0) {
            throw new ConfigException("--output " + output + " is being written by another run (" + holder
                + "); wait for it to finish, or, if no run is active, delete " + lock);
          }
          LOG.warn("--output {}: taking over the lock of a run that is gone ({})", output, holder);
          fs.delete(lock, false);
        }
      }
      throw new IllegalStateException("unreachable");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock --output " + output + ": " + e.getMessage(), e);
    }
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
  }

  private static String read(FileSystem fs, Path p) throws IOException {
    try (FSDataInputStream in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (java.io.FileNotFoundException e) {
      return "a run that just finished";
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName().replace(' ', '_');
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  @Override
  public void close() {
    try {
      fs.delete(lock, false);
    } catch (IOException e) {
      LOG.warn("cannot remove the lock {}: {}", lock, e.getMessage());
    }
  }
}
