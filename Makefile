# fdtui — the Flight Deck terminal dashboard.
# The two commands a new machine needs:  make demo   and   make test

SHELL := /bin/bash
KUBECONFIG_LOCAL := $(CURDIR)/.local/kubeconfig
GO ?= go

.PHONY: help build demo demo-seed test unit lint fuzz bench bench-fleet screenshots clean

## help: list the targets
help:
	@grep -hE '^## ' $(MAKEFILE_LIST) | sed 's/^## /  /'

# FDTUI_TAGS are the build tags of every fdtui binary (make build, make
# bench, hack/screenshots.sh; cmd/fdtui's TestShippedBuildLinksNoPlugin reads
# them here). kustomize_disable_go_plugin_support drops kustomize's Go-plugin
# loader, the one importer of the standard "plugin" package in fdtui's
# dependencies (cli-runtime's ConfigFlags -> resource builder -> kustomize).
# A program that links "plugin" keeps every method of the types it uses
# (cmd/link's dead-code pass) and exports every symbol to the dynamic
# linker: bin/fdtui was 115 MB with 79 MiB mapped, 91 MB with 61 MiB mapped
# without it. kustomize added the tag for this
# (kubernetes-sigs/kustomize#5524); Teleport's builds set it too.
FDTUI_TAGS := kustomize_disable_go_plugin_support

## build: build bin/fdtui
build:
	$(GO) build -tags $(FDTUI_TAGS) -o bin/fdtui ./cmd/fdtui

# The demo runs two local clusters, for the fleet screen: the demo sites on
# "fdtui" and four more (one stuck) on "fdtui-2" (hack/seed --profile second).
DEMO_CLUSTERS := FDTUI_CLUSTERS=2
DEMO_SEED := $(GO) run ./hack/seed --kubeconfig $(KUBECONFIG_LOCAL) --minio-env .local/minio.env && \
	$(GO) run ./hack/seed --kubeconfig $(CURDIR)/.local/kubeconfig-fdtui-2 --minio-env .local/minio.env --profile second

## demo: start the local clusters fdtui and fdtui-2 (building them the first time), seed demo sites, run fdtui on both
demo: build
	@hack/prereqs.sh
	@$(DEMO_CLUSTERS) hack/cluster.sh up
	$(DEMO_SEED)
	@hack/demo.sh

## demo-seed: (re)create the demo sites on the local clusters, some broken on purpose
demo-seed:
	@$(DEMO_CLUSTERS) hack/cluster.sh up
	$(DEMO_SEED)

## test: unit + integration tests on the local cluster (brought up and down as needed)
test:
	@hack/prereqs.sh
	@hack/test.sh

## unit: only the tests that need no cluster
unit:
	$(GO) test -count=1 ./...

## lint: go vet and gofmt
lint:
	$(GO) vet ./...
	@test -z "$$(gofmt -l cmd internal hack)" || { gofmt -l cmd internal hack; exit 1; }

# The fuzz targets, as package:target. go test -fuzz runs one target at a
# time, so they run one after the other, each with one worker (the machine
# is shared). New inputs are minimised for at most 5s: the default 60s left
# the one worker idle for most of a short run.
FUZZTIME ?= 30s
FUZZ_TARGETS := \
	./internal/model/blueprint:FuzzNamespaceFor \
	./internal/model/blueprint:FuzzParseImage \
	./internal/model/blueprint:FuzzValidateQuantity \
	./internal/model/blueprint:FuzzValidateBucket \
	./internal/model/blueprint:FuzzSiteSpecValidate \
	./internal/model:FuzzImageTag \
	./internal/cloud/do:FuzzValidateClusterName \
	./internal/cloud/do:FuzzValidatePoolName \
	./internal/ui/cloudui:FuzzWizardNames \
	./internal/ui/cloudui:FuzzNodeCounts \
	./internal/ui/cloudui:FuzzTags \
	./internal/ui/cloudui:FuzzParseQuota \
	./internal/ui/sitewizard:FuzzWizardFields \
	./internal/ui/sitewizard:FuzzSiteDomain \
	./internal/ui/sitewizard:FuzzExportPath \
	./internal/ui/triage:FuzzValidateNewImage

## fuzz: run every fuzz target for FUZZTIME (default 30s) each, one after the other (make fuzz FUZZTIME=60s)
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "== $$name in $$pkg for $(FUZZTIME)"; \
		$(GO) test -run='^$$' -fuzz="^$$name\$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=5s -parallel=1 $$pkg; \
	done

## bench: fdtui, k9s and the client-go floors at 10,000 pods; writes bench/results/ and the README table (minutes; not part of test)
bench:
	@hack/bench.sh

## bench-fleet: fdtui's fleet screen on 3 local clusters x 1,000 sites: first full screen and RSS; writes bench/results/fleet-*.md (~40 min; not part of test)
bench-fleet:
	@hack/bench.sh fleet

## screenshots: regenerate screenshots/*.png from the real program on the demo cluster
screenshots: build
	@hack/screenshots.sh

## clean: remove build output (the local cluster: make cluster-down)
clean:
	rm -rf bin

include Makefile.cluster
