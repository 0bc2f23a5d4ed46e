#!/usr/bin/env bash
# Benchmark: the whole job on the first N AllSides articles (research-only data, read from ../shared/data).
#   bench/run.sh                 # N = 5000, 20000 and all (37,554)
#   bench/run.sh 5000            # one size
# Prints, per N: documents/s, input MB/s, per-phase seconds and the driver's peak RSS (local[*] mode, so the
# driver JVM does all the work). The N articles are written as uncompressed JSON Lines in chunks of 5,000 lines
# (like a folder of daily files), so the read is parallel.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${DEMARCHE_SHARED_DATA:-$ROOT/../shared/data}"
SRC="${DEMARCHE_ALLSIDES:-$SHARED/allsides_article_bias}"
WORK="${BENCH_DIR:-/tmp/demarche-bench}"
SIZES=("$@")
[[ ${#SIZES[@]} -eq 0 ]] && SIZES=(5000 20000 all)
[[ -d "$SRC" ]] || { echo "bench: AllSides corpus not found at $SRC (set DEMARCHE_SHARED_DATA to the shared-data folder, or DEMARCHE_ALLSIDES)" >&2; exit 2; }
mkdir -p "$WORK"

export DEMARCHE_DRIVER_MEMORY="${DEMARCHE_DRIVER_MEMORY:-4g}"   # the benchmarks' corpora need more than the default heap
"$ROOT/bin/demarche" --version >/dev/null   # builds the jar once, outside the timings

printf '\n%-7s %8s %8s %9s %9s %10s %10s  %s\n' N accepted rejected seconds docs/s MB/s peak_RSS phases
for n in "${SIZES[@]}"; do
  in="$WORK/in-$n"; out="$WORK/out-$n"
  rm -rf "$in" "$out"; mkdir -p "$in"
  set +o pipefail   # head closes the pipe early; bzcat's SIGPIPE is expected
  if [[ "$n" == all ]]; then
    bzcat "$SRC"/allsides_*.jsonl.bz2 | split -l 5000 -d -a 3 --additional-suffix=.jsonl - "$in/part-"
  else
    bzcat "$SRC"/allsides_*.jsonl.bz2 | head -n "$n" | split -l 5000 -d -a 3 --additional-suffix=.jsonl - "$in/part-"
  fi
  set -o pipefail
  docs=$(cat "$in"/*.jsonl | wc -l)
  bytes=$(cat "$in"/*.jsonl | wc -c)
  log="$WORK/log-$n.txt"
  start=$(date +%s.%N)
  /usr/bin/time -v "$ROOT/bin/demarche" run --input "$in" --output "$out" >"$log" 2>&1 || { tail -50 "$log"; exit 1; }
  end=$(date +%s.%N)
  secs=$(echo "$end - $start" | bc -l)
  rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
  accepted=$(sed -n 's/.*records read [0-9,]* = accepted \([0-9,]*\) + rejected \([0-9,]*\).*/\1/p' "$log" | tr -d ,)
  rejected=$(sed -n 's/.*records read [0-9,]* = accepted \([0-9,]*\) + rejected \([0-9,]*\).*/\2/p' "$log" | tr -d ,)
  phases=$(awk '/^  (ingest|clean|dedupe|actors|stance|text|topics|write|trends) /{printf "%s=%ss ", $1, $3}' "$log")
  printf '%-7s %8s %8s %9.1f %9.1f %10.2f %8.2fGB  %s\n' "$docs" "$accepted" "$rejected" "$secs" \
    "$(echo "$docs / $secs" | bc -l)" "$(echo "$bytes / 1048576 / $secs" | bc -l)" \
    "$(echo "$rss_kb / 1048576" | bc -l)" "$phases"
done
echo "(wall seconds include JVM and Spark start-up, about 10-20 s; logs in $WORK/log-*.txt)"
