package org.demarche.stance.events;

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
import org.demarche.actors.ActorDictionary;
import org.demarche.actors.MentionFinder;
import org.demarche.actors.MentionFinder.Mention;

/**
 * Single-thread throughput of {@link EventCoder} (the code inside {@link EventCoderStage}) on the first N AllSides
 * articles with their {@link MentionFinder} mentions computed beforehand: {@code EventCoderBench [sharedDataDir] [N]}
 * (defaults {@code ../shared/data}, 2000). One warm-up pass, then a timed pass of the coder alone; prints docs/s,
 * events per document and the QuadClass mix.
 */
public final class EventCoderBench {
  private EventCoderBench() {}

  public static void main(String[] args) throws Exception {
    Path shared = Path.of(args.length > 0 ? args[0] : "../shared/data");
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
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
                texts.add(d.path("title").asText("") + "\n\n" + d.get(k).asText());
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
    MentionFinder finder = new MentionFinder(ActorDictionary.builtin());
    LocalDate d = LocalDate.of(2016, 6, 1);
    List<List<Mention>> mentions = new ArrayList<>();
    for (String t : texts) {
      mentions.add(finder.find(t, d));
    }
    EventCoder coder = new EventCoder();
    long events = 0;
    long[] quad = new long[5];
    long negated = 0;
    for (int i = 0; i < texts.size(); i++) {
      for (EventCoder.Event e : coder.code(texts.get(i), mentions.get(i))) { // warm-up, and the counts
        events++;
        quad[e.quadClass()]++;
        negated += e.negated() ? 1 : 0;
      }
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < texts.size(); i++) {
      coder.code(texts.get(i), mentions.get(i));
    }
    double s = (System.nanoTime() - t0) / 1e9;
    long chars = texts.stream().mapToLong(String::length).sum();
    System.out.printf(Locale.ROOT, "EventCoder: %d docs, %.1f MB, %.2f s: %.0f docs/s, %.2f MB/s; %d events"
        + " (%.2f/doc; quad 1..4: %d %d %d %d; negated %d)%n", texts.size(), chars / 1e6, s, texts.size() / s,
        chars / 1e6 / s, events, (double) events / texts.size(), quad[1], quad[2], quad[3], quad[4], negated);
  }
}
