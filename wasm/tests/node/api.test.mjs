// The package's functions: shapes, units in the names, provenance.
import test from 'node:test';
import assert from 'node:assert/strict';
import empreinte from '../load.mjs';

const fleet = empreinte.exampleFleetCsv();

test('assess groups by kind with intervals, notes, sources and datasets', () => {
  const r = empreinte.assess(fleet, { year: 2024, by: 'kind', country: 'BE' });
  assert.equal(r.year, 2024);
  assert.equal(r.mode, 'amortised');
  assert.ok(r.rows.length > 3);
  const t = r.total[0];
  for (const phase of ['manufacture', 'transport', 'use', 'end_of_life', 'total']) {
    const [c, lo, hi] = ['', '_low', '_high'].map((s) => t[`gwp_${phase}_kgco2e${s}`]);
    assert.ok(lo <= c && c <= hi, `${phase}: ${lo} <= ${c} <= ${hi}`);
  }
  const sum = r.rows.reduce((s, row) => s + row.gwp_total_kgco2e, 0);
  assert.ok(Math.abs(sum - t.gwp_total_kgco2e) < 1e-6 * t.gwp_total_kgco2e);
  assert.ok(r.sources.every((s) => s.licence && s.dataset && s.reference));
  assert.deepEqual(r.datasets.map((d) => d.id).sort(), ['ember-owid', 'empreinte-archetypes']);
  assert.ok(r.csv.startsWith('kind,lines,devices,'));
  assert.ok(r.sources_csv.startsWith('item,dataset,reference,licence'));
});

test('Excel exports: BOM, semicolons, decimal commas', () => {
  const plain = empreinte.assess('entity,kind,quantity,purchase_year,lifespan_years\nA,laptop,3,2022,4.5\n', { year: 2023, country: 'BE' });
  const excel = empreinte.assess('\uFEFFentity;kind;quantity;purchase_year;lifespan_years\r\nA;laptop;3;2022;4,5\r\n', { year: 2023, country: 'BE' });
  assert.deepEqual(excel.rows, plain.rows);
});

test('records accept numbers given as strings, and match the CSV route', () => {
  const csv = empreinte.assess('entity,kind,quantity,purchase_year\nA,laptop,3,2022\n', { year: 2023, country: 'FR', mode: 'acquisition' });
  const recs = empreinte.assess([{ entity: 'A', kind: 'laptop', quantity: '3', purchase_year: 2022 }], { year: 2023, country: 'FR', mode: 'acquisition' });
  assert.deepEqual(recs.rows, csv.rows);
});

test('keepLonger: yearly saving of keeping devices longer', () => {
  const inv = [{ entity: 'School', kind: 'laptop', quantity: 100, purchase_year: 2022, lifespan_years: 4, embodied_gwp_kgco2e: 200 }];
  const ext = empreinte.keepLonger(inv, 1, { country: 'BE' });
  assert.equal(ext.total_saving_gwp_kgco2e_per_year.central, 1000); // 100 x 200/4 - 100 x 200/5
  assert.equal(ext.rows[0].extended_lifespan_years, 5);
  const fromCsv = empreinte.keepLonger(fleet, 2, { country: 'BE' });
  assert.ok(fromCsv.total_saving_gwp_kgco2e_per_year.central > 0);
  assert.ok(fromCsv.csv.startsWith('kind,devices,'));
});

test('deviceFootprint, gridIntensity, zones, archetypes', () => {
  const d = empreinte.deviceFootprint({ kind: 'laptop', country: 'BE', year: 2023 });
  assert.ok(d.row.gwp_total_kgco2e > 0);
  assert.ok(d.sources.length >= 2);
  const g = empreinte.gridIntensity('be', 2023);
  assert.equal(g.country, 'BE');
  assert.ok(Math.abs(g.intensity_gco2e_per_kwh - 134.915) < 1e-9);
  const later = empreinte.gridIntensity('BE', 2099);
  assert.ok(later.data_year < later.requested_year);
  const zones = empreinte.zones();
  assert.ok(zones.some((z) => z.code === 'BE') && zones.some((z) => z.code === 'EU27'));
  const kinds = empreinte.archetypes().map((a) => a.kind);
  assert.ok(kinds.includes('laptop') && kinds.includes('monitor_22_24'));
  assert.ok(empreinte.criteria().some((c) => c.id === 'gwp' && c.unit === 'kgco2e'));
  assert.ok(empreinte.inventoryColumns().includes('annual_energy_kwh'));
  assert.match(empreinte.version(), /^\d+\.\d+\.\d+/);
});
