#!/usr/bin/env bash
# Benchmark: MALLET (reference topic model, test scope) on the first N AllSides documents, tokens from the job's text
# stages, scored by TopicDiagnostics (org.demarche.topics.TopicEvalBench, a main in the test sources).
#   bench/topics.sh                          # N = 5000, 200 iterations, k = 50, one seed
#   bench/topics.sh 5000 200 50 2            # ... and a second seed: TopicStability and the alignment cosines
#   bench/topics.sh N ITERATIONS K SEEDS [FILE]
# Prints wall times, mean NPMI / UMass, diversity, a random-assignment baseline and each topic's label.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CP_FILE="${BENCH_DIR:-/tmp/demarche-bench}/topics-classpath.txt"
mkdir -p "$(dirname "$CP_FILE")"
mvn -q -o test-compile
mvn -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
# Spark's module flags, from the pom (the same list surefire and bin/demarche use)
OPTS="$(sed -n 's:.*<spark.module.options>\(.*\)</spark.module.options>.*:\1:p' pom.xml)"
export OPENBLAS_NUM_THREADS=1
exec java $OPTS -Ddev.ludovic.netlib.blas.allowNative=false -Xmx${BENCH_XMX:-6g} \
  -Ddemarche.repo="$ROOT" \
  -cp "target/classes:target/test-classes:$(cat "$CP_FILE")" org.demarche.topics.TopicEvalBench "$@"
