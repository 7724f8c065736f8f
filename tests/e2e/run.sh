#!/usr/bin/env bash
# `make e2e`: the real thing on kind. Needs Docker, kind, kubectl, curl and jq (our CI machines have no Docker
# engine, so this runs on developer machines and in .github/workflows/e2e.yaml).
#
# Builds the image, starts a dev-mode Vault in the cluster, then runs tests/e2e/steps.sh: Vault's Kubernetes auth
# with the role's token audience, the dev overlay installed (tests/e2e/kustomization.yaml: the local image), its
# RBAC checked with `kubectl auth can-i`, and the user contract: a labeled Secret filled from Vault, a Vault change
# reaching it within one refresh interval, force-sync.
set -euo pipefail
cd "$(dirname "$0")/../.."

CLUSTER=${E2E_CLUSTER:-syncer-e2e}
KEEP=${E2E_KEEP_CLUSTER:-0}
VAULT_PORT=${E2E_VAULT_PORT:-18200}
for tool in docker kind kubectl curl jq; do
  command -v "$tool" >/dev/null || { echo "e2e: $tool is required" >&2; exit 2; }
done

step() { printf '\n==> %s\n' "$*"; }
port_forward=
cleanup() {
  if [ -n "$port_forward" ]; then kill "$port_forward" 2>/dev/null || true; fi
  if [ "$KEEP" != 1 ]; then kind delete cluster --name "$CLUSTER" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

step "kind cluster $CLUSTER"
kind get clusters 2>/dev/null | grep -qx "$CLUSTER" || kind create cluster --name "$CLUSTER" --wait 120s

step "image syncer:e2e"
docker build --build-arg VERSION=0.0.0-e2e --build-arg COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" -t syncer:e2e .
kind load docker-image syncer:e2e --name "$CLUSTER"

step "Vault (dev mode), reached through a port-forward"
kubectl apply -f tests/e2e/vault.yaml
kubectl -n vault rollout status deploy/vault --timeout=180s
kubectl -n vault port-forward svc/vault "$VAULT_PORT:8200" >/dev/null &
port_forward=$!
export VAULT_ADDR=http://127.0.0.1:$VAULT_PORT VAULT_TOKEN=root
deadline=$((SECONDS + 30))
until curl -sf "$VAULT_ADDR/v1/sys/health" >/dev/null; do
  ((SECONDS < deadline)) || { echo "e2e: Vault's port-forward did not answer" >&2; exit 1; }
  sleep 1
done

# The NetworkPolicy admits the API server by address: kind's control plane, wherever docker put it.
api_ip=$(kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes -o jsonpath='{.items[0].endpoints[0].addresses[0]}')
export E2E_API_SERVER_CIDR=$api_ip/32

tests/e2e/steps.sh vault-config install wait-syncer rbac app fill rotate force-sync

echo
echo "e2e: passed"
