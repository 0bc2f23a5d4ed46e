#!/usr/bin/env bash
# Driver heap of the Gibbs topic fit as the corpus grows, on a real standalone cluster: one Master and two Workers
# (1 core each, the machine's 2 cores) started from the build's jars, so the executors run in their own JVMs and the
# heap measured is the driver's alone. (In local mode the executors share the driver's JVM and its heap.)
#   bench/topics-heap.sh                 # the first 5,000, 10,000 and 20,000 AllSides articles
#   bench/topics-heap.sh 9388 18777 37554
# Each size runs `demarche evaluate topics --engines gibbs` (k = 50, TOPICS_ITERATIONS sweeps, default 50) through
# SparkSubmit in client mode with a DRIVER_XMX (default 2g) driver, and prints the driver's peak heap after GC (the
# largest heap still in use right after a collection during the fit) next to the corpus size.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SHARED="${DEMARCHE_SHARED_DATA:-$ROOT/../shared/data}"
INPUT="${INPUT:-$SHARED/allsides_article_bias}"
ITER="${TOPICS_ITERATIONS:-50}"
SIZES=("$@")
((${#SIZES[@]})) || SIZES=(5000 10000 20000)
WORK="$(mktemp -d /tmp/demarche-heap.XXXXXX)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

[[ -f target/demarche-0.1.0.jar && -f target/spark-classpath.txt ]] || mvn -B -q -o -DskipTests package
OPTS="$(sed -n 's:.*<spark.module.options>\(.*\)</spark.module.options>.*:\1:p' pom.xml)"
# A throwaway SPARK_HOME: the Worker builds the executor command from $SPARK_HOME/jars/*.
mkdir -p "$WORK/spark-home/jars"
tr ':' '\n' < target/spark-classpath.txt | while read -r j; do
  [[ -f "$j" ]] && ln -sf "$j" "$WORK/spark-home/jars/$(basename "$j")"
done
export SPARK_HOME="$WORK/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 OPENBLAS_NUM_THREADS=1
CP="$SPARK_HOME/jars/*"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
MP=$(port); MUI=$(port)
DAEMON="-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dspark.port.maxRetries=0"
# shellcheck disable=SC2086
java $OPTS $DAEMON -Dspark.master.rest.enabled=false -cp "$CP" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$MP" --webui-port "$MUI" > "$WORK/master.log" 2>&1 &
PIDS+=($!)
for i in 1 2; do
  mkdir -p "$WORK/w$i"
  # shellcheck disable=SC2086
  java $OPTS $DAEMON -cp "$CP" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port "$(port)" \
    --webui-port "$(port)" --cores 1 --memory "${WORKER_MEMORY:-5g}" --work-dir "$WORK/w$i" \
    "spark://127.0.0.1:$MP" > "$WORK/worker$i.log" 2>&1 &
  PIDS+=($!)
done
for _ in $(seq 1 120); do
  n=$(curl -s "http://127.0.0.1:$MUI/json/" | python3 -c 'import json,sys; print(sum(w["state"]=="ALIVE" for w in json.load(sys.stdin)["workers"]))' 2>/dev/null || echo 0)
  ((n >= 2)) && break
  sleep 1
done
echo "cluster: spark://127.0.0.1:$MP, 2 workers (1 core, ${WORKER_MEMORY:-5g} each); logs in $WORK"

printf '%-8s %-12s %-10s %-16s %-16s %s\n' docs tokens fit_s peak_heap_MB heap_after_GC_MB "(driver -Xmx${DRIVER_XMX:-2g})"
for n in "${SIZES[@]}"; do
  log="$WORK/driver-$n.log"
  # shellcheck disable=SC2086
  java $OPTS -Xmx"${DRIVER_XMX:-2g}" -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
    -cp "$CP:target/demarche-0.1.0.jar" org.apache.spark.deploy.SparkSubmit \
    --master "spark://127.0.0.1:$MP" --deploy-mode client --name "demarche-topics-heap-$n" \
    --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 --conf spark.ui.enabled=false \
    --conf spark.ui.showConsoleProgress=false --conf spark.executorEnv.OPENBLAS_NUM_THREADS=1 \
    --conf spark.sql.shuffle.partitions=4 --executor-memory "${EXECUTOR_MEMORY:-4g}" \
    --class org.demarche.Main target/demarche-0.1.0.jar \
    evaluate topics --input "$INPUT" --limit "$n" --engines gibbs \
    --set topics.k=50 --set topics.iterations="$ITER" > "$log" 2> "$WORK/driver-$n.err" \
    || { echo "size $n failed; see $log and $WORK/driver-$n.err"; tail -20 "$WORK/driver-$n.err"; exit 1; }
  python3 - "$log" "$n" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
corpus = re.search(r"corpus: ([\d,]+) documents, ([\d,]+) tokens", text)
g = re.search(r"gibbs .*fit ([\d.]+) s .*peak heap ([\d,]+) MB  peak heap after GC ([\d,]+) MB", text)
print(f"{corpus.group(1):<8} {corpus.group(2):<12} {g.group(1):<10} {g.group(2):<16} {g.group(3):<16}")
EOF
done
