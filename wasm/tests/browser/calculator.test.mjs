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
        // The longest kind label in every row, so that a cut label shows.
        await page.locator('#add-row').click();
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
      }
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
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
