# saharanet — build, test and run. See README.md.
SHELL := /bin/bash
GO ?= go
PKGS := ./...
# CI has 90 minutes; the suite should need well under 30 on 2 cores.
TEST_TIMEOUT ?= 30m
STATICCHECK_VERSION ?= v0.7.0

.PHONY: all build test race lint bench fuzz deps contracts contracts-check up down clean

all: build

deps:
	@./scripts/deps.sh

build:
	$(GO) build -o bin/ ./cmd/...

test: deps contracts-check
	$(GO) vet $(PKGS)
	$(GO) test -count=1 -timeout $(TEST_TIMEOUT) $(PKGS)

# The suite under the race detector (~2x slower; not part of make test).
race: deps contracts-check
	$(GO) test -race -count=1 -timeout 60m $(PKGS)

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	@if $(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) -version >/dev/null 2>&1; then \
		$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) $(PKGS); \
	else echo "lint: staticcheck $(STATICCHECK_VERSION) not available from the module proxy; skipped"; fi

# EVM contracts: compile with the pinned solc-js, regenerate abigen v2 bindings.
contracts: deps
	@./bridge/contracts/build.sh

# Fails if committed artifacts/bindings differ from a fresh build.
contracts-check: deps
	@./bridge/contracts/check.sh

# Benchmarks: long-running, never part of `make test`.
bench: deps
	$(GO) test -run '^$$' -bench . -benchmem -timeout 60m $(PKGS)

# Fuzzing: each target for FUZZTIME (default 60s).
FUZZTIME ?= 60s
fuzz:
	@./scripts/fuzz.sh $(FUZZTIME)

# Fabric's test-network on saharanet (test-network/README.md): 3 raft
# orderers, peer0.org1 (localhost:7051) and peer0.org2 (localhost:9051),
# channel mychannel, and the consortium chaincode deployed as "saharanet".
up: build
	cd test-network && ./network.sh up createChannel && \
		./network.sh deployCC -ccn saharanet -ccp ../chaincode/cmd/saharanet-cc -ccl go
	@cd test-network && ./network.sh info

down:
	cd test-network && ./network.sh down

clean:
	rm -rf bin
