// sci() of the `empreinte/sci` entry point: the golden cases of
// golden/sci_cases.json (the independent calculator golden/sci_reference.py)
// through JavaScript, as the command's and Python's runners take them, with
// the same closeness rule.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import empreinte, { planning, sciModule, close, repoRoot } from '../load.mjs';

const doc = JSON.parse(readFileSync(`${repoRoot}golden/sci_cases.json`, 'utf8'));

test('the rule and the cases', () => {
  assert.match(doc.about, /abs\(got - want\) <= tolerance_rel \* max\(abs\(want\), 1\) \+ 1e-9/);
  assert.ok(doc.cases.length >= 4);
  assert.deepEqual(new Set(doc.cases.map((c) => c.unit.kind)), new Set(['run', 'operations', 'iterations']));
});

/** The case's unit as sci()'s options. */
function unit(c) {
  if (c.unit.kind === 'operations') return { per: c.unit.count };
  if (c.unit.kind === 'iterations') return { benchmarks: c.unit.benchmarks };
  return {};
}

for (const c of doc.cases) {
  test(`golden ${c.name}`, () => {
    const spec = Object.fromEntries(Object.entries(c.inputs).filter(([, v]) => v !== null));
    const r = sciModule.sci(spec, unit(c));
    const expected = Object.entries(c.expected);
    assert.ok(expected.length >= 9, `${c.name}: expected values`);
    for (const [key, want] of expected) {
      const [id, field] = key.includes(': ') ? key.split(': ') : [null, key];
      const got = id === null ? r[field] : r.benchmarks.find((b) => b.id === id)?.[field];
      assert.equal(typeof got, 'number', `${c.name}: ${key} missing`);
      assert.ok(close(got, want, c.tolerance_rel), `${c.name}: ${key}: got ${got}, want ${want}`);
    }
  });
}

test('sci: typed errors; a benchmark filter without benchmarks is refused', () => {
  const run = { wall_time_s: 1, cpu_time_s: 1, vcpus: 1, zone: 'FR', year: 2024 };
  assert.throws(() => sciModule.sci(run, { per: 10, bench_filter: 'x' }), (e) => e.code === 'invalid_option' && e.column === 'bench_filter');
  assert.throws(() => sciModule.sci({ ...run, zone: 'XX' }), (e) => e.code === 'unknown_country');
  assert.throws(() => sciModule.sci({ ...run, machine: 'mainframe' }), (e) => e.code === 'invalid_option');
  assert.throws(() => sciModule.sci({ ...run, vcpus: undefined }), (e) => e.code === 'missing_value' && e.column === 'vcpus');
});

test('sci is only in its own entry point, which has the fleet functions too', () => {
  assert.equal(typeof empreinte.sci, 'undefined');
  assert.equal(typeof planning.sci, 'undefined');
  assert.equal(typeof sciModule.assess, 'function');
  const dts = readFileSync(new URL('../../pkg/empreinte_sci.d.ts', import.meta.url), 'utf8');
  assert.match(dts, /export function sci\(spec: SciSpec, options\?: SciOptions\): SciResult;/);
});
