#!/usr/bin/env bash
# Scale of the run store (issue 15; NOT part of the tests): queues a run of N archives from a generated
# inventory into H2 (thaw's file URL) and embedded PostgreSQL, times the queuing, `thaw status --report RUN`
# and the pacer's statements, heap and RSS. Writes bench/results/store-scale-<UTC>.md.
# Usage: bench/run-store-scale.sh [N...]   (default: 100000 1000000)
#   STORES="h2 pg"   which stores;  MVN_REPO=/path  a -Dmaven.repo.local for the build
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES="${*:-100000 1000000}"
STORES="${STORES:-h2 pg}"
MVN=(mvn -B -q ${MVN_REPO:+-Dmaven.repo.local=$MVN_REPO})
# thaw-core's classes and tests' class path (embedded PostgreSQL is a test dependency)
"${MVN[@]}" -DskipTests install
"${MVN[@]}" -pl thaw-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/target/bench.classpath"
CP="thaw-core/target/classes:thaw-core/target/test-classes:$(cat target/bench.classpath)"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
LINES=""
PLANS=""
for n in $SIZES; do
  inv="target/bench/store-scale-inventory-$n"
  [ -f "$inv.json" ] || java bench/GenerateInventory.java "$n" "$inv" >/dev/null
  for store in $STORES; do
    out=$(java -Xmx512m -cp "$CP" bench/StoreScaleBench.java "$store" "$inv.json" 2>&1) || true
    line=$(grep -E "^store scale:" <<<"$out" || echo "store scale: store $store, $n items: FAILED: $(tail -5 <<<"$out")")
    # What a user runs: the report command on the H2 file the bench left (half started), three times.
    # (The embedded PostgreSQL server ends with the bench's JVM.)
    url="" run_id=""
    read -r _ _ url _ run_id < <(grep -E "^store url: jdbc:h2:" <<<"$out") || true  # none for PostgreSQL
    if [ -n "${url:-}" ] && [ -f target/thaw.jar ]; then
      cmd=()
      for _ in 1 2 3; do
        /usr/bin/time -f "%e" -o target/bench/status-time.txt java -Dthaw.store.url="$url" -jar target/thaw.jar \
          status --report "$run_id" >/dev/null 2>&1 || echo "failed" >target/bench/status-time.txt
        cmd+=("$(tail -1 target/bench/status-time.txt)")
      done
      line+="; command \`thaw status --report\` (half started) $(IFS=/; echo "${cmd[*]}") s"
    fi
    echo "$line"
    LINES+="    N=$n ${line}"$'\n'
    PLANS+="N=$n, $store:"$'\n'"$(sed -n '/^run R-bench/,/^store scale:/p' <<<"$out" | grep -v '^store scale:' | sed -e "s|$PWD/||g" -e 's/^/    /')"$'\n\n'
  done
done
STAMP=$(date -u +%Y-%m-%dT%H%MZ)
mkdir -p bench/results
{
  echo "# Run store scale, $STAMP"
  echo
  echo "Command: \`bench/run-store-scale.sh $SIZES\` (stores: $STORES, -Xmx512m). Machine: $(nproc) cores"
  echo "($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/Mem:/ {print $2}') GiB RAM,"
  echo "$(java -version 2>&1 | head -1). Load average at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "Code: commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- thaw-core bench || echo ' with local changes')."
  echo
  echo "Queue = RunPlanner.plan over a GenerateInventory JSON (two streaming passes, multi-row inserts of 500,"
  echo "each committed) + the caps check's queuedStats + the run's move to RUNNING, as a \"select\" request does."
  echo "Report = RunReport.of + its text, what \`thaw status --report RUN\` does after opening the store (3 calls:"
  echo "cold, warm, warm; H2 caches a repeated query's result). Then the first half of the queue moves to STARTED,"
  echo "each with a job (one in ten REQUESTED, in flight; the rest DELIVERED), and the report is timed again. Pacer next-200 ="
  echo "RunItems.queued(run, 200); budget tally = RunItems.started(run); window = bytesStartedSince(now-24h)."
  echo "Command = the user's \`java -jar target/thaw.jar status --report RUN\` on the H2 file the bench left"
  echo "(half started), three times: JVM start, store open and report."
  echo
  echo '```'
  printf '%s' "$LINES"
  echo '```'
  echo
  echo "## Reports and query plans"
  echo
  echo '```'
  printf '%s' "$PLANS"
  echo '```'
} > "bench/results/store-scale-$STAMP.md"
echo "written to bench/results/store-scale-$STAMP.md"
