// datacentre(): the golden cases of golden/datacentre_cases.json (the same
// numbers and closeness rule as the Rust and Python suites), the annual form
// as objects, and bad inputs rejected with their code and place.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { planning as empreinte, close, repoRoot } from '../load.mjs';

const doc = JSON.parse(readFileSync(`${repoRoot}golden/datacentre_cases.json`, 'utf8'));
const section = (r, name) => r.sections.find((s) => s.name === name).rows;
const indicator = (rows, prefix) => rows.find((x) => x.indicator.startsWith(prefix))?.value ?? null;
const method = (rows, m) => rows.find((x) => x.scope2_method === m);

/** The golden keys, read from the report's sections. */
function values(r) {
  const kpi = section(r, 'kpi');
  const total = section(r, 'total');
  const scopes = section(r, 'scopes');
  const cooling = section(r, 'cooling');
  const loc = method(total, 'location_based');
  const mkt = method(total, 'market_based');
  const v = {
    pue: indicator(kpi, 'PUE'), wue_l_per_kwh: indicator(kpi, 'WUE'), erf: indicator(kpi, 'ERF'), ref: indicator(kpi, 'REF'),
    cue_kgco2e_per_kwh: indicator(kpi, 'CUE carbon usage effectiveness (location'),
    cue_market_kgco2e_per_kwh: indicator(kpi, 'CUE carbon usage effectiveness (market'),
    scope1_kgco2e: loc.scope1_kgco2e, scope2_location_kgco2e: loc.scope2_kgco2e, scope2_market_kgco2e: mkt.scope2_kgco2e,
    scope2_location_annual_kgco2e: indicator(scopes, 'location-based, yearly'),
    scope2_location_hourly_kgco2e: indicator(scopes, 'location-based, hourly'),
    scope2_series_mean_kgco2e: indicator(scopes, 'location-based, series mean'),
    scope3_cat3_kgco2e: indicator(scopes, 'scope 3 cat. 3, upstream of electricity'),
    scope3_building_kgco2e: indicator(scopes, 'building and M&E embodied'),
    scope3_equipment_kgco2e: indicator(scopes, 'IT equipment embodied'),
    // The cooling section (issue 20).
    cooling_onsite_covered_kwh: indicator(cooling, 'covered by on-site renewables'),
    cooling_contracted_covered_kwh: indicator(cooling, 'covered by instruments for cooling'),
    ref_without_renewable_cooling: indicator(cooling, 'REF without renewable cooling'),
    scope2_location_without_cooling_kgco2e: indicator(cooling, 'scope 2 location-based without'),
    scope2_market_without_cooling_kgco2e: indicator(cooling, 'scope 2 market-based without'),
  };
  for (const t of section(r, 'tenants')) {
    const k = (m) => `tenant:${t.tenant}:${m}`;
    if (t.scope2_method === 'location_based') {
      Object.assign(v, { [k('it_kwh')]: t.it_kwh, [k('scope1_kgco2e')]: t.scope1_kgco2e, [k('scope2_location_kgco2e')]: t.scope2_kgco2e, [k('scope3_kgco2e')]: t.scope3_kgco2e });
      if (t.cue_kgco2e_per_kwh !== null) v[k('cue_kgco2e_per_kwh')] = t.cue_kgco2e_per_kwh;
    } else if (t.scope2_kgco2e !== null) v[k('scope2_market_kgco2e')] = t.scope2_kgco2e;
  }
  return v;
}

test('the closeness rule is the one of datacentre_cases.json', () => {
  assert.match(doc.description, /abs\(got - want\) <= tol \* max\(abs\(want\), 1\) \+ 1e-9/);
  assert.ok(doc.cases.length >= 5);
});

for (const c of doc.cases) {
  test(`golden ${c.name}`, () => {
    const i = c.inputs;
    const r = empreinte.datacentre(
      { readings: i.readings_csv, facility: i.facility_csv, instruments: i.instruments_csv, tenants: i.tenants_csv, hourly: i.hourly_csv, equipment: i.equipment_csv },
      { time_zone: i.time_zone, allocation: i.allocation, mode: i.mode },
    );
    const got = values(r);
    for (const [k, want] of Object.entries(c.expected)) {
      assert.equal(typeof got[k], 'number', `${c.name}: ${k} missing (${got[k]})`);
      assert.ok(close(got[k], want, c.tolerance_rel), `${c.name}: ${k}: got ${got[k]}, want ${want}`);
    }
  });
}

const worked = {
  readings: { year: 2022, it_kwh: 1000000, facility_kwh: 1350000, cooling_kwh: 200000, onsite_renewable_kwh: 50000, reused_heat_kwh: 100000, water_m3: 1500, diesel_l: 300 },
  facility: { name: 'Worked example', zone: 'BE', it_capacity_kw: 200, building_embodied_kgco2e_per_kw_it: 2000, building_lifespan_years: 25, building_first_year: 2015, refrigerants: [{ gas: 'R-134a', charge_kg: 100, topped_up_kg: 5 }] },
  instruments: 'instrument,kwh,factor_gco2e_per_kwh\ngo,500000,\nsupplier,200000,50\nresidual_mix,,200\n',
  tenants: [{ tenant: 'Toll', it_kwh: 600000, capacity_share: 0.5 }, { tenant: 'Mobility', it_kwh: 250000, capacity_share: 0.3 }],
};

test('annual figures as objects give the worked example of the CSV files', () => {
  const got = values(empreinte.datacentre(worked));
  const want = doc.cases[0].expected;
  for (const [k, w] of Object.entries(want)) assert.ok(close(got[k], w, 1e-9), `${k}: got ${got[k]}, want ${w}`);
});

test('the result has the command\'s sections, notes and sources; no hourly series is embedded', () => {
  const r = empreinte.datacentre(worked);
  assert.deepEqual(r.sections.map((s) => s.name).sort(), ['cooling', 'kpi', 'scopes', 'tenants', 'total']);
  assert.ok(r.sources.length > 0 && r.datasets.length > 0);
  const h = doc.cases[2].inputs;
  const hourly = empreinte.datacentre({ readings: h.readings_csv, facility: h.facility_csv }, { time_zone: h.time_zone });
  assert.ok(hourly.notes.some((n) => n.code === 'no_hourly_series'), JSON.stringify(hourly.notes));
  assert.equal(indicator(section(hourly, 'scopes'), 'location-based, hourly'), null);
});

function throws(fn, want) {
  assert.throws(fn, (e) => {
    assert.equal(e.name, 'EmpreinteError');
    for (const [k, v] of Object.entries(want)) assert.equal(e[k], v, `${k}: ${e.message}`);
    return true;
  });
}

test('bad inputs are EmpreinteErrors with their code and place', () => {
  const r = doc.cases[0].inputs;
  throws(() => empreinte.datacentre({ ...worked, readings: { ...worked.readings, facility_kwh: 900000 } }), { code: 'out_of_range', column: 'facility_kwh' });
  throws(() => empreinte.datacentre({ ...worked, readings: r.readings_csv.replace('1350000', '-5') }), { code: 'out_of_range', line: 2, column: 'facility_kwh' });
  throws(() => empreinte.datacentre({ ...worked, facility: { ...worked.facility, refrigerants: [{ gas: 'R-999', topped_up_kg: 1 }] } }), { code: 'invalid_option', source: 'facility.refrigerants', row: 0, column: 'gas' });
  throws(() => empreinte.datacentre({ ...worked, facility: r.facility_csv.replace('R-134a\nbuilding', 'R-999\nbuilding') }), { code: 'invalid_option', source: 'facility', column: 'gas' });
  throws(() => empreinte.datacentre({ ...worked, instruments: 'instrument,kwh,factor_gco2e_per_kwh\ngo,5000000,\nresidual_mix,,200\n' }), { code: 'out_of_range', source: 'instruments', line: 2, column: 'kwh' });
  throws(() => empreinte.datacentre({ ...worked, instruments: 'instrument,kwh,factor_gco2e_per_kwh\ngo,5000,\n' }), { code: 'invalid_option', source: 'instruments' });
  throws(() => empreinte.datacentre({ ...worked, readings: r.readings_csv + '2022-06-01T00:00+01:00,2022-07-01T00:00+01:00,1,2,0,0,0,0,0\n' }), { code: 'malformed_csv', line: 3, column: 'start' });
  throws(() => empreinte.datacentre({ ...worked, tenants: [{ tenant: 'A', it_kwh: 2000000 }] }), { code: 'out_of_range', source: 'tenants', row: 0 });
  throws(() => empreinte.datacentre({ ...worked, readings: { ...worked.readings, it_wh: 5 } }), { code: 'unknown_column', column: 'it_wh' });
  throws(() => empreinte.datacentre({ ...worked, facility: { ...worked.facility, zone: 'XX' } }), { code: 'unknown_country' });
  throws(() => empreinte.datacentre(worked, { allocation: 'racks' }), { code: 'invalid_option' });
  // A non-array list is refused, never read as an empty one.
  throws(() => empreinte.datacentre({ ...worked, tenants: { tenant: 'A', it_kwh: 1 } }), { code: 'invalid_option', column: 'tenants' });
  throws(() => empreinte.datacentre({ ...worked, facility: { ...worked.facility, refrigerants: { gas: 'R-134a', topped_up_kg: 5 } } }), { code: 'invalid_option', column: 'refrigerants' });
});

test('reading notes, on-site energy entered again, a fractional first year (issues 17, 20)', () => {
  const c = doc.cases[0].inputs;
  // An instruments column `scope` meant as `covers` is said, not dropped.
  const scoped = 'instrument,kwh,factor_gco2e_per_kwh,start,end,renewable,scope\ngo,500000,0,2022-01-01,2022-12-31,true,cooling\nresidual_mix,,200,,,,\n';
  const r = empreinte.datacentre({ readings: c.readings_csv, facility: c.facility_csv, instruments: scoped });
  assert.ok(r.notes.some((n) => n.code === 'ignored_column' && n.message.includes('column `scope`')), JSON.stringify(r.notes));
  // The site's 50,000 kWh on site listed again as a guarantee of origin: flagged.
  const twice = c.instruments_csv.replace('residual_mix,', 'go,50000,0,2022-01-01,2022-12-31,true,all\nresidual_mix,');
  const t = empreinte.datacentre({ readings: c.readings_csv, facility: c.facility_csv, instruments: twice });
  assert.ok(t.notes.some((n) => n.code === 'onsite_and_instrument' && n.message.includes('line 4')), JSON.stringify(t.notes));
  throws(() => empreinte.datacentre({ ...worked, facility: { ...worked.facility, building_first_year: 2015.9 } }), { code: 'out_of_range', column: 'building_first_year' });
});
