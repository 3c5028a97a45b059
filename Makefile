# stemkit: two commands for everyone.
#   make lab   - set up .venv (first time only) and start JupyterLab on the lessons
#   make test  - set up .venv with the test tools and run the whole suite
# Everything is installed into .venv. Re-running skips the install when
# pyproject.toml has not changed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8888
JOBS   ?= 2
# Classroom PCs and containers sometimes run everything as root; Jupyter refuses that unless told.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# A calm install: no pip upgrade notices, no root-user notice, no setuptools box about editable installs.
QUIET_PIP := PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore PYTHONWARNINGS="ignore:Editable installation"

.PHONY: lab lab-translated test test-fast fuzz lessons release catalog lint translations bench bench-class clean help

help:
	@echo "make lab      start JupyterLab on the lessons (open the address it prints)"
	@echo "make test     run every test: units, lessons, student editions, nbgrader"
	@echo "make test-fast  unit tests only (no notebooks, no browser)"
	@echo "make lint     check every lesson notebook"
	@echo "make release  write student editions to build/student (RELEASE_LANG=ru, kk or all: build/student/<lang>/)"
	@echo "make lab-translated RELEASE_LANG=ru  the student editions in Russian (or kk) in JupyterLab"
	@echo "make translations  refresh the lesson and message catalogues (PO files) from the English"
	@echo "make catalog  regenerate lessons/README.md"
	@echo "make bench    speed measurements against reference tools"
	@echo "make bench-class  a class of simulated students on one JupyterHub"
	@echo "make fuzz     long runs of the parser fuzz tests (minutes per parser)"

$(VENV)/.runtime: pyproject.toml
	@test -x $(PY) || $(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null || { \
		echo "stemkit needs Python 3.10 or newer, and '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
		echo "Install a newer Python (python.org), then run for example: make lab PYTHON=python3.12"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV). On Debian/Ubuntu: sudo apt install python3-venv"; exit 1; }
	@echo "Installing stemkit and JupyterLab into $(VENV) (the first time takes a few minutes)..."
	@$(QUIET_PIP) $(PY) -m pip install --quiet --upgrade pip
	@$(QUIET_PIP) $(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime
	@echo "Installing the test tools into $(VENV)..."
	@$(QUIET_PIP) $(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

lab: $(VENV)/.runtime
	@echo "Starting JupyterLab. No browser opens by itself: open the http://localhost:$(PORT)/... address"
	@echo "printed below in your browser. To stop JupyterLab, press Ctrl+C twice in this window."
	@$(VENV)/bin/jupyter lab --notebook-dir=lessons --port=$(PORT) --no-browser $(ALLOW_ROOT) \
		--ServerApp.log_level=WARN --LabApp.log_level=WARN --LabApp.default_url=/lab/tree/start/01-welcome.ipynb

# Unit tests, doctests, every lesson under nbval, student editions, nbgrader round trip, browser test.
test: $(VENV)/.dev
	$(PY) -m ruff check stemkit tests benchmarks
	$(PY) -m stemkit lint
	$(PY) -m stemkit catalog --check
	MPLBACKEND=Agg STEMKIT_PROGRESS=/dev/null $(PY) -m pytest -n $(JOBS) --dist loadfile \
		--doctest-modules stemkit tests --nbval-lax lessons

test-fast: $(VENV)/.dev
	MPLBACKEND=Agg STEMKIT_PROGRESS=/dev/null $(PY) -m pytest -n $(JOBS) --doctest-modules stemkit tests -m "not lessons and not browser"

# The fuzz tests run a few seconds each in `make test`; here each parser gets minutes of random input.
fuzz: $(VENV)/.dev
	STEMKIT_FUZZ=long MPLBACKEND=Agg STEMKIT_PROGRESS=/dev/null $(PY) -m pytest -n $(JOBS) \
		--hypothesis-show-statistics $$(find tests -name 'test_fuzz*.py' | sort)

lint: $(VENV)/.runtime
	$(PY) -m stemkit lint

RELEASE_LANG ?=
release: $(VENV)/.runtime
	$(PY) -m stemkit release --out build/student --force $(if $(RELEASE_LANG),--lang $(RELEASE_LANG),)

# Another language: the translated student editions (build/student/<lang>/), opened in JupyterLab.
lab-translated: $(VENV)/.runtime
	@test -n "$(RELEASE_LANG)" || { echo "say the language: make lab-translated RELEASE_LANG=ru (or kk)"; exit 2; }
	$(PY) -m stemkit release --out build/student --force --lang $(RELEASE_LANG)
	@$(VENV)/bin/jupyter lab --notebook-dir=build/student/$(RELEASE_LANG) --port=$(PORT) --no-browser $(ALLOW_ROOT) \
		--ServerApp.log_level=WARN --LabApp.log_level=WARN --LabApp.default_url=/lab/tree/start/01-welcome.ipynb

translations: $(VENV)/.runtime
	$(PY) -m stemkit translate update
	$(PY) -m stemkit messages --update

catalog: $(VENV)/.runtime
	$(PY) -m stemkit catalog

bench: $(VENV)/.dev
	MPLBACKEND=Agg $(PY) benchmarks/run_all.py

# A class on one JupyterHub on loopback: N simulated students moving sliders at 2 Hz for 60 s.
# Needs the jupyterhub package and configurable-http-proxy (npm) on PATH; it says so when they are missing.
bench-class: $(VENV)/.dev
	$(PY) benchmarks/bench_hub_browsers.py --students 1 10 20 30 45 --seconds 60

clean:
	rm -rf build .pytest_cache
