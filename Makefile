# chitieu — make targets mirror CI: .ci/run calls `make test`.
GO      ?= go
TAGS    := -tags duckdb_arrow
BIN     := bin/chitieu
DB      ?= chitieu.duckdb

.PHONY: build test demo samples lint bench fuzz clean screenshots

build:
	$(GO) build $(TAGS) -o $(BIN) ./cmd/chitieu

# -timeout 30m: cmd/chitieu's tests take ten minutes on a machine shared by
# many builds (about two alone), past go test's default limit.
# The web application's browser test (web, TestBrowser) drives Debian's
# chromium; where none is installed it is skipped, and said so here.
test:
	$(GO) vet $(TAGS) ./...
	@[ -n "$$CHROME" ] || command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null || \
		echo "make test: no chromium on this machine: the browser test (web TestBrowser) is skipped; apt-get install chromium to run it"
	$(GO) test $(TAGS) -timeout 30m ./...

demo: build
	./$(BIN) ingest --db $(DB) samples/
	@echo
	./$(BIN) indicators --db $(DB) --period 2024 --area VN,40 --indicator jobs_created,jobs_abroad,vet_enrolment,vet_graduates,trained_share,si_coverage,poor_household_rate,urban_unemployment_rate
	@echo
	@echo "The nation against the ministry's plan for 2024 (samples/national/): a reduction of 1-1.5 points, at most 4%"
	./$(BIN) indicators --db $(DB) --period 2024 --area VN --indicator poor_household_rate,urban_unemployment_rate,trained_share
	@echo
	@echo "2025, across the reorganisation: new Tuyên Quang (08) = old Hà Giang + Tuyên Quang"
	./$(BIN) indicators --db $(DB) --period 2025-YTD09 --area VN,08 --indicator jobs_created
	@echo
	./$(BIN) refresh --check --db $(DB)

samples:
	$(GO) run ./cmd/samplegen -out samples

lint:
	$(GO) vet $(TAGS) ./...
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo "gofmt needed"; exit 1; }
	@if command -v staticcheck >/dev/null; then staticcheck $(TAGS) ./...; fi

# Performance as ratios against DuckDB doing comparable work in the same run
# (cmd/bench; working files in .bench/): Go micro-benchmarks of the reader and
# transform, then ingest vs read_csv and indicator_values vs a hand-written
# query. About 6 minutes on 2 cores.
bench: build
	$(GO) test $(TAGS) -run '^$$' -bench . ./transform ./ingest/csvfile
	$(GO) test $(TAGS) -run '^$$' -bench Upload -benchtime 200x ./cmd/chitieu
	$(GO) build $(TAGS) -o bin/bench ./cmd/bench
	./bin/bench -bin $(BIN) -dir .bench

# Each fuzz target runs for FUZZTIME; their seed corpora also run in make test.
FUZZTIME ?= 30s
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParseNumber$$' -fuzztime $(FUZZTIME) ./transform
	$(GO) test -run '^$$' -fuzz '^FuzzParsePeriod$$' -fuzztime $(FUZZTIME) ./schemas
	$(GO) test -run '^$$' -fuzz '^FuzzSeparators$$' -fuzztime $(FUZZTIME) ./transform
	$(GO) test -run '^$$' -fuzz '^FuzzParseTarget$$' -fuzztime $(FUZZTIME) ./transform
	$(GO) test -run '^$$' -fuzz '^FuzzHeader$$' -fuzztime $(FUZZTIME) ./schemas
	$(GO) test -run '^$$' -fuzz '^FuzzFixTCVN3$$' -fuzztime $(FUZZTIME) ./schemas
	$(GO) test -run '^$$' -fuzz '^FuzzReader$$' -fuzztime $(FUZZTIME) ./ingest/csvfile
	$(GO) test -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME) ./ingest/xls
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./ingest/xls
	$(GO) test $(TAGS) -run '^$$' -fuzz '^FuzzSanitizeFileName$$' -fuzztime $(FUZZTIME) ./service

# The README's screenshots of the web application, taken by the browser test.
screenshots:
	$(GO) test $(TAGS) -run '^TestBrowser$$' ./web -args -screenshots $(CURDIR)/docs/screenshots

clean:
	rm -rf bin .bench
