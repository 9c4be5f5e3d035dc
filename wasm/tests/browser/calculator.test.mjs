// The calculator in headless Chromium (Debian's /usr/bin/chromium) driven by
// playwright-core: served from a loopback-only server, checked against the
// package's own numbers, in three languages, with axe-core.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { serve } from '../serve.mjs';
import empreinte, { golden, close, repoRoot } from '../load.mjs';

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

test('a bad form value names the row and column and focuses the field', async () => {
  await page.getByLabel('Quantité, Ligne 2').fill('-3');
  await page.getByRole('button', { name: 'Calculer' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /ligne 2 du formulaire.*quantity/s);
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Quantité, Ligne 2');
  await axe('error, fr');
  await page.getByLabel('Quantité, Ligne 2').fill('12');
});

test('upload a French Excel export: numbers equal the golden case and the package\'s', async () => {
  const c = golden.cases.find((x) => x.name === 'defaults-laptop-2023');
  // An Excel "CSV UTF-8" export in a French locale: BOM, semicolons, CRLF.
  const csv = '\uFEFF' + c.inventory_csv.replaceAll(',', ';').replaceAll('\n', '\r\n');
  await page.fill('#year', String(c.options.year));
  await page.selectOption('#country', c.options.country);
  await page.selectOption('#mode', c.options.mode);
  await page.setInputFiles('#csv-file', { name: 'inventaire.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.waitForFunction(() => !document.querySelector('#results').hidden && document.querySelector('#status').textContent !== '');
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
