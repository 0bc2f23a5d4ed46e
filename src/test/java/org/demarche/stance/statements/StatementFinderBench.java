package org.demarche.stance.statements;

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
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.demarche.actors.ActorDictionary;
import org.demarche.actors.MentionFinder;
import org.demarche.actors.MentionFinder.Mention;
import org.demarche.clean.BoilerplateRemover;
import org.demarche.clean.UnicodeNormalizer;
import org.demarche.text.Sentences;
import org.demarche.stance.statements.StatementFinder.Statement;

/**
 * Not a unit test: single-thread throughput of {@link MentionFinder} and {@link StatementFinder} on the first N AllSides
 * articles, and what the statements look like: {@code StatementFinderBench [sharedDataDir] [N]} (defaults
 * {@code ../shared/data}, 2000). Texts are cleaned first as the job does (Unicode normalisation with ASCII quotes,
 * boilerplate removal; untimed); one warm-up pass, then a timed pass per step. Prints docs/s per step, statements per
 * doc, the share with a resolved speaker, and counts per kind, resolution, unresolved reason and verb class.
 *
 * <pre>
 * mvn -q -o test-compile &amp;&amp; mvn -q -o dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx2g -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) org.demarche.stance.statements.StatementFinderBench
 * </pre>
 */
public final class StatementFinderBench {
  private StatementFinderBench() {}

  public static void main(String[] args) throws Exception {
    Path shared = Path.of(args.length > 0 ? args[0] : "../shared/data");
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    List<String> texts = new ArrayList<>();
    List<LocalDate> dates = new ArrayList<>();
    ObjectMapper om = new ObjectMapper();
    try (var files = Files.list(shared.resolve("allsides_article_bias"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl.bz2")).sorted().toList()) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
            new BZip2CompressorInputStream(Files.newInputStream(f)), StandardCharsets.UTF_8))) {
          String line;
          while (texts.size() < n && (line = r.readLine()) != null) {
            JsonNode d = om.readTree(line);
            if (d.hasNonNull("text")) {
              texts.add(BoilerplateRemover.remove(UnicodeNormalizer.normalize(
                  d.path("title").asText("") + "\n" + d.get("text").asText())));
              String iso = d.path("date").asText("");
              dates.add(iso.length() == 10 ? LocalDate.parse(iso) : null);
            }
          }
        }
        if (texts.size() >= n) {
          break;
        }
      }
    }
    long chars = texts.stream().mapToLong(String::length).sum();
    MentionFinder mf = new MentionFinder(ActorDictionary.builtin());
    StatementFinder sf = new StatementFinder();
    List<List<Mention>> ms = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      ms.add(mf.find(texts.get(i), dates.get(i))); // warm-up, kept
    }
    for (int i = 0; i < texts.size(); i++) {
      sf.find(texts.get(i), ms.get(i)); // warm-up
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < texts.size(); i++) {
      mf.find(texts.get(i), dates.get(i));
    }
    double sm = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    List<List<Statement>> out = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      out.add(sf.find(texts.get(i), ms.get(i)));
    }
    double ss = (System.nanoTime() - t1) / 1e9;
    long t2 = System.nanoTime();
    for (int i = 0; i < texts.size(); i++) {
      Sentences.split(texts.get(i));
    }
    double sp = (System.nanoTime() - t2) / 1e9;
    int docs = texts.size();
    System.out.printf(Locale.ROOT, "StatementFinderBench: %d docs, %.1f M chars, single thread%n", docs, chars / 1e6);
    System.out.printf(Locale.ROOT, "  Sentences.split:          %8.0f docs/s (%.2f s)%n", docs / sp, sp);
    System.out.printf(Locale.ROOT, "  MentionFinder:            %8.0f docs/s (%.2f s)%n", docs / sm, sm);
    System.out.printf(Locale.ROOT, "  StatementFinder:          %8.0f docs/s (%.2f s)%n", docs / ss, ss);
    System.out.printf(Locale.ROOT, "  MentionFinder+Statements: %8.0f docs/s%n", docs / (sm + ss));
    long total = 0;
    long resolved = 0;
    long withAny = 0;
    Map<String, Integer> kinds = new TreeMap<>();
    Map<String, Integer> res = new TreeMap<>();
    Map<String, Integer> reasons = new TreeMap<>();
    Map<String, Integer> classes = new TreeMap<>();
    for (List<Statement> l : out) {
      total += l.size();
      withAny += l.isEmpty() ? 0 : 1;
      for (Statement s : l) {
        resolved += s.speakerActorId() != null ? 1 : 0;
        kinds.merge(s.kind(), 1, Integer::sum);
        res.merge(s.speakerResolution(), 1, Integer::sum);
        if (s.unresolvedReason() != null) {
          reasons.merge(s.unresolvedReason(), 1, Integer::sum);
        }
        classes.merge(String.valueOf(s.verbClass()), 1, Integer::sum);
      }
    }
    System.out.printf(Locale.ROOT, "  statements: %d (%.2f per doc; %.1f%% of docs have one); resolved speaker: %.1f%%%n",
        total, total / (double) docs, 100.0 * withAny / docs, 100.0 * resolved / Math.max(1, total));
    System.out.println("  by kind: " + kinds);
    System.out.println("  by resolution: " + res);
    System.out.println("  unresolved reasons: " + reasons);
    System.out.println("  verb class: " + classes);
    if (Boolean.getBoolean("stance.debug")) {
      for (int i = 0; i < Math.min(docs, Integer.getInteger("stance.debugDocs", 3)); i++) {
        for (Statement s : out.get(i)) {
          System.out.printf("[%d] %s %s %s (%s %s) :: %s%n", i, s.kind(), s.reportingVerb(), s.speakerText(),
              s.speakerActorId(), s.speakerResolution(), s.content());
        }
      }
    }
  }
}
