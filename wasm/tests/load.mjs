// Loads the built package (wasm/pkg) in Node: the `--target web` glue with
// the module bytes given synchronously, as a bundler-free consumer would.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const pkgDir = fileURLToPath(new URL('../pkg/', import.meta.url));
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const empreinte = await import(new URL('../pkg/empreinte.js', import.meta.url));
empreinte.initSync({ module: readFileSync(`${pkgDir}empreinte_bg.wasm`) });
export default empreinte;

/** The second entry point (`empreinte/planning`): the same functions plus data centres and policies. */
export const planning = await import(new URL('../pkg/empreinte_planning.js', import.meta.url));
planning.initSync({ module: readFileSync(`${pkgDir}empreinte_planning_bg.wasm`) });

/** The third entry point (`empreinte/sci`): the fleet functions plus the SCI of a run. */
export const sciModule = await import(new URL('../pkg/empreinte_sci.js', import.meta.url));
sciModule.initSync({ module: readFileSync(`${pkgDir}empreinte_sci_bg.wasm`) });

/** The golden cases shared with the Rust and Python suites. */
export const golden = JSON.parse(readFileSync(`${repoRoot}golden/cases.json`, 'utf8'));

/** The closeness rule of golden/cases.json, the same in the Rust and Python suites. */
export function close(got, want, tol) {
  return Math.abs(got - want) <= tol * Math.max(Math.abs(want), 1) + 1e-9;
}

/** The factor tables of a golden case (`factors_csv`: list of {name, csv}) as the `factors` option. */
export function factorsOf(c) {
  return c.factors_csv ?? null;
}

/** A plain CSV (no quotes) as records, typed by the package's schema
 * (text and dates as strings, numbers and years as numbers), empty cells left out. */
export function csvToRecords(text) {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const sep = (lines[0].match(/;/g) || []).length > (lines[0].match(/,/g) || []).length ? ';' : ',';
  const header = lines[0].split(sep).map((h) => h.trim());
  const textColumns = new Set(empreinte.inventorySchema().filter((c) => c.type === 'text' || c.type === 'date').map((c) => c.name));
  return lines.slice(1).map((line) => {
    const rec = {};
    line.split(sep).forEach((cell, i) => {
      if (cell.trim() === '') return;
      rec[header[i]] = textColumns.has(header[i]) ? cell : Number(cell.replace(',', '.'));
    });
    return rec;
  });
}
