import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The floor the per-document chain is measured against (issue 18): one thread reads every JSON Lines file of a folder,
 * takes each record's text field, lower-cases it, splits it into words and counts them. Prints
 * "raw_scan <bytes> <seconds> <MB/s> <words> <distinct>". Run: java bench/RawScan.java DIR [FIELD]
 * (FIELD defaults to "text"; the field is found with a plain string scan, JSON escapes kept as they are).
 */
public class RawScan {
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    String key = "\"" + (args.length > 1 ? args[1] : "text") + "\"";
    long t0 = System.nanoTime();
    long bytes = 0;
    long words = 0;
    Map<String, Integer> counts = new HashMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
    }
    for (Path f : files) {
      bytes += Files.size(f);
      try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        String line;
        while ((line = r.readLine()) != null) {
          String text = field(line, key);
          if (text == null) {
            continue;
          }
          for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
            if (!w.isEmpty()) {
              words++;
              counts.merge(w, 1, Integer::sum);
            }
          }
        }
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "raw_scan %d %.2f %.2f %d %d%n", bytes, secs, bytes / 1048576.0 / secs, words,
        counts.size());
  }

  /** The string value of {@code "key": "..."} in one JSON line (escapes not decoded), or null. */
  static String field(String line, String key) {
    int k = line.indexOf(key + ":");
    int from = k < 0 ? -1 : line.indexOf('"', k + key.length() + 1);
    if (from < 0) {
      return null;
    }
    int i = from + 1;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '"') {
        return line.substring(from + 1, i);
      }
      i++;
    }
    return line.substring(from + 1);
  }
}
