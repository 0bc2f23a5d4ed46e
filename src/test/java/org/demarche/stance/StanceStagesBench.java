package org.demarche.stance;

import org.demarche.text.Sentences;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.demarche.actors.ActorDictionary;
import org.demarche.actors.ActorMatcher;
import org.demarche.actors.MentionFinder;
import org.demarche.actors.MentionFinder.Mention;
import org.demarche.clean.BoilerplateRemover;
import org.demarche.clean.UnicodeNormalizer;
import org.demarche.ml.ScalaInterop;
import org.demarche.stance.events.EventCoder;
import org.demarche.stance.statements.StatementExtractor;
import org.demarche.stance.statements.StatementFinder;
import org.demarche.stance.tone.DocumentTone;
import org.demarche.stance.tone.TargetedToneModel;
import org.demarche.stance.tone.ToneScorer;

/**
 * Not a unit test: single-thread CPU time of the code inside each stance-phase stage on the first N AllSides articles,
 * next to the actor phase's {@link MentionFinder}: {@code StanceStagesBench [sharedDataDir] [N] [rounds] [dumpFile]}
 * (defaults {@code ../shared/data}, 2000, 5, none). Texts are cleaned as in
 * {@link org.demarche.stance.statements.StatementFinderBench}; mentions
 * go through the {@link ActorMatcher} rows and back, as between the stages. Each round times, in thread CPU seconds
 * (so other work on the machine moves the figures less than wall time would): MentionFinder, StatementFinder,
 * EventCoder, StanceFinder units, DocumentTone, and the three stance stages in one pass as {@link StanceAnnotator}
 * runs them (shared sentences, rows built for Spark), without and with the shipped tone model scoring the tone units
 * ({@link ToneScorer}); the first rounds warm the JIT up. With a dump file, every output
 * (statements, events, stance units, document tone) is written there, one line each, to compare two builds with
 * {@code cmp}.
 *
 * <pre>
 * mvn -q -o -DskipTests package &amp;&amp; mvn -q -o test-compile   # the jar brings the bundled libraries (Lucene)
 * java -Xmx3g -cp target/test-classes:target/demarche-0.1.0.jar:$(cat target/spark-classpath.txt) \
 *   org.demarche.stance.StanceStagesBench ../shared/data 2000 6 /tmp/stance-dump.txt
 * </pre>
 */
public final class StanceStagesBench {
  private StanceStagesBench() {}

  public static void main(String[] args) throws Exception {
    Path shared = Path.of(args.length > 0 ? args[0] : "../shared/data");
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    String dump = args.length > 3 ? args[3] : "";
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
    MentionFinder mf = new MentionFinder(ActorDictionary.builtin());
    StatementFinder sf = new StatementFinder();
    EventCoder ec = new EventCoder();
    List<List<Mention>> ms = new ArrayList<>();
    List<scala.collection.Seq<Row>> statements = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      ms.add(ActorMatcher.fromRows(ScalaInterop.seq(ActorMatcher.toRows(mf.find(texts.get(i), dates.get(i))))));
      statements.add(withSchema(StatementExtractor.toRows(sf.find(texts.get(i), ms.get(i)))));
    }
    ToneScorer scorer;
    org.apache.spark.sql.SparkSession spark = org.apache.spark.sql.SparkSession.builder().master("local[1]")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
    try {
      scorer = ToneScorer.of(TargetedToneModel.builtin(spark));
    } finally {
      spark.stop();
    }
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < rounds; r++) {
      long t0 = cpu.getCurrentThreadCpuTime();
      for (int i = 0; i < texts.size(); i++) {
        mf.find(texts.get(i), dates.get(i));
      }
      long t1 = cpu.getCurrentThreadCpuTime();
      for (int i = 0; i < texts.size(); i++) {
        sf.find(texts.get(i), ms.get(i));
      }
      long t2 = cpu.getCurrentThreadCpuTime();
      for (int i = 0; i < texts.size(); i++) {
        ec.code(texts.get(i), ms.get(i));
      }
      long t3 = cpu.getCurrentThreadCpuTime();
      for (int i = 0; i < texts.size(); i++) {
        StanceFinder.units(texts.get(i), ms.get(i), StanceFinder.statements(statements.get(i)), "", true);
      }
      long t4 = cpu.getCurrentThreadCpuTime();
      for (int i = 0; i < texts.size(); i++) {
        DocumentTone.of(texts.get(i));
      }
      long t5 = cpu.getCurrentThreadCpuTime();
      for (int i = 0; i < texts.size(); i++) {
        StanceAnnotator.annotate(texts.get(i), null, ms.get(i), true, ec, "", true, null);
      }
      long t6 = cpu.getCurrentThreadCpuTime();
      for (int i = 0; i < texts.size(); i++) {
        StanceAnnotator.annotate(texts.get(i), null, ms.get(i), true, ec, "", true, scorer);
      }
      long t7 = cpu.getCurrentThreadCpuTime();
      System.out.printf(Locale.ROOT, "round %d, %d docs, CPU s: mentions %.2f | statements %.2f, events %.2f, "
          + "stance units %.2f, document tone %.2f | one pass (StanceAnnotator, with output rows) %.2f, "
          + "with the tone model %.2f (%.2fx mentions)%n", r, texts.size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9,
          (t3 - t2) / 1e9, (t4 - t3) / 1e9, (t5 - t4) / 1e9, (t6 - t5) / 1e9, (t7 - t6) / 1e9,
          (double) (t7 - t6) / (t1 - t0));
    }
    if (!dump.isEmpty()) {
      try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(dump)))) {
        for (int i = 0; i < texts.size(); i++) {
          w.println("DOC " + i);
          for (StatementFinder.Statement s : sf.find(texts.get(i), ms.get(i))) {
            w.println("S " + s);
          }
          for (EventCoder.Event e : ec.code(texts.get(i), ms.get(i))) {
            w.println("E " + e);
          }
          for (Row u : StanceFinder.units(texts.get(i), ms.get(i), StanceFinder.statements(statements.get(i)), "",
              true)) {
            w.println("U " + u);
          }
          for (Row u : StanceFinder.units(texts.get(i), ms.get(i), StanceFinder.statements(statements.get(i)),
              Sentences.split(texts.get(i)), "", true, scorer)) {
            w.println("M " + u);
          }
          w.println("T " + DocumentTone.of(texts.get(i)).toRow());
        }
      }
    }
  }

  /** Statement rows with their schema, as StanceFinder reads them by field name inside the Spark stage. */
  private static scala.collection.Seq<Row> withSchema(List<Row> rows) {
    List<Row> out = new ArrayList<>();
    for (Row x : rows) {
      Object[] v = new Object[x.size()];
      for (int k = 0; k < v.length; k++) {
        v[k] = x.get(k);
      }
      int ti = StatementExtractor.STATEMENT.fieldIndex("targets");
      List<Row> targets = new ArrayList<>();
      scala.collection.Iterator<?> it = ((scala.collection.Seq<?>) v[ti]).iterator();
      while (it.hasNext()) {
        Row t = (Row) it.next();
        Object[] tv = new Object[t.size()];
        for (int k = 0; k < tv.length; k++) {
          tv[k] = t.get(k);
        }
        targets.add(new GenericRowWithSchema(tv, StatementExtractor.TARGET));
      }
      v[ti] = ScalaInterop.seq(targets);
      out.add(new GenericRowWithSchema(v, StatementExtractor.STATEMENT));
    }
    return ScalaInterop.seq(out);
  }
}
