#!/usr/bin/env bash
# Notices/s from ElasticMQ through the routes into the store, on H2 and on embedded PostgreSQL.
# Usage: bench/run-notice-bench.sh [notices=3000] [consumers=1]   (run from anywhere; uses the repo root)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-3000}"
C="${2:-1}"
mvn -B -q -DskipTests test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
CP="target/classes:target/test-classes:$(cat target/bench.classpath)"
for store in h2 pg; do
  java -Xmx1g -cp "$CP" bench/NoticeBench.java "$store" "$N" "$C" 2>&1 | grep -E "notice bench:|Exception" || true
done
