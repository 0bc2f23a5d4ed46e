package org.demarche.topics;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * How reproducible a model's topics are across random seeds. Given R ≥ 2 fits of the same corpus ({@code topicTerms}
 * each), every other run is aligned to a reference run with {@link TopicAlignment#cosine} and the thresholded
 * Hungarian matching {@link TopicAlignment#match} (default threshold 0.8, "the same topic again"; on 5,000 AllSides
 * documents, MALLET k = 50, the median matched cosine between two seeds was 0.86 and 62% of the topics recurred at 0.8;
 * see {@link TopicAlignment} for the distributions).
 *
 * <p>Output, one row per topic of the reference run: {@code topic}, {@code recurrence} (share of the R − 1 other runs
 * in which it has a match), {@code matched_runs} int, {@code mean_best_cosine} (mean over the other runs of its highest
 * cosine with any topic of that run, matched or not). Summary: {@code meanRecurrence} (share of all (topic, other run)
 * pairs matched: the overall share of topics matched across seeds), {@code shareStableInAll} (share of reference topics
 * matched in every other run) and the matched share per other run.
 */
public final class TopicStability {
  public static final StructType TOPICS_SCHEMA = new StructType()
      .add("topic", DataTypes.IntegerType, false)
      .add("recurrence", DataTypes.DoubleType, false)
      .add("matched_runs", DataTypes.IntegerType, false)
      .add("mean_best_cosine", DataTypes.DoubleType, false);

  private TopicStability() {}

  /** threshold in (0, 1]; reference = index of the reference run in the list. */
  public record Options(double threshold, int reference) {
    public Options {
      if (!(threshold > 0 && threshold <= 1) || reference < 0) {
        throw new IllegalArgumentException("TopicStability.Options: threshold in (0, 1] and reference >= 0 required");
      }
    }

    /** Threshold 0.8, the first run as reference. */
    public static Options defaults() {
      return new Options(0.8, 0);
    }
  }

  /** Model-level figures; {@code matchedShareByRun[r]} for the other runs in list order (reference skipped). */
  public record Summary(int runs, int topics, double meanRecurrence, double shareStableInAll,
      double[] matchedShareByRun) {}

  public record Result(Dataset<Row> topics, List<Row> topicRows, Summary summary) {}

  /** Stability of {@code runs.get(o.reference())}'s topics across the other runs (R − 1 Spark cosine passes). */
  public static Result stability(List<Dataset<Row>> runs, Options o) {
    if (runs.size() < 2 || o.reference() >= runs.size()) {
      throw new IllegalArgumentException("TopicStability: need at least 2 runs and a reference index < " + runs.size());
    }
    Dataset<Row> ref = runs.get(o.reference());
    List<TopicAlignment.CosineMatrix> m = new ArrayList<>();
    for (int r = 0; r < runs.size(); r++) {
      if (r != o.reference()) {
        m.add(TopicAlignment.cosine(ref, runs.get(r)));
      }
    }
    return stability(m, o.threshold(), ref.sparkSession());
  }

  /** The same from precomputed cosine matrices (rows = reference topics, the same row order in every matrix). */
  public static Result stability(List<TopicAlignment.CosineMatrix> refVsOthers, double threshold, SparkSession spark) {
    if (refVsOthers.isEmpty()) {
      throw new IllegalArgumentException("TopicStability: no other runs");
    }
    int[] topics = refVsOthers.get(0).rowTopics();
    int k = topics.length;
    int others = refVsOthers.size();
    int[] matched = new int[k];
    double[] bestSum = new double[k];
    double[] byRun = new double[others];
    for (int r = 0; r < others; r++) {
      TopicAlignment.CosineMatrix c = refVsOthers.get(r);
      if (!java.util.Arrays.equals(c.rowTopics(), topics)) {
        throw new IllegalArgumentException("TopicStability: matrix " + r + " has other reference topics");
      }
      int[] a = TopicAlignment.match(c.cosine(), threshold);
      int n = 0;
      for (int i = 0; i < k; i++) {
        if (a[i] >= 0) {
          matched[i]++;
          n++;
        }
        double best = 0;
        for (double x : c.cosine()[i]) {
          best = Math.max(best, x);
        }
        bestSum[i] += best;
      }
      byRun[r] = k == 0 ? 0 : (double) n / k;
    }
    List<Row> rows = new ArrayList<>();
    int stableAll = 0;
    long matchedPairs = 0;
    for (int i = 0; i < k; i++) {
      rows.add(RowFactory.create(topics[i], (double) matched[i] / others, matched[i], bestSum[i] / others));
      stableAll += matched[i] == others ? 1 : 0;
      matchedPairs += matched[i];
    }
    Summary s = new Summary(others + 1, k, k == 0 ? 0 : (double) matchedPairs / ((long) k * others),
        k == 0 ? 0 : (double) stableAll / k, byRun);
    return new Result(spark.createDataFrame(rows, TOPICS_SCHEMA), rows, s);
  }
}
