// The calculator in headless Chromium (Debian's /usr/bin/chromium) driven by
// playwright-core: served from a loopback-only server, checked against the
// package's own numbers, in three languages, with axe-core; CSV uploaded as
// bytes (Windows-1252 Excel exports), notes and errors shown in the page's
// language, and the layout at 320 and 390 CSS px (WCAG 2.1 SC 1.4.10 Reflow).
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { serve } from '../serve.mjs';
import empreinte, { planning, golden, close, repoRoot } from '../load.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SITE = new URL('../../site/', import.meta.url).pathname;
const ARTIFACTS = join(repoRoot, 'artifacts');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-domain-reliability'];

let server, context, page, profile;
const requests = [];

test.before(async () => {
  server = await serve(SITE);
  profile = mkdtempSync(join(tmpdir(), 'empreinte-chromium-'));
  // A fresh profile each run: launchPersistentContext gives Chromium its --user-data-dir.
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 },
    acceptDownloads: true, serviceWorkers: 'allow', locale: 'fr-BE',
  });
  context.on('request', (r) => requests.push(r.url()));
  page = context.pages()[0] ?? await context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => { throw e; });
});

test.after(async () => {
  await context?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function open(lang) {
  await page.goto(`${server.url}?lang=${lang}`);
  await page.waitForSelector('body[data-ready="true"]');
}

async function axe(label) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }));
  const summary = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  assert.deepEqual(summary, [], `axe violations (${label})`);
  assert.ok(result.passes.length > 20, `axe ran (${result.passes.length} rules passed)`);
}

const values = (selector) => page.$$eval(selector, (cells) => cells.map((c) => (c.dataset.value === '' ? null : Number(c.dataset.value))));

test('page loads in French from ?lang=fr with only local requests', async () => {
  await open('fr');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.match(await page.textContent('h1'), /Empreinte carbone/);
  assert.equal(await page.getAttribute('a[data-lang="fr"]', 'aria-current'), 'true');
  // No value the visitor did not give: one empty fleet row (the example fleet is a button, said in the notes).
  assert.deepEqual(await page.$$eval('#fleet-rows input', (fs) => fs.map((f) => f.value).filter(Boolean)), []);
  // The reporting year is the package's default (core's rule), not one the page makes.
  assert.equal(await page.inputValue('#year'), String(empreinte.defaultYear(new Date().getFullYear())));
  await axe('form, fr');
});

test('fill the form with the keyboard: numbers equal the package\'s', async () => {
  await open('fr');
  // Remove the example rows, then add two rows.
  while (await page.locator('#fleet-rows tr').count()) await page.locator('#fleet-rows tr button').first().click();
  await page.getByRole('button', { name: 'Ajouter une ligne' }).click();
  await page.getByRole('button', { name: 'Ajouter une ligne' }).click();
  await page.fill('#year', '2023');
  await page.selectOption('#country', 'BE');
  await page.fill('#extra', '2');
  await page.getByLabel('Type d’appareil, Ligne 1').selectOption('laptop');
  await page.getByLabel('Quantité, Ligne 1').fill('10');
  await page.getByLabel('Année d’achat, Ligne 1').fill('2022');
  await page.getByLabel('Type d’appareil, Ligne 2').selectOption('monitor_22_24');
  await page.getByLabel('Quantité, Ligne 2').fill('12');
  await page.getByLabel('Année d’achat, Ligne 2').fill('2019');
  await page.getByLabel('Durée de vie (années), Ligne 2').fill('8');
  await page.getByLabel('Durée de vie (années), Ligne 2').press('Enter'); // implicit submission, keyboard only
  await page.waitForSelector('#results:not([hidden])');

  const records = [
    { entity: 'fleet', kind: 'laptop', quantity: 10, purchase_year: 2022 },
    { entity: 'fleet', kind: 'monitor_22_24', quantity: 12, purchase_year: 2019, lifespan_years: 8 },
  ];
  const want = empreinte.assess(records, { year: 2023, country: 'BE', mode: 'amortised', by: 'kind' });
  const t = want.total[0];
  assert.equal(Number(await page.getAttribute('#total-value', 'data-value')), t.gwp_total_kgco2e);
  const phases = ['manufacture', 'transport', 'use', 'end_of_life', 'total'];
  assert.deepEqual(await values('#phase-table tbody td'), phases.flatMap((p) => ['', '_low', '_high'].map((s) => t[`gwp_${p}_kgco2e${s}`])));
  assert.deepEqual(await values('#kind-table tbody td[data-value]'), want.rows.flatMap((r) => [r.devices, ...phases.map((p) => r[`gwp_${p}_kgco2e`])]));
  const ext = empreinte.keepLonger(records, 2, { country: 'BE' });
  assert.equal(Number(await page.getAttribute('#keep-total', 'data-value')), ext.total_saving_gwp_kgco2e_per_year.central);
  // The chart: one bar per kind, each with its value written out (not by colour alone).
  assert.equal(await page.locator('#chart svg g[data-kind]').count(), want.rows.length);
  assert.equal(await page.getAttribute('#chart svg', 'role'), 'img');
});

/** The error shown at the focused field: marked invalid, described by a visible message in view; its text. */
async function fieldError() {
  return page.evaluate(() => {
    const f = document.activeElement;
    const msg = document.getElementById(`${f.id}-error`);
    const r = msg?.getBoundingClientRect();
    return {
      id: f.id, label: f.getAttribute('aria-label'), invalid: f.getAttribute('aria-invalid'),
      describedBy: (f.getAttribute('aria-describedby') ?? '').split(' ').includes(`${f.id}-error`),
      text: msg?.textContent, inView: Boolean(r && r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight),
    };
  });
}

test('a bad form value: the error at the field, with the label the visitor sees, in the page\'s language', async () => {
  await page.getByLabel('Quantité, Ligne 2').fill('-3');
  await page.getByRole('button', { name: 'Calculer' }).click();
  await page.waitForSelector('.field-error');
  const e = await fieldError();
  assert.equal(e.label, 'Quantité, Ligne 2');
  assert.deepEqual([e.invalid, e.describedBy, e.inView], ['true', true, true]);
  assert.match(e.text, /^⚠?\s*Quantité, Ligne 2\u00a0: indiquez un nombre d’au moins 0\.$/);
  assert.doesNotMatch(e.text, /quantity|form row|formulaire/); // no internal column name, no second row numbering
  await axe('error, fr');
  await page.getByLabel('Quantité, Ligne 2').fill('12');
});

test('an empty reporting year: the error at the field, focused and in view, in each language', async () => {
  // French last: the tests that follow go on in French on this page.
  for (const [lang, label, text] of [['nl', 'Rapportagejaar', /^Rapportagejaar: dit veld is verplicht\.$/],
    ['en', 'Reporting year', /^Reporting year: this field is required\.$/], ['fr', 'Année de rapport', /^Année de rapport\u00a0: ce champ est obligatoire\.$/]]) {
    await open(lang);
    await page.setViewportSize({ width: 390, height: 640 });
    try {
      await page.locator('#fleet-rows input[name="quantity"]').fill('10');
      await page.locator('#fleet-rows input[name="purchase_year"]').fill('2022');
      await page.fill('#year', '');
      await page.locator('#calculate').scrollIntoViewIfNeeded();
      await page.locator('#calculate').click();
      await page.waitForSelector('#year-error');
      const e = await fieldError();
      assert.equal(e.id, 'year', `${lang}: the year field has the focus`);
      assert.deepEqual([e.invalid, e.describedBy, e.inView], ['true', true, true], lang);
      assert.match(e.text, text);
      assert.equal(await page.textContent('label[for="year"]'), label);
      assert.equal(await page.isHidden('#results'), true);
      await axe(`empty year, ${lang}`);
      // Fixed: the mark goes with the next calculation.
      await page.fill('#year', '2023');
      await page.locator('#calculate').click();
      await page.waitForSelector('#results:not([hidden])');
      assert.equal(await page.locator('[aria-invalid]').count(), 0);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  }
});

test('upload a French Excel export: numbers equal the golden case and the package\'s', async () => {
  const c = golden.cases.find((x) => x.name === 'defaults-laptop-2023');
  // An Excel "CSV UTF-8" export in a French locale: BOM, semicolons, CRLF.
  const csv = '\uFEFF' + c.inventory_csv.replaceAll(',', ';').replaceAll('\n', '\r\n');
  await page.fill('#year', String(c.options.year));
  await page.selectOption('#country', c.options.country);
  await page.selectOption('#mode', c.options.mode);
  await upload('inventaire.csv', Buffer.from(csv, 'utf8'));
  const got = Number(await page.getAttribute('#total-value', 'data-value'));
  const exp = c.expected[0];
  assert.ok(close(got, exp.gwp_total_kgco2e, c.tolerance_rel), `${got} vs golden ${exp.gwp_total_kgco2e}`);
  const want = empreinte.assess(csv, { ...c.options, by: 'kind' });
  assert.equal(got, want.total[0].gwp_total_kgco2e);
  const [central, low, high] = (await values('#phase-table tr[data-phase="total"] td'));
  assert.ok(close(low, exp.gwp_total_kgco2e_low, c.tolerance_rel) && close(high, exp.gwp_total_kgco2e_high, c.tolerance_rel), `${low} ${central} ${high}`);

  // Download the results as CSV: the command's columns, the package's bytes.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger les résultats (CSV)' }).click()]);
  const file = join(profile, 'download.csv');
  await download.saveAs(file);
  assert.equal(readFileSync(file, 'utf8'), want.csv);
  // Beside it, the same table for Excel in French or Dutch: a BOM, `;`, a decimal comma.
  const [excel] = await Promise.all([page.waitForEvent('download'), page.click('#download-excel')]);
  const bytes = readFileSync(await excel.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with the UTF-8 byte order mark');
  assert.equal(bytes.toString('utf8'), want.csv_excel);
  assert.deepEqual(bytes.toString('utf8').slice(1).split('\n')[0].split(';'), want.csv.split('\n')[0].split(','));
  assert.match(bytes.toString('utf8'), /;\d+,\d/, 'a decimal comma');
  // Sources and licences are shown.
  assert.match(await page.textContent('#sources-table'), /CC BY 4\.0/);
  assert.match(await page.textContent('#datasets'), /ember-owid 2025/);
});

test('switch to Dutch and English: kept in the URL, same numbers, accessible', async () => {
  await page.getByRole('button', { name: 'Essayer avec un parc d’exemple' }).click();
  await page.waitForSelector('#results:not([hidden])');
  const before = await values('#phase-table tbody td');
  await page.click('a[data-lang="nl"]');
  assert.equal(new URL(page.url()).searchParams.get('lang'), 'nl');
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  assert.match(await page.textContent('h1'), /CO₂-voetafdruk/);
  assert.match(await page.textContent('#results-title'), /Resultaten/);
  assert.deepEqual(await values('#phase-table tbody td'), before);
  await axe('results, nl');
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'calculator-nl.png'), fullPage: true });
  await page.click('a[data-lang="en"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await axe('results, en');
  await page.click('a[data-lang="fr"]');
  await axe('results, fr');
  await page.screenshot({ path: join(ARTIFACTS, 'calculator.png'), fullPage: true });
  // The language comes back from the URL on reload.
  await open('nl');
  assert.match(await page.textContent('#calculate'), /Berekenen/);
});

// ---- CSV as bytes, notes, errors that say what to do ------------------------

/** An Excel "CSV" export in a French locale: Windows-1252 (é = 0xE9, ô = 0xF4), semicolons, decimal commas, CRLF. */
const cp1252 = (text) => Buffer.from(text, 'latin1');
const EXCEL_FR = 'entity;kind;quantity;purchase_year;lifespan_years;commentaire\r\n'
  + 'Hôtel de ville;laptop;12;2021;4,5;2e étage\r\nÉcole communale;monitor_22_24;30,5;2020;;\r\n';

/** Uploads `buffer` as file `name` through the page's file input; resolves when results or an error show. */
async function upload(name, buffer, mimeType = 'text/csv') {
  await page.evaluate(() => { document.getElementById('results').hidden = true; document.getElementById('error').hidden = true; });
  await page.setInputFiles('#csv-file', { name, mimeType, buffer });
  await page.waitForFunction(() => !document.getElementById('results').hidden || !document.getElementById('error').hidden);
}

test('upload a Windows-1252 Excel "CSV": names read right, the encoding note is shown, numbers equal the package\'s', async () => {
  await open('fr');
  const bytes = cp1252(EXCEL_FR);
  assert.deepEqual([...bytes.subarray(bytes.indexOf('H'), bytes.indexOf('H') + 5)], [0x48, 0xf4, 0x74, 0x65, 0x6c]); // "Hôtel"
  await upload('inventaire.csv', bytes);
  assert.equal(await page.isHidden('#error'), true, await page.textContent('#error'));
  // The entity names, as typed in Excel (File.text() would have given "H\uFFFDtel de ville").
  const names = await page.$$eval('#entity-table tbody th', (ths) => ths.map((th) => th.textContent));
  assert.deepEqual(names.sort(), ['Hôtel de ville', 'École communale']);
  assert.ok(!(await page.textContent('#results')).includes('\uFFFD'));
  // The notes, in the page's language with the package's words: encoding and the ignored column.
  const encoding = page.locator('#notes li[data-code="encoding"]');
  assert.match(await encoding.textContent(), /n’est pas en UTF-8 : son texte a été lu en Windows-1252/);
  assert.match(await encoding.textContent(), /inventaire\.csv: not UTF-8 from line 2; text read as Windows-1252/);
  assert.match(await page.textContent('#notes li[data-code="ignored_column"]'), /ignorée.*column `commentaire`/s);
  assert.equal(await page.isVisible('#notes'), true);
  assert.equal(await page.getAttribute('#notes li:first-child', 'data-code'), 'encoding'); // what to check first, first
  // Same numbers as the package given the same bytes; 30,5 devices shown as 30,5, not 31.
  const s = await page.evaluate(() => ({ year: Number(document.getElementById('year').value), mode: document.getElementById('mode').value }));
  const want = empreinte.assess(bytes, { year: s.year, country: 'BE', mode: s.mode, by: 'kind' });
  assert.equal(Number(await page.getAttribute('#total-value', 'data-value')), want.total[0].gwp_total_kgco2e);
  assert.equal(Number(await page.getAttribute('#kind-table tr[data-kind="monitor_22_24"] td', 'data-value')), 30.5);
  assert.equal(await page.textContent('#kind-table tr[data-kind="monitor_22_24"] td'), '30,5');
  assert.match(await page.textContent('#total-devices'), /^42,5 appareils/);
  await axe('Windows-1252 upload, fr');
});

test('notes reach the user: example data, grid-year fallback', async () => {
  await open('en');
  await page.getByRole('button', { name: 'Try an example fleet' }).click();
  await page.waitForSelector('#results:not([hidden])');
  assert.match(await page.textContent('#notes li[data-code="example_data"]'), /ILLUSTRATIVE example fleet: this is not real data/);
  // A year after the last published grid data: said in the notes, in the page's language and the package's words.
  const last = empreinte.zones().find((z) => z.code === 'BE').last_year;
  await page.fill('#year', String(last + 3));
  await page.getByLabel('Quantity, Row 1').fill('5');
  await page.getByLabel('Purchase year, Row 1').fill(String(last));
  await page.getByRole('button', { name: 'Calculate' }).click();
  await page.waitForSelector('#notes li[data-code="grid_year_fallback"]');
  const fallback = await page.textContent('#notes li[data-code="grid_year_fallback"]');
  assert.match(fallback, /the last published year is used/);
  assert.match(fallback, new RegExp(`BE: no grid-intensity data for ${last + 3}; the ${last} value was used`));
  assert.equal(await page.locator('#notes li[data-code="example_data"]').count(), 0); // the form is not the example
  await page.click('a[data-lang="nl"]');
  assert.match(await page.textContent('#notes li[data-code="grid_year_fallback"]'), /laatst gepubliceerde jaar/);
});

test('an .xlsx workbook: the not_csv message tells to export CSV', async () => {
  await open('fr');
  const xlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00, ...Buffer.from('[Content_Types].xml')]);
  await upload('inventaire.xlsx', xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const alert = page.getByRole('alert');
  assert.equal(await page.getAttribute('#error [data-code]', 'data-code'), 'not_csv');
  const text = await alert.textContent();
  assert.match(text, /n’est pas un CSV.*Enregistrer sous > « CSV UTF-8/s);
  assert.match(text, /inventaire\.xlsx: not a CSV file: this is a ZIP archive, probably an Excel \.xlsx workbook/);
  assert.doesNotMatch(text, /missing|manquante/);
  assert.equal(await page.isHidden('#results'), true);
  await axe('not_csv error, fr');
});

test('an unknown kind: the error suggests the kind people mean (beamer -> projector), in the page\'s language', async () => {
  await open('fr');
  await upload('parc.csv', cp1252('entity;kind;quantity;purchase_year\r\nSalle du conseil;laptop;2;2022\r\nSalle du conseil;beamer;1;2022\r\n'));
  const alert = page.getByRole('alert');
  const text = await alert.textContent();
  assert.equal(await page.getAttribute('#error [data-code]', 'data-code'), 'unknown_kind');
  assert.match(text, /ligne 3, colonne « kind »/);
  assert.match(text, /Vouliez-vous dire «\u00a0Vidéoprojecteur\u00a0» \(projector\)\u00a0\?/);
  assert.match(text, /unknown device kind `beamer` \(did you mean `projector`\?\)/);
  await page.click('a[data-lang="nl"]'); // the message is rendered when shown; a new upload speaks Dutch
  await upload('parc.csv', cp1252('entity;kind;quantity;purchase_year\r\nRaadzaal;beamer;1;2022\r\n'));
  assert.match(await page.getByRole('alert').textContent(), /Bedoelde u „Videoprojector” \(projector\)\?/);
  // A number that is ambiguous in a ; file says how to write it.
  await upload('parc.csv', cp1252('entity;kind;quantity;purchase_year\r\nRaadzaal;laptop;1.5;2022\r\n'));
  assert.match(await page.getByRole('alert').textContent(), /schrijf 1,5 voor anderhalf/);
});

// ---- the Policy tab (module empreinte_planning, loaded on demand) -----------

/** The policy the page must send: the scenario's, with the four levers and its trajectory (the
 * package's default policy for what the scenario does not name: the page keeps no copy). */
const DEFAULTS = planning.policyDefaults();
function leversPolicy(sc, { lifespan, refurbished = DEFAULTS.refurbished_pct, donated = DEFAULTS.donated_pct, secondLife = DEFAULTS.second_life_years }, name = 'A') {
  return {
    ...sc.policy,
    lifespan_years: { ...sc.policy.lifespan_years, desktop: lifespan, laptop: lifespan },
    refurbished_pct: refurbished, donated_pct: donated, second_life_years: secondLife,
    trajectory_pct_per_year: sc.policy.trajectory_pct_per_year ?? DEFAULTS.trajectory_pct_per_year, name,
  };
}

/** The page's figures against the package's own `compare` of the same two policies: every number
 * shown (yearly totals of both, cumulative totals, the difference, the crossing years, the memo) is
 * the package's, read from the page (a page that computed its own figure would fail here). */
async function checkPolicy(input, name, policy, policyB) {
  assert.deepEqual(JSON.parse(await page.getAttribute('#policy-results', 'data-policy')), policy);
  assert.deepEqual(JSON.parse(await page.getAttribute('#policy-results', 'data-policy-b')), policyB);
  const want = planning.compare(input, [policy, policyB], { name });
  const rows = (section, scenario) => want.sections.find((s) => s.name === section).rows.filter((r) => r.scenario === scenario);
  const [a, b] = ['A', 'B'].map((sc) => rows('inventory', sc));
  const [sa, sb] = ['A', 'B'].map((sc) => rows('total', sc)[0]);
  assert.equal(Number(await page.getAttribute('#policy-last', 'data-value')), a.at(-1).gwp_total_kgco2e);
  assert.equal(Number(await page.getAttribute('#policy-first', 'data-value')), a[0].gwp_total_kgco2e);
  assert.deepEqual(await values('#policy-chart circle'), a.map((r) => r.gwp_total_kgco2e));
  assert.deepEqual(await values('#policy-chart rect.point-b'), b.map((r) => r.gwp_total_kgco2e));
  assert.deepEqual(await values('#policy-table tbody tr td:nth-of-type(2)'), a.map((r) => r.gwp_total_kgco2e));
  assert.deepEqual(await values('#policy-table tbody tr td:nth-of-type(4)'), b.map((r) => r.gwp_total_kgco2e));
  assert.deepEqual(await values('#policy-table tbody tr td:nth-of-type(8)'), a.map((r) => rows('avoided_emissions', 'A').find((x) => String(x.year) === String(r.year))?.avoided_gwp_kgco2e ?? null));
  // The cumulative totals and the difference: the package's figures, checked here against the yearly rows too.
  assert.equal(Number(await page.getAttribute('#policy-cumulative-a', 'data-value')), sa.cumulative_gwp_kgco2e);
  assert.equal(Number(await page.getAttribute('#policy-cumulative-b', 'data-value')), sb.cumulative_gwp_kgco2e);
  assert.ok(close(sa.cumulative_gwp_kgco2e, a.reduce((x, r) => x + r.gwp_total_kgco2e, 0), 1e-9));
  assert.equal(Number(await page.getAttribute('#policy-difference', 'data-saving')), sb.cumulative_saving_vs_first_gwp_kgco2e);
  assert.equal(Number(await page.getAttribute('#policy-difference', 'data-excess')), sb.cumulative_excess_vs_first_gwp_kgco2e);
  for (const [id, s] of [['a', sa], ['b', sb]]) {
    assert.equal(await page.getAttribute(`#policy-crossing-${id}`, 'data-value'), String(s.crossing_year ?? ''));
    // The avoided emissions over the years: the package's memo figure, not a sum made by the page.
    assert.equal(Number(await page.getAttribute('#policy-avoided', `data-${id}`)), s.cumulative_avoided_gwp_kgco2e);
  }
  return { total: a, totalB: b, summary: [sa, sb], crossing: sa.crossing_year };
}

test('the Policy tab: its module is fetched only when opened; a slider updates the totals and the chart', async () => {
  await open('fr');
  assert.equal(server.requests.filter((p) => p.includes('empreinte_planning')).length, 0, 'the fleet tab does not fetch the planning module');
  // Keyboard: the tab list follows the WAI-ARIA tabs pattern.
  await page.focus('#tab-fleet');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('#policy-results:not([hidden])');
  assert.equal(await page.getAttribute('#tab-policy', 'aria-selected'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-policy');
  assert.equal(await page.isHidden('#panel-fleet'), true);
  assert.match(page.url(), /tab=policy/);
  assert.ok(server.requests.some((p) => p.endsWith('empreinte_planning_bg.wasm')));

  const sc = planning.referenceScenarios().find((x) => x.id === 'workstations-4-years');
  assert.equal(await page.inputValue('#policy-scenario'), sc.id);
  const before = await checkPolicy(sc.inventory_csv, sc.inventory_name, leversPolicy(sc, { lifespan: 4 }), leversPolicy(sc, { lifespan: 6 }, 'B'));
  // "4 or 6 years?": both policies side by side, the difference said in words with the package's figure.
  const [, sb] = before.summary;
  assert.ok(sb.cumulative_saving_vs_first_gwp_kgco2e > 0 || sb.cumulative_excess_vs_first_gwp_kgco2e > 0);
  assert.match(await page.textContent('#policy-difference'), /la politique B émet [\d\u202f\u00a0]+ kg CO₂e de (moins|plus) que la politique A/);
  assert.match(await page.textContent('#policy-crossing-b'), /^Politique B \(6 ans\) : trajectoire −5 %\/an (atteinte en \d{4}|pas atteinte d’ici 2030)\.$/);
  const points = await page.getAttribute('#policy-chart polyline.emissions', 'points');
  assert.ok(await page.getAttribute('#policy-chart polyline.trajectory', 'points'));

  // Two presses of the right arrow on the lifespan slider: 6 years.
  await page.getByLabel('Politique A : durée de vie des postes de travail (années)').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => JSON.parse(document.querySelector('#policy-results').dataset.policy).lifespan_years.laptop === 6);
  assert.equal(await page.textContent('#pol-lifespan-out'), '6 ans');
  assert.equal(await page.getAttribute('#pol-lifespan', 'aria-valuetext'), '6 ans');
  const after = await checkPolicy(sc.inventory_csv, sc.inventory_name, leversPolicy(sc, { lifespan: 6 }), leversPolicy(sc, { lifespan: 6 }, 'B'));
  assert.notEqual(after.total.at(-1).gwp_total_kgco2e, before.total.at(-1).gwp_total_kgco2e);
  assert.notEqual(await page.getAttribute('#policy-chart polyline.emissions', 'points'), points);

  // Donations: avoided emissions appear in the memo, the fleet's totals do not go down by them.
  await page.locator('#pol-donated').fill('40');
  await page.locator('#pol-refurbished').fill('25');
  await page.waitForFunction(() => JSON.parse(document.querySelector('#policy-results').dataset.policy).donated_pct === 40
    && JSON.parse(document.querySelector('#policy-results').dataset.policy).refurbished_pct === 25);
  const donated = await checkPolicy(sc.inventory_csv, sc.inventory_name, leversPolicy(sc, { lifespan: 6, donated: 40, refurbished: 25 }),
    leversPolicy(sc, { lifespan: 6, donated: 40, refurbished: 25 }, 'B'));
  assert.ok((await values('#policy-table tbody tr td:nth-of-type(8)')).some((v) => v > 0), 'avoided emissions in the memo column');
  assert.ok(donated.summary[0].cumulative_avoided_gwp_kgco2e > 0);
  const avoidedText = (await page.textContent('#policy-avoided')).replace(/[\u202f\u00a0]/g, ' ');
  assert.ok(avoidedText.includes(`politique A ${new Intl.NumberFormat('fr-BE', { maximumFractionDigits: 0 }).format(donated.summary[0].cumulative_avoided_gwp_kgco2e).replace(/[\u202f\u00a0]/g, ' ')} kg CO₂e`), avoidedText);
  assert.match(await page.textContent('#policy-crossing-a'), donated.crossing == null ? /pas atteinte d’ici 2030/ : new RegExp(`atteinte en ${donated.crossing}`));
  // The totals table as the package writes it.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#policy-download-total')]);
  const want = planning.compare(sc.inventory_csv, [leversPolicy(sc, { lifespan: 6, donated: 40, refurbished: 25 }), leversPolicy(sc, { lifespan: 6, donated: 40, refurbished: 25 }, 'B')], { name: sc.inventory_name });
  assert.equal(readFileSync(await dl.path(), 'utf8'), want.sections.find((x) => x.name === 'total').csv);
  // Its twin for Excel in French or Dutch: the package's bytes, a BOM, `;` between cells.
  const [xl] = await Promise.all([page.waitForEvent('download'), page.click('#policy-download-total-excel')]);
  const bytes = readFileSync(await xl.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(xl.suggestedFilename(), 'empreinte-policies-total-excel.csv');
  assert.equal(bytes.toString('utf8'), want.sections.find((x) => x.name === 'total').csv_excel);
  assert.match(bytes.toString('utf8').split('\n')[0], /^\uFEFFscenario;cumulative_gwp_kgco2e;/);
  await axe('policy, fr');
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'calculator-policy.png'), fullPage: true });

  // The language switch keeps the tab and the levers, relabels everything.
  await page.click('a[data-lang="nl"]');
  assert.equal(await page.textContent('#pol-lifespan-out'), '6 jaar');
  assert.match(page.url(), /lang=nl/);
  assert.match(page.url(), /tab=policy/);
  await axe('policy, nl');
  await page.click('a[data-lang="en"]');
  assert.equal(await page.textContent('label[for="pol-donated"]'), 'Donated share of retired devices (%)');
  await axe('policy, en');
});

test('the Policy tab on the user\'s inventory (bytes), opened from the URL', async () => {
  await page.goto(`${server.url}?lang=en&tab=policy`);
  await page.waitForSelector('#policy-results:not([hidden])');
  const csv = empreinte.exampleFleetCsv();
  await page.setInputFiles('#policy-file', { name: 'our-fleet.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.waitForFunction(() => document.querySelector('#policy-source').textContent.includes('our-fleet.csv'));
  const sc = planning.referenceScenarios().find((x) => x.id === 'workstations-4-years');
  await checkPolicy(new TextEncoder().encode(csv), 'our-fleet.csv', leversPolicy(sc, { lifespan: 4 }), leversPolicy(sc, { lifespan: 6 }, 'B'));
  await axe('policy, own inventory, en');
  assert.equal(await page.locator('#policy-notes li[data-code="example_data"]').count(), 0, 'the visitor\'s own inventory is no example');
  // Back to the reference scenario after an upload.
  await page.getByRole('button', { name: 'Back to the reference scenario' }).click();
  await page.waitForFunction(() => document.querySelector('#policy-source').textContent.includes('local-administrations.csv'));
  assert.equal(await page.evaluate(() => document.activeElement.id), 'policy-scenario');
  assert.equal(await page.isHidden('#policy-back'), true);
  assert.match(await page.textContent('#policy-notes li[data-code="example_data"]'), /^ILLUSTRATIVE reference scenario \(local-administrations\.csv\)/);
  await checkPolicy(sc.inventory_csv, sc.inventory_name, leversPolicy(sc, { lifespan: 4 }), leversPolicy(sc, { lifespan: 6 }, 'B'));
});

// ---- the Data centre tab ----------------------------------------------------

const DC_INSTRUMENTS = 'instrument,kwh,factor_gco2e_per_kwh,start,end,renewable,covers\ngo,500000,0,,,true,all\nresidual_mix,,200,,,,\n';
const DC_FIELDS = ['dc-year', 'dc-it', 'dc-facility', 'dc-cooling', 'dc-onsite', 'dc-reused', 'dc-water', 'dc-diesel', 'dc-gas', 'dc-topup', 'dc-go', 'dc-residual',
  'dc-tenant-1', 'dc-tenant-1-kwh', 'dc-tenant-2', 'dc-tenant-2-kwh', 'dc-tenant-3', 'dc-tenant-3-kwh'];

async function openDcTab(lang) {
  await page.goto(`${server.url}?lang=${lang}&tab=dc`);
  await page.waitForSelector('#panel-dc[data-ready="true"]');
}

async function checkDc(want) {
  const section = (name) => want.sections.find((x) => x.name === name).rows;
  assert.deepEqual(await values('#dc-kpi tbody td[data-value]'), section('kpi').map((r) => r.value));
  const total = section('total');
  const by = (m) => total.find((x) => x.scope2_method === m);
  const methods = ['location_based', 'market_based'].filter((m) => by(m));
  assert.deepEqual(await values('#dc-scopes tbody td'),
    ['scope1_kgco2e', 'scope2_kgco2e', 'scope3_kgco2e', 'total_kgco2e'].flatMap((k) => methods.map((m) => by(m)[k])));
  assert.deepEqual(await values('#dc-scope-detail tbody td[data-value]'), section('scopes').map((r) => r.value));
}

/** Twelve monthly readings of `year` (a visitor's own file). */
function monthly(year) {
  const rows = Array.from({ length: 12 }, (_, m) => {
    const start = `${year}-${String(m + 1).padStart(2, '0')}-01T00:00Z`;
    const end = m === 11 ? `${year + 1}-01-01T00:00Z` : `${year}-${String(m + 2).padStart(2, '0')}-01T00:00Z`;
    return `${start},${end},${80000 + m * 1000},${110000 + m * 1500}`;
  });
  return `start,end,it_kwh,facility_kwh\n${rows.join('\n')}\n`;
}

test('How sure? the fleet and the policies under Monte Carlo: the package\'s numbers, a tornado, FR/NL/EN by code', async () => {
  await open('fr');
  await page.click('#example');
  await page.waitForSelector('#results:not([hidden])');
  const run = { year: await page.inputValue('#year'), country: 'BE', mode: 'amortised', name: 'example.csv', by: 'none', samples: 2000, seed: 1 };
  const want = empreinte.monteCarlo(empreinte.exampleFleetCsv(), run);
  const sentence = page.locator('#mc-sentence');
  assert.equal(Number(await sentence.getAttribute('data-p5')), want.total[0].gwp_total_kgco2e_p5);
  assert.equal(Number(await sentence.getAttribute('data-p95')), want.total[0].gwp_total_kgco2e_p95);
  assert.match(await sentence.textContent(), /^9 chances sur 10 que l’empreinte soit entre [\d\u202f\u00a0]+ et [\d\u202f\u00a0]+ kg CO₂e \(médiane [\d\u202f\u00a0]+ kg\), d’après 2[\u202f\u00a0]000 tirages\.$/);
  const bars = () => page.$$eval('#mc-tornado g[data-key]', (gs) => gs.map((g) => [g.dataset.key, Number(g.dataset.share)]));
  assert.deepEqual(await bars(), want.drivers.slice(0, 6).map((d) => [d.key, d.variance_share]));
  const top = want.drivers[0];
  assert.match(await page.textContent('#mc-driver'), new RegExp(`^${Math.round(100 * top.variance_share)}[\u202f\u00a0]% de l’incertitude vient de : `));
  await axe('how sure, fleet, fr');
  await page.click('a[data-lang="nl"]');
  assert.match(await page.textContent('#mc-sentence'), /^9 kansen op 10 dat de voetafdruk tussen /);
  assert.match(await page.textContent('#mc-tornado title'), /^Wat het resultaat doet variëren/);
  await page.click('a[data-lang="en"]');
  assert.match(await page.textContent('#mc-driver'), / of the uncertainty comes from: .*, (manufacturing|electricity)\. /);

  // The Policy tab: B (6 years) against A (4 years), common random numbers, the package's probability.
  await page.click('#tab-policy');
  await page.waitForSelector('#policy-results:not([hidden]) #policy-mc-sentence');
  const sc = planning.referenceScenarios().find((x) => x.id === 'workstations-4-years');
  const policies = [JSON.parse(await page.getAttribute('#policy-results', 'data-policy')), JSON.parse(await page.getAttribute('#policy-results', 'data-policy-b'))];
  const cmp = planning.compareMonteCarlo(sc.inventory_csv, policies, { name: sc.inventory_name, samples: 2000, seed: 1 });
  const b = cmp.rows[1];
  assert.equal(Number(await page.getAttribute('#policy-mc-sentence', 'data-probability')), b.probability_below_first);
  assert.ok(b.difference_kgco2e_mean < 0, 'keeping workstations 6 years saves carbon');
  assert.match(await page.textContent('#policy-mc-sentence'), /^Policy B \(6 years\) instead of Policy A \(4 years\) saves [\d,]+ kg CO₂e \([\d,]+ to [\d,]+ kg, 9 chances in 10\) with a probability of (\d+)%/);
  assert.equal(Number((await page.textContent('#policy-mc-sentence')).match(/probability of (\d+)%/)[1]), Math.round(100 * b.probability_below_first));
  const policyBars = await page.$$eval('#policy-mc-tornado g[data-key]', (gs) => gs.map((g) => g.dataset.key));
  assert.deepEqual(policyBars, cmp.drivers.filter((d) => d.scenario === b.scenario).slice(0, 6).map((d) => d.key));
  await page.click('a[data-lang="fr"]');
  assert.match(await page.textContent('#policy-mc-sentence'), /^Politique B \(6 ans\) plutôt que Politique A \(4 ans\) économise /);
  await axe('how sure, policy, fr');
});

test('the Data centre tab starts empty; the worked example fills it, each value marked "example", and the result says so', async () => {
  await open('fr');
  await page.focus('#tab-fleet');
  await page.keyboard.press('End'); // the last tab, by keyboard
  assert.equal(await page.getAttribute('#tab-dc', 'aria-selected'), 'true');
  await page.waitForSelector('#panel-dc[data-ready="true"]');
  assert.deepEqual(await page.$$eval(DC_FIELDS.map((id) => `#${id}`).join(','), (fs) => fs.map((f) => f.value).filter(Boolean)), [], 'no value the visitor did not give');
  // Calculate on the empty form: the first required field says so, at the field.
  await page.click('#dc-calculate');
  await page.waitForSelector('.field-error');
  const e = await fieldError();
  assert.equal(e.id, 'dc-year');
  assert.deepEqual([e.invalid, e.describedBy], ['true', true]);
  assert.match(e.text, /^Année\u00a0: ce champ est obligatoire\.$/);

  await page.getByRole('button', { name: 'Remplir avec l’exemple (ILLUSTRATIF)' }).click();
  assert.equal(await page.locator('#panel-dc .example-tag').count(), 16);
  assert.equal(await page.textContent('label[for="dc-gas"] .example-tag'), 'exemple');
  // The visitor gives two energies; every other value is still the example's: said in the result.
  await page.getByLabel(/^Énergie des équipements IT \(kWh\)/).fill('900000');
  await page.getByLabel(/^Énergie totale du site \(kWh\)/).fill('1300000');
  await page.getByLabel(/^Locataire 3$/).fill('Archives');
  await page.getByLabel(/^Locataire 3 : énergie IT \(kWh\)/).fill('50000');
  await page.getByLabel(/^Locataire 3 : énergie IT \(kWh\)/).press('Enter'); // implicit submission
  await page.waitForSelector('#dc-results:not([hidden])');
  assert.equal(await page.locator('label[for="dc-it"] .example-tag').count(), 0, 'a value the visitor typed is no longer an example');
  const note = await page.textContent('#dc-notes li[data-code="example_data"]');
  assert.match(note, /ILLUSTRATIVES.*Fluide frigorigène \(ex\. R-134a\).*Garanties d’origine renouvelables \(kWh\).*Locataire 1/s);
  assert.doesNotMatch(note, /Énergie des équipements IT|Énergie totale du site|Locataire 3/);
  const want = planning.datacentre({
    readings: { year: 2022, it_kwh: 900000, facility_kwh: 1300000, cooling_kwh: 200000, onsite_renewable_kwh: 50000, reused_heat_kwh: 100000, water_m3: 1500, diesel_l: 300 },
    facility: { zone: 'BE', refrigerants: [{ gas: 'R-134a', topped_up_kg: 5 }] },
    instruments: DC_INSTRUMENTS,
    tenants: [{ tenant: 'Toll', it_kwh: 600000 }, { tenant: 'Mobility', it_kwh: 250000 }, { tenant: 'Archives', it_kwh: 50000 }],
  });
  await checkDc(want);
  assert.match(await page.textContent('#dc-kpi tr[data-indicator^="PUE"]'), /PUE indicateur d’efficacité énergétique.*E_DC \/ E_IT/s);
  const tenants = want.sections.find((x) => x.name === 'tenants').rows;
  assert.equal(await page.locator('#dc-tenants tbody tr').count(), new Set(tenants.map((x) => x.tenant)).size);
  assert.deepEqual(await values('#dc-tenants tr[data-tenant="Archives"] td'),
    [50000, tenants.find((x) => x.tenant === 'Archives').share_of_it, ...['location_based', 'market_based'].map((m) => tenants.find((x) => x.tenant === 'Archives' && x.scope2_method === m).total_kgco2e)]);
  // Each table downloads as the package writes it.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#dc-download-kpi')]);
  assert.equal(readFileSync(await dl.path(), 'utf8'), want.sections.find((x) => x.name === 'kpi').csv);
  await axe('data centre, fr');
  await page.click('a[data-lang="nl"]');
  assert.match(await page.textContent('#dc-scopes thead'), /Location-based \(net\).*Market-based \(contracten\)/s);
  assert.equal(await page.textContent('label[for="dc-gas"] .example-tag'), 'voorbeeld');
  assert.match(await page.textContent('#dc-notes li[data-code="example_data"]'), /ILLUSTRATIEVE waarden/);
  assert.match(await page.textContent('#dc-notes li[data-code="no_building_embodied"]'), /Voetafdruk van gebouw/);
  await axe('data centre, nl');
  await page.click('a[data-lang="en"]');
  assert.match(await page.textContent('label[for="dc-go"]'), /^Renewable guarantees of origin \(kWh\) example$/);
  await axe('data centre, en');
  // Cleared: no example left, no note.
  await page.click('#dc-clear');
  assert.equal(await page.locator('#panel-dc .example-tag').count(), 0);
});

test('the Data centre tab: one\'s own 2025 monthly readings replace the example\'s year and figures; periods come from them', async () => {
  await openDcTab('en');
  const csv = monthly(2025);
  // On an empty form: the readings alone.
  await page.setInputFiles('#dc-file', { name: 'meters-2025.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.waitForSelector('#dc-results:not([hidden])');
  assert.equal(await page.isHidden('#dc-error'), true, await page.textContent('#dc-error'));
  await checkDc(planning.datacentre({ readings: csv, facility: { zone: 'BE' } }, { name: 'meters-2025.csv' }));
  assert.equal(await page.locator('#dc-notes li[data-code="example_data"]').count(), 0);
  assert.match(await page.textContent('#dc-file-used'), /meters-2025\.csv/);
  // Then the worked example for the rest: the file still covers the year and the annual figures.
  await page.getByRole('button', { name: 'Fill with the worked example (ILLUSTRATIVE)' }).click();
  assert.equal(await page.inputValue('#dc-year'), '');
  assert.equal(await page.isDisabled('#dc-it'), true);
  await page.click('#dc-calculate');
  await page.waitForFunction(() => document.querySelector('#dc-notes li[data-code="example_data"]'));
  assert.equal(await page.isHidden('#dc-error'), true, await page.textContent('#dc-error'));
  const want = planning.datacentre({
    readings: csv, facility: { zone: 'BE', refrigerants: [{ gas: 'R-134a', topped_up_kg: 5 }] }, instruments: DC_INSTRUMENTS,
    tenants: [{ tenant: 'Toll', it_kwh: 600000 }, { tenant: 'Mobility', it_kwh: 250000 }],
  }, { name: 'meters-2025.csv' });
  await checkDc(want);
  const note = await page.textContent('#dc-notes li[data-code="example_data"]');
  assert.doesNotMatch(note, /Year|IT equipment energy/);
  assert.match(note, /Refrigerant gas/);
  // Back to the form.
  await page.click('#dc-file-remove');
  assert.equal(await page.isDisabled('#dc-it'), false);
  await axe('data centre, own readings, en');
});

test('the Data centre tab: a bad reading names its line and column', async () => {
  await openDcTab('en');
  const c = JSON.parse(readFileSync(join(repoRoot, 'golden/datacentre_cases.json'), 'utf8')).cases.find((x) => x.name === 'annual-worked-example-be-2022');
  await page.setInputFiles('#dc-file', { name: 'meters.csv', mimeType: 'text/csv', buffer: Buffer.from(c.inputs.readings_csv, 'utf8') });
  await page.waitForSelector('#dc-results:not([hidden])');
  assert.ok(close(Number(await page.getAttribute('#dc-kpi tr[data-indicator^="PUE"] td', 'data-value')), c.expected.pue, c.tolerance_rel));
  await page.setInputFiles('#dc-file', { name: 'meters.csv', mimeType: 'text/csv', buffer: Buffer.from('start,end,it_kwh,facility_kwh\n2022-01-01T00:00Z,2023-01-01T00:00Z,abc,10\n', 'utf8') });
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /line 2, column “it_kwh”/);
  assert.equal(await page.isHidden('#dc-results'), true);
  await axe('data centre error, en');
});

test('the GHG inventory card: the ILLUSTRATIVE organisation, then one\'s own fleet; numbers equal the package\'s, notes by code in each language', async () => {
  await openDcTab('fr');
  await page.waitForSelector('#ghg-card[data-ready="true"]');
  await page.click('#ghg-calculate');
  await page.waitForSelector('#ghg-results:not([hidden])');
  const ex = (p) => readFileSync(join(repoRoot, 'datasets/examples', p), 'utf8');
  const want = planning.ghg({ inventory: ex('municipal-fleet.csv'), fleet_instruments: ex('organisation-instruments.csv'),
    readings: ex('datacentre/readings.csv'), facility: ex('datacentre/facility.csv'), instruments: ex('datacentre/instruments.csv'),
    tenants: ex('datacentre/tenants.csv'), equipment: ex('datacentre/equipment.csv') }, { year: 2022, time_zone: 'Europe/Brussels', allocation: 'mix' });
  const org = want.sections.find((x) => x.name === 'organisation').rows[0];
  const total = want.sections.find((x) => x.name === 'total').rows;
  const lines = await page.$$eval('#ghg-table tbody tr[data-column]', (rs) => rs.map((r) => r.dataset.column));
  assert.equal(lines.length, 8);
  assert.deepEqual(await values('#ghg-table tbody tr[data-column] td'), lines.map((c) => org[c]));
  assert.deepEqual(await values('#ghg-table tbody tr[data-total] td'), total.map((x) => x.total_kgco2e));
  assert.deepEqual(await values('#ghg-management tbody td'), [org.management_embodied_amortised_kgco2e, org.management_use_life_cycle_kgco2e]);
  assert.match(await page.textContent('#ghg-management caption'), /PAS le scope 3/);
  assert.match(await page.textContent('#ghg-notes li[data-code="example_data"]'), /Organisation ILLUSTRATIVE/);
  assert.match(await page.textContent('#ghg-notes li[data-code="category3_scope"]'), /amont de l’électricité achetée/);
  assert.match(await page.textContent('#ghg-year-shown'), /2022/);
  await axe('ghg card, fr');
  await page.click('.langs a[data-lang="nl"]');
  assert.match(await page.textContent('#ghg-table tr[data-column="scope2_location_based_direct_kgco2e"] th'), /directe basis/);
  assert.match(await page.textContent('#ghg-notes li[data-code="category3_scope"]'), /upstream van de aangekochte elektriciteit/);
  // One's own fleet (bytes) for 2024: the package's numbers for the same bytes.
  const fleet = 'entity,kind,quantity,purchase_year,lifespan_years\nTown hall,laptop,10,2024,4\n';
  await page.setInputFiles('#ghg-file', { name: 'fleet.csv', mimeType: 'text/csv', buffer: Buffer.from(fleet, 'utf8') });
  await page.fill('#ghg-year', '2024');
  const country = await page.inputValue('#country');
  await page.click('#ghg-calculate');
  await page.waitForFunction(() => !document.querySelector('#ghg-notes li[data-code="example_data"]'));
  const own = planning.ghg({ inventory: fleet }, { year: 2024, country }).sections.find((x) => x.name === 'organisation').rows[0];
  assert.deepEqual(await values('#ghg-table tbody tr[data-column] td'), lines.map((c) => own[c]));
  assert.match(await page.textContent('#ghg-year-shown'), /2024/);
});

// ---- a phone or a narrow window (WCAG 2.1 SC 1.4.10 Reflow) -----------------

/** What runs off the right edge at this width: the page itself, a form control out of its container or
 * of the viewport, a select or number too narrow for its text. Tables may scroll in their own box. */
async function overflows() {
  return page.evaluate(() => {
    const out = [];
    const W = window.innerWidth;
    const doc = document.documentElement;
    if (doc.scrollWidth > W) out.push(`page is ${doc.scrollWidth} px wide in a ${W} px viewport`);
    if (document.body.scrollWidth > W) out.push(`body is ${document.body.scrollWidth} px wide`);
    const ctx = document.createElement('canvas').getContext('2d');
    const name = (c) => `${c.tagName.toLowerCase()}#${c.id || c.name || c.textContent.trim().slice(0, 20)}`;
    for (const c of document.querySelectorAll('input, select, button, label, legend, h1, h2, h3, h4, p, li, summary, caption')) {
      const r = c.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || c.closest('[hidden]') || r.width <= 1) continue; // hidden or visually hidden
      if (c.closest('.scroll')) continue; // inside a box that scrolls on its own
      if (r.left < -0.5 || r.right > W + 0.5) out.push(`${name(c)} spans ${Math.round(r.left)}..${Math.round(r.right)} of ${W}`);
      const p = c.parentElement.getBoundingClientRect();
      if (['INPUT', 'SELECT', 'BUTTON'].includes(c.tagName) && (r.left < p.left - 0.5 || r.right > p.right + 0.5)) {
        out.push(`${name(c)} (${Math.round(r.left)}..${Math.round(r.right)}) runs out of its container (${Math.round(p.left)}..${Math.round(p.right)})`);
      }
      const st = getComputedStyle(c);
      ctx.font = `${st.fontWeight} ${st.fontSize} ${st.fontFamily}`;
      const room = c.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight);
      if (c.tagName === 'SELECT' && c.selectedOptions[0]) {
        const text = c.selectedOptions[0].textContent;
        if (ctx.measureText(text).width > room - 18) out.push(`${name(c)} cuts "${text}" (${Math.round(ctx.measureText(text).width)} px in ${room - 18})`);
      }
      if (c.tagName === 'INPUT' && c.type === 'number') {
        const text = c.value || c.placeholder;
        if (ctx.measureText(text).width > room - 16) out.push(`${name(c)} cuts "${text}"`);
      }
    }
    return out;
  });
}

test('at 320 and 390 CSS px wide: nothing runs off the right edge, in every state and language; axe still clean', async () => {
  const csv = cp1252(EXCEL_FR);
  // Wide first: no select cuts its text there either.
  for (const lang of ['fr', 'nl', 'en']) {
    await open(lang);
    assert.deepEqual(await overflows(), [], `1280 px, ${lang}, form`);
  }
  try {
    for (const width of [320, 390]) {
      await page.setViewportSize({ width, height: 640 });
      for (const lang of ['fr', 'nl', 'en']) {
        const where = (state) => `${width} px, ${lang}, ${state}`;
        await open(lang);
        // The form starts with one empty row: the longest kind label in it, so that a cut label shows.
        assert.equal(await page.locator('#fleet-rows tr').count(), 1);
        await page.selectOption('#fleet-rows tr:last-child select', 'monitor_28_plus');
        assert.deepEqual(await overflows(), [], where('form'));
        // The fleet rows stack: each control under its own visible label.
        assert.equal(await page.isVisible('#fleet-rows tr:first-child label.cell-label'), true, where('row labels'));
        await page.locator('#fleet-rows tr:last-child input[name="quantity"]').fill('1234567');
        await page.locator('#fleet-rows tr:last-child input[name="purchase_year"]').fill('2024');
        await page.locator('#calculate').click();
        await page.waitForSelector('#results:not([hidden])');
        assert.deepEqual(await overflows(), [], where('results (form)'));
        await page.locator('#example').click();
        await page.waitForSelector('#results:not([hidden])');
        assert.deepEqual(await overflows(), [], where('results (example)'));
        await upload('inventaire.csv', csv);
        assert.deepEqual(await overflows(), [], where('results (upload)'));
        if (width === 320) {
          await axe(where('results'));
          if (lang === 'fr') {
            mkdirSync(ARTIFACTS, { recursive: true });
            await page.screenshot({ path: join(ARTIFACTS, 'calculator-narrow.png'), fullPage: true });
            await page.locator('#fleet-form').screenshot({ path: join(ARTIFACTS, 'calculator-narrow-form.png') });
          }
        }
        await upload('inventaire.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]));
        await page.getByRole('alert').waitFor();
        assert.deepEqual(await overflows(), [], where('error'));
        await page.getByLabel(/, (Ligne|Regel|Row) 1$/).first().focus(); // keyboard use still works
        // The Policy tab: its levers, chart and table at this width.
        await page.click('#tab-policy');
        await page.waitForSelector('#policy-results:not([hidden])');
        await page.locator('#pol-donated').fill('40');
        await page.waitForFunction(() => JSON.parse(document.querySelector('#policy-results').dataset.policy).donated_pct === 40);
        assert.deepEqual(await overflows(), [], where('policy'));
        if (width === 320) {
          await axe(where('policy'));
          if (lang === 'fr') await page.screenshot({ path: join(ARTIFACTS, 'calculator-policy-narrow.png'), fullPage: true });
        }
        // The Data centre tab: its form and results at this width.
        await page.click('#tab-dc');
        await page.waitForSelector('#panel-dc[data-ready="true"]');
        await page.click('#dc-example');
        assert.deepEqual(await overflows(), [], where('data centre form'));
        await page.click('#dc-calculate');
        await page.waitForSelector('#dc-results:not([hidden])');
        assert.deepEqual(await overflows(), [], where('data centre results'));
        if (width === 320) {
          await axe(where('data centre'));
          if (lang === 'fr') await page.screenshot({ path: join(ARTIFACTS, 'calculator-datacentre-narrow.png'), fullPage: true });
        }
      }
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});

// ---- screenshots, numbers per language, the phone chart, focus, links ------

/** The number pattern of each language: fr-BE groups with a narrow no-break space and writes decimals
 * with ",", nl-BE groups with "." and ",", en-GB with "," and ".". */
const NUMBER = { fr: /^\d{1,3}(\u202f\d{3})+$/, nl: /^\d{1,3}(\.\d{3})+$/, en: /^\d{1,3}(,\d{3})+$/ };
const LIFESPAN = { fr: /^\d+,\d$/, nl: /^\d+,\d$/, en: /^\d+\.\d$/ }; // "5.0" in English, "5,0" in French and Dutch

test('screenshots in FR, NL and EN at 1280 and 390 px: numbers as each language writes them', async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  try {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width > 400 ? 900 : 844 });
      for (const lang of ['fr', 'nl', 'en']) {
        await open(lang);
        await page.locator('#example').click();
        await page.waitForSelector('#results:not([hidden])');
        const total = await page.textContent('#total-value');
        assert.match(total, NUMBER[lang], `${lang}: total ${total}`);
        const got = Number(await page.getAttribute('#total-value', 'data-value'));
        assert.equal(Number(total.replace(/[^\d]/g, '')), Math.round(got), `${lang}: ${total} reads as ${got}`);
        assert.match(await page.textContent('#keep-table tr[data-kind="laptop"] td:nth-of-type(2)'), LIFESPAN[lang]);
        // The example fleet's entities in the page's language.
        const entities = await page.$$eval('#entity-table tbody th', (ths) => ths.map((th) => th.textContent));
        assert.ok(entities.includes({ fr: 'Hôtel de ville', nl: 'Gemeentehuis', en: 'Town hall' }[lang]), entities.join(', '));
        await page.screenshot({ path: join(ARTIFACTS, `calculator-fleet-${lang}-${width}.png`), fullPage: true });
        await page.click('#tab-policy');
        await page.waitForSelector('#policy-results:not([hidden])');
        assert.match(await page.textContent('#policy-last'), NUMBER[lang]);
        await page.screenshot({ path: join(ARTIFACTS, `calculator-policy-${lang}-${width}.png`), fullPage: true });
        await page.click('#tab-dc');
        await page.waitForSelector('#panel-dc[data-ready="true"]');
        await page.click('#dc-example');
        await page.click('#dc-calculate');
        await page.waitForSelector('#dc-results:not([hidden])');
        assert.match(await page.textContent('#dc-scopes tr[data-measure="total_kgco2e"] td'), NUMBER[lang]);
        await page.screenshot({ path: join(ARTIFACTS, `calculator-datacentre-${lang}-${width}.png`), fullPage: true });
      }
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});

test('on a 390 px phone the policy chart\'s year labels do not touch (2029, 2030)', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await page.goto(`${server.url}?lang=fr&tab=policy`);
    await page.waitForSelector('#policy-results:not([hidden])');
    const boxes = await page.$$eval('#policy-chart text[data-year-label]', (ts) => ts.map((t) => { const r = t.getBoundingClientRect(); return [t.textContent, r.left, r.right]; }));
    assert.ok(boxes.length >= 4, JSON.stringify(boxes));
    assert.equal(boxes.at(-1)[0], '2030');
    for (let i = 1; i < boxes.length; i++) assert.ok(boxes[i][1] - boxes[i - 1][2] >= 4, `${boxes[i - 1][0]} and ${boxes[i][0]} touch: ${JSON.stringify(boxes)}`);
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});

test('the focus ring has at least 3:1 contrast against white and against its background', async () => {
  await open('fr');
  const ratio = (a, b) => {
    const lum = (c) => { const [r, g, bl] = c.match(/\d+/g).slice(0, 3).map((v) => { const x = v / 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * bl; };
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  for (const [selector, bg] of [['#calculate', 'rgb(255, 255, 255)'], ['#year', 'rgb(255, 255, 255)'], ['a[data-lang="nl"]', 'rgb(11, 61, 110)']]) {
    await page.focus(selector);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab'); // focus by keyboard: :focus-visible
    const style = await page.$eval(selector, (e) => { const s = getComputedStyle(e); return { color: s.outlineColor, width: parseFloat(s.outlineWidth), style: s.outlineStyle }; });
    assert.equal(style.style, 'solid', selector);
    assert.ok(style.width >= 2, selector);
    assert.ok(ratio(style.color, bg) >= 3, `${selector}: ${style.color} on ${bg} is ${ratio(style.color, bg).toFixed(2)}:1`);
  }
});

test('the documentation and dataset links lead to files this site serves', async () => {
  await open('en');
  await page.locator('#example').click();
  await page.waitForSelector('#results:not([hidden])');
  const hrefs = await page.$$eval('footer a, #datasets a', (as) => as.map((a) => a.href).filter((h) => h.startsWith(location.origin)));
  assert.ok(hrefs.some((h) => h.endsWith('/docs/methodology.md')), hrefs.join(' '));
  assert.ok(hrefs.some((h) => h.endsWith('/datasets/derive.py')), hrefs.join(' '));
  for (const h of new Set(hrefs)) {
    const status = await page.evaluate(async (u) => (await fetch(u)).status, h);
    assert.equal(status, 200, h);
  }
});

test('works offline once loaded', async () => {
  await open('en');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.setOffline(true);
  try {
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.getByRole('button', { name: 'Try an example fleet' }).click();
    await page.waitForSelector('#results:not([hidden])');
    assert.ok(Number(await page.getAttribute('#total-value', 'data-value')) > 0);
  } finally {
    await context.setOffline(false);
  }
});

test('no request left the loopback server', () => {
  assert.ok(requests.length > 5);
  const foreign = requests.filter((u) => !/^(data|blob):/.test(u) && new URL(u).host !== new URL(server.url).host);
  assert.deepEqual(foreign, []);
  assert.ok(server.requests.some((p) => p.endsWith('empreinte_bg.wasm')));
});
