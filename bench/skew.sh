#!/usr/bin/env bash
# Skew bench (issue 20): one outlet with 80% of the articles must not leave a straggler task. The first N AllSides
# articles (default 5000; "all" for the whole corpus) with 4 of every 5 relabelled to one outlet, run through the
# whole job; prints, per phase, its most uneven stage (longest over median task run time, stages of >= 4 tasks;
# stages whose longest task is under 0.2 s are too short to matter and are marked so) from the run's log.
#   bench/skew.sh [N]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${DEMARCHE_SHARED_DATA:-$ROOT/../shared/data}"
SRC="${DEMARCHE_ALLSIDES:-$SHARED/allsides_article_bias}"
WORK="${BENCH_DIR:-/tmp/demarche-bench}/skew"
N="${1:-5000}"
[[ -d "$SRC" ]] || { echo "skew: AllSides corpus not found at $SRC (set DEMARCHE_SHARED_DATA)" >&2; exit 2; }
export DEMARCHE_DRIVER_MEMORY="${DEMARCHE_DRIVER_MEMORY:-4g}"
"$ROOT/bin/demarche" --version >/dev/null
rm -rf "$WORK"; mkdir -p "$WORK/in"
set +o pipefail
if [[ "$N" == all ]]; then bzcat "$SRC"/allsides_*.jsonl.bz2; else bzcat "$SRC"/allsides_*.jsonl.bz2 | head -n "$N"; fi \
  | awk '{ if (NR % 5 != 0) sub(/"source": "[^"]*"/, "\"source\": \"One Big Outlet\""); print }' \
  | split -l 5000 -d -a 3 --additional-suffix=.jsonl - "$WORK/in/part-"
set -o pipefail
"$ROOT/bin/demarche" run --input "$WORK/in" --output "$WORK/out" > "$WORK/run.txt" 2>&1 || { tail -30 "$WORK/run.txt"; exit 1; }
log=$(grep -o 'log: .*' "$WORK/run.txt" | tail -1 | cut -c6-)
echo "skew bench: $N articles, 80% relabelled to one outlet; log $log"
grep -o 'task spread of .*' "$log" | sed 's/^task spread of //' | awk '{
  n = split($0, f, "max/median "); r = f[n] + 0; m = match($0, /max [0-9.]+ s/); mx = substr($0, RSTART + 4, RLENGTH - 6) + 0;
  flag = (mx < 0.2) ? "(short)" : (r <= 3 ? "ok" : "OVER 3x");
  printf "  %-70s %s\n", $0, flag }'
