// `csv` of each section (simulate, compare, datacentre): the section's table as
// the core writes it, one line per row under the section's own column names, so
// that the calculator offers a download of every table it shows.
import test from 'node:test';
import assert from 'node:assert/strict';
import { planning } from '../load.mjs';

function checkSections(report, label) {
  assert.ok(report.sections.length > 2, label);
  for (const s of report.sections) {
    assert.equal(typeof s.csv, 'string', `${label}: ${s.name}`);
    const lines = s.csv.trimEnd().split('\n');
    assert.equal(lines.length, s.rows.length + 1, `${label}: ${s.name} has one line per row`);
    const header = lines[0].split(',');
    // Every key of a row is a column of the CSV (low/high twins included).
    for (const key of Object.keys(s.rows[0] ?? {})) assert.ok(header.includes(key), `${label}: ${s.name}: column ${key} in ${lines[0]}`);
  }
}

test('compare and simulate: every section carries its CSV', () => {
  const sc = planning.referenceScenarios().find((x) => x.id === 'workstations-4-years');
  const six = { ...sc.policy, name: 'six', lifespan_years: { ...sc.policy.lifespan_years, laptop: 6, desktop: 6 } };
  checkSections(planning.compare(sc.inventory_csv, [{ ...sc.policy, name: 'four' }, six]), 'compare');
  checkSections(planning.simulate(sc.inventory_csv, sc.policy), 'simulate');
  const total = planning.compare(sc.inventory_csv, [{ ...sc.policy, name: 'four' }, six]).sections.find((x) => x.name === 'total');
  assert.match(total.csv.split('\n')[1], /^four,/);
});

test('datacentre: every section carries its CSV', () => {
  const r = planning.datacentre({
    readings: { year: 2022, it_kwh: 1000000, facility_kwh: 1350000 },
    facility: { zone: 'BE' },
    tenants: [{ tenant: 'Toll', it_kwh: 600000 }],
  });
  checkSections(r, 'datacentre');
});

test('compare: two identical policies differ by 0 kg, never -0', () => {
  const sc = planning.referenceScenarios().find((x) => x.id === 'workstations-4-years');
  const r = planning.compare(sc.inventory_csv, [{ ...sc.policy, name: 'A' }, { ...sc.policy, name: 'B' }]);
  const b = r.sections.find((x) => x.name === 'total').rows.find((x) => x.scenario === 'B');
  assert.ok(Object.is(b.cumulative_saving_vs_first_gwp_kgco2e, 0), String(b.cumulative_saving_vs_first_gwp_kgco2e));
  assert.ok(Object.is(b.cumulative_excess_vs_first_gwp_kgco2e, 0));
  assert.doesNotMatch(r.sections.find((x) => x.name === 'total').csv, /,-0(,|$)/m);
});
