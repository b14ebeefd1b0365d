#!/usr/bin/env bash
# Download benchmarks of issue 4, side by side on one machine over loopback (NOT part of the tests).
#
#   mvn -B package -DskipTests && bench/run-fetch.sh            # full run (~10 min, ~20 GB of temp disk)
#   SIZES_RSS="1 4" SWEEP=1 BENCH_DIR=/big/tmp bench/run-fetch.sh
#
# Uses target/thaw.jar (builds nothing), the AWS CLI at /usr/bin/aws, curl, sha256sum and /usr/bin/time
# (installed with apt when missing and run as root). Starts `thaw sandbox`, uploads archives with
# bench/Upload.java, then measures:
#   0. (STARTUP=1) start-up of thaw fetch, plain java -jar on Java 17: a 1 MiB output fetched STARTUP_RUNS (5)
#      times; median of the seconds from JVM start to the first ranged request (printed by thaw fetch), of
#      the whole command and of its CPU-seconds. JAR_BEFORE=old.jar alternates runs of an older jar;
#      STARTUP_ONLY=1 stops after this section (result file bench/results/startup-<date>.md)
#   1. 2 GiB job output: thaw fetch (bin/thaw with the class-data-sharing archive bin/thaw-cds makes,
#      and plain java -jar) vs aws glacier get-job-output vs curl of the same output URL, with each
#      tool's CPU, the sandbox's CPU and the machine's idle time (the two cores are shared)
#   2. tree hash of the 2 GiB file (thaw treehash) vs sha256sum, page cache warm
#   3. peak RSS of thaw fetch for 1 GiB and 4 GiB archives (/usr/bin/time -v), median of RSS_RUNS (3)
#   4. (SWEEP=1) thaw fetch throughput for chunk sizes x parallel requests, to choose the defaults
#   5. (FOLDERS=1) 2 GiB to folders: --to file:DIR, --to DIR and thaw run (a request file, notices wired by
#      thaw setup; RUN_SETTLE=s drops it s seconds after thaw run started, RUN_JAVA_OPTS are its JVM options,
#      its log is kept in target/bench; RUN_FIRST=1 times it before the fetches), each byte written once; the two fetches alternate which goes first,
#      each after a sync (so one run's writeback does not slow the next), with their CPU-seconds
#   6. (LINK=1) 2 GiB through a second sandbox with --link $LINK_SPEC (default rate=40MiB/s,rtt=40ms):
#      thaw fetch vs the AWS CLI (one connection)
# Prints a table and writes bench/results/fetch-<UTC date>.md with the machine description.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-target/thaw.jar}  # a copy may be given, so the jar can be rebuilt while this runs
AWS=${AWS:-/usr/bin/aws}
[ -x "$AWS" ] || AWS=$(command -v aws || echo /usr/bin/aws)  # e.g. a pip-installed CLI on the PATH
[ -f "$JAR" ] || { echo "missing $JAR — run: mvn -B package -DskipTests" >&2; exit 2; }
[ -x "$AWS" ] || { echo "missing $AWS (AWS CLI v2) — apt-get install awscli" >&2; exit 2; }
if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq time >/dev/null; else echo "missing /usr/bin/time: apt-get install time" >&2; exit 2; fi
fi
SIZES_RSS=${SIZES_RSS-"1 4"}  # SIZES_RSS="" skips the RSS runs
SWEEP=${SWEEP:-1}
ROUNDS=${ROUNDS:-2}
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
WORK=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/thaw-bench.XXXXXX")
SANDBOX_PID=
cleanup() { [ -n "$SANDBOX_PID" ] && kill "$SANDBOX_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
export THAW_LOG_LEVEL=WARN

java -jar "$JAR" sandbox --port 0 --data "$WORK/sandbox" --job-delay Expedited=1s >"$WORK/sandbox.log" 2>&1 &
SANDBOX_PID=$!
for _ in $(seq 1 120); do
  EP=$(sed -n 's/^thaw sandbox: endpoint //p' "$WORK/sandbox.log" | head -1)
  [ -n "$EP" ] && break; sleep 0.5
done
[ -n "$EP" ] || { cat "$WORK/sandbox.log"; echo "sandbox did not start" >&2; exit 1; }
echo "sandbox at $EP"

now() { date +%s.%N; }
mibps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", b / 1048576 / s }'; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# upload SIZE_GIB NAME [SIZE_MIB] -> sets ARCHIVE, TREEHASH, FILE (SIZE_MIB, when given, is added)
upload() {
  FILE="$WORK/$2.bin"
  head -c "$(( $1 * 1024 * 1024 * 1024 + ${3:-0} * 1024 * 1024 ))" /dev/urandom >"$FILE"
  java -cp "$JAR" bench/Upload.java "$EP" bench "$FILE" "bench/$2.bin" >"$WORK/upload.log" 2>&1 || true
  read -r ARCHIVE TREEHASH < <(tail -1 "$WORK/upload.log")
  [ ${#TREEHASH} = 64 ] || { cat "$WORK/upload.log"; tail -20 "$WORK/sandbox.log"; echo "upload of $2 failed" >&2; exit 1; }
}
# job ARCHIVE -> prints a completed job id
job() {
  local id
  id=$("$AWS" --endpoint-url "$EP" glacier initiate-job --account-id - --vault-name bench \
       --job-parameters "{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"$1\",\"Tier\":\"Expedited\"}" \
       --query jobId --output text)
  until [ "$("$AWS" --endpoint-url "$EP" glacier describe-job --account-id - --vault-name bench --job-id="$id" \
           --query Completed --output text)" = "True" ]; do sleep 0.5; done
  echo "$id"
}
props() { # chunk parallel -> config file
  local f="$WORK/thaw-$1-$2.properties"
  printf '%s\n' "thaw.aws.endpoint=$EP" "thaw.aws.region=us-east-1" "thaw.aws.sandbox-credentials=true" \
    "thaw.store.url=jdbc:h2:file:$WORK/db-$1-$2" "thaw.staging=$WORK/staging" \
    "thaw.download.chunk-mib=$1" "thaw.download.parallel=$2" >"$f"
  echo "$f"
}
# A JDK 25 or later, when the machine has one: bin/thaw then starts from an ahead-of-time cache.
JDK25=""
for d in /usr/lib/jvm/*/; do
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$d/release" 2>/dev/null || true)
  [ -n "$v" ] && [ "$v" -ge 25 ] && [ -x "$d/bin/java" ] && JDK25=${d%/}
done
# CPU accounting: on 2 cores the sandbox serves on the same cores, so a tool's wall time depends on the
# CPU it needs. probe_start/probe_end note the sandbox's CPU and the machine's idle time around one run.
TICK=$(getconf CLK_TCK)
sandbox_cpu() { awk -v t="$TICK" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$SANDBOX_PID/stat"; }
idle_secs() { awk -v t="$TICK" '/^cpu / { printf "%.2f", ($5 + $6) / t }' /proc/stat; }
probe_start() { P_SB=$(sandbox_cpu); P_IDLE=$(idle_secs); }
# probe_end TOOL_CPU_SECS WALL_SECS -> sets CPU_ROW (wall | tool CPU | sandbox CPU | idle core-seconds)
probe_end() {
  CPU_ROW=$(awk -v c="$1" -v w="$2" -v s0="$P_SB" -v s1="$(sandbox_cpu)" -v i0="$P_IDLE" -v i1="$(idle_secs)" \
    'BEGIN { printf "%.2f | %.2f | %.2f | %.2f", w, c, s1 - s0, i1 - i0 }')
}
# timed CMD... -> runs CMD under /usr/bin/time, sets SECS (wall) and TOOL_CPU (user + sys)
timed() {
  /usr/bin/time -f "%e %U %S" -o "$WORK/cpu.txt" "$@"
  read -r SECS u s <"$WORK/cpu.txt"
  TOOL_CPU=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
}

# fetch JOB OUT CONFIG [plain|j25] -> sets SECS and RSS_KB; "plain" runs java -jar instead of bin/thaw,
# "j25" runs bin/thaw on $JDK25
fetch() {
  [ -d "$2" ] || rm -f "$2"  # --to DIR: the folder stays
  local t0 t1 launcher
  launcher=(env THAW_JAR="$JAR" bin/thaw)
  [ "${4:-}" = plain ] && launcher=(java ${FETCH_JAVA_OPTS:-} -jar "$JAR")  # FETCH_JAVA_OPTS: e.g. a JFR recording
  [ "${4:-}" = j25 ] && launcher=(env THAW_JAR="$JAR" JAVA_HOME="$JDK25" bin/thaw)
  t0=$(now)
  /usr/bin/time -v -o "$WORK/time.txt" "${launcher[@]}" fetch --quiet --vault bench --job-id="$1" --to "$2" \
    --config "$3" >"$WORK/fetch.log" 2>&1 || { cat "$WORK/fetch.log"; exit 1; }
  t1=$(now)
  SECS=$(secs "$t0" "$t1")
  DL_SECS=$(sed -n 's/.*download and verification \([0-9.]*\) s.*/\1/p' "$WORK/fetch.log")
  START_S=$(sed -n 's/.*start-up to the first request \([0-9.]*\) s.*/\1/p' "$WORK/fetch.log")
  RSS_KB=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/time.txt")
  TOOL_CPU=$(awk '/User time|System time/ { c += $NF } END { printf "%.2f", c }' "$WORK/time.txt")
}

DEFAULT_CHUNK=$(sed -n "s/^#thaw.download.chunk-mib=//p" config/thaw.properties.example)
DEFAULT_PAR=$(sed -n "s/^#thaw.download.parallel=//p" config/thaw.properties.example)
CFG=$(props "$DEFAULT_CHUNK" "$DEFAULT_PAR")
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

STARTUP_ROW=""
STARTUP_BEFORE_ROW=""
if [ "${STARTUP:-1}" = 1 ]; then
  # Issue 14: start-up to first byte under 1 s with plain java -jar on Java 17 (a 1 MiB output: one request).
  # JAR_BEFORE=<an older thaw.jar> alternates its runs with $JAR's, for a before/after under the same load.
  STARTUP_RUNS=${STARTUP_RUNS:-5}
  echo "== start-up: 1 MiB, plain java -jar, $STARTUP_RUNS runs${JAR_BEFORE:+, alternating with $JAR_BEFORE}"
  upload 0 tiny 1; rm -f "$FILE"
  J=$(job "$ARCHIVE")
  st=(); wall=(); cpu=(); bst=(); bwall=(); bcpu=()
  for _ in $(seq 1 "$STARTUP_RUNS"); do
    fetch "$J" "$WORK/out-tiny.bin" "$CFG" plain; rm -f "$WORK/out-tiny.bin"
    st+=("$START_S"); wall+=("$SECS"); cpu+=("$TOOL_CPU")
    if [ -n "${JAR_BEFORE:-}" ]; then
      JAR_NOW=$JAR; JAR=$JAR_BEFORE
      fetch "$J" "$WORK/out-tiny.bin" "$CFG" plain; rm -f "$WORK/out-tiny.bin"
      JAR=$JAR_NOW
      bst+=("$START_S"); bwall+=("$SECS"); bcpu+=("$TOOL_CPU")
    fi
  done
  STARTUP_ROW="| $(median "${st[@]}") | $(median "${wall[@]}") | $(median "${cpu[@]}") | ${st[*]} | $(cut -d' ' -f1-3 /proc/loadavg) |"
  echo "  start-up to the first request $(median "${st[@]}") s (each run: ${st[*]}), whole command $(median "${wall[@]}") s, CPU $(median "${cpu[@]}") s"
  if [ -n "${JAR_BEFORE:-}" ]; then
    STARTUP_BEFORE_ROW="| $(median "${bst[@]}") | $(median "${bwall[@]}") | $(median "${bcpu[@]}") | ${bst[*]} | before: $JAR_BEFORE, runs alternated with this jar's |"
    echo "  before ($JAR_BEFORE): start-up $(median "${bst[@]}") s (each run: ${bst[*]}), whole command $(median "${bwall[@]}") s, CPU $(median "${bcpu[@]}") s"
  fi
  if [ "${STARTUP_ONLY:-0}" = 1 ]; then
    OUT=bench/results/startup-$(date -u +%Y-%m-%dT%H%MZ).md
    { echo "# thaw fetch start-up, $(date -u +%Y-%m-%dT%H:%MZ)"; echo
      echo "Machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(java -version 2>&1 | head -1)."
      echo "Load average at start: $LOAD_START; at end: $(cut -d' ' -f1-3 /proc/loadavg). Command: STARTUP_ONLY=1 ${JAR_BEFORE:+JAR_BEFORE=$JAR_BEFORE }bench/run-fetch.sh"
      echo; echo "| jar | start-up to first request s (median) | whole command s | CPU s | each run / note |"; echo "|---|---|---|---|---|"
      echo "| $JAR $STARTUP_ROW"; [ -n "$STARTUP_BEFORE_ROW" ] && echo "| before $STARTUP_BEFORE_ROW"
    } >"$OUT"
    echo "wrote $OUT"; exit 0
  fi
fi

echo "== 2 GiB: thaw fetch vs aws glacier get-job-output vs curl ($ROUNDS rounds, best of each)"
upload 2 two; B=$((2 * 1024 * 1024 * 1024))
J=$(job "$ARCHIVE")
CHUNK_B=$((DEFAULT_CHUNK * 1024 * 1024))
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }
is_best() { awk -v a="$1" -v b="$SECS" 'BEGIN { exit !(a == b) }'; }  # is the run just timed the best so far?
# MAIN=0 skips the comparisons of sections 1-2 (a short run of the folder and link cases alone)
MAIN_ROUNDS=$ROUNDS; [ "${MAIN:-1}" = 0 ] && MAIN_ROUNDS=0
if [ "$MAIN_ROUNDS" != 0 ]; then
  THAW_JAR="$JAR" bin/thaw-cds
  [ -n "$JDK25" ] && THAW_JAR="$JAR" JAVA_HOME="$JDK25" bin/thaw-cds
fi
CPU_THAW=; CPU_J25=; CPU_PLAIN=; CPU_CLI=; CPU_CURL=
J25_S=; J25_DL=; PLAIN_S=; THAW_S=; THAW_DL=; CLI_S=; CLI_SYNC=; CURL_S=; CURL_SYNC=; RANGED_S=; THAW_RSS2=0
for round in $(seq 1 "$MAIN_ROUNDS"); do
  # each tool's CPU figures are kept from its best round (CPU_* rows: wall | tool | sandbox | idle)
  probe_start; fetch "$J" "$WORK/out-thaw.bin" "$CFG"; probe_end "$TOOL_CPU" "$SECS"
  THAW_S=$(best "$THAW_S" "$SECS"); THAW_DL=$(best "$THAW_DL" "$DL_SECS"); is_best "$THAW_S" && CPU_THAW=$CPU_ROW
  [ "$RSS_KB" -gt "$THAW_RSS2" ] && THAW_RSS2=$RSS_KB
  [ "$(java -jar "$JAR" treehash "$WORK/out-thaw.bin" | cut -d' ' -f1)" = "$TREEHASH" ] || { echo "thaw output differs" >&2; exit 1; }
  rm -f "$WORK/out-thaw.bin"
  probe_start; fetch "$J" "$WORK/out-thaw.bin" "$CFG" plain; probe_end "$TOOL_CPU" "$SECS"
  PLAIN_S=$(best "$PLAIN_S" "$SECS"); is_best "$PLAIN_S" && CPU_PLAIN=$CPU_ROW; rm -f "$WORK/out-thaw.bin"
  if [ -n "$JDK25" ]; then
    probe_start; fetch "$J" "$WORK/out-thaw.bin" "$CFG" j25; probe_end "$TOOL_CPU" "$SECS"
    J25_S=$(best "$J25_S" "$SECS"); J25_DL=$(best "$J25_DL" "$DL_SECS"); is_best "$J25_S" && CPU_J25=$CPU_ROW
    cmp -s "$FILE" "$WORK/out-thaw.bin" || { echo "thaw output (Java 25) differs" >&2; exit 1; }
    rm -f "$WORK/out-thaw.bin"
  fi
  t0=$(now); probe_start
  timed "$AWS" --endpoint-url "$EP" glacier get-job-output --account-id - --vault-name bench --job-id="$J" \
    "$WORK/out-cli.bin" >/dev/null
  probe_end "$TOOL_CPU" "$SECS"; sync "$WORK/out-cli.bin"; t2=$(now)
  CLI_S=$(best "$CLI_S" "$SECS"); CLI_SYNC=$(best "$CLI_SYNC" "$(secs "$t0" "$t2")"); is_best "$CLI_S" && CPU_CLI=$CPU_ROW
  cmp -s "$FILE" "$WORK/out-cli.bin" || { echo "CLI output differs" >&2; exit 1; }
  rm -f "$WORK/out-cli.bin"
  t0=$(now); probe_start
  timed curl -sf -o "$WORK/out-curl.bin" -H 'x-amz-glacier-version: 2012-06-01' "$EP/-/vaults/bench/jobs/$J/output"
  probe_end "$TOOL_CPU" "$SECS"; sync "$WORK/out-curl.bin"; t2=$(now)
  CURL_S=$(best "$CURL_S" "$SECS"); CURL_SYNC=$(best "$CURL_SYNC" "$(secs "$t0" "$t2")"); is_best "$CURL_S" && CPU_CURL=$CPU_ROW
  cmp -s "$FILE" "$WORK/out-curl.bin" || { echo "curl output differs" >&2; exit 1; }
  rm -f "$WORK/out-curl.bin"
  # thaw's own access pattern without thaw: the same ranges, as many at once, bodies thrown away: the
  # sandbox's limit for ranged requests (it answers their tree hashes from leaf hashes kept at upload).
  t0=$(now)
  seq 0 $(( (B + CHUNK_B - 1) / CHUNK_B - 1 )) | xargs -P "$DEFAULT_PAR" -I{} sh -c \
    'curl -sf -o /dev/null -H "x-amz-glacier-version: 2012-06-01" -r "$(({} * $0))-$(( ({} + 1) * $0 - 1))" "$1"' \
    "$CHUNK_B" "$EP/-/vaults/bench/jobs/$J/output"
  t1=$(now); RANGED_S=$(best "$RANGED_S" "$(secs "$t0" "$t1")")
  echo "  round $round: thaw $THAW_S s, on Java 25 ${J25_S:-n/a} s, plain java -jar $PLAIN_S s, cli $CLI_S s, curl $CURL_S s, ranged curl $RANGED_S s (best so far)"
done

FOLDER_ROWS=""
if [ "${FOLDERS:-1}" = 1 ]; then
  # Issue 14: every folder delivery writes each byte once (download into <folder>/.thaw-staging, then
  # rename), so --to FILE, --to file:DIR, --to DIR and thaw run should take the same time.
  echo "== 2 GiB folder deliveries, plain java -jar: --to file:DIR, --to DIR, thaw run ($ROUNDS rounds, best of each)"
  FD_URI=; FD_DIR=; FD_URI_PH=; FD_DIR_PH=; FD_URI_CPU=; FD_DIR_CPU=
  fetch_rounds() {
    for round in $(seq 1 "$ROUNDS"); do
      order="uri dir"; [ $((round % 2)) = 0 ] && order="dir uri"
      for mode in $order; do
        rm -rf "$WORK/outdir"; mkdir -p "$WORK/outdir"; sync
        dest="$WORK/outdir"; [ "$mode" = uri ] && dest="file:$WORK/outdir/"
        fetch "$J" "$dest" "$CFG" plain
        PH=$(sed -n 's/.*download and verification \([0-9.]*\) s, delivery \([0-9.]*\) s.*/\1 + \2/p' "$WORK/fetch.log" \
          | awk '{ printf "%.2f", $1 + $3 }')
        [ "$(find "$WORK/outdir" -type f | wc -l)" = 1 ] || { find "$WORK/outdir"; echo "--to $dest: not one file" >&2; exit 1; }
        cmp -s "$FILE" "$(find "$WORK/outdir" -type f)" || { echo "--to $dest: output differs" >&2; exit 1; }
        if [ "$mode" = uri ]; then FD_URI_CPU=$(best "$FD_URI_CPU" "$TOOL_CPU"); FD_URI=$(best "$FD_URI" "$SECS"); FD_URI_PH=$(best "$FD_URI_PH" "$PH")
        else FD_DIR_CPU=$(best "$FD_DIR_CPU" "$TOOL_CPU"); FD_DIR=$(best "$FD_DIR" "$SECS"); FD_DIR_PH=$(best "$FD_DIR_PH" "$PH"); fi
      done
    done
    rm -rf "$WORK/outdir"
  }
  # thaw run: the notice path wired by thaw setup, a request file for the same archive (a new Expedited
  # job, 1 s in the sandbox); timed from the DOWNLOADING to the DELIVERED log line (the same phases as
  # fetch's "download and verification" + "delivery").
  RUNCFG="$WORK/run.properties"
  # the built-in defaults, then this bench's settings (later keys win)
  { cat "$CFG"; printf '%s\n' "thaw.inbox=$WORK/inbox" "thaw.inbox.settle-ms=200" \
      "thaw.destination.default=file:$WORK/runout" "thaw.allowed-roots=file:$WORK/runout" \
      "thaw.notices.wait-seconds=1" "thaw.runs.report-folder=$WORK/reports" \
      "thaw.notices.error-folder=$WORK/notice-errors" "thaw.store.url=jdbc:h2:file:$WORK/db-run"; } >"$RUNCFG"
  java -jar "$JAR" setup --config "$RUNCFG" >"$WORK/setup.log" 2>&1 || { cat "$WORK/setup.log"; exit 1; }
  sed -n 's/^ *\(thaw\.[a-z.-]*=.*\)$/\1/p' "$WORK/setup.log" >>"$RUNCFG"
  run_rounds() {
    RUN_PH=
    for round in $(seq 1 "$ROUNDS"); do
      rm -rf "$WORK/runout" "$WORK/inbox"; mkdir -p "$WORK/inbox"; sync
      THAW_LOG_LEVEL=INFO java ${RUN_JAVA_OPTS:-} -jar "$JAR" run --config "$RUNCFG" >"$WORK/run.log" 2>&1 &
      RUN_PID=$!
      # RUN_SETTLE=s waits before the request is dropped, so the download does not share the cores with
      # thaw run's own start-up (JIT compilation of the routes): 0 by default, what a user sees
      sleep "${RUN_SETTLE:-0}"
      # a name of its own per round: a request with the same content as an earlier one starts nothing
      printf '{"vault":"bench","job":{"Type":"archive-retrieval","Tier":"Expedited"},"archives":["%s"],"name":"round%s/two.bin"}' \
        "$ARCHIVE" "$round" \
        >"$WORK/inbox/.r.tmp"; mv "$WORK/inbox/.r.tmp" "$WORK/inbox/r$round.json"
      for _ in $(seq 1 600); do grep -q "DELIVERED vault=bench" "$WORK/run.log" && break; sleep 0.5; done
      kill "$RUN_PID"; wait "$RUN_PID" 2>/dev/null || true
      mkdir -p target/bench; cp "$WORK/run.log" "target/bench/fetch-thaw-run-$round.log"  # kept for a look afterwards
      grep -q "DELIVERED vault=bench" "$WORK/run.log" || { tail -30 "$WORK/run.log"; echo "thaw run did not deliver" >&2; exit 1; }
      cmp -s "$FILE" "$(find "$WORK/runout" -type f -not -path '*/.thaw-staging/*' | head -1)" \
        || { echo "thaw run output differs" >&2; exit 1; }
      RUN_PH=$(best "$RUN_PH" "$(awk '/DOWNLOADING vault=bench/ && !a { a = $1 } /DELIVERED vault=bench/ { d = $1 }
        function s(t, p) { split(t, p, ":"); return p[1] * 3600 + p[2] * 60 + p[3] }
        END { printf "%.2f", s(d) - s(a) }' "$WORK/run.log")")
    done
    rm -rf "$WORK/runout"
  }
  # RUN_FIRST=1 times thaw run before the fetches: whether the order (the disk's write-back of the rounds
  # before) rather than the path explains a difference
  if [ "${RUN_FIRST:-0}" = 1 ]; then run_rounds; fetch_rounds; else fetch_rounds; run_rounds; fi
  FOLDER_ROWS+="| thaw fetch --to file:DIR | $FD_URI | $FD_URI_PH | $FD_URI_CPU |"$'\n'
  FOLDER_ROWS+="| thaw fetch --to DIR | $FD_DIR | $FD_DIR_PH | $FD_DIR_CPU |"$'\n'
  FOLDER_ROWS+="| thaw run, file: destination (DOWNLOADING to DELIVERED) | n/a (job start and notice path) | $RUN_PH | n/a (a long-running process) |"$'\n'
  echo "  file:DIR $FD_URI s ($FD_URI_PH s download+delivery), DIR $FD_DIR s ($FD_DIR_PH s), thaw run $RUN_PH s"
fi

LINK_ROWS=""
if [ "${LINK:-1}" = 1 ]; then
  # A distant service: every response capped per TCP connection and one added round trip before its first
  # byte, for every client alike (thaw sandbox --link). The AWS CLI uses one connection.
  LINK_SPEC=${LINK_SPEC:-rate=40MiB/s,rtt=40ms}
  echo "== link model $LINK_SPEC, 2 GiB: thaw fetch vs aws glacier get-job-output"
  java -jar "$JAR" sandbox --port 0 --data "$WORK/sandbox-link" --job-delay Expedited=1s --link "$LINK_SPEC" \
    >"$WORK/sandbox-link.log" 2>&1 &
  LINK_PID=$!
  for _ in $(seq 1 120); do
    LEP=$(sed -n 's/^thaw sandbox: endpoint //p' "$WORK/sandbox-link.log" | head -1); [ -n "$LEP" ] && break; sleep 0.5
  done
  [ -n "$LEP" ] || { cat "$WORK/sandbox-link.log"; echo "link sandbox did not start" >&2; exit 1; }
  java -cp "$JAR" bench/Upload.java "$LEP" bench "$FILE" "bench/link.bin" >"$WORK/upload.log" 2>&1 || true
  read -r LARCHIVE _ < <(tail -1 "$WORK/upload.log")
  EP_SAVED=$EP; EP=$LEP; LJ=$(job "$LARCHIVE"); EP=$EP_SAVED
  LCFG="$WORK/thaw-link.properties"  # a file of its own: $CFG keeps pointing at the first sandbox
  sed "s|^thaw.aws.endpoint=.*|thaw.aws.endpoint=$LEP|; s|db-$DEFAULT_CHUNK-$DEFAULT_PAR|db-link|" "$CFG" >"$LCFG"
  rm -rf "$WORK/outdir"; mkdir -p "$WORK/outdir"
  fetch "$LJ" "$WORK/outdir" "$LCFG" plain; LINK_THAW=$SECS; LINK_CPU=$TOOL_CPU
  cmp -s "$FILE" "$(find "$WORK/outdir" -type f)" || { echo "thaw output over the link differs" >&2; exit 1; }
  rm -rf "$WORK/outdir"
  timed "$AWS" --endpoint-url "$LEP" glacier get-job-output --account-id - --vault-name bench --job-id="$LJ" \
    "$WORK/out-cli.bin" >/dev/null; LINK_CLI=$SECS
  cmp -s "$FILE" "$WORK/out-cli.bin" || { echo "CLI output over the link differs" >&2; exit 1; }
  rm -f "$WORK/out-cli.bin"
  kill "$LINK_PID"; wait "$LINK_PID" 2>/dev/null || true
  LINK_ROWS="| thaw fetch --to DIR, plain java -jar ($LINK_CPU CPU-s) | $LINK_THAW | $(mibps $B "$LINK_THAW") |"$'\n'
  LINK_ROWS+="| aws glacier get-job-output | $LINK_CLI | $(mibps $B "$LINK_CLI") |"$'\n'
  echo "  thaw $LINK_THAW s, cli $LINK_CLI s"
fi

echo "== tree hash of 2 GiB vs sha256sum (warm page cache)"
SHA_S=1; TH_S=1; TH_CPU=n/a
if [ "$MAIN_ROUNDS" != 0 ]; then
cat "$FILE" >/dev/null
t0=$(now); sha256sum "$FILE" >/dev/null; t1=$(now); SHA_S=$(secs "$t0" "$t1")
t0=$(now); THAW_JAR="$JAR" bin/thaw treehash "$FILE" >/dev/null; t1=$(now); TH_S=$(secs "$t0" "$t1")
# the CPU that verification alone costs (tree hash of 2 GiB, JVM start included), which the CLI and curl skip
timed env THAW_JAR="$JAR" bin/thaw treehash "$FILE" >/dev/null; TH_CPU=$TOOL_CPU
fi

SWEEP_ROWS=""
if [ "$SWEEP" = 1 ]; then
  echo "== chunk size x parallel requests (2 GiB each)"
  for c in 16 32 64 128; do
    for p in 2 4 8; do
      fetch "$J" "$WORK/out-sweep.bin" "$(props "$c" "$p")"; rm -f "$WORK/out-sweep.bin"
      SWEEP_ROWS+="| $c MiB | $p | $DL_SECS | $(mibps $B "$DL_SECS") | $SECS | $((RSS_KB / 1024)) |"$'\n'
      echo "  chunk $c MiB, parallel $p: download $DL_SECS s, total $SECS s"
    done
  done
  rm -f "$WORK/out-sweep.bin"
fi
rm -f "$FILE"

RSS_ROWS=""
# Peak RSS of one run varies by ~10 % with what start-up happened to touch (the same 1 GiB fetch measured
# 167-186 MiB), so each size is fetched RSS_RUNS times and the median compared.
RSS_RUNS=${RSS_RUNS:-3}
for g in $SIZES_RSS; do
  echo "== peak RSS, $g GiB ($RSS_RUNS runs per launcher)"
  upload "$g" "rss$g"; rm -f "$FILE"
  J=$(job "$ARCHIVE")
  # plain java -jar too: bin/thaw's mapped class archive counts in its RSS, and more of it is touched
  # the longer a run lasts, which is not memory that grows with the archive
  for launcher in bin/thaw plain; do
    rss=(); secs=()
    for _ in $(seq 1 "$RSS_RUNS"); do
      if [ "$launcher" = plain ]; then fetch "$J" "$WORK/out-rss.bin" "$CFG" plain; else fetch "$J" "$WORK/out-rss.bin" "$CFG"; fi
      rss+=("$((RSS_KB / 1024))"); secs+=("$SECS"); rm -f "$WORK/out-rss.bin"
    done
    s_med=$(median "${secs[@]}")
    RSS_ROWS+="| $g GiB | ${launcher/plain/java -jar} | $s_med | $(mibps $((g * 1024 * 1024 * 1024)) "$s_med") | $(median "${rss[@]}") | ${rss[*]} |"$'\n'
  done
done

STAMP=$(date -u +%Y-%m-%dT%H%MZ)
OUT="bench/results/fetch-$STAMP.md"
{
  echo "# thaw fetch benchmarks, $STAMP"
  echo
  echo "Command: \`bench/run-fetch.sh\` (SWEEP=$SWEEP, SIZES_RSS=\"$SIZES_RSS\"), sandbox over loopback, defaults"
  echo "chunk $DEFAULT_CHUNK MiB x $DEFAULT_PAR parallel unless stated. Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "$(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(java -version 2>&1 | head -1), $("$AWS" --version 2>&1 | cut -d' ' -f1), $(curl --version | head -1 | cut -d' ' -f1-2), $(sha256sum --version | head -1)."
  echo "Load average at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg) (above the core count, wall times are lower bounds)."
  echo
  if [ -n "$STARTUP_ROW" ]; then
    echo "## Start-up of thaw fetch, 1 MiB, plain java -jar (issue 14 target: JVM start to first request < 1 s)"
    echo
    echo "| start-up to the first request s (median) | whole command s (median) | CPU s (median) | each run's start-up s | load average after |"
    echo "|---|---|---|---|---|"
    echo "$STARTUP_ROW"
    [ -n "$STARTUP_BEFORE_ROW" ] && echo "$STARTUP_BEFORE_ROW"
    echo
  fi
  if [ "$MAIN_ROUNDS" != 0 ]; then  # MAIN=0: no placeholder tables
  echo "## 2 GiB job output"
  echo
  echo "| tool | seconds | MiB/s |"
  echo "|---|---|---|"
  echo "| thaw fetch via bin/thaw (CDS archive), whole command (JVM start, DescribeJob, store, download, verify, fsync, deliver) | $THAW_S | $(mibps $B "$THAW_S") |"
  echo "| thaw fetch via plain java -jar, whole command | $PLAIN_S | $(mibps $B "$PLAIN_S") |"
  if [ -n "$J25_S" ]; then
    echo "| thaw fetch via bin/thaw on $("$JDK25/bin/java" -version 2>&1 | head -1 | cut -d'"' -f2) (ahead-of-time cache), whole command | $J25_S | $(mibps $B "$J25_S") |"
    echo "| the same, download and verification phase | $J25_DL | $(mibps $B "$J25_DL") |"
  fi
  echo "| thaw fetch, download and verification phase (as printed by thaw; chunks fsynced) | $THAW_DL | $(mibps $B "$THAW_DL") |"
  echo "| aws glacier get-job-output (no verification, no fsync) | $CLI_S | $(mibps $B "$CLI_S") |"
  echo "| aws glacier get-job-output + sync of the file | $CLI_SYNC | $(mibps $B "$CLI_SYNC") |"
  echo "| curl of the output URL (transport limit, no fsync) | $CURL_S | $(mibps $B "$CURL_S") |"
  echo "| curl + sync of the file | $CURL_SYNC | $(mibps $B "$CURL_SYNC") |"
  echo "| curl, thaw's $DEFAULT_CHUNK MiB ranges $DEFAULT_PAR at a time, to /dev/null (the sandbox's ranged limit) | $RANGED_S | $(mibps $B "$RANGED_S") |"
  echo
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", b/a}'; }
  echo "Throughput ratios (target: thaw >= 1.0x the CLI, >= 0.8x curl):"
  echo "- plain java -jar: whole command vs CLI $(ratio "$PLAIN_S" "$CLI_S")x, vs curl $(ratio "$PLAIN_S" "$CURL_S")x"
  [ -n "$J25_S" ] && echo "- bin/thaw on Java 25: whole command vs CLI $(ratio "$J25_S" "$CLI_S")x, vs CLI+sync $(ratio "$J25_S" "$CLI_SYNC")x, vs curl $(ratio "$J25_S" "$CURL_S")x, vs curl+sync $(ratio "$J25_S" "$CURL_SYNC")x"
  echo "- bin/thaw: whole command vs CLI $(ratio "$THAW_S" "$CLI_S")x, vs CLI+sync $(ratio "$THAW_S" "$CLI_SYNC")x, vs curl $(ratio "$THAW_S" "$CURL_S")x, vs curl+sync $(ratio "$THAW_S" "$CURL_SYNC")x"
  echo "- download phase vs CLI+sync $(ratio "$THAW_DL" "$CLI_SYNC")x, vs curl+sync $(ratio "$THAW_DL" "$CURL_SYNC")x, vs the sandbox's ranged limit $(ratio "$THAW_DL" "$RANGED_S")x"
  echo
  echo "### Where the CPU went (best round of each tool; the machine has $(nproc) cores, so wall x $(nproc) core-seconds)"
  echo
  echo "| tool | wall s | tool CPU s (user + sys) | sandbox CPU s | idle core-s |"
  echo "|---|---|---|---|---|"
  echo "| thaw fetch, bin/thaw | $CPU_THAW |"
  [ -n "$J25_S" ] && echo "| thaw fetch, bin/thaw on Java 25 | $CPU_J25 |"
  echo "| thaw fetch, java -jar | $CPU_PLAIN |"
  echo "| aws glacier get-job-output | $CPU_CLI |"
  echo "| curl | $CPU_CURL |"
  echo
  echo "CPU per verified GiB (issue 14 target <= 4): plain java -jar $(awk -v r="$CPU_PLAIN" 'BEGIN { split(r, f, "|"); printf "%.2f", f[2] / 2 }'),"
  echo "bin/thaw $(awk -v r="$CPU_THAW" 'BEGIN { split(r, f, "|"); printf "%.2f", f[2] / 2 }') (the whole command's CPU-seconds, start-up and JIT included, over 2 GiB)."
  echo
  # The floor for any tool that verifies: the transport's work (curl's CPU and the sandbox's CPU serving it)
  # plus verification's (thaw treehash, JVM start included), spread perfectly over the cores. No tool that
  # hashes every byte can finish the whole command faster on this machine, so the best reachable ratio
  # against the CLI and curl is their time over this floor.
  FLOOR=$(awk -v r="$CPU_CURL" -v t="$TH_CPU" -v n="$(nproc)" 'BEGIN { split(r, f, "|"); printf "%.2f", (f[2] + f[3] + t) / n }')
  echo "Floor for a tool that verifies: (curl CPU + sandbox CPU serving curl + tree hash CPU) / $(nproc) cores = $FLOOR s;"
  echo "the best whole-command ratio any verifying tool can reach here is $(ratio "$FLOOR" "$CLI_S")x the CLI and"
  echo "$(ratio "$FLOOR" "$CURL_S")x curl (targets 1.0x and 0.8x)."
  echo
  echo "Verification alone (thaw treehash of the 2 GiB, JVM start included) took $TH_CPU CPU-seconds. Idle near 0"
  echo "means the run was CPU bound: the tool, the sandbox and the kernel shared the cores, and every CPU-second"
  echo "a tool spends (on hashing, for thaw) adds to its wall time."
  echo
  echo "Peak RSS of thaw fetch there: $((THAW_RSS2 / 1024)) MiB. Seconds: wall time (JVM start included), best of $ROUNDS"
  echo "rounds run alternately. Load average at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg) (other jobs"
  echo "share the cores; with a load above the core count every figure is a lower bound)."
  echo
  fi
  if [ -n "$FOLDER_ROWS" ]; then
    echo "## 2 GiB folder deliveries (issue 14: each byte written once; target: within 10 % of each other)"
    echo
    echo "| delivery | whole command s (best) | download + verification + delivery s (best) | CPU s (best) |"
    echo "|---|---|---|---|"
    printf '%s' "$FOLDER_ROWS"
    echo
  fi
  if [ -n "$LINK_ROWS" ]; then
    echo "## 2 GiB over the link model \`$LINK_SPEC\` (thaw sandbox --link; target: thaw >= 3.5x the CLI)"
    echo
    echo "| tool | seconds | MiB/s |"
    echo "|---|---|---|"
    printf '%s' "$LINK_ROWS"
    echo
    echo "thaw / CLI throughput: $(awk -v a="$LINK_THAW" -v b="$LINK_CLI" 'BEGIN{printf "%.2f", b/a}')x (thaw.download.parallel=$DEFAULT_PAR)."
    echo
  fi
  if [ "$MAIN_ROUNDS" != 0 ]; then
  echo "## Tree hash of 2 GiB vs sha256sum (page cache warm)"
  echo
  echo "| tool | seconds | MiB/s |"
  echo "|---|---|---|"
  echo "| sha256sum | $SHA_S | $(mibps $B "$SHA_S") |"
  echo "| thaw treehash (incl. JVM start) | $TH_S | $(mibps $B "$TH_S") |"
  echo
  echo "thaw treehash / sha256sum throughput: $(awk -v a="$TH_S" -v b="$SHA_S" 'BEGIN{printf "%.2f", b/a}')x (target >= 0.9)."
  echo
  fi
  echo "## Peak RSS of thaw fetch"
  echo
  echo "| archive | launcher | seconds (median) | MiB/s | peak RSS MiB (median) | each run's peak RSS MiB |"
  echo "|---|---|---|---|---|---|"
  printf '%s' "$RSS_ROWS"
  if [ -n "$SWEEP_ROWS" ]; then
    echo
    echo "## Chunk size x parallel requests (2 GiB, thaw fetch)"
    echo
    echo "| chunk | parallel | download s | download MiB/s | whole command s | peak RSS MiB |"
    echo "|---|---|---|---|---|---|"
    printf '%s' "$SWEEP_ROWS"
  fi
} >"$OUT"
cat "$OUT"
echo "written to $OUT"
