# Two commands do everything:  `make run`  (set up + start the app)  and  `make test`  (set up + whole suite).
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
export HF_HUB_OFFLINE = 1
export TRANSFORMERS_OFFLINE = 1

.PHONY: run test install lint typecheck pytest bench eval lock clean

run: install  ## set everything up and serve the app on the embedded default
	$(BIN)/echo-notes serve

test: install lint typecheck pytest  ## set everything up and run the whole test suite

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

lint: install
	$(BIN)/ruff check src tests migrations bench evals graphs
	$(BIN)/ruff format --check src tests migrations bench evals graphs

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest

bench: install  ## print benchmark numbers side by side with their baselines
	$(BIN)/python bench/rls_overhead.py
	$(BIN)/python bench/document_ingest.py
	$(BIN)/python bench/pii_ner_throughput.py
	$(BIN)/python bench/soap_latency.py

eval: install  ## print the evaluation tables (PII per identifier type, SOAP notes)
	$(BIN)/python evals/pii_eval.py
	$(BIN)/python evals/soap_eval.py

lock:  ## re-resolve requirements.lock from pyproject.toml in a fresh environment
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade "pip>=24"
	.lock-venv/bin/python -m pip install --quiet "torch==2.13.0"  # the CPU wheel; see pyproject.toml
	.lock-venv/bin/python -m pip install --quiet -e ".[dev]"
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^echo-notes' > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
