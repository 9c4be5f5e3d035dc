// The fleet tab: a form or an inventory CSV in, the package's assessment per
// phase, kind and entity, keeping devices longer, notes and sources out.
import { t, ui, EXAMPLE_ENTITIES } from './i18n.js';
import { formatNumber as fmt, formatCount } from './format.js';
import { $, el, svgEl, numCell, headRow, onDownload, showFieldError, showErrorBox, clearFieldErrors, renderNoteList } from './dom.js';
import { empreinte, core, kindLabel } from './core.js';
import { RUN, renderFleetUncertainty } from './uncertainty.js';

const PHASES = ['manufacture', 'transport', 'use', 'end_of_life', 'total'];
/** Per-row columns: record column -> [control name, label key]. */
const ROW_FIELDS = { kind: ['kind', 'kind'], quantity: ['quantity', 'quantity'], purchase_year: ['purchase_year', 'purchase_year'], lifespan_years: ['lifespan_years', 'lifespan'] };
/** Settings: option name in the package's errors -> [field id, label key]. */
const SETTING_FIELDS = { year: ['year', 'year'], country: ['country', 'country'], mode: ['mode', 'mode'], extra_years: ['extra', 'extra_years'], extra: ['extra', 'extra_years'] };

const fleet = { last: null, narrow: null };

function kindSelect(value, id) {
  const s = el('select', { id, name: 'kind' });
  for (const a of core.archetypes) s.append(el('option', { value: a.kind, text: kindLabel(a.kind) }));
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
    for (const [name, key] of Object.values(ROW_FIELDS)) tr.querySelector(`[name="${name}"]`).setAttribute('aria-label', `${t(key)}, ${row}`);
    const sel = tr.querySelector('select');
    for (const opt of sel.options) opt.textContent = kindLabel(opt.value);
    const a = core.archetypes.find((x) => x.kind === sel.value);
    tr.querySelector('[name="lifespan_years"]').placeholder = a ? t('lifespan_default', { n: fmt(a.lifespan_years, { max: 1 }) }) : '';
    tr.querySelector('button').setAttribute('aria-label', t('remove_row', { n: i + 1 }));
  });
}

/** The form rows as inventory records (keys = CSV columns, numbers as numbers); empty cells left out. */
function fleetRecords() {
  return [...$('fleet-rows').rows].map((tr) => {
    const rec = { entity: 'fleet', kind: tr.querySelector('select').value };
    for (const name of ['quantity', 'purchase_year', 'lifespan_years']) {
      const field = tr.querySelector(`[name="${name}"]`);
      if (field.value.trim() !== '') rec[name] = field.valueAsNumber;
    }
    return rec;
  });
}

function settings() {
  return { year: $('year').value, country: $('country').value, mode: $('mode').value, extra: $('extra').value.trim() === '' ? undefined : $('extra').valueAsNumber };
}

function clearErrors() {
  $('error').hidden = true;
  clearFieldErrors($('fleet-form'));
}

function run(input, name, example = false) {
  const s = settings();
  clearErrors();
  $('status').textContent = t('computing');
  try {
    const options = { year: s.year, country: s.country, mode: s.mode, name };
    const report = empreinte.assess(input, { ...options, by: 'kind' });
    const entities = empreinte.assess(input, { ...options, by: 'entity' });
    const extension = empreinte.keepLonger(input, s.extra, { country: s.country, name });
    // How sure: the same inventory under Monte Carlo (total only), seeded as the command's default.
    const mc = empreinte.monteCarlo(input, { ...options, by: 'none', ...RUN });
    fleet.last = { report, entities, extension, mc, extra: s.extra, year: report.year, example };
    renderResults();
    $('results').hidden = false;
    $('status').textContent = t('done', { n: formatCount(report.total[0].devices) });
    $('results-title').focus({ preventScroll: false });
  } catch (e) {
    showError(e, name);
  }
}

/** A form error goes to its field (the row's control, or a setting), a file error to the alert box. */
function showError(e, name) {
  fleet.last = null;
  $('results').hidden = true;
  $('status').textContent = '';
  let field = null, label = null;
  if (name === 'form' && e.row != null && ROW_FIELDS[e.column]) {
    field = $('fleet-rows').rows[e.row]?.querySelector(`[name="${ROW_FIELDS[e.column][0]}"]`);
    label = field?.getAttribute('aria-label');
  } else if (e.row == null && e.line == null && SETTING_FIELDS[e.column]) {
    const [id, key] = SETTING_FIELDS[e.column];
    field = $(id);
    label = t(key);
  }
  if (field) showFieldError(field, e, label);
  else showErrorBox($('error'), e, { label: (x) => (x.code === 'unknown_kind' ? kindLabel(x.suggestion) : x.suggestion) });
}

const entityName = (name) => (fleet.last?.example ? EXAMPLE_ENTITIES[ui.lang][name] ?? name : name);

export function renderResults() {
  const last = fleet.last;
  if (!last) return;
  const { report, entities, extension, extra, year } = last;
  const total = report.total[0];
  const unit = report.criteria.find((c) => c.id === 'gwp')?.unit ?? 'kgco2e';
  const col = (phase, suffix = '') => `gwp_${phase}_${unit}${suffix}`;
  $('total-label').textContent = `${t('total', { year })}${ui.lang === 'fr' ? '\u00a0:' : ':'}`;
  const tv = $('total-value');
  tv.textContent = fmt(total[col('total')]);
  tv.dataset.value = String(total[col('total')]);
  $('total-interval').textContent = t('interval', { low: fmt(total[col('total', '_low')]), high: fmt(total[col('total', '_high')]) });
  $('total-devices').textContent = t('devices', { n: formatCount(total.devices), b: formatCount(total.devices_beyond_amortisation) });

  $('phase-table').replaceChildren(
    el('caption', { text: t('unit') }),
    headRow([t('phase'), t('central'), t('low'), t('high')]),
    el('tbody', {}, ...PHASES.map((p) => el('tr', { class: p === 'total' ? 'total' : null, 'data-phase': p },
      el('th', { scope: 'row', text: t(p === 'total' ? 'total_row' : p) }),
      numCell(total[col(p)]), numCell(total[col(p, '_low')]), numCell(total[col(p, '_high')])))),
  );

  $('kind-table').replaceChildren(
    el('caption', { text: t('unit') }),
    headRow([t('kind'), t('quantity'), ...PHASES.map((p) => t(p === 'total' ? 'total_row' : p)), `${t('low')} – ${t('high')}`]),
    el('tbody', {}, ...report.rows.map((r) => el('tr', { 'data-kind': r.kind },
      el('th', { scope: 'row', text: kindLabel(r.kind) }), numCell(r.devices, 'td', 'count'),
      ...PHASES.map((p) => numCell(r[col(p)])),
      el('td', { class: 'num', text: `${fmt(r[col('total', '_low')])} – ${fmt(r[col('total', '_high')])}` })))),
  );
  $('chart').replaceChildren(chart(report.rows, col, fleet.narrow.matches));
  $('mc-body').replaceChildren(...renderFleetUncertainty(last.mc));

  // Per entity (sites, services), when the inventory has several.
  $('entity-section').hidden = entities.rows.length < 2;
  $('entity-table').replaceChildren(
    el('caption', { text: t('unit') }),
    headRow([t('entity'), t('quantity'), t('total_row'), `${t('low')} – ${t('high')}`]),
    el('tbody', {}, ...entities.rows.map((r) => el('tr', { 'data-entity': r.entity },
      el('th', { scope: 'row', text: entityName(r.entity) }), numCell(r.devices, 'td', 'count'), numCell(r[col('total')]),
      el('td', { class: 'num', text: `${fmt(r[col('total', '_low')])} – ${fmt(r[col('total', '_high')])}` })))),
  );

  // Keeping devices longer.
  $('keep-title').textContent = t('keep', { n: fmt(extra) });
  const saving = extension.total_saving_gwp_kgco2e_per_year;
  const kt = $('keep-total');
  kt.textContent = t('keep_total', { v: fmt(saving.central), low: fmt(saving.low), high: fmt(saving.high) });
  kt.dataset.value = String(saving.central);
  $('keep-table').replaceChildren(
    headRow([t('kind'), t('quantity'), t('lifespan_now'), t('lifespan_new'), t('per_year_now'), t('per_year_new'), t('saving')]),
    el('tbody', {}, ...extension.rows.map((r) => el('tr', { 'data-kind': r.kind },
      el('th', { scope: 'row', text: kindLabel(r.kind) }), numCell(r.devices, 'td', 'count'), numCell(r.lifespan_years, 'td', 1), numCell(r.extended_lifespan_years, 'td', 1),
      numCell(r.embodied_gwp_kgco2e_per_year), numCell(r.extended_gwp_kgco2e_per_year), numCell(r.saving_gwp_kgco2e_per_year)))),
  );

  renderNotes(last);

  // Sources and licences (the data texts are in English).
  $('sources-table').replaceChildren(
    headRow(['item', 'dataset', 'reference', 'licence'].map((k) => t(k)), 9),
    el('tbody', { lang: 'en' }, ...report.sources.map((s) => el('tr', {}, el('td', { text: s.item }), el('td', { text: s.dataset }), el('td', { text: s.reference }), el('td', { text: s.licence })))),
  );
  $('datasets').replaceChildren(...report.datasets.map((d) => el('li', { lang: 'en' },
    el('strong', { text: `${d.title} (${d.id} ${d.edition})` }), ` — ${d.publisher}. ${t('licence')}: ${d.licence}. ${d.attribution}. `,
    el('a', { href: docHref(d.url), rel: 'noreferrer noopener', text: d.url }))));
}

/** A dataset's address: a web address as is; a file of the repository (`datasets/derive.py (usage_profiles)`)
 * as its copy on this site (wasm/build.sh copies it). */
export const docHref = (url) => (/^https?:\/\//.test(url) ? url : `./${url.replace(/\s*\(.*\)$/, '')}`);

/** The notes a reader must see first come first; the others keep the package's order. */
const NOTE_ORDER = ['example_data', 'encoding', 'no_device_in_service', 'grid_year_fallback', 'ignored_column'];

/** The notes of the package (and "example data"), near the total. Notes on criteria the calculator
 * does not show (it shows climate change only) are left out. */
function renderNotes({ report, extension, example }) {
  const seen = new Set();
  const notes = [...(example ? [{ code: 'example_data', message: '' }] : []), ...report.notes, ...extension.notes]
    .filter((n) => !(n.code === 'criterion_missing' && !n.message.startsWith('gwp ')))
    .filter((n) => !seen.has(n.message) && seen.add(n.message))
    .map((n, i) => [NOTE_ORDER.includes(n.code) ? NOTE_ORDER.indexOf(n.code) : NOTE_ORDER.length, i, n])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([, , n]) => n);
  renderNoteList($('notes'), 'notes-title', notes, t('notes_help'));
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

/** The fleet tab's language-dependent parts, after a language switch. */
export function relabelFleet() {
  relabelFleetRows();
  renderResults();
}

/** Wires the fleet tab; `narrow`: the media query of a phone layout. */
export function startFleet(narrow) {
  fleet.narrow = narrow;
  const country = $('country');
  const regionNames = (() => { try { return new Intl.DisplayNames([ui.lang], { type: 'region' }); } catch { return null; } })();
  for (const z of core.zones) {
    let name = z.name;
    try { if (/^[A-Z]{2}$/.test(z.code) && regionNames) name = regionNames.of(z.code) ?? z.name; } catch { /* keep the dataset name */ }
    country.append(el('option', { value: z.code, text: `${name} (${z.code})` }));
  }
  country.value = 'BE';
  // The reporting year the command takes when none is named (core's rule, from this year).
  $('year').value = String(empreinte.defaultYear(new Date().getFullYear()));
  addRow(); // one empty row: the form holds only what the visitor types (the example fleet is a button)
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
  const save = (key, suffix) => (excel) => fleet.last && [key(fleet.last)[excel ? 'csv_excel' : 'csv'], `empreinte-${fleet.last.year}${suffix}.csv`];
  onDownload('download', save((l) => l.report, ''));
  onDownload('download-entities', save((l) => l.entities, '-entities'));
  onDownload('download-keep', save((l) => l.extension, '-keep-longer'));
  onDownload('download-sources', save((l) => ({ csv: l.report.sources_csv, csv_excel: l.report.sources_csv_excel }), '-sources'));
  $('results-title').tabIndex = -1;
  narrow.addEventListener('change', renderResults);
}
