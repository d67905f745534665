# tillit — the single entry point for building, testing and running.
# `make demo` runs the main job on the embedded default data; `make test` runs the whole suite.
# Both install what a fresh machine lacks (a Python venv with maturin, pytest, and cmake +
# libclang for the HiGHS MIP solver; numpy, pandas, dask, nbclient and ipykernel for the
# Python package, its batch runs and the example notebook) into .venv/.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.prereqs-3
# cmake (from the venv) and libclang (its clang/native folder) let HiGHS build from source.
export PATH := $(abspath $(VENV))/bin:$(PATH)
export LIBCLANG_PATH ?= $(abspath $(VENV))/clang-native

.PHONY: help demo test prereqs fmt lint rust-test py-test fuzz fuzz-short fuzz-build fuzz-prereqs bench bench-compare bench-vrptw bench-roster bench-assign bench-time-limits clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet 'maturin>=1.7,<2' 'pytest>=8' 'mypy>=1.10' 'cmake>=3.27' 'libclang>=16'
	$(PY) -m pip install --quiet 'numpy>=1.26' 'pandas>=2.1' 'pandas-stubs>=2.1' 'dask[distributed]>=2024.1' \
		'nbclient>=0.10' 'nbformat>=5.9' 'ipykernel>=6.29'
	ln -sfn "$$($(PY) -c 'import clang, os; print(os.path.join(os.path.dirname(clang.__file__), "native"))')" $(VENV)/clang-native
	touch $@

prereqs: $(STAMP) ## install build prerequisites into .venv (idempotent)

demo: $(STAMP) ## run the main job on the embedded Helsinki extract (outputs in tillit-demo/)
	cargo run --release --quiet --bin tillit -- demo --force --out tillit-demo

test: lint rust-test py-test fuzz-short ## the whole suite: fmt, clippy, Rust tests, Python tests, a short fuzz run

fmt: ## format all code
	cargo fmt --all

lint: $(STAMP) ## fmt check and clippy with warnings as errors
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

rust-test: $(STAMP) ## Rust unit, integration and doc tests
	cargo test -p tillit

py-test: $(STAMP) ## build the Python extension into .venv, check its stubs, run pytest
	cd python && VIRTUAL_ENV=$(abspath $(VENV)) maturin develop --quiet
	$(PY) -m mypy.stubtest tillit
	$(PY) -m pytest -q python/tests

# Fuzzing (docs/fuzzing.md): cargo-fuzz on the nightly toolchain, one target per reader, built
# once into fuzz/target (HiGHS is compiled again there: ~10 min the first time), then run one
# target after another on one core.
FUZZ_SECONDS       ?= 600
FUZZ_SHORT_SECONDS ?= 5
FUZZ_TARGETS       ?=

fuzz-prereqs:
	rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

fuzz-build: $(STAMP) fuzz-prereqs
	cd fuzz && cargo +nightly fuzz build

fuzz: fuzz-build ## long fuzz runs: FUZZ_SECONDS (600) per target, FUZZ_TARGETS to narrow
	fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-short: fuzz-build ## a short fuzz run (FUZZ_SHORT_SECONDS = 5 per target); part of make test
	fuzz/run.sh $(FUZZ_SHORT_SECONDS) $(FUZZ_TARGETS)

bench: ## criterion benches (uses ../shared/data when present)
	cargo bench -p tillit

bench-roster: $(STAMP) ## Curtois & Qu roster benchmark (28 min, sequential) → benches/results/roster_curtois.txt
	cargo build --release --quiet --bin tillit
	benches/roster_curtois.sh target/release/tillit | tee benches/results/roster_curtois.txt

bench-assign: $(STAMP) ## team assignment, 2,000 clients x 30 teams, seeds 0-2, two-phase vs full MIP (6 min) → benches/results/assign_synthetic.txt
	cargo build --release --quiet --bin tillit
	benches/assign_synthetic.sh target/release/tillit | tee benches/results/assign_synthetic.txt

bench-time-limits: $(STAMP) ## does --time-limit bind? overrun over days x threads x rota weeks (≈ 10 min) → benches/results/time_limits.txt
	cargo build --release --quiet --bin tillit
	benches/time_limits.sh target/release/tillit | tee benches/results/time_limits.txt

# osrm-bindings (the OSRM side of the comparison) ships wheels for Python >= 3.12 only.
BENCH_VENV   := .venv-bench
BENCH_PYTHON ?= $(firstword $(wildcard $(or $(PYENV_ROOT),$(HOME)/.pyenv)/versions/3.1[2-9]*/bin/python3) $(shell for p in python3.14 python3.13 python3.12; do $$p -c '' 2>/dev/null && command -v $$p && break; done))
bench-compare: ## 1000x1000 matrix side by side with scipy and OSRM (benches/compare_matrix.py)
	@test -n "$(BENCH_PYTHON)" || { echo "bench-compare needs Python >= 3.12 (osrm-bindings wheels); set BENCH_PYTHON"; exit 1; }
	test -x $(BENCH_VENV)/bin/python || $(BENCH_PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet numpy scipy
	$(BENCH_VENV)/bin/python -m pip install --quiet --only-binary=:all: osrm-bindings
	cargo build --release --quiet --bin tillit
	$(BENCH_VENV)/bin/python benches/compare_matrix.py

# PyVRP (the reference VRPTW solver) in its own venv, pinned to the version the issue names.
PYVRP_VENV := .venv-pyvrp
bench-vrptw: ## tillit vs PyVRP side by side on ../shared/data/vrptw (ARGS="--per-set 4 ..." to narrow)
	test -x $(PYVRP_VENV)/bin/python || python3 -m venv $(PYVRP_VENV)
	$(PYVRP_VENV)/bin/python -m pip install --quiet 'pyvrp==0.14.*'
	cargo build --release --quiet --bin tillit
	$(PYVRP_VENV)/bin/python benches/compare_vrptw.py $(ARGS)

clean: ## remove build outputs and the venvs
	cargo clean
	rm -rf fuzz/target fuzz/corpus fuzz/artifacts fuzz/logs
	rm -rf $(VENV) $(BENCH_VENV) $(PYVRP_VENV) tillit-demo
