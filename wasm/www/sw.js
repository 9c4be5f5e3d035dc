// Offline use: the page and its assets are cached on first visit and served
// from the cache afterwards (then refreshed in the background when online).
// Only this site's own files are ever fetched.
// The planning module (empreinte_planning*, Policy and Data centre tabs) is not
// precached: it is cached by the fetch handler the first time a tab loads it.
const CACHE = 'empreinte-v7';
// The page's ES modules: app.js imports every other one (wasm/build.sh copies them all).
const MODULES = ['app.js', 'i18n.js', 'format.js', 'dom.js', 'core.js', 'fleet.js', 'policy.js', 'datacentre.js', 'ghg.js', 'uncertainty.js'];
const ASSETS = ['./', './index.html', './style.css', ...MODULES.map((m) => `./${m}`), './pkg/empreinte.js', './pkg/empreinte_bg.wasm'];

self.addEventListener('install', (ev) => {
  ev.waitUntil(caches.open(CACHE).then((c) => c.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (ev) => {
  ev.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (ev) => {
  const url = new URL(ev.request.url);
  if (ev.request.method !== 'GET' || url.origin !== self.location.origin) return;
  ev.respondWith(caches.open(CACHE).then(async (cache) => {
    const cached = await cache.match(ev.request, { ignoreSearch: true });
    const fresh = fetch(ev.request).then((res) => {
      if (res.ok) cache.put(ev.request, res.clone());
      return res;
    });
    if (cached) {
      fresh.catch(() => {});
      return cached;
    }
    return fresh;
  }));
});
