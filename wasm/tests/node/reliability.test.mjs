// Issue 23, "Reliability, round 2", in JavaScript: the same inputs refused
// (with the same codes) or read the same as by the command and Python;
// 40,000 tenants allocated (the tenant checks are linear).
import test from 'node:test';
import assert from 'node:assert/strict';
import { planning as empreinte } from '../load.mjs';

const section = (r, name) => r.sections.find((s) => s.name === name).rows;

function throws(fn, want) {
  assert.throws(fn, (e) => {
    assert.equal(e.name, 'EmpreinteError');
    for (const [k, v] of Object.entries(want)) assert.equal(e[k], v, `${k}: ${e.message}`);
    return true;
  });
}

const readings = { year: 2022, it_kwh: 100000, facility_kwh: 130000 };
const inventory = 'entity,kind,quantity,purchase_year,lifespan_years,country\nTown hall,laptop,10,2021,4,BE\n';

test('40,000 tenants are checked and allocated', () => {
  const tenants = Array.from({ length: 40000 }, (_, i) => ({ tenant: `t${i}`, it_kwh: 1 }));
  const r = empreinte.datacentre({ readings, facility: { zone: 'BE' }, tenants });
  const rows = section(r, 'tenants').filter((t) => t.scope2_method === 'location_based');
  assert.equal(rows.length, 40001);
  assert.equal(rows.at(-1).tenant, '(unallocated)');
  assert.ok(Math.abs(rows.at(-1).it_kwh - 60000) < 1e-6);
  throws(() => empreinte.datacentre({ readings, facility: { zone: 'BE' }, tenants: [...tenants, { tenant: 't7', it_kwh: 1 }] }), { code: 'out_of_range', column: 'tenant' });
});

test('a whole year is whole by the one rule of the core: 2021.0 accepted, 2021.5 refused', () => {
  const a = empreinte.simulate(inventory, { start_year: 2021.0, end_year: 2024 });
  const b = empreinte.simulate(inventory, JSON.stringify({ start_year: 2021, end_year: 2024 }));
  assert.deepEqual(section(a, 'total'), section(b, 'total'));
  const text = empreinte.simulate(inventory, '{"start_year": 2021.0, "end_year": 2024}');
  assert.deepEqual(section(text, 'total'), section(b, 'total'));
  throws(() => empreinte.simulate(inventory, { start_year: 2021.5 }), { code: 'out_of_range', column: 'start_year' });
  const building = { zone: 'BE', it_capacity_kw: 400, building_embodied_kgco2e_per_kw_it: 3000, building_lifespan_years: 30 };
  throws(() => empreinte.datacentre({ readings, facility: { ...building, building_first_year: 2022.9 } }), { code: 'out_of_range' });
  const csv = 'field,value\nzone,BE\nit_capacity_kw,400\nbuilding_embodied_kgco2e_per_kw_it,3000\nbuilding_lifespan_years,30\nbuilding_first_year,2022.9\n';
  throws(() => empreinte.datacentre({ readings, facility: csv }), { code: 'out_of_range', line: 6 });
});

test('a kind named twice in a policy table is refused', () => {
  throws(() => empreinte.simulate(inventory, { lifespan_years: { Laptop: 6, laptop: 4 } }), { code: 'invalid_option' });
});

test('two unnamed policies get distinct names in a comparison', () => {
  const c = empreinte.compare(inventory, [{ lifespan_years: { laptop: 4 } }, { lifespan_years: { laptop: 6 } }]);
  assert.deepEqual(section(c, 'total').map((r) => r.scenario), ['policy', 'policy (2)']);
});

test('impossible or conflicting data-centre values are refused', () => {
  throws(() => empreinte.datacentre({ readings: { ...readings, reused_heat_kwh: 130001 }, facility: { zone: 'BE' } }), { code: 'out_of_range', column: 'reused_heat_kwh' });
  throws(() => empreinte.datacentre({ readings, facility: { zone: 'BE' }, tenants: [{ tenant: '(unallocated)', it_kwh: 1 }] }), { code: 'invalid_option', column: 'tenant' });
  throws(() => empreinte.datacentre({ readings, facility: { zone: 'BE' }, instruments: 'instrument,kwh,factor_gco2e_per_kwh\nresidual_mix,,1e308\n' }), { code: 'out_of_range', line: 2, column: 'factor_gco2e_per_kwh' });
  throws(() => empreinte.datacentre({ readings, facility: 'field,value\nzone,BE\nzone,FR\n' }), { code: 'invalid_option', line: 3, column: 'field' });
});

test('spreadsheet habits get the hints the command gives (issue 19)', () => {
  const hint = (csv, code, text) => assert.throws(() => empreinte.assess(csv, { year: 2023 }), (e) => {
    assert.equal(e.code, code, e.message);
    assert.ok(e.message.includes(text), e.message);
    return true;
  });
  hint('entity,kind,quantiy,purchse_year,country\nA,laptop,2,2021,BE\n', 'unknown_column',
    'also unknown: `purchse_year` (did you mean `purchase_year`?)');
  hint('entity,kind,quantity,purchase_date,country\nA,laptop,2,2021,BE\n', 'invalid_date', 'a year alone goes in the column `purchase_year`');
  hint('entity,kind,quantity,purchase_year,country\nA,laptop,2,2021,BE\nTotal,,2,,\n', 'malformed_csv', 'total row');
  hint('entity,kind,quantity,purchase_year,lifespan_years,country\nA,laptop,2,2021,"5,9",BE\n', 'invalid_number', 'a decimal comma? write `5.9`');
});

test('a tender is core\'s JSON: bidder, formula, notes, sources, no mode (issue 20)', () => {
  const bids = 'bidder,kind,embodied_gwp_kgco2e,annual_energy_kwh,lifespan_years,warranty_years,spare_parts_years,refurbished\nA,laptop,200,20,5,3,5,no\nB,laptop,250,20,5,3,5,no\n';
  const r = empreinte.tender(bids, { year: 2024 });
  assert.deepEqual(section(r, 'ranking').map((x) => x.bidder), ['A', 'B']);
  assert.equal(r.mode, undefined);
  assert.ok(r.formula.startsWith('points = '));
  assert.ok(r.notes.some((n) => n.code === 'tender_formula'));
  assert.ok(r.sources[0].item.startsWith('grid intensity BE 2024'));
});
