#!/usr/bin/env bash
# Notices/s from ElasticMQ through the routes into the store, on H2 and on embedded PostgreSQL
# (issue 7; NOT part of the tests). Prints one line per run and writes bench/results/notices-<UTC>.md.
# Usage: bench/run-notice-bench.sh [notices=6000] [consumers=8]
#   WARMUP=6000  notices handled before the timed phase (a big vault's instance runs for hours; the first
#                seconds of a fresh JVM, thaw's and the sandbox's, are the cold figure)
#   ROUNDS=3     runs per store; the table gives each run and the median
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-6000}"
C="${2:-8}"
WARMUP="${WARMUP:-6000}"
ROUNDS="${ROUNDS:-3}"
# thaw-core's classes and tests (NoticeBench uses its test fixtures); the sandbox runs from target/thaw.jar
mvn -B -q -DskipTests install
mvn -B -q -pl thaw-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/target/bench.classpath"
CP="thaw-core/target/classes:thaw-core/target/test-classes:$(cat target/bench.classpath)"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
LINES=""
MEDIANS=""
for store in h2 pg; do
  rates=""
  for round in $(seq 1 "$ROUNDS"); do
    line=$(java -Xmx1g -Dbench.warmup="$WARMUP" -cp "$CP" bench/NoticeBench.java "$store" "$N" "$C" 2>&1 \
           | grep -E "notice bench: store" || true)
    echo "$line"
    LINES+="    ${line}"$'\n'
    rates+="$(sed -n 's/.*warm: [0-9]* notices in [0-9.]* s = \([0-9]*\) notices\/s.*/\1/p' <<<"$line") "
  done
  median=$(tr ' ' '\n' <<<"$rates" | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : "n/a")}')
  MEDIANS+="| $store | $rates| $median |"$'\n'
  echo "$store: warm notices/s per run: $rates-> median $median"
done
STAMP=$(date -u +%Y-%m-%dT%H%MZ)
mkdir -p bench/results
{
  echo "# Notice throughput, $STAMP"
  echo
  echo "Command: \`bench/run-notice-bench.sh $N $C\` (warm-up $WARMUP notices, $ROUNDS rounds). Machine: $(nproc) cores"
  echo "($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/Mem:/ {print $2}') GiB RAM,"
  echo "$(java -version 2>&1 | head -1). Load average at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "SQS is ElasticMQ in a sandbox JVM of its own on the same cores, reached directly (thaw.aws.sqs-endpoint,"
  echo "as thaw reaches SQS; not through the sandbox's edge); PostgreSQL is embedded (zonky), synchronous_commit"
  echo "on. Cold = the warm-up notices, queued before thaw starts (start-up and JIT of thaw and of the sandbox"
  echo "included); warm = the next $N, queued while receive-notices is stopped, timed from its restart. CPU ms"
  echo "per warm notice: thaw's JVM, the sandbox's JVM (ElasticMQ) and PostgreSQL's processes."
  echo
  echo "| store | warm notices/s per run | median |"
  echo "|---|---|---|"
  printf '%s' "$MEDIANS"
  echo
  echo "$LINES"
} > "bench/results/notices-$STAMP.md"
echo "written to bench/results/notices-$STAMP.md"
