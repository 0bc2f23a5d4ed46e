#!/usr/bin/env bash
# Story threads and framing on AllSides (research-only data, read from ../shared/data; issue 21's bars).
#   bench/threads.sh             # all 37,554 articles
#   bench/threads.sh 5000        # the first N
# Runs the whole job with the AllSides outlet label as an outlet attribute (outlets.fields=lean=bias_text,
# framing.groups=outlet,lean), then prints:
#   - demarche evaluate threads --output: thread counts by size, purity (bar >= 0.90) and reach (bar >= 0.30);
#   - demarche evaluate framing --output: the monthly Trump and Obama tone tables, left against right (bar 80%);
#   - the cost of thread building (the threads phase and the story_threads write) as a share of the job (bar <= 15%),
#     and of the framing tables (in the trends phase).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${DEMARCHE_SHARED_DATA:-$ROOT/../shared/data}"
SRC="$SHARED/allsides_article_bias"
WORK="${BENCH_DIR:-/tmp/demarche-bench}"
N="${1:-all}"
[[ -d "$SRC" ]] || { echo "bench: AllSides corpus not found at $SRC (set DEMARCHE_SHARED_DATA)" >&2; exit 2; }
export DEMARCHE_SHARED_DATA="$SHARED"
export DEMARCHE_DRIVER_MEMORY="${DEMARCHE_DRIVER_MEMORY:-6g}"
"$ROOT/bin/demarche" --version >/dev/null
in="$WORK/threads-in-$N"; out="$WORK/threads-out-$N"; log="$WORK/threads-log-$N.txt"
rm -rf "$in" "$out"; mkdir -p "$in"
set +o pipefail
if [[ "$N" == all ]]; then
  bzcat "$SRC"/allsides_*.jsonl.bz2 | split -l 5000 -d -a 3 --additional-suffix=.jsonl - "$in/part-"
else
  bzcat "$SRC"/allsides_*.jsonl.bz2 | head -n "$N" | split -l 5000 -d -a 3 --additional-suffix=.jsonl - "$in/part-"
fi
set -o pipefail
"$ROOT/bin/demarche" run --input "$in" --output "$out" --set outlets.fields=lean=bias_text \
  --set framing.groups=outlet,lean >"$log" 2>&1 || { tail -40 "$log"; exit 1; }
grep -E '^  (total|threads|write|trends) ' "$log"
runlog=$(sed -n 's/^  log: //p' "$log")
total=$(awk '/^  total /{print $2}' "$log")
threads=$(awk '/^  threads /{print $3}' "$log")
wthreads=$(sed -n 's/.*write: story_threads in \([0-9.]*\) s.*/\1/p' "$runlog" | tail -1)
framing=$(sed -n 's/.*trends: framing in \([0-9.]*\) s.*/\1/p; s/.*trends: framing_divergence in \([0-9.]*\) s.*/\1/p' \
  "$runlog" | awk '{s += $1} END {print s + 0}')
printf 'thread building: threads phase %s s + story_threads write %s s = %.1f%% of the job (%s s; bar <= 15%%)\n' \
  "$threads" "${wthreads:-0}" "$(echo "($threads + ${wthreads:-0}) * 100 / $total" | bc -l)" "$total"
printf 'framing tables: %s s = %.1f%% of the job\n' "$framing" "$(echo "$framing * 100 / $total" | bc -l)"
"$ROOT/bin/demarche" evaluate threads --output "$out"
"$ROOT/bin/demarche" evaluate framing --output "$out"
