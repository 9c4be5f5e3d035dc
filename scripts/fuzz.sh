#!/usr/bin/env bash
# Coverage-guided fuzzing (cargo fuzz, libFuzzer) of every parser and entry
# point: inventory CSV (with differential checks: one read vs byte by byte,
# LF vs CRLF), factor tables, records as the bindings build them (with the
# fleet-vs-device agreement and keep_longer), data-centre readings (one
# read vs byte by byte, finite KPIs), the other data-centre files (facility,
# tenants, instruments, hourly grid: the same checks) and policy files (devices and embodied
# emissions conserved, finite results). Each target starts from its committed
# seeds (fuzz/seeds/<target>) and runs SECONDS (default 12: the test
# command's short run; use scripts/fuzz.sh 3600 for a long one). Each target
# ends with a line `fuzz: <target> ok` or `fuzz: <target> FAILED (...)`; the
# script fails when any target failed or did not run (a crash leaves its
# input in fuzz/artifacts/<target>/: make it a regression test in
# core/tests/bad_input.rs).
# Needs cargo-fuzz (installed here if missing) and nightly features: a
# nightly toolchain when rustup has one, else the stable one with
# RUSTC_BOOTSTRAP=1 scoped to these builds.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-12}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --version 0.13.2 --locked
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  fuzz() { cargo +nightly fuzz "$@"; }
else
  fuzz() { RUSTC_BOOTSTRAP=1 cargo fuzz "$@"; }
fi
fuzz build -O
log=$(mktemp)
trap 'rm -f "$log"' EXIT
failed=0
for target in inventory_csv factor_table records datacentre_readings datacentre_inputs policy_json sci_inputs; do
  mkdir -p "corpus/$target"
  echo "fuzz: $target for ${seconds}s"
  status=0
  fuzz run -O "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1 || status=$?
  # The run's figures (and, on a failure, libFuzzer's report).
  sed -nE '/^(stat::number_of_executed_units|stat::peak_rss_mb|==|SUMMARY|Done)/p' "$log"
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$log" >&2
    echo "fuzz: $target FAILED (exit status $status)"
    failed=$((failed + 1))
  elif [ -n "$(ls -A "artifacts/$target" 2>/dev/null)" ]; then
    echo "fuzz: $target FAILED (a failing input is in fuzz/artifacts/$target/)"
    failed=$((failed + 1))
  elif ! grep -q '^Done [0-9]* runs' "$log"; then
    tail -n 40 "$log" >&2
    echo "fuzz: $target FAILED (libFuzzer did not report its runs)"
    failed=$((failed + 1))
  else
    echo "fuzz: $target ok"
  fi
done
if [ "$failed" -ne 0 ]; then
  echo "fuzz: $failed target(s) failed" >&2
  exit 1
fi
echo "fuzz: no failure"
