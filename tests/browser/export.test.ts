/** Exporting clips (fast and exact, captions, zip, cancel) and the evidence (CSV, WebVTT, record, project round trip). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Download } from 'playwright-core';
import { APP_URL, FIXTURES, importStored, openApp, readTable, until, type Session } from './harness';
import { probe } from './native-media';

const work = mkdtempSync(join(tmpdir(), 'reframe-export-'));

/** Grey pixels of the bottom third of the frame at `time` (native ffmpeg), for comparing captions. */
function bottomPixels(path: string, time: number): Uint8Array {
  return new Uint8Array(execFileSync('ffmpeg', ['-v', 'error', '-ss', String(time), '-i', path, '-frames:v', '1', '-vf', 'scale=320:180,crop=320:60:0:120,format=gray', '-f', 'rawvideo', '-']));
}

async function save(download: Download, name: string): Promise<string> {
  const path = join(work, name);
  await download.saveAs(path);
  return path;
}

describe('export', () => {
  let session: Session;
  const page = () => session.page;
  const seek = (t: number) => page().locator('video').evaluate((v: HTMLVideoElement, time) => (v.currentTime = time), t);

  async function exportClips(options: { mode: 'fast' | 'exact'; captions: string; only?: number }): Promise<Download> {
    const p = page();
    await p.getByTestId(options.mode === 'fast' ? 'export-mode-fast' : 'export-mode-exact').check();
    await p.getByTestId('export-captions').selectOption(options.captions);
    const rows = p.getByTestId('export-clip-row');
    for (let i = 0; i < (await rows.count()); i++) await rows.nth(i).locator('input[type="checkbox"]').setChecked(options.only === undefined || options.only === i);
    const [download] = await Promise.all([p.waitForEvent('download', { timeout: 120_000 }), p.getByTestId('export-clips').click()]);
    return download;
  }

  beforeAll(async () => {
    session = await openApp();
    const p = page();
    await importStored(p, 'lesson.mp4');
    await p.waitForSelector('[data-testid="analysis-status"][data-state="done"]', { timeout: 60_000 });
    await seek(5);
    await p.keyboard.press('s');
    await p.locator('[data-testid="entry"][data-kind="strength"] [data-testid="entry-note"]').fill('CAPTION TEXT FOR THE STRENGTH');
    // Leave the note field, so the next keys are shortcuts again.
    await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await seek(4);
    await p.keyboard.press('[');
    await seek(8);
    await p.keyboard.press(']');
    await p.getByTestId('clip-from-loop').click();
    await seek(12);
    await p.keyboard.press('[');
    await seek(15);
    await p.keyboard.press(']');
    await p.getByTestId('clip-from-loop').click();
    await until(async () => (await readTable(p, 'clips')).length === 2, 10_000, 'two clips');
    await p.getByTestId('tab-lesson').click();
  });
  afterAll(async () => session?.close());

  it('shows the real cut points of a fast clip before exporting, then exports it by stream copy', async () => {
    const p = page();
    await p.getByTestId('export-mode-fast').check();
    const shown = await p.getByTestId('fast-range').first().textContent();
    const [actualStart, actualEnd] = shown!.replace(' s', '').split('–').map(Number);
    // Keyframes every 2 s in the fixture: a cut asked for at 4.0 starts at the keyframe at 4.0 or before.
    expect(actualStart).toBeLessThanOrEqual(4);
    expect(actualEnd).toBeGreaterThanOrEqual(7.9);
    const path = await save(await exportClips({ mode: 'fast', captions: 'none', only: 0 }), 'fast.mp4');
    const info = probe(path);
    expect(info.kinds).toEqual(expect.arrayContaining(['video:h264', 'audio:aac']));
    expect(Math.abs(info.duration - (actualEnd - actualStart))).toBeLessThan(0.1);
  });

  it('exports an exact clip within one frame, and burns captions into the picture', async () => {
    const plain = probe(await save(await exportClips({ mode: 'exact', captions: 'none', only: 0 }), 'exact.mp4'));
    expect(plain.kinds).toEqual(expect.arrayContaining(['video:h264', 'audio:aac']));
    expect(Math.abs(plain.duration - 4)).toBeLessThanOrEqual(0.04 + 0.03);
    await save(await exportClips({ mode: 'exact', captions: 'burn', only: 0 }), 'burned.mp4');
    // The strength at 5 s is captioned from 1 s into the clip.
    const without = bottomPixels(join(work, 'exact.mp4'), 2);
    const withCaptions = bottomPixels(join(work, 'burned.mp4'), 2);
    let changed = 0;
    for (let i = 0; i < without.length; i++) if (Math.abs(without[i] - withCaptions[i]) > 40) changed++;
    expect(changed / without.length).toBeGreaterThan(0.02);
  });

  it('adds captions as a subtitle track', async () => {
    const info = probe(await save(await exportClips({ mode: 'fast', captions: 'soft', only: 0 }), 'soft.mp4'));
    expect(info.kinds).toContain('subtitle:mov_text');
  });

  it('exports a clip with no entries in it with captions on: the clip\'s title is its one caption', async () => {
    // The second clip (0:12-0:15) was made from loop points and holds no entry.
    for (const mode of ['fast', 'exact'] as const) {
      const path = await save(await exportClips({ mode, captions: 'soft', only: 1 }), `no-entries-${mode}.mp4`);
      const info = probe(path);
      expect(info.kinds).toEqual(expect.arrayContaining(['video:h264', 'audio:aac', 'subtitle:mov_text']));
      expect(info.duration).toBeGreaterThan(2.5);
      const captions = execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-map', '0:s:0', '-f', 'srt', '-']).toString();
      expect(captions).toMatch(/Clip 0:12/);
    }
    const p = page();
    expect(await p.getByTestId('export-job').getAttribute('data-state')).toBe('done');
    expect(await p.getByTestId('export-message').textContent()).toMatch(/^1 clip exported\.$/);
  });

  it('exports several clips as one zip', async () => {
    const download = await exportClips({ mode: 'fast', captions: 'none' });
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    const files = unzipSync(new Uint8Array(readFileSync(await save(download, 'clips.zip'))));
    const names = Object.keys(files);
    expect(names).toHaveLength(2);
    for (const name of names) {
      expect(name).toMatch(/^lesson_Clip-.+\.mp4$/);
      writeFileSync(join(work, name), files[name]);
      expect(probe(join(work, name)).kinds).toContain('video:h264');
    }
  });

  it('cancels an export and saves nothing', async () => {
    const p = page();
    const downloads: Download[] = [];
    p.on('download', (download) => downloads.push(download));
    await p.getByTestId('export-mode-exact').check();
    await p.getByTestId('export-captions').selectOption('burn');
    const rows = p.getByTestId('export-clip-row');
    for (let i = 0; i < (await rows.count()); i++) await rows.nth(i).locator('input[type="checkbox"]').setChecked(true);
    await p.getByTestId('export-clips').click();
    await p.getByTestId('export-cancel').click();
    await expect(p.getByTestId('export-message').textContent()).resolves.toMatch(/cancelled: nothing was saved/);
    expect(await p.getByTestId('export-job').evaluateAll((jobs) => jobs.map((j) => j.getAttribute('data-state')))).toEqual(['cancelled', 'cancelled']);
    // The next export works, and its file is the first download since the cancel: downloads arrive in order,
    // so a file saved by the cancelled export would have come before it.
    const after = await exportClips({ mode: 'fast', captions: 'none', only: 1 });
    expect(downloads).toEqual([after]);
    expect(after.suggestedFilename()).toMatch(/\.mp4$/);
    const info = probe(await save(after, 'after-cancel.mp4'));
    expect(info.kinds).toContain('video:h264');
  });

  it('exports the evidence as CSV, WebVTT and a printable meeting record', async () => {
    const p = page();
    const csv = readFileSync(await save((await Promise.all([p.waitForEvent('download'), p.getByTestId('export-csv').click()]))[0], 'evidence.csv'), 'utf8');
    const lines = csv.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^lesson,id,kind,lens,time_seconds,time,/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('00:00:05.000');
    expect(lines[1]).toContain('CAPTION TEXT FOR THE STRENGTH');
    const vtt = readFileSync(await save((await Promise.all([p.waitForEvent('download'), p.getByTestId('export-vtt').click()]))[0], 'evidence.vtt'), 'utf8');
    expect(vtt.startsWith('WEBVTT')).toBe(true);
    expect(vtt).toMatch(/00:00:05\.000 --> 00:00:09\.000/);
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('export-record').click()]);
    const html = readFileSync(await save(download, 'record.html'), 'utf8');
    expect(html).toContain('Meeting record: lesson');
    expect(html).toContain('CAPTION TEXT FOR THE STRENGTH');
  });

  it('exports the project, refuses a damaged or newer one without changing anything, and restores a good one', async () => {
    const p = page();
    const path = await save((await Promise.all([p.waitForEvent('download'), p.getByTestId('export-project').click()]))[0], 'lesson.reframe.json');
    const project = JSON.parse(readFileSync(path, 'utf8'));
    expect(project.annotations).toHaveLength(1);
    expect(project.clips).toHaveLength(2);
    // A newer version is refused, with a reason, and nothing changes.
    writeFileSync(join(work, 'newer.reframe.json'), JSON.stringify({ ...project, version: 99 }));
    await p.getByTestId('import-project').setInputFiles(join(work, 'newer.reframe.json'));
    await expect(p.getByTestId('import-project-errors').textContent()).resolves.toMatch(/newer version of Reframe/);
    await p.getByTestId('import-project-errors').getByRole('button', { name: 'OK' }).click();
    writeFileSync(join(work, 'broken.reframe.json'), readFileSync(path, 'utf8').slice(0, 200));
    await p.getByTestId('import-project').setInputFiles(join(work, 'broken.reframe.json'));
    await expect(p.getByTestId('import-project-errors').textContent()).resolves.toMatch(/JSON|not a/i);
    expect(await readTable(p, 'entries')).toHaveLength(1);
    // Delete the entry, then restore the project: it comes back exactly.
    const before = await readTable(p, 'entries');
    await p.getByTestId('tab-evidence').click();
    // The entry logged last is still open in its editor.
    if (!(await p.getByTestId('entry-delete').isVisible())) await p.locator('[data-testid="entry"] button.title').first().click();
    await p.getByTestId('entry-delete').click();
    await expect.poll(async () => (await readTable(p, 'entries')).length).toBe(0);
    await p.getByTestId('tab-lesson').click();
    await p.getByTestId('import-project').setInputFiles(path);
    await p.getByTestId('import-project-apply').click();
    await expect.poll(async () => (await readTable(p, 'entries')).length).toBe(1);
    // Restored records get ids of their own (the file's may still belong to another lesson); the rest is the file's.
    const withoutId = (rows: Record<string, unknown>[]) => rows.map(({ id: _, ...rest }) => rest);
    expect(withoutId(await readTable(p, 'entries'))).toEqual(withoutId(before));
    expect(await readTable(p, 'clips')).toHaveLength(2);
    expect(session.pageErrors).toEqual([]);
  });

  it('made no request beyond its own origin through import, analysis, logging, meeting and export', async () => {
    const p = page();
    // Meeting mode as well: play the first clip's loop for a moment.
    await p.getByTestId('open-meeting').click();
    await p.getByTestId('meeting-mode').waitFor();
    await p.getByTestId('meeting-play').click();
    // What playing the clip (0:04-0:08) requests has been requested once a second of it has played.
    await p.waitForFunction(() => { const v = document.querySelector('video'); return !!v && !v.paused && v.currentTime >= 5 && v.currentTime < 8; }, undefined, { timeout: 20_000 });
    const outside = session.requests.filter((url) => !url.startsWith(APP_URL) && !/^(blob|data):/.test(url));
    expect(outside).toEqual([]);
    expect(session.blocked).toEqual([]);
    // What a careless build would fetch from a CDN came from the app itself: ffmpeg's core and the caption font.
    expect(session.requests.filter((url) => url.endsWith('.wasm')).every((url) => url.startsWith(APP_URL))).toBe(true);
    expect(session.requests.some((url) => url.startsWith(APP_URL) && url.endsWith('.wasm'))).toBe(true);
    expect(session.requests.some((url) => url.startsWith(APP_URL) && url.endsWith('DejaVuSans.ttf'))).toBe(true);
    // The policy that makes the browser itself refuse anything else.
    const headers = (await fetch(APP_URL)).headers;
    const policy = headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/default-src 'self'/);
    expect(policy).toMatch(/connect-src 'self' blob: data:(;|$)/);
    expect(policy).not.toMatch(/https?:|\*/);
    expect(headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(session.pageErrors).toEqual([]);
  });
});

/** MD5 of every decoded video frame of a file, in order (native ffmpeg). */
function frameHashes(path: string): string[] {
  return execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-map', '0:v:0', '-f', 'framemd5', '-'], { maxBuffer: 64 * 1024 * 1024 })
    .toString().split('\n').filter((line) => line && !line.startsWith('#')).map((line) => line.split(',').at(-1)!.trim());
}

describe('export: a lesson with a keyframe every 25 s, clips without entries, the record, failures', () => {
  let session: Session;
  const LESSON = 'export-keyframes-25s';
  /** The fixture's frame duration (25 fps), seconds. */
  const FRAME = 0.04;
  const NOTE = 'Waits in silence till the class discussion starts on its own';
  const page = () => session.page;
  const seek = (t: number) => page().locator('video').evaluate((v: HTMLVideoElement, time) => (v.currentTime = time), t);
  /** ffmpeg.wasm's core, and whether its requests fail (the route is set once, before any worker runs: changing routes later waits on every worker). */
  const CORE = /ffmpeg-core[^/]*\.wasm$/;
  let blockCore = false;

  async function exportOne(mode: 'fast' | 'exact', only: number): Promise<Download> {
    const p = page();
    await p.getByTestId(mode === 'fast' ? 'export-mode-fast' : 'export-mode-exact').check();
    await p.getByTestId('export-captions').selectOption('none');
    const rows = p.getByTestId('export-clip-row');
    for (let i = 0; i < (await rows.count()); i++) await rows.nth(i).locator('input[type="checkbox"]').setChecked(only === i);
    const [download] = await Promise.all([p.waitForEvent('download', { timeout: 120_000 }), p.getByTestId('export-clips').click()]);
    return download;
  }

  beforeAll(async () => {
    session = await openApp();
    await session.context.route(CORE, (route) => (blockCore ? route.abort('failed') : route.fallback()));
    const p = page();
    await importStored(p, `${LESSON}.mp4`);
    await p.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 1, undefined, { timeout: 30_000 });
    // A clip from loop points at 1:40-1:48: no entries in it, and the keyframe before 1:40 is at 1:15.
    await seek(100);
    await p.keyboard.press('[');
    await seek(108);
    await p.keyboard.press(']');
    await p.getByTestId('clip-from-loop').click();
    await until(async () => (await readTable(p, 'clips')).length === 1, 10_000, 'the loop clip');
    // A clip made from an entry whose note is longer than a clip title.
    await seek(50);
    await p.keyboard.press('s');
    await p.locator('[data-testid="entry"][data-kind="strength"] [data-testid="entry-note"]').fill(NOTE);
    await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await until(async () => (await readTable<{ note: string }>(p, 'entries')).some((e) => e.note === NOTE), 10_000, 'the note saved');
    await p.getByTestId('entry-clip').first().click();
    await until(async () => (await readTable(p, 'clips')).length === 2, 10_000, 'the entry clip');
    await p.getByTestId('tab-lesson').click();
  });
  afterAll(async () => session?.close());

  it('tells the coach in plain words when ffmpeg fails, with none of its own text', async () => {
    const p = page();
    // ffmpeg's core cannot be loaded: the export fails inside ffmpeg.wasm. Once the app has cached the core for
    // offline use, the cache goes (the service worker would answer from it), and the network fails.
    await p.waitForFunction(async () => (await (await caches.open('reframe-ffmpeg-core')).keys()).length > 0, undefined, { timeout: 60_000, polling: 200 });
    await p.evaluate(() => caches.delete('reframe-ffmpeg-core'));
    blockCore = true;
    let shown: string;
    try {
      await p.getByTestId('export-mode-fast').check();
      const rows = p.getByTestId('export-clip-row');
      for (let i = 0; i < (await rows.count()); i++) await rows.nth(i).locator('input[type="checkbox"]').setChecked(i === 0);
      await p.getByTestId('export-clips').click();
      await p.locator('[data-testid="export-job"][data-state="failed"]').waitFor({ timeout: 60_000 });
      shown = `${await p.getByTestId('export-job').textContent()} ${await p.getByTestId('export-message').textContent()}`;
    } finally {
      blockCore = false;
    }
    expect(shown).toMatch(/could not be made/);
    expect(shown).toMatch(/try again/i);
    expect(shown).not.toMatch(/ffmpeg|wasm|fetch|abort|error|exit|invalid|\||\bat\b.*:\d+/i);
  });

  it('shows the range a fast cut really delivers, warns when it adds more than 2 s, and offers exact', async () => {
    const p = page();
    await p.getByTestId('export-mode-fast').check();
    const row = p.getByTestId('export-clip-row').first();
    const shown = (await row.getByTestId('fast-range').textContent())!;
    const [shownStart, shownEnd] = shown.replace(' s', '').split('–').map(Number);
    const download = await exportOne('fast', 0);
    const path = await save(download, 'sparse-fast.mp4');
    // Where the clip's frames come from in the lesson: every frame of a stream copy is the lesson's, bit for bit.
    const lesson = new Map(frameHashes(join(FIXTURES, `${LESSON}.mp4`)).map((hash, i) => [hash, i]));
    const clip = frameHashes(path).map((hash) => lesson.get(hash));
    expect(clip.every((i) => i !== undefined)).toBe(true);
    const first = clip[0]!;
    expect(clip).toEqual(clip.map((_, i) => first + i));
    const deliveredStart = first * FRAME;
    const deliveredEnd = (first + clip.length) * FRAME;
    expect(Math.abs(shownStart - deliveredStart)).toBeLessThanOrEqual(FRAME);
    expect(Math.abs(shownEnd - deliveredEnd)).toBeLessThanOrEqual(FRAME);
    // The only keyframe at or before 1:40 is at 1:15: 25 s more than asked, which the coach is told before exporting.
    expect(deliveredStart).toBeCloseTo(75, 5);
    const warning = row.getByTestId('fast-range-warning');
    await expect(warning.textContent()).resolves.toMatch(/25\.0 s.*exact/);
    // The entry clip (0:45-0:55) would start at the keyframe at 0:25: warned too. Exact is one click away.
    await expect(p.getByTestId('export-clip-row').nth(1).getByTestId('fast-range-warning').textContent()).resolves.toMatch(/20\.0 s/);
    await warning.getByRole('button').click();
    expect(await p.getByTestId('export-mode-exact').isChecked()).toBe(true);
    expect(session.pageErrors).toEqual([]);
  });

  it('prints the perspective notes of the meeting and clip titles whole', async () => {
    const p = page();
    await p.getByTestId('open-meeting').click();
    await p.getByTestId('meeting-mode').waitFor();
    await p.getByTestId('clip-select').nth(1).click();
    await p.getByTestId('perspective-note').fill('Pupils lean in when she stays quiet');
    await until(async () => (await readTable<{ perspectiveNotes: Record<string, string> }>(p, 'clips')).some((c) => Object.values(c.perspectiveNotes).includes('Pupils lean in when she stays quiet')), 10_000, 'the perspective note saved');
    await p.getByTestId('meeting-close').click();
    await p.getByTestId('tab-lesson').click();
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('export-record').click()]);
    const html = readFileSync(await save(download, 'sparse-record.html'), 'utf8');
    const clips = html.slice(html.indexOf('Clips watched'), html.indexOf('<p class="foot"'));
    expect(clips).toContain('Pupils lean in when she stays quiet');
    // The clip's title is the entry's whole note, not cut mid-word.
    expect(clips).toContain(`Strength at 0:50: ${NOTE}`);
    expect(clips).toContain('1:40');
  });
});
