# The README's contract: `make book` builds the site, `make test` runs every test.
# Both set up everything first (venv from the lock, labcode, system packages).
SHELL := /bin/bash
.DEFAULT_GOAL := book

# The installer: uv from PATH, else the version pinned in the lock, bootstrapped into .uv/.
UV ?= $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.uv/bin/uv)
# The one Python version: the lock is compiled for it and .venv (and Binder) run it.
PYTHON_VERSION := 3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BOOK ?= .
NB ?= $(wildcard chapters/*.md)

# TensorFlow reads these when it loads: without them its C++ log lines land in outputs.
export TF_CPP_MIN_LOG_LEVEL := 2
export TF_ENABLE_ONEDNN_OPTS := 0
export PYTHONHASHSEED := 0
# Python caches compiled modules (.pyc) in .venv and __pycache__/ (git ignores them). Some
# machines switch that off for every process; the build's kernels would then compile
# TensorFlow's modules again each time (about a minute per build): caching is on for make.
export PYTHONDONTWRITEBYTECODE :=
# The venv's own python3 kernel, at log level ERROR: ipykernel 7 otherwise logs a warning about
# unencrypted TCP (local kernels, loopback only) into every build and test log.
export JUPYTER_PATH := $(CURDIR)/tools/jupyter
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Strict build: any warning fails (-W), broken references are warnings (-n), and
# --keep-going reports every problem of a run instead of the first one.
JB_STRICT = $(BIN)/jupyter-book build $(BOOK) --all -W -n --keep-going
# nbval compares text outputs; tests/harness/nbval_plugin.py compares the figures too, and in the
# portability gate the numbers under another machine's round-off.
NBVAL = $(BIN)/python -m pytest -p no:cacheprovider --nbval --nbval-current-env \
        --nbval-sanitize-with tests/nbval_sanitize.cfg -p tests.harness.nbval_plugin
LABCODE_HASH = $(shell cat labcode/*.py requirements.txt pyproject.toml \
               | { sha256sum 2>/dev/null || shasum -a 256; } | cut -c1-16)
TWINS ?= chapters/*.ipynb
# The portability gate re-runs the twins as another machine would: NumPy with every SIMD
# extension it dispatches to switched off (its baseline, on any CPU), one BLAS thread, and every
# result of NumPy's and math's transcendental functions moved by a few ULP (another libm; the
# seed picks the machine: tests/harness/roundoff.py). OpenBLAS's kernel is left as the machine
# chose it (OPENBLAS_CORETYPE is never set: some machines set it on purpose); printing at a
# safe precision covers kernel differences.
ROUNDOFF_SEED ?= 1
NPY_DISPATCHED = $(BIN)/python -c "from numpy._core._multiarray_umath import __cpu_dispatch__ as d; print(' '.join(d))"

.PHONY: book test setup sysdeps colab-setup build cache-key strict-build lint unit nbval \
        portability negative site notebooks exercises serve live bench lock clean

setup: $(STAMP) sysdeps

# .venv = Python $(PYTHON_VERSION) + exactly the lock (hashes checked) + labcode; see tools/setup.sh.
$(STAMP): requirements.txt pyproject.toml | $(UV)
	@UV=$(UV) PYTHON_VERSION=$(PYTHON_VERSION) tools/setup.sh

$(CURDIR)/.uv/bin/uv:
	@tools/bootstrap-uv.sh

sysdeps:
	@tools/sysdeps.sh dot

book: setup colab-setup build

# The Colab setup cell of each chapter installs labcode from _config.yml's repository.url and
# branch: this rewrites the cells (and twins) that name another (tests/test_twins.py checks).
colab-setup:
	@$(BIN)/python tools/colab_setup.py

build: cache-key
	@$(BIN)/python tools/execute_chapters.py
	@$(MAKE) --no-print-directory strict-build BOOK=.

# The execution cache is keyed on code-cell source only: wipe it when labcode or the lock
# changes, so a labcode change can never leave a stale output in the site (or the preview).
cache-key:
	@mkdir -p _build
	@if [ "$$(cat _build/.labcode-hash 2>/dev/null)" != "$(LABCODE_HASH)" ]; then \
	    rm -rf _build/.jupyter_cache; echo "$(LABCODE_HASH)" > _build/.labcode-hash; fi

strict-build:
	$(JB_STRICT)

test: setup
	@tools/sysdeps.sh dot chromium
	@rm -f _build/bench/test-phases.jsonl
	@tools/phase.sh lint $(MAKE) --no-print-directory lint
	@tools/phase.sh unit $(MAKE) --no-print-directory unit
	@rm -rf _build/.jupyter_cache
	@tools/phase.sh build $(MAKE) --no-print-directory build
	@tools/phase.sh nbval $(MAKE) --no-print-directory nbval
	@tools/phase.sh portability $(MAKE) --no-print-directory portability
	@tools/phase.sh negative $(MAKE) --no-print-directory negative
	@tools/phase.sh site $(MAKE) --no-print-directory site
	@echo "make test: all phases passed"

# ruff (pinned in the lock) with the settings of pyproject.toml; `ruff format` fixes layout.
lint:
	$(BIN)/ruff check
	$(BIN)/ruff format --check

unit:
	$(BIN)/python -m pytest -p no:cacheprovider tests -q --ignore=tests/site --ignore=tests/negative

nbval:
	$(NBVAL) -n 2 --dist loadfile $(TWINS) -q

# Stored outputs that hold on every machine: no number printed with more digits than it keeps
# across CPUs, and the same outputs (text, figures, and every number at any value within ten
# times its change) from NumPy's baseline SIMD path under another machine's round-off.
portability:
	$(BIN)/python tools/check_precision.py $(TWINS)
	@dispatched=$$($(NPY_DISPATCHED)) && echo "nbval as on another machine: NPY_DISABLE_CPU_FEATURES=\"$$dispatched\" OPENBLAS_NUM_THREADS=1, round-off seed $(ROUNDOFF_SEED)" \
	    && NPY_DISABLE_CPU_FEATURES="$$dispatched" OPENBLAS_NUM_THREADS=1 \
	       $(NBVAL) --roundoff-seed $(ROUNDOFF_SEED) -n 2 --dist loadfile $(TWINS) -q

negative:
	$(BIN)/python -m pytest -p no:cacheprovider tests/negative -q

site:
	$(BIN)/python -m pytest -p no:cacheprovider tests/site -q

# Regenerate the executed golden twins (all, or NB=chapters/NN_name.md), and the exercise notebooks.
notebooks: setup colab-setup
	$(BIN)/python tools/execute_twin.py $(NB)
	@$(MAKE) --no-print-directory exercises NB="$(NB)"

# Write chapters/exercises/NN_name_exercises.ipynb from each chapter's coding exercises.
exercises: setup
	$(BIN)/python tools/exercise_notebooks.py $(NB)

serve:
	@test -d _build/html || { echo "No site yet: run make book first." >&2; exit 1; }
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

# A live preview for authors: rebuilds the pages whose source changed and reloads the browser.
# Same configuration as the book (tools/live/conf.py reads _config.yml), same execution cache,
# but not strict: a warning mid-edit shows in the terminal instead of stopping the preview.
# A change to labcode/ reaches the pages after a restart of `make live` (which then wipes the
# execution cache): a rebuild re-executes only chapters whose code cells changed.
LIVE_PORT ?= 8000
live: setup cache-key
	$(BIN)/sphinx-autobuild . _build/live -c tools/live -n --host 127.0.0.1 --port $(LIVE_PORT) \
	    --ignore _build --ignore .venv --ignore .uv --ignore .git --ignore "chapters/*.ipynb" \
	    --re-ignore "__pycache__|\.ipynb_checkpoints|\.hypothesis|\.pytest_cache"

bench: setup
	@tools/sysdeps.sh dot chromium
	PYTHONPATH=tools UV=$(UV) PYTHON_VERSION=$(PYTHON_VERSION) $(BIN)/python benchmarks/report.py

# A universal lock (every platform in one file, with markers) with the hash of every wheel.
# uv keeps each version already in requirements.txt unless requirements.in forces a change:
# upgrade one package with `make lock LOCK_ARGS="--upgrade-package NAME"`.
lock: | $(UV)
	$(UV) pip compile --quiet --universal --generate-hashes --python-version $(PYTHON_VERSION) $(LOCK_ARGS) \
	    requirements.in -o requirements.txt

clean:
	rm -rf _build
