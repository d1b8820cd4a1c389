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
# nbgrader, the instructors' grading tool, in a venv of its own (tools/nbgrader/setup.sh says why).
NBGRADER_VENV := .venv-nbgrader
NBGRADER_STAMP := $(NBGRADER_VENV)/.installed
BOOK ?= .
NB ?= $(wildcard chapters/*.md)
# The site's edition: full, or student (every solution left out, for the weeks an assignment is
# open; _ext/solutions.py), built into _build/student/html from the same execution cache.
EDITION ?= full
ifeq ($(filter $(EDITION),full student),)
$(error EDITION must be full or student, not "$(EDITION)")
endif
SITE_DIR := $(if $(filter student,$(EDITION)),_build/student/html,_build/html)

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
# --keep-going reports every problem of a run instead of the first one. Incremental: Sphinx
# reads again only the pages whose sources changed (cache-key below forces a full read when
# what Sphinx does not track changes), and a failed build forgets what it read, so the next
# build reads every page again and reports the same problems: an unchanged broken page can
# never pass by being skipped.
JB_STRICT = $(BIN)/jupyter-book build $(BOOK) -W -n --keep-going \
            || { rm -f $(BOOK)/_build/.doctrees/environment.pickle; exit 1; }
# nbval compares text outputs; tests/harness/nbval_plugin.py compares the figures too, and in the
# portability gate the numbers under another machine's round-off.
NBVAL = $(BIN)/python -m pytest -p no:cacheprovider --nbval --nbval-current-env \
        --nbval-sanitize-with tests/nbval_sanitize.cfg -p tests.harness.nbval_plugin
HASH = { sha256sum 2>/dev/null || shasum -a 256; } | cut -c1-16
LABCODE_HASH = $(shell cat $(sort $(wildcard labcode/*.py labcode/*/*.py)) requirements.txt \
               pyproject.toml | $(HASH))
# What the pages are made with besides their sources: the build-time extensions and the
# site's static files (Sphinx re-reads a page when its source or _config.yml changes only).
SITE_HASH = $(shell cat $(sort $(wildcard _ext/*.py _static/*)) | $(HASH))
TWINS ?= chapters/*.ipynb
# The portability gate re-runs the twins as another machine would: NumPy with every SIMD
# extension it dispatches to switched off (its baseline, on any CPU), one BLAS thread, and every
# result of NumPy's and math's transcendental functions moved by a few ULP (another libm; the
# seed picks the machine: tests/harness/roundoff.py). OpenBLAS's kernel is left as the machine
# chose it (OPENBLAS_CORETYPE is never set: some machines set it on purpose); printing at a
# safe precision covers kernel differences.
ROUNDOFF_SEED ?= 1
NPY_DISPATCHED = $(BIN)/python -c "from numpy._core._multiarray_umath import __cpu_dispatch__ as d; print(' '.join(d))"

.PHONY: book test setup sysdeps colab-check build cache-key strict-build lint unit nbval \
        portability negative pages site student-edition notebooks notebooks-check exercises \
        assignment lab serve live bench \
        lock lock-check classroom classroom-setup classroom-lock classroom-test clean

setup: $(STAMP) sysdeps

# .venv = Python $(PYTHON_VERSION) + exactly the lock (hashes checked) + labcode; see tools/setup.sh.
$(STAMP): requirements.txt pyproject.toml | $(UV)
	@UV=$(UV) PYTHON_VERSION=$(PYTHON_VERSION) tools/setup.sh

$(NBGRADER_STAMP): tools/nbgrader/requirements.txt tools/jupyter/kernels/python3/kernel.json | $(UV)
	@UV=$(UV) PYTHON_VERSION=$(PYTHON_VERSION) NBGRADER_VENV=$(NBGRADER_VENV) tools/nbgrader/setup.sh

$(CURDIR)/.uv/bin/uv:
	@tools/bootstrap-uv.sh

sysdeps:
	@tools/sysdeps.sh dot

book: setup colab-check build

# The Colab setup cell of each chapter installs labcode from _config.yml's repository.url and
# branch. A build changes no tracked file: this only names the chapters (and twins) whose cell
# names another repository, and the command that rewrites them, `make notebooks`
# (tests/book/test_twins.py fails on them too).
colab-check:
	@$(BIN)/python -m tools.colab_setup

build: cache-key _build/.jupyter_cache/executed
ifeq ($(EDITION),student)
	@$(BIN)/python -m tools.student_edition
else
	@$(MAKE) --no-print-directory strict-build BOOK=.
endif

# Pre-execute the chapters two at a time, when a chapter or labcode changed since the last
# time (the stamp lives in the cache, so wiping the cache runs this again).
_build/.jupyter_cache/executed: $(wildcard chapters/*.md) $(wildcard labcode/*.py labcode/*/*.py)
	@$(BIN)/python -m tools.execute_chapters
	@touch $@

# The execution cache is keyed on code-cell source only: wipe it when labcode or the lock
# changes, so a labcode change can never leave a stale output in the site (or the preview).
# Sphinx's record of what it read goes with it, and when the extensions or static files
# change, so that every page is made again.
cache-key:
	@mkdir -p _build
	@if [ "$$(cat _build/.labcode-hash 2>/dev/null)" != "$(LABCODE_HASH)" ]; then \
	    rm -rf _build/.jupyter_cache _build/.doctrees; echo "$(LABCODE_HASH)" > _build/.labcode-hash; fi
	@if [ "$$(cat _build/.site-hash 2>/dev/null)" != "$(SITE_HASH)" ]; then \
	    rm -rf _build/.doctrees; echo "$(SITE_HASH)" > _build/.site-hash; fi

strict-build:
	$(JB_STRICT)

test: setup $(NBGRADER_STAMP)
	@tools/sysdeps.sh dot chromium
	@rm -f _build/bench/test-phases.jsonl
	@tools/phase.sh lint $(MAKE) --no-print-directory lint
	@tools/phase.sh unit $(MAKE) --no-print-directory unit
	@rm -rf _build/.jupyter_cache _build/.doctrees
	@tools/phase.sh build $(MAKE) --no-print-directory build
	@tools/phase.sh notebooks $(MAKE) --no-print-directory notebooks-check
	@tools/phase.sh pages $(MAKE) --no-print-directory pages
	@tools/phase.sh student $(MAKE) --no-print-directory student-edition
	@tools/phase.sh nbval $(MAKE) --no-print-directory nbval
	@tools/phase.sh portability $(MAKE) --no-print-directory portability
	@tools/phase.sh negative $(MAKE) --no-print-directory negative
	@tools/phase.sh site $(MAKE) --no-print-directory site
	@echo "make test: all phases passed"

# ruff (pinned in the lock) with the settings of pyproject.toml; `ruff format` fixes layout.
# zizmor audits the GitHub Actions workflows and dependabot.yml (.github/zizmor.yml: actions
# pinned by commit), and check-jsonschema validates them against the schemas it ships; offline.
lint:
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/zizmor --offline --quiet .github/
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(BIN)/check-jsonschema --builtin-schema vendor.dependabot .github/dependabot.yml

# Two workers, a file each at a time (a file's module fixtures stay in one process).
unit: $(NBGRADER_STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider tests -q --ignore=tests/site --ignore=tests/negative \
	    --ignore=tests/classroom/test_classroom.py --ignore=tests/book/test_built_pages.py \
	    --ignore=tests/book/test_student_edition.py -m "not network" -n 2 --dist loadfile

# The built chapters as a student reads them: no test machinery in the lesson, no bound printed
# where a number can be shown, at most 8,000 words visible by default (needs _build/html).
pages:
	$(BIN)/python -m pytest -p no:cacheprovider tests/book/test_built_pages.py -q

nbval:
	$(NBVAL) -n 2 --dist loadfile $(TWINS) -q

# Stored outputs that hold on every machine: no number printed with more digits than it keeps
# across CPUs, and the same outputs (text, figures, and every number at any value within ten
# times its change) from NumPy's baseline SIMD path under another machine's round-off.
portability:
	$(BIN)/python -m tools.check_precision $(TWINS)
	@dispatched=$$($(NPY_DISPATCHED)) && echo "nbval as on another machine: NPY_DISABLE_CPU_FEATURES=\"$$dispatched\" OPENBLAS_NUM_THREADS=1, round-off seed $(ROUNDOFF_SEED)" \
	    && NPY_DISABLE_CPU_FEATURES="$$dispatched" OPENBLAS_NUM_THREADS=1 \
	       $(NBVAL) --roundoff-seed $(ROUNDOFF_SEED) -n 2 --dist loadfile $(TWINS) -q

negative:
	$(BIN)/python -m pytest -p no:cacheprovider tests/negative -q

site:
	$(BIN)/python -m pytest -p no:cacheprovider tests/site -q

# The student edition, built (from the execution cache the full build filled) and searched for
# solutions by tests/book/test_student_edition.py.
student-edition:
	$(BIN)/python -m pytest -p no:cacheprovider tests/book/test_student_edition.py -q

# The notebooks students open: the build writes each chapter as plain Jupyter Markdown with its
# outputs (_ext/student_notebook.py); this points the chapters' Colab setup cells at
# _config.yml's repository, builds, copies the build's notebooks over chapters/*.ipynb (all, or
# NB=chapters/NN_name.md), then writes the exercise notebooks.
notebooks: setup
	$(BIN)/python -m tools.colab_setup --write
	@$(MAKE) --no-print-directory build
	$(BIN)/python -m tools.student_notebooks $(NB)
	$(BIN)/python -m tools.twin_values $(patsubst %.md,%.ipynb,$(NB))
	@$(MAKE) --no-print-directory exercises NB="$(NB)"

# After a build: each committed chapters/*.ipynb is the notebook the build just wrote.
notebooks-check:
	@$(BIN)/python -m tools.student_notebooks --check

# Write chapters/exercises/NN_name_exercises.ipynb from each chapter's coding exercises.
exercises: setup
	$(BIN)/python -m tools.exercise_notebooks $(NB)

# The chapters in JupyterLab on http://127.0.0.1:8888 (LAB_PORT=...), as Binder opens them.
LAB_PORT ?= 8888
LAB_DIR ?= chapters
# Jupyter refuses to run as root without --allow-root (containers, CI runners).
lab: setup
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(LAB_PORT) --ServerApp.root_dir=$(LAB_DIR) \
	    $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

# nbgrader's course directory (source/lab02/, one notebook per chapter; COURSE=dir for another
# place than _build/, which `make clean` deletes), and nbgrader itself in .venv-nbgrader/:
# the README's "Grading with nbgrader" says what to run next.
COURSE ?= _build/assignment
assignment: setup $(NBGRADER_STAMP)
	$(BIN)/python -m tools.assignment $(COURSE)

serve:
	@test -d $(SITE_DIR) || { echo "No site yet: run make book EDITION=$(EDITION) first." >&2; exit 1; }
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory $(SITE_DIR)

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
	UV=$(UV) PYTHON_VERSION=$(PYTHON_VERSION) $(BIN)/python -m benchmarks.report

# What needs PyPI: the lock installs on every platform (a dry run each: Linux x86-64 and
# aarch64, macOS arm64, Windows x86-64) and the uv bootstrap installs the lock's uv. Not a phase
# of `make test`, which runs offline once set up: run it after `make lock` (CI runs it when the
# lock changes, and on a schedule).
lock-check: setup
	$(BIN)/python -m pytest -p no:cacheprovider tests -q -m network

# A universal lock (every platform in one file, with markers) with the hash of every wheel.
# uv keeps each version already in requirements.txt unless requirements.in forces a change:
# upgrade one package with `make lock LOCK_ARGS="--upgrade-package NAME"`.
lock: | $(UV)
	$(UV) pip compile --quiet --universal --generate-hashes --python-version $(PYTHON_VERSION) $(LOCK_ARGS) \
	    requirements.in -o requirements.txt
	$(UV) pip compile --quiet --universal --generate-hashes --python-version $(PYTHON_VERSION) $(LOCK_ARGS) \
	    --overrides tools/nbgrader/overrides.txt tools/nbgrader/requirements.in -o tools/nbgrader/requirements.txt

# A class on a real JupyterHub on this machine (127.0.0.1 only), measured: STUDENTS students
# follow chapter 5's launch link at once and run it (tools/classroom/run.py). Writes
# _build/bench/classroom.json. The hub has its own hashed lock and environment, .classroom/.
STUDENTS ?= 8
CLASSROOM_ARGS ?=
classroom: setup classroom-setup
	$(BIN)/python -m tools.classroom.run --students $(STUDENTS) $(CLASSROOM_ARGS)

classroom-setup: .classroom/.installed

.classroom/.installed: tools/classroom/requirements.txt tools/classroom/package-lock.json | $(UV)
	@UV=$(UV) PYTHON_VERSION=$(PYTHON_VERSION) tools/classroom/setup.sh

classroom-lock: | $(UV)
	$(UV) pip compile --quiet --universal --generate-hashes --python-version $(PYTHON_VERSION) \
	    tools/classroom/requirements.in -o tools/classroom/requirements.txt
	cd tools/classroom && npm install --package-lock-only --no-audit --no-fund

# The classroom's own tests (minutes, and npm's registry for the proxy): `make classroom
# STUDENTS=2`, the hub's configuration, and its failures. CI runs them weekly and when a lock changes.
classroom-test: setup classroom-setup
	$(BIN)/python -m pytest -p no:cacheprovider tests/classroom -q

clean:
	rm -rf _build
