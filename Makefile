# The two commands: `make site` builds the site from the raw inbox, `make test` runs every test.
# Both create .venv and install the pinned requirements on first use (and again only when they change).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SITE_READY := $(VENV)/.site-requirements
DEV_READY := $(VENV)/.dev-requirements
BENCH_SIZES ?= 1000,10000
# What builds the site: mkdocs (the default), properdocs or zensical (requirements-ENGINE.txt).
ENGINE ?= mkdocs
ENGINES := mkdocs properdocs zensical
$(if $(filter $(ENGINE),$(ENGINES)),,$(error ENGINE=$(ENGINE): use one of $(ENGINES)))
ENGINE_READY := $(VENV)/.engine-$(ENGINE)
PYTEST_ARGS ?=
# The project pins mkdocs<2 (see requirements.txt); Material's notice about MkDocs 2.0 is noise here.
export NO_MKDOCS_2_WARNING = 1

.DEFAULT_GOAL := help
.PHONY: help site convert check pr-check serve test lint tags-report bench clean

help:
	@echo "make site         convert raw/ into docs/ and build the site into site/ (ENGINE=$(ENGINE))"
	@echo "make serve        convert, then serve the site with live reload on http://127.0.0.1:8000/"
	@echo "make test         run every test (browser tests included) and the linters"
	@echo "make convert      convert raw/ into docs/articles/ only"
	@echo "make check        Markdown in sync with raw/, and a strict build"
	@echo "make pr-check     what CI checks a pull request for: convert its articles, strict build, summary"
	@echo "make tags-report  every tag with its article count, and the untagged articles with suggested tags"
	@echo "make bench        converter, site (beside Hugo) and search benchmarks (BENCH_SIZES=$(BENCH_SIZES))"
	@echo "make clean        remove site/ and caches (keeps .venv)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed: run e.g. 'make PYTHON=python3.12 ...'" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(SITE_READY): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

# An engine other than MkDocs is installed the first time it is asked for.
$(VENV)/.engine-mkdocs: $(SITE_READY)
	@touch $@

$(VENV)/.engine-%: requirements-%.txt $(SITE_READY)
	$(BIN)/python -m pip install --quiet -r $<
	@touch $@

$(DEV_READY): requirements-dev.txt requirements-properdocs.txt requirements-zensical.txt $(SITE_READY)
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

convert: $(SITE_READY)
	$(BIN)/python scripts/convert.py

# A raw file that fails to convert does not stop the build, but `make site` still exits non-zero.
# The build (a strict one, with $(ENGINE)) is skipped when nothing changed since the last one.
site: $(ENGINE_READY)
	@status=0; $(BIN)/python scripts/convert.py || status=$$?; \
	$(BIN)/python scripts/build_site.py --engine $(ENGINE) || exit $$?; \
	echo; echo "Site built in site/. To look at it: make serve, then open http://127.0.0.1:8000/"; \
	exit $$status

check: $(SITE_READY)
	$(BIN)/python scripts/convert.py --check
	$(BIN)/mkdocs build --strict --site-dir "$$(mktemp -d)"

# What the pull-request workflow runs: converts the raw files changed since the merge base with
# PR_BASE (default origin/main) into docs/articles, builds site/ strictly, prints a summary.
pr-check: $(SITE_READY)
	$(BIN)/python scripts/pr_check.py

serve: convert
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000 --livereload

# The Nu HTML Checker and ESLint (package.json); without npm the HTML test and the JavaScript lint
# are skipped locally.
NODE_READY := node_modules/.installed

$(NODE_READY): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the HTML check and the JavaScript lint are skipped (they fail in CI)"; fi

test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(DEV_READY) $(NODE_READY)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	@if command -v npm >/dev/null 2>&1; then echo "eslint overrides/assets"; \
		npx --no-install eslint overrides/assets; \
	elif [ -n "$$CI" ]; then echo "npm not found: the JavaScript lint cannot run" >&2; exit 1; \
	else echo "npm not found: the JavaScript lint is skipped (it fails in CI)"; fi

tags-report: $(SITE_READY)
	$(BIN)/python scripts/tags_report.py

BENCH_READY := $(VENV)/.bench-requirements

$(BENCH_READY): requirements-bench.txt $(DEV_READY)
	$(BIN)/python -m pip install --quiet -r requirements-bench.txt
	@touch $@

bench: $(BENCH_READY)
	$(BIN)/python scripts/bench_parse.py
	$(BIN)/python scripts/bench_convert.py --sizes $(BENCH_SIZES)
	$(BIN)/python scripts/bench_tags.py
	$(BIN)/python scripts/bench_site.py --sizes $(BENCH_SIZES)
	$(BIN)/python scripts/bench_search.py --sizes $(BENCH_SIZES)
	$(BIN)/python scripts/bench_known_items.py --sizes 10000

clean:
	rm -rf site .cache .pytest_cache .ruff_cache .mypy_cache .hypothesis test-artifacts
