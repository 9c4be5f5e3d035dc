#!/usr/bin/env bash
# Coverage-guided fuzzing (cargo fuzz, libFuzzer) of every parser and entry
# point: inventory CSV (with differential checks: one read vs byte by byte,
# LF vs CRLF), factor tables, records as the bindings build them (with the
# fleet-vs-device agreement and keep_longer), data-centre readings (one
# read vs byte by byte, finite KPIs), the other data-centre files (facility,
# tenants, instruments, hourly grid: the same checks) and policy files
# (finite results). Each target starts from its committed
# seeds (fuzz/seeds/<target>) and runs SECONDS (default 15: the test
# command's short run; use scripts/fuzz.sh 3600 for a long one). A crash
# leaves its input in fuzz/artifacts/<target>/ and fails the script: make it
# a regression test in core/tests/bad_input.rs.
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
for target in inventory_csv factor_table records datacentre_readings datacentre_inputs policy_json; do
  mkdir -p "corpus/$target"
  echo "fuzz: $target for ${seconds}s"
  fuzz run -O "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -print_final_stats=1 2>&1 | grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|==|SUMMARY|Done)' || true
  if [ -n "$(ls -A "artifacts/$target" 2>/dev/null)" ]; then
    echo "fuzz: $target found a failing input: fuzz/artifacts/$target/" >&2
    exit 1
  fi
done
echo "fuzz: no failure"
