import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.MapType;

/**
 * Two demarche output folders compared table by table, row for row ({@code exceptAll} both ways), for the increment
 * bench (issue 20: batches A then B against one run over A+B). Columns that name a run, a batch, a model or a
 * duration are left out, and so are map columns. Each table is compared twice: with every other column, and without
 * the story columns ({@code story_id}, {@code story_size}, {@code n_stories}), whose differences between A-then-B and
 * A+B are documented (docs/operations.md). Prints one line per table:
 * {@code <table> rows <a> <b> only_a <n> only_b <n> | without story columns only_a <n> only_b <n>}.
 * Run with Spark on the class path: java -cp "$(cat target/spark-classpath.txt)" bench/TableCompare.java A B
 */
public class TableCompare {
  private static final Set<String> VOLATILE = Set.of("run_id", "batch_id", "model_id", "model_path", "fit_seconds",
      "started_at", "finished_at", "previous_model_id");
  private static final Set<String> STORY = Set.of("story_id", "story_size", "n_stories");

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("table-compare")
        .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4").getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    Set<String> tables = new TreeSet<>();
    for (String dir : args) {
      File[] fs = new File(dir).listFiles(f -> f.isDirectory() && !f.getName().startsWith("_")
          && !f.getName().startsWith(".") && !f.getName().equals("models"));
      if (fs != null) {
        Arrays.stream(fs).forEach(f -> tables.add(f.getName()));
      }
    }
    for (String t : tables) {
      File a = new File(args[0], t);
      File b = new File(args[1], t);
      if (!a.isDirectory() || !b.isDirectory()) {
        System.out.printf("%-16s only in %s%n", t, a.isDirectory() ? "A" : "B");
        continue;
      }
      Dataset<Row> x = comparable(spark.read().parquet(a.toString()), Set.of());
      Dataset<Row> y = comparable(spark.read().parquet(b.toString()), Set.of());
      Dataset<Row> xs = comparable(x, STORY);
      Dataset<Row> ys = comparable(y, STORY);
      System.out.printf("%-16s rows %d %d only_a %d only_b %d | without story columns only_a %d only_b %d%n", t,
          x.count(), y.count(), x.exceptAll(y).count(), y.exceptAll(x).count(), xs.exceptAll(ys).count(),
          ys.exceptAll(xs).count());
    }
    spark.stop();
  }

  private static Dataset<Row> comparable(Dataset<Row> d, Set<String> drop) {
    List<String> keep = new ArrayList<>();
    for (var f : d.schema().fields()) {
      if (!(f.dataType() instanceof MapType) && !VOLATILE.contains(f.name()) && !drop.contains(f.name())) {
        keep.add(f.name());
      }
    }
    return d.selectExpr(keep.stream().map(c -> "`" + c + "`").toArray(String[]::new));
  }
}
