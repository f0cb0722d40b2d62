# Bia's build. Two commands on a fresh machine:
#   make run    generate code and serve the helloworld example (gRPC :9000)
#   make test   the whole suite: vet, gofmt, stale generated files, race tests, fuzz seeds
# Needs only go and npm; everything else is pinned in go.mod / tools/go.mod and
# fetched from the Go module proxy and the npm registry.

GO        ?= go
BUF       := $(GO) tool -modfile=tools/go.mod buf
# An execution count, not a duration: with a duration, Go 1.26's fuzz
# coordinator can fail a target with a spurious "context deadline exceeded"
# as the time runs out (golang/go#75804, fixed in Go 1.27). A count has no
# deadline to race. `make fuzz FUZZTIME=2m` still fuzzes for a while.
FUZZTIME  ?= 10000x
BENCHCOUNT ?= 5
GOFILES    = $(shell git ls-files -co --exclude-standard -- '*.go')

.PHONY: all run run-discovery test generate protos tools vet fmt fmt-check check-generated unit contrib-check browser prometheus fuzz bench bench-instr bench-discovery bench-check clean

all: test

## protos: fetch third-party .proto files into third_party/ (git-ignored)
protos:
	./scripts/fetch-protos.sh

## tools: build the pinned buf (first build takes a few minutes, then cached)
tools:
	$(BUF) --version

## generate: regenerate every generated file and golden file
generate: protos
	$(BUF) generate
	$(BUF) generate --template examples/helloworld/buf.gen.yaml
	$(BUF) generate --template testdata/buf.gen.yaml
	$(BUF) generate --template bench/buf.gen.yaml
	$(BUF) generate --template internal/kratostest/buf.gen.yaml
	$(BUF) generate --template internal/kratostest/buf.gen.kratos.yaml
	$(GO) test ./runtime/encoding/form -run '^TestGeneratedTestTypes$$' -update

## check-generated: fail if any generated or golden file is stale
check-generated: protos
	./scripts/check-generated.sh

## run: generate and serve the helloworld example (gRPC on :9000)
run: generate
	cd examples/helloworld && $(GO) run ./cmd/helloworld

## run-discovery: the discovery example: an embedded etcd, three helloworld
## instances registered in it, a gateway on :8080 that finds them there
run-discovery:
	cd examples/discovery && $(GO) run ./cmd/discovery

vet:
	$(GO) vet ./...

fmt:
	gofmt -w $(GOFILES)

fmt-check:
	@out=$$(gofmt -l $(GOFILES)); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

## unit: race-enabled tests (fuzz targets run their seed corpus); the HTTP
## end-to-end tests run again with protojson only (BIA_PROTOJSON_ONLY=1), so
## they pass with and without the generated JSON code
unit:
	$(GO) test -race -count=1 ./...
	BIA_PROTOJSON_ONLY=1 $(GO) test -race -count=1 ./internal/e2e/ ./runtime/transport/http/

## fuzz: run every fuzz target for FUZZTIME (executions, or a duration)
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$f ($(FUZZTIME))"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done
	cd bench && $(GO) test -run '^$$' -fuzz '^FuzzJSONCodec$$' -fuzztime $(FUZZTIME) .

## bench: compare Bia with a hand-written floor, grpc-gateway and connect-go
## (bench/, its own module); prints medians of BENCHCOUNT runs and ratios to
## the floor. The runs are separate passes over every benchmark (not -count),
## so a burst of machine load spreads over all frameworks.
bench:
	cd bench && for i in $$(seq $(BENCHCOUNT)); do \
	  $(GO) test -run '^$$' -bench . -benchmem -count 1 || echo "FAIL: go test exited with status $$?"; \
	done | $(GO) run ./cmd/benchreport

## bench-instr: instructions per call under callgrind (deterministic, unlike ns/op)
bench-instr:
	./bench/scripts/instructions.sh

## bench-discovery: instructions per client call over loopback, to a fixed
## endpoint and through discovery:/// (HTTP and gRPC)
bench-discovery:
	CALLS=ClientCall FRAMEWORKS="http-direct http-discovery grpc-direct grpc-discovery" N1=300 N2=900 ./bench/scripts/instructions.sh

## bench-check: the bench module's own tests (every framework's reply equals the floor's)
bench-check:
	cd bench && $(GO) vet ./... && $(GO) test -count=1 ./...

## contrib-check: the vet and race tests of the repo's other modules (the
## contrib modules and the OpenAPI checks), which ./... of the main module
## does not reach
CONTRIB = contrib/validate/protovalidate contrib/registry/etcd contrib/config/etcd contrib/metrics/prometheus examples/helloworld examples/discovery internal/openapitest internal/kratostest
contrib-check: browser prometheus
	@set -e; for m in $(CONTRIB); do (cd $$m && $(GO) vet ./... && BIA_REQUIRE_BROWSER=1 BIA_REQUIRE_PROMETHEUS=1 $(GO) test -race -count=1 ./...); done

## browser: Debian's chromium, for the test that renders the OpenAPI page
browser:
	./scripts/ensure-chromium.sh

## prometheus: install Debian's prometheus when missing (the example's
## observability test has a real Prometheus scrape it)
prometheus:
	./scripts/ensure-prometheus.sh

## test: everything CI runs
test: fmt-check vet check-generated unit contrib-check bench-check fuzz

clean:
	rm -rf third_party bin
