# The two commands a newcomer needs: `make run` builds the warehouse, `make test` runs the tests.
# Both create the virtualenv and install the pinned dependencies first.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= $(shell command -v python3.11 || command -v python3)
# Our pip configuration names local wheel folders that may not exist: hide pip's notes about them.
PIP_QUIET := { grep -v "is ignored: it is neither a file nor a directory" || true; }
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
PORT ?= 3000
DOCS_PORT ?= 3080
# pip says nothing for minutes with --quiet: print packages resolved of total, then each phase.
PIP_PROGRESS := awk -v total="$$(grep -c '==' requirements.txt)" \
  '/^(Collecting|Processing|Requirement already satisfied)/ { n++; if (n % 10 == 0 || n == total) \
     { printf "[setup]   %d/%d packages resolved\n", n, total; fflush() } } \
   /^Downloading / { printf "[setup]   downloading %s %s\n", $$2, $$3 $$4; fflush() } \
   /^Installing collected packages/ { printf "[setup]   installing %d packages (a minute or two)\n", n; fflush() } \
   /^Successfully installed/ { print "[setup]   installed"; fflush() } \
   /ERROR|error:/ { print; fflush() }'

export DAGSTER_HOME := $(CURDIR)/dagster_home
export PYTHONPATH := $(CURDIR)
export PATH := $(BIN):$(PATH)
# Quiet and offline: no telemetry from dbt, Great Expectations or Dagster.
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export GX_ANALYTICS_ENABLED := false
export DAGSTER_DISABLE_TELEMETRY := true
# Where a check's link to its Data Docs page points (`make docs` serves it).
export DATA_DOCS_URL ?= http://127.0.0.1:$(DOCS_PORT)/data_docs

.PHONY: run test dev docs install prepare lint format render benchmark benchmark-scale evaluate freeze clean ui-timing

$(VENV)/.installed: requirements.txt
	@echo "[setup] creating $(VENV) with $(PYTHON)"
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade "pip>=24" 2>&1 | $(PIP_QUIET)
	@echo "[setup] installing pinned dependencies (requirements.txt): $$(grep -c '==' requirements.txt) packages"
	@$(BIN)/python -m pip install --progress-bar off -r requirements.txt 2>&1 | $(PIP_PROGRESS)
	@$(BIN)/python -c "import dagster, dagster_dbt, duckdb, great_expectations, pdfplumber"
	@touch $@

# BI tools embed older DuckDB: the tests open the published file with DuckDB 1.4 too.
DUCKDB_1_4 := $(CURDIR)/$(VENV)/duckdb-1.4
$(DUCKDB_1_4)/.installed: $(VENV)/.installed
	@echo "[setup] installing duckdb 1.4 beside the environment (for the compatibility test)"
	@$(BIN)/python -m pip install --quiet --target $(DUCKDB_1_4) duckdb==1.4.2 2>&1 | $(PIP_QUIET)
	@touch $@

# Superset 6.1 reads the marts through duckdb-engine on SQLAlchemy 1.4 (the environment has 2.x):
# the reflection test runs in a subprocess with these, beside the environment.
SQLALCHEMY_1_4 := $(CURDIR)/.venv-sqlalchemy-1.4
$(SQLALCHEMY_1_4)/.installed: $(VENV)/.installed
	@echo "[setup] installing SQLAlchemy 1.4 + duckdb-engine beside the environment (BI reflection test)"
	@$(BIN)/python -m pip install --quiet --target $(SQLALCHEMY_1_4) \
	  sqlalchemy==1.4.54 duckdb-engine==0.17.0 duckdb==1.4.2 2>&1 | $(PIP_QUIET) \
	  | { grep -v "dependency resolver does not\|which is incompatible" || true; }
	@touch $@

install: $(VENV)/.installed

# dbt's manifest must exist before the Dagster definitions load. It is parsed with the profile
# values the pipeline uses (DBT_DUCKDB_PATH), so the pipeline's dbt build parses only what changed.
prepare: install
	@echo "[setup] dbt parse"
	@cd dbt_project && DBT_DUCKDB_PATH="$$($(BIN)/python -m pipeline.lib.dbt)" $(BIN)/dbt parse --quiet --profiles-dir .

run: prepare
	@$(BIN)/python -m pipeline.run

test: prepare $(DUCKDB_1_4)/.installed $(SQLALCHEMY_1_4)/.installed
	@DUCKDB_1_4_PATH=$(DUCKDB_1_4) SQLALCHEMY_1_4_PATH=$(SQLALCHEMY_1_4) $(BIN)/python -m pytest

dev: prepare
	@$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p $(PORT)

# The Data Docs and dbt's docs on http://127.0.0.1:$(DOCS_PORT) (the UI's check links open here).
docs: prepare
	@$(BIN)/python scripts/serve_docs.py --port $(DOCS_PORT)

# "Materialize all" through the UI's GraphQL API against `pipeline.run --force`: prints the ratio.
ui-timing: prepare
	@$(BIN)/python scripts/ui_materialize_all.py

lint: install
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .

format: install
	@$(BIN)/ruff check --fix .
	@$(BIN)/ruff format .

render: install
	@$(BIN)/python scripts/render_corpus.py

# make benchmark BASELINE=<another checkout> adds each PDF's full extraction with that
# checkout's extract package, run beside this one's, and the ratio of the two.
benchmark: install
	@$(BIN)/python scripts/benchmark_extraction.py $(if $(BASELINE),--baseline $(BASELINE))

# The development corpus (../shared/corpus-dev) built into its own warehouse and instance, then
# scored against the hand key in tests/fixtures/corpus_dev (see tests/e2e/corpus_dev_key.py).
DEV_CORPUS ?= $(abspath $(CURDIR)/../shared/corpus-dev/sources.yaml)
DEV_WAREHOUSE := $(CURDIR)/warehouse/corpus-dev
evaluate: prepare
	@mkdir -p $(DEV_WAREHOUSE)/dagster_home
	@cp dagster_home/dagster.yaml $(DEV_WAREHOUSE)/dagster_home/dagster.yaml
	@DAGSTER_HOME=$(DEV_WAREHOUSE)/dagster_home SOURCES_MANIFEST=$(DEV_CORPUS) \
	  WAREHOUSE_PATH=$(DEV_WAREHOUSE)/warehouse.duckdb $(BIN)/python -m pipeline.run
	@$(BIN)/python -m tests.e2e.corpus_dev_key $(DEV_WAREHOUSE)/warehouse.duckdb

# N = 10, 100 and 1,000 documents (SIZES="10 100" for a shorter run); see BENCHMARKS.md.
SIZES ?= 10 100 1000
benchmark-scale: prepare
	@$(BIN)/python scripts/benchmark_scale.py --sizes $(SIZES) --workers-n 24 --workers-pdfs

freeze: install
	@{ echo "# Every package of the environment, pinned (generated by: make freeze). Direct dependencies are in pyproject.toml."; \
	  $(BIN)/python -m pip freeze --exclude-editable | grep -v '^pip==\|^setuptools=='; } > requirements.txt

clean:
	rm -rf $(VENV) $(SQLALCHEMY_1_4) dbt_project/target warehouse/.work warehouse/*.duckdb warehouse/parquet warehouse/data_docs
