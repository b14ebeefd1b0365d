#!/usr/bin/env bash
# Benchmark of `thaw plan` on generated inventories (issue 6). Run from the repo root after
# `mvn -B package -DskipTests`. Writes target/bench/*; prints elapsed seconds and peak RSS per run.
#   bench/plan-bench.sh [archives=1000000] [heap=512m]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
heap=${2:-512m}
mkdir -p target/bench
if [ ! -f "target/bench/inventory-$n.json" ]; then
  java bench/GenerateInventory.java "$n" "target/bench/inventory-$n"
fi
ls -l "target/bench/inventory-$n.json" "target/bench/inventory-$n.csv"
for f in json csv; do
  /usr/bin/time -f "$f: $n archives, -Xmx$heap: elapsed %e s, peak RSS %M KB" \
    java "-Xmx$heap" -jar target/thaw.jar plan --vault bench --inventory "target/bench/inventory-$n.$f" --json \
    > "target/bench/plan-$n-$f.json" 2> "target/bench/time-$n-$f.txt"
  tail -1 "target/bench/time-$n-$f.txt"
done
