// The shipped TypeScript types: the record type is the core's text,
// generated from its schema, not a copy kept by hand.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import empreinte, { pkgDir, planning } from '../load.mjs';

const dts = readFileSync(`${pkgDir}empreinte.d.ts`, 'utf8');

test('empreinte.d.ts carries the core InventoryRecord type, once', () => {
  const core = empreinte.inventoryRecordType();
  assert.match(core, /^\/\*\*[^\n]*\*\/\nexport interface InventoryRecord \{\n/);
  assert.ok(dts.includes(core), 'the .d.ts does not contain the core text');
  assert.equal(dts.split('interface InventoryRecord ').length - 1, 1);
  for (const name of empreinte.inventoryColumns()) assert.ok(core.includes(`  ${name}`), name);
});

test('the functions that read an inventory are typed with it', () => {
  assert.match(dts, /export function assess\(inventory: string \| Uint8Array \| ArrayBuffer \| InventoryRecord\[\], options: AssessOptions\): Report;/);
  assert.match(dts, /export function keepLonger\(inventory: string \| Uint8Array \| ArrayBuffer \| InventoryRecord\[\], extraYears: number, options\?: InputOptions\): Extension;/);
  assert.match(dts, /export function deviceFootprint\(spec: DeviceSpec, options\?: FactorOptions\): DeviceFootprint;/);
  assert.match(dts, /interface FactorOptions/);
  assert.match(dts, /encoding\?: "auto" \| "utf-8" \| "windows-1252" \| string;/);
});

test('two entry points: the default module without planning, empreinte/planning with it, both typed', () => {
  const planningDts = readFileSync(`${pkgDir}empreinte_planning.d.ts`, 'utf8');
  const core = empreinte.inventoryRecordType();
  assert.equal(planningDts.split('interface InventoryRecord ').length - 1, 1);
  assert.ok(planningDts.includes(core));
  for (const f of ['datacentre', 'simulate', 'compare', 'tender', 'referenceScenarios']) {
    assert.equal(typeof empreinte[f], 'undefined', `${f} is not in the default module`);
    assert.equal(typeof planning[f], 'function', `${f} is in the planning module`);
    assert.match(planningDts, new RegExp(`export function ${f}\\(`));
    assert.doesNotMatch(dts, new RegExp(`export function ${f}\\(`));
  }
  assert.match(planningDts, /export function assess\(/); // the fleet functions too
  assert.match(planningDts, /interface PolicySpec/);
  assert.doesNotMatch(dts, /interface PolicySpec/);
  const manifest = JSON.parse(readFileSync(`${pkgDir}package.json`, 'utf8'));
  assert.deepEqual(manifest.exports['./planning'], { types: './empreinte_planning.d.ts', default: './empreinte_planning.js' });
  for (const f of ['empreinte_planning.js', 'empreinte_planning.d.ts', 'empreinte_planning_bg.wasm']) assert.ok(manifest.files.includes(f), f);
});
