# The two commands the README opens with (`make generate`, `make test`), and the rest.
# Each target first makes sure .venv holds everything pyproject.toml asks for.
PYTHON3 ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The generated client supports Python 3.10; its tests also run there.
PYTHON310 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.10*/bin/python3.10) $(shell command -v python3.10))
PY310 := $(VENV)/py310/bin/python

.PHONY: generate test test-slow check accept peers

generate: $(VENV)/.installed  ## regenerate generated/ from spec/
	$(PY) -m generator generate

check: $(VENV)/.installed  ## exit 1 with a diff when generated/ is stale
	$(PY) -m generator check

accept: $(VENV)/.installed  ## after changing the generator: accept all new golden output
	$(PY) -m generator generate
	$(PY) -m pytest -q tests/test_golden.py tests/test_corpus_golden.py --update-golden

test: $(VENV)/.installed $(VENV)/py310/.installed $(VENV)/spectral/.installed  ## the whole suite, then lint and types of the generator itself
	$(PY) -m pytest -q
	CLIENTGEN_CROSSCHECK=1 $(PY310) -m pytest -q -p no:cacheprovider tests/client tests/runtime
	$(PY) -m ruff check generator tests benchmarks
	$(PY) -m ruff format --check generator tests benchmarks
	$(PY) -m mypy generator
	$(PY) -m generator check

# The slow checks, which CI runs after `make test`: the same tests, at full size.
test-slow: $(VENV)/.installed $(VENV)/py310/.installed  ## the stress, property and scale tests at full size (minutes)
	CLIENTGEN_STRESS_RUNS=30 CLIENTGEN_HUGE_SCHEMAS=50000 CLIENTGEN_HYPOTHESIS_EXAMPLES=200 \
		CLIENTGEN_ODDITIES_SHARE=1 $(PY) -m pytest -q tests/test_pipeline.py \
		tests/test_bad_input.py tests/test_no_injection.py tests/test_oddities.py
	CLIENTGEN_HYPOTHESIS_EXAMPLES=500 CLIENTGEN_CROSSCHECK=1 \
		$(PY310) -m pytest -q -p no:cacheprovider tests/runtime/test_crosscheck.py
	$(PY) -m pytest -q -m scale tests/test_scale.py

$(VENV)/.installed: pyproject.toml
	$(PYTHON3) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	# The official SARIF 2.1.0 JSON schema, for the lint tests: npm's @microsoft/jest-sarif
	# ships it (no other registry this project reaches does).
	mkdir -p $(VENV)/share/sarif
	cd $(VENV)/share/sarif && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null \
		&& tar -xzf microsoft-jest-sarif-1.0.0-beta.0.tgz --strip-components=3 \
			package/lib/schemas/sarif-2.1.0-rtm.5.json
	touch $@

# Spectral, which tests/lint/test_spectral.py runs to hold docs/spectral.md to what it
# reports: exactly the npm packages tests/lint/spectral/package-lock.json pins, without
# their install scripts (one of them only sends install analytics).
$(VENV)/spectral/.installed: tests/lint/spectral/package.json tests/lint/spectral/package-lock.json
	rm -rf $(VENV)/spectral
	mkdir -p $(VENV)/spectral
	cp tests/lint/spectral/package.json tests/lint/spectral/package-lock.json $(VENV)/spectral/
	cd $(VENV)/spectral && npm ci --silent --no-audit --no-fund --ignore-scripts
	touch $@

$(VENV)/py310/.installed: tests/client/requirements-py310.txt $(VENV)/.installed
	@test -n "$(PYTHON310)" || { echo "Python 3.10 is needed to test the generated client on the oldest Python it supports; set PYTHON310=/path/to/python3.10"; exit 1; }
	$(PYTHON310) -m venv $(VENV)/py310
	$(PY310) -m pip install --quiet -r tests/client/requirements-py310.txt
	touch $@

# The two generators benchmarks/compare_peers.py measures clientgen against, at exact
# versions, with what the clients they generate import (never part of `make test`):
#   make peers && .venv/bin/python benchmarks/compare_peers.py   # writes docs/constructs.md
PEERS_PINS := openapi-python-client==0.29.1 openapi-generator-cli==7.26.0 \
	httpx==0.28.1 attrs==26.1.0 python-dateutil==4.0.0 pydantic==2.14.4 urllib3==2.8.0 \
	typing-extensions==4.16.0
peers: $(VENV)/peers/.installed  ## openapi-python-client and openapi-generator in .venv/peers

$(VENV)/peers/.installed: Makefile $(VENV)/.installed
	rm -rf $(VENV)/peers
	$(PYTHON3) -m venv $(VENV)/peers
	$(VENV)/peers/bin/python -m pip install --quiet $(PEERS_PINS)
	touch $@
