#!/usr/bin/env bash
# Whole-vault run through the routes (issue 15), NOT part of the tests:
#
#   mvn -B package -DskipTests && bench/run-vault.sh [N=10000] [heap=512m]
#
# Starts `thaw sandbox` (every tier's job delay 1 s), uploads N small archives (1-4 KiB) to vault
# "bench" with bench/VaultSetup.java, starts `java -Xmx<heap> -jar target/thaw.jar run` (H2 store,
# default pace) and drops one request {"select": {"all": true, "inventory": "retrieve"}, Bulk, to a
# folder}. Samples every 2 s: files delivered, thaw's and the sandbox's CPU seconds, RSS and thaw's
# heap used (the most the heap held before a collection since the last sample, from thaw's GC log:
# no process is started to ask, so the sampling takes no CPU from the run). Archives/s = N / (time of the last
# delivery - time the request was dropped); a delivery's time is its file's status-change time, which the rename
# into place sets (the 2 s sample that saw the last file came up to 2 s later; the modification time may be the
# archive's own, taken from its description). JFR=1 records a profile of thaw (target/bench/vault-N.jfr) and of the sandbox
# (target/bench/sandbox-N.jfr). NMT=1 runs thaw with -XX:NativeMemoryTracking=summary and adds
# its native memory summary at the last delivery (heap committed, metaspace, threads, GC, ...).
# STORE=pg runs the store on an embedded PostgreSQL server (bench/Postgres.java, zonky, built from
# thaw-core's test class path with mvn) instead of H2, and adds the server's CPU ("store CPU s").
# H2_OPTIONS=";WRITE_DELAY=500" appends settings to the H2 URL; H2_URL replaces it (e.g.
# "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1": no file at all, the bound of any commit strategy). Neither is a
# supported way to run thaw: they measure what the store's durability costs.
# THAW_JAVA_OPTS / SANDBOX_JAVA_OPTS add JVM options to thaw's / the sandbox's command line (e.g. a compiler
# directive file, to measure what the JIT costs); SANDBOX_ARGS adds options to `thaw sandbox` (e.g.
# --full-jit); SQS_DIRECT=1 sends thaw's SQS calls to the sandbox's ElasticMQ directly (thaw.aws.sqs-endpoint,
# as SQS has an endpoint of its own on AWS) instead of through the sandbox's edge, which forwards each one.
# The result also lists the requests the sandbox served, per operation and per delivered archive, and what thaw
# wrote to files (the store, staging, deliveries: /proc's write_bytes, counted as the page cache is dirtied).
# The result also splits thaw's and the sandbox's CPU by thread (jcmd Thread.print before the request and at the
# last delivery): the JIT's compiler threads, the notice workers, the pacer, ...
# WARM=1 first runs the same whole-vault run on a second vault ("warm", delivered to another folder) in the same
# thaw process, then measures the run on "bench": a run submitted to a service that has run before, its JIT warm.
# Reported beside the default (a run right after thaw started), never instead of it.
# THAW_JAVA=/path/to/bin/java runs thaw (not the sandbox) on another JVM, e.g. Java 25 with THAW_JAVA_OPTS=
# "-XX:AOTCache=…" (what bin/thaw does once bin/thaw-cds has trained a cache): reported beside Java 17.
# KEEP=1 keeps the work folder (logs, store) and prints it; THAW_LOG_LEVEL=INFO makes thaw's log in it say more.
# STORE_BYTES=1 (H2 file store) adds what the store's file holds by table and index once thaw has stopped
# (bench/StoreBytes.java: for a run shorter than about a minute, what the run wrote to it).
# Writes bench/results/vault-<N>-<UTC>.md (vault-<N>-pg-<UTC>.md with STORE=pg).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
HEAP=${2:-512m}
JAR=${JAR:-target/thaw.jar}
THAW_JAVA=${THAW_JAVA:-java}
THAW_JCMD=jcmd; [ "$THAW_JAVA" != java ] && THAW_JCMD=${THAW_JAVA%/java}/jcmd
[ -f "$JAR" ] || { echo "missing $JAR — run: mvn -B package -DskipTests" >&2; exit 2; }
# which jar ran, for the result file: read now, as target/thaw.jar may be rebuilt while this runs
JAR_ID="\`$JAR\` (sha256 $(sha256sum "$JAR" | cut -c1-12), built $(date -u -r "$JAR" +%FT%TZ); checkout at $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- . 2>/dev/null || echo ', with uncommitted changes'))"
WORK=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/thaw-vault.XXXXXX")
SANDBOX_PID= THAW_PID= PG_PID=
STORE=${STORE:-h2}
cleanup() {
  [ -n "$THAW_PID" ] && kill "$THAW_PID" 2>/dev/null
  [ -n "$PG_PID" ] && kill "$PG_PID" 2>/dev/null
  [ -n "$SANDBOX_PID" ] && kill "$SANDBOX_PID" 2>/dev/null
  wait 2>/dev/null; if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
TICK=$(getconf CLK_TCK)
cpu_of() { awk -v t="$TICK" '{ printf "%.1f", ($14 + $15) / t }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# delta FROM TO [DIVISOR] [FORMAT]: (TO - FROM) / DIVISOR, printed with FORMAT (%.1f)
delta() { awk -v a="$1" -v b="$2" -v d="${3:-1}" -v f="${4:-%.1f}" 'BEGIN { printf f, (b - a) / d }'; }
# bytes the process has written to files (H2's file, staging, deliveries), counted as it dirties the page cache:
# a page written again while it is still dirty counts once
wbytes_of() { awk '/^write_bytes/ { print $2 }' "/proc/$1/io" 2>/dev/null || echo 0; }
rss_of() { awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0; }
# HEAP_PEAK: the heap used before the largest collection since the previous call (MB), from the GC log's
# "<before>M-><after>M" figures; a function setting a variable, as a $(...) subshell would lose GC_LINES
GC_LINES=0 HEAP_PEAK=0
heap_peak() { local f=$WORK/gc.log n; HEAP_PEAK=0; [ -f "$f" ] || return 0
  n=$(wc -l <"$f"); HEAP_PEAK=$(awk -v from="$GC_LINES" 'NR > from && match($0, /[0-9]+M->/) {
    v = substr($0, RSTART, RLENGTH - 3) + 0; if (v > m) m = v } END { print m + 0 }' "$f"); GC_LINES=$n; }

SB_JFR_OPT=()
[ "${JFR:-0}" = 1 ] && { mkdir -p target/bench; SB_JFR_OPT=("-XX:StartFlightRecording=filename=$PWD/target/bench/sandbox-$N.jfr,settings=profile"); }
java ${SANDBOX_JAVA_OPTS:-} "${SB_JFR_OPT[@]}" -jar "$JAR" sandbox --port 0 --data "$WORK/sandbox" --job-delay Expedited=1s,Standard=1s,Bulk=1s ${SANDBOX_ARGS:-} \
  >"$WORK/sandbox.log" 2>&1 &
SANDBOX_PID=$!
for _ in $(seq 1 120); do
  EP=$(sed -n 's/^thaw sandbox: endpoint //p' "$WORK/sandbox.log" | head -1)
  [ -n "$EP" ] && break; sleep 0.5
done
[ -n "$EP" ] || { cat "$WORK/sandbox.log"; echo "sandbox did not start" >&2; exit 1; }
echo "sandbox at $EP; uploading $N archives"
java -cp "$JAR" bench/VaultSetup.java "$EP" "$N" "$WORK/wiring.properties"
[ "${WARM:-0}" = 1 ] && java -cp "$JAR" bench/VaultSetup.java "$EP" "$N" "$WORK/warm-wiring.properties" warm

STORE_URL="${H2_URL:-jdbc:h2:file:$WORK/db${H2_OPTIONS:-}}"; STORE_CREDS=()
if [ "$STORE" = pg ]; then
  mvn -B -q -pl thaw-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/pg.classpath"
  java -cp "thaw-core/target/test-classes:$(cat "$WORK/pg.classpath")" bench/Postgres.java >"$WORK/pg.log" 2>&1 &
  PG_PID=$!
  for _ in $(seq 1 120); do STORE_URL=$(sed -n 's/^postgres: //p' "$WORK/pg.log"); [ -n "$STORE_URL" ] && break; sleep 0.5; done
  [ -n "$STORE_URL" ] || { cat "$WORK/pg.log"; echo "postgres did not start" >&2; exit 1; }
  STORE_CREDS=("thaw.store.user=postgres" "thaw.store.password=postgres")
  echo "postgres at $STORE_URL"
fi
# CPU of the PostgreSQL server's processes (0 for H2, which runs inside thaw)
store_cpu() { [ "$STORE" = pg ] || { echo 0; return; }
  for p in /proc/[0-9]*; do if [ "$(cat "$p/comm" 2>/dev/null)" = postgres ]; then cat "$p/stat"; fi; done 2>/dev/null \
    | awk -v t="$TICK" '{ c += $14 + $15 } END { printf "%.1f", c / t }'; }
CFG="$WORK/thaw.properties"
{ cat "$WORK/wiring.properties"  # the defaults are built in (io.thaw.config.Catalog)
  printf '%s\n' "thaw.store.url=$STORE_URL" "${STORE_CREDS[@]}" "thaw.inbox=$WORK/inbox" "thaw.inbox.settle-ms=200" \
    "thaw.staging=$WORK/staging" "thaw.destination.default=file:$WORK/out" "thaw.allowed-roots=file:$WORK/out,file:$WORK/warm-out" \
    "thaw.runs.inventory-folder=file:$WORK/inventories" "thaw.runs.report-folder=$WORK/reports" \
    "thaw.notices.wait-seconds=1" "thaw.notices.error-folder=$WORK/notices-error"
  if [ "${SQS_DIRECT:-0}" = 1 ]; then
    sed -n 's/^thaw sandbox: sqs direct \([^ ]*\).*/thaw.aws.sqs-endpoint=\1/p' "$WORK/sandbox.log"; fi
  # SETTINGS="key=value ..." adds settings of thaw's own (e.g. thaw.pace.start-rate=100) after these
  for kv in ${SETTINGS:-}; do printf '%s\n' "$kv"; done; } >"$CFG"
mkdir -p "$WORK/inbox" "$WORK/out"
JFR_OPT=()
[ "${JFR:-0}" = 1 ] && { mkdir -p target/bench; JFR_OPT=("-XX:FlightRecorderOptions=stackdepth=256" "-XX:StartFlightRecording=filename=$PWD/target/bench/vault-$N.jfr,settings=profile"); }
[ "${NMT:-0}" = 1 ] && JFR_OPT+=("-XX:NativeMemoryTracking=summary")
THAW_LOG_LEVEL=${THAW_LOG_LEVEL:-WARN} "$THAW_JAVA" "-Xmx$HEAP" "-Xlog:gc:file=$WORK/gc.log" ${THAW_JAVA_OPTS:-} "${JFR_OPT[@]}" -jar "$JAR" run --config "$CFG" >"$WORK/thaw.log" 2>&1 &
THAW_PID=$!
sleep 8
WARM_OUT=
if [ "${WARM:-0}" = 1 ]; then
  # the same run on vault "warm" first, in the same thaw process, delivered elsewhere; the measured run follows
  mkdir -p "$WORK/warm-out"
  W0=$(date +%s.%N); WCPU0=$(cpu_of "$THAW_PID")
  printf '{"vault": "warm", "job": {"Type": "archive-retrieval", "Tier": "Bulk"}, "select": {"all": true, "inventory": "retrieve"}, "destination": "file:%s"}\n' \
    "$WORK/warm-out" >"$WORK/inbox/warm.json.tmp"
  mv "$WORK/inbox/warm.json.tmp" "$WORK/inbox/warm.json"
  until [ "$(find "$WORK/warm-out" -type f ! -name '*.part' ! -name '.*' | wc -l)" -ge "$N" ]; do
    kill -0 "$THAW_PID" 2>/dev/null || { tail -40 "$WORK/thaw.log"; echo "thaw exited" >&2; exit 1; }
    sleep 2
  done
  WARM_OUT="the warm-up run (vault \"warm\", $N archives, in the same thaw process just before): $(delta "$W0" "$(date +%s.%N)" 1 %.0f) s, thaw $(delta "$WCPU0" "$(cpu_of "$THAW_PID")") CPU s"
  sleep 5 # its last notices deleted, its run closed
fi
# CPU by thread (jcmd Thread.print's cpu=): once before the request, once at the last delivery
thread_cpu() { "${2:-jcmd}" "$1" Thread.print 2>/dev/null | sed -n 's/^"\(.*\)" .* cpu=\([0-9.]*\)ms.*/\2\t\1/p'; }
thread_cpu "$THAW_PID" "$THAW_JCMD" >"$WORK/threads0.txt"; thread_cpu "$SANDBOX_PID" >"$WORK/sb-threads0.txt"
T0=$(date +%s.%N)
SB_CPU0=$(cpu_of "$SANDBOX_PID"); TH_CPU0=$(cpu_of "$THAW_PID"); TH_W0=$(wbytes_of "$THAW_PID"); ST_CPU0=$(store_cpu)
printf '{"vault": "bench", "job": {"Type": "archive-retrieval", "Tier": "Bulk"}, "select": {"all": true, "inventory": "retrieve"}}\n' \
  >"$WORK/inbox/whole-vault.json.tmp"
mv "$WORK/inbox/whole-vault.json.tmp" "$WORK/inbox/whole-vault.json"
SAMPLES="$WORK/samples.txt"
echo "secs delivered thaw_cpu sandbox_cpu thaw_rss_mb sandbox_rss_mb thaw_heap_peak_mb" >"$SAMPLES"
while :; do
  kill -0 "$THAW_PID" 2>/dev/null || { tail -40 "$WORK/thaw.log"; echo "thaw exited" >&2; exit 1; }
  D=$(find "$WORK/out" -type f ! -name '*.part' ! -name '.*' | wc -l)
  T=$(delta "$T0" "$(date +%s.%N)")
  heap_peak
  echo "$T $D $(cpu_of "$THAW_PID") $(cpu_of "$SANDBOX_PID") $(rss_of "$THAW_PID") $(rss_of "$SANDBOX_PID") $HEAP_PEAK" >>"$SAMPLES"
  [ "$D" -ge "$N" ] && break
  awk -v t="$T" 'BEGIN { exit !(t > 3600) }' && { echo "timeout" >&2; break; }
  sleep 2
done
T1=$(date +%s.%N)
thread_cpu "$THAW_PID" "$THAW_JCMD" >"$WORK/threads1.txt"; thread_cpu "$SANDBOX_PID" >"$WORK/sb-threads1.txt"
# CPU seconds from the request to the last delivery by thread group (digits in a name become #)
by_thread() { awk -F'\t' 'FNR == NR { a[$2] = $1; next } { g = $2; gsub(/[0-9]+/, "#", g); d[g] += ($1 - a[$2]) / 1000; t += ($1 - a[$2]) / 1000 }
  END { for (g in d) if (d[g] >= 0.05) printf "%8.1f  %s\n", d[g], g; printf "%8.1f  (all threads)\n", t }' "$1" "$2" | sort -rn; }
THREADS_OUT=$(by_thread "$WORK/threads0.txt" "$WORK/threads1.txt")
SB_THREADS_OUT=$(by_thread "$WORK/sb-threads0.txt" "$WORK/sb-threads1.txt")
NMT_OUT=
[ "${NMT:-0}" = 1 ] && NMT_OUT=$("$THAW_JCMD" "$THAW_PID" VM.native_memory summary 2>&1 | grep -E '^(Total|-| *\(malloc|-  )' | grep -E 'Total|committed' | head -30)
# when the delivered files appeared: the first and last status-change time (set by each rename into place)
read -r FIRST_AT LAST_AT < <(find "$WORK/out" -type f ! -name '*.part' ! -name '.*' -printf '%C@\n' | sort -n | sed -n '1p;$p' | paste -sd' ')
TOTAL=$(delta "$T0" "${LAST_AT:-$T1}")
TH_CPU=$(delta "$TH_CPU0" "$(cpu_of "$THAW_PID")")
TH_WRITTEN=$(delta "$TH_W0" "$(wbytes_of "$THAW_PID")" 1048576 %.0f)
SB_CPU=$(delta "$SB_CPU0" "$(cpu_of "$SANDBOX_PID")")
ST_CPU=$(delta "$ST_CPU0" "$(store_cpu)")
# stop both (thaw first, so it makes no more calls); the sandbox prints the requests it served as it stops
kill "$THAW_PID" 2>/dev/null; wait "$THAW_PID" 2>/dev/null || true; THAW_PID=
kill "$SANDBOX_PID" 2>/dev/null; wait "$SANDBOX_PID" 2>/dev/null || true; SANDBOX_PID=
REQUESTS=$(sed -n 's/^thaw sandbox: requests {\(.*\)}$/\1/p' "$WORK/sandbox.log")
BYTES_OUT=
[ "${STORE_BYTES:-0}" = 1 ] && [ "$STORE" = h2 ] && [ -z "${H2_URL:-}" ] && BYTES_OUT=$(java -cp "$JAR" bench/StoreBytes.java "$WORK/db" 2>&1 | head -25 || true)
# the first delivered archive (the inventory job comes before it)
RUN_START=$(awk -v a="$T0" -v b="${FIRST_AT:-}" 'BEGIN { if (b != "") printf "%.1f", b - a }')
DELIVERED=$(tail -1 "$SAMPLES" | cut -d' ' -f2)
RATE=$(awk -v n="$DELIVERED" -v t="$TOTAL" 'BEGIN { printf "%.0f", n / t }')
PEAK_RSS=$(awk 'NR > 1 && $5 > m { m = $5 } END { print m }' "$SAMPLES")
PEAK_HEAP=$(awk 'NR > 1 && $7 > m { m = $7 } END { print m + 0 }' "$SAMPLES")
STAMP=$(date -u +%Y-%m-%dT%H%MZ)
OUT=bench/results/vault-$N-$STAMP.md; [ "$STORE" = pg ] && OUT=bench/results/vault-$N-pg-$STAMP.md
{
  echo "# Whole-vault run, $N archives of 1-4 KiB, $STAMP"
  echo
  ENVS="STORE=$STORE"; for v in WARM JFR NMT STORE_BYTES H2_OPTIONS H2_URL SETTINGS THAW_JAVA_OPTS SANDBOX_JAVA_OPTS SANDBOX_ARGS SQS_DIRECT THAW_JAVA; do if [ -n "${!v:-}" ] && [ "${!v}" != java ]; then ENVS="$ENVS $v=\"${!v}\""; fi; done
  echo "Command: \`$ENVS bench/run-vault.sh $N $HEAP\`. Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo);"
  echo "load average at start $LOAD_START (the machine is shared). Java: $(java -version 2>&1 | head -1)$([ "$THAW_JAVA" = java ] || echo "; thaw's: $("$THAW_JAVA" -version 2>&1 | head -1)")."
  echo "Sandbox job delay 1 s, store $STORE ($([ "$STORE" = pg ] && echo "embedded PostgreSQL, zonky" || echo "H2 file")), default pace, destination a folder, thaw -Xmx$HEAP."
  echo "Jar: $JAR_ID."
  [ -n "$WARM_OUT" ] && echo "WARM=1: $WARM_OUT; what follows is the second run, thaw's JIT warm."
  echo
  echo "| delivered | wall s (request dropped → last delivery, incl. the inventory job) | archives/s | thaw CPU s | sandbox CPU s | store CPU s | peak thaw RSS MB | peak thaw heap used MB |"
  echo "|---|---|---|---|---|---|---|---|"
  echo "| $DELIVERED | $TOTAL | $RATE | $TH_CPU | $SB_CPU | $ST_CPU | $PEAK_RSS | $PEAK_HEAP |"
  echo
  echo "thaw wrote $TH_WRITTEN MB to files from the request to the sample that saw the last delivery ($(awk -v m="$TH_WRITTEN" -v n="$DELIVERED" \
    'BEGIN { if (n > 0) printf "%.0f", m * 1024 / n; else print "?" }') KB per archive: the store's file, staging and the deliveries; /proc's write_bytes)."
  echo
  RUNS=1; [ "${WARM:-0}" = 1 ] && RUNS=2
  echo "Requests the sandbox served from its start to its stop, all of them (per delivered archive in brackets$([ $RUNS = 2 ] && echo ", counting both runs' archives");"
  echo "sqs:* went through its edge, the rest of SQS went to ElasticMQ directly):"
  echo "$REQUESTS" | tr ',' '\n' | awk -F= -v n="$((DELIVERED * RUNS))" 'NF == 2 { gsub(/ /, "", $1); printf "%s%s %d (%.2f)", s, $1, $2, $2 / n; s = ", " }
    END { print "." }'
  echo
  echo "First delivery at ${RUN_START:-?} s. Samples (every 2 s):"
  echo
  echo '```'
  cat "$SAMPLES"
  echo '```'
  if [ -n "$THREADS_OUT" ]; then
    echo
    echo "thaw's CPU seconds from the request to the last delivery, by thread (jcmd Thread.print; digits shown as #):"
    echo
    echo '```'
    echo "$THREADS_OUT"
    echo '```'
    echo
    echo "The sandbox's, the same way:"
    echo
    echo '```'
    echo "$SB_THREADS_OUT"
    echo '```'
  fi
  if [ -n "$BYTES_OUT" ]; then
    echo
    echo "What the store's file holds at the end, by table and index (STORE_BYTES=1: bench/StoreBytes.java):"
    echo
    echo '```'
    echo "$BYTES_OUT" | sed "s|$WORK/|<work>/|"
    echo '```'
  fi
  if [ -n "$NMT_OUT" ]; then
    echo
    echo "thaw's native memory at the last delivery (NMT=1: jcmd VM.native_memory summary):"
    echo
    echo '```'
    echo "$NMT_OUT"
    echo '```'
  fi
} >"$OUT"
cat "$OUT" | head -12
echo "written $OUT"
