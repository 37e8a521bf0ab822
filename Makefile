# Briefing: `make site` builds the site, `make test` runs the tests.
# Both set up the virtual environment from the pinned requirements first.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.ready

.PHONY: site generate check test serve bench clean

site: $(READY)
	$(PY) -m generator build

generate: $(READY)
	$(PY) -m generator generate

check: $(READY)
	$(PY) -m generator check

serve: $(READY)
	$(PY) -m generator serve

test: $(READY)
	$(PY) -m pytest

bench: $(READY)
	$(PY) benchmarks/bench.py

$(READY): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

clean:
	rm -rf site site-offline .pytest_cache
	$(PY) -c "from generator.write import write; write('site_src', {})" 2>/dev/null || true
