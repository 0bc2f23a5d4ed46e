#!/usr/bin/env bash
# Benchmark: a daily increment into a folder that already holds a history, against the same batch into an empty
# folder and against a full trend recomputation. AllSides articles (research-only, read from ../shared/data):
#   bench/increment.sh                # history = first 2,000 articles of 2012-2014, batch = 50 articles of 2018-2020
#   bench/increment.sh 20000 200      # history size, batch size
#   bench/increment.sh bar            # issue 20's bar: history = every article dated 2012-2019, batch = January 2020
# Prints the job's per-phase seconds of: (1) the history run, (2) the batch into the history folder, (3) the same
# batch into an empty folder, (4) `demarche trends` over the whole folder afterwards; then the ratio (2)/(3).
# With COMPARE=1 (the default in bar mode) it also runs (5) history and batch in one run and compares its tables
# with the folder fed batch after batch, row for row (bench/TableCompare.java; the differences to expect are listed
# in docs/operations.md, "A then B versus A+B").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${DEMARCHE_SHARED_DATA:-$ROOT/../shared/data}"
SRC="${DEMARCHE_ALLSIDES:-$SHARED/allsides_article_bias}"
WORK="${BENCH_DIR:-/tmp/demarche-increment}"
HISTORY="${1:-2000}"
COMPARE="${COMPARE:-$([[ "$HISTORY" == bar ]] && echo 1 || echo 0)}"
BATCH="${2:-50}"
[[ -d "$SRC" ]] || { echo "bench: AllSides corpus not found at $SRC (set DEMARCHE_SHARED_DATA to the shared-data folder, or DEMARCHE_ALLSIDES)" >&2; exit 2; }
rm -rf "$WORK"; mkdir -p "$WORK/history" "$WORK/batch"
set +o pipefail   # head closes the pipe early; bzcat's SIGPIPE is expected
if [[ "$HISTORY" == bar ]]; then
  bzcat "$SRC"/allsides_20*.jsonl.bz2 | grep -E '"date": "20(1[2-9])-' > "$WORK/history/history.jsonl"
  bzcat "$SRC/allsides_2018-2020.jsonl.bz2" | grep -E '"date": "2020-01-' > "$WORK/batch/day.jsonl"
  HISTORY="$(wc -l < "$WORK/history/history.jsonl") (2012-2019)"
  BATCH="$(wc -l < "$WORK/batch/day.jsonl") (January 2020)"
else
  bzcat "$SRC/allsides_2012-2014.jsonl.bz2" | head -n "$HISTORY" > "$WORK/history/history.jsonl"
  bzcat "$SRC/allsides_2018-2020.jsonl.bz2" | head -n "$BATCH" > "$WORK/batch/day.jsonl"
fi
set -o pipefail
export DEMARCHE_DRIVER_MEMORY="${DEMARCHE_DRIVER_MEMORY:-4g}"   # the benchmarks' corpora need more than the default heap
"$ROOT/bin/demarche" --version >/dev/null   # builds the jar once, outside the timings

phases() {  # phases LOG: the job's per-phase seconds and total from the run summary
  awk '/^  phase /{on=1; next} on && /^  records read/{exit} on {printf "%s=%s ", $1, $(NF>3 ? 3 : 2)}' "$1"
  echo
}
secs_of() { awk '/^  total /{print $2}' "$1"; }

"$ROOT/bin/demarche" run --input "$WORK/history" --output "$WORK/out" > "$WORK/1-history.txt" 2>&1
echo "(1) history ($HISTORY articles):      $(phases "$WORK/1-history.txt")"
echo "    batch: $BATCH articles"
"$ROOT/bin/demarche" run --input "$WORK/batch" --output "$WORK/out" > "$WORK/2-increment.txt" 2>&1
echo "(2) batch into the history folder:  $(phases "$WORK/2-increment.txt")"
"$ROOT/bin/demarche" run --input "$WORK/batch" --output "$WORK/empty" > "$WORK/3-empty.txt" 2>&1
echo "(3) batch into an empty folder:     $(phases "$WORK/3-empty.txt")"
# (5) before (4), so the trend tables compared are the ones the batch brought up to date
if [[ "$COMPARE" == 1 ]]; then
  "$ROOT/bin/demarche" run --input "$WORK/history" --input "$WORK/batch" --output "$WORK/both" > "$WORK/5-both.txt" 2>&1
  echo "(5) history and batch in one run:   $(phases "$WORK/5-both.txt")"
  echo "tables of (1)+(2) against (5):"
  "${JAVA_HOME:+$JAVA_HOME/bin/}java" --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
    --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -cp "$(cat "$ROOT/target/spark-classpath.txt")" "$ROOT/bench/TableCompare.java" \
    "$WORK/out" "$WORK/both" 2>/dev/null | sed 's/^/  /'
fi
start=$(date +%s.%N)
"$ROOT/bin/demarche" trends --output "$WORK/out" > "$WORK/4-trends.txt" 2>&1
end=$(date +%s.%N)
printf '(4) demarche trends, whole folder:  %.1f s wall (JVM start included)\n' "$(echo "$end - $start" | bc -l)"
printf 'increment / empty-folder job time: %.2f\n' "$(echo "$(secs_of "$WORK/2-increment.txt") / $(secs_of "$WORK/3-empty.txt")" | bc -l)"
