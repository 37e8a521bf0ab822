# Briefing: `make site` builds the site, `make test` runs the tests,
# `make offline` builds site-offline/ and site-offline.zip for reading from file://.
# Each sets up what it needs first: the virtual environment from the pinned
# requirements, the pinned npm packages (npm ci), Debian's chromium for the tests.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.ready
NODE_READY := node_modules/.ready
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Playwright (PyPI) drives Debian's chromium; it must never download a browser of its own
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: site offline generate check test test-crash serve bench clean

site: $(READY)
	$(PY) -m generator build
	@echo "The site is in site/. To read it: make serve (live preview), or"
	@echo "  $(PY) -m http.server -d site 8000, then open http://127.0.0.1:8000/"

offline: $(READY) $(NODE_READY)
	$(PY) -m generator build --offline

generate: $(READY)
	$(PY) -m generator generate

# CHECK_FLAGS=--strict (pull requests): also refuse the '# TODO' and '# proposed' comments briefing new leaves;
# pull requests also pass --changed-since "origin/$$BASE_REF" (only the warnings of the files they touch)
check: $(READY)
	$(PY) -m generator check $(CHECK_FLAGS)

serve: $(READY)
	$(PY) -m generator serve

test: $(READY) $(NODE_READY) $(CHROMIUM)
	$(PY) -m pytest --durations=10

# the kill tests on 2,000 articles (minutes; make test runs them on 300)
test-crash: $(READY)
	BRIEFING_CRASH_ARTICLES=2000 $(PY) -m pytest tests/test_crash.py

bench: $(READY)
	$(PY) benchmarks/run.py

$(READY): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -qq --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install -qq --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# iframe-worker (offline search) and axe-core (accessibility tests), exact versions from package-lock.json
$(NODE_READY): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# the browser tests' Chromium, from Debian, installed only when missing
$(CHROMIUM):
	$(SUDO) apt-get update
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends chromium

clean:
	rm -rf site site-offline site-offline.zip .pytest_cache
	$(PY) -c "from generator.pages.write import write; write('site_src', {})" 2>/dev/null || true
