// Monte Carlo in JavaScript: the same bits as the command and Python (the
// run pinned in golden/uncertainty_surfaces.json), percentile columns and
// drivers, and no interval column beside them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import empreinte from '../load.mjs';

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
