// "How sure?" on the Fleet and Policy tabs: the package's Monte Carlo run
// (monteCarlo, compareMonteCarlo) said in the page's language, and a tornado
// of what drives the spread. Inputs are named from their stable key
// (`kind:<kind>:<what>`) by code, never from the package's English label.
import { t } from './i18n.js';
import { formatNumber as fmt, formatPercent } from './format.js';
import { el, svgEl } from './dom.js';
import { kindLabel } from './core.js';

/** Samples and seed of the calculator's runs: the same seed gives the command's numbers. */
export const RUN = { samples: 2000, seed: 1 };

/** What an input is (`embodied`, `energy`, `embodied_inventory`, `energy_inventory`) from its key. */
const what = (key) => key.split(':').slice(2).join('_');

/** An input as a person reads it, in the page's language: "Laptop, manufacturing footprint". */
export function inputLabel(key) {
  const kind = key.split(':')[1] ?? key;
  return t(`mc_input_${what(key)}`, { kind: kindLabel(kind) });
}

/** One sentence on the largest driver and what to measure to narrow it. */
export function driverSentence(d) {
  if (!d) return '';
  const advice = d.key.endsWith(':inventory') ? 'inventory' : d.key.includes(':energy') ? 'energy' : 'embodied';
  return t(`mc_driver_${advice}`, { pct: formatPercent(d.variance_share, 0), input: inputLabel(d.key) });
}

/** Horizontal bars of the drivers' variance shares, largest first (the first `limit`), each value
 * also written as text; `id` prefixes the title and description ids. */
export function tornado(drivers, id, limit = 6) {
  const s = svgEl;
  const data = drivers.slice(0, limit);
  const labelW = 300, barW = 320, valueW = 70, rowH = 26, top = 6;
  const width = labelW + barW + valueW, height = top + rowH * data.length + 6;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d`, 'font-size': '13', class: 'tornado' });
  svg.append(s('title', { id: `${id}-t` }, t('mc_tornado_title')), s('desc', { id: `${id}-d` }, t('mc_tornado_desc')));
  data.forEach((d, i) => {
    const y = top + i * rowH;
    const g = s('g', { 'data-key': d.key, 'data-share': String(d.variance_share) });
    g.append(
      s('text', { x: labelW - 8, y: y + 17, 'text-anchor': 'end', fill: '#1b1f24' }, inputLabel(d.key)),
      s('rect', { x: labelW, y: y + 5, width: Math.max(1, barW * d.variance_share), height: 16, fill: '#0b5cad' }),
      s('text', { x: labelW + barW * d.variance_share + 6, y: y + 17, fill: '#1b1f24' }, formatPercent(d.variance_share, 0)),
    );
    svg.append(g);
  });
  svg.append(s('line', { x1: labelW, x2: labelW, y1: 0, y2: height, stroke: '#4a5562' }));
  return svg;
}

/** The fleet's "How sure?" card from `monteCarlo`'s report. */
export function renderFleetUncertainty(mc) {
  const total = mc.total[0];
  const p = (stat) => total[`gwp_total_kgco2e_${stat}`];
  const range = el('p', { id: 'mc-sentence', 'data-p5': String(p('p5')), 'data-p95': String(p('p95')),
    text: t('mc_range', { p5: fmt(p('p5')), p95: fmt(p('p95')), p50: fmt(p('p50')), n: fmt(mc.monte_carlo.samples) }) });
  const driver = el('p', { id: 'mc-driver', text: driverSentence(mc.drivers[0]) });
  return [range, driver, el('div', { class: 'chart', id: 'mc-tornado' }, tornado(mc.drivers, 'mc-tornado'))];
}

/** The policies' "How sure?" card from `compareMonteCarlo`'s report: B against A. */
export function renderPolicyUncertainty(mc, labels) {
  const b = mc.rows[1];
  if (!b) return [];
  // The saving is minus the difference: its P5-P95 are the difference's P95-P5.
  const saving = -b.difference_kgco2e_mean, low = -b.difference_kgco2e_p95, high = -b.difference_kgco2e_p5;
  const key = saving >= 0 ? 'mc_policy_saves' : 'mc_policy_costs';
  const sentence = el('p', { id: 'policy-mc-sentence', 'data-probability': String(b.probability_below_first),
    text: t(key, { b: labels[1], a: labels[0], v: fmt(Math.abs(saving)), low: fmt(saving >= 0 ? low : -high), high: fmt(saving >= 0 ? high : -low),
      p: formatPercent(b.probability_below_first, 0), n: fmt(mc.monte_carlo.samples) }) });
  const drivers = mc.drivers.filter((d) => d.scenario === b.scenario);
  return [sentence, el('p', { id: 'policy-mc-driver', text: driverSentence(drivers[0]) }),
    el('div', { class: 'chart', id: 'policy-mc-tornado' }, tornado(drivers, 'policy-mc-tornado'))];
}
