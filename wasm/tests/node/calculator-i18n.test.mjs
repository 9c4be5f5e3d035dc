// The calculator's strings and numbers, without a browser: every note code the
// page can show has its French, Dutch and English text; every string the page
// names exists in the three languages; numbers are written as each language
// writes them; the service worker caches every module of the page.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const www = join(root, 'wasm/www');
const { STRINGS, LANGS, ui, INDICATORS } = await import(new URL('../../www/i18n.js', import.meta.url));
const { formatNumber, formatCount, formatUnit, formatPercent } = await import(new URL('../../www/format.js', import.meta.url));

/** Every `code: "..."` of a note in core's sources (file by file, recursively). */
function coreNoteCodes(dir = join(root, 'core/src')) {
  const codes = new Map();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      for (const [c, f] of coreNoteCodes(path)) codes.set(c, f);
    } else if (name.endsWith('.rs')) {
      for (const m of readFileSync(path, 'utf8').matchAll(/\bcode:\s*"([a-z_]+)"/g)) codes.set(m[1], path.slice(root.length));
    }
  }
  return codes;
}

/** Notes the page never shows: those of `sci` (green software benchmarks), `tender` (bids) and the GHG
 * inventory under Monte Carlo (the command, Python and ghgMonteCarlo in JavaScript), which the calculator does not offer. Any
 * other note code of core must have the page's text. */
const NOT_SHOWN = new Set(['benchmark_overhead', 'command_failed', 'command_killed', 'energy_modelled', 'grid_yearly', 'location_based',
  'utilisation_above_one', 'tender_formula', 'refurbished_bid', 'lifespan_not_backed', 'market_based_monte_carlo']);

test('every note code the page can show has its French, Dutch and English text', () => {
  const codes = coreNoteCodes();
  assert.ok(codes.size > 20, `${codes.size} note codes found in core`);
  for (const code of NOT_SHOWN) assert.ok(codes.has(code), `${code} is listed as not shown but core has no such note: update the list`);
  const shown = [...codes.keys()].filter((c) => !NOT_SHOWN.has(c)).concat(['example_data']);
  const missing = LANGS.flatMap((lang) => shown.filter((c) => !STRINGS[lang][`note_${c}`]).map((c) => `${lang}: note_${c} (${codes.get(c) ?? 'page'})`));
  assert.deepEqual(missing, []);
});

test('every string the page names exists in French, Dutch and English', () => {
  const html = readFileSync(join(www, 'index.html'), 'utf8');
  const keys = new Set([...html.matchAll(/data-i18n(?:-label)?="([^"]+)"/g)].map((m) => m[1]));
  for (const file of readdirSync(www).filter((f) => f.endsWith('.js'))) {
    for (const m of readFileSync(join(www, file), 'utf8').matchAll(/\bt\('([a-z0-9_]+)'/g)) keys.add(m[1]);
  }
  assert.ok(keys.size > 150, `${keys.size} keys`);
  const missing = LANGS.flatMap((lang) => [...keys].filter((k) => STRINGS[lang][k] === undefined).map((k) => `${lang}: ${k}`));
  assert.deepEqual(missing, []);
  // The French and Dutch pages say nothing in English: each string differs from the English one
  // unless it is a name or a symbol.
  const same = new Set(['phase', 'licence', 'unit', 'unit_t', 'pct_n', 'transport', 'dc_scope', 'dc_indicator', 'dc_unit', 'dataset', 'total_row']);
  const words = (k) => /[a-z]{4}/.test(STRINGS.en[k].replace(/\{\w+\}/g, '')); // placeholders are not words
  for (const lang of ['fr', 'nl']) {
    const english = [...keys].filter((k) => !same.has(k) && STRINGS[lang][k] === STRINGS.en[k] && words(k));
    assert.deepEqual(english, [], `${lang}: strings left in English`);
  }
});

test('the data-centre indicators of core have French and Dutch names', () => {
  const src = readFileSync(join(root, 'core/src/report/datacentre.rs'), 'utf8');
  assert.ok(Object.keys(INDICATORS.fr).length > 30);
  // Each name translated is a name core writes (a renamed indicator must be renamed here too).
  const stale = Object.keys(INDICATORS.fr).filter((name) => !src.includes(`"${name}"`));
  assert.deepEqual(stale, []);
  assert.deepEqual(Object.keys(INDICATORS.nl).sort(), Object.keys(INDICATORS.fr).sort());
});

test('numbers as each language writes them: en-GB groups with "," and writes decimals with "."', () => {
  const say = (lang, f) => { ui.lang = lang; return f(); };
  assert.equal(say('en', () => formatNumber(6718.5, 1)), '6,718.5');
  assert.equal(say('en', () => formatNumber(6718)), '6,718');
  assert.equal(say('en', () => formatNumber(5, 1)), '5.0');
  assert.equal(say('en', () => formatCount(30.5)), '30.5');
  assert.equal(say('fr', () => formatNumber(6718.5, 1)).replace(/\s/g, ' '), '6 718,5');
  assert.equal(say('fr', () => formatNumber(5, 1)), '5,0');
  assert.equal(say('nl', () => formatNumber(6718.5, 1)), '6.718,5');
  assert.equal(say('nl', () => formatUnit(1.35, 'ratio')), '1,35');
  assert.equal(say('en', () => formatNumber(null)), STRINGS.en.missing);
  assert.equal(say('en', () => formatPercent(2 / 3)), '66.7%');
  assert.equal(say('fr', () => formatPercent(2 / 3)).replace(/\s/g, ' '), '66,7 %');
});

test('the page adds up nothing: every figure comes from the package (no reduce, no sum in its modules)', () => {
  for (const file of readdirSync(www).filter((f) => f.endsWith('.js') && f !== 'i18n.js')) {
    const src = readFileSync(join(www, file), 'utf8');
    assert.doesNotMatch(src, /\.reduce\(/, `${file} sums figures`);
    assert.doesNotMatch(src, /\+= *[a-z]+\.|\* *100\b/, `${file} computes a figure`);
  }
});

test('the service worker caches every module of the page, and app.js reaches them all', () => {
  const sw = readFileSync(join(www, 'sw.js'), 'utf8');
  const listed = JSON.parse(sw.match(/const MODULES = (\[[^\]]*\])/)[1].replaceAll("'", '"'));
  const files = readdirSync(www).filter((f) => f.endsWith('.js') && f !== 'sw.js');
  assert.deepEqual([...listed].sort(), files.sort());
  const reached = new Set(['app.js']);
  for (let grew = true; grew;) {
    grew = false;
    for (const f of [...reached]) {
      for (const m of readFileSync(join(www, f), 'utf8').matchAll(/from '\.\/([a-z0-9]+\.js)'/g)) {
        if (!reached.has(m[1])) { reached.add(m[1]); grew = true; }
      }
    }
  }
  assert.deepEqual([...reached].sort(), files.sort());
});
