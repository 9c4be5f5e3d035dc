// The starting values a page shows come from core's `Default`s through the
// package (issue 20: the calculator keeps no copy): defaultYear() is the
// command's reporting year rule, policyDefaults() the values core applies to
// every key a policy leaves out.
import test from 'node:test';
import assert from 'node:assert/strict';
import empreinte, { planning } from '../load.mjs';

test('defaultYear is the year before the current one, in both modules', () => {
  assert.equal(empreinte.defaultYear(2026), 2025);
  assert.equal(planning.defaultYear(2031), 2030);
});

test('policyDefaults are what core applies to the keys a policy leaves out', () => {
  const d = planning.policyDefaults();
  for (const key of ['refurbished_pct', 'donated_pct', 'second_life_years', 'trajectory_pct_per_year', 'growth_pct_per_year']) {
    assert.equal(typeof d[key], 'number', key);
  }
  const sc = planning.referenceScenarios().find((s) => s.id === 'workstations-4-years');
  const years = { start_year: 2024, end_year: 2028 };
  // The same simulation with the defaults named and left out: every figure equal.
  const named = planning.simulate(sc.inventory_csv, { ...years, refurbished_pct: d.refurbished_pct, donated_pct: d.donated_pct,
    second_life_years: d.second_life_years, trajectory_pct_per_year: d.trajectory_pct_per_year, growth_pct_per_year: d.growth_pct_per_year });
  const left = planning.simulate(sc.inventory_csv, years);
  assert.deepEqual(named.sections, left.sections);
  assert.equal(named.crossing_year, left.crossing_year);
  // A default that is not core's gives other figures (the comparison can fail).
  const other = planning.simulate(sc.inventory_csv, { ...years, trajectory_pct_per_year: d.trajectory_pct_per_year + 10 });
  assert.notDeepEqual(other.sections, left.sections);
});
