// The one number formatter of the calculator: numbers written as the reader's
// language writes them (fr-BE "6 718,5", nl-BE "6.718,5", en-GB "6,718.5").
// Formatting only: every number shown comes from the package.
import { ui, t } from './i18n.js';

/** The locale of each page language. English is en-GB: `en-BE` would group
 * thousands with "." and make 6,718 read as 6.718. */
export const LOCALES = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' };

const cache = new Map();

/** `v` in the page's language: `digits` decimals exactly (a number), or up to `{ max }` decimals;
 * null or undefined is "not available". */
export function formatNumber(v, digits = 0) {
  if (v === null || v === undefined || Number.isNaN(v)) return t('missing');
  const opts = typeof digits === 'number'
    ? { minimumFractionDigits: digits, maximumFractionDigits: digits }
    : { maximumFractionDigits: digits.max };
  const key = `${ui.lang}|${JSON.stringify(opts)}`;
  if (!cache.has(key)) cache.set(key, new Intl.NumberFormat(LOCALES[ui.lang] ?? ui.lang, opts));
  return cache.get(key).format(v);
}

/** A number of devices: whole counts without decimals, 2.5 shown as 2.5 (never rounded to a whole device). */
export const formatCount = (v) => formatNumber(v, { max: 2 });

/** A KPI value with the digits its unit needs (ratios and intensities are small numbers). */
export function formatUnit(v, unit) {
  const max = /per_kwh$|^ratio$/.test(unit) && unit !== 'gco2e_per_kwh' ? 4 : unit === 'gco2e_per_kwh' ? 1 : 0;
  return formatNumber(v, { max });
}

/** A share (0.25) as a percentage in the page's language ("25,0 %"), by Intl's percent style. */
export function formatPercent(v, digits = 1) {
  if (v === null || v === undefined || Number.isNaN(v)) return t('missing');
  return new Intl.NumberFormat(LOCALES[ui.lang] ?? ui.lang, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
}
