#!/usr/bin/env bash
# Every test of the project: Rust (fmt, clippy, tests, doctests, docs, benches
# compiled), datasets re-derived, golden numbers recomputed, a short fuzz
# run, Python (wheel, pytest, stubtest, notebooks),
# WebAssembly (build, size, Node tests, browser tests). Installs what it needs.
# Usage: scripts/test-all.sh   (from anywhere; CI calls it through .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."

section() { printf '\n==== %s ====\n' "$*"; }

section "Rust toolchain"
cargo --version
rustup component list --installed 2>/dev/null | grep -E 'clippy|rustfmt' || rustup component add clippy rustfmt

section "Datasets: re-derive from datasets/raw and compare"
python3 datasets/derive.py --check

section "Golden numbers: the independent reference calculator agrees with golden/cases.json"
python3 golden/reference.py --check
python3 golden/sci_reference.py --check
python3 golden/policy_reference.py --check
python3 golden/datacentre_reference.py --check
python3 datasets/derive_hourly.py --check

section "Rust: format"
cargo fmt --all --check

section "Rust: clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets -- -D warnings

section "Rust: tests and doctests"
cargo test --workspace --exclude empreinte-py --exclude empreinte-wasm

section "Rust: docs (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -p empreinte

section "Rust: benchmarks compile (figures come from scripts/bench.sh)"
cargo bench --no-run -p empreinte-benches

section "Fuzzing: every parser and entry point, briefly (a long run: scripts/fuzz.sh 3600)"
scripts/fuzz.sh 12

section "SCI of our own benchmarks: the engine bench, briefly, through empreinte sci (gCO2e per million rows)"
scripts/sci-bench.sh

if [ -x scripts/test-python.sh ]; then
  section "Python"
  scripts/test-python.sh
fi

if [ -x scripts/test-wasm.sh ]; then
  section "WebAssembly"
  scripts/test-wasm.sh
fi

section "All tests passed"
