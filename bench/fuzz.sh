#!/usr/bin/env bash
# Fuzz bench (issue 20): corrupt 1% of the AllSides records in every way the record-level fixtures use, then check
# that records read = accepted + rejected, that each reason's count is the clean run's plus the injected, and that the
# records left alone come out the same.
#   bench/fuzz.sh            # all 37,554 articles, 1%
#   bench/fuzz.sh 5000 0.01  # the first N articles, rate
# Both runs use ingest, clean and dedupe only (the phases that accept or reject records), with
# input.max_doc_chars=200000 so an over-long body is cheap to make. Research-only data, read from ../shared/data.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${DEMARCHE_SHARED_DATA:-$ROOT/../shared/data}"
SRC="${DEMARCHE_ALLSIDES:-$SHARED/allsides_article_bias}"
WORK="${BENCH_DIR:-/tmp/demarche-bench}/fuzz"
N="${1:-all}"
RATE="${2:-0.01}"
[[ -d "$SRC" ]] || { echo "fuzz: AllSides corpus not found at $SRC (set DEMARCHE_SHARED_DATA)" >&2; exit 2; }
export DEMARCHE_DRIVER_MEMORY="${DEMARCHE_DRIVER_MEMORY:-4g}"
"$ROOT/bin/demarche" --version >/dev/null   # builds the jar once
rm -rf "$WORK"; mkdir -p "$WORK/clean-in"
set +o pipefail
if [[ "$N" == all ]]; then
  bzcat "$SRC"/allsides_*.jsonl.bz2 | split -l 5000 -d -a 3 --additional-suffix=.jsonl - "$WORK/clean-in/part-"
else
  bzcat "$SRC"/allsides_*.jsonl.bz2 | head -n "$N" | split -l 5000 -d -a 3 --additional-suffix=.jsonl - "$WORK/clean-in/part-"
fi
set -o pipefail
SETS=(-s actors.enabled=false -s stance.enabled=false -s text.enabled=false -s topics.enabled=false
  -s keyness.enabled=false -s trends.enabled=false -s input.max_doc_chars=200000)
CP="$ROOT/target/classes:$(cat "$ROOT/target/spark-classpath.txt")"
JOPTS=(-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true)
"$ROOT/bin/demarche" run --input "$WORK/clean-in" --output "$WORK/clean-out" "${SETS[@]}" > "$WORK/clean.log" 2>&1 \
  || { tail -30 "$WORK/clean.log"; exit 1; }
java "${JOPTS[@]}" -cp "$CP" "$ROOT/bench/FuzzBench.java" corrupt "$WORK/clean-in" "$WORK/clean-out" \
  "$WORK/fuzz-in" "$RATE" 42 2>"$WORK/corrupt.err" || { tail -20 "$WORK/corrupt.err"; exit 1; }
"$ROOT/bin/demarche" run --input "$WORK/fuzz-in" --output "$WORK/fuzz-out" "${SETS[@]}" > "$WORK/fuzz.log" 2>&1 \
  || { tail -30 "$WORK/fuzz.log"; exit 1; }
java "${JOPTS[@]}" -cp "$CP" "$ROOT/bench/FuzzBench.java" check "$WORK/clean-out" "$WORK/fuzz-out" "$WORK/fuzz-in" \
  2>"$WORK/check.err" || { tail -20 "$WORK/check.err"; exit 1; }
