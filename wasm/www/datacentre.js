// The Data centre tab: annual figures (or the user's readings CSV), the
// refrigerant, the electricity purchases and the tenants in; the package's EU
// KPIs, scopes (both scope-2 methods) and tenant split out. The form starts
// empty: the methodology's worked example fills it on request, each example
// value marked as such, and a result that uses one says so (note example_data).
import { t, ui, INDICATORS, FORMULA_WORDS } from './i18n.js';
import { formatPercent, formatUnit } from './format.js';
import { $, el, numCell, headRow, onDownload, showFieldError, showErrorBox, clearFieldErrors, renderNoteList, sectionRows, sectionCsv } from './dom.js';
import { planning } from './core.js';

/** The ILLUSTRATIVE worked example of docs/methodology.md (BE, 2022). */
const DC_EXAMPLE = {
  'dc-year': 2022, 'dc-it': 1000000, 'dc-facility': 1350000, 'dc-cooling': 200000, 'dc-onsite': 50000, 'dc-reused': 100000,
  'dc-water': 1500, 'dc-diesel': 300, 'dc-gas': 'R-134a', 'dc-topup': 5, 'dc-go': 500000, 'dc-residual': 200,
  'dc-tenant-1': 'Toll', 'dc-tenant-1-kwh': 600000, 'dc-tenant-2': 'Mobility', 'dc-tenant-2-kwh': 250000,
};
/** Form field -> readings column (annual totals; units in the names). */
const DC_READINGS = [['dc-year', 'year'], ['dc-it', 'it_kwh'], ['dc-facility', 'facility_kwh'], ['dc-cooling', 'cooling_kwh'], ['dc-onsite', 'onsite_renewable_kwh'],
  ['dc-reused', 'reused_heat_kwh'], ['dc-water', 'water_m3'], ['dc-diesel', 'diesel_l']];
const TENANTS = [1, 2, 3];
const dc = { ready: false, opening: null, report: null, readingsFile: null, exampleUsed: [], tenantFields: [] };

const fieldNumber = (id) => ($(id).value.trim() === '' ? undefined : $(id).valueAsNumber);
/** The label the visitor sees for field `id` (without its "example" tag). */
function labelOf(id) {
  const label = document.querySelector(`label[for="${id}"]`);
  return label?.dataset.i18n ? t(label.dataset.i18n) : label?.textContent ?? id;
}

export function openDc() {
  dc.opening ??= (async () => {
    $('status').textContent = t('loading_planning');
    try {
      dc.m = await planning();
      $('dc-form').addEventListener('submit', (ev) => { ev.preventDefault(); runDc(); });
      $('dc-example').addEventListener('click', fillExample);
      $('dc-clear').addEventListener('click', clearForm);
      $('dc-file').addEventListener('change', async () => {
        const file = $('dc-file').files[0];
        if (!file) return;
        useReadingsFile({ bytes: new Uint8Array(await file.arrayBuffer()), name: file.name }); // bytes, never file.text()
        runDc();
      });
      $('dc-file-remove').addEventListener('click', () => { useReadingsFile(null); $('dc-it').focus(); });
      for (const id of Object.keys(DC_EXAMPLE)) $(id).addEventListener('input', () => unmark(id)); // changed: the user's value
      for (const [name, key] of [['kpi', 'kpi'], ['scopes', 'total'], ['detail', 'scopes'], ['tenants', 'tenants']]) {
        onDownload(`dc-download-${name}`, (excel) => dc.report && [sectionCsv(dc.report, key, excel), `empreinte-datacentre-${key}.csv`]);
      }
      dc.ready = true;
      $('panel-dc').dataset.ready = 'true';
      $('status').textContent = '';
    } catch (e) {
      $('status').textContent = `${t('error')}: ${e.message}`;
    }
  })();
  return dc.opening;
}

/** Marks `id` as holding an example value: a visible tag in its label. */
function mark(id) {
  $(id).dataset.example = 'true';
  const label = document.querySelector(`label[for="${id}"]`);
  if (!label.querySelector('.example-tag')) label.append(' ', el('span', { class: 'example-tag', 'data-i18n': 'example_tag', text: t('example_tag') }));
}
function unmark(id) {
  delete $(id).dataset.example;
  document.querySelector(`label[for="${id}"] .example-tag`)?.remove();
}

function fillExample() {
  for (const [id, v] of Object.entries(DC_EXAMPLE)) {
    if ($(id).disabled) continue; // covered by the uploaded readings
    $(id).value = String(v);
    mark(id);
  }
  $('dc-zone').value = 'BE';
  $('dc-it').focus();
}

function clearForm() {
  for (const id of Object.keys(DC_EXAMPLE)) { $(id).value = ''; unmark(id); }
  useReadingsFile(null);
  clearFieldErrors($('dc-form'));
  $('dc-year').focus();
}

/** An uploaded readings file replaces what it covers: the year and the annual figures (periods come from it). */
function useReadingsFile(file) {
  dc.readingsFile = file;
  for (const [id] of DC_READINGS) {
    $(id).disabled = Boolean(file);
    if (file) { $(id).value = ''; unmark(id); }
  }
  if (!file) $('dc-file').value = '';
  $('dc-file-status').hidden = !file;
  $('dc-file-used').textContent = file ? t('dc_file_used', { name: file.name }) : '';
}

/** The package's inputs from the form: annual totals (or the uploaded readings' bytes), the facility,
 * the guarantees of origin (over the readings' period: no dates) and residual mix as instruments CSV
 * rows, the tenants. Empty fields are left out (no value is made up here). */
function dcInputs() {
  const readings = {};
  for (const [id, key] of DC_READINGS) if (fieldNumber(id) !== undefined) readings[key] = fieldNumber(id);
  const facility = { zone: $('dc-zone').value };
  const gas = $('dc-gas').value.trim();
  if (gas) facility.refrigerants = [{ gas, ...(fieldNumber('dc-topup') === undefined ? {} : { topped_up_kg: fieldNumber('dc-topup') }) }];
  const rows = [];
  dc.instrumentFields = [];
  if (fieldNumber('dc-go') !== undefined) { rows.push(`go,${fieldNumber('dc-go')},0,,,true,all`); dc.instrumentFields.push('dc-go'); }
  if (fieldNumber('dc-residual') !== undefined) { rows.push(`residual_mix,,${fieldNumber('dc-residual')},,,,`); dc.instrumentFields.push('dc-residual'); }
  const instruments = rows.length ? `instrument,kwh,factor_gco2e_per_kwh,start,end,renewable,covers\n${rows.join('\n')}\n` : undefined;
  const given = TENANTS.filter((i) => $(`dc-tenant-${i}`).value.trim() !== '' || fieldNumber(`dc-tenant-${i}-kwh`) !== undefined);
  dc.tenantFields = given;
  const tenants = given.map((i) => ({ tenant: $(`dc-tenant-${i}`).value.trim() || undefined, it_kwh: fieldNumber(`dc-tenant-${i}-kwh`) }));
  return {
    inputs: { readings: dc.readingsFile?.bytes ?? readings, facility, instruments, tenants },
    options: dc.readingsFile ? { name: dc.readingsFile.name } : {},
  };
}

/** The form field an error of the package is about (none for an uploaded file's line). */
function errorField(e) {
  const src = e.source ?? '';
  if (src === 'readings' && !dc.readingsFile) return DC_READINGS.find(([, key]) => key === e.column)?.[0];
  if (src.startsWith('facility.refrigerants')) return e.column === 'topped_up_kg' ? 'dc-topup' : 'dc-gas';
  if (src === 'facility' && e.column === 'zone') return 'dc-zone';
  if (src === 'instruments' && e.line != null) return dc.instrumentFields[e.line - 2] ?? null;
  if (src === 'tenants' && e.row != null) {
    const i = dc.tenantFields[e.row];
    return i ? (e.column === 'tenant' ? `dc-tenant-${i}` : `dc-tenant-${i}-kwh`) : null;
  }
  return null;
}

function runDc() {
  if (!dc.ready) return;
  const { inputs, options } = dcInputs();
  $('dc-error').hidden = true;
  clearFieldErrors($('dc-form'));
  try {
    dc.report = dc.m.datacentre(inputs, options);
    dc.exampleUsed = Object.keys(DC_EXAMPLE).filter((id) => $(id).dataset.example === 'true' && $(id).value.trim() !== '' && !$(id).disabled);
    renderDc();
    $('dc-results').hidden = false;
    $('status').textContent = t('dc_done');
  } catch (e) {
    dc.report = null;
    $('dc-results').hidden = true;
    const id = errorField(e);
    if (id) showFieldError($(id), e, labelOf(id));
    else showErrorBox($('dc-error'), e);
  }
}

/** An indicator's name in the page's language (the package's English when not translated). */
const indicatorName = (name) => INDICATORS[ui.lang][name];
/** A formula's words in the page's language; its symbols as they are. */
function formulaText(f) {
  const i = { fr: 1, nl: 2 }[ui.lang];
  if (!i) return f;
  let text = f;
  for (const w of FORMULA_WORDS) text = text.split(w[0]).join(w[i]);
  return text;
}
const UNITS = { kwh: 'kWh', kw: 'kW', m3: 'm³', l: 'L', h: 'h', ratio: '', kgco2e: 'kg CO₂e', kgco2e_per_kwh: 'kg CO₂e/kWh', gco2e_per_kwh: 'g CO₂e/kWh', l_per_kwh: 'L/kWh' };

function indicatorTable(rows) {
  return [
    el('thead', {}, el('tr', {},
      ...[t('dc_indicator'), t('dc_value'), t('dc_unit'), t('dc_formula')].map((h, i) => el('th', { scope: 'col', class: i === 1 ? 'num' : null, text: h })))),
    el('tbody', {}, ...rows.map((r) => {
      const name = indicatorName(r.indicator);
      const formula = formulaText(r.formula);
      return el('tr', { 'data-indicator': r.indicator },
        el('th', { scope: 'row', lang: name ? null : 'en', text: name ?? r.indicator }),
        el('td', { class: 'num', 'data-value': r.value === null ? '' : String(r.value), text: formatUnit(r.value, r.unit) }),
        el('td', { text: UNITS[r.unit] ?? r.unit }),
        el('td', { class: 'formula', lang: formula === r.formula && ui.lang !== 'en' ? 'en' : null, text: formula }));
    })),
  ];
}

export function renderDc() {
  const r = dc.report;
  if (!r) return;
  $('dc-kpi').replaceChildren(...indicatorTable(sectionRows(r, 'kpi')));
  $('dc-scope-detail').replaceChildren(...indicatorTable(sectionRows(r, 'scopes')));
  // Scopes side by side: one column per scope-2 method.
  const total = sectionRows(r, 'total');
  const methods = ['location_based', 'market_based'].filter((m) => total.some((x) => x.scope2_method === m));
  const byMethod = Object.fromEntries(total.map((x) => [x.scope2_method, x]));
  $('dc-scopes').replaceChildren(
    el('caption', { text: t('unit') }),
    headRow([t('dc_scope'), ...methods.map((m) => t(`dc_${m}`))]),
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
    headRow([t('dc_tenant'), t('dc_it_kwh'), t('dc_share'), ...methods.map((m) => t(`dc_${m}`))]),
    el('tbody', {}, ...names.map((name) => {
      const any = of(name, methods[0]) ?? {};
      return el('tr', { 'data-tenant': name },
        el('th', { scope: 'row', text: name === '(unallocated)' ? t('dc_unallocated') : name }),
        numCell(any.it_kwh ?? null),
        el('td', { class: 'num', 'data-value': String(any.share_of_it ?? ''), text: formatPercent(any.share_of_it) }),
        ...methods.map((m) => numCell(of(name, m)?.total_kgco2e ?? null)));
    })),
  );
  const example = dc.exampleUsed.length ? [{ code: 'example_data', message: '', local: t('dc_example_note', { fields: dc.exampleUsed.map(labelOf).join(', ') }) }] : [];
  renderNoteList($('dc-notes'), 'dc-notes-title', [...example, ...r.notes]);
}

/** The tab's language-dependent parts, after a language switch. */
export function relabelDc() {
  // The labels were just rewritten: their example tags come back.
  for (const id of Object.keys(DC_EXAMPLE)) if ($(id).dataset.example === 'true') mark(id);
  if (dc.readingsFile) $('dc-file-used').textContent = t('dc_file_used', { name: dc.readingsFile.name });
  renderDc();
}
