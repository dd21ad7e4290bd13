# Two commands do everything on a fresh machine with Python 3.11:
#   make reproduce   build, validate and run every analysis script
#   make test        run the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help reproduce test test-oldest check-data lint-imports build validate install clean release dist bench bench-lookups serve load-test mutate

# A bare `make` only says what there is (it used to run the benchmark).
help:
	@echo "make reproduce    build data/processed from data/raw, validate it and run every analysis script"
	@echo "make test         the whole test suite (installs what it needs into .venv first)"
	@echo "make check-data   after editing data/raw: build, validate, and the data's own tests (tests/data)"
	@echo "make lint-imports what may import what (pyproject.toml [tool.importlinter])"
	@echo "make serve        browse the data in a web browser (Datasette)"
	@echo "make bench        speed, as ratios against a floor measured in the same run"
	@echo "make mutate       mutation testing of the safety promises (slow; see benchmarks/results.md)"
	@echo "make test-oldest  the suite on the oldest declared versions"
	@echo "make release      a release bundle in release/, with the wheel and the sdist beside it (make dist: the same)"

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/lookups.py

# The terminal's lookups (show, search) against python -c pass and an sqlite3 query; its section of benchmarks/results.md.
bench-lookups: $(STAMP)
	$(BIN)/python benchmarks/lookups.py

# The bundle (release/repression-data-X: tables, database, codebook, README, SHA256SUMS), and beside it the
# wheel and the sdist (release/repression_data-X-py3-none-any.whl, release/repression_data-X.tar.gz).
release: $(STAMP)
	$(BIN)/repression-data release --out release/repression-data-$$($(BIN)/python -c "import repression_data; print(repression_data.__version__)")
	@echo "building the wheel and the sdist into release/ (pip installs the 'build' tool into .venv the first time)"
	$(BIN)/python -m pip install --quiet "build>=1.0"
	$(BIN)/python -m build --sdist --wheel --outdir release .

dist: release

# cffconvert pins an old jsonschema that frictionless cannot use: it gets a venv of its own.
CFF_VENV := .venv-cff
CFF_STAMP := $(CFF_VENV)/.installed

$(CFF_STAMP):
	$(PYTHON) -m venv $(CFF_VENV)
	$(CFF_VENV)/bin/python -m pip install --quiet cffconvert==2.0.0
	touch $(CFF_STAMP)

$(STAMP): pyproject.toml constraints.txt
	@echo "creating .venv and installing the package with the exact versions of constraints.txt (about 80 packages; a few minutes the first time)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --progress-bar on -c constraints.txt -e ".[test,serve]"
	touch $(STAMP)

install: $(STAMP)

# Datasette over data/processed/repression-data.db at http://127.0.0.1:8001 (HOST=0.0.0.0 to share it on a network).
HOST ?= 127.0.0.1
PORT ?= 8001
serve: $(STAMP)
	$(BIN)/repression-data serve --host $(HOST) --port $(PORT)

# 20 concurrent clients against a server on 127.0.0.1, bounded; writes its section of benchmarks/results.md.
load-test: $(STAMP)
	$(BIN)/python benchmarks/load.py

# Mutation testing (issue 25; slow, not in CI): mutmut mutates the modules [tool.mutmut] in pyproject.toml
# lists and runs the in-process tests of the safety promises against each mutant; `mutmut results` then
# lists the survivors (`mutmut show NAME` shows one). The score and the survivors: benchmarks/results.md.
mutate: $(STAMP)
	$(BIN)/python -m pip install --quiet "mutmut==3.8.1"
	$(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut results

# The checks a data editor runs after editing data/raw (README: "Adding or correcting a claim").
check-data: $(STAMP)
	$(BIN)/repression-data build
	$(BIN)/repression-data validate
	$(BIN)/python -m pytest tests/data

lint-imports: $(STAMP)
	$(BIN)/lint-imports

build: $(STAMP)
	$(BIN)/repression-data build

validate: $(STAMP)
	$(BIN)/repression-data validate

reproduce: $(STAMP)
	$(BIN)/repression-data reproduce

test: $(STAMP) $(CFF_STAMP)
	CFFCONVERT=$(CFF_VENV)/bin/cffconvert $(BIN)/python -m pytest

# The same suite on the oldest versions pyproject.toml declares (constraints-oldest.txt),
# installed from PyPI into a venv of its own; the timing test is for the pinned versions only.
# The serve extra (Datasette) is tested with constraints.txt only: its tests skip here.
OLD_VENV := .venv-oldest
OLD_STAMP := $(OLD_VENV)/.installed

$(OLD_STAMP): pyproject.toml constraints-oldest.txt
	@echo "creating .venv-oldest with the oldest declared versions (constraints-oldest.txt; a few minutes the first time)"
	$(PYTHON) -m venv $(OLD_VENV)
	$(OLD_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(OLD_VENV)/bin/python -m pip install --progress-bar on -c constraints-oldest.txt -e ".[test]"
	touch $(OLD_STAMP)

test-oldest: $(OLD_STAMP) $(CFF_STAMP)
	REPRESSION_DATA_ENV=oldest CFFCONVERT=$(CFF_VENV)/bin/cffconvert $(OLD_VENV)/bin/python -m pytest -p no:cacheprovider

clean:
	rm -rf $(VENV) $(CFF_VENV) $(OLD_VENV) build dist *.egg-info mutants
