#!/usr/bin/env bash
# `make bench-sync`: 1,000 labeled Secrets in 10 namespaces over 100 distinct Vault paths, synced by the real
# Syncer binary against the sandbox. Prints time to all synced, Vault reads and Kubernetes writes.
set -euo pipefail
cd "$(dirname "$0")/../.."
CONFIGURATION=${CONFIGURATION:-Release}
SECRETS=${SECRETS:-1000}
NAMESPACES=10
PATHS_PER_NAMESPACE=10
DIR=.sandbox/bench
rm -rf "$DIR"; mkdir -p "$DIR"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
wait_file() { for _ in $(seq 1 100); do [ -s "$1" ] && return 0; sleep 0.3; done; echo "timed out waiting for $1" >&2; exit 1; }
now_ms() { date +%s%3N; }

dotnet "tests/Syncer.Sandbox/bin/$CONFIGURATION/net10.0/Syncer.Sandbox.dll" "$DIR" >"$DIR/sandbox.log" 2>&1 &
pids+=($!)
wait_file "$DIR/vault.env"
set -a
# vault.env is written by the sandbox at run time: nothing for shellcheck to follow.
# shellcheck source=/dev/null
. "$DIR/vault.env"
set +a
export KUBECONFIG=$PWD/$DIR/kubeconfig
kube_api=$(kubectl config view -o jsonpath='{.clusters[0].cluster.server}')

echo "seeding $((NAMESPACES * PATHS_PER_NAMESPACE)) Vault paths and $SECRETS Secret manifests"
manifest="$DIR/secrets.yaml"; : >"$manifest"
for n in $(seq 0 $((NAMESPACES - 1))); do
  printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-%s\n---\n' "$n" >>"$manifest"
  for p in $(seq 0 $((PATHS_PER_NAMESPACE - 1))); do
    curl -sf -H "X-Vault-Token: $VAULT_TOKEN" -X POST -d "{\"data\":{\"user\":\"u$p\",\"password\":\"pw-$n-$p\"}}" \
      "$VAULT_ADDR/v1/secret/data/team-$n/app-$p" >/dev/null
  done
done
for i in $(seq 0 $((SECRETS - 1))); do
  n=$((i % NAMESPACES)); p=$(((i / NAMESPACES) % PATHS_PER_NAMESPACE))
  printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s-%s\n  namespace: team-%s\n  labels: {syncer.io/enabled: "true"}\n  annotations: {syncer.io/path: secret/team-%s/app-%s, syncer.io/refresh: 1h}\ntype: Opaque\n---\n' \
    "$i" "$n" "$n" "$p" >>"$manifest"
done
kubectl apply -f "$manifest" >/dev/null

echo "starting Syncer with $SECRETS labeled Secrets waiting"
start=$(now_ms)
ASPNETCORE_URLS=http://127.0.0.1:0 Logging__LogLevel__Default=Warning \
  dotnet "src/Syncer/bin/$CONFIGURATION/net10.0/Syncer.dll" >"$DIR/syncer.log" 2>&1 &
pids+=($!)
synced=0
until [ "$synced" -ge "$SECRETS" ]; do
  sleep 0.5
  synced=$(kubectl get secrets -A -l syncer.io/enabled=true -o json | jq '[.items[] | select(.metadata.annotations["syncer.io/source-version"] != null)] | length')
  if (( $(now_ms) - start > 300000 )); then echo "not all synced after 300 s ($synced)" >&2; exit 1; fi
done
elapsed=$(( $(now_ms) - start ))
sleep 1
echo
echo "all $SECRETS Secrets synced in ${elapsed} ms after Syncer started (process start and first list included)"
vault_counts=$(curl -sf "$VAULT_ADDR/_sandbox/requests")
echo "Vault: $(jq '[.counts | to_entries[] | select(.key | startswith("GET secret/data/")) | .value] | add' <<<"$vault_counts") data reads for $((NAMESPACES * PATHS_PER_NAMESPACE)) distinct paths;" \
  "other: $(jq -c '.counts | with_entries(select((.key | startswith("GET secret/data/") or startswith("POST secret/data/")) | not))' <<<"$vault_counts")" \
  "(plus the script's $((NAMESPACES * PATHS_PER_NAMESPACE)) seeding POSTs)"
echo "Kubernetes requests (the script's own creates and gets included):"
curl -sf --cacert "$DIR/ca.crt" "$kube_api/_sandbox/requests" | jq -r '.counts | to_entries[] | "  \(.key): \(.value)"'
