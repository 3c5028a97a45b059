# stemkit: two commands for everyone.
#   make lab   - set up .venv (first time only) and open the lessons in JupyterLab
#   make test  - set up .venv with the test tools and run the whole suite
# Nothing is installed outside .venv. Re-running skips the install when
# pyproject.toml has not changed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8888
JOBS   ?= 2
# Classroom PCs and containers sometimes run everything as root; Jupyter refuses that unless told.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: lab test test-fast lessons release catalog lint bench clean help

help:
	@echo "make lab      open the lessons in JupyterLab"
	@echo "make test     run every test: units, lessons, student editions, nbgrader"
	@echo "make test-fast  unit tests only (no notebooks, no browser)"
	@echo "make lint     check every lesson notebook"
	@echo "make release  write student editions to build/student"
	@echo "make catalog  regenerate lessons/README.md"
	@echo "make bench    speed measurements against reference tools"

$(VENV)/.runtime: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV). On Debian/Ubuntu: sudo apt install python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

lab: $(VENV)/.runtime
	@echo "Opening JupyterLab on lessons/ - the address to open appears below (Ctrl+C to stop)."
	$(VENV)/bin/jupyter lab --notebook-dir=lessons --port=$(PORT) --no-browser $(ALLOW_ROOT) \
		--LabApp.default_url=/lab/tree/start/01-welcome.ipynb

# Unit tests, doctests, every lesson under nbval, student editions, nbgrader round trip, browser test.
test: $(VENV)/.dev
	$(PY) -m ruff check stemkit tests benchmarks
	$(PY) -m stemkit lint
	$(PY) -m stemkit catalog --check
	MPLBACKEND=Agg STEMKIT_PROGRESS=/dev/null $(PY) -m pytest -n $(JOBS) --dist loadfile \
		--doctest-modules stemkit tests --nbval-lax lessons

test-fast: $(VENV)/.dev
	MPLBACKEND=Agg STEMKIT_PROGRESS=/dev/null $(PY) -m pytest -n $(JOBS) --doctest-modules stemkit tests -m "not lessons and not browser"

lint: $(VENV)/.runtime
	$(PY) -m stemkit lint

release: $(VENV)/.runtime
	$(PY) -m stemkit release --out build/student --force

catalog: $(VENV)/.runtime
	$(PY) -m stemkit catalog

bench: $(VENV)/.dev
	MPLBACKEND=Agg $(PY) benchmarks/run_all.py

clean:
	rm -rf build .pytest_cache
