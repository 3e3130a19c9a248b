/// <reference lib="webworker" />
/**
 * The service worker that lets Reframe start and work with the server gone and the network off.
 * The build lists the app shell, every worker script, the icons and the caption font
 * (`self.__WB_MANIFEST`), which are cached when the worker installs; ffmpeg.wasm's core and the face
 * detector's files are cached the first time they are asked for (the page asks once the worker is in
 * control, showing progress).
 * A new version waits until the coach reloads (the page sends SKIP_WAITING). It also serves stored
 * lessons' video on a same-origin URL, by byte ranges (workers/lesson-media-route.ts).
 */
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { clientsClaim, type WorkboxPlugin } from 'workbox-core';
import { FACE_DETECTOR_CACHE, FACE_DETECTOR_FILE, FFMPEG_CORE_CACHE, missingHostingHeaders } from '../src/core/hosting';
import { answerLessonMedia, isLessonMediaRequest } from './lesson-media-route';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> };

/**
 * A page or worker answered from the cache must still be cross-origin isolated and under the CSP:
 * a cached response keeps the headers its host sent, and gets them here where the host sent none.
 */
const hostingHeaders: WorkboxPlugin = {
  handlerWillRespond: async ({ response }) => {
    if (response.type === 'opaque' || response.status === 0) return response;
    const missing = missingHostingHeaders((name) => response.headers.has(name));
    if (missing.length === 0) return response;
    const headers = new Headers(response.headers);
    for (const [name, value] of missing) headers.set(name, value);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  },
};

/** A new build's core has a new hashed name: keep only the one just stored. */
const onlyNewestCore: WorkboxPlugin = {
  cacheDidUpdate: async ({ cacheName, request }) => {
    const cache = await caches.open(cacheName);
    for (const key of await cache.keys()) if (key.url !== request.url) await cache.delete(key);
  },
};

addPlugins([hostingHeaders]);
// Stored lessons' video, by byte ranges from IndexedDB (workers/lesson-media-route.ts); never cached.
registerRoute(({ url, request }) => isLessonMediaRequest(url, request, self.location.origin), ({ request }) => answerLessonMedia(request));
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// The app routes by the URL's hash: every page load is index.html.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));
/** A build's file name without its hash: `/assets/ssd_mobilenetv1_model-CwVKCpPc.bin` → `ssd_mobilenetv1_model.bin`. */
const stem = (url: string) => new URL(url).pathname.replace(/^.*\//, '').replace(/-[\w-]{8}(\.\w+)$/, '$1');

/** A new build's copy of a file has a new hashed name: drop the older copies of the same file. */
const onlyNewestOfEach: WorkboxPlugin = {
  cacheDidUpdate: async ({ cacheName, request }) => {
    const cache = await caches.open(cacheName);
    for (const key of await cache.keys()) if (key.url !== request.url && stem(key.url) === stem(request.url)) await cache.delete(key);
  },
};

// The face detector's weights and TensorFlow.js's WebAssembly (about 6 MB, issue 24), fetched by the page after
// ffmpeg's core at the first visit (src/app/offline.svelte.ts), apart from the core: that cache keeps one file only.
registerRoute(
  ({ url, request }) => url.origin === self.location.origin && request.method === 'GET' && FACE_DETECTOR_FILE.test(url.pathname),
  new CacheFirst({ cacheName: FACE_DETECTOR_CACHE, plugins: [hostingHeaders, onlyNewestOfEach] }),
);
registerRoute(
  ({ url, request }) => url.origin === self.location.origin && request.method === 'GET' && url.pathname.endsWith('.wasm'),
  new CacheFirst({ cacheName: FFMPEG_CORE_CACHE, plugins: [hostingHeaders, onlyNewestCore] }),
);

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// The first install takes over the open page at once, so its first visit already works offline.
clientsClaim();
