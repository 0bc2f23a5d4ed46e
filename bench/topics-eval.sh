#!/usr/bin/env bash
# Benchmark of the topic engines against MALLET on the same tokens, in one run: `demarche evaluate topics --mallet`
# with the test classpath (MALLET is a test-scope dependency, never in the jar).
#   bench/topics-eval.sh                               # all AllSides articles, k = 50: gibbs 300 it., online 20 it.,
#                                                      # MALLET 1000 it., 5 Gibbs seeds, refit +10%
#   bench/topics-eval.sh --input FILE --set topics.k=20 --engines gibbs --limit 5000
# Every argument is passed to `evaluate topics`; the defaults below are used only when no argument is given.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SHARED="${DEMARCHE_SHARED_DATA:-$ROOT/../shared/data}"
CP_FILE="${BENCH_DIR:-/tmp/demarche-bench}/topics-classpath.txt"
mkdir -p "$(dirname "$CP_FILE")"
mvn -q -o test-compile
mvn -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
OPTS="$(sed -n 's:.*<spark.module.options>\(.*\)</spark.module.options>.*:\1:p' pom.xml)"
if (($# == 0)); then
  set -- --input "$SHARED/allsides_article_bias" --set topics.k=50 --set topics.iterations=300 \
    --engines gibbs --mallet --mallet-iterations 1000 --seeds 5 --refit-new-share 0.1
fi
export OPENBLAS_NUM_THREADS=1
/usr/bin/time -f "wall %e s, peak RSS %M KB" java $OPTS -Ddev.ludovic.netlib.blas.allowNative=false -Xmx${BENCH_XMX:-12g} \
  -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" -Ddemarche.repo="$ROOT" \
  -cp "target/classes:target/test-classes:$(cat "$CP_FILE")" org.demarche.Main evaluate topics "$@"
