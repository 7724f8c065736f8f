#!/usr/bin/env bash
# `make demo`: the sandbox (Kubernetes API and Vault doubles, workload controllers), Syncer, and an application
# Secret and Deployment. Shows a first sync, a change in Vault reaching the Secret and rolling the Deployment once
# (a new ReplicaSet, `kubectl rollout status`), then exits. Everything it does is what a user would
# type: kubectl against the Kubernetes double, curl against the Vault double.
set -euo pipefail
cd "$(dirname "$0")/../.."

CONFIGURATION=${CONFIGURATION:-Release}
DIR=.sandbox/demo
rm -rf "$DIR"; mkdir -p "$DIR"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

bold() { printf '\n\033[1m%s\033[0m\n' "$*"; }
run() { printf '\033[36m$ %s\033[0m\n' "$*"; "$@"; }
# wait_for DESCRIPTION SECONDS COMMAND...: polls COMMAND until it succeeds or the deadline passes.
wait_for() {
  local what=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      echo "demo: timed out after ${seconds}s waiting for $what; Syncer's log is $DIR/syncer.log" >&2
      tail -20 "$DIR/syncer.log" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
}
vault_put() { # path json
  curl -sf -H "X-Vault-Token: $VAULT_TOKEN" -H 'Content-Type: application/json' \
    -X POST -d "{\"data\":$2}" "$VAULT_ADDR/v1/secret/data/$1" | jq -c '{version: .data.version}'
}
annotation() { kubectl -n shop get secret db-credentials -o "jsonpath={.metadata.annotations.syncer\.io/$1}"; }
source_version_is() { [ "$(annotation source-version)" = "$1" ]; }
rolled_for_is() { [ "$(kubectl -n shop get deployment web -o 'jsonpath={.metadata.annotations.syncer\.io/rolled-for}')" = "$1" ]; }
show_secret() {
  kubectl -n shop get secret db-credentials -o json |
    jq '{data: (.data // {} | map_values(@base64d)), annotations: (.metadata.annotations | with_entries(select(.key | startswith("syncer.io/"))))}'
}

bold "1. Start the sandbox: the Kubernetes API double and the Vault double on loopback"
dotnet "tests/Syncer.Sandbox/bin/$CONFIGURATION/net10.0/Syncer.Sandbox.dll" "$DIR" >"$DIR/sandbox.log" 2>&1 &
pids+=($!)
wait_for "the sandbox" 30 test -s "$DIR/vault.env"
set -a
# vault.env is written by the sandbox at run time: nothing for shellcheck to follow.
# shellcheck source=/dev/null
. "$DIR/vault.env"
set +a
export KUBECONFIG=$PWD/$DIR/kubeconfig
head -2 "$DIR/sandbox.log"

bold "2. A secret in Vault"
run vault_put shop/db '{"username":"shop-app","password":"correct-horse-1"}'

bold "3. Start Syncer (token auth from VAULT_TOKEN, kubeconfig from KUBECONFIG)"
Syncer__Sync__MinimumRefresh=00:00:05 ASPNETCORE_URLS=http://127.0.0.1:0 \
  Logging__Console__FormatterName=simple \
  dotnet "src/Syncer/bin/$CONFIGURATION/net10.0/Syncer.dll" >"$DIR/syncer.log" 2>&1 &
pids+=($!)
echo "Syncer is running (pid ${pids[-1]}), logging to $DIR/syncer.log"

bold "4. The application team labels a Secret and deploys an app that consumes it (envFrom)"
run kubectl apply -f tests/demo/app.yaml
wait_for "the first sync" 30 source_version_is secret/shop/db@1
run show_secret
run kubectl -n shop rollout status deployment/web --timeout=60s
run kubectl -n shop get replicasets

bold "5. Someone rotates the password in Vault; Syncer picks it up within the Secret's 5s refresh"
run vault_put shop/db '{"username":"shop-app","password":"correct-horse-2"}'
wait_for "the rotated value" 30 source_version_is secret/shop/db@2
run show_secret

bold "6. Syncer rolls the Deployment once for revision 2 (after its debounce window): one new ReplicaSet"
wait_for "the rollout" 60 rolled_for_is db-credentials=2
run kubectl -n shop rollout status deployment/web --timeout=60s
run kubectl -n shop get replicasets
run kubectl -n shop get deployment web -o 'jsonpath={.metadata.annotations.syncer\.io/rolled-for}{"  restarted-at "}{.spec.template.metadata.annotations.syncer\.io/restarted-at}{"\n"}'
run kubectl -n shop get events --field-selector reason=RestartTriggered

bold "7. How hard did Syncer work? Request counts from both doubles (the two Vault POSTs and kubectl's reads are this script's)"
curl -sf "$VAULT_ADDR/_sandbox/requests" | jq -c '.counts'
kube_api=$(kubectl config view -o jsonpath='{.clusters[0].cluster.server}')
curl -sf --cacert "$DIR/ca.crt" "$kube_api/_sandbox/requests" | jq -c '.counts'

bold "Done. Syncer's log: $DIR/syncer.log"
