#!/usr/bin/env bash
# Mutation evidence for the tests of issue 20 ("tests that can fail"): each
# line below breaks the engine (or a binding) on purpose in one small place,
# runs only the test that must catch it, and restores the file. A mutant is
# KILLED when that test fails, SURVIVED when it passes (the test cannot see
# the defect), INVALID when the mutant does not build or the text to replace
# is not found (the list is out of date). Prints a Markdown table.
#
# Not part of the test command: it rebuilds a test binary per mutant (about
# 20-60 s each on 2 cores). The full `cargo mutants` run is the thorough
# tool; this list names one mutation per test, the evidence the issue asks.
#
# Usage: scripts/mutations.sh [ID...]   (from anywhere; default: every mutant)
#   Python mutants need .venv with the package installed in develop mode
#   (maturin develop --profile ci -m py/Cargo.toml): a Python file mutant
#   takes effect at once. Node and browser mutants need the built package
#   and site (bash wasm/build.sh) and edit wasm/pkg/ or wasm/site/ (both
#   rebuilt by build.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# A mutant's failing seeds must not be saved into core/tests/*.proptest-regressions.
export PROPTEST_DISABLE_FAILURE_PERSISTENCE=true

# id @@ file @@ text to replace @@ replacement @@ runner @@ test
# runner: cargo:<cargo test arguments> (the test name is the filter),
#         py (pytest node id), node and browser (node --test name pattern;
#         node mutants patch the built package wasm/pkg, byte for byte).
# In the texts, \n is a newline.
MUTANTS=$(cat <<'EOF'
estimate-zero @@ core/src/quantity/estimate.rs @@ Self::from_bounds(b).map_err(|p| Error::OutOfRange { @@ return Ok(Self::from_bounds(b).unwrap_or(Self::ZERO));\n        #[allow(unreachable_code)]\n        Self::from_bounds(b).map_err(|p| Error::OutOfRange { @@ cargo:-p empreinte --lib @@ computed_lanes_are_never_replaced_by_zero
sci-change-pct @@ core/src/accounting/energy.rs @@ (current / baseline - 1.0) * 100.0 @@ (current / baseline - 1.0) * 10.0 @@ cargo:-p empreinte --lib @@ sci_noise_and_change_by_hand
sci-noise-weight @@ core/src/accounting/energy.rs @@ .map(|(noise, t)| noise.map(|n| n * t / total_time_s)) @@ .map(|(noise, _)| noise) @@ cargo:-p empreinte --lib @@ sci_noise_and_change_by_hand
sci-gate-change @@ core/src/sci/baseline.rs @@ let change_pct = crate::accounting::sci_change_pct(new, old); @@ let change_pct = crate::accounting::sci_change_pct(old, new); @@ cargo:-p empreinte --test sci @@ the_regression_gate_fails_above_the_threshold_and_passes_below
unit-filter-ignored @@ core/src/sci/unit.rs @@         (_, None, Some(f)) => Err(Error::invalid_option( @@         (None, None, Some(_)) => Ok(FunctionalUnit::Run),\n        (_, None, Some(f)) => Err(Error::invalid_option( @@ cargo:-p empreinte --test sci @@ the_functional_unit_uses_or_refuses_every_input
benchmark-zero-time @@ core/src/sci/compute.rs @@ check("measured_time_s", b.measured_time_s, false) @@ check("measured_time_s", b.measured_time_s, true) @@ cargo:-p empreinte --test sci @@ a_benchmark_without_measured_time_is_refused
cli-criterion-dir-ignored @@ cli/src/sci/unit.rs @@ Some(dir) if !options.per_criterion => @@ Some(dir) if false && !options.per_criterion => @@ cargo:-p empreinte-cli --test sci @@ criterion_dir_and_bench_filter_are_used_or_refused
simulate-json-crossing @@ core/src/report/policy.rs @@ if let Some(y) = crossing_year { @@ if let Some(y) = crossing_year.filter(|_| false) { @@ cargo:-p empreinte-cli --test policy @@ simulate_json_has_the_crossing_year_of_the_comparison
crossing-rule @@ core/src/policy/run.rs @@ .find(|(y, on)| **on && y.year > base_year) @@ .find(|(y, on)| **on && y.year >= base_year) @@ cargo:-p empreinte --test policy @@ on_track_and_the_crossing_year_are_one_rule
keep-longer-saving @@ core/src/accounting/life.rs @@ embodied * extra_years / (lifespan_years * (lifespan_years + extra_years)) @@ embodied * extra_years / (lifespan_years * lifespan_years) @@ cargo:-p empreinte --doc @@ keep_longer
cli-default-mode @@ cli/src/args.rs @@ Mode::default().id().to_owned() @@ Mode::Acquisition.id().to_owned() @@ cargo:-p empreinte-cli --bin empreinte @@ option_defaults_are_cores
csv-rounding @@ core/src/report/write.rs @@ significant_digits: Some(digits.unwrap_or(DEFAULT_SIGNIFICANT_DIGITS)), @@ significant_digits: digits.and(None), @@ cargo:-p empreinte-cli --test cli @@ csv_numbers_are_rounded_and_notes_reach_stderr
layer-grouped-use @@ core/src/quantity/estimate.rs @@ use crate::error::{Error, Location}; @@ use crate::error::{Error, Location};\n#[allow(unused_imports)]\nuse crate::{report::Table as _}; @@ cargo:-p empreinte --test layers @@ 
load-model-lanes @@ core/src/accounting/energy.rs @@             / 1_000.0;\n    }\n    out @@             / 1_000.0;\n    }\n    out.reverse();\n    out @@ cargo:-p empreinte --test invariants @@ intervals_are_ordered_and_non_negative
zero-weight-share @@ core/src/accounting/datacentre.rs @@         if *w > 0.0 {\n            remainders.push @@         if *w >= 0.0 {\n            remainders.push @@ cargo:-p empreinte --test datacentre @@ allocations_conserve_the_total_exactly
share-error-column @@ core/src/datacentre/assess.rs @@                 at: t.at.clone().with_column("capacity_share"),\n            })?; @@                 at: t.at.clone(),\n            })?; @@ cargo:-p empreinte --test datacentre @@ the_methodology_worked_example_is_what_the_engine_computes
hourly-note-dropped @@ core/src/datacentre/assess.rs @@                 code: "no_hourly_series", @@                 code: "hourly_series", @@ cargo:-p empreinte --test datacentre @@ the_embedded_example_runs_with_hourly_intensity_when_built_in
negative-purchases @@ core/src/policy/run.rs @@                         n = 0.0;\n                    }\n                    if n == 0.0 {\n                        continue;\n                    }\n                    let mix = self.mix.get(usize::from(kind)).cloned().unwrap_or_default();\n                    for (to, share) in mix {\n                        for (part, factor) in\n                            [(1.0 - refurbished, 1.0), (refurbished, refurbished_factor)]\n                        {\n                            let q = n * share * part;\n                            if q > 0.0 { @@                     }\n                    if n == 0.0 {\n                        continue;\n                    }\n                    let mix = self.mix.get(usize::from(kind)).cloned().unwrap_or_default();\n                    for (to, share) in mix {\n                        for (part, factor) in\n                            [(1.0 - refurbished, 1.0), (refurbished, refurbished_factor)]\n                        {\n                            let q = n * share * part;\n                            if q != 0.0 { @@ cargo:-p empreinte --test policy @@ devices_are_conserved
tender-credited-years @@ core/src/accounting/policy.rs @@ lifespan_years.min(warranty_years.max(spare_parts_years)) @@ lifespan_years.min(warranty_years.min(spare_parts_years)) @@ cargo:-p empreinte --test policy @@ golden_cases_match_the_reference_calculator
py-tender-formula @@ py/python/empreinte/_policy.py @@     return TenderReport(_frame(ranking), formula, @@     formula = formula.replace("max(", "min(")\n    return TenderReport(_frame(ranking), formula, @@ py @@ tests/test_policy.py::test_golden_tender
py-sci-attribute @@ py/python/empreinte/_sci.py @@         scalars = {k: d[k] for k in ("specification", "energy_model", *_RESULT_COLUMNS)} @@         scalars = {k: d[k] for k in ("specification", "energy_model", *_RESULT_COLUMNS)}\n        scalars["sci_gco2e_per_unit"] = d["total_gco2e"] @@ py @@ tests/test_sci.py::test_golden_case
py-default-grouping @@ py/python/empreinte/_api.py @@     args = (year, mode, _by(by), country, _factors(factors), all_criteria) @@     args = (year, mode, _by(by) or "kind", country, _factors(factors), all_criteria) @@ py @@ tests/test_api.py::test_default_grouping_and_mode_are_cores
py-keep-longer-notes @@ py/python/empreinte/_api.py @@ notes=tuple(Note(c, m) for c, m in notes)\n    ) @@ notes=()\n    ) @@ py @@ tests/test_api.py::test_keep_longer_and_simulate_keep_the_reading_notes
node-tender-formula @@ wasm/pkg/empreinte_planning_bg.wasm @@ max(warranty_years, spare_parts_years) @@ min(warranty_years, spare_parts_years) @@ node @@ golden tender
browser-cumulative @@ wasm/site/policy.js @@ c.dataset.value = String(p.summary.cumulative_gwp_kgco2e); @@ c.dataset.value = String(p.years.reduce((s, r) => s + r.gwp_total_kgco2e, 0) * (1 + 1e-6)); @@ browser @@ the Policy tab
browser-avoided @@ wasm/site/policy.js @@ av.dataset.a = String(a.summary.cumulative_avoided_gwp_kgco2e); @@ av.dataset.a = String(a.avoided.reduce((s, r) => s + r.avoided_gwp_kgco2e, 0) + 1); @@ browser @@ the Policy tab
browser-default-year @@ wasm/site/fleet.js @@ $('year').value = String(empreinte.defaultYear(new Date().getFullYear())); @@ $('year').value = String(new Date().getFullYear()); @@ browser @@ page loads in French
EOF
)

# Replaces the first occurrence of OLD by NEW in FILE (\n = newline);
# exit 3 when OLD is not there.
replace() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys
path, old, new = sys.argv[1], sys.argv[2].replace("\\n", "\n"), sys.argv[3].replace("\\n", "\n")
# A built module (.wasm) is patched byte for byte (Latin-1 maps bytes 1:1);
# a mutant of one must keep the text's length.
encoding = "latin-1" if path.endswith(".wasm") else "utf-8"
text = open(path, encoding=encoding).read()
if old not in text:
    sys.exit(3)
open(path, "w", encoding=encoding).write(text.replace(old, new, 1))
PY
}

run_test() {
  local runner=$1 test=$2 log=$3
  case $runner in
    cargo:*)
      # shellcheck disable=SC2086
      timeout 900 cargo test ${runner#cargo:} -- "$test" >"$log" 2>&1
      local rc=$?
      if grep -q '^error\(\[E[0-9]*\]\)\?: ' "$log" && ! grep -q 'test result' "$log"; then return 2; fi
      grep -q 'running [1-9]' "$log" || return 2 # the filter matched no test: the list is out of date
      return $rc ;;
    py)
      (cd py && timeout 900 "$ROOT/.venv/bin/python" -m pytest -q -p no:cacheprovider -x "$test") >"$log" 2>&1 ;;
    node)
      (cd wasm && timeout 900 node --test --test-name-pattern "$test" tests/node/) >"$log" 2>&1 ;;
    browser)
      (cd wasm && timeout 900 node --test --test-name-pattern "$test" tests/browser/) >"$log" 2>&1 ;;
  esac
}

wanted=" $* "
printf '| mutant | file | test | result |\n|---|---|---|---|\n'
killed=0 survived=0 invalid=0
while IFS= read -r line; do
  [ -z "$line" ] && continue
  mapfile -t f < <(python3 -c 'import sys; [print(x) for x in sys.argv[1].split(" @@ ")]' "$line")
  id=${f[0]} file=${f[1]} old=${f[2]} new=${f[3]} runner=${f[4]} test=${f[5]:-}
  if [ "$#" -gt 0 ] && [[ $wanted != *" $id "* ]]; then continue; fi
  log=$(mktemp)
  backup=$(mktemp)
  cp "$file" "$backup"
  trap 'cp "$backup" "$file"' EXIT INT TERM
  if replace "$file" "$old" "$new"; then
    run_test "$runner" "$test" "$log"
    case $? in
      0) result=SURVIVED; survived=$((survived + 1)) ;;
      2) result="INVALID (did not build, or no test ran)"; invalid=$((invalid + 1)) ;;
      *) result=killed; killed=$((killed + 1)) ;;
    esac
  else
    result="INVALID (text not found)"; invalid=$((invalid + 1))
  fi
  cp "$backup" "$file"
  # The restored file keeps its content but not its time stamp: touch it so
  # that cargo rebuilds from the original.
  touch "$file"
  trap - EXIT INT TERM
  rm -f "$backup" "$log"
  printf '| %s | `%s` | %s %s | %s |\n' "$id" "$file" "${runner%%:*}" "${test:-(whole test file)}" "$result"
done <<<"$MUTANTS"
printf '\nkilled %d, survived %d, invalid %d\n' "$killed" "$survived" "$invalid"
[ "$survived" -eq 0 ] && [ "$invalid" -eq 0 ]
