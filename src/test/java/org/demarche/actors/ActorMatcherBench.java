package org.demarche.actors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Single-thread throughput of {@link MentionFinder} (the code inside {@link ActorMatcher}) on the first N AllSides
 * articles: {@code ActorMatcherBench [sharedDataDir] [N]} (defaults {@code ../shared/data}, 5000). Texts are read first;
 * one warm-up pass, then a timed pass; prints docs/s and MB/s (UTF-16 chars / 1e6).
 */
public final class ActorMatcherBench {
  private ActorMatcherBench() {}

  public static void main(String[] args) throws Exception {
    Path shared = Path.of(args.length > 0 ? args[0] : "../shared/data");
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    List<String> texts = new ArrayList<>();
    ObjectMapper om = new ObjectMapper();
    try (var files = Files.list(shared.resolve("allsides_article_bias"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl.bz2")).sorted().toList()) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
            new BZip2CompressorInputStream(Files.newInputStream(f)), StandardCharsets.UTF_8))) {
          String line;
          while (texts.size() < n && (line = r.readLine()) != null) {
            JsonNode d = om.readTree(line);
            for (String k : new String[] {"text", "body", "content"}) {
              if (d.hasNonNull(k)) {
                texts.add(d.path("title").asText("") + "\n" + d.get(k).asText());
                break;
              }
            }
          }
        }
        if (texts.size() >= n) {
          break;
        }
      }
    }
    long chars = texts.stream().mapToLong(String::length).sum();
    MentionFinder f = new MentionFinder(ActorDictionary.builtin());
    LocalDate d = LocalDate.of(2016, 6, 1);
    long mentions = 0;
    for (String t : texts) {
      mentions += f.find(t, d).size(); // warm-up
    }
    long t0 = System.nanoTime();
    for (String t : texts) {
      f.find(t, d);
    }
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "ActorMatcherBench: %d docs, %.1f MB, %d mentions; %.2f s single thread: %.0f docs/s, "
        + "%.2f MB/s%n", texts.size(), chars / 1e6, mentions, s, texts.size() / s, chars / 1e6 / s);
  }
}
