#!/usr/bin/env bash
# `make e2e`: the real thing on kind. Needs Docker, kind and kubectl (our CI machines have no Docker engine, so
# this runs on developer machines and in .github/workflows/e2e.yaml).
#
# Builds the image, starts a dev-mode Vault in the cluster with Kubernetes auth for Syncer's service account,
# installs Syncer from the dev overlay (tests/e2e/kustomization.yaml), then checks the user contract end to end:
# a labeled Secret is filled from Vault, and a Vault change reaches it within one refresh interval.
set -euo pipefail
cd "$(dirname "$0")/../.."

CLUSTER=${E2E_CLUSTER:-syncer-e2e}
KEEP=${E2E_KEEP_CLUSTER:-0}
for tool in docker kind kubectl; do
  command -v "$tool" >/dev/null || { echo "e2e: $tool is required" >&2; exit 2; }
done

step() { printf '\n==> %s\n' "$*"; }
cleanup() { if [ "$KEEP" != 1 ]; then kind delete cluster --name "$CLUSTER" >/dev/null 2>&1 || true; fi; }
trap cleanup EXIT

# wait_for DESCRIPTION SECONDS COMMAND...: polls COMMAND until it succeeds or the deadline passes.
wait_for() {
  local what=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then echo "e2e: timed out after ${seconds}s waiting for $what" >&2; return 1; fi
    sleep 2
  done
  echo "ok: $what"
}
secret_value() { kubectl -n shop get secret db-credentials -o jsonpath="{.data.$1}" | base64 -d; }
secret_is() { [ "$(secret_value "$1")" = "$2" ]; }
vault() { kubectl -n vault exec deploy/vault -- vault "$@"; }

step "kind cluster $CLUSTER"
kind get clusters 2>/dev/null | grep -qx "$CLUSTER" || kind create cluster --name "$CLUSTER" --wait 120s

step "image syncer:e2e"
docker build -t syncer:e2e .
kind load docker-image syncer:e2e --name "$CLUSTER"

step "Vault (dev mode) with Kubernetes auth for syncer-system/syncer"
kubectl apply -f tests/e2e/vault.yaml
kubectl -n vault rollout status deploy/vault --timeout=180s
vault auth enable kubernetes 2>/dev/null || true
vault write auth/kubernetes/config kubernetes_host=https://kubernetes.default.svc
kubectl -n vault exec -i deploy/vault -- vault policy write syncer - <<'HCL'
path "secret/data/*"               { capabilities = ["read"] }
path "secret/metadata/*"           { capabilities = ["read", "list"] }
path "sys/internal/ui/mounts/*"    { capabilities = ["read"] }
HCL
vault write auth/kubernetes/role/syncer bound_service_account_names=syncer \
  bound_service_account_namespaces=syncer-system policies=syncer ttl=1h max_ttl=4h
vault kv put secret/shop/db username=app password=first

step "Syncer from the dev overlay"
kubectl apply -k tests/e2e
kubectl -n syncer-system rollout status deploy/syncer --timeout=180s

step "a labeled Secret is filled from Vault"
kubectl apply -f tests/e2e/app.yaml
wait_for "db-credentials filled" 60 secret_is password first
secret_is username app
kubectl -n shop get secret db-credentials -o jsonpath='{.metadata.annotations}' ; echo

step "a Vault change reaches the Secret within one refresh interval (30s)"
vault kv put secret/shop/db username=app password=second
wait_for "db-credentials updated" 75 secret_is password second

step "force-sync reads Vault at once"
vault kv put secret/shop/db username=app password=third
kubectl -n shop annotate secret db-credentials --overwrite "syncer.io/force-sync=$(date +%s)"
wait_for "db-credentials force-synced" 20 secret_is password third

echo
echo "e2e: passed"
