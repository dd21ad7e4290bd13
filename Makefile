# Two commands do everything on a fresh machine with Python 3.11:
#   make reproduce   build, validate and run every analysis script
#   make test        run the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: reproduce test build validate install clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

build: $(STAMP)
	$(BIN)/repression-data build

validate: $(STAMP)
	$(BIN)/repression-data validate

reproduce: $(STAMP)
	$(BIN)/repression-data reproduce

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build dist *.egg-info
