package org.demarche.ingest;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.demarche.config.ConfigException;

/** Expands {@code input.paths} (files, folders, globs) into a sorted file list with a format per file. */
public final class InputFiles {
  private InputFiles() {}

  /** One input file. {@code size} and {@code modified} feed the deterministic batch id. */
  public record InputFile(String path, String format, long size, long modified) implements Serializable {}

  public static List<InputFile> expand(List<String> paths, String forcedFormat, Configuration hadoop) {
    Map<String, InputFile> out = new TreeMap<>();
    for (String p : paths) {
      Path path = new Path(p);
      FileStatus[] matches;
      try {
        FileSystem fs = path.getFileSystem(hadoop);
        matches = fs.globStatus(path);
        if (matches == null || matches.length == 0) {
          throw new ConfigException("--input " + p + ": no file or folder matches; check the path or glob");
        }
        for (FileStatus st : matches) {
          if (st.isDirectory()) {
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(st.getPath(), true);
            while (it.hasNext()) {
              LocatedFileStatus f = it.next();
              if (!hidden(f.getPath(), st.getPath())) {
                add(out, f, forcedFormat, true);
              }
            }
          } else {
            add(out, st, forcedFormat, false);
          }
        }
      } catch (IOException e) {
        throw new ConfigException("--input " + p + ": cannot list: " + e.getMessage(), e);
      }
    }
    if (out.isEmpty()) {
      throw new ConfigException("--input " + paths + ": no readable input files found (hidden and _-prefixed files are skipped)");
    }
    return new ArrayList<>(out.values());
  }

  private static boolean hidden(Path file, Path root) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      String n = p.getName();
      if (n.startsWith(".") || n.startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  private static void add(Map<String, InputFile> out, FileStatus st, String forced, boolean fromFolder) {
    String name = st.getPath().getName();
    String lower = name.toLowerCase(Locale.ROOT);
    if (fromFolder && (lower.endsWith(".md") || lower.endsWith(".crc") || lower.equals("source.txt")
        || lower.startsWith("license") || lower.startsWith("notice") || lower.startsWith("readme"))) {
      return; // documentation beside the data, not articles
    }
    String format = "auto".equals(forced) || forced == null ? formatOf(name) : forced;
    out.put(st.getPath().toString(), new InputFile(st.getPath().toString(), format, st.getLen(), st.getModificationTime()));
  }

  /** The format for a file name, after removing a compression suffix. */
  public static String formatOf(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    for (String c : new String[] {".gz", ".bz2", ".deflate", ".zst", ".lz4", ".snappy"}) {
      if (n.endsWith(c)) {
        n = n.substring(0, n.length() - c.length());
        break;
      }
    }
    if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) {
      return "jsonl";
    }
    if (n.endsWith(".csv") || n.endsWith(".tsv")) {
      return "csv";
    }
    if (n.endsWith(".parquet")) {
      return "parquet";
    }
    return "text";
  }
}
