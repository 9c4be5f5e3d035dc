#!/usr/bin/env bash
# Every test of the project: Rust (fmt, clippy, tests, doctests, docs, benches
# compiled), datasets re-derived, golden numbers recomputed, a short fuzz
# run, Python (wheel, pytest, stubtest, notebooks),
# WebAssembly (build, size, Node tests, browser tests). Installs what it needs.
# Every step runs even when an earlier one failed; a step that cannot run (a
# missing script, a failed build) is a failure, never a skip. The command ends
# with a table of counts per suite and the line `N passed, N failed` (read by
# CI); its exit status is 0 only when nothing failed.
# Usage: scripts/test-all.sh   (from anywhere; CI calls it through .ci/run)
set -uo pipefail
cd "$(dirname "$0")/.."

LOGS=$(mktemp -d)
trap 'rm -rf "$LOGS"' EXIT
SUITES=()
declare -A PASSED FAILED

section() { printf '\n==== %s ====\n' "$*"; }

# count SUITE PASSED FAILED: add to a suite's counts.
count() {
  local suite=$1
  [[ -v "PASSED[$suite]" ]] || { SUITES+=("$suite"); PASSED[$suite]=0; FAILED[$suite]=0; }
  PASSED[$suite]=$((PASSED[$suite] + $2))
  FAILED[$suite]=$((FAILED[$suite] + $3))
}

# step SUITE PARSER TITLE -- COMMAND...: runs COMMAND (its output shown and
# logged), then counts its tests with PARSER (check, cargo, pytest, fuzz,
# golden, wasm). A command that fails adds at least one failure.
step() {
  local suite=$1 parser=$2 title=$3
  shift 4
  section "$title"
  local log="$LOGS/step.log" status p=0 f=0
  "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  case "$parser" in
    check) p=1 ;;
    cargo)
      p=$(grep -E '^test result: ' "$log" | sed -E 's/.* ([0-9]+) passed.*/\1/' | awk '{ s += $1 } END { print s + 0 }')
      f=$(grep -E '^test result: ' "$log" | sed -E 's/.* ([0-9]+) failed.*/\1/' | awk '{ s += $1 } END { print s + 0 }') ;;
    pytest)
      # The last summary line: "== 3 failed, 120 passed in 4.2s ==".
      local summary
      summary=$(grep -E '^=+ .*( passed| failed| error).* in [0-9.]+s' "$log" | tail -n 1)
      p=$(grep -oE '[0-9]+ passed' <<<"$summary" | grep -oE '[0-9]+' || echo 0)
      f=$(grep -oE '[0-9]+ (failed|errors?)' <<<"$summary" | grep -oE '[0-9]+' | awk '{ s += $1 } END { print s + 0 }') ;;
    fuzz)
      p=$(grep -cE '^fuzz: [a-z_]+ ok$' "$log")
      f=$(grep -cE '^fuzz: [a-z_]+ FAILED' "$log") ;;
    golden)
      # "15 cases, 352 expected values agree", "4 SCI cases agree", "10 GHG cases agree", ...
      [ "$status" -eq 0 ] && p=$(grep -oE '[0-9]+ ([A-Z]+ )?cases' "$log" | head -n 1 | grep -oE '^[0-9]+' || echo 1) ;;
    wasm)
      # Two `node --test` runs, Node then browser; their summaries read
      # "# pass N" (TAP) or "ℹ pass N" (spec).
      local passes fails
      mapfile -t passes < <(grep -E '^(# |ℹ )pass [0-9]+' "$log" | grep -oE '[0-9]+$')
      mapfile -t fails < <(grep -E '^(# |ℹ )fail [0-9]+' "$log" | grep -oE '[0-9]+$')
      count "Node" "${passes[0]:-0}" "${fails[0]:-0}"
      count "browser" "${passes[1]:-0}" "${fails[1]:-0}"
      if [ "$status" -ne 0 ] && [ $(( ${fails[0]:-0} + ${fails[1]:-0} )) -eq 0 ]; then
        # Failed outside the tests (tools, build, size budget), or a run missing.
        [ ${#passes[@]} -ge 1 ] && count "browser" 0 1 || count "Node" 0 1
      fi
      [ ${#passes[@]} -ge 1 ] || count "Node" 0 0
      [ ${#passes[@]} -ge 2 ] || count "browser" 0 0
      return ;;
  esac
  p=${p:-0}; f=${f:-0}
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "test-all: FAIL: $title (exit status $status)" >&2
    f=1
    [ "$parser" = check ] && p=0
  fi
  count "$suite" "$p" "$f"
}

step "Rust checks" check "Rust toolchain" -- \
  bash -c 'cargo --version && { rustup component list --installed 2>/dev/null | grep -E "clippy|rustfmt" || rustup component add clippy rustfmt; }'

step "datasets" check "Datasets: re-derive from datasets/raw and compare" -- python3 datasets/derive.py --check
step "datasets" check "Datasets: hourly grid intensities re-derived" -- python3 datasets/derive_hourly.py --check
step "datasets" check "Datasets: direct (combustion) grid intensities re-derived" -- python3 datasets/derive_direct.py --check

for script in golden/reference.py golden/sci_reference.py golden/policy_reference.py golden/datacentre_reference.py golden/ghg_reference.py golden/uncertainty_reference.py; do
  step "golden" golden "Golden numbers: $script agrees with its cases" -- python3 "$script" --check
done

step "Rust checks" check "Rust: format" -- cargo fmt --all --check
step "Rust checks" check "Rust: clippy (all targets, warnings are errors)" -- \
  cargo clippy --workspace --all-targets -- -D warnings
step "Rust" cargo "Rust: tests and doctests" -- \
  cargo test --workspace --exclude empreinte-py --exclude empreinte-wasm
step "Rust checks" check "Rust: docs (warnings are errors)" -- \
  env RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -p empreinte
# The benches compile here, and run briefly for our own SCI below, without
# the bench profile's LTO and single codegen unit (minutes on 2 cores): the
# figures that count come from scripts/bench.sh, on the bench profile.
export CARGO_PROFILE_BENCH_LTO=false CARGO_PROFILE_BENCH_CODEGEN_UNITS=16
step "Rust checks" check "Rust: benchmarks compile (figures come from scripts/bench.sh)" -- \
  cargo bench --no-run -p empreinte-benches

step "fuzz targets" fuzz "Fuzzing: every parser and entry point, briefly (a long run: scripts/fuzz.sh 3600)" -- \
  bash scripts/fuzz.sh 12

step "Rust checks" check "SCI of our own benchmarks: the engine bench, briefly, through empreinte sci" -- \
  bash scripts/sci-bench.sh

# Run with bash, executable bit or not: a suite that does not run is a failure.
step "Python" pytest "Python" -- bash scripts/test-python.sh
step "WebAssembly" wasm "WebAssembly" -- bash scripts/test-wasm.sh

section "Summary"
total_p=0 total_f=0
printf '%-14s %8s %8s\n' suite passed failed
for suite in "${SUITES[@]}"; do
  printf '%-14s %8d %8d%s\n' "$suite" "${PASSED[$suite]}" "${FAILED[$suite]}" \
    "$([ "${PASSED[$suite]}" -eq 0 ] && [ "${FAILED[$suite]}" -eq 0 ] && echo '   (did not run: counted as failed)')"
  if [ "${PASSED[$suite]}" -eq 0 ] && [ "${FAILED[$suite]}" -eq 0 ]; then
    FAILED[$suite]=1
  fi
  total_p=$((total_p + PASSED[$suite]))
  total_f=$((total_f + FAILED[$suite]))
done
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
