# Syncer: keeps labeled Kubernetes Secrets in step with HashiCorp Vault.
# `make help` lists the targets.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

DOTNET ?= dotnet
KUBECTL ?= kubectl
CONFIGURATION ?= Release
SANDBOX_DIR ?= .sandbox
# What the image runs (Dockerfile): Syncer self-contained and trimmed (PublishProfiles/container.pubxml).
PUBLISH_DIR ?= artifacts/publish
# The release the image is built as; kustomize/base pins the same tag (a test checks they agree). Never `latest`.
VERSION ?= 0.1.0
IMAGE ?= ghcr.io/syncer-io/syncer
ENVS := dev staging prod
ENV ?= dev
# The overlay of ENV, or a stop naming the choices.
overlay = $(if $(filter $(ENV),$(ENVS)),kustomize/overlays/$(ENV),$(error ENV must be one of: $(ENVS) (got '$(ENV)')))
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

.PHONY: help
help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: build
build: ## Build the solution (warnings are errors)
	$(DOTNET) build Syncer.sln -c $(CONFIGURATION)

.PHONY: test
test: build ## Run every test (unit, doubles' conformance, integration against the doubles, the fault matrix, a short fixed-seed chaos run, kubectl)
	@mkdir -p artifacts; status=0; \
	$(DOTNET) test --solution Syncer.sln -c $(CONFIGURATION) --no-build --no-progress \
	    --results-directory artifacts/test-results 2>&1 | tee artifacts/test.log || status=$$?; \
	awk '/Test run summary/{s=1} s&&/^ +failed:/{f=$$2} s&&/^ +succeeded:/{p=$$2} s&&/^ +skipped:/{k=$$2} \
	    END{printf "%d passed, %d failed, %d skipped\n", p, f, k}' artifacts/test.log; \
	exit $$status

# make chaos: SEED (empty: a random one, printed) and DURATION (90s, 10m, 1h) of the fault phase.
SEED ?=
DURATION ?= 10m

.PHONY: chaos
chaos: build ## Chaos run: the real Syncer binary against the doubles under seeded random faults and SIGKILLs (SEED=, DURATION=10m); prints a summary, fails on any violation or leak
	$(DOTNET) tests/Syncer.Chaos/bin/$(CONFIGURATION)/net10.0/Syncer.Chaos.dll --seed "$(SEED)" --duration $(DURATION) --out artifacts/chaos

.PHONY: sandbox
sandbox: ## Start the Kubernetes (with workload controllers) and Vault doubles on loopback; writes .sandbox/kubeconfig and .sandbox/vault.env
	$(DOTNET) run --project tests/Syncer.Sandbox -c $(CONFIGURATION) -- $(SANDBOX_DIR)

.PHONY: sandbox-install
sandbox-install: build ## The install without a cluster: a fresh sandbox, kubectl apply -k kustomize/overlays/ENV (ENV=dev|staging|prod), and Syncer run as that Deployment runs it
	CONFIGURATION=$(CONFIGURATION) SANDBOX_DIR=$(SANDBOX_DIR) tests/sandbox/install.sh $(notdir $(overlay))

.PHONY: clean
clean: ## Remove build output
	$(DOTNET) clean Syncer.sln -c $(CONFIGURATION) >/dev/null
	rm -rf artifacts $(SANDBOX_DIR)

.PHONY: e2e
e2e: ## End to end on kind: image, in-cluster Vault dev server, the dev overlay (needs Docker, kind, kubectl)
	tests/e2e/run.sh

.PHONY: manifests
manifests: ## Render every kustomize overlay (dev, staging, prod) to check it builds
	@for env in $(ENVS); do $(KUBECTL) kustomize kustomize/overlays/$$env >/dev/null && echo "ok: kustomize/overlays/$$env"; done

.PHONY: image
image: ## Build the image IMAGE:VERSION with Docker (default ghcr.io/syncer-io/syncer:0.1.0, the tag the base pins)
	docker build --build-arg VERSION=$(VERSION) --build-arg COMMIT="$$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
	    -t $(IMAGE):$(VERSION) .

.PHONY: deploy
deploy: ## Install or upgrade Syncer in the current kube context: kubectl apply -k kustomize/overlays/ENV (ENV=dev|staging|prod)
	$(KUBECTL) apply -k $(overlay)
	$(KUBECTL) -n syncer-system rollout status deployment/syncer --timeout=180s

.PHONY: undeploy
undeploy: ## Remove what `make deploy ENV=...` installed; Secrets keep their data and syncer.io annotations
	$(KUBECTL) delete -k $(overlay) --ignore-not-found

.PHONY: run
run: ## Run Syncer against the current kubeconfig and VAULT_ADDR / VAULT_TOKEN (builds Syncer alone, not the tests)
	$(DOTNET) build src/Syncer -c $(CONFIGURATION) --nologo -v quiet
	$(DOTNET) src/Syncer/bin/$(CONFIGURATION)/net10.0/Syncer.dll

.PHONY: demo
demo: build ## Sandbox + Syncer + a labeled Secret and Deployment: a sync, a Vault change, the update; then exits
	CONFIGURATION=$(CONFIGURATION) tests/demo/demo.sh

.PHONY: publish
publish: ## Publish Syncer as the image runs it (self-contained, trimmed) into PUBLISH_DIR (artifacts/publish)
	$(DOTNET) publish src/Syncer/Syncer.csproj -p:PublishProfile=container -o $(PUBLISH_DIR) --nologo

.PHONY: test-image
test-image: build publish ## The image's build (make publish) run for real: the short chaos run (seed 7) and the quick bench against PUBLISH_DIR/Syncer.dll; what the trimmer removed by mistake fails here, not in a cluster
	$(DOTNET) tests/Syncer.Chaos/bin/$(CONFIGURATION)/net10.0/Syncer.Chaos.dll --preset short --seed 7 --syncer $(PUBLISH_DIR)/Syncer.dll --out artifacts/test-image/chaos
	$(DOTNET) tests/Syncer.Benchmarks/bin/$(CONFIGURATION)/net10.0/Syncer.Benchmarks.dll --quick --syncer $(PUBLISH_DIR)/Syncer.dll --out artifacts/test-image/bench

.PHONY: bench
bench: build publish ## The benchmark (docs/performance.md) of the image's build (make publish): 10,000 Secrets, the growth series to 50,000, beside a raw-client floor; ARGS="--quick" or other sizes
	$(DOTNET) tests/Syncer.Benchmarks/bin/$(CONFIGURATION)/net10.0/Syncer.Benchmarks.dll --syncer $(PUBLISH_DIR)/Syncer.dll --out artifacts/bench $(ARGS)

