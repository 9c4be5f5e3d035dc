// Monte Carlo in JavaScript: the same bits as the command and Python (the
// run pinned in golden/uncertainty_surfaces.json), percentile columns and
// drivers, and no interval column beside them; policies compared under
// Monte Carlo (planning module).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import empreinte, { pkgDir, planning } from '../load.mjs';

const pin = JSON.parse(readFileSync(new URL('../../../golden/uncertainty_surfaces.json', import.meta.url), 'utf8'));

test('monteCarlo gives the same bits as the command', () => {
  const r = empreinte.monteCarlo(pin.inventory_csv, {
    year: pin.year, samples: pin.samples, seed: pin.seed, distribution: pin.distribution,
  });
  for (const [stat, text] of Object.entries(pin.gwp_total_kgco2e)) {
    assert.equal(r.total[0][`gwp_total_kgco2e_${stat}`], Number(text), stat);
  }
  assert.deepEqual(r.samples.slice(0, 5), pin.first_samples_kgco2e.map(Number));
  assert.equal(r.samples.length, pin.samples);
});

test('monteCarlo: percentiles, drivers, sentence, bad options', () => {
  const r = empreinte.monteCarlo(empreinte.exampleFleetCsv(), { year: 2024, samples: 500, by: 'kind' });
  const t = r.total[0];
  assert.ok(t.gwp_total_kgco2e_p5 <= t.gwp_total_kgco2e_p50 && t.gwp_total_kgco2e_p50 <= t.gwp_total_kgco2e_p95);
  assert.ok(Object.keys(t).every((k) => !k.endsWith('_low') && !k.endsWith('_high')));
  const shares = r.drivers.reduce((s, d) => s + d.variance_share, 0);
  assert.ok(Math.abs(shares - 1) < 1e-9);
  assert.match(r.drivers_sentence, /% of the uncertainty/);
  assert.ok(r.csv.startsWith('kind,lines,devices,use_energy_kwh_mean'));
  assert.throws(() => empreinte.monteCarlo(empreinte.exampleFleetCsv(), { year: 2024, samples: 2.5 }),
    (e) => e.code === 'out_of_range');
  assert.throws(() => empreinte.monteCarlo(empreinte.exampleFleetCsv(), { year: 2024, distribution: 'normal' }),
    (e) => e.code === 'invalid_option');
});

test('compareMonteCarlo gives the same bits as the command', () => {
  const c = pin.compare;
  const r = planning.compareMonteCarlo(pin.inventory_csv, c.policies, { samples: pin.samples, seed: pin.seed });
  assert.equal(r.uncertainty, 'monte_carlo');
  assert.equal(r.rows.length, 2);
  const [first, second] = r.rows;
  assert.equal(first.probability_below_first, null);
  assert.equal(first.difference_kgco2e_mean, null);
  for (const [stat, text] of Object.entries(c.difference_kgco2e)) {
    assert.equal(second[`difference_kgco2e_${stat}`], Number(text), stat);
  }
  assert.equal(second.probability_below_first, Number(c.probability_below_first));
  assert.deepEqual(r.rows.map((row) => row.cumulative_kgco2e_mean), c.cumulative_kgco2e_mean.map(Number));
  assert.equal(r.sentences.length, 1);
  assert.match(r.sentences[0], /^laptops 6 years instead of 4 years saves .* with probability 1\.00$/);
  assert.ok(r.drivers.every((d) => d.scenario === 'laptops 6 years'));
  assert.throws(() => planning.compareMonteCarlo(pin.inventory_csv, c.policies, { samples: 5 }),
    (e) => e.code === 'out_of_range');
  assert.throws(() => planning.compareMonteCarlo(pin.inventory_csv, 'not a list'),
    (e) => e.code === 'invalid_option');
});

// A comparison whose outcome is uncertain: the probability that the second
// policy's cumulative total is below the first's, against the reference
// calculator's exact integral (golden/uncertainty_cases.json), within 4
// binomial standard errors.
test('compareMonteCarlo agrees with the reference probability on a close call', () => {
  const cases = JSON.parse(readFileSync(new URL('../../../golden/uncertainty_cases.json', import.meta.url), 'utf8')).cases;
  const close = cases.filter((c) => c.model === 'policy'
    && c.expected.policies[1].difference.probability_below_zero > 0.05
    && c.expected.policies[1].difference.probability_below_zero < 0.95);
  assert.ok(close.length >= 1);
  for (const c of close) {
    const r = planning.compareMonteCarlo(c.inventory_csv, c.policies, { samples: c.samples, seed: c.seed });
    const want = c.expected.policies[1].difference.probability_below_zero;
    const got = r.rows[1].probability_below_first;
    const tol = 4 * Math.sqrt(want * (1 - want) / c.samples) + 1 / c.samples;
    assert.ok(Math.abs(got - want) <= tol, `${c.name}: ${got} vs ${want}`);
  }
});

// The data centre under Monte Carlo (planning module): the example's files
// give the bits the command prints for its embedded example (the pin's
// `datacentre` part), and the reference calculator's data-centre cases
// agree (scopes 1 and 2 exact, the totals' means within 4 standard errors,
// the shares within 0.02).
const exampleFile = (name) => readFileSync(new URL(`../../../datasets/examples/datacentre/${name}.csv`, import.meta.url), 'utf8');

test('datacentreMonteCarlo gives the same bits as the command', () => {
  const dc = pin.datacentre;
  const r = planning.datacentreMonteCarlo({
    readings: exampleFile('readings'), facility: exampleFile('facility'), instruments: exampleFile('instruments'),
    tenants: exampleFile('tenants'), equipment: exampleFile('equipment'),
  }, { time_zone: 'Europe/Brussels', samples: pin.samples, seed: pin.seed });
  assert.equal(r.uncertainty, 'monte_carlo');
  const loc = r.total.find((row) => row.scope2_method === 'location_based');
  for (const part of ['total_kgco2e', 'scope3_kgco2e']) {
    for (const [stat, text] of Object.entries(dc[part])) {
      assert.equal(loc[`${part}_${stat}`], Number(text), `${part} ${stat}`);
    }
  }
  assert.deepEqual(r.samples.slice(0, 5), dc.first_samples_kgco2e.map(Number));
  assert.deepEqual(r.drivers.map((d) => d.key), dc.drivers);
  assert.ok(Object.keys(loc).every((k) => !k.endsWith('_low') && !k.endsWith('_high')));
  assert.ok(r.csv.startsWith('scope2_method,scope1_kgco2e_mean,'));
  assert.match(r.drivers_sentence, /% of the uncertainty/);
  assert.throws(() => planning.datacentreMonteCarlo({ readings: exampleFile('readings'), facility: exampleFile('facility') },
    { time_zone: 'Europe/Brussels', samples: 5 }), (e) => e.code === 'out_of_range');
});

test('datacentreMonteCarlo agrees with the reference calculator', () => {
  const cases = JSON.parse(readFileSync(new URL('../../../golden/uncertainty_cases.json', import.meta.url), 'utf8')).cases
    .filter((c) => c.model === 'datacentre');
  assert.ok(cases.length >= 1);
  for (const c of cases) {
    const i = c.inputs;
    const equipment = 'entity,kind,quantity,purchase_year,lifespan_years,country\n'
      + c.lines.map((l) => `Data centre,${l.kind},${l.quantity},${l.purchase_year},${l.lifespan_years},${l.country}\n`).join('');
    const r = planning.datacentreMonteCarlo({
      readings: i.readings_csv, facility: i.facility_csv, instruments: i.instruments_csv ?? undefined,
      tenants: i.tenants_csv ?? undefined, equipment,
    }, { time_zone: i.time_zone, allocation: i.allocation, samples: c.samples, seed: c.seed });
    const n = c.samples;
    const mean = r.samples.reduce((a, v) => a + v, 0) / n;
    const sd = Math.sqrt(r.samples.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
    for (const row of r.total) {
      const want = c.expected.scopes[row.scope2_method];
      for (const k of ['scope1', 'scope2']) {
        assert.ok(Math.abs(row[`${k}_kgco2e_mean`] - want[k]) <= 1e-9 * Math.max(want[k], 1), `${c.name} ${k}`);
      }
      assert.ok(Math.abs(row.total_kgco2e_mean - want.total_mean) <= 4 * sd / Math.sqrt(n), `${c.name} total`);
    }
    const shares = c.expected.variance_share;
    assert.equal(r.drivers.length, Object.keys(shares).length);
    for (const d of r.drivers) assert.ok(Math.abs(d.variance_share - shares[d.key]) <= 0.02, d.key);
  }
});

// The organisation's GHG inventory under Monte Carlo (planning module): the
// illustrative organisation's files (the command's and Python's embedded
// example; this package embeds none) give the bits of the pin's `ghg` part.
const organisation = () => {
  const file = (path) => readFileSync(new URL(`../../../datasets/examples/${path}.csv`, import.meta.url), 'utf8');
  return {
    inventory: file('municipal-fleet'), fleet_instruments: file('organisation-instruments'),
    readings: file('datacentre/readings'), facility: file('datacentre/facility'),
    instruments: file('datacentre/instruments'), tenants: file('datacentre/tenants'),
    equipment: file('datacentre/equipment'),
  };
};
const organisationOptions = { year: 2022, time_zone: 'Europe/Brussels', allocation: 'mix' };

test('ghgMonteCarlo gives the same bits as the command', () => {
  const g = pin.ghg;
  assert.ok(g.example);
  const r = planning.ghgMonteCarlo(organisation(), { ...organisationOptions, samples: pin.samples, seed: pin.seed });
  assert.equal(r.uncertainty, 'monte_carlo');
  assert.deepEqual(r.monte_carlo, { samples: pin.samples, seed: pin.seed, shape: pin.distribution });
  assert.equal(r.year, 2022);
  assert.deepEqual(r.total.map((row) => row.scope2_method), ['location_based', 'market_based']);
  const loc = r.total[0];
  for (const part of ['total_kgco2e', 'management_kgco2e']) {
    for (const [stat, text] of Object.entries(g[part])) {
      assert.equal(loc[`${part}_${stat}`], Number(text), `${part} ${stat}`);
    }
  }
  assert.deepEqual(r.samples.slice(0, 5), g.first_samples_kgco2e.map(Number));
  assert.equal(r.samples.length, pin.samples);
  assert.deepEqual(r.drivers.slice(0, 3).map((d) => d.key), g.drivers);
  // Scope 1 has no uncertain input (methodology §8.9): one value.
  assert.equal(loc.scope1_kgco2e_p5, loc.scope1_kgco2e_p95);
  assert.ok(Object.keys(loc).every((k) => !k.endsWith('_low') && !k.endsWith('_high')));
  assert.ok(r.csv.startsWith('scope2_method,scope1_kgco2e_mean,'));
  assert.match(r.csv.split('\n')[0], /,management_kgco2e_p95$/);
  assert.match(r.drivers_sentence, /% of the uncertainty/);
});

test('ghgMonteCarlo: a bad run option or no input is a typed error', () => {
  const inputs = organisation();
  assert.throws(() => planning.ghgMonteCarlo(inputs, { ...organisationOptions, samples: 5 }),
    (e) => e.code === 'out_of_range' && e.column === 'samples');
  assert.throws(() => planning.ghgMonteCarlo(inputs, { ...organisationOptions, distribution: 'normal' }),
    (e) => e.code === 'invalid_option');
  assert.throws(() => planning.ghgMonteCarlo(undefined, { samples: 100 }),
    (e) => e.code === 'missing_value' && e.column === 'inventory');
});

test('ghgMonteCarlo is typed in the planning module only, its options with the run\'s', () => {
  const dts = (name) => readFileSync(`${pkgDir}${name}.d.ts`, 'utf8');
  assert.match(dts('empreinte_planning'),
    /export function ghgMonteCarlo\(inputs\?: GhgInputs, options\?: GhgMonteCarloOptions\): GhgMonteCarloReport;/);
  assert.match(dts('empreinte_planning'), /interface GhgMonteCarloOptions extends GhgOptions, MonteCarloRun/);
  assert.ok(!dts('empreinte').includes('function ghgMonteCarlo'));
  assert.equal(empreinte.ghgMonteCarlo, undefined);
});
