#!/usr/bin/env bash
# `thaw plan` with the default pace (issue 15): N archives of 5 MiB each (N = 100,000 is ~488 GiB), the
# time per tier (Glacier time + download time) and the limit that binds. Run from the repo root after
# `mvn -B package -DskipTests`.   bench/plan-pace.sh [N=100000] [--download-rate 20MiB ...]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
shift || true
mkdir -p target/bench
inv=target/bench/uniform-$n.json
if [ ! -f "$inv" ]; then
  awk -v n="$n" 'BEGIN {
    printf "{\"VaultARN\":\"arn:aws:glacier:us-east-1:012345678901:vaults/bench\",\"InventoryDate\":\"2025-01-01T00:00:00Z\",\"ArchiveList\":["
    for (i = 0; i < n; i++) {
      printf "%s{\"ArchiveId\":\"id-%0130d\",\"ArchiveDescription\":\"files/%07d.bin\",\"CreationDate\":\"2020-01-01T00:00:00Z\",\"Size\":5242880,\"SHA256TreeHash\":\"%064x\"}", (i ? "," : ""), i, i, i
    }
    print "]}" }' >"$inv"
fi
/usr/bin/time -f "elapsed %e s, peak RSS %M KB" java -Xmx512m -jar "${JAR:-target/thaw.jar}" plan --vault bench \
  --inventory "$inv" "$@" | sed -n '/selected/p;/retrievals/p;/^  time/,/^  destination/p;/pace  /p;/window/p'
