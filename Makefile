# Descent Lab: `make run` starts the app on http://localhost:8501, `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
export OMP_NUM_THREADS := 1
export OPENBLAS_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
export MALLOC_ARENA_MAX := 2

.PHONY: run test bench install install-dev clean

$(BIN)/python:
	@echo "==> Creating the virtual environment in $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==26.3

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	@echo "==> Installing the pinned requirements (torch, streamlit, ...) into $(VENV): the"
	@echo "    first time this downloads several hundred MB and can take minutes. Please wait."
	$(BIN)/pip install --quiet -r requirements.txt
	@echo "==> Requirements installed"
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	@echo "==> Installing the test tools (requirements-dev.txt)"
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime
	@echo "==> Compiling the fused engine's kernels into numba's disk cache (minutes the first"
	@echo "    time, about a second after that)"
	$(BIN)/python -c "from optim_core.fused import warm; warm(verbose=True)"
install-dev: install $(VENV)/.dev

run: install
	@echo "==> Starting Descent Lab on http://localhost:8501 (Ctrl+C stops it)"
	$(BIN)/streamlit run streamlit_app.py --server.port 8501

test: install-dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 --dist loadfile   # both cores, one test file per worker

bench: install-dev
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
