/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The responder app's service worker (SvelteKit registers it for the whole site):
 * - the app shell (this build's scripts and styles, the icons, the manifest) is precached, so
 *   `/app` opens without a network: the last `/app` page and the last open-alerts answer
 *   (`/api/alerts`) are kept, and served, marked, when the server cannot be reached;
 * - a Web Push message from the notifier becomes a notification with an "acknowledge" action that
 *   opens the acknowledge link's confirm page (a click never acknowledges by itself);
 * - what is kept for one signed-in person (the page and the alerts) is dropped at every login and
 *   logout, so the next person on a shared phone never sees it.
 * Everything else goes to the network untouched: the wall, the console and Socket.IO work as before.
 */
import { build, files, version } from '$service-worker';
import { APP_PATH, clickTarget, notificationOptions, readPushPayload } from '$lib/pwa/notification';
import { chooseClickWindow } from '$lib/pwa/click-window';

const sw = self as unknown as ServiceWorkerGlobalScope;

const SHELL_CACHE = `pantau-shell-${version}`;
/** One signed-in person's responses; never shared across people (dropped at login and logout). */
const PERSON_CACHE = 'pantau-person';
/** The one API answer kept for offline use: the open alerts the app shows. */
const ALERTS_KEY = '/api/alerts?state=open';
/** Requests that change who is signed in. */
const SESSION_CHANGES = new Set(['/login', '/logout', '/api/auth/login']);
const LOGOUT_PATH = '/logout';
/** Logging out never waits longer than this for the push subscription to be released. */
const RELEASE_PUSH_MS = 3_000;
/** Marks a response served from the cache because the network failed; the app shows its offline banner. */
const OFFLINE_HEADER = 'x-pantau-offline';

/**
 * The latest drop of the person cache, and how many there were: an answer fetched before a login or
 * logout is not kept after it (it belongs to the person before).
 */
let clearing: Promise<void> = Promise.resolve();
let sessionChanges = 0;

/** Keeps `response` under `key` unless the signed-in person changed since `asOf` (a sessionChanges value). */
async function keepForPerson(key: string, response: Response, asOf: number): Promise<void> {
  await clearing;
  if (asOf !== sessionChanges) return;
  await (await caches.open(PERSON_CACHE)).put(key, response);
}

const SHELL = [...build, ...files.filter((f) => f.startsWith('/icons/') || f === '/manifest.webmanifest')];
const SHELL_PATHS = new Set(SHELL);

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => sw.skipWaiting())
  );
});

sw.addEventListener('activate', (event) => {
  // Older builds' shells go; the person's cache stays (same person, new release).
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('pantau-shell-') && k !== SHELL_CACHE).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim())
  );
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (request.method === 'POST' && SESSION_CHANGES.has(url.pathname)) {
    sessionChanges++;
    clearing = caches.delete(PERSON_CACHE).then(() => undefined);
    event.waitUntil(clearing);
    if (url.pathname === LOGOUT_PATH) event.respondWith(releasePushThenLogOut(request));
    return;
  }
  if (request.method !== 'GET') return;
  if (SHELL_PATHS.has(url.pathname)) event.respondWith(cacheFirst(request));
  else if (request.mode === 'navigate' && url.pathname === APP_PATH) event.respondWith(networkFirst(request, APP_PATH, offlinePage));
  else if (url.pathname === '/api/alerts' && `${url.pathname}${url.search}` === ALERTS_KEY) event.respondWith(networkFirst(request, ALERTS_KEY, offlineJson));
});

/**
 * The app asks for what it needs offline when its page did not come through this worker (the first
 * visit, or a navigation that raced the worker's activation and so is not controlled): `keep-app`
 * keeps the page and the alerts, `keep-alerts` refreshes the alerts.
 */
sw.addEventListener('message', (event) => {
  const type = (event.data as { type?: unknown } | null)?.type;
  if (type === 'keep-app') event.waitUntil(Promise.all([keepFetched(APP_PATH), keepFetched(ALERTS_KEY)]));
  else if (type === 'keep-alerts') event.waitUntil(keepFetched(ALERTS_KEY));
});

/**
 * A shared phone: the person logging out must stop receiving alerts on it, and the next person must
 * not get theirs (nor their acknowledge links). While the session still holds, the server drops this
 * browser's subscription from the person's channels, then the browser forgets it; then the logout
 * itself goes through. Neither step may keep someone from logging out: both are bounded and best effort.
 */
async function releasePushThenLogOut(request: Request): Promise<Response> {
  const release = (async () => {
    const subscription = await sw.registration.pushManager.getSubscription();
    if (!subscription) return;
    await fetch('/api/push/subscribe', {
      method: 'DELETE',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ endpoint: subscription.endpoint })
    }).catch(() => undefined);
    await subscription.unsubscribe().catch(() => false);
  })();
  await Promise.race([release.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, RELEASE_PUSH_MS))]);
  return fetch(request);
}

async function keepFetched(key: string): Promise<void> {
  const asOf = sessionChanges;
  try {
    const response = await fetch(key, { credentials: 'same-origin' });
    if (response.status === 200 && !response.redirected) await keepForPerson(key, response, asOf);
  } catch {
    // Offline already: the next online visit keeps it.
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const cached = await caches.match(request, { cacheName: SHELL_CACHE });
  return cached ?? fetch(request);
}

/**
 * The network when it answers (and keep a good answer), else the last kept answer marked offline.
 * Only plain 200s are kept: a redirect to /login (the session ended) must not become the offline page.
 */
async function networkFirst(request: Request, key: string, fallback: () => Response): Promise<Response> {
  const asOf = sessionChanges;
  try {
    const response = await fetch(request);
    if (response.status === 200 && response.type === 'basic' && !response.redirected) await keepForPerson(key, response.clone(), asOf);
    return response;
  } catch {
    const cached = await caches.match(key, { cacheName: PERSON_CACHE });
    if (!cached) return fallback();
    const headers = new Headers(cached.headers);
    headers.set(OFFLINE_HEADER, '1');
    return new Response(cached.body, { status: cached.status, statusText: cached.statusText, headers });
  }
}

/** When the app was never opened online on this phone: a plain page that says so, in both languages. */
function offlinePage(): Response {
  const html = `<!doctype html><html lang="id"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pantau · Offline</title><body style="background:#070b14;color:#eef3fc;font:20px/1.5 system-ui,sans-serif;padding:1.5rem">
<h1 data-testid="offline-banner">Tidak ada sambungan · Offline</h1>
<p>Pantau tidak dapat menghubungi server. Buka aplikasi sekali saat online agar peringatan tersimpan di ponsel ini.</p>
<p lang="en">Pantau cannot reach the server. Open the app once while online so the alerts are kept on this phone.</p></body></html>`;
  return new Response(html, {
    status: 503,
    headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", [OFFLINE_HEADER]: '1' }
  });
}

function offlineJson(): Response {
  return Response.json({ ok: false, offline: true, alerts: [] }, { status: 503, headers: { [OFFLINE_HEADER]: '1' } });
}

function readData(data: PushMessageData | null): unknown {
  try {
    return data?.json();
  } catch {
    return data?.text() ?? '';
  }
}

sw.addEventListener('push', (event) => {
  const payload = readPushPayload(readData(event.data), sw.location.origin);
  event.waitUntil(sw.registration.showNotification(payload.title, notificationOptions(payload)));
});

sw.addEventListener('notificationclick', (event) => {
  const target = clickTarget(event.action, event.notification.data, sw.location.origin);
  event.notification.close();
  event.waitUntil(focusOrOpen(target));
});

async function focusOrOpen(target: string): Promise<void> {
  const windows = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
  // Reuse the responder app's own window (a phone keeps one), never a wall or console tab; else open one.
  const choice = chooseClickWindow(windows.map((w) => w.url), target);
  if (choice !== 'open' && 'focus' in choice) {
    await windows[choice.focus].focus();
    return;
  }
  if (choice !== 'open') {
    const moved = await windows[choice.navigate].navigate(target).catch(() => null);
    if (moved) {
      await moved.focus();
      return;
    }
  }
  await sw.clients.openWindow(target);
}
