import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The fuzz bench of {@code bench/fuzz.sh} (issue 20: a bad record is a reject, counted, and changes nothing else).
 *
 * <pre>
 *   java -cp CP bench/FuzzBench.java corrupt CLEAN_IN CLEAN_OUT FUZZ_IN RATE SEED   # writes FUZZ_IN and injected.tsv
 *   java -cp CP bench/FuzzBench.java check CLEAN_OUT FUZZ_OUT FUZZ_IN              # prints the figures, exit 1 if off
 * </pre>
 *
 * <p>{@code corrupt} picks {@code RATE} of the records the clean run accepted (doc_ids that occur once in the input,
 * so no later copy takes their place), and corrupts each in one of the ways the record-level fixture
 * ({@code RejectsReconciliationTest}) uses, in turn: invalid UTF-8 bytes, a truncated line, an empty body, a body over
 * {@code input.max_doc_chars} (the bench runs with 200,000), a date out of range, no date, an unparseable date, no
 * body, and a copy of an earlier accepted record of the same file (a repeated doc_id). {@code check} compares the two
 * runs: records read = accepted + rejected in the fuzzed run; each reason's count = the clean run's + the injected;
 * and the articles of the records left alone are the same in both runs (every column that depends on the record
 * alone; {@code story_id}, {@code story_size} and {@code exact_duplicate_of} depend on other records, some of which
 * were corrupted, and {@code run_id} differs by design).
 */
public class FuzzBench {
  static final String[] KINDS = {"invalid_utf8", "malformed_json", "empty_body", "doc_too_large", "date_out_of_range",
      "missing_date", "unparseable_date", "missing_body", "duplicate_record"};
  static final Pattern ID = Pattern.compile("\"id\":\\s*\"([^\"]+)\"");
  static final ObjectMapper OM = new ObjectMapper();

  public static void main(String[] a) throws Exception {
    SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1").config("spark.sql.session.timeZone", "UTC").getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    int rc = a[0].equals("corrupt") ? corrupt(spark, Path.of(a[1]), Path.of(a[2]), Path.of(a[3]),
        Double.parseDouble(a[4]), Long.parseLong(a[5])) : check(spark, Path.of(a[1]), Path.of(a[2]), Path.of(a[3]));
    spark.stop();
    System.exit(rc);
  }

  static String id(String line) {
    Matcher m = ID.matcher(line);
    return m.find() ? m.group(1) : null;
  }

  static int corrupt(SparkSession spark, Path cleanIn, Path cleanOut, Path fuzzIn, double rate, long seed)
      throws IOException {
    Set<String> accepted = new HashSet<>(spark.read().parquet(cleanOut.resolve("articles").toString())
        .select("doc_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    List<Path> files;
    try (var s = Files.list(cleanIn)) {
      files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
    }
    Map<String, Integer> seen = new HashMap<>();
    for (Path f : files) {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        String id = id(line);
        if (id != null) {
          seen.merge(id, 1, Integer::sum);
        }
      }
    }
    Files.createDirectories(fuzzIn);
    Random rnd = new Random(seed);
    Map<String, Integer> injected = new TreeMap<>();
    int k = 0;
    int total = 0;
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      String earlier = null; // the last accepted, untouched record of this file: the source of a repeated doc_id
      for (String line : lines) {
        total++;
        String id = id(line);
        boolean pick = id != null && accepted.contains(id) && seen.get(id) == 1 && rnd.nextDouble() < rate;
        String kind = pick ? KINDS[k % KINDS.length] : null;
        if (pick && kind.equals("duplicate_record") && earlier == null) {
          kind = null; // nothing earlier in this file to repeat: leave the record alone
        }
        if (kind == null) {
          out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
          if (id != null && accepted.contains(id) && seen.get(id) == 1) {
            earlier = line;
          }
          continue;
        }
        k++;
        injected.merge(kind, 1, Integer::sum);
        ObjectNode o = (ObjectNode) OM.readTree(line);
        switch (kind) {
          case "invalid_utf8" -> {
            int at = line.indexOf("\"text\"") + 10;
            out.write(line.substring(0, at).getBytes(StandardCharsets.UTF_8));
            out.write(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
            out.write((line.substring(at) + "\n").getBytes(StandardCharsets.UTF_8));
            continue;
          }
          case "malformed_json" -> {
            out.write((line.substring(0, line.length() / 2) + "\n").getBytes(StandardCharsets.UTF_8));
            continue;
          }
          case "empty_body" -> o.put("text", "   ");
          case "doc_too_large" -> o.put("text", o.path("text").asText() + " padding".repeat(26_000));
          case "date_out_of_range" -> {
            o.put("date", "0001-01-01");
            o.put("date_raw", "0001-01-01");
          }
          case "missing_date" -> {
            o.remove("date");
            o.remove("date_raw");
          }
          case "unparseable_date" -> {
            o.put("date", "sometime soon");
            o.put("date_raw", "sometime soon");
          }
          case "missing_body" -> o.remove("text");
          case "duplicate_record" -> {
            out.write((earlier + "\n").getBytes(StandardCharsets.UTF_8));
            continue;
          }
          default -> throw new IllegalStateException(kind);
        }
        out.write((OM.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      Files.write(fuzzIn.resolve(f.getFileName()), out.toByteArray());
    }
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(fuzzIn.resolve("../injected.tsv")))) {
      injected.forEach((r, n) -> w.println(r + "\t" + n));
    }
    System.out.printf("fuzz: %d of %d records corrupted (%.2f%%): %s%n", k, total, 100.0 * k / total, injected);
    return 0;
  }

  static Row run(SparkSession spark, Path out) {
    return spark.read().parquet(out.resolve("runs").toString()).orderBy(functions.col("finished_at").desc()).first();
  }

  static int check(SparkSession spark, Path cleanOut, Path fuzzOut, Path fuzzIn) throws IOException {
    Map<String, Long> injected = new TreeMap<>();
    for (String l : Files.readAllLines(fuzzIn.resolve("../injected.tsv"))) {
      String[] p = l.split("\t");
      injected.put(p[0], Long.parseLong(p[1]));
    }
    Row clean = run(spark, cleanOut);
    Row fuzz = run(spark, fuzzOut);
    long read = fuzz.getAs("records_read");
    long acc = fuzz.getAs("accepted");
    long rej = fuzz.getAs("rejected");
    boolean ok = read == acc + rej;
    System.out.printf("fuzzed run: records read %d = accepted %d + rejected %d: %s%n", read, acc, rej,
        ok ? "reconciled" : "NOT reconciled");
    Map<String, Long> before = new TreeMap<>();
    clean.<String, Long>getJavaMap(clean.fieldIndex("rejects_by_reason")).forEach(before::put);
    Map<String, Long> after = new TreeMap<>(fuzz.<String, Long>getJavaMap(fuzz.fieldIndex("rejects_by_reason")));
    Set<String> reasons = new java.util.TreeSet<>(before.keySet());
    reasons.addAll(after.keySet());
    reasons.addAll(injected.keySet());
    System.out.printf("%-20s %8s %9s %8s %8s  %s%n", "reason", "clean", "injected", "expected", "fuzzed", "");
    for (String r : reasons) {
      long exp = before.getOrDefault(r, 0L) + injected.getOrDefault(r, 0L);
      long got = after.getOrDefault(r, 0L);
      ok &= exp == got;
      System.out.printf("%-20s %8d %9d %8d %8d  %s%n", r, before.getOrDefault(r, 0L), injected.getOrDefault(r, 0L),
          exp, got, exp == got ? "ok" : "OFF");
    }
    String[] cols = {"doc_id", "outlet", "url", "title", "published_at", "date_precision", "lang", "n_chars",
        "n_words", "content_hash", "source_file", "source_offset", "tone", "sentiment", "dt"};
    Dataset<Row> a = spark.read().parquet(cleanOut.resolve("articles").toString());
    Dataset<Row> b = spark.read().parquet(fuzzOut.resolve("articles").toString());
    Dataset<Row> kept = b.select("doc_id");
    // the clean run's articles of the records left alone: those the fuzzed run accepted too
    Dataset<Row> x = a.join(kept, "doc_id").selectExpr(cols).withColumn("source_file",
        functions.regexp_extract(functions.col("source_file"), "[^/]+$", 0));
    Dataset<Row> y = b.selectExpr(cols).withColumn("source_file",
        functions.regexp_extract(functions.col("source_file"), "[^/]+$", 0));
    long onlyClean = x.exceptAll(y).count();
    long onlyFuzz = y.exceptAll(x).count();
    long untouched = x.count();
    long lost = a.count() - untouched - injected.values().stream().mapToLong(Long::longValue).sum();
    ok &= onlyClean == 0 && onlyFuzz == 0 && lost == 0;
    System.out.printf("articles of the untouched records: %d in both runs; rows differing: %d only in the clean run, %d "
        + "only in the fuzzed run; untouched records lost: %d%n", untouched, onlyClean, onlyFuzz, lost);
    System.out.println(ok ? "fuzz: ok" : "fuzz: FAILED");
    return ok ? 0 : 1;
  }
}
