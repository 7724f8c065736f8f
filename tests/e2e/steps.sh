#!/usr/bin/env bash
# The end-to-end steps that need only kubectl, curl and jq: a cluster (kind, or the sandbox of issue 11) reached
# through the current kubeconfig, and a Vault reached at VAULT_ADDR with a token that may configure it.
# tests/e2e/run.sh runs them on kind; a test can run them against the sandbox.
#
#   tests/e2e/steps.sh STEP...    steps, in this order:
#     vault-config  Kubernetes auth, Syncer's policy, the role `syncer` bound to syncer-system/syncer with the
#                   install's token audience, and a first value at secret/shop/db
#     install       kubectl apply -k $E2E_KUSTOMIZATION (and the API-server CIDR, if E2E_API_SERVER_CIDR is set)
#     wait-syncer   the Deployment rolled out (skip it where something else runs the binary)
#     rbac          kubectl auth can-i: the ServiceAccount has the verbs Syncer calls and none beyond
#     app           a labeled Secret and a Deployment consuming it, in namespace shop
#     fill          the Secret is filled from Vault
#     rotate        a Vault change reaches it within one refresh interval (30 s)
#     force-sync    syncer.io/force-sync reads Vault at once
#
# Environment: VAULT_ADDR, VAULT_TOKEN (required); KUBECTL (default kubectl); E2E_KUSTOMIZATION (default
# tests/e2e); E2E_KUBERNETES_HOST (what Vault calls for TokenReview, default https://kubernetes.default.svc);
# E2E_API_SERVER_CIDR (replaces the NetworkPolicy's API-server CIDR, e.g. kind's control-plane address).
set -euo pipefail
cd "$(dirname "$0")/../.."

KUBECTL=${KUBECTL:-kubectl}
KUSTOMIZATION=${E2E_KUSTOMIZATION:-tests/e2e}
SA=system:serviceaccount:syncer-system:syncer
(($#)) || { sed -n '2,/^set -euo/p' "$0" | sed '$d' >&2; exit 2; }
: "${VAULT_ADDR:?VAULT_ADDR is required}" "${VAULT_TOKEN:?VAULT_TOKEN is required}"

step() { printf '\n==> %s\n' "$*"; }
k() { $KUBECTL "$@"; }
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
# vault_api METHOD PATH [JSON]: Vault's HTTP API, as the vault CLI would call it.
vault_api() {
  local body=()
  if (($# > 2)); then body=(-H 'Content-Type: application/json' -d "$3"); fi
  curl -sS --fail-with-body -X "$1" -H "X-Vault-Token: $VAULT_TOKEN" "${body[@]}" "${VAULT_ADDR%/}/v1/$2"
}
vault_kv_put() { vault_api POST "secret/data/$1" "$(jq -cn --argjson data "$2" '{data: $data}')" >/dev/null; }
secret_value() { k -n shop get secret db-credentials -o "jsonpath={.data.$1}" | base64 -d; }
secret_is() { [ "$(secret_value "$1")" = "$2" ]; }
# The audience the install's projected Vault token carries (kustomize/overlays/<env>/install-parameters.yaml).
install_audience() { k kustomize "$KUSTOMIZATION" | awk '$1 == "audience:" { print $2; exit }'; }
# can VERB RESOURCE NAMESPACE yes|no: what the API server answers for Syncer's ServiceAccount.
can() {
  local answer
  answer=$(k auth can-i "$1" "$2" -n "$3" --as "$SA" 2>/dev/null || true)
  if [ "$answer" != "$4" ]; then echo "e2e: can-i $1 $2 -n $3 as $SA: expected $4, got '${answer}'" >&2; return 1; fi
  echo "ok: can-i $1 $2 -n $3: $4"
}

vault_config() {
  step "Vault: Kubernetes auth for syncer-system/syncer, audience $(install_audience)"
  if ! vault_api GET sys/auth | jq -e '.data["kubernetes/"]' >/dev/null; then
    vault_api POST sys/auth/kubernetes '{"type":"kubernetes"}' >/dev/null
  fi
  vault_api POST auth/kubernetes/config "$(jq -cn --arg host "${E2E_KUBERNETES_HOST:-https://kubernetes.default.svc}" '{kubernetes_host: $host}')" >/dev/null
  vault_api PUT sys/policies/acl/syncer "$(jq -cn --rawfile policy tests/e2e/vault-policy.hcl '{policy: $policy}')" >/dev/null
  vault_api POST auth/kubernetes/role/syncer "$(jq -cn --arg audience "$(install_audience)" '{
      bound_service_account_names: ["syncer"], bound_service_account_namespaces: ["syncer-system"],
      audience: $audience, token_policies: ["syncer"], token_ttl: "1h", token_max_ttl: "4h"}')" >/dev/null
  vault_kv_put shop/db '{"username":"app","password":"first"}'
  echo "ok: role syncer, policy syncer, secret/shop/db"
}

install() {
  step "Syncer from $KUSTOMIZATION"
  k apply -k "$KUSTOMIZATION"
  if [ -n "${E2E_API_SERVER_CIDR:-}" ]; then
    k -n syncer-system patch networkpolicy syncer --type json \
      -p "$(jq -cn --arg cidr "$E2E_API_SERVER_CIDR" '[{op: "replace", path: "/spec/egress/0/to/0/ipBlock/cidr", value: $cidr}]')"
  fi
}

wait_syncer() {
  step "Syncer running"
  k -n syncer-system rollout status deploy/syncer --timeout=180s
}

rbac() {
  step "RBAC: the verbs Syncer calls, and none beyond"
  can get secrets shop yes; can list secrets shop yes; can watch secrets shop yes; can patch secrets shop yes
  can update secrets shop no; can create secrets shop no; can delete secrets shop no
  can create events shop yes; can patch events shop no; can create events.events.k8s.io shop no
  can patch deployments.apps shop yes; can patch statefulsets.apps shop yes; can patch daemonsets.apps shop yes
  can delete deployments.apps shop no
  can get leases.coordination.k8s.io/syncer-leader syncer-system yes
  can update leases.coordination.k8s.io/syncer-leader syncer-system yes
  can update leases.coordination.k8s.io/other syncer-system no
  can create secrets syncer-system yes
  can get secrets/syncer-hmac-key syncer-system yes; can create events syncer-system yes
  if ! k get clusterrolebinding syncer >/dev/null 2>&1; then
    # A namespaced install: nothing outside the watched namespaces.
    can get secrets kube-system no; can list secrets kube-system no; can get secrets/other syncer-system no
  fi
}

app() {
  step "a labeled Secret and a Deployment that consumes it"
  k apply -f tests/e2e/app.yaml
}

fill() {
  step "a labeled Secret is filled from Vault"
  wait_for "db-credentials filled" 60 secret_is password first
  secret_is username app
  k -n shop get secret db-credentials -o jsonpath='{.metadata.annotations}'; echo
}

rotate() {
  step "a Vault change reaches the Secret within one refresh interval (30s)"
  vault_kv_put shop/db '{"username":"app","password":"second"}'
  wait_for "db-credentials updated" 75 secret_is password second
}

force_sync() {
  step "force-sync reads Vault at once"
  vault_kv_put shop/db '{"username":"app","password":"third"}'
  k -n shop annotate secret db-credentials --overwrite "syncer.io/force-sync=$(date +%s)"
  wait_for "db-credentials force-synced" 20 secret_is password third
}

for s in "$@"; do
  case $s in
    vault-config) vault_config ;; install) install ;; wait-syncer) wait_syncer ;; rbac) rbac ;; app) app ;;
    fill) fill ;; rotate) rotate ;; force-sync) force_sync ;;
    *) echo "e2e: unknown step '$s'" >&2; exit 2 ;;
  esac
done
