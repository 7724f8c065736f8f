#!/usr/bin/env bash
# Memory of the real Syncer binary, idle and with SECRETS labeled Secrets (DATA_KIB of data each) indexed and
# scheduled, against the sandbox (Kubernetes and Vault doubles). Runs Syncer with the container's runtime settings
# (Dockerfile: heap limit 75%, 4 MiB gen0 budget; workstation GC from Syncer.csproj). Prints the working set (VmRSS),
# the live managed heap after a full GC and its biggest types (dotnet-gcdump), and the share of Quartz types; keeps
# the reports in $DIR.
# Needs dotnet-gcdump and dotnet-counters (`dotnet tool install -g dotnet-gcdump dotnet-counters`), curl and jq.
set -euo pipefail
cd "$(dirname "$0")/../.."
CONFIGURATION=${CONFIGURATION:-Release}
SYNCER_DLL=${SYNCER_DLL:-src/Syncer/bin/$CONFIGURATION/net10.0/Syncer.dll}
SANDBOX_DLL=${SANDBOX_DLL:-tests/Syncer.Sandbox/bin/$CONFIGURATION/net10.0/Syncer.Sandbox.dll}
SECRETS=${SECRETS:-10000}
NAMESPACES=${NAMESPACES:-10}
PATHS=${PATHS:-100}
DATA_KIB=${DATA_KIB:-10}
PORT=${PORT:-18087}
SETTLE=${SETTLE:-15}
DIR=${DIR:-.sandbox/memory}
export PATH="$PATH:$HOME/.dotnet/tools"
command -v dotnet-gcdump >/dev/null || { echo "memory.sh: dotnet-gcdump is needed (dotnet tool install -g dotnet-gcdump)" >&2; exit 1; }
rm -rf "$DIR"; mkdir -p "$DIR"; DIR=$(cd "$DIR" && pwd)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
wait_for() { # what seconds command...
  local what=$1 deadline=$((SECONDS + $2)); shift 2
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { echo "memory.sh: timed out waiting for $what" >&2; exit 1; }
    sleep 0.5
  done
}

dotnet "$SANDBOX_DLL" "$DIR" >"$DIR/sandbox.log" 2>&1 &
pids+=($!)
wait_for "the sandbox" 60 test -s "$DIR/vault.env"
# vault.env is written by the sandbox at run time: nothing for shellcheck to follow.
set -a
# shellcheck source=/dev/null
. "$DIR/vault.env"
set +a
export KUBECONFIG=$DIR/kubeconfig
server=$(kubectl config view --raw -o jsonpath='{.clusters[0].cluster.server}')
token=$(kubectl config view --raw -o jsonpath='{.users[0].user.token}')
curl_kube=(curl -sf)
[ -n "$token" ] && curl_kube+=(-H "Authorization: Bearer $token")
ca=$(kubectl config view --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}')
if [ -n "$ca" ]; then base64 -d <<<"$ca" >"$DIR/ca.crt"; curl_kube+=(--cacert "$DIR/ca.crt"); fi
api_root=$(sed -E 's#^(https?://[^/]+).*#\1#' <<<"$server")
kube_requests() { "${curl_kube[@]}" "$api_root/_sandbox/requests"; }

start_syncer() { # log-name
  DOTNET_GCHeapHardLimitPercent=0x4B DOTNET_GCgen0size=0x400000 ASPNETCORE_URLS=http://127.0.0.1:$PORT \
    Logging__LogLevel__Default=Warning Syncer__Scheduling__MaxJitter=00:00:00 \
    dotnet "$SYNCER_DLL" >"$DIR/$1.log" 2>&1 &
  syncer=$!
  pids+=("$syncer")
  wait_for "Syncer's /readyz" 120 ready_or_dead
}
ready_or_dead() {
  kill -0 "$syncer" 2>/dev/null || { echo "memory.sh: Syncer exited; see $DIR" >&2; exit 1; }
  curl -sf "http://127.0.0.1:$PORT/readyz"
}
stop_syncer() { kill "$syncer"; wait "$syncer" 2>/dev/null || true; }
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$syncer/status"; }
measure() { # label
  local before after committed
  before=$(rss_mb)
  # The GC's own view: memory it has committed (heap plus free space it keeps), as dotnet-counters reports it.
  dotnet-counters collect -p "$syncer" --counters System.Runtime --format json --duration 00:00:00:04 -o "$DIR/$1.counters.json" >/dev/null 2>&1 || true
  committed=$(jq -r '[.Events[]? | select(.name | test("committed"))] | last | .value // empty' "$DIR/$1.counters.json" 2>/dev/null | awk '{printf "%.1f", $1 / 1048576}')
  dotnet-gcdump collect -p "$syncer" -o "$DIR/$1.gcdump" >/dev/null
  dotnet-gcdump report "$DIR/$1.gcdump" >"$DIR/$1.heap.txt"
  after=$(rss_mb)
  # heapstat: a "GC Heap bytes" total, then "<bytes> <count> <type>" per type.
  local heap
  heap=$(awk '/GC Heap bytes/ {gsub(",", "", $1); printf "%.1f", $1 / 1048576}' "$DIR/$1.heap.txt")
  # Per type the report gives one object's size and the count: their product estimates the type's share.
  share() { awk -v pat="$1" '$1 ~ /^[0-9,]+$/ && $2 ~ /^[0-9,]+$/ && $0 ~ pat {gsub(",", "", $1); gsub(",", "", $2); s += $1 * $2} END {printf "%.1f", s / 1048576}' "$DIR/$2.heap.txt"; }
  printf '%-16s working set %7s MB (after a full GC %7s MB); GC committed %6s MB; live managed heap %6s MB, of it about: Quartz %5s MB, Syncer %5s MB, KubernetesClient models %5s MB\n' \
    "$1" "$before" "$after" "${committed:-?}" "$heap" "$(share Quartz "$1")" "$(share 'Syncer[.]' "$1")" "$(share 'k8s[.]Models' "$1")" | tee -a "$DIR/summary.txt"
}

echo "idle: Syncer with no labeled Secrets"
start_syncer idle
sleep "$SETTLE"
measure idle
stop_syncer

echo "seeding $PATHS Vault paths and $SECRETS Secrets with ${DATA_KIB} KiB of data each"
for n in $(seq 0 $((NAMESPACES - 1))); do
  "${curl_kube[@]}" -H 'Content-Type: application/json' -X POST -d "{\"metadata\":{\"name\":\"team-$n\"}}" "$api_root/api/v1/namespaces" >/dev/null
done
for p in $(seq 0 $((PATHS - 1))); do
  n=$((p % NAMESPACES))
  curl -sf -H "X-Vault-Token: $VAULT_TOKEN" -X POST -d "{\"data\":{\"user\":\"u$p\",\"password\":\"pw-$p\"}}" \
    "$VAULT_ADDR/v1/secret/data/team-$n/app-$p" >/dev/null
done
blob=$(head -c $((DATA_KIB * 1024)) /dev/urandom | base64 -w0)
mkdir -p "$DIR/bodies"; : >"$DIR/curl.cfg"
per_request='header = "Content-Type: application/json"\nfail\nsilent\nshow-error\noutput = "/dev/null"\n'
[ -n "$token" ] && per_request+="header = \"Authorization: Bearer $token\"\n"
[ -n "$ca" ] && per_request+="cacert = \"$DIR/ca.crt\"\n"
for i in $(seq 0 $((SECRETS - 1))); do
  p=$((i % PATHS)); n=$((p % NAMESPACES))
  printf '{"metadata":{"name":"s-%s","labels":{"syncer.io/enabled":"true"},"annotations":{"syncer.io/path":"secret/team-%s/app-%s","syncer.io/refresh":"1h"}},"type":"Opaque","data":{"blob":"%s"}}' \
    "$i" "$n" "$p" "$blob" >"$DIR/bodies/$i.json"
  [ "$i" -gt 0 ] && echo next >>"$DIR/curl.cfg"
  printf 'url = "%s/api/v1/namespaces/team-%s/secrets"\ndata-binary = "@%s/bodies/%s.json"\n%b' "$api_root" "$n" "$DIR" "$i" "$per_request" >>"$DIR/curl.cfg"
done
curl --no-progress-meter --parallel --parallel-max 8 -K "$DIR/curl.cfg"
rm -rf "$DIR/bodies"

echo "with $SECRETS Secrets: Syncer starts, lists, schedules and syncs each once"
start_syncer loaded
patches() { kube_requests | jq '.counts["patch secrets"] // 0'; }
all_patched() { [ "$(patches)" -ge "$SECRETS" ]; }
wait_for "every Secret synced" 600 all_patched
last=-1
until [ "$last" = "$(patches)" ]; do last=$(patches); sleep 3; done
sleep "$SETTLE"
measure "loaded-$SECRETS"
echo "Kubernetes requests: $(kube_requests | jq -c '.counts')" | tee -a "$DIR/summary.txt"
echo "Top types of the live heap:" | tee -a "$DIR/summary.txt"
grep -E '^\s*[0-9,]+\s+[0-9,]+\s' "$DIR/loaded-$SECRETS.heap.txt" | head -25 | tee -a "$DIR/summary.txt"
