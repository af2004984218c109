# saharanet — build, test and run. See README.md.
SHELL := /bin/bash
GO ?= go
PKGS := ./...
# CI has 90 minutes; the suite should need well under 30 on 2 cores.
TEST_TIMEOUT ?= 30m
STATICCHECK_VERSION ?= v0.7.0

.PHONY: all build test lint bench fuzz deps contracts up down clean

all: build

deps:
	@./scripts/deps.sh

build:
	$(GO) build -o bin/ ./cmd/...

test: deps
	$(GO) vet $(PKGS)
	$(GO) test -count=1 -timeout $(TEST_TIMEOUT) $(PKGS)

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	@if $(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) -version >/dev/null 2>&1; then \
		$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) $(PKGS); \
	else echo "lint: staticcheck $(STATICCHECK_VERSION) not available from the module proxy; skipped"; fi

# Benchmarks: long-running, never part of `make test`.
bench: deps
	$(GO) test -run '^$$' -bench . -benchmem -timeout 60m $(PKGS)

# Fuzzing: each target for FUZZTIME (default 60s).
FUZZTIME ?= 60s
fuzz:
	@./scripts/fuzz.sh $(FUZZTIME)

clean:
	rm -rf bin
