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

/** An SVG element with its attributes and, when given, its text. */
function svgEl(tag, attrs = {}, text) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
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
  for (const node of document.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
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
  relabelPolicy();
  if (dc.report) renderDc();
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
  const s = svgEl;
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

// ---- tabs and the planning module -----------------------------------------

const TABS = ['fleet', 'policy', 'dc'];
let planningModule = null;

/** The second module (data centres and policies), fetched the first time a planning tab opens. */
function planning() {
  planningModule ??= import('./pkg/empreinte_planning.js').then(async (m) => {
    await m.default({ module_or_path: new URL('./pkg/empreinte_planning_bg.wasm', import.meta.url) });
    return m;
  });
  return planningModule;
}

async function selectTab(name, focus = false) {
  for (const tab of TABS) {
    const button = $(`tab-${tab}`);
    const on = tab === name;
    button.setAttribute('aria-selected', String(on));
    button.tabIndex = on ? 0 : -1;
    $(`panel-${tab}`).hidden = !on;
  }
  if (focus) $(`tab-${name}`).focus();
  const url = new URL(location.href);
  if (name === 'fleet') url.searchParams.delete('tab');
  else url.searchParams.set('tab', name);
  history.replaceState(null, '', url);
  if (name === 'policy') await openPolicy();
  if (name === 'dc') await openDc();
}

/** The WAI-ARIA tabs pattern: arrows, Home and End move between tabs (and select them). */
function tabKeys(ev) {
  const i = TABS.indexOf(ev.currentTarget.dataset.tab);
  const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: TABS.length - 1 }[ev.key];
  if (next === undefined) return;
  ev.preventDefault();
  selectTab(TABS[(next + TABS.length) % TABS.length], true);
}

// ---- policy tab -----------------------------------------------------------

/** The four levers: slider id, policy key, how the value is said. */
const LEVERS = [
  ['pol-lifespan', 'lifespan', 'years_n'],
  ['pol-refurbished', 'refurbished_pct', 'pct_n'],
  ['pol-donated', 'donated_pct', 'pct_n'],
  ['pol-second-life', 'second_life_years', 'years_n'],
];
/** Workstations: the kinds the lifespan slider sets (other kinds keep the scenario's lifespan). */
const WORKSTATIONS = ['desktop', 'laptop'];
const pol = { scenarios: [], input: null, name: null, report: null, policy: null, ready: false };

function openPolicy() {
  pol.opening ??= loadPolicy();
  return pol.opening;
}

async function loadPolicy() {
  $('status').textContent = t('loading_planning');
  try {
    const m = await planning();
    pol.m = m;
    pol.scenarios = m.referenceScenarios();
    const select = $('policy-scenario');
    select.replaceChildren(...pol.scenarios.map((sc) => el('option', { value: sc.id })));
    select.value = pol.scenarios.find((sc) => sc.id === 'workstations-4-years') ? 'workstations-4-years' : pol.scenarios[0].id;
    select.addEventListener('change', () => { leversFromScenario(); runPolicy(); });
    $('policy-file').addEventListener('change', async () => {
      const file = $('policy-file').files[0];
      if (!file) return;
      pol.input = new Uint8Array(await file.arrayBuffer()); // bytes, never file.text() (see the fleet upload)
      pol.name = file.name;
      runPolicy();
    });
    for (const [id] of LEVERS) {
      $(id).addEventListener('input', () => { showLever(id); runPolicy(); });
    }
    pol.ready = true;
    leversFromScenario();
    relabelPolicy();
    $('status').textContent = '';
    runPolicy();
  } catch (e) {
    $('status').textContent = `${t('error')}: ${e.message}`;
  }
}

function scenario() {
  return pol.scenarios.find((sc) => sc.id === $('policy-scenario').value) ?? pol.scenarios[0];
}

/** The sliders start at the scenario's values; a lever the scenario does not set starts at the
 * laptop archetype's lifespan, no refurbished or donated device, 3 second-life years (the
 * slider must show a value; it only matters once devices are donated). */
function leversFromScenario() {
  const p = scenario().policy;
  const laptop = state.archetypes.find((a) => a.kind === 'laptop')?.lifespan_years;
  $('pol-lifespan').value = String(p.lifespan_years?.laptop ?? p.lifespan_years?.desktop ?? laptop ?? 5);
  $('pol-refurbished').value = String(p.refurbished_pct ?? 0);
  $('pol-donated').value = String(p.donated_pct ?? 0);
  $('pol-second-life').value = String(p.second_life_years ?? 3);
  for (const [id] of LEVERS) showLever(id);
}

function showLever(id) {
  const [, , unit] = LEVERS.find(([x]) => x === id);
  const text = t(unit, { n: fmt(Number($(id).value)) });
  $(`${id}-out`).textContent = text;
  $(id).setAttribute('aria-valuetext', text);
}

/** The scenario's policy with the four levers and the -5 %/year trajectory. */
function policyOfLevers() {
  const p = structuredClone(scenario().policy);
  const years = Number($('pol-lifespan').value);
  p.lifespan_years = { ...(p.lifespan_years ?? {}) };
  for (const kind of WORKSTATIONS) p.lifespan_years[kind] = years;
  p.refurbished_pct = Number($('pol-refurbished').value);
  p.donated_pct = Number($('pol-donated').value);
  p.second_life_years = Number($('pol-second-life').value);
  p.trajectory_pct_per_year = 5;
  return p;
}

function runPolicy() {
  if (!pol.ready) return;
  const sc = scenario();
  const input = pol.input ?? sc.inventory_csv;
  const name = pol.name ?? sc.inventory_name;
  const policy = policyOfLevers();
  $('policy-error').hidden = true;
  try {
    pol.report = pol.m.simulate(input, policy, { name });
    pol.policy = policy;
    $('policy-results').dataset.policy = JSON.stringify(policy);
    renderPolicy();
    $('policy-results').hidden = false;
  } catch (e) {
    pol.report = null;
    $('policy-results').hidden = true;
    const box = $('policy-error');
    const where = [e.line != null ? t('error_at', { line: e.line }) : null, e.column ? t('error_column', { column: e.column }) : null].filter(Boolean);
    box.replaceChildren(
      el('strong', { text: `${t('error')}${where.length ? ` (${where.join(', ')})` : ''}` }),
      ...errorHints(e).map((h) => el('p', { class: 'hint', text: h })),
      el('p', { lang: 'en', class: 'detail', text: e.message, 'data-code': e.code ?? '' }),
    );
    box.hidden = false;
  }
}

function relabelPolicy() {
  if (!pol.ready) return;
  for (const opt of $('policy-scenario').options) opt.textContent = t(`scenario_${opt.value}`) === `scenario_${opt.value}` ? opt.value : t(`scenario_${opt.value}`);
  for (const [id] of LEVERS) showLever(id);
  if (pol.report) renderPolicy();
}

const sectionRows = (r, name) => r.sections.find((x) => x.name === name)?.rows ?? [];

function renderPolicy() {
  const r = pol.report;
  const sc = scenario();
  const desc = STRINGS[state.lang][`scenario_desc_${sc.id}`] ?? sc.policy.description ?? sc.id;
  $('policy-source').textContent = pol.input
    ? t('policy_source_file', { name: pol.name, desc })
    : t('policy_source_scenario', { name: sc.inventory_name, desc });
  const total = sectionRows(r, 'total');
  const trajectory = sectionRows(r, 'trajectory');
  const avoided = sectionRows(r, 'avoided_emissions');
  const first = total[0], last = total[total.length - 1];
  const sum = (rows, k) => rows.reduce((a, x) => a + (x[k] ?? 0), 0);
  $('policy-last-label').textContent = `${t('total', { year: last.year })}${state.lang === 'fr' ? '\u00a0:' : ':'}`;
  const lv = $('policy-last');
  lv.textContent = fmt(last.gwp_total_kgco2e);
  lv.dataset.value = String(last.gwp_total_kgco2e);
  const fv = $('policy-first');
  fv.textContent = t('policy_first', { year: first.year, v: fmt(first.gwp_total_kgco2e) });
  fv.dataset.value = String(first.gwp_total_kgco2e);
  const cumulative = sum(total, 'gwp_total_kgco2e');
  $('policy-cumulative').textContent = t('policy_cumulative', { from: first.year, to: last.year, v: fmt(cumulative) });
  $('policy-cumulative').dataset.value = String(cumulative);
  $('policy-crossing').textContent = r.crossing_year == null
    ? t('policy_not_crossing', { to: last.year })
    : t('policy_crossing', { year: r.crossing_year });
  // Avoided emissions: a memo, shown apart and never subtracted from any total above.
  const avoidedSum = sum(avoided, 'avoided_gwp_kgco2e');
  const av = $('policy-avoided');
  av.textContent = t('policy_avoided_total', { v: fmt(avoidedSum), n: fmtCount(sum(avoided, 'donated_devices')), from: first.year, to: last.year });
  av.dataset.value = String(avoidedSum);

  $('policy-chart').replaceChildren(policyChart(total, trajectory, NARROW.matches));
  const traj = new Map(trajectory.map((x) => [x.year, x]));
  const memo = new Map(avoided.map((x) => [x.year, x]));
  $('policy-table').replaceChildren(
    el('caption', { text: t('unit') }),
    el('thead', {}, el('tr', {}, ...[t('year_col'), t('stock'), t('total_row'), `${t('low')} – ${t('high')}`, t('trajectory'), t('on_track'), t('avoided_memo')]
      .map((h, i) => el('th', { scope: 'col', class: i ? 'num' : null, text: h })))),
    el('tbody', {}, ...total.map((x) => {
      const tr = traj.get(x.year);
      return el('tr', { 'data-year': x.year },
        el('th', { scope: 'row', text: x.year }), numCell(x.stock_devices, 'td', 'count'), numCell(x.gwp_total_kgco2e),
        el('td', { class: 'num', text: `${fmt(x.gwp_total_kgco2e_low)} – ${fmt(x.gwp_total_kgco2e_high)}` }),
        numCell(tr?.trajectory_gwp_kgco2e ?? null),
        el('td', { class: 'num', text: tr ? t(tr.on_track ? 'yes' : 'no') : t('missing') }),
        numCell(memo.get(x.year)?.avoided_gwp_kgco2e ?? null));
    })),
  );
  renderPolicyNotes(r.notes);
}

function renderPolicyNotes(notes) {
  const box = $('policy-notes');
  box.hidden = notes.length === 0;
  box.replaceChildren(...(notes.length ? [
    el('h3', { id: 'policy-notes-title', text: t('notes') }),
    el('ul', {}, ...notes.map((n) => el('li', { 'data-code': n.code }, el('span', { lang: 'en', class: 'detail', text: n.message })))),
  ] : []));
}

/** Yearly emissions (line, with the low-high band) against the reduction trajectory (dashed);
 * every point's value is also in the table below. */
function policyChart(total, trajectory, narrow = false) {
  const s = svgEl;
  const width = narrow ? 340 : 720, height = narrow ? 300 : 320;
  const left = narrow ? 56 : 84, right = narrow ? 20 : 28, top = 28, bottom = narrow ? 78 : 62;
  const years = total.map((x) => Number(x.year));
  const traj = new Map(trajectory.map((x) => [Number(x.year), x.trajectory_gwp_kgco2e]));
  const max = Math.max(1, ...total.map((x) => x.gwp_total_kgco2e_high ?? x.gwp_total_kgco2e ?? 0), ...[...traj.values()].map((v) => v ?? 0));
  const x = (y) => left + ((y - years[0]) / Math.max(1, years[years.length - 1] - years[0])) * (width - left - right);
  const yv = (v) => top + (1 - v / max) * (height - top - bottom);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'pchart-t pchart-d', 'font-size': narrow ? '12' : '13' });
  svg.append(s('title', { id: 'pchart-t' }, t('policy_chart_title')), s('desc', { id: 'pchart-d' }, t('policy_chart_desc')));
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    svg.append(s('line', { x1: left, x2: width - right, y1: yv(v), y2: yv(v), stroke: '#c9d1da' }),
      s('text', { x: left - 6, y: yv(v) + 4, 'text-anchor': 'end', fill: '#1b1f24' }, fmt(v / 1000)));
  }
  years.forEach((y, i) => {
    if (narrow && i % 2 && i !== years.length - 1) return;
    svg.append(s('text', { x: x(y), y: height - bottom + 18, 'text-anchor': 'middle', fill: '#1b1f24' }, String(y)));
  });
  const band = [...total.map((r) => `${x(Number(r.year))},${yv(r.gwp_total_kgco2e_high ?? r.gwp_total_kgco2e)}`),
    ...[...total].reverse().map((r) => `${x(Number(r.year))},${yv(r.gwp_total_kgco2e_low ?? r.gwp_total_kgco2e)}`)].join(' ');
  svg.append(s('polygon', { points: band, fill: '#0b5cad', 'fill-opacity': '0.15' }));
  const tpts = years.filter((y) => traj.get(y) != null).map((y) => `${x(y)},${yv(traj.get(y))}`).join(' ');
  svg.append(s('polyline', { class: 'trajectory', points: tpts, fill: 'none', stroke: '#8a1111', 'stroke-width': 2, 'stroke-dasharray': '6 4' }));
  const pts = total.map((r) => `${x(Number(r.year))},${yv(r.gwp_total_kgco2e)}`).join(' ');
  svg.append(s('polyline', { class: 'emissions', points: pts, fill: 'none', stroke: '#0b5cad', 'stroke-width': 3 }));
  for (const r of total) svg.append(s('circle', { cx: x(Number(r.year)), cy: yv(r.gwp_total_kgco2e), r: 4, fill: '#0b5cad', 'data-year': r.year, 'data-value': String(r.gwp_total_kgco2e) }));
  svg.append(s('line', { x1: left, x2: left, y1: top, y2: height - bottom, stroke: '#4a5562' }));
  // Legend (lines differ by dash as well as colour) and the unit.
  const ly = height - bottom + 40;
  svg.append(
    s('line', { x1: left, x2: left + 28, y1: ly - 4, y2: ly - 4, stroke: '#0b5cad', 'stroke-width': 3 }),
    s('text', { x: left + 34, y: ly, fill: '#1b1f24' }, t('legend_emissions')),
    s('line', { x1: left, x2: left + 28, y1: ly + 14, y2: ly + 14, stroke: '#8a1111', 'stroke-width': 2, 'stroke-dasharray': '6 4' }),
    s('text', { x: left + 34, y: ly + 18, fill: '#1b1f24' }, t('legend_trajectory')),
    s('text', { x: 2, y: 14, fill: '#1b1f24' }, t('unit_t')),
  );
  return svg;
}

// ---- data centre tab ------------------------------------------------------

/** The form starts with the ILLUSTRATIVE worked example of docs/methodology.md (BE, 2022). */
const DC_EXAMPLE = {
  'dc-year': 2022, 'dc-it': 1000000, 'dc-facility': 1350000, 'dc-cooling': 200000, 'dc-onsite': 50000, 'dc-reused': 100000,
  'dc-water': 1500, 'dc-diesel': 300, 'dc-gas': 'R-134a', 'dc-topup': 5, 'dc-go': 500000, 'dc-residual': 200,
  'dc-tenant-1': 'Toll', 'dc-tenant-1-kwh': 600000, 'dc-tenant-2': 'Mobility', 'dc-tenant-2-kwh': 250000,
};
/** Form field -> readings column (annual totals; units in the names). */
const DC_READINGS = [['dc-it', 'it_kwh'], ['dc-facility', 'facility_kwh'], ['dc-cooling', 'cooling_kwh'], ['dc-onsite', 'onsite_renewable_kwh'],
  ['dc-reused', 'reused_heat_kwh'], ['dc-water', 'water_m3'], ['dc-diesel', 'diesel_l']];
const dc = { ready: false, opening: null, report: null, readingsFile: null };

function openDc() {
  dc.opening ??= (async () => {
    $('status').textContent = t('loading_planning');
    try {
      dc.m = await planning();
      for (const [id, v] of Object.entries(DC_EXAMPLE)) $(id).value = String(v);
      $('dc-zone').value = 'BE';
      $('dc-form').addEventListener('submit', (ev) => { ev.preventDefault(); runDc(); });
      $('dc-file').addEventListener('change', async () => {
        const file = $('dc-file').files[0];
        dc.readingsFile = file ? { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name } : null; // bytes, never file.text()
        if (file) runDc();
      });
      dc.ready = true;
      $('status').textContent = '';
    } catch (e) {
      $('status').textContent = `${t('error')}: ${e.message}`;
    }
  })();
  return dc.opening;
}

const fieldNumber = (id) => ($(id).value.trim() === '' ? undefined : $(id).valueAsNumber);

/** The package's inputs from the form: annual totals (or the uploaded readings' bytes), the facility,
 * the guarantees of origin and residual mix as instruments CSV rows, the tenants. */
function dcInputs() {
  const year = fieldNumber('dc-year');
  const readings = { year };
  for (const [id, key] of DC_READINGS) if (fieldNumber(id) !== undefined) readings[key] = fieldNumber(id);
  const facility = { zone: $('dc-zone').value };
  const gas = $('dc-gas').value.trim();
  if (gas) facility.refrigerants = [{ gas, topped_up_kg: fieldNumber('dc-topup') ?? 0 }];
  const rows = [];
  if (fieldNumber('dc-go') !== undefined) rows.push(`go,${fieldNumber('dc-go')},0,${year}-01-01,${year}-12-31,true,all`);
  if (fieldNumber('dc-residual') !== undefined) rows.push(`residual_mix,,${fieldNumber('dc-residual')},,,,`);
  const instruments = rows.length ? `instrument,kwh,factor_gco2e_per_kwh,start,end,renewable,covers\n${rows.join('\n')}\n` : undefined;
  const tenants = [1, 2, 3].filter((i) => $(`dc-tenant-${i}`).value.trim() !== '')
    .map((i) => ({ tenant: $(`dc-tenant-${i}`).value.trim(), it_kwh: fieldNumber(`dc-tenant-${i}-kwh`) }));
  return {
    inputs: { readings: dc.readingsFile?.bytes ?? readings, facility, instruments, tenants },
    options: dc.readingsFile ? { name: dc.readingsFile.name } : {},
  };
}

function runDc() {
  if (!dc.ready) return;
  const { inputs, options } = dcInputs();
  $('dc-error').hidden = true;
  for (const f of document.querySelectorAll('#dc-form [aria-invalid]')) f.removeAttribute('aria-invalid');
  try {
    dc.report = dc.m.datacentre(inputs, options);
    renderDc();
    $('dc-results').hidden = false;
    $('status').textContent = t('dc_done');
  } catch (e) {
    dc.report = null;
    $('dc-results').hidden = true;
    const box = $('dc-error');
    const where = [e.source ? e.source : null, e.line != null ? t('error_at', { line: e.line }) : null, e.column ? t('error_column', { column: e.column }) : null].filter(Boolean);
    box.replaceChildren(
      el('strong', { text: `${t('error')}${where.length ? ` (${where.join(', ')})` : ''}` }),
      ...errorHints(e).map((h) => el('p', { class: 'hint', text: h })),
      el('p', { lang: 'en', class: 'detail', text: e.message, 'data-code': e.code ?? '' }),
    );
    box.hidden = false;
    const field = DC_READINGS.find(([, key]) => key === e.column)?.[0];
    if (field && !dc.readingsFile) {
      $(field).setAttribute('aria-invalid', 'true');
      $(field).focus();
    }
  }
}

/** A KPI value with the digits its unit needs (ratios and intensities are small numbers). */
function fmtUnit(v, unit) {
  if (v === null || v === undefined) return t('missing');
  const digits = /per_kwh$|^ratio$/.test(unit) ? 4 : unit === 'gco2e_per_kwh' ? 1 : 0;
  return new Intl.NumberFormat(`${state.lang}-BE`, { maximumFractionDigits: digits }).format(v);
}
const UNITS = { kwh: 'kWh', kw: 'kW', m3: 'm³', l: 'L', h: 'h', ratio: '', kgco2e: 'kg CO₂e', kgco2e_per_kwh: 'kg CO₂e/kWh', gco2e_per_kwh: 'g CO₂e/kWh', l_per_kwh: 'L/kWh' };

function indicatorTable(rows) {
  return [
    el('thead', {}, el('tr', {}, ...[t('dc_indicator'), t('dc_value'), t('dc_unit'), t('dc_formula')]
      .map((h, i) => el('th', { scope: 'col', class: i === 1 ? 'num' : null, text: h })))),
    el('tbody', {}, ...rows.map((r) => el('tr', { 'data-indicator': r.indicator },
      el('th', { scope: 'row', lang: 'en', text: r.indicator }),
      el('td', { class: 'num', 'data-value': r.value === null ? '' : String(r.value), text: fmtUnit(r.value, r.unit) }),
      el('td', { text: UNITS[r.unit] ?? r.unit }),
      el('td', { lang: 'en', class: 'formula', text: r.formula })))),
  ];
}

function renderDc() {
  const r = dc.report;
  $('dc-kpi').replaceChildren(...indicatorTable(sectionRows(r, 'kpi')));
  $('dc-scope-detail').replaceChildren(...indicatorTable(sectionRows(r, 'scopes')));
  // Scopes side by side: one column per scope-2 method.
  const total = sectionRows(r, 'total');
  const methods = ['location_based', 'market_based'].filter((m) => total.some((x) => x.scope2_method === m));
  const byMethod = Object.fromEntries(total.map((x) => [x.scope2_method, x]));
  $('dc-scopes').replaceChildren(
    el('caption', { text: t('unit') }),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: t('dc_scope') }),
      ...methods.map((m) => el('th', { scope: 'col', class: 'num', text: t(`dc_${m}`) })))),
    el('tbody', {}, ...[['scope1_kgco2e', 'dc_scope1_row'], ['scope2_kgco2e', 'dc_scope2_row'], ['scope3_kgco2e', 'dc_scope3_row'], ['total_kgco2e', 'total_row']]
      .map(([key, label]) => el('tr', { class: key === 'total_kgco2e' ? 'total' : null, 'data-measure': key },
        el('th', { scope: 'row', text: t(label) }), ...methods.map((m) => numCell(byMethod[m]?.[key] ?? null))))),
  );
  const tenants = sectionRows(r, 'tenants');
  $('dc-tenants-section').hidden = tenants.length === 0;
  const names = [...new Set(tenants.map((x) => x.tenant))];
  const of = (name, m) => tenants.find((x) => x.tenant === name && x.scope2_method === m);
  $('dc-tenants').replaceChildren(
    el('caption', { text: t('unit') }),
    el('thead', {}, el('tr', {}, ...[t('dc_tenant'), t('dc_it_kwh'), t('dc_share'), ...methods.map((m) => t(`dc_${m}`))]
      .map((h, i) => el('th', { scope: 'col', class: i ? 'num' : null, text: h })))),
    el('tbody', {}, ...names.map((name) => {
      const any = of(name, methods[0]) ?? {};
      return el('tr', { 'data-tenant': name },
        el('th', { scope: 'row', text: name === '(unallocated)' ? t('dc_unallocated') : name }),
        numCell(any.it_kwh ?? null),
        el('td', { class: 'num', 'data-value': String(any.share_of_it ?? ''), text: any.share_of_it == null ? t('missing') : `${fmt(any.share_of_it * 100, 1)} %` }),
        ...methods.map((m) => numCell(of(name, m)?.total_kgco2e ?? null)));
    })),
  );
  const notes = r.notes;
  const box = $('dc-notes');
  box.hidden = notes.length === 0;
  box.replaceChildren(...(notes.length ? [
    el('h3', { id: 'dc-notes-title', text: t('notes') }),
    el('ul', {}, ...notes.map((n) => el('li', { 'data-code': n.code }, el('span', { lang: 'en', class: 'detail', text: n.message })))),
  ] : []));
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
  $('dc-zone').replaceChildren(...[...country.options].map((o) => el('option', { value: o.value, text: o.textContent })));
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
  NARROW.addEventListener('change', () => {
    if (state.last) renderResults(state.last);
    if (pol.report) renderPolicy();
  });
  for (const tab of TABS) {
    $(`tab-${tab}`).addEventListener('click', () => selectTab(tab));
    $(`tab-${tab}`).addEventListener('keydown', tabKeys);
  }
  $('results-title').tabIndex = -1;
  $('status').textContent = '';
  document.body.dataset.ready = 'true';
  const asked = new URLSearchParams(location.search).get('tab');
  if (TABS.includes(asked) && asked !== 'fleet') selectTab(asked);
  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    navigator.serviceWorker.register('./sw.js').catch(() => { /* offline use unavailable; the page still works */ });
  }
}

start().catch((e) => {
  $('status').textContent = `${t('error')}: ${e.message}`;
});
