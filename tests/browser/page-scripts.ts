/**
 * Functions run inside the page, shared by the Chromium (playwright-core) and Firefox (puppeteer-core)
 * harnesses: each is self-contained, because both drivers send its source text to the page.
 */

/** All records of one IndexedDB table, read with the raw API (not through the app); Blobs described by size. */
export function readTableInPage(store: string): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('reframe');
    // Never create the database from a test: if it does not exist yet, there are no rows.
    open.onupgradeneeded = () => open.transaction?.abort();
    open.onerror = () => (open.error?.name === 'AbortError' ? resolve([]) : reject(open.error));
    open.onsuccess = () => {
      const database = open.result;
      if (!database.objectStoreNames.contains(store)) {
        database.close();
        return resolve([]);
      }
      const request = database.transaction(store).objectStore(store).getAll();
      request.onsuccess = () => {
        // Blobs cannot cross into Node: describe them by size.
        resolve(request.result.map((row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Blob ? { blobSize: v.size } : v]))));
        database.close();
      };
      request.onerror = () => reject(request.error);
    };
  });
}

/** What a seek in the lesson's `<video>` did: where it landed, how long it took, whether it then played. */
export interface SeekResult {
  target: number;
  /** currentTime once the seek ended ('seeked'), or where it stood when it timed out. */
  landed: number;
  /** Milliseconds from setting currentTime to 'seeked'; null if it never came. */
  seekMs: number | null;
  /** Milliseconds from play() until the clock had advanced 0.5 s past the landing point; null if it never did. */
  playMs: number | null;
  /** The media element's error, if any. */
  error: string | null;
  /** Where the media source came from ('blob' or 'http'). */
  scheme: string;
}

/** Seek the page's `<video>` to `target`, then play until 0.5 s further, and pause. Each step may take `timeoutMs`. */
export function seekAndPlayInPage({ target, timeoutMs }: { target: number; timeoutMs: number }): Promise<SeekResult> {
  const video = document.querySelector('video')!;
  const result: SeekResult = { target, landed: NaN, seekMs: null, playMs: null, error: null, scheme: new URL(video.currentSrc || video.src, location.href).protocol.replace(':', '') };
  const waitFor = (ready: () => boolean, events: string[]) =>
    new Promise<boolean>((resolve) => {
      if (ready()) return resolve(true);
      const check = () => {
        if (video.error || ready()) finish(!video.error);
      };
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        for (const e of [...events, 'error']) video.removeEventListener(e, check);
        resolve(ok);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      for (const e of [...events, 'error']) video.addEventListener(e, check);
    });
  return (async () => {
    video.pause();
    const started = performance.now();
    video.currentTime = target;
    if (await waitFor(() => !video.seeking && video.readyState >= 2, ['seeked', 'canplay', 'loadeddata'])) result.seekMs = performance.now() - started;
    result.landed = video.currentTime;
    const from = video.currentTime;
    const playing = performance.now();
    void video.play().catch(() => undefined);
    if (await waitFor(() => video.currentTime > from + 0.5, ['timeupdate'])) result.playMs = performance.now() - playing;
    video.pause();
    result.error = video.error ? `${video.error.code} ${video.error.message}` : null;
    return result;
  })();
}
