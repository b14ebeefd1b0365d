#!/usr/bin/env bash
# Start-up and CPU of thaw fetch, two jars side by side (issue 14), plain `java -jar` on the default java:
#
#   bench/compare-fetch.sh BEFORE.jar AFTER.jar [RUNS]        (BIG=0: the 1 MiB start-up case only)
#
# One sandbox over loopback; for each jar, RUNS (5) alternating runs of
#   - a 1 MiB output to a folder: whole command ~ start-up to first byte + one small request;
#   - a 1 GiB output to a folder: wall and CPU seconds (user + sys of the thaw process, /usr/bin/time).
# Prints medians as a Markdown table. The machine may be shared: the load average is printed with it.
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE=$1; AFTER=$2; RUNS=${3:-5}
WORK=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/thaw-cmp.XXXXXX")
SANDBOX_PID=
cleanup() { [ -n "$SANDBOX_PID" ] && kill "$SANDBOX_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" THAW_LOG_LEVEL=WARN
java -jar "$AFTER" sandbox --port 0 --data "$WORK/sandbox" --job-delay Expedited=1s >"$WORK/sandbox.log" 2>&1 &
SANDBOX_PID=$!
for _ in $(seq 1 120); do
  EP=$(sed -n 's/^thaw sandbox: endpoint //p' "$WORK/sandbox.log" | head -1); [ -n "$EP" ] && break; sleep 0.5
done
[ -n "$EP" ] || { cat "$WORK/sandbox.log"; exit 1; }
job() { # FILE NAME -> completed job id
  java -cp "$AFTER" bench/Upload.java "$EP" bench "$1" "bench/$2" >"$WORK/upload.log" 2>&1 || true
  local a id; read -r a _ < <(tail -1 "$WORK/upload.log")
  id=$(aws --endpoint-url "$EP" glacier initiate-job --account-id - --vault-name bench \
       --job-parameters "{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"$a\",\"Tier\":\"Expedited\"}" --query jobId --output text)
  until [ "$(aws --endpoint-url "$EP" glacier describe-job --account-id - --vault-name bench --job-id="$id" \
           --query Completed --output text)" = "True" ]; do sleep 0.5; done
  echo "$id"
}
head -c $((1 << 20)) /dev/urandom >"$WORK/small.bin"; JS=$(job "$WORK/small.bin" small.bin); JB=
if [ "${BIG:-1}" = 1 ]; then # BIG=0: start-up only
  head -c $((1 << 30)) /dev/urandom >"$WORK/big.bin"; JB=$(job "$WORK/big.bin" big.bin); rm -f "$WORK/big.bin"
fi
n=0
run() { # JAR JOB -> "wall cpu"
  n=$((n + 1)); local cfg="$WORK/c$n.properties"
  printf '%s\n' "thaw.aws.endpoint=$EP" "thaw.aws.region=us-east-1" "thaw.aws.sandbox-credentials=true" \
    "thaw.store.url=jdbc:h2:file:$WORK/db$n" "thaw.staging=$WORK/staging" >"$cfg"
  rm -rf "$WORK/out"; mkdir -p "$WORK/out"
  /usr/bin/time -f "%e %U %S" -o "$WORK/t.txt" java -jar "$1" fetch --quiet --vault bench --job-id="$2" --to "$WORK/out" \
    --config "$cfg" >"$WORK/f.log" 2>&1 || { cat "$WORK/f.log"; exit 1; }
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$WORK/t.txt"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
declare -A W C
for _ in $(seq 1 "$RUNS"); do
  for j in before after; do
    jar=$BEFORE; [ $j = after ] && jar=$AFTER
    read -r w c < <(run "$jar" "$JS"); W[$j-s]+="$w "; C[$j-s]+="$c "
    [ -n "$JB" ] && { read -r w c < <(run "$jar" "$JB"); W[$j-b]+="$w "; C[$j-b]+="$c "; }
  done
done
m() { tr ' ' '\n' <<<"$1" | { grep . || echo n/a; } | median; }
echo "| jar | 1 MiB fetch s (median of $RUNS) | its CPU s | 1 GiB fetch s | its CPU s (CPU-s per verified GiB) |"
echo "|---|---|---|---|---|"
for j in before after; do
  echo "| $j | $(m "${W[$j-s]:-}") | $(m "${C[$j-s]:-}") | $(m "${W[$j-b]:-}") | $(m "${C[$j-b]:-}") |"
done
echo
echo "each run: 1 MiB walls ${W[before-s]}/ ${W[after-s]}; 1 GiB walls ${W[before-b]:-}/ ${W[after-b]:-}; CPU ${C[before-b]:-}/ ${C[after-b]:-}"
echo "$(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
