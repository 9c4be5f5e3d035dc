// Errors: named JS Errors with a stable code and their place; nothing
// panics (a panic would surface as a WebAssembly RuntimeError) on any input.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import empreinte, { repoRoot } from '../load.mjs';

function throwsCode(fn, code, where = {}) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof Error, `not an Error: ${e}`);
    assert.equal(e.name, 'EmpreinteError', e.stack);
    assert.equal(e.code, code, e.message);
    assert.ok(empreinte.errorCodes().includes(e.code));
    // Every error carries its place (null where not applicable, never undefined).
    for (const k of ['source', 'line', 'row', 'column', 'suggestion']) assert.notEqual(e[k], undefined, `${k} of ${e.message}`);
    for (const [k, v] of Object.entries(where)) assert.equal(e[k], v, `${k} of ${e.message}`);
    return e;
  }
  assert.fail(`no error, expected ${code}`);
}

const HEADER = 'entity,kind,quantity,purchase_year\n';
/** An archetype table adding `test_router` with an embodied footprint only (no default energy). */
const ROUTER_TABLE = { name: 'router.csv', csv: readFileSync(`${repoRoot}core/tests/fixtures/archetypes-router.csv`, 'utf8') };
const BE = { year: 2023, country: 'BE' };

test('CSV errors name the line and column', () => {
  throwsCode(() => empreinte.assess(HEADER + 'A,lapotp,1,2020\n', BE), 'unknown_kind', { line: 2, column: 'kind', row: null });
  throwsCode(() => empreinte.assess(HEADER + 'A,laptop,1,2020\nB,laptop,2 kg,2020\n', BE), 'invalid_number', { line: 3, column: 'quantity' });
  throwsCode(() => empreinte.assess('entity,kind,quantity\nA,laptop,1\n', BE), 'missing_column', { line: 1 });
  throwsCode(() => empreinte.assess('entity,kind,quantity,purchase_year,annual_energy_wh\nA,laptop,1,2020,3\n', BE), 'unknown_column');
  throwsCode(() => empreinte.assess(HEADER + 'A,laptop,1,2020\n', { year: 2023 }), 'missing_country', { line: 2, column: 'country' });
  throwsCode(() => empreinte.assess(HEADER + 'A,laptop,1,2020\n', { year: 2023, country: 'Belgique' }), 'unknown_country');
  throwsCode(() => empreinte.assess(HEADER, BE), 'empty_inventory');
  throwsCode(() => empreinte.assess(HEADER + 'A,laptop,1\n', BE), 'malformed_csv', { line: 2 });
  const e = throwsCode(() => empreinte.assess(HEADER + 'A,laptop,-1,2020\n', { ...BE, name: 'fleet.csv' }), 'out_of_range');
  assert.equal(e.source, 'fleet.csv');
  assert.match(e.message, /^fleet\.csv:2, column `quantity`/);
});

test('record errors name the row and column', () => {
  const ok = { entity: 'A', kind: 'laptop', quantity: 1, purchase_year: 2020 };
  throwsCode(() => empreinte.assess([ok, { ...ok, kind: 'lapotp' }], BE), 'unknown_kind', { row: 1, column: 'kind', line: null });
  throwsCode(() => empreinte.assess([ok, ok, { ...ok, quantity: 'many' }], BE), 'invalid_number', { row: 2, column: 'quantity' });
  throwsCode(() => empreinte.assess([ok, { ...ok, kind: 'lapotp' }], BE), 'unknown_kind', { suggestion: 'laptop' });
  throwsCode(() => empreinte.assess([{ ...ok, quantity: NaN }], BE), 'not_finite', { row: 0, column: 'quantity' });
  throwsCode(() => empreinte.assess([{ ...ok, purchase_year: 2020.5 }], BE), 'out_of_range', { column: 'purchase_year' });
  throwsCode(() => empreinte.assess([{ ...ok, annual_energy_wh: 20 }], BE), 'unknown_column', { row: 0, column: 'annual_energy_wh', suggestion: 'annual_energy_kwh', source: 'inventory' });
  throwsCode(() => empreinte.assess([ok, { ...ok, purchase_yaer: 2020 }], BE), 'unknown_column', { row: 1, suggestion: 'purchase_year' });
  // Each key is read by its schema type: text and dates are strings, numbers and years numbers.
  throwsCode(() => empreinte.assess([ok, { ...ok, quantity: '3' }], BE), 'invalid_number', { row: 1, column: 'quantity' });
  throwsCode(() => empreinte.assess([{ ...ok, purchase_year: true }], BE), 'invalid_number', { row: 0, column: 'purchase_year' });
  throwsCode(() => empreinte.assess([{ ...ok, entity: 42 }], BE), 'invalid_option', { row: 0, column: 'entity' });
  throwsCode(() => empreinte.assess([{ ...ok, purchase_year: null, purchase_date: 20200101 }], BE), 'invalid_date', { row: 0, column: 'purchase_date' });
  throwsCode(() => empreinte.assess([{ ...ok, Quantity: 2 }], BE), 'malformed_csv', { row: 0, column: 'quantity' });
  throwsCode(() => empreinte.assess([{ ...ok, entity: '' }], BE), 'missing_value', { row: 0, column: 'entity' });
  throwsCode(() => empreinte.assess([], BE), 'empty_inventory');
  throwsCode(() => empreinte.assess({ not: 'an array' }, BE), 'invalid_option');
});

test('factor-table errors name the table, line and column', () => {
  const header = 'criterion,unit,kind,phase,value,low,high,source\n';
  const good = 'gwp,kgco2e,laptop,manufacture,1000,900,1100,study X\n';
  const inv = HEADER + 'A,laptop,1,2020\n';
  const e = throwsCode(() => empreinte.assess(inv, { ...BE, factors: { name: 'study.csv', csv: header + good + 'gwp,kgco2e,lapotp,manufacture,1,,,x\n' } }),
    'unknown_kind', { source: 'study.csv', line: 3, column: 'kind', row: null, suggestion: 'laptop' });
  assert.match(e.message, /^study\.csv:3, column `kind`/);
  // Every function that computes reads the tables.
  const bad = { name: 'bad.csv', csv: header + 'gwp,kgco2e,laptop,manufacture,12 kg,,,x\n' };
  const where = { source: 'bad.csv', line: 2, column: 'value' };
  throwsCode(() => empreinte.assess([{ entity: 'A', kind: 'laptop', quantity: 1, purchase_year: 2020 }], { ...BE, factors: bad }), 'invalid_number', where);
  throwsCode(() => empreinte.keepLonger(inv, 1, { ...BE, factors: [{ name: 'ok.csv', csv: header + good }, bad] }), 'invalid_number', where);
  throwsCode(() => empreinte.deviceFootprint({ kind: 'laptop', country: 'BE', year: 2023 }, { factors: bad }), 'invalid_number', where);
  throwsCode(() => empreinte.criteria({ factors: bad }), 'invalid_number', where);
  // Unnamed tables: `factors`, or `factors[i]` among several.
  throwsCode(() => empreinte.assess(inv, { ...BE, factors: header + 'gwp,kgsbeq,laptop,manufacture,1,,,x\n' }), 'invalid_criterion', { source: 'factors', line: 2, column: 'criterion' });
  throwsCode(() => empreinte.assess(inv, { ...BE, factors: [header + good, header + 'gwp,kgco2e,laptop,use,1,,,x\n'] }), 'invalid_option', { source: 'factors[1]', line: 2, column: 'phase' });
  throwsCode(() => empreinte.assess(inv, { ...BE, factors: header + 'gwp,kgco2e,laptop,manufacture,1,,,\n' }), 'missing_value', { line: 2, column: 'source' });
  throwsCode(() => empreinte.assess(inv, { ...BE, factors: 'criterion,unit,kind\n' }), 'missing_column', { source: 'factors', line: 1 });
  throwsCode(() => empreinte.assess(inv, { ...BE, factors: 42 }), 'invalid_option', { source: 'options', column: 'factors' });
});

test('option errors', () => {
  throwsCode(() => empreinte.assess(HEADER + 'A,laptop,1,2020\n', { country: 'BE' }), 'missing_value', { column: 'year' });
  throwsCode(() => empreinte.assess(HEADER + 'A,laptop,1,2020\n', { ...BE, mode: 'yearly' }), 'invalid_option');
  throwsCode(() => empreinte.assess(HEADER + 'A,laptop,1,2020\n', { ...BE, by: 'site' }), 'invalid_option');
  throwsCode(() => empreinte.assess(HEADER + 'A,laptop,1,2020\n', { ...BE, year: 1900 }), 'out_of_range');
  throwsCode(() => empreinte.keepLonger(HEADER + 'A,laptop,1,2020\n', -1, BE), 'out_of_range', { column: 'extra_years' });
  throwsCode(() => empreinte.keepLonger(HEADER + 'A,laptop,1,2020\n', Infinity, BE), 'not_finite');
  throwsCode(() => empreinte.gridIntensity('XX', 2023), 'unknown_country');
  throwsCode(() => empreinte.deviceFootprint({ kind: 'laptop', country: 'BE', year: 2023, lifespan_years: 0 }), 'out_of_range');
  throwsCode(() => empreinte.deviceFootprint({ kind: 'laptop', country: 'BE' }), 'missing_value', { column: 'year' });
});

// One way to reach each code from JavaScript; the list is the package's own
// (errorCodes(), derived by the core from its error kinds), so a new code
// fails here until it is reached or said to be unreachable.
const REACH = {
  malformed_csv: () => empreinte.assess(HEADER + 'A,laptop,1\n', BE),
  empty_inventory: () => empreinte.assess(HEADER, BE),
  missing_column: () => empreinte.assess('entity,kind\nA,laptop\n', BE),
  unknown_column: () => empreinte.assess([{ entity: 'A', kind: 'laptop', quantity: 1, purchase_year: 2020, quantiy: 1 }], BE),
  missing_value: () => empreinte.assess([{ entity: 'A', kind: 'laptop', purchase_year: 2020 }], BE),
  invalid_number: () => empreinte.assess(HEADER + 'A,laptop,2 kg,2020\n', BE),
  ambiguous_number: () => empreinte.assess('entity;kind;quantity;purchase_year\nA;laptop;1.5;2020\n', BE),
  not_finite: () => empreinte.assess([{ entity: 'A', kind: 'laptop', quantity: Infinity, purchase_year: 2020 }], BE),
  out_of_range: () => empreinte.deviceFootprint({ kind: 'laptop', country: 'BE', year: 2023, lifespan_years: 0 }),
  invalid_date: () => empreinte.assess('entity,kind,quantity,purchase_date\nA,laptop,1,2020-02-30\n', BE),
  unknown_kind: () => empreinte.deviceFootprint({ kind: 'toaster', country: 'BE', year: 2023 }),
  unknown_country: () => empreinte.gridIntensity('XX', 2023),
  missing_country: () => empreinte.keepLonger(HEADER + 'A,laptop,1,2020\n', 1, {}),
  no_default_energy: () => empreinte.assess(HEADER + 'A,test_router,1,2020\n', { ...BE, factors: ROUTER_TABLE }),
  no_load_model: () => empreinte.assess([{ entity: 'A', kind: 'laptop', quantity: 1, purchase_year: 2020, utilisation: 0.5 }], BE),
  conflicting_columns: () => empreinte.assess(HEADER.trim() + ',utilisation,annual_energy_kwh\nA,server_2s,1,2020,0.5,900\n', BE),
  invalid_criterion: () => empreinte.criteria({ factors: 'criterion,unit,kind,phase,value,low,high,source\ngwp,kg,laptop,manufacture,1,,,x\n' }),
  invalid_option: () => empreinte.assess(HEADER + 'A,laptop,1,2020\n', { ...BE, mode: 'yearly' }),
  not_csv: () => empreinte.assess(Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00), BE),
};
// Not reachable from this package, and why.
const UNREACHABLE = {
  dataset: 'the embedded datasets are checked at build time (core tests); user tables report input errors',
  io: 'every input is already in memory (CSV text or bytes, records)',
};

test('every error code is walked', () => {
  const codes = empreinte.errorCodes();
  assert.deepEqual([...Object.keys(REACH), ...Object.keys(UNREACHABLE)].sort(), [...codes].sort());
  for (const code of codes.filter((c) => c in REACH)) {
    const e = throwsCode(REACH[code], code);
    assert.equal(typeof e.message, 'string');
    assert.equal(typeof e.inputError, 'boolean');
    assert.ok(e.source === null || typeof e.source === 'string');
    assert.ok(e.line === null || Number.isInteger(e.line));
    assert.ok(e.row === null || Number.isInteger(e.row));
    assert.ok(e.column === null || typeof e.column === 'string');
    assert.ok(e.source !== null || e.column !== null, `${code}: no place at all: ${e.message}`);
  }
});

// A small deterministic generator of hostile inputs.
function* hostile() {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const values = [undefined, null, '', ' ', '0', '-0', '1e308', '1e309', 'NaN', '-inf', '1,5', '1 234,5', 'é', '\u0000', '"', '"a""b"',
    0, -1, 1e-320, 1e300, Infinity, -Infinity, NaN, 2020, 2020.5, 1979, 2101, 2 ** 53, true, false, {}, [], [1], () => 1, Symbol('s'), 10n,
    'laptop', 'LAPTOP', 'BE', 'be', 'EU27', '31/12/2020', '2020-02-30', '2020-13-01', 'x'.repeat(10000)];
  const keys = [...empreinte.inventoryColumns(), 'comment', 'Quantity', 'annual_energy_wh'];
  for (let i = 0; i < 3000; i++) {
    const rec = { entity: 'A', kind: 'laptop', quantity: 1, purchase_year: 2020 };
    for (let j = 0; j < 1 + Math.floor(rnd() * 3); j++) rec[pick(keys)] = pick(values);
    yield rec;
  }
}

test('no input makes it panic (3000 hostile records, CSV fragments, options)', () => {
  let ok = 0;
  let failed = 0;
  const tryIt = (fn) => {
    try {
      fn();
      ok++;
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError || e.name !== 'EmpreinteError') throw e;
      failed++;
    }
  };
  for (const rec of hostile()) {
    tryIt(() => empreinte.assess([rec], { year: 2023, country: 'BE', by: 'entity,kind' }));
    tryIt(() => empreinte.keepLonger([rec], 2, { country: 'BE' }));
    const cells = Object.values(rec).map((v) => (typeof v === 'symbol' ? 's' : String(v)));
    tryIt(() => empreinte.assess(`${Object.keys(rec).join(',')}\n${cells.join(',')}\n`, { year: 2023, country: 'BE' }));
  }
  for (const text of ['', '\uFEFF', ',,,', '\n\n\n', '"', 'entity,kind,quantity,purchase_year\n"unterminated', '\u0000\u0001', ';;;;', 'a\r\rb']) {
    tryIt(() => empreinte.assess(text, BE));
  }
  // Bytes: random ones, and every byte value in every column (a Windows-1252 cell, a NUL, a lone CR).
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 300; i++) {
    const bytes = Uint8Array.from({ length: Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256));
    tryIt(() => empreinte.assess(bytes, BE));
    tryIt(() => empreinte.assess(Buffer.concat([Buffer.from(HEADER), bytes]).buffer, BE));
  }
  for (let b = 0; b < 256; b++) {
    const x = String.fromCharCode(b);
    tryIt(() => empreinte.assess(Buffer.from(`${HEADER}A${x},laptop,1${x},2020\n`, 'latin1'), { ...BE, encoding: b % 2 ? 'auto' : 'windows-1252' }));
    tryIt(() => empreinte.keepLonger(Buffer.from(`entity;kind;quantity;purchase_year\n${x};laptop;1.00${x};2020\n`, 'latin1'), 1, { ...BE, encoding: 'utf-8' }));
  }
  for (const options of [undefined, null, 1, 'x', [], { year: NaN }, { year: '2023' }, { year: 2023, mode: 1 }, { year: 2023, by: {} }, { year: 2023, country: 7 }]) {
    tryIt(() => empreinte.assess(HEADER + 'A,laptop,1,2020\n', options));
    tryIt(() => empreinte.deviceFootprint(options));
  }
  assert.ok(ok > 100 && failed > 100, `ok ${ok}, failed ${failed}`);
  // The module is still usable afterwards.
  assert.ok(empreinte.assess(HEADER + 'A,laptop,1,2020\n', BE).total[0].gwp_total_kgco2e > 0);
});
