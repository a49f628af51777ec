# Developer and CI entry points. `make test` is what CI runs (.ci/run); `make help` lists the targets.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
# The stages share one CPU budget and one venv: they run one after another, even under -j (each stage uses both
# cores itself where that is safe: PYTEST_JOBS, MOLECULE_JOBS below).
.NOTPARALLEL:

PYTHON ?= python3.11
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
# Kept inside .venv so deleting the venv also forgets it was ever built.
VENV_STAMP := $(VENV)/.requirements-installed
REQUIREMENTS := requirements.txt requirements-test.txt
# galaxy-importer gets a venv of its own: its pins would move packages under the tools above.
IMPORTER_VENV := $(CURDIR)/.venv-galaxy-importer
IMPORTER_STAMP := $(IMPORTER_VENV)/.requirements-installed

# molecule shells out to ansible-config and ansible-playbook; ansible-test looks up python3.11: all from the venv.
export PATH := $(BIN):$(PATH)

SANITY_PYTHON ?= 3.11
SANITY_ARGS ?=
RUFF_PATHS = $(wildcard plugins tests scripts bench conftest.py)
# Scenarios are molecule/<name>/molecule.yml; molecule/_shared holds the playbooks they reuse and is no scenario.
MOLECULE_SCENARIOS = $(sort $(patsubst molecule/%/molecule.yml,%,$(wildcard molecule/*/molecule.yml)))
# Pin molecule's scenario discovery to molecule/ (it would otherwise guess between molecule/ and extensions/molecule/).
export MOLECULE_GLOB := molecule/*/molecule.yml

SIM_PORT ?=
SIM_SCALE ?=

.PHONY: help venv lint format unit evidence sanity ansible-lint galaxy-importer molecule test bench bench-compare sim demo build clean

help:
	@echo "make demo          the guide end to end against a local simulator (~1 min)"
	@echo "make test          venv + lint + unit + evidence + sanity + ansible-lint + galaxy-importer + molecule (CI)"
	@echo "make venv          build .venv from $(REQUIREMENTS) (rebuilt when they change)"
	@echo "make lint          ruff check and ruff format --check"
	@echo "make format        ruff format and ruff check --fix (rewrites files)"
	@echo "make unit          pytest: tests/unit, tests/simulator/tests and tests/integration_role"
	@echo "make evidence      pytest tests/evidence: bad input, secrets, concurrency, check-mode honesty"
	@echo "make sanity        ansible-test sanity --venv on a copy of the built collection"
	@echo "make ansible-lint  ansible-lint, production profile, offline"
	@echo "make galaxy-importer  Galaxy's upload check (galaxy-importer) on the built tarball, offline"
	@echo "make molecule      molecule test for every scenario under molecule/"
	@echo "make bench         benchmark on the simulator: wall time and AWS calls (not part of make test)"
	@echo "make bench-compare the role and amazon.aws on the same guide, side by side (builds .venv-amazon-aws)"
	@echo "make sim SIM_PORT=<port> [SIM_SCALE=<s>]   run the AWS simulator in the foreground"
	@echo "make build         ansible-galaxy collection build (tarball in the repo root)"
	@echo "make clean         remove test output, caches and built tarballs (keeps .venv)"

venv: $(VENV_STAMP)

$(VENV_STAMP): $(REQUIREMENTS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@touch $@

lint: venv
	ruff check $(RUFF_PATHS)
	ruff format --check $(RUFF_PATHS)

format: venv
	ruff format $(RUFF_PATHS)
	ruff check --fix $(RUFF_PATHS)

# Tests run on both cores (pytest-xdist: each worker starts its own simulator), molecule scenarios two at a time
# (each owns its port and state). PYTEST_JOBS=0 / MOLECULE_JOBS=1 run them one at a time.
PYTEST_JOBS ?= 2
MOLECULE_JOBS ?= 2

unit: venv
	pytest -n $(PYTEST_JOBS)

# Separate from `unit`: these run ansible-playbook end to end and take minutes, so `make unit` stays quick.
evidence: venv
	pytest -n $(PYTEST_JOBS) tests/evidence

sanity: venv
	python scripts/sanity.py --venv --python $(SANITY_PYTHON) $(SANITY_ARGS)

# No paths: ansible-lint finds every Ansible file in the checkout itself (scope and policy: .ansible-lint).
# ansible-lint puts $$ANSIBLE_HOME/collections ahead of ansible.cfg's paths; a stale aurora.mysql copy in the shared
# ~/.ansible (molecule's prerun leaves one there) would shadow the checkout, so it gets a home of its own.
ansible-lint: venv
	ANSIBLE_HOME=$(CURDIR)/.ansible ansible-lint

# Galaxy's upload check on the tarball as `make build` makes it (scripts/galaxy_importer.py, .ci/galaxy-importer.cfg).
# Its venv only, so it never touches .venv.
galaxy-importer: $(IMPORTER_STAMP)
	$(IMPORTER_VENV)/bin/python scripts/galaxy_importer.py

$(IMPORTER_STAMP): requirements-galaxy-importer.txt
	@test -x $(IMPORTER_VENV)/bin/python || $(PYTHON) -m venv $(IMPORTER_VENV)
	$(IMPORTER_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-galaxy-importer.txt
	@touch $@

molecule: venv
	@test -n "$(MOLECULE_SCENARIOS)" || { echo "molecule: no scenarios under molecule/" >&2; exit 1; }
	MOLECULE_JOBS=$(MOLECULE_JOBS) bash scripts/molecule_all.sh $(MOLECULE_SCENARIOS)

test: venv lint unit evidence sanity ansible-lint galaxy-importer molecule

BENCH_ARGS ?=
bench: venv
	python -m bench $(BENCH_ARGS)

# amazon.aws as the `ansible` package ships it, in a venv of its own (its ansible-core is not ours).
AMAZON_VENV := $(CURDIR)/.venv-amazon-aws
AMAZON_STAMP := $(AMAZON_VENV)/.requirements-installed

$(AMAZON_STAMP): bench/requirements-amazon-aws.txt
	@test -x $(AMAZON_VENV)/bin/python || $(PYTHON) -m venv $(AMAZON_VENV)
	$(AMAZON_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements-amazon-aws.txt
	@touch $@

bench-compare: venv $(AMAZON_STAMP)
	python -m bench --only converge,compare --amazon-venv $(AMAZON_VENV) $(BENCH_ARGS)

sim: venv
	@test -n "$(SIM_PORT)" || { echo "usage: make sim SIM_PORT=<port> [SIM_SCALE=<scale>]" >&2; exit 2; }
	python -m tests.simulator --port $(SIM_PORT) $(if $(SIM_SCALE),--scale $(SIM_SCALE))

demo: venv
	bash scripts/demo.sh

build: venv
	ansible-galaxy collection build --force .

clean:
	rm -rf tests/output .pytest_cache .ruff_cache
	rm -f aurora-mysql-*.tar.gz
	find . -path ./.venv -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
