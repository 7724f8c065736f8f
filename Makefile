# Syncer: keeps labeled Kubernetes Secrets in step with HashiCorp Vault.
# `make help` lists the targets.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

DOTNET ?= dotnet
CONFIGURATION ?= Release
SANDBOX_DIR ?= .sandbox
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

.PHONY: help
help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: build
build: ## Build the solution (warnings are errors)
	$(DOTNET) build Syncer.sln -c $(CONFIGURATION)

.PHONY: test
test: build ## Run every test (unit, doubles' conformance, integration against the doubles, kubectl)
	@rm -rf artifacts/test-results
	@status=0; $(DOTNET) test Syncer.sln -c $(CONFIGURATION) --no-build \
	    --logger "console;verbosity=minimal" --results-directory artifacts/test-results \
	    2>&1 | tee artifacts-test.log || status=$$?; \
	awk '/(Passed|Failed)! +- +Failed: /{gsub(",","");for(i=1;i<=NF;i++){if($$i=="Failed:")f+=$$(i+1);if($$i=="Passed:")p+=$$(i+1);if($$i=="Skipped:")s+=$$(i+1)}} \
	    END{printf "%d passed, %d failed, %d skipped\n", p, f, s}' artifacts-test.log; \
	rm -f artifacts-test.log; exit $$status

.PHONY: sandbox
sandbox: ## Start the Kubernetes and Vault doubles on loopback; writes .sandbox/kubeconfig and .sandbox/vault.env
	$(DOTNET) run --project tests/Syncer.Sandbox -c $(CONFIGURATION) -- $(SANDBOX_DIR)

.PHONY: clean
clean: ## Remove build output
	$(DOTNET) clean Syncer.sln -c $(CONFIGURATION) >/dev/null
	rm -rf artifacts $(SANDBOX_DIR)
