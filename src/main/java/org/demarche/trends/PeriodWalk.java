package org.demarche.trends;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * The walk every trend table is made by: the documents of the input, each with its facts, fanned out to every grain
 * ({@link #byPeriod}), grouped by (grain, period) and rolled up there, one group at a time ({@link #walk}), into every
 * outlet slice (the document's outlet and {@link TrendSteps#ALL}) and key. One shuffle per table instead of one per
 * aggregate, join and window, so a table costs a handful of Spark jobs whatever its number of aggregates.
 *
 * <p>A walk sees rows {@code grain, period_start, doc_id, story_id, outlet}, then its own columns from index
 * {@link #OWN}. Subclasses say what a cell is (the {@link Cells} they are built with), how a document adds to the cells of one slice
 * ({@link #add}) and what rows a cell gives ({@link #emit}). Slices and keys are walked in sorted order.
 *
 * @param <K> the key within a slice (an actor id, a pair, a topic)
 * @param <C> what is gathered for one (slice, key)
 */
public abstract class PeriodWalk<K extends Comparable<K>, C> implements FlatMapGroupsFunction<String, Row, Row> {
  /** Index of a walk's own first column. */
  protected static final int OWN = 5;

  /** One document of the period: its id, story (its id when it has none) and outlet (null when none). */
  protected record Doc(String id, String story, String outlet) {}

  /** Documents, stories and outlets of one cell, the volumes every trend row carries. */
  protected static class Volume {
    public final Set<String> docs = new HashSet<>();
    public final Set<String> stories = new HashSet<>();
    public final Set<String> outlets = new HashSet<>();

    /** Counts document {@code d} in this cell. */
    public void count(Doc d) {
      docs.add(d.id());
      stories.add(d.story());
      if (d.outlet() != null) {
        outlets.add(d.outlet());
      }
    }
  }

  /** Makes an empty cell (a constructor reference, shipped with the walk to the executors). */
  protected interface Cells<C> extends java.io.Serializable {
    C make();
  }

  private final boolean outletlessSlice;
  private final Cells<C> cells;
  private long periodDocs;

  /**
   * @param outletlessSlice whether documents without an outlet form a slice of their own (outlet null); otherwise
   *     they count in {@link TrendSteps#ALL} only
   * @param cells makes an empty cell
   */
  protected PeriodWalk(boolean outletlessSlice, Cells<C> cells) {
    this.outletlessSlice = outletlessSlice;
    this.cells = cells;
  }

  /** The list in column {@code i} of {@code r}; empty when null (a document without facts of that kind). */
  protected static List<Row> list(Row r, int i) {
    return r.isNullAt(i) ? List.of() : r.getList(i);
  }

  /** Adds document row {@code r} (document {@code d}) to one slice: {@code cell.apply(key)} gives (and makes) a cell. */
  protected abstract void add(Row r, Doc d, Function<K, C> cell);

  /**
   * Adds the rows of one cell to {@code out}: {@code sliceDocs} is the number of documents of the slice in the
   * period.
   */
  protected abstract void emit(String grain, java.sql.Date period, String slice, long sliceDocs, K key, C cell,
      List<Row> out);

  /** The documents of the period, all outlets together (valid in {@link #emit}). */
  protected long periodDocs() {
    return periodDocs;
  }

  @Override
  public final Iterator<Row> call(String group, Iterator<Row> it) {
    Map<String, TreeMap<K, C>> bySliceCells = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
    Map<String, Set<String>> sliceDocs = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
    String grain = null;
    java.sql.Date period = null;
    while (it.hasNext()) {
      Row r = it.next();
      grain = r.getString(0);
      period = r.getDate(1);
      String doc = r.getString(2);
      Doc d = new Doc(doc, r.isNullAt(3) ? doc : r.getString(3), r.isNullAt(4) ? null : r.getString(4));
      String[] slices = d.outlet() != null || outletlessSlice ? new String[] {d.outlet(), TrendSteps.ALL}
          : new String[] {TrendSteps.ALL};
      for (String slice : slices) {
        sliceDocs.computeIfAbsent(slice, k -> new HashSet<>()).add(doc);
        TreeMap<K, C> bySlice = bySliceCells.computeIfAbsent(slice, k -> new TreeMap<>());
        add(r, d, k -> bySlice.computeIfAbsent(k, x -> cells.make()));
      }
    }
    periodDocs = sliceDocs.getOrDefault(TrendSteps.ALL, Set.of()).size();
    List<Row> out = new ArrayList<>();
    for (Map.Entry<String, Set<String>> s : sliceDocs.entrySet()) {
      long n = s.getValue().size();
      for (Map.Entry<K, C> c : bySliceCells.get(s.getKey()).entrySet()) {
        emit(grain, period, s.getKey(), n, c.getKey(), c.getValue(), out);
      }
    }
    return out.iterator();
  }

  /** The start (DATE) of the period of {@code dt} at the grain ({@code day}, {@code week} (Monday) or {@code month}). */
  public static Column periodStart(Column grain, Column dt) {
    return to_date(when(grain.equalTo("day"), date_trunc("day", dt))
        .when(grain.equalTo("week"), date_trunc("week", dt))
        .otherwise(date_trunc("month", dt)));
  }

  /**
   * {@code docs} (columns {@code doc_id}, {@code story_id}, {@code outlet}, {@code dt} and {@code own}) fanned out to
   * every grain: columns {@code grain, period_start, doc_id, story_id, outlet} and {@code own}; rows without a date
   * dropped.
   */
  public static Dataset<Row> byPeriod(Dataset<Row> docs, List<String> grains, String... own) {
    Column grainArr = array(grains.stream().map(functions::lit).toArray(Column[]::new));
    Column[] cols = Stream.concat(Stream.of("grain", "period_start", "doc_id", "story_id", "outlet"), Stream.of(own))
        .map(functions::col).toArray(Column[]::new);
    return docs.withColumn("grain", explode(grainArr))
        .withColumn("period_start", periodStart(col("grain"), col("dt")))
        .where(col("period_start").isNotNull())
        .select(cols);
  }

  /** One {@code walk} per (grain, period) of {@code byPeriod} rows, giving rows of schema {@code out}. */
  public static Dataset<Row> walk(Dataset<Row> byPeriod, PeriodWalk<?, ?> walk, StructType out) {
    return byPeriod.groupByKey((MapFunction<Row, String>) r -> r.getString(0) + "\t" + r.getDate(1),
            Encoders.STRING())
        .flatMapGroups(walk, Encoders.row(out));
  }
}
