// ghg(): the golden cases of golden/ghg_cases.json (kind "ghg"; the same
// numbers, column map and closeness rule as the Rust and Python suites, the
// illustrative organisation's files among them), and bad inputs rejected
// with the command's codes and places.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { planning as empreinte, close, repoRoot } from '../load.mjs';

const doc = JSON.parse(readFileSync(`${repoRoot}golden/ghg_cases.json`, 'utf8'));
const cases = doc.cases.filter((c) => c.kind === 'ghg');
const rows = (r, name) => r.sections.find((s) => s.name === name)?.rows;
/** A case's CSV: inline, or `@path` of a file of the repository. */
const text = (v) => (v == null ? undefined : v.startsWith('@') ? readFileSync(`${repoRoot}${v.slice(1)}`, 'utf8') : v);

/** A golden key (`name`, `entity:NAME:name`, `tenant:NAME:name`), summed over the columns the cases name. */
function value(r, key) {
  const parts = key.split(':');
  const [section, dim, who, name] = parts.length === 1
    ? ['organisation', 'entity', '(organisation)', key]
    : [parts[0] === 'entity' ? 'entities' : 'tenants', parts[0], parts[1], parts[2]];
  const row = rows(r, section)?.find((x) => x[dim] === who);
  assert.ok(row, `${key}: no ${dim} ${who}`);
  return doc.columns[name].reduce((s, c) => s + row[c], 0);
}

function run(c) {
  const i = c.inputs;
  const inputs = { inventory: text(i.inventory_csv), fleet_instruments: text(i.instruments_csv) };
  const options = { year: i.year, country: i.country ?? undefined };
  if (i.datacentre) {
    for (const f of ['readings', 'facility', 'instruments', 'tenants', 'equipment']) inputs[f] = text(i.datacentre[`${f}_csv`]);
    Object.assign(options, { time_zone: i.datacentre.time_zone, allocation: 'mix' });
  }
  return empreinte.ghg(inputs, options);
}

test('the ghg cases are there, one with a data centre', () => {
  assert.ok(cases.length >= 3);
  assert.ok(cases.some((c) => c.inputs.datacentre));
});

for (const c of cases) {
  test(`golden ${c.name}`, () => {
    const r = run(c);
    let n = 0;
    for (const [k, want] of Object.entries(c.expected)) {
      const got = value(r, k);
      assert.ok(close(got, want, c.tolerance_rel), `${c.name}: ${k}: got ${got}, want ${want}`);
      n += 1;
    }
    assert.ok(n > 5);
  });
}

test('the illustrative organisation\'s files (as the calculator serves them): its sections, every electricity line with its basis', () => {
  const golden = cases.find((c) => c.name === 'illustrative-organisation-2022');
  const r = run(golden);
  assert.equal(r.year, 2022);
  assert.deepEqual(r.sections.map((s) => s.name), ['inventory', 'total', 'organisation', 'entities', 'tenants', 'management_view', 'memo']);
  const inv = rows(r, 'inventory');
  assert.deepEqual(inv.filter((x) => x.ghg_scope.startsWith('scope 2')).map((x) => x.basis), ['direct', 'direct']);
  assert.equal(inv.find((x) => x.ghg_scope.startsWith('scope 3 cat. 3')).basis, 'upstream');
  assert.ok(rows(r, 'management_view').every((x) => x.ghg_scope === 'not a GHG Protocol scope'));
  assert.ok(r.notes.some((n) => n.code === 'category3_scope'));
  assert.match(r.sections.find((s) => s.name === 'organisation').csv, /^entity,electricity_kwh,scope1_refrigerant_kgco2e/);
});

test('without inputs: an error (this package does not embed the example data centre\'s hourly year)', () => {
  assert.throws(() => empreinte.ghg(), (e) => e.code === 'missing_value' && e.column === 'inventory');
});

test('bad inputs: the command\'s codes and places', () => {
  const throws = (f, code, place) => assert.throws(f, (e) => {
    assert.equal(e.name, 'EmpreinteError');
    assert.equal(e.code, code, e.message);
    for (const [k, v] of Object.entries(place)) assert.equal(e[k], v, `${k}: ${e.message}`);
    return true;
  });
  throws(() => empreinte.ghg({ fleet_instruments: 'instrument,kwh,factor_gco2e_per_kwh\nresidual_mix,,200\n' }, { year: 2022 }), 'missing_value', { column: 'inventory' });
  const fleet = 'entity,kind,quantity,purchase_year,lifespan_years\n';
  throws(() => empreinte.ghg({ inventory: `${fleet}Town hall,laptop,1,2022,4\n` }, { country: 'BE' }), 'missing_value', { column: 'year' });
  throws(() => empreinte.ghg({ inventory: `${fleet}Town hall,fridge,1,2022,4\n` }, { year: 2022, country: 'BE' }), 'unknown_kind', { line: 2, column: 'kind' });
  throws(() => empreinte.ghg({ inventory: [{ kind: 'laptop' }] }, { year: 2022 }), 'invalid_option', { column: 'inventory' });
  throws(() => empreinte.ghg({ tenants: 'tenant,it_kwh\nA,1\n' }, { year: 2022 }), 'missing_value', { column: 'readings' });
});
