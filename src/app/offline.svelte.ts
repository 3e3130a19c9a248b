/// <reference types="vite-plugin-pwa/vanillajs" />
/**
 * The installed, offline app: registers the service worker (workers/service-worker.ts), caches
 * ffmpeg.wasm's core and the face detector's files once the worker is in control (with progress),
 * offers the browser's install prompt, and holds a new version back until the coach agrees and
 * nothing is under way.
 */
import { registerSW } from 'virtual:pwa-register';
import { ffmpegLoadOptions } from '../jobs/ffmpeg-core';
import { offlineDetectorURLs } from '../jobs/face-detector';
import { FACE_DETECTOR_CACHE, FFMPEG_CORE_CACHE } from '../core/hosting';

/**
 * `off`: development server, nothing cached; `unsupported`: this browser or address cannot run a
 * service worker (plain http:// to another computer); `preparing`: caching; `ready`: works offline.
 */
export type OfflineState = 'off' | 'unsupported' | 'preparing' | 'ready' | 'failed';

/** Chromium's install prompt event (not in TypeScript's DOM types). */
interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

/** What the installed app is opened with (Chromium's Launch Handler API, not in TypeScript's DOM types). */
interface LaunchQueue {
  setConsumer(consumer: (params: { files: readonly FileSystemFileHandle[] }) => void): void;
}

export class OfflineApp {
  /** Whether the app works with the network off. */
  state = $state<OfflineState>('off');
  /** Bytes of ffmpeg.wasm's core and the face detector's files cached so far, and their size (0 while unknown). */
  cachedBytes = $state(0);
  totalBytes = $state(0);
  /** A new version is installed and waits for a reload. */
  updateReady = $state(false);
  /** The browser offers to install the app (Chromium's `beforeinstallprompt`). */
  canInstall = $state(false);
  /** Running as an installed app, or installed from this page. */
  installed = $state(false);

  #busy: () => boolean;
  #update: ((reload?: boolean) => Promise<void>) | null = null;
  #installPrompt: InstallPromptEvent | null = null;
  #reloading = false;

  /** `busy` says whether an import, analysis or export is under way (no reload then). */
  constructor(busy: () => boolean) {
    this.#busy = busy;
  }

  /** An import, analysis or export is under way: a new version must wait. */
  get busy(): boolean {
    return this.#busy();
  }

  /** Register the service worker and listen for the install prompt; returns the clean-up. */
  start(): () => void {
    const onPrompt = (event: Event) => {
      // Keep the browser's own mini-bar away: the library shows an Install button instead.
      event.preventDefault();
      this.#installPrompt = event as InstallPromptEvent;
      this.canInstall = true;
    };
    const onInstalled = () => {
      this.installed = true;
      this.canInstall = false;
      this.#installPrompt = null;
    };
    window.addEventListener('beforeinstallprompt', onPrompt);
    window.addEventListener('appinstalled', onInstalled);
    this.installed = window.matchMedia?.('(display-mode: standalone)').matches ?? false;
    if (import.meta.env.DEV) return () => undefined;
    let stopWatching = () => undefined as void;
    if (!('serviceWorker' in navigator) || !window.isSecureContext || !('caches' in window)) {
      this.state = 'unsupported';
    } else {
      stopWatching = this.#followNewVersions();
      this.state = 'preparing';
      this.#update = registerSW({
        immediate: true,
        onNeedRefresh: () => (this.updateReady = true),
        // The reload is ours (below): the library's reloads only a page that was controlled when it opened.
        onNeedReload: () => undefined,
        onRegisteredSW: () => {
          this.#cacheLargeFiles().catch((error: unknown) => {
            console.error('Caching the app for offline use failed', error);
            this.state = 'failed';
          });
        },
        onRegisterError: (error: unknown) => {
          // Offline, registering again can fail to fetch the worker's script while the installed one runs.
          void navigator.serviceWorker.getRegistration().then((registration) => {
            if (registration?.active) return this.#cacheLargeFiles();
            console.error('The service worker could not be registered', error);
            this.state = 'failed';
          }).catch(() => (this.state = 'failed'));
        },
      });
    }
    return () => {
      stopWatching();
      window.removeEventListener('beforeinstallprompt', onPrompt);
      window.removeEventListener('appinstalled', onInstalled);
    };
  }

  /**
   * A new version taking over this page reloads it: when the coach asked here, or in another window
   * while nothing is under way here (otherwise this one says a new version is ready). The first install
   * taking over the page on the first visit is not a new version.
   */
  #followNewVersions(): () => void {
    const container = navigator.serviceWorker;
    let controlled = container.controller !== null;
    const onControllerChange = () => {
      if (!controlled) {
        controlled = true;
        return;
      }
      if (this.#reloading || !this.busy) window.location.reload();
      else this.updateReady = true;
    };
    container.addEventListener('controllerchange', onControllerChange);
    return () => container.removeEventListener('controllerchange', onControllerChange);
  }

  /** Start the new version (the page reloads); refused while an import, analysis or export runs. */
  async reload(): Promise<boolean> {
    if (!this.updateReady || this.busy || !this.#update) return false;
    this.#reloading = true;
    await this.#update(true);
    return true;
  }

  /**
   * Video files opened with the installed app from the operating system (the manifest's
   * `file_handlers`) go to `take`, as if dropped on the library.
   */
  receiveOpenedFiles(take: (files: File[]) => void): void {
    const queue = (window as unknown as { launchQueue?: LaunchQueue }).launchQueue;
    queue?.setConsumer((params) => {
      Promise.all(params.files.map((handle) => handle.getFile()))
        .then((files) => files.length > 0 && take(files))
        .catch((error: unknown) => console.error('A file opened with Reframe could not be read', error));
    });
  }

  /** Show the browser's install dialog; resolves whether the coach installed the app. */
  async install(): Promise<boolean> {
    const prompt = this.#installPrompt;
    if (!prompt) return false;
    this.#installPrompt = null;
    this.canInstall = false;
    await prompt.prompt();
    const { outcome } = await prompt.userChoice;
    if (outcome === 'accepted') this.installed = true;
    return outcome === 'accepted';
  }

  /**
   * The app shell is cached when the service worker installs; ffmpeg.wasm's core (about 30 MB), then the
   * face detector's weights and TensorFlow.js's WebAssembly (about 6 MB, issue 24) only now, so they never
   * hold up the first load. Fetched through the worker, which stores each as it passes; ready once all are stored.
   */
  async #cacheLargeFiles(): Promise<void> {
    const container = navigator.serviceWorker;
    await container.ready;
    const absolute = (url: string) => new URL(url, window.location.href).href;
    const files = [
      { url: absolute(ffmpegLoadOptions.wasmURL), cacheName: FFMPEG_CORE_CACHE },
      ...offlineDetectorURLs.map((url) => ({ url: absolute(url), cacheName: FACE_DETECTOR_CACHE })),
    ];
    const stored = await Promise.all(files.map(async (file) => (await caches.open(file.cacheName)).match(file.url)));
    const missing = files.filter((_, i) => !stored[i]);
    if (missing.length === 0) {
      this.state = 'ready';
      return;
    }
    // The first install takes over this page (clientsClaim); a page opened with a hard reload is
    // never controlled, so it stores the files itself.
    const controlled = container.controller !== null || (await Promise.race([
      new Promise<boolean>((resolve) => container.addEventListener('controllerchange', () => resolve(true), { once: true })),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000)),
    ]));
    // Every size first, so the progress counts all the files from the start (a host may not say one: it is added when its download starts).
    const sizes = await Promise.all(missing.map((file) => fetch(file.url, { method: 'HEAD' }).then((response) => (response.ok ? Number(response.headers.get('Content-Length')) || 0 : 0), () => 0)));
    this.totalBytes = sizes.reduce((sum, size) => sum + size, 0);
    for (const [i, file] of missing.entries()) await this.#cacheFile(file.url, await caches.open(file.cacheName), controlled, sizes[i] === 0);
    this.state = 'ready';
  }

  /** Download one file, counting its bytes, and wait until it is in `cache` (stored here when no worker controls the page). */
  async #cacheFile(url: string, cache: Cache, controlled: boolean, sizeUnknown: boolean): Promise<void> {
    const name = new URL(url).pathname.replace(/^.*\//, '');
    const response = await fetch(url);
    if (!response.ok || !response.body) throw new Error(`${name}: HTTP ${response.status}`);
    if (sizeUnknown) this.totalBytes += Number(response.headers.get('Content-Length')) || 0;
    const reader = response.body.getReader();
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      this.cachedBytes += value.byteLength;
      if (!controlled) chunks.push(value);
    }
    if (!controlled) await cache.put(url, new Response(new Blob(chunks), { status: 200, headers: response.headers }));
    // The worker's copy lands a moment after the page has read the last byte.
    const deadline = Date.now() + 30_000;
    while (!(await cache.match(url))) {
      if (Date.now() > deadline) throw new Error(`${name}: not in the cache after download`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
