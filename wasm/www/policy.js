// The Policy tab: two fleet policies side by side on one inventory (a reference
// scenario or the user's CSV), every figure from the package's `compare`.
import { t, ui, STRINGS } from './i18n.js';
import { formatNumber as fmt } from './format.js';
import { $, el, svgEl, numCell, headRow, onDownload, showErrorBox, renderNoteList, sectionRows, sectionCsv } from './dom.js';
import { core, planning } from './core.js';
import { RUN, renderPolicyUncertainty } from './uncertainty.js';

/** The levers of policy A: slider id, policy key, how the value is said; and policy B's lifespan. */
const LEVERS = [
  ['pol-lifespan', 'lifespan', 'years_n'],
  ['pol-refurbished', 'refurbished_pct', 'pct_n'],
  ['pol-donated', 'donated_pct', 'pct_n'],
  ['pol-second-life', 'second_life_years', 'years_n'],
  ['pol-b-lifespan', 'lifespan', 'years_n'],
];
/** Workstations: the kinds the lifespan sliders set, all-in-ones included (other kinds keep the scenario's lifespan). */
const WORKSTATIONS = ['desktop', 'laptop'];
const NAMES = ['A', 'B'];
const pol = { scenarios: [], defaults: null, input: null, name: null, report: null, ready: false, opening: null, narrow: null };

export function openPolicy() {
  pol.opening ??= loadPolicy();
  return pol.opening;
}

async function loadPolicy() {
  $('status').textContent = t('loading_planning');
  try {
    pol.m = await planning();
    pol.defaults = pol.m.policyDefaults();
    pol.scenarios = pol.m.referenceScenarios();
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
    $('policy-back').addEventListener('click', () => {
      pol.input = null;
      pol.name = null;
      $('policy-file').value = '';
      runPolicy();
      $('policy-scenario').focus();
    });
    for (const [id] of LEVERS) $(id).addEventListener('input', () => { showLever(id); runPolicy(); });
    onDownload('policy-download-years', (excel) => pol.report && [sectionCsv(pol.report, 'inventory', excel), 'empreinte-policies-per-year.csv']);
    onDownload('policy-download-total', (excel) => pol.report && [sectionCsv(pol.report, 'total', excel), 'empreinte-policies-total.csv']);
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
 * package's: the laptop archetype's lifespan, and core's default policy (`policyDefaults()`) for
 * the refurbished and donated shares and the second-life years (the slider must show a value; it
 * only matters once devices are donated). Policy B starts two years longer than A: the question
 * "4 or 6 years?". */
function leversFromScenario() {
  const p = scenario().policy;
  const d = pol.defaults;
  const laptop = core.archetypes.find((a) => a.kind === 'laptop')?.lifespan_years;
  const a = p.lifespan_years?.laptop ?? p.lifespan_years?.desktop ?? laptop;
  $('pol-lifespan').value = String(a);
  $('pol-b-lifespan').value = String(Number($('pol-lifespan').value) + 2);
  $('pol-refurbished').value = String(p.refurbished_pct ?? d.refurbished_pct);
  $('pol-donated').value = String(p.donated_pct ?? d.donated_pct);
  $('pol-second-life').value = String(p.second_life_years ?? d.second_life_years);
  for (const [id] of LEVERS) showLever(id);
}

function showLever(id) {
  const [, , unit] = LEVERS.find(([x]) => x === id);
  const text = t(unit, { n: fmt(Number($(id).value)) });
  $(`${id}-out`).textContent = text;
  $(id).setAttribute('aria-valuetext', text);
}

/** The scenario's policy with the levers, the workstation lifespan of `sliderId` and its reduction
 * trajectory (core's default, -5 %/year, where the scenario names none). */
function policyOfLevers(sliderId, name) {
  const p = structuredClone(scenario().policy);
  const years = Number($(sliderId).value);
  p.lifespan_years = { ...(p.lifespan_years ?? {}) };
  for (const kind of WORKSTATIONS) p.lifespan_years[kind] = years;
  p.refurbished_pct = Number($('pol-refurbished').value);
  p.donated_pct = Number($('pol-donated').value);
  p.second_life_years = Number($('pol-second-life').value);
  p.trajectory_pct_per_year ??= pol.defaults.trajectory_pct_per_year;
  p.name = name;
  return p;
}

function runPolicy() {
  if (!pol.ready) return;
  const sc = scenario();
  const input = pol.input ?? sc.inventory_csv;
  const name = pol.name ?? sc.inventory_name;
  const policies = [policyOfLevers('pol-lifespan', NAMES[0]), policyOfLevers('pol-b-lifespan', NAMES[1])];
  $('policy-error').hidden = true;
  $('policy-back').hidden = !pol.input;
  try {
    pol.report = pol.m.compare(input, policies, { name });
    // How sure: both policies under Monte Carlo with common random numbers.
    pol.mc = pol.m.compareMonteCarlo(input, policies, { name, ...RUN });
    $('policy-results').dataset.policy = JSON.stringify(policies[0]);
    $('policy-results').dataset.policyB = JSON.stringify(policies[1]);
    renderPolicy();
    $('policy-results').hidden = false;
  } catch (e) {
    pol.report = null;
    $('policy-results').hidden = true;
    showErrorBox($('policy-error'), e);
  }
}

export function relabelPolicy() {
  if (!pol.ready) return;
  for (const opt of $('policy-scenario').options) opt.textContent = STRINGS[ui.lang][`scenario_${opt.value}`] ?? opt.value;
  for (const [id] of LEVERS) showLever(id);
  renderPolicy();
}

/** A policy's label: "Policy A (4 years)". */
const policyLabel = (i) => t(i ? 'policy_b' : 'policy_a', { n: fmt(Number($(i ? 'pol-b-lifespan' : 'pol-lifespan').value)) });

/** The figures of the report, per policy: years, trajectory, memo, summary row. */
function perPolicy(r) {
  const years = sectionRows(r, 'inventory');
  const traj = sectionRows(r, 'trajectory');
  const avoided = sectionRows(r, 'avoided_emissions');
  const total = sectionRows(r, 'total');
  return NAMES.map((name) => ({
    years: years.filter((x) => x.scenario === name),
    trajectory: traj.filter((x) => x.scenario === name),
    avoided: avoided.filter((x) => x.scenario === name),
    summary: total.find((x) => x.scenario === name),
  }));
}

function renderPolicy() {
  const r = pol.report;
  if (!r) return;
  const sc = scenario();
  const desc = STRINGS[ui.lang][`scenario_desc_${sc.id}`] ?? sc.policy.description ?? sc.id;
  $('policy-source').textContent = pol.input
    ? t('policy_source_file', { name: pol.name, desc })
    : t('policy_source_scenario', { name: sc.inventory_name, desc });
  const [a, b] = perPolicy(r);
  const first = a.years[0], last = a.years[a.years.length - 1];
  const span = { from: first.year, to: last.year };
  $('policy-last-label').textContent = `${policyLabel(0)}, ${t('total', { year: last.year })}${ui.lang === 'fr' ? '\u00a0:' : ':'}`;
  const lv = $('policy-last');
  lv.textContent = fmt(last.gwp_total_kgco2e);
  lv.dataset.value = String(last.gwp_total_kgco2e);
  const fv = $('policy-first');
  fv.textContent = t('policy_first', { year: first.year, v: fmt(first.gwp_total_kgco2e) });
  fv.dataset.value = String(first.gwp_total_kgco2e);
  [a, b].forEach((p, i) => {
    const c = $(`policy-cumulative-${NAMES[i].toLowerCase()}`);
    c.textContent = t('policy_cumulative_of', { policy: policyLabel(i), ...span, v: fmt(p.summary.cumulative_gwp_kgco2e) });
    c.dataset.value = String(p.summary.cumulative_gwp_kgco2e);
    const x = $(`policy-crossing-${NAMES[i].toLowerCase()}`);
    x.textContent = p.summary.crossing_year == null
      ? t('policy_not_crossing_of', { policy: policyLabel(i), to: last.year })
      : t('policy_crossing_of', { policy: policyLabel(i), year: p.summary.crossing_year });
    x.dataset.value = String(p.summary.crossing_year ?? '');
  });
  // The difference over the years, as the package gives it (B against A, the first policy).
  const less = b.summary.cumulative_saving_vs_first_gwp_kgco2e, more = b.summary.cumulative_excess_vs_first_gwp_kgco2e;
  const diff = $('policy-difference');
  diff.textContent = less > 0 ? t('policy_b_less', { ...span, v: fmt(less) }) : more > 0 ? t('policy_b_more', { ...span, v: fmt(more) }) : t('policy_b_same', span);
  diff.dataset.saving = String(less);
  diff.dataset.excess = String(more);
  // Avoided emissions over the years: the package's figure (a memo, never subtracted), per policy.
  const av = $('policy-avoided');
  av.textContent = `${t('policy_avoided_both', { ...span, a: fmt(a.summary.cumulative_avoided_gwp_kgco2e), b: fmt(b.summary.cumulative_avoided_gwp_kgco2e) })} ${t('policy_avoided_see')}`;
  av.dataset.a = String(a.summary.cumulative_avoided_gwp_kgco2e);
  av.dataset.b = String(b.summary.cumulative_avoided_gwp_kgco2e);

  $('policy-chart').replaceChildren(policyChart(a, b, pol.narrow.matches));
  $('policy-mc-body').replaceChildren(...renderPolicyUncertainty(pol.mc, [policyLabel(0), policyLabel(1)]));
  const byYear = (rows) => new Map(rows.map((x) => [String(x.year), x]));
  const [bYears, aTraj, bTraj, memo] = [byYear(b.years), byYear(a.trajectory), byYear(b.trajectory), byYear(a.avoided)];
  const onTrack = (x) => (x ? t(x.on_track ? 'yes' : 'no') : t('missing'));
  $('policy-table').replaceChildren(
    el('caption', { text: t('unit') }),
    headRow([t('year_col'), `${t('stock')} (A)`, `${t('total_row')} A`, `${t('low')} – ${t('high')} (A)`, `${t('total_row')} B`,
      `${t('trajectory')} (A)`, `${t('on_track')} (A)`, `${t('on_track')} (B)`, `${t('avoided_memo')} (A)`]),
    el('tbody', {}, ...a.years.map((x) => {
      const y = String(x.year);
      return el('tr', { 'data-year': y },
        el('th', { scope: 'row', text: y }), numCell(x.stock_devices, 'td', 'count'), numCell(x.gwp_total_kgco2e),
        el('td', { class: 'num', text: `${fmt(x.gwp_total_kgco2e_low)} – ${fmt(x.gwp_total_kgco2e_high)}` }),
        numCell(bYears.get(y)?.gwp_total_kgco2e ?? null),
        numCell(aTraj.get(y)?.trajectory_gwp_kgco2e ?? null),
        el('td', { class: 'num', text: onTrack(aTraj.get(y)) }),
        el('td', { class: 'num', text: onTrack(bTraj.get(y)) }),
        numCell(memo.get(y)?.avoided_gwp_kgco2e ?? null));
    })),
  );
  // A reference scenario is ILLUSTRATIVE: said first, as the fleet tab says it of its example fleet.
  const example = pol.input ? [] : [{ code: 'example_data', message: '', local: t('policy_example_note', { name: sc.inventory_name }) }];
  renderNoteList($('policy-notes'), 'policy-notes-title', [...example, ...r.notes]);
}

/** Yearly emissions of both policies (A solid with its low-high band, B dashed) against A's and B's
 * -5 %/year trajectories (dotted); every point's value is also in the table below. */
function policyChart(a, b, narrow = false) {
  const s = svgEl;
  const width = narrow ? 340 : 720, height = narrow ? 330 : 340;
  const left = narrow ? 56 : 84, right = narrow ? 20 : 28, top = 28, bottom = narrow ? 108 : 92;
  const years = a.years.map((x) => Number(x.year));
  const values = [...a.years, ...b.years].map((x) => x.gwp_total_kgco2e_high ?? x.gwp_total_kgco2e ?? 0)
    .concat([...a.trajectory, ...b.trajectory].map((x) => x.trajectory_gwp_kgco2e ?? 0));
  const max = Math.max(1, ...values);
  const x = (y) => left + ((y - years[0]) / Math.max(1, years[years.length - 1] - years[0])) * (width - left - right);
  const yv = (v) => top + (1 - v / max) * (height - top - bottom);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'pchart-t pchart-d', 'font-size': narrow ? '12' : '13' });
  svg.append(s('title', { id: 'pchart-t' }, t('policy_chart_title')), s('desc', { id: 'pchart-d' }, t('policy_chart_desc')));
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    svg.append(s('line', { x1: left, x2: width - right, y1: yv(v), y2: yv(v), stroke: '#c9d1da' }),
      s('text', { x: left - 6, y: yv(v) + 4, 'text-anchor': 'end', fill: '#1b1f24' }, fmt(v / 1000)));
  }
  // Year labels: on a phone every other year counted from the last, so that the last two never touch.
  years.forEach((y, i) => {
    if (narrow && (years.length - 1 - i) % 2) return;
    svg.append(s('text', { x: x(y), y: height - bottom + 18, 'text-anchor': 'middle', fill: '#1b1f24', 'data-year-label': y }, String(y)));
  });
  const pts = (rows, key) => rows.filter((r) => r[key] != null).map((r) => `${x(Number(r.year))},${yv(r[key])}`).join(' ');
  const band = [...a.years.map((r) => `${x(Number(r.year))},${yv(r.gwp_total_kgco2e_high ?? r.gwp_total_kgco2e)}`),
    ...[...a.years].reverse().map((r) => `${x(Number(r.year))},${yv(r.gwp_total_kgco2e_low ?? r.gwp_total_kgco2e)}`)].join(' ');
  svg.append(s('polygon', { points: band, fill: '#0b5cad', 'fill-opacity': '0.15' }));
  svg.append(s('polyline', { class: 'trajectory', points: pts(a.trajectory, 'trajectory_gwp_kgco2e'), fill: 'none', stroke: '#8a1111', 'stroke-width': 2, 'stroke-dasharray': '2 4' }));
  svg.append(s('polyline', { class: 'trajectory-b', points: pts(b.trajectory, 'trajectory_gwp_kgco2e'), fill: 'none', stroke: '#8a1111', 'stroke-width': 1.5, 'stroke-dasharray': '2 4', 'stroke-opacity': '0.6' }));
  svg.append(s('polyline', { class: 'emissions-b', points: pts(b.years, 'gwp_total_kgco2e'), fill: 'none', stroke: '#6a3d9a', 'stroke-width': 3, 'stroke-dasharray': '8 5' }));
  svg.append(s('polyline', { class: 'emissions', points: pts(a.years, 'gwp_total_kgco2e'), fill: 'none', stroke: '#0b5cad', 'stroke-width': 3 }));
  for (const r of a.years) svg.append(s('circle', { cx: x(Number(r.year)), cy: yv(r.gwp_total_kgco2e), r: 4, fill: '#0b5cad', 'data-year': r.year, 'data-value': String(r.gwp_total_kgco2e) }));
  for (const r of b.years) svg.append(s('rect', { x: x(Number(r.year)) - 4, y: yv(r.gwp_total_kgco2e) - 4, width: 8, height: 8, fill: '#6a3d9a', class: 'point-b', 'data-year': r.year, 'data-value': String(r.gwp_total_kgco2e) }));
  svg.append(s('line', { x1: left, x2: left, y1: top, y2: height - bottom, stroke: '#4a5562' }));
  // Legend (lines differ by dash and marker as well as colour) and the unit.
  const ly = height - bottom + 40;
  svg.append(
    s('line', { x1: left, x2: left + 28, y1: ly - 4, y2: ly - 4, stroke: '#0b5cad', 'stroke-width': 3 }),
    s('text', { x: left + 34, y: ly, fill: '#1b1f24' }, policyLabel(0)),
    s('line', { x1: left, x2: left + 28, y1: ly + 14, y2: ly + 14, stroke: '#6a3d9a', 'stroke-width': 3, 'stroke-dasharray': '8 5' }),
    s('text', { x: left + 34, y: ly + 18, fill: '#1b1f24' }, policyLabel(1)),
    s('line', { x1: left, x2: left + 28, y1: ly + 32, y2: ly + 32, stroke: '#8a1111', 'stroke-width': 2, 'stroke-dasharray': '2 4' }),
    s('text', { x: left + 34, y: ly + 36, fill: '#1b1f24' }, t('legend_trajectory')),
    s('text', { x: 2, y: 14, fill: '#1b1f24' }, t('unit_t')),
  );
  return svg;
}

export function startPolicy(narrow) {
  pol.narrow = narrow;
  narrow.addEventListener('change', renderPolicy);
}
