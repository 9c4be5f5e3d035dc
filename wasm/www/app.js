// The web calculator's entry: loads the package (WebAssembly, from this site),
// sets the page's language, wires the tabs. Each tab is its own module
// (fleet.js, policy.js, datacentre.js with ghg.js); shared helpers: i18n.js (strings and
// the page's language), format.js (numbers), dom.js (elements, errors, notes),
// core.js (the package's modules). Every figure shown comes from the package,
// its exact value in data-value (used by the tests).
import { LANGS, ui, t } from './i18n.js';
import { $ } from './dom.js';
import { empreinte, loadCore } from './core.js';
import { startFleet, relabelFleet } from './fleet.js';
import { openPolicy, relabelPolicy, startPolicy } from './policy.js';
import { openDc, relabelDc } from './datacentre.js';
import { openGhg, relabelGhg } from './ghg.js';

/** A phone or a narrow (or zoomed) window: the layout stacks (style.css uses the same width). */
const NARROW = window.matchMedia('(max-width: 40rem)');
const TABS = ['fleet', 'policy', 'dc'];

function pickLang() {
  const asked = new URLSearchParams(location.search).get('lang');
  if (LANGS.includes(asked)) return asked;
  const nav = (navigator.language || '').slice(0, 2);
  return LANGS.includes(nav) ? nav : 'fr';
}

function applyLang(lang, push) {
  ui.lang = lang;
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
  if (document.body.dataset.ready === 'true') {
    relabelFleet();
    relabelPolicy();
    relabelDc();
    relabelGhg();
  }
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
  if (name === 'dc') await Promise.all([openDc(), openGhg()]);
}

/** The WAI-ARIA tabs pattern: arrows, Home and End move between tabs (and select them). */
function tabKeys(ev) {
  const i = TABS.indexOf(ev.currentTarget.dataset.tab);
  const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: TABS.length - 1 }[ev.key];
  if (next === undefined) return;
  ev.preventDefault();
  selectTab(TABS[(next + TABS.length) % TABS.length], true);
}

async function start() {
  applyLang(pickLang(), false);
  $('status').textContent = t('loading');
  await loadCore();
  const country = $('country');
  startFleet(NARROW);
  $('dc-zone').replaceChildren(...[...country.options].map((o) => o.cloneNode(true)));
  $('dc-zone').value = country.value;
  startPolicy(NARROW);
  $('version').textContent = `empreinte ${empreinte.version()}`;
  for (const a of document.querySelectorAll('.langs a')) {
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      applyLang(a.dataset.lang, true);
    });
  }
  for (const tab of TABS) {
    $(`tab-${tab}`).addEventListener('click', () => selectTab(tab));
    $(`tab-${tab}`).addEventListener('keydown', tabKeys);
  }
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
