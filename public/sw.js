// Floe's service worker: after one visit the app opens and runs boards with
// the network off.
//
// * Install: fetch index.html fresh, cache it and every asset it references
//   (Trunk names them by content hash) plus the manifest and icons.
// * Pages (navigations): network first, so a new version is picked up on
//   the next load; the cached shell when the network is off.
// * The app's own assets (Trunk's hashed files, the manifest, the icons):
//   cache first (a hashed name never changes its content), filled from the
//   network on a miss. A new shell is adopted only after every asset it
//   references is cached; then the hashed files it no longer uses are
//   dropped. Every other request (a custom node loaded from a URL, say)
//   goes to the network untouched, so it is never served stale.
// * A new worker takes over at once but never reloads a page: an open session
//   keeps running the code it loaded, and old assets stay cached until the
//   new shell is complete.
const CACHE = "floe-shell";
const EXTRAS = ["manifest.webmanifest", "icons/floe-192.png", "icons/floe-512.png"];
// Trunk names files by a 64-bit hash in hex, without leading zeros.
const HASHED = /-[0-9a-f]{8,16}(_bg|_loader)?\.(js|wasm|css)$/;

function isAppAsset(url) {
  const scope = new URL(self.registration.scope);
  return HASHED.test(url.pathname) || EXTRAS.some((e) => new URL(e, scope).pathname === url.pathname);
}

async function dropUnused(cache, html, shell) {
  const keep = new Set(assetsOf(html).map((u) => new URL(u, shell).href));
  for (const request of await cache.keys()) {
    const url = new URL(request.url);
    if (HASHED.test(url.pathname) && !keep.has(url.href)) await cache.delete(request);
  }
}

// A new shell replaces the cached one only once every asset it needs is
// cached (all or nothing); then the assets it no longer uses are dropped.
// An interrupted update leaves the cached app exactly as it was.
async function adopt(cache, html, response, shell) {
  try {
    const urls = [...new Set(assetsOf(html).map((u) => new URL(u, shell).href))];
    const missing = [];
    for (const u of urls) if (!(await cache.match(u))) missing.push(u);
    await cache.addAll(missing);
    await cache.put(shell, response);
    await dropUnused(cache, html, shell);
  } catch (interrupted) {
    // Keep what works offline; the next visit tries again.
  }
}

function assetsOf(html) {
  const found = new Set();
  for (const m of html.matchAll(/(?:href|src)\s*=\s*["']([^"'#?]+)["']/g)) {
    const url = m[1];
    if (/^(https?:)?\/\//.test(url) || url.startsWith("data:")) continue;
    if (/\.(js|wasm|css|png|svg|webmanifest|json)$/.test(url)) found.add(url);
  }
  return [...found];
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const shell = new URL("./", self.registration.scope).href;
    const response = await fetch(shell, { cache: "reload" });
    if (!response.ok) throw new Error(`cannot fetch the app shell: HTTP ${response.status}`);
    const html = await response.clone().text();
    // Unique absolute URLs (addAll refuses duplicates).
    const urls = [...new Set([...assetsOf(html), ...EXTRAS].map((u) => new URL(u, shell).href))];
    await cache.addAll(urls);
    await cache.put(shell, response);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith((async () => {
      const cache = await caches.open(CACHE);
      const shell = new URL("./", self.registration.scope).href;
      try {
        const fresh = await fetch(request);
        if (fresh.ok && url.pathname === new URL(shell).pathname) {
          event.waitUntil(adopt(cache, await fresh.clone().text(), fresh.clone(), shell));
        }
        return fresh;
      } catch (offline) {
        const cached = await cache.match(shell);
        if (cached) return cached;
        throw offline;
      }
    })());
    return;
  }
  if (!isAppAsset(url)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const cached = await cache.match(request);
    if (cached) return cached;
    const fresh = await fetch(request);
    if (fresh.ok) await cache.put(request, fresh.clone());
    return fresh;
  })());
});
