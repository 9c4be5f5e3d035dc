// The web calculator: a form or a CSV file in, the empreinte package (WebAssembly,
// loaded from this site) computes, results rendered as tables and an SVG chart.
// Every number shown carries its exact value in data-value (used by the tests).
import init, * as empreinte from './pkg/empreinte.js';
import { LANGS, STRINGS, KINDS } from './i18n.js';

const $ = (id) => document.getElementById(id);
const PHASES = ['manufacture', 'transport', 'use', 'end_of_life', 'total'];
const DEFAULT_ROWS = [
  { kind: 'laptop', quantity: 120, purchase_year: 2021 },
  { kind: 'desktop', quantity: 40, purchase_year: 2019 },
  { kind: 'monitor_22_24', quantity: 160, purchase_year: 2020 },
  { kind: 'multifunction_printer', quantity: 6, purchase_year: 2018 },
];

/** A phone or a narrow (or zoomed) window: the layout stacks (style.css uses the same width). */
const NARROW = window.matchMedia('(max-width: 40rem)');

const state = { lang: 'fr', archetypes: [], last: null, lastInput: null };

function pickLang() {
  const asked = new URLSearchParams(location.search).get('lang');
  if (LANGS.includes(asked)) return asked;
  const nav = (navigator.language || '').slice(0, 2);
  return LANGS.includes(nav) ? nav : 'fr';
}

function t(key, vars = {}) {
  const s = STRINGS[state.lang][key] ?? STRINGS.en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? '');
}

function fmt(v, digits = 0) {
  if (v === null || v === undefined) return t('missing');
  return new Intl.NumberFormat(`${state.lang}-BE`, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(v);
}

/** A number of devices: whole counts without decimals, 2.5 shown as 2.5 (never rounded to a whole device). */
function fmtCount(v) {
  if (v === null || v === undefined) return t('missing');
  return new Intl.NumberFormat(`${state.lang}-BE`, { maximumFractionDigits: 2 }).format(v);
}

function kindLabel(kind) {
  const a = state.archetypes.find((x) => x.kind === kind);
  return KINDS[state.lang][kind] ?? a?.label ?? kind;
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

function numCell(v, tag = 'td', digits = 0) {
  return el(tag, { class: 'num', 'data-value': v === null ? '' : String(v), text: digits === 'count' ? fmtCount(v) : fmt(v, digits) });
}

// ---- language -------------------------------------------------------------

function applyLang(lang, push) {
  state.lang = lang;
  document.documentElement.lang = lang;
  document.title = `${t('title')} — empreinte`;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const a of document.querySelectorAll('.langs a')) {
    if (a.dataset.lang === lang) a.setAttribute('aria-current', 'true');
    else a.removeAttribute('aria-current');
  }
  if (push) {
    const url = new URL(location.href);
    url.searchParams.set('lang', lang);
    history.replaceState(null, '', url);
  }
  relabelFleetRows();
  if (state.last) renderResults(state.last);
}

// ---- fleet form -----------------------------------------------------------

function kindSelect(value, id) {
  const s = el('select', { id, name: 'kind' });
  for (const a of state.archetypes) s.append(el('option', { value: a.kind, text: kindLabel(a.kind) }));
  s.value = value;
  s.addEventListener('change', relabelFleetRows);
  return s;
}

let rowSeq = 0;
function addRow(row = { kind: 'laptop', quantity: '', purchase_year: '' }) {
  const n = ++rowSeq;
  const tr = el('tr', { 'data-row': String(n) });
  const input = (name, value, attrs) => el('input', { id: `${name}-${n}`, name, type: 'number', inputmode: 'numeric', value: String(value ?? ''), ...attrs });
  // The column header as a visible label, shown when the rows stack on a narrow screen.
  const cell = (key, control) => el('td', { 'data-col': key }, el('label', { class: 'cell-label', for: control.id, 'data-i18n': key, text: t(key) }), control);
  tr.append(
    cell('kind', kindSelect(row.kind, `kind-${n}`)),
    cell('quantity', input('quantity', row.quantity, { min: '0', step: 'any', inputmode: 'decimal', required: '' })),
    cell('purchase_year', input('purchase_year', row.purchase_year, { min: '1980', max: '2100', step: '1', required: '' })),
    cell('lifespan', input('lifespan_years', row.lifespan_years, { min: '0.5', max: '50', step: '0.5', inputmode: 'decimal' })),
    el('td', { class: 'remove-cell' }, el('button', { type: 'button', class: 'remove', text: '✕' })),
  );
  tr.querySelector('button').addEventListener('click', () => {
    tr.remove();
    relabelFleetRows();
    $('add-row').focus();
  });
  $('fleet-rows').append(tr);
  relabelFleetRows();
  return tr;
}

/** Accessible names of the per-row controls ("Quantity, row 2") and the default lifespan hint. */
function relabelFleetRows() {
  [...$('fleet-rows').rows].forEach((tr, i) => {
    const row = t('row', { n: i + 1 });
    for (const [name, key] of [['kind', 'kind'], ['quantity', 'quantity'], ['purchase_year', 'purchase_year'], ['lifespan_years', 'lifespan']]) {
      tr.querySelector(`[name="${name}"]`).setAttribute('aria-label', `${t(key)}, ${row}`);
    }
    const sel = tr.querySelector('select');
    for (const opt of sel.options) opt.textContent = kindLabel(opt.value);
    const a = state.archetypes.find((x) => x.kind === sel.value);
    tr.querySelector('[name="lifespan_years"]').placeholder = a ? t('lifespan_default', { n: fmt(a.lifespan_years, 0) }) : '';
    tr.querySelector('button').setAttribute('aria-label', t('remove_row', { n: i + 1 }));
  });
}

/** The form rows as inventory records (keys = CSV columns, numbers as numbers); empty cells left out. */
function fleetRecords() {
  const entity = 'fleet';
  return [...$('fleet-rows').rows].map((tr) => {
    const rec = { entity, kind: tr.querySelector('select').value };
    for (const name of ['quantity', 'purchase_year', 'lifespan_years']) {
      const field = tr.querySelector(`[name="${name}"]`);
      if (field.value.trim() !== '') rec[name] = field.valueAsNumber;
    }
    return rec;
  });
}

// ---- computing ------------------------------------------------------------

function settings() {
  return {
    year: $('year').value,
    country: $('country').value,
    mode: $('mode').value,
    extra: Number($('extra').value || 0),
  };
}

function run(input, name, example = false) {
  const s = settings();
  clearError();
  $('status').textContent = t('computing');
  try {
    const options = { year: s.year, country: s.country, mode: s.mode, name };
    const report = empreinte.assess(input, { ...options, by: 'kind' });
    const entities = empreinte.assess(input, { ...options, by: 'entity' }).rows;
    const extension = empreinte.keepLonger(input, s.extra, { country: s.country, name });
    state.last = { report, entities, extension, extra: s.extra, year: report.year, example };
    state.lastInput = { input, name };
    renderResults(state.last);
    $('results').hidden = false;
    $('status').textContent = t('done', { n: fmtCount(report.total[0].devices) });
    $('results-title').focus({ preventScroll: false });
  } catch (e) {
    showError(e, name);
  }
}

function showError(e, name) {
  state.last = null;
  $('results').hidden = true;
  $('status').textContent = '';
  const box = $('error');
  const where = [];
  if (e.line != null) where.push(t('error_at', { line: e.line }));
  if (e.row != null && name === 'form') where.push(t('error_row', { row: e.row + 1 }));
  if (e.column) where.push(t('error_column', { column: e.column }));
  box.replaceChildren(
    el('strong', { text: `${t('error')}${where.length ? ` (${where.join(', ')})` : ''}` }),
    ...errorHints(e).map((h) => el('p', { class: 'hint', text: h })),
    el('p', { lang: 'en', class: 'detail', text: e.message, 'data-code': e.code ?? '' }),
  );
  box.hidden = false;
  if (name === 'form' && e.row != null) {
    const tr = $('fleet-rows').rows[e.row];
    const field = tr?.querySelector(`[name="${e.column}"]`);
    if (field) {
      field.setAttribute('aria-invalid', 'true');
      field.focus();
    }
  }
}

/** What the person can do, in their language: the code's hint and the "did you mean" of the package. */
function errorHints(e) {
  const hints = [];
  if (e.suggestion) {
    const label = e.code === 'unknown_kind' ? kindLabel(e.suggestion) : e.suggestion;
    hints.push(t('hint_suggestion', { label, value: e.suggestion }));
  }
  const hint = STRINGS[state.lang][`hint_${e.code}`];
  if (hint && !(e.code === 'unknown_kind' && e.suggestion)) hints.push(hint);
  return hints;
}

function clearError() {
  $('error').hidden = true;
  for (const f of document.querySelectorAll('[aria-invalid]')) f.removeAttribute('aria-invalid');
}

// ---- results --------------------------------------------------------------

function renderResults(last) {
  const { report, entities, extension, extra, year } = last;
  const total = report.total[0];
  const unit = report.criteria.find((c) => c.id === 'gwp')?.unit ?? 'kgco2e';
  const col = (phase, suffix = '') => `gwp_${phase}_${unit}${suffix}`;
  $('total-label').textContent = `${t('total', { year })}${state.lang === 'fr' ? '\u00a0:' : ':'}`;
  const tv = $('total-value');
  tv.textContent = fmt(total[col('total')]);
  tv.dataset.value = String(total[col('total')]);
  $('total-interval').textContent = t('interval', { low: fmt(total[col('total', '_low')]), high: fmt(total[col('total', '_high')]) });
  $('total-devices').textContent = t('devices', { n: fmtCount(total.devices), b: fmtCount(total.devices_beyond_amortisation) });

  // Per phase, with the interval.
  const phaseTable = $('phase-table');
  phaseTable.replaceChildren(
    el('caption', { text: t('unit') }),
    el('thead', {}, el('tr', {}, ...[t('phase'), t('central'), t('low'), t('high')].map((h, i) => el('th', { scope: 'col', class: i ? 'num' : null, text: h })))),
    el('tbody', {}, ...PHASES.map((p) => el('tr', { class: p === 'total' ? 'total' : null, 'data-phase': p },
      el('th', { scope: 'row', text: t(p === 'total' ? 'total_row' : p) }),
      numCell(total[col(p)]), numCell(total[col(p, '_low')]), numCell(total[col(p, '_high')])))),
  );

  // Per kind.
  const kindTable = $('kind-table');
  kindTable.replaceChildren(
    el('caption', { text: t('unit') }),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col', text: t('kind') }), el('th', { scope: 'col', class: 'num', text: t('quantity') }),
      ...PHASES.map((p) => el('th', { scope: 'col', class: 'num', text: t(p === 'total' ? 'total_row' : p) })),
      el('th', { scope: 'col', class: 'num', text: `${t('low')} – ${t('high')}` }))),
    el('tbody', {}, ...report.rows.map((r) => el('tr', { 'data-kind': r.kind },
      el('th', { scope: 'row', text: kindLabel(r.kind) }), numCell(r.devices, 'td', 'count'),
      ...PHASES.map((p) => numCell(r[col(p)])),
      el('td', { class: 'num', text: `${fmt(r[col('total', '_low')])} – ${fmt(r[col('total', '_high')])}` })))),
  );
  $('chart').replaceChildren(chart(report.rows, col, NARROW.matches));

  // Per entity (sites, services), when the inventory has several.
  $('entity-section').hidden = entities.length < 2;
  $('entity-table').replaceChildren(
    el('caption', { text: t('unit') }),
    el('thead', {}, el('tr', {}, ...[t('entity'), t('quantity'), t('total_row'), `${t('low')} – ${t('high')}`]
      .map((h, i) => el('th', { scope: 'col', class: i ? 'num' : null, text: h })))),
    el('tbody', {}, ...entities.map((r) => el('tr', {},
      el('th', { scope: 'row', text: r.entity }), numCell(r.devices, 'td', 'count'), numCell(r[col('total')]),
      el('td', { class: 'num', text: `${fmt(r[col('total', '_low')])} – ${fmt(r[col('total', '_high')])}` })))),
  );

  // Keeping devices longer.
  $('keep-title').textContent = t('keep', { n: fmt(extra) });
  const saving = extension.total_saving_gwp_kgco2e_per_year;
  const kt = $('keep-total');
  kt.textContent = t('keep_total', { v: fmt(saving.central), low: fmt(saving.low), high: fmt(saving.high) });
  kt.dataset.value = String(saving.central);
  $('keep-table').replaceChildren(
    el('thead', {}, el('tr', {}, ...[t('kind'), t('quantity'), t('lifespan_now'), t('lifespan_new'), t('per_year_now'), t('per_year_new'), t('saving')]
      .map((h, i) => el('th', { scope: 'col', class: i ? 'num' : null, text: h })))),
    el('tbody', {}, ...extension.rows.map((r) => el('tr', { 'data-kind': r.kind },
      el('th', { scope: 'row', text: kindLabel(r.kind) }), numCell(r.devices, 'td', 'count'), numCell(r.lifespan_years, 'td', 1), numCell(r.extended_lifespan_years, 'td', 1),
      numCell(r.embodied_gwp_kgco2e_per_year), numCell(r.extended_gwp_kgco2e_per_year), numCell(r.saving_gwp_kgco2e_per_year)))),
  );

  renderNotes(last);

  // Sources and licences (data texts are in English).
  $('sources-table').replaceChildren(
    el('thead', {}, el('tr', {}, ...['item', 'dataset', 'reference', 'licence'].map((k) => el('th', { scope: 'col', text: t(k) })))),
    el('tbody', { lang: 'en' }, ...report.sources.map((s) => el('tr', {}, el('td', { text: s.item }), el('td', { text: s.dataset }), el('td', { text: s.reference }), el('td', { text: s.licence })))),
  );
  $('datasets').replaceChildren(...report.datasets.map((d) => el('li', { lang: 'en' },
    el('strong', { text: `${d.title} (${d.id} ${d.edition})` }), ` — ${d.publisher}. ${t('licence')}: ${d.licence}. ${d.attribution}. `,
    el('a', { href: d.url, rel: 'noreferrer noopener', text: d.url }))));
}

/** The notes a reader must see first come first; the others keep the package's order. */
const NOTE_ORDER = ['example_data', 'encoding', 'no_device_in_service', 'grid_year_fallback', 'ignored_column'];

/** The notes of the package (and "example data"), near the total: each with its meaning in the
 * page's language when the code is known, and the package's own words (English). Notes on criteria
 * the calculator does not show (it shows climate change only) are left out. */
function renderNotes({ report, extension, example }) {
  const seen = new Set();
  const notes = [...(example ? [{ code: 'example_data', message: '' }] : []), ...report.notes, ...extension.notes]
    .filter((n) => !(n.code === 'criterion_missing' && !n.message.startsWith('gwp ')))
    .filter((n) => !seen.has(n.message) && seen.add(n.message))
    .map((n, i) => [NOTE_ORDER.includes(n.code) ? NOTE_ORDER.indexOf(n.code) : NOTE_ORDER.length, i, n])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([, , n]) => n);
  const box = $('notes');
  box.hidden = notes.length === 0;
  box.replaceChildren(...(notes.length ? [
    el('h3', { id: 'notes-title', text: t('notes') }),
    el('p', { class: 'help', text: t('notes_help') }),
    el('ul', {}, ...notes.map((n) => {
      const local = STRINGS[state.lang][`note_${n.code}`];
      return el('li', { 'data-code': n.code },
        ...(local ? [el('span', { text: local })] : []),
        ...(n.message ? [local ? ' — ' : '', el('span', { lang: 'en', class: 'detail', text: n.message })] : []));
    })),
  ] : []));
}

/** Horizontal bars per kind with a whisker from low to high; every value also written as text.
 * On a narrow screen each label goes above its bar, so the text stays readable once scaled down. */
function chart(rows, col, narrow = false) {
  const NS = 'http://www.w3.org/2000/svg';
  const s = (tag, attrs = {}, text) => {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const data = [...rows].sort((a, b) => (b[col('total')] ?? 0) - (a[col('total')] ?? 0));
  const max = Math.max(1, ...data.map((r) => r[col('total', '_high')] ?? 0));
  const labelW = narrow ? 0 : 230, barW = narrow ? 260 : 560, valueW = narrow ? 80 : 110, rowH = narrow ? 46 : 28, top = 8;
  const barTop = narrow ? 18 : 0; // room for the label line above the bar
  const width = labelW + barW + valueW, height = top + rowH * data.length + 8;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'chart-t chart-d', 'font-size': '13' });
  svg.append(s('title', { id: 'chart-t' }, t('chart_title')), s('desc', { id: 'chart-d' }, t('chart_desc')));
  const x = (v) => labelW + (barW * v) / max;
  data.forEach((r, i) => {
    const y = top + i * rowH + barTop, ly = narrow ? y - 6 : y + 17;
    const [c, lo, hi] = [col('total'), col('total', '_low'), col('total', '_high')].map((k) => r[k] ?? 0);
    const g = s('g', { 'data-kind': r.kind });
    g.append(
      s('text', narrow ? { x: 2, y: ly, fill: '#1b1f24' } : { x: labelW - 8, y: ly, 'text-anchor': 'end', fill: '#1b1f24' }, kindLabel(r.kind)),
      s('rect', { x: labelW, y: y + 5, width: Math.max(1, x(c) - labelW), height: 16, fill: '#0b5cad' }),
      s('line', { x1: x(lo), x2: x(hi), y1: y + 13, y2: y + 13, stroke: '#1b1f24', 'stroke-width': 1.5 }),
      s('line', { x1: x(lo), x2: x(lo), y1: y + 8, y2: y + 18, stroke: '#1b1f24', 'stroke-width': 1.5 }),
      s('line', { x1: x(hi), x2: x(hi), y1: y + 8, y2: y + 18, stroke: '#1b1f24', 'stroke-width': 1.5 }),
      s('text', { x: x(hi) + 6, y: y + 17, fill: '#1b1f24' }, fmt(c)),
    );
    svg.append(g);
  });
  svg.append(s('line', { x1: labelW, x2: labelW, y1: 0, y2: height, stroke: '#4a5562' }));
  return svg;
}

function download(text, filename) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = el('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---- start ----------------------------------------------------------------

async function start() {
  applyLang(pickLang(), false);
  $('status').textContent = t('loading');
  await init({ module_or_path: new URL('./pkg/empreinte_bg.wasm', import.meta.url) });
  state.archetypes = empreinte.archetypes();
  const zones = empreinte.zones();
  const country = $('country');
  const regionNames = (() => { try { return new Intl.DisplayNames([state.lang], { type: 'region' }); } catch { return null; } })();
  for (const z of zones) {
    let name = z.name;
    try { if (/^[A-Z]{2}$/.test(z.code) && regionNames) name = regionNames.of(z.code) ?? z.name; } catch { /* keep the dataset name */ }
    country.append(el('option', { value: z.code, text: `${name} (${z.code})` }));
  }
  country.value = 'BE';
  const lastYear = zones.find((z) => z.code === 'BE')?.last_year ?? new Date().getFullYear() - 1;
  $('year').value = String(Math.max(lastYear, new Date().getFullYear() - 1));
  for (const r of DEFAULT_ROWS) addRow(r);
  $('version').textContent = `empreinte ${empreinte.version()}`;

  $('add-row').addEventListener('click', () => addRow().querySelector('select').focus());
  $('fleet-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    run(fleetRecords(), 'form');
  });
  $('csv-file').addEventListener('change', async () => {
    const file = $('csv-file').files[0];
    // The file's bytes as saved, never file.text(): that would decode them as UTF-8 and turn the
    // accents of a Windows-1252 export (Excel "CSV" in French or Dutch) into U+FFFD before the
    // package sees them; the package decodes (UTF-8, else Windows-1252) and says so in the notes.
    if (file) run(new Uint8Array(await file.arrayBuffer()), file.name);
  });
  $('example').addEventListener('click', () => run(empreinte.exampleFleetCsv(), 'example.csv', true));
  $('download').addEventListener('click', () => state.last && download(state.last.report.csv, `empreinte-${state.last.year}.csv`));
  $('download-sources').addEventListener('click', () => state.last && download(state.last.report.sources_csv, `empreinte-${state.last.year}-sources.csv`));
  for (const a of document.querySelectorAll('.langs a')) {
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      applyLang(a.dataset.lang, true);
    });
  }
  NARROW.addEventListener('change', () => state.last && renderResults(state.last));
  $('results-title').tabIndex = -1;
  $('status').textContent = '';
  document.body.dataset.ready = 'true';
  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    navigator.serviceWorker.register('./sw.js').catch(() => { /* offline use unavailable; the page still works */ });
  }
}

start().catch((e) => {
  $('status').textContent = `${t('error')}: ${e.message}`;
});
