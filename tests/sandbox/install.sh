#!/usr/bin/env bash
# `make sandbox-install ENV=dev|staging|prod`: the install tried without a cluster. Starts the sandbox (a fresh
# cluster: default, kube-system, kube-public; Vault running in it), applies kustomize/overlays/$ENV with the real
# `kubectl apply -k` (validation on; the Prometheus Operator CRDs first when the overlay has monitoring; the watched
# namespaces created first, as a real install needs), configures Vault's Kubernetes auth as tests/e2e/steps.sh does,
# then runs the real Syncer binary as the Deployment runs it:
#   - a token of the installed ServiceAccount syncer-system/syncer for the API server (TokenRequest, 24 h here),
#   - a Vault token of that account with the overlay's audience in the file Vault:Auth:JwtFile names, renewed every
#     8 minutes of its 10 like the kubelet's projected token,
#   - POD_NAMESPACE, POD_NAME (the sandbox's pod of the Deployment) and the overlay's ConfigMap as its environment,
#   - VAULT_ADDR pointed at the sandbox's Vault (the one value changed), and nothing else from your shell.
# Ctrl-C stops everything. Files (kubeconfig, vault.env, tokens, logs) are in $SANDBOX_DIR/install-$ENV.
#
# Environment: CONFIGURATION (Release), SANDBOX_DIR (.sandbox), SYNCER_URLS (http://127.0.0.1:8080: /metrics,
# /healthz, /readyz).
set -euo pipefail
cd "$(dirname "$0")/../.."

ENV=${1:-dev}
CONFIGURATION=${CONFIGURATION:-Release}
OVERLAY=kustomize/overlays/$ENV
DIR=${SANDBOX_DIR:-.sandbox}/install-$ENV
SYNCER_URLS=${SYNCER_URLS:-http://127.0.0.1:8080}
SA=system:serviceaccount:syncer-system:syncer
[ -d "$OVERLAY" ] || { echo "sandbox-install: no overlay $OVERLAY (ENV=dev, staging or prod)" >&2; exit 2; }
for tool in kubectl curl jq dotnet; do
  command -v "$tool" >/dev/null || { echo "sandbox-install: $tool is required" >&2; exit 2; }
done

rm -rf "$DIR"; mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { printf '\n==> %s\n' "$*"; }
wait_for() {
  local what=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then echo "sandbox-install: timed out after ${seconds}s waiting for $what" >&2; return 1; fi
    sleep 0.5
  done
}

step "sandbox: a fresh cluster with Vault in it ($DIR/sandbox.log)"
SANDBOX_NAMESPACES="" dotnet "tests/Syncer.Sandbox/bin/$CONFIGURATION/net10.0/Syncer.Sandbox.dll" "$DIR" >"$DIR/sandbox.log" 2>&1 &
pids+=($!)
wait_for "the sandbox" 60 test -s "$DIR/vault.env"
export KUBECONFIG=$DIR/kubeconfig
set -a
# vault.env is written by the sandbox at run time: nothing for shellcheck to follow.
# shellcheck source=/dev/null
. "$DIR/vault.env"
set +a
server=$(kubectl config view -o jsonpath='{.clusters[0].cluster.server}')

step "kubectl apply -k $OVERLAY"
rendered=$(kubectl kustomize "$OVERLAY")
watched=$(awk '$1 ~ /^Syncer__Discovery__WatchNamespaces__[0-9]+:$/ { print $2 }' <<<"$rendered")
for ns in ${watched:-shop}; do kubectl create namespace "$ns"; done
if grep -q '^apiVersion: monitoring.coreos.com/' <<<"$rendered"; then
  kubectl apply -f tests/e2e/prometheus-operator-crds.yaml
  kubectl wait --for=condition=Established crd/servicemonitors.monitoring.coreos.com crd/prometheusrules.monitoring.coreos.com
fi
kubectl apply -k "$OVERLAY"

E2E_KUSTOMIZATION=$OVERLAY E2E_KUBERNETES_HOST=$server tests/e2e/steps.sh vault-config

step "Syncer as the Deployment runs it, under syncer-system/syncer"
audience=$(awk '$1 == "audience:" { print $2; exit }' <<<"$rendered")
cp "$KUBECONFIG" "$DIR/syncer-kubeconfig"
user=$(kubectl config view -o jsonpath='{.users[0].name}')
kubectl --kubeconfig "$DIR/syncer-kubeconfig" config set-credentials "$user" \
  --token="$(kubectl create token syncer -n syncer-system --duration 24h)" >/dev/null
# The projected Vault token: ten minutes of life, renewed at 80% (the kubelet's rule); Syncer re-reads it at each login.
renew_vault_token() {
  while true; do
    kubectl create token syncer -n syncer-system --audience "$audience" --duration 10m >"$DIR/vault-token.new"
    mv "$DIR/vault-token.new" "$DIR/vault-token"
    sleep 480
  done
}
renew_vault_token &
pids+=($!)
wait_for "the Vault token" 30 test -s "$DIR/vault-token"
configmap=$(kubectl -n syncer-system get deployment syncer -o jsonpath='{.spec.template.spec.containers[0].envFrom[0].configMapRef.name}')
{
  kubectl -n syncer-system get configmap "$configmap" -o json | jq -r '.data | to_entries[] | "\(.key)=\(.value)"'
  kubectl -n syncer-system get deployment syncer -o json | jq -r '.spec.template.spec.containers[0].env[] | select(.value != null) | "\(.name)=\(.value)"'
} >"$DIR/syncer.env"
wait_for "a pod of the Deployment" 30 kubectl -n syncer-system get pods -l app.kubernetes.io/name=syncer -o jsonpath='{.items[0].metadata.name}'
pod=$(kubectl -n syncer-system get pods -l app.kubernetes.io/name=syncer -o jsonpath='{.items[0].metadata.name}')
mapfile -t environment <"$DIR/syncer.env"
environment+=(
  "POD_NAMESPACE=syncer-system" "POD_NAME=$pod"
  "Vault__Auth__JwtFile=$DIR/vault-token" "VAULT_ADDR=$VAULT_ADDR"
  "KUBECONFIG=$DIR/syncer-kubeconfig" "Urls=$SYNCER_URLS"
)
env -i PATH="$PATH" HOME="$HOME" "${environment[@]}" dotnet "src/Syncer/bin/$CONFIGURATION/net10.0/Syncer.dll" >"$DIR/syncer.log" 2>&1 &
pids+=($!)
echo "${pids[-1]}" >"$DIR/syncer.pid"

cat <<HINTS

Syncer runs as syncer-system/$pod with the $ENV overlay's rights (log: $DIR/syncer.log). In another terminal:

  export KUBECONFIG=$KUBECONFIG
  set -a; . $DIR/vault.env; set +a
  kubectl apply -f tests/e2e/app.yaml            # a labeled Secret in shop, filled from secret/shop/db
  kubectl -n shop get secret db-credentials -o jsonpath='{.data.password}' | base64 -d
  kubectl auth can-i --list -n shop --as $SA
  E2E_KUSTOMIZATION=$OVERLAY tests/e2e/steps.sh rbac fill rotate force-sync

Ctrl-C stops Syncer and the sandbox.
HINTS
wait "${pids[-1]}"
