# conflict-kg: two commands on a fresh machine.
#   make demo   set up .venv and build the knowledge graph of examples/ into out/
#   make test   set up .venv (and Chromium for the browser test) and run the linter and the tests

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install demo test lint eval browser screenshot clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/kg build examples/ --out out

# Debian's Chromium renders the HTML graph in the browser test; installed when missing and possible.
browser:
	@command -v chromium >/dev/null 2>&1 \
	  || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	       && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1; } \
	  || echo "note: chromium is not installed; the browser test will be skipped"

# ruff (style), import-linter (the layers of pyproject.toml: data flows one way, no spaCy below the
# extractor), mypy (types; its settings are in pyproject.toml)
lint: install
	$(BIN)/ruff check kg tests benchmarks tools
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

test: install browser lint
	$(BIN)/pytest -q

# The tests that load no spaCy model (under a minute): rules on pinned parses, graphs, stores, CLI errors.
.PHONY: test-fast
test-fast: install
	$(BIN)/pytest -q -m "not slow"

# Score the extractor on the shared gold set (needs ../shared/eval beside the checkout).
eval: install
	$(BIN)/kg extract ../shared/eval/dev-fr.jsonl --format jsonl --quiet > /tmp/kg-pred.jsonl
	$(BIN)/python ../shared/eval/score.py --gold ../shared/eval/dev-fr.jsonl --pred /tmp/kg-pred.jsonl

# The README's picture: the Baghdad example as headless Chromium draws it (offline).
screenshot: install browser
	$(BIN)/kg build examples/baghdad.txt --out out/baghdad --title "Bagdad, septembre 2024" --quiet
	mkdir -p docs
	chromium --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
	  --host-resolver-rules="MAP * ~NOTFOUND" --virtual-time-budget=10000 --user-data-dir=$$(mktemp -d) \
	  --window-size=1400,900 --screenshot=docs/baghdad-graph.png file://$(CURDIR)/out/baghdad/graph.html

clean:
	rm -rf out .pytest_cache .ruff_cache build *.egg-info
