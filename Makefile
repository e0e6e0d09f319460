# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
OUT    ?= out
ARGS   ?=
# test processes (pytest-xdist; a test file stays in one process, so its module fixtures run once)
TEST_WORKERS ?= 2

.PHONY: install run test bench clean

install: $(STAMP)

$(STAMP): setup.py
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: install
	$(PY) -m pipelines.ingest --input seeds --output $(OUT) $(ARGS)

test: install
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile tests $(ARGS)

bench: install
	$(PY) benchmarks/extraction.py
	$(PY) benchmarks/dedup.py
	$(PY) benchmarks/throughput.py

clean:
	rm -rf $(VENV) $(OUT) build dist *.egg-info .pytest_cache
