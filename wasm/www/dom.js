// DOM helpers shared by the tabs: elements, number cells, downloads, errors
// shown at the field or in the tab's alert box, notes in the page's language.
import { t, noteText, STRINGS, ui } from './i18n.js';
import { formatNumber, formatCount } from './format.js';

export const $ = (id) => document.getElementById(id);

/** An element with its attributes (`text`: its text) and children. */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

/** An SVG element with its attributes and, when given, its text. */
export function svgEl(tag, attrs = {}, text) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A table cell with the number as the page writes it and its exact value in data-value (for the tests). */
export function numCell(v, tag = 'td', digits = 0) {
  return el(tag, { class: 'num', 'data-value': v === null || v === undefined ? '' : String(v), text: digits === 'count' ? formatCount(v) : formatNumber(v, digits) });
}

/** A header row of `labels`: the first column left-aligned, the others numbers. */
export function headRow(labels, numFrom = 1) {
  return el('thead', {}, el('tr', {}, ...labels.map((h, i) => el('th', { scope: 'col', class: i >= numFrom ? 'num' : null, text: h }))));
}

/** Saves `text` as a file. */
export function download(text, filename) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = el('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** What the person can do, in their language: the code's hint and the "did you mean" of the package. */
export function errorHints(e, label = (s) => s) {
  const hints = [];
  if (e.suggestion) hints.push(t('hint_suggestion', { label: label(e), value: e.suggestion }));
  const hint = STRINGS[ui.lang][`hint_${e.code}`];
  if (hint && !(e.code === 'unknown_kind' && e.suggestion)) hints.push(hint);
  return hints;
}

/** The error's message in the page's language for a form field: what to do, with the field's own limits. */
export function fieldMessage(e, field) {
  const { min, max } = field;
  if (e.code === 'missing_value') return t('field_missing');
  if (e.code === 'out_of_range' || e.code === 'invalid_number' || e.code === 'not_finite') {
    if (min !== '' && max !== '' && min !== undefined && max !== undefined) return t('field_between', { min: formatNumber(Number(min), { max: 2 }), max: formatNumber(Number(max), { max: 2 }) });
    if (min !== '' && min !== undefined) return t('field_at_least', { min: formatNumber(Number(min), { max: 2 }) });
    return t('field_number');
  }
  return t('field_invalid');
}

/** Clears every field error inside `root`. */
export function clearFieldErrors(root) {
  for (const p of root.querySelectorAll('.field-error')) p.remove();
  for (const f of root.querySelectorAll('[aria-invalid]')) {
    f.removeAttribute('aria-invalid');
    const ids = (f.getAttribute('aria-describedby') ?? '').split(' ').filter((x) => x && x !== `${f.id}-error`);
    if (ids.length) f.setAttribute('aria-describedby', ids.join(' '));
    else f.removeAttribute('aria-describedby');
  }
}

/** Shows the error next to `field`: marked invalid, described by the message, focused and scrolled into view.
 * `label`: the label the visitor sees. */
export function showFieldError(field, e, label) {
  const id = `${field.id}-error`;
  const p = el('p', { id, class: 'field-error', 'data-code': e.code ?? '' },
    el('strong', { text: `${label}${ui.lang === 'fr' ? '\u00a0:' : ':'} ` }), fieldMessage(e, field));
  const after = field.closest('.slider') ?? field;
  after.after(p);
  field.setAttribute('aria-invalid', 'true');
  const ids = (field.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  if (!ids.includes(id)) field.setAttribute('aria-describedby', [...ids, id].join(' '));
  field.scrollIntoView({ block: 'center' });
  field.focus({ preventScroll: true });
}

/** An error that is not one field's (a file): in the tab's alert box, place, hints and the package's words. */
export function showErrorBox(box, e, { label } = {}) {
  const where = [e.line != null ? t('error_at', { line: e.line }) : null, e.column ? t('error_column', { column: e.column }) : null].filter(Boolean);
  box.replaceChildren(
    el('strong', { text: `${t('error')}${where.length ? ` (${where.join(', ')})` : ''}` }),
    ...errorHints(e, label).map((h) => el('p', { class: 'hint', text: h })),
    el('p', { class: 'detail' }, `${t('note_details')} `, el('span', { lang: 'en', 'data-code': e.code ?? '', text: e.message })),
  );
  box.hidden = false;
  box.scrollIntoView({ block: 'nearest' });
}

/** A notes card: each note in the page's language (by its code, or its `local` text) with the package's own words (English). */
export function renderNoteList(box, titleId, notes, help) {
  box.hidden = notes.length === 0;
  box.replaceChildren(...(notes.length ? [
    el('h3', { id: titleId, text: t('notes') }),
    ...(help ? [el('p', { class: 'help', text: help })] : []),
    el('ul', {}, ...notes.map((n) => {
      const local = n.local ?? noteText(n.code); // the page's own words for its own notes (example_data)
      return el('li', { 'data-code': n.code },
        ...(local ? [el('span', { text: local })] : []),
        ...(n.message ? [local ? ' — ' : '', el('span', { lang: 'en', class: 'detail', text: n.message })] : []));
    })),
  ] : []));
}

/** The rows of a report's section (`[]` when absent). */
export const sectionRows = (r, name) => r.sections.find((x) => x.name === name)?.rows ?? [];
/** A report's section CSV (as the package writes it; `excel`: its Excel dialect of French and Dutch). */
export const sectionCsv = (r, name, excel = false) => r?.sections.find((x) => x.name === name)?.[excel ? 'csv_excel' : 'csv'] ?? '';

/**
 * Wires the download button `id` and its twin `${id}-excel`: `file(excel)` gives `[text, name]` (nothing
 * when there is no result yet), the text as the package wrote it: `csv`, or `csv_excel` for Excel in
 * French or Dutch (`;`, decimal comma, byte order mark; the package's writer, no formatting here).
 */
export function onDownload(id, file) {
  for (const excel of [false, true]) {
    $(excel ? `${id}-excel` : id).addEventListener('click', () => {
      const got = file(excel);
      if (got) download(got[0], excel ? got[1].replace(/\.csv$/, '-excel.csv') : got[1]);
    });
  }
}
