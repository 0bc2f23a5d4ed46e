#!/usr/bin/env bash
# Benchmark: the whole job on the first N AllSides articles (research-only data, read from ../shared/data).
#   bench/run.sh                 # N = 5000, 20000 and all (37,554)
#   bench/run.sh 5000            # one size
# Prints, per N: documents/s, input MB/s, per-phase seconds and the driver's peak RSS (local[*] mode, so the
# driver JVM does all the work), and the per-document chain's MB/s (ingest to text: no topic fit, no writes) next to
# a single-thread raw scan of the same files (bench/RawScan.java) and their ratio. The N articles are written as
# uncompressed JSON Lines in chunks of 5,000 lines
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

printf '\n%-7s %8s %8s %9s %9s %10s %10s %9s %9s  %s\n' N accepted rejected seconds docs/s MB/s peak_RSS chainMB/s vs_scan phases
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
  phases=$(awk '/^  (ingest|clean|dedupe|actors|stance|text|topics|write|keyness|trends) /{printf "%s=%ss ", $1, $3}' "$log")
  # the per-document chain: ingest to text (no topic fit, no writes), against one thread's raw scan of the same files
  chain=$(awk '/^  (ingest|clean|dedupe|actors|stance|text) /{s += $3} END {print s}' "$log")
  scan=$("${JAVA_HOME:+$JAVA_HOME/bin/}java" "$ROOT/bench/RawScan.java" "$in" text | awk '{print $4}')
  chain_mbs=$(echo "$bytes / 1048576 / $chain" | bc -l)
  printf '%-7s %8s %8s %9.1f %9.1f %10.2f %8.2fGB %9.2f %8.3fx  %s\n' "$docs" "$accepted" "$rejected" "$secs" \
    "$(echo "$docs / $secs" | bc -l)" "$(echo "$bytes / 1048576 / $secs" | bc -l)" \
    "$(echo "$rss_kb / 1048576" | bc -l)" "$chain_mbs" "$(echo "$chain_mbs / $scan" | bc -l)" "$phases"
  echo "        raw scan (one thread: read, text field, lower-case, split, count): $scan MB/s"
done
echo "(wall seconds include JVM and Spark start-up, about 10-20 s; logs in $WORK/log-*.txt)"
