// The organisation's GHG inventory card (Data centre tab): the package's ghg()
// on the visitor's fleet inventory (bytes, as uploaded) for a reporting year,
// or, without a file, the ILLUSTRATIVE organisation (its fleet, its instruments
// and its data centre, 2022: the repository's example files, served beside the
// page and fetched on first use). Shown: scope 1, scope 2 both
// methods on the direct basis, scope 3 categories 2 to 5, the totals, and
// beside them the management view, labelled NOT GHG Protocol scope 3; notes
// in the page's language by their code.
import { t } from './i18n.js';
import { $, el, numCell, headRow, onDownload, showErrorBox, renderNoteList, sectionRows, sectionCsv } from './dom.js';
import { planning } from './core.js';

/** The report's organisation columns, in order: [column, string key, GHG Protocol line?]. */
export const GHG_LINES = [
  ['scope1_refrigerant_kgco2e', 'ghg_scope1_refrigerant', true],
  ['scope1_generator_fuel_kgco2e', 'ghg_scope1_fuel', true],
  ['scope2_location_based_direct_kgco2e', 'ghg_scope2_location', true],
  ['scope2_market_based_direct_kgco2e', 'ghg_scope2_market', true],
  ['scope3_cat2_capital_goods_kgco2e', 'ghg_scope3_cat2', true],
  ['scope3_cat3_upstream_kgco2e', 'ghg_scope3_cat3', true],
  ['scope3_cat4_transport_kgco2e', 'ghg_scope3_cat4', true],
  ['scope3_cat5_end_of_life_kgco2e', 'ghg_scope3_cat5', true],
  ['management_embodied_amortised_kgco2e', 'ghg_management_embodied', false],
  ['management_use_life_cycle_kgco2e', 'ghg_management_use', false],
];
const g = { m: null, report: null, file: null, opening: null, example: null };

/** The ILLUSTRATIVE organisation's files (served beside the page, fetched once): its fleet and instruments,
 * and its data centre in Europe/Brussels time, tenants allocated `mix`, reporting year 2022. */
function exampleInputs() {
  const files = { inventory: 'municipal-fleet.csv', fleet_instruments: 'organisation-instruments.csv', readings: 'datacentre/readings.csv',
    facility: 'datacentre/facility.csv', instruments: 'datacentre/instruments.csv', tenants: 'datacentre/tenants.csv', equipment: 'datacentre/equipment.csv' };
  g.example ??= Promise.all(Object.entries(files).map(async ([key, path]) => {
    const r = await fetch(new URL(`./examples/${path}`, import.meta.url));
    if (!r.ok) throw new Error(`examples/${path}: ${r.status}`);
    return [key, new Uint8Array(await r.arrayBuffer())];
  })).then(Object.fromEntries);
  return g.example;
}
export const EXAMPLE_OPTIONS = { year: 2022, time_zone: 'Europe/Brussels', allocation: 'mix' };

export function openGhg() {
  g.opening ??= (async () => {
    g.m = await planning();
    $('ghg-form').addEventListener('submit', (ev) => { ev.preventDefault(); runGhg(); });
    $('ghg-file').addEventListener('change', async () => {
      const file = $('ghg-file').files[0];
      g.file = file ? { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name } : null; // bytes, never file.text()
    });
    onDownload('ghg-download', (excel) => g.report && [sectionCsv(g.report, 'organisation', excel), 'empreinte-ghg-organisation.csv']);
    $('ghg-card').dataset.ready = 'true';
  })();
  return g.opening;
}

async function runGhg() {
  $('ghg-error').hidden = true;
  const year = $('ghg-year').value.trim() === '' ? undefined : $('ghg-year').valueAsNumber;
  try {
    g.report = g.file
      ? g.m.ghg({ inventory: g.file.bytes }, { year, country: $('country').value })
      : g.m.ghg(await exampleInputs(), EXAMPLE_OPTIONS);
    g.exampleUsed = !g.file;
    renderGhg();
    $('ghg-results').hidden = false;
  } catch (e) {
    g.report = null;
    $('ghg-results').hidden = true;
    showErrorBox($('ghg-error'), e);
  }
}

export function renderGhg() {
  const r = g.report;
  if (!r) return;
  const org = sectionRows(r, 'organisation')[0] ?? {};
  const row = ([column, key]) => el('tr', { 'data-column': column }, el('th', { scope: 'row', text: t(key) }), numCell(org[column] ?? null));
  const total = Object.fromEntries(sectionRows(r, 'total').map((x) => [x.scope2_method, x]));
  $('ghg-year-shown').textContent = t('ghg_year_shown', { year: r.year });
  $('ghg-table').replaceChildren(
    el('caption', { text: t('unit') }),
    headRow([t('ghg_line'), 'kg CO₂e']),
    el('tbody', {},
      ...GHG_LINES.filter((l) => l[2]).map(row),
      ...['location_based', 'market_based'].map((m) => el('tr', { class: 'total', 'data-total': m },
        el('th', { scope: 'row', text: t(`ghg_total_${m}`) }), numCell(total[m]?.total_kgco2e ?? null)))),
  );
  $('ghg-management').replaceChildren(
    el('caption', { text: t('ghg_management_caption') }),
    headRow([t('ghg_line'), 'kg CO₂e']),
    el('tbody', {}, ...GHG_LINES.filter((l) => !l[2]).map(row)),
  );
  const example = g.exampleUsed ? [{ code: 'example_data', message: '', local: t('ghg_example_note') }] : [];
  renderNoteList($('ghg-notes'), 'ghg-notes-title', [...example, ...r.notes]);
}

/** The card's language-dependent parts, after a language switch. */
export const relabelGhg = () => renderGhg();
