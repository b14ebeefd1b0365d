#!/usr/bin/env bash
# Notices/s from ElasticMQ through the routes into the store, on H2 and on embedded PostgreSQL
# (issue 7; NOT part of the tests). Prints one line per store and writes bench/results/notices-<UTC>.md.
# Usage: bench/run-notice-bench.sh [notices=6000] [consumers=8]   (warm-up: -Dbench.warmup via WARMUP=2000)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-6000}"
C="${2:-8}"
WARMUP="${WARMUP:-2000}"
mvn -B -q -DskipTests test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
CP="target/classes:target/test-classes:$(cat target/bench.classpath)"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
LINES=""
for store in h2 pg; do
  line=$(java -Xmx1g -Dbench.warmup="$WARMUP" -cp "$CP" bench/NoticeBench.java "$store" "$N" "$C" 2>&1 \
         | grep -E "notice bench:" || true)
  echo "$line"
  LINES+="    ${line}"$'\n'
done
STAMP=$(date -u +%Y-%m-%dT%H%MZ)
mkdir -p bench/results
{
  echo "# Notice throughput, $STAMP"
  echo
  echo "Command: \`bench/run-notice-bench.sh $N $C\` (warm-up $WARMUP notices). Machine: $(nproc) cores"
  echo "($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/Mem:/ {print $2}') GiB RAM,"
  echo "$(java -version 2>&1 | head -1). Load average at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "SQS is ElasticMQ in a sandbox JVM of its own on the same cores; PostgreSQL is embedded (zonky),"
  echo "synchronous_commit on. Cold = the warm-up notices, queued before thaw starts (start-up and JIT"
  echo "included); warm = the next $N, timed from the restart of the stopped receive-notices route."
  echo
  echo "$LINES"
} > "bench/results/notices-$STAMP.md"
echo "written to bench/results/notices-$STAMP.md"
