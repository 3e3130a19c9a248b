/**
 * Run inside the app by the WebKit check (tests/webkit/webkit.test.ts) on an on-disk profile, where no
 * driver can reach the page: with ?webkit-check=<fixture> in the address it imports the fixture through
 * the app's own file input, plays it once stored (without a reload), reloads, then seeks the stored lesson's video and
 * plays it, waits for its analysis, and says what happened in the console; then it goes through the coach's
 * journey on the stored lesson (an entry logged by key while playing, a clip off the keyframe grid, a CSV
 * export, a fast clip export, the clip looping in meeting mode) and says what came of each. Downloads are
 * caught before the browser saves them; the exported clip is written to the console in base64 parts for
 * the test to probe. Without the parameter it does nothing.
 */
const fixture = new URLSearchParams(location.search).get('webkit-check');
const say = (what, detail) => console.info(`webkit-check ${what} ${JSON.stringify(detail)}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(find, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** The first row of a table, read straight from IndexedDB (the check stores one lesson). */
function firstRow(table) {
  return new Promise((resolve) => {
    const open = indexedDB.open('reframe');
    open.onerror = () => resolve(null);
    open.onsuccess = () => {
      const database = open.result;
      const request = database.transaction(table).objectStore(table).getAll();
      request.onsuccess = () => {
        database.close();
        resolve(request.result[0] ?? null);
      };
      request.onerror = () => resolve(null);
    };
  });
}

/** Every row of a table, read straight from IndexedDB. */
async function allRows(table) {
  const database = await new Promise((resolve, reject) => {
    const open = indexedDB.open('reframe');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => resolve(open.result);
  });
  try {
    return await new Promise((resolve, reject) => {
      const request = database.transaction(table).objectStore(table).getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    database.close();
  }
}

/** Poll `read` until `done(value)`, or fail after `timeoutMs`. */
async function poll(read, done, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${JSON.stringify(value)?.slice(0, 200)})`);
    await sleep(500);
  }
}

async function importFixture() {
  const input = await until(() => document.querySelector('[data-testid="import-input"]'), 20_000, 'the import input');
  const bytes = await (await fetch(`/webkit-check/${fixture}`)).blob();
  const files = new DataTransfer();
  files.items.add(new File([bytes], fixture, { type: 'video/mp4' }));
  input.files = files.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  // What the workbench says about playing the lesson while it is stored.
  const messages = [];
  const listen = new MutationObserver(() => {
    const text = document.querySelector('[data-testid="media-error"]')?.textContent;
    if (text && text !== messages.at(-1)) messages.push(text);
  });
  listen.observe(document.body, { subtree: true, childList: true, characterData: true });
  // The app opens the lesson while it is stored, so the stored record says when it is done.
  await poll(() => firstRow('lessons'), (lesson) => lesson?.status === 'ready', 120_000, 'the lesson to be stored');
  await navigator.serviceWorker.ready;
  // WebKit now and then fails to load the blob: URL of the chosen file in the import's hidden element; the
  // stored lesson is then judged again from the service worker's URL (up to 18 s for a file it cannot load).
  // Still unplayable after that, the test starts again.
  const { playability } = await poll(() => firstRow('lessons'), (lesson) => lesson.playability !== 'none', 25_000, 'the lesson judged again').catch(() => ({ playability: 'none' }));
  if (playability === 'none') return say('unplayable-at-import', { playability });
  // WebKit's IndexedDB now and then keeps a stored part wrong: as the whole Blob it was sliced from (the
  // service worker then measures more bytes than the lesson has; one import in about fifteen here, three in
  // four when the file was made from bytes in memory), or holding other bytes of the file from the second
  // part on, which the page reading the parts back right after storing did not see. Said, and the test
  // starts again. The check's file is made from a fetched Blob, as no driver chooses one here: the case in
  // which WebKit was seen keeping slices wrong; a file chosen from disk was not tried.
  const served = await fetch(`/lesson-media/${location.hash.split('/').pop()}`, { headers: { Range: 'bytes=0-0' }, cache: 'no-store' });
  const range = served.headers.get('Content-Range');
  if (range !== `bytes 0-0/${bytes.size}`) return say('parts-stored-wrong', { range, parts: (await allRows('videoChunks')).map((part) => part.blob.size) });
  const matches = await servedBytesMatch();
  if (matches.includes(false)) return say('parts-stored-wrong', { matches });
  // Without a reload, the workbench now plays the lesson: the chosen file where WebKit loaded its blob: URL
  // (now and then it does), else the stored copy from the service worker.
  const video = await until(() => {
    const found = document.querySelector('video');
    return found && found.readyState >= 2 && !found.error ? found : null;
  }, 20_000, 'the lesson playable in the workbench');
  listen.disconnect();
  video.muted = true;
  await video.play();
  await until(() => video.currentTime > 1, 20_000, 'the stored copy playing');
  video.pause();
  say('import-playback', { messages, source: video.currentSrc, error: video.error?.code ?? null, shown: document.querySelector('[data-testid="media-error"]')?.textContent ?? null });
  say('stored', { size: bytes.size, hash: location.hash });
  sessionStorage.setItem('webkit-check', 'reloaded');
  location.reload();
}

/**
 * Whether the service worker serves the stored lesson's bytes as they are in the file: a few ranges
 * (the start, across the first part boundary, the middle, the end) compared with the file on the server.
 */
async function servedBytesMatch() {
  const id = location.hash.split('/').pop();
  const size = Number((await fetch(`/lesson-media/${id}`, { headers: { Range: 'bytes=0-0' }, cache: 'no-store' })).headers.get('Content-Range')?.split('/')[1]);
  const PART = 32 * 1024 * 1024;
  const ranges = [[0, 65535], [PART - 32768, PART + 32767], [Math.floor(size / 2), Math.floor(size / 2) + 65535], [size - 65536, size - 1]];
  const read = async (url, [start, end]) => new Uint8Array(await (await fetch(url, { headers: { Range: `bytes=${start}-${end}` }, cache: 'no-store' })).arrayBuffer());
  const matches = [];
  for (const range of ranges) {
    const [served, file] = await Promise.all([read(`/lesson-media/${id}`, range), read(`/webkit-check/${fixture}`, range)]);
    matches.push(served.length === file.length && served.every((byte, i) => byte === file[i]));
  }
  return matches;
}

async function playStored() {
  const matches = await servedBytesMatch();
  say('served-bytes', { matches });
  const video = await until(() => {
    const found = document.querySelector('video');
    return found && (found.readyState >= 2 || found.error) ? found : null;
  }, 30_000, 'the stored lesson to load');
  const source = video.currentSrc;
  if (video.error) return say('result', { source, error: video.error.code, controlled: !!navigator.serviceWorker.controller });
  video.muted = true;
  const target = Math.min(1000, video.duration - 5);
  const started = performance.now();
  video.currentTime = target;
  await until(() => !video.seeking && Math.abs(video.currentTime - target) < 1, 20_000, 'the seek');
  const seekMs = Math.round(performance.now() - started);
  await video.play();
  await until(() => video.currentTime > target + 0.5, 20_000, 'playback after the seek');
  const landed = video.currentTime;
  video.pause();
  // The stored lesson's analysis (started again after the reload) runs to its end.
  const analysis = await poll(() => firstRow('analyses'), (row) => row && row.state !== 'running', 150_000, 'the analysis');
  say('result', { source, controlled: !!navigator.serviceWorker.controller, duration: video.duration, target, landed, seekMs, error: video.error?.code ?? null, analysis: { state: analysis.state, decoder: analysis.decoder, elapsedMs: Math.round(analysis.elapsedMs ?? 0) } });
  await journey();
}

/** Every download the app starts, caught before the browser saves it: { name, blob }. */
const downloads = [];
function catchDownloads() {
  const blobs = new Map();
  const createObjectURL = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (object) => {
    const url = createObjectURL(object);
    blobs.set(url, object);
    return url;
  };
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[download]') : null;
    if (!link || !blobs.has(link.href)) return;
    event.preventDefault();
    downloads.push({ name: link.download, blob: blobs.get(link.href) });
  }, true);
}

/** Press `key` as the coach would, with focus on the page (the app's shortcuts listen on the window). */
function press(key) {
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
}

const testId = (id) => document.querySelector(`[data-testid="${id}"]`);
const click = async (id, timeoutMs = 20_000) => (await until(() => testId(id), timeoutMs, id)).click();

/** Seek the open video to `time` and wait until it has landed. */
async function seek(time) {
  const video = document.querySelector('video');
  video.currentTime = time;
  await until(() => !video.seeking && Math.abs(video.currentTime - time) < 0.01, 20_000, `the seek to ${time} s`);
}

/** Wait for the download whose name ends with `suffix`. */
const download = (suffix, timeoutMs) => until(() => downloads.find((d) => d.name.endsWith(suffix)), timeoutMs, `a ${suffix} download`);

const CLIP = { start: 3.37, end: 7.81 };

/** The coach's journey on the stored lesson, after the reload. */
async function journey() {
  const rows = async (table) => (await allRows(table)) ?? [];
  let video = document.querySelector('video');
  // An entry logged by key while the lesson plays.
  await seek(20);
  press('k');
  await until(() => !video.paused && video.currentTime > 20.5, 20_000, 'playing from 20 s');
  const pressedAt = video.currentTime;
  press('q');
  const entry = (await poll(() => rows('entries'), (list) => list.some((e) => e.kind === 'teacher_question'), 10_000, 'the entry logged')).find((e) => e.kind === 'teacher_question');
  const playingAfterLog = !video.paused;
  press('k');
  await until(() => video.paused, 5_000, 'the pause');
  say('logged', { pressedAt, time: entry.time, playingAfterLog });

  // A clip from loop points off the keyframe grid (keyframes every 2 s, frames every 0.04 s).
  await seek(CLIP.start);
  press('[');
  await seek(CLIP.end);
  press(']');
  await click('clip-from-loop');
  const [clip] = await poll(() => rows('clips'), (list) => list.length === 1, 10_000, 'the clip stored');
  say('clip', { start: clip.start, end: clip.end });

  // The evidence as CSV, and the clip exported fast (stream copy), from the Lesson tab.
  await click('tab-lesson');
  let started = performance.now();
  await click('export-csv');
  const csv = await (await download('.csv', 20_000)).blob.text();
  say('csv', { ms: Math.round(performance.now() - started), text: csv.slice(0, 2000) });
  await click('export-mode-fast');
  const range = (await until(() => testId('fast-range'), 60_000, 'the fast-cut range')).textContent;
  started = performance.now();
  await click('export-clips');
  // WebKitGTK's worker now and then never finishes a stream copy on this 2-core machine (one CI run in several):
  // the coach would press Export again, and so does the check, saying what the panel showed.
  let exported = await download('.mp4', 90_000).catch(() => null);
  if (!exported) {
    say('fast-export-again', { job: testId('export-job')?.dataset.state ?? null, text: testId('export-job')?.textContent?.slice(0, 300) ?? null });
    await click('export-clips');
    exported = await download('.mp4', 120_000);
  }
  const exportMs = Math.round(performance.now() - started);
  const base64 = await new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.readAsDataURL(exported.blob);
  });
  const PART = 60_000;
  const parts = Math.ceil(base64.length / PART);
  for (let i = 0; i < parts; i++) say('clip-file-part', { i, parts, data: base64.slice(i * PART, (i + 1) * PART) });
  say('fast-export', { name: exported.name, size: exported.blob.size, range, ms: exportMs, job: testId('export-job')?.dataset.state ?? null });

  // The clip looping in meeting mode: the replay counter goes on past 1, and no frame shown lies outside the clip.
  await click('open-meeting');
  video = await until(() => {
    const found = document.querySelector('[data-testid="meeting-mode"] video');
    return found && found.readyState >= 2 && !found.seeking && Math.abs(found.currentTime - clip.start) < 0.01 ? found : null;
  }, 30_000, 'the clip loaded in meeting mode');
  const counter = testId('replay-counter');
  const times = [];
  const frames = [];
  const counts = [];
  let watching = true;
  const follow = (_, meta) => {
    frames.push(meta.mediaTime);
    if (watching) video.requestVideoFrameCallback(follow);
  };
  if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(follow);
  const onTime = () => times.push(video.currentTime);
  video.addEventListener('timeupdate', onTime);
  const observer = new MutationObserver(() => {
    const replays = Number(counter.dataset.replays);
    if (replays !== counts.at(-1)) counts.push(replays);
  });
  observer.observe(counter, { attributes: true, attributeFilter: ['data-replays'] });
  const before = Number(counter.dataset.replays);
  // A click from a script is no gesture of the user's, and WebKit lets only muted video play without one.
  video.muted = true;
  started = performance.now();
  await click('meeting-play');
  let timedOut = false;
  await until(() => Number(counter.dataset.replays) >= 3, 60_000, 'three replays').catch(() => (timedOut = true));
  const loopMs = Math.round(performance.now() - started);
  watching = false;
  observer.disconnect();
  video.removeEventListener('timeupdate', onTime);
  if (!video.paused) await click('meeting-play');
  // Each pass is stored as it is counted (a write that may land just after the counter moves).
  const stored = (await poll(() => rows('clips'), (list) => list[0]?.replayCount >= counts.at(-1), 5_000, 'the passes stored').catch(() => rows('clips')))[0];
  say('meeting-loop', { before, counts, timedOut, loopMs, first: Math.min(...times, ...frames), last: Math.max(...times), firstFrame: Math.min(...frames), lastFrame: Math.max(...frames), samples: times.length, frames: frames.length, storedReplays: stored?.replayCount ?? null, error: video.error?.code ?? null });
  say('journey-done', {});
}

if (fixture) {
  if (sessionStorage.getItem('webkit-check') === 'reloaded') catchDownloads();
  (sessionStorage.getItem('webkit-check') === 'reloaded' ? playStored() : importFixture()).catch((error) => say('failed', { error: String(error), text: document.body.innerText.slice(0, 400) }));
}
