/** Exporting clips (fast and exact, captions, zip, cancel) and the evidence (CSV, WebVTT, record, project round trip). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Download } from 'playwright-core';
import { APP_URL, importStored, openApp, readTable, until, type Session } from './harness';

const work = mkdtempSync(join(tmpdir(), 'reframe-export-'));

/** Duration and stream kinds of a media file, from native ffprobe. */
function probe(path: string): { duration: number; streams: string[] } {
  const json = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type,codec_name', '-of', 'json', path]).toString());
  return { duration: Number(json.format.duration), streams: json.streams.map((s: { codec_type: string; codec_name: string }) => `${s.codec_type}:${s.codec_name}`) };
}

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
    expect(info.streams).toEqual(expect.arrayContaining(['video:h264', 'audio:aac']));
    expect(Math.abs(info.duration - (actualEnd - actualStart))).toBeLessThan(0.1);
  });

  it('exports an exact clip within one frame, and burns captions into the picture', async () => {
    const plain = probe(await save(await exportClips({ mode: 'exact', captions: 'none', only: 0 }), 'exact.mp4'));
    expect(plain.streams).toEqual(expect.arrayContaining(['video:h264', 'audio:aac']));
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
    expect(info.streams).toContain('subtitle:mov_text');
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
      expect(probe(join(work, name)).streams).toContain('video:h264');
    }
  });

  it('cancels an export and saves nothing', async () => {
    const p = page();
    let downloaded = false;
    p.on('download', () => (downloaded = true));
    await p.getByTestId('export-mode-exact').check();
    await p.getByTestId('export-captions').selectOption('burn');
    const rows = p.getByTestId('export-clip-row');
    for (let i = 0; i < (await rows.count()); i++) await rows.nth(i).locator('input[type="checkbox"]').setChecked(true);
    await p.getByTestId('export-clips').click();
    await p.getByTestId('export-cancel').click();
    await expect(p.getByTestId('export-message').textContent()).resolves.toMatch(/cancelled: nothing was saved/);
    await p.waitForTimeout(1000);
    expect(downloaded).toBe(false);
    // The next export works.
    const info = probe(await save(await exportClips({ mode: 'fast', captions: 'none', only: 1 }), 'after-cancel.mp4'));
    expect(info.streams).toContain('video:h264');
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
    await p.waitForTimeout(1500);
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
