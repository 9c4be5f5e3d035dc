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
  // The catalog's dataset editions, the grid and the archetypes among them, each with its provenance.
  const ids = r.datasets.map((d) => d.id);
  for (const id of ['ember-owid', 'empreinte-archetypes']) assert.ok(ids.includes(id), `${id} in ${ids}`);
  assert.deepEqual(r.datasets, empreinte.datasets());
  assert.ok(r.datasets.every((d) => d.edition && d.licence && d.publisher && /^[0-9a-f]{64}$/.test(d.sha256)));
  assert.ok(r.csv.startsWith('kind,lines,devices,'));
  assert.ok(r.sources_csv.startsWith('item,dataset,reference,licence'));
});

test('Excel exports: BOM, semicolons, decimal commas', () => {
  const plain = empreinte.assess('entity,kind,quantity,purchase_year,lifespan_years\nA,laptop,3,2022,4.5\n', { year: 2023, country: 'BE' });
  const excel = empreinte.assess('\uFEFFentity;kind;quantity;purchase_year;lifespan_years\r\nA;laptop;3;2022;4,5\r\n', { year: 2023, country: 'BE' });
  assert.deepEqual(excel.rows, plain.rows);
});

test('records match the CSV route; by defaults to entity, as in the command and Python', () => {
  const options = { year: 2023, country: 'FR', mode: 'acquisition' };
  const csv = empreinte.assess('entity,kind,quantity,purchase_year\nA,laptop,3,2022\nB,laptop,1,2021\n', options);
  const recs = empreinte.assess([{ entity: 'A', kind: 'laptop', quantity: 3, purchase_year: 2022 }, { entity: 'B', kind: 'laptop', quantity: 1, purchase_year: 2021 }], options);
  assert.deepEqual(recs.rows, csv.rows);
  assert.equal(recs.by, 'entity');
  assert.deepEqual(recs.rows.map((r) => r.entity), ['A', 'B']);
  assert.equal(empreinte.assess('entity,kind,quantity,purchase_year\nA,laptop,3,2022\nB,laptop,1,2021\n', { ...options, by: 'none' }).rows.length, 1);
});

test('record keys are classified by the core schema: unknown keys are noted, as unknown CSV columns are', () => {
  const options = { year: 2023, country: 'BE', name: 'parc' };
  const rec = { entity: 'A', kind: 'laptop', quantity: 3, purchase_year: 2022 };
  const plain = empreinte.assess([rec], options);
  const extra = empreinte.assess([{ ...rec, comment: 'second floor' }, { ...rec, comment: 'x', site_id: 7 }], options);
  // Known keys are matched as CSV headers are: trimmed, case-insensitive.
  const { quantity, ...rest } = rec;
  assert.deepEqual(empreinte.assess([{ ...rest, ' Quantity ': quantity }], options).rows, plain.rows);
  const ignoredIn = (r) => r.notes.filter((n) => n.code === 'ignored_column');
  assert.deepEqual(ignoredIn(plain), []);
  assert.deepEqual(extra.notes.filter((n) => n.code !== 'ignored_column'), plain.notes);
  const ignored = extra.notes.filter((n) => n.code === 'ignored_column');
  assert.deepEqual(ignored.map((n) => n.message), [
    'parc: column `comment` is not part of the inventory format and was ignored',
    'parc: column `site_id` is not part of the inventory format and was ignored',
  ]);
  // The same words as the CSV route.
  const csv = empreinte.assess('entity,kind,quantity,purchase_year,comment\nA,laptop,3,2022,x\n', options);
  assert.deepEqual(csv.notes.filter((n) => n.code === 'ignored_column'), ignored.slice(0, 1));
  assert.deepEqual(csv.rows, plain.rows);
  // keepLonger says it too.
  assert.deepEqual(empreinte.keepLonger([{ ...rec, comment: 'x' }], 1, options).notes, ignored.slice(0, 1));
  assert.deepEqual(empreinte.keepLonger([rec], 1, options).notes, []);
});

test('the record type and the schema come from the core', () => {
  const schema = empreinte.inventorySchema();
  assert.deepEqual(schema.map((c) => c.name), empreinte.inventoryColumns());
  const q = schema.find((c) => c.name === 'quantity');
  assert.equal(q.type, 'number');
  assert.equal(q.requirement, 'required');
  assert.equal(schema.find((c) => c.name === 'purchase_date').requirement.one_of, 'purchase');
  const ts = empreinte.inventoryRecordType();
  for (const c of schema) assert.ok(ts.includes(`  ${c.name}`), c.name);
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
  // The names of the Python package's GridIntensity.
  assert.deepEqual(Object.keys(g).sort(), ['data_year', 'gco2e_per_kwh', 'year', 'zone']);
  assert.equal(g.zone, 'BE');
  assert.equal(g.year, 2023);
  assert.equal(g.data_year, 2023);
  assert.ok(Math.abs(g.gco2e_per_kwh - 134.915) < 1e-9);
  const later = empreinte.gridIntensity('BE', 2099);
  assert.equal(later.year, 2099);
  assert.ok(later.data_year < later.year);
  const zones = empreinte.zones();
  assert.ok(zones.some((z) => z.code === 'BE') && zones.some((z) => z.code === 'EU27'));
  const kinds = empreinte.archetypes().map((a) => a.kind);
  assert.ok(kinds.includes('laptop') && kinds.includes('monitor_22_24'));
  assert.ok(empreinte.criteria().some((c) => c.id === 'gwp' && c.unit === 'kgco2e'));
  assert.ok(empreinte.inventoryColumns().includes('annual_energy_kwh'));
  assert.match(empreinte.version(), /^\d+\.\d+\.\d+/);
});

// Factor tables: accepted by every function that computes, applied by the core.
const STUDY_X = 'criterion,unit,kind,phase,value,low,high,source\ngwp,kgco2e,laptop,manufacture,1000,900,1100,study X\n';

test('factors: assess (CSV and records) uses the table for a laptop with default embodied', () => {
  const options = { year: 2024, country: 'BE', factors: { name: 'study-x.csv', csv: STUDY_X } };
  const csv = empreinte.assess('entity,kind,quantity,purchase_year,lifespan_years\nMairie,laptop,1,2024,4\n', options);
  const recs = empreinte.assess([{ entity: 'Mairie', kind: 'laptop', quantity: 1, purchase_year: 2024, lifespan_years: 4 }], options);
  for (const r of [csv, recs]) {
    const row = r.rows[0];
    assert.equal(row.gwp_manufacture_kgco2e, 250);
    assert.equal(row.gwp_manufacture_kgco2e_low, 225);
    assert.equal(row.gwp_manufacture_kgco2e_high, 275);
    assert.ok(r.datasets.some((d) => d.id === 'study-x.csv' && d.edition === 'user'));
    assert.ok(r.sources.some((s) => s.reference === 'study X' && s.dataset.startsWith('study-x.csv')));
  }
  assert.deepEqual(recs.rows, csv.rows);
  // A plain string works too (named `factors`); without the table, the archetype's value.
  assert.equal(empreinte.assess([{ entity: 'M', kind: 'laptop', quantity: 1, purchase_year: 2024, lifespan_years: 4 }], { ...options, factors: STUDY_X }).rows[0].gwp_manufacture_kgco2e, 250);
  const plain = empreinte.assess([{ entity: 'M', kind: 'laptop', quantity: 1, purchase_year: 2024, lifespan_years: 4 }], { year: 2024, country: 'BE' });
  assert.notEqual(plain.rows[0].gwp_manufacture_kgco2e, 250);
});

test('factors: a later table wins, and new criteria appear in criteria() and the results', () => {
  const later = 'criterion,unit,kind,phase,value,low,high,source\ngwp,kgco2e,laptop,manufacture,2000,,,study Y\n';
  const rec = [{ entity: 'M', kind: 'laptop', quantity: 1, purchase_year: 2024, lifespan_years: 4 }];
  const r = empreinte.assess(rec, { year: 2024, country: 'BE', factors: [STUDY_X, later] });
  assert.equal(r.rows[0].gwp_manufacture_kgco2e, 500);
  const water = { name: 'water.csv', csv: 'criterion,unit,kind,phase,value,low,high,source\nwater,m3,laptop,manufacture,1.2,,,illustrative\n' };
  const ids = empreinte.criteria({ factors: [empreinte.exampleFactorsCsv(), water] }).map((c) => c.id);
  assert.deepEqual(ids, [...empreinte.criteria().map((c) => c.id), 'water']);
  const withWater = empreinte.assess(rec, { year: 2024, country: 'BE', factors: water, all_criteria: true });
  assert.deepEqual(withWater.criteria.map((c) => c.id), ids);
  assert.equal(withWater.rows[0].water_manufacture_m3, 0.3);
  assert.equal(withWater.rows[0].water_total_m3, null); // missing phases: missing, never 0
  assert.ok(empreinte.datasets({ factors: water }).some((d) => d.id === 'water.csv'));
});

test('factors: deviceFootprint uses the table (whole life and the reporting year)', () => {
  const spec = { kind: 'laptop', country: 'BE', year: 2024, lifespan_years: 4 };
  const d = empreinte.deviceFootprint(spec, { factors: STUDY_X });
  assert.equal(d.row.gwp_manufacture_kgco2e, 1000);
  assert.equal(d.row.gwp_manufacture_kgco2e_low, 900);
  assert.equal(d.row.gwp_manufacture_kgco2e_high, 1100);
  assert.ok(d.in_service);
  assert.ok(d.sources.some((s) => s.reference === 'study X'));
  const plain = empreinte.deviceFootprint(spec);
  assert.notEqual(plain.row.gwp_manufacture_kgco2e, 1000);
  // What the reporting year books: the fleet engine's number for the same device.
  const fleet = empreinte.assess([{ entity: 'd', kind: 'laptop', quantity: 1, purchase_year: 2024, lifespan_years: 4 }], { year: 2024, country: 'BE', by: 'none', factors: STUDY_X });
  assert.ok(Math.abs(d.row.gwp_in_year_kgco2e - fleet.total[0].gwp_total_kgco2e) < 1e-9 * fleet.total[0].gwp_total_kgco2e);
});

test('deviceFootprint: purchase and disposal years, accounting mode', () => {
  const base = { kind: 'laptop', country: 'BE', year: 2024, lifespan_years: 4 };
  const now = empreinte.deviceFootprint(base);
  // Bought 2018, amortised by 2022, still in use: only its electricity is booked in 2024.
  const old = empreinte.deviceFootprint({ ...base, purchase_year: 2018 });
  assert.equal(old.in_service, true);
  assert.ok(old.row.gwp_in_year_kgco2e > 0 && old.row.gwp_in_year_kgco2e < now.row.gwp_in_year_kgco2e);
  // Acquisition books every embodied phase but the end of life in the year of purchase.
  const bought = empreinte.deviceFootprint({ ...base, mode: 'acquisition' });
  assert.ok(bought.row.gwp_in_year_kgco2e > now.row.gwp_in_year_kgco2e);
  const gone = empreinte.deviceFootprint({ ...base, purchase_year: 2020, disposal_year: 2022 });
  assert.equal(gone.in_service, false);
  assert.equal(gone.row.gwp_in_year_kgco2e, 0);
  assert.equal(gone.row.gwp_total_kgco2e, now.row.gwp_total_kgco2e); // whole life unchanged
});

test('factors: keepLonger uses the table for devices without their own embodied value', () => {
  const inv = [{ entity: 'School', kind: 'laptop', quantity: 1, purchase_year: 2024, lifespan_years: 4 }];
  const plain = empreinte.keepLonger(inv, 1, { country: 'BE' });
  const study = empreinte.keepLonger(inv, 1, { country: 'BE', factors: STUDY_X });
  const archetype = empreinte.deviceFootprint({ kind: 'laptop', country: 'BE', year: 2024, lifespan_years: 4 }).row.gwp_manufacture_kgco2e;
  // Only the manufacture value changes: (1000 - archetype) / 4 - (1000 - archetype) / 5 more saved per year.
  const want = (1000 - archetype) / 4 - (1000 - archetype) / 5;
  const got = study.total_saving_gwp_kgco2e_per_year.central - plain.total_saving_gwp_kgco2e_per_year.central;
  assert.ok(Math.abs(got - want) < 1e-9 * Math.abs(want), `${got} vs ${want}`);
  assert.ok(study.rows[0].embodied_gwp_kgco2e_per_year > plain.rows[0].embodied_gwp_kgco2e_per_year);
});

test('criteria no table gives are hidden, as in the command and Python (all_criteria shows them)', () => {
  const rec = [{ entity: 'M', kind: 'laptop', quantity: 1, purchase_year: 2024, lifespan_years: 4 }];
  const shown = empreinte.assess(rec, { year: 2024, country: 'BE' });
  const all = empreinte.assess(rec, { year: 2024, country: 'BE', all_criteria: true });
  // The embedded data gives climate change only; abiotic resources and
  // primary energy appear once a factor table gives them, or on request.
  assert.deepEqual(shown.criteria.map((c) => c.id), ['gwp']);
  assert.deepEqual(all.criteria.map((c) => c.id).sort(), ['adpe', 'gwp', 'pe']);
  const hidden = (k) => k.startsWith('adpe_') || k.startsWith('pe_');
  assert.ok(!Object.keys(shown.rows[0]).some(hidden));
  assert.ok(!shown.csv.split('\n')[0].split(',').some(hidden));
  assert.ok(Object.entries(all.rows[0]).filter(([k]) => hidden(k)).every(([, v]) => v === null));
  assert.throws(() => empreinte.assess(rec, { year: 2024, country: 'BE', all_criteria: 'yes' }), (e) => e.code === 'invalid_option');
});
