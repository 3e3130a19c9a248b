// Big-file bench: a 2 GB, 60-minute lesson through the whole app in headless Chromium (persistent
// profile): import, play after a seek near the end, analyse, make a 30-second clip and export it
// (fast). Each step against its native counterpart on the same file in the same run, with the peak
// summed RSS of every Chromium process (page, workers, GPU, browser).
import { expect, test } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expectPlaying, openApp } from '../tests/browser/harness';
import { chromiumRss } from '../tests/browser/pages/transcode-driver';
import { nativeCopyMs, timeImport } from './measure';

const lessonPath = resolve(import.meta.dirname, 'out/2gb-lesson.mp4');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Best wall time of `runs` runs of a native command, milliseconds (the first also warms the page cache). */
function native(command: string, args: string[], runs = 2): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const result = spawnSync(command, args);
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

test('a 2 GB lesson: import, play, analyse, export a clip', async () => {
  execFileSync('bash', [resolve(import.meta.dirname, 'make-hour-lesson.sh'), '2gb'], { stdio: 'inherit' });
  const size = statSync(lessonPath).size;
  const scratch = mkdtempSync(join(tmpdir(), 'reframe-big-bench-'));

  // Native baselines on the same file.
  const copyMs = nativeCopyMs(lessonPath, join(scratch, 'copy.mp4'));
  const decodeMs = native('ffmpeg', ['-v', 'error', '-i', lessonPath, '-vn', '-ac', '1', '-ar', '16000', '-f', 'f32le', '-y', '/dev/null']);
  const clipMs = native('ffmpeg', ['-v', 'error', '-ss', '1800', '-i', lessonPath, '-t', '30', '-c', 'copy', '-y', join(scratch, 'native-clip.mp4')]);

  const session = await openApp();
  let peak = 0;
  let peakPss = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, chromiumRss(session.profile));
    peakPss = Math.max(peakPss, chromiumRss(session.profile, 'pss'));
  }, 250);
  try {
    const { page } = session;
    const { firstFrameMs, importMs } = await timeImport(page, lessonPath, 900_000);
    const importPeak = [peak, peakPss];
    peak = peakPss = 0;

    // Reload, so playback and analysis run from the stored copy, not the picked file.
    await page.reload();
    await page.locator('video').evaluate((v: HTMLVideoElement) => (v.currentTime = 3300));
    const s0 = performance.now();
    await expectPlaying(page);
    const playMs = performance.now() - s0;
    await page.locator('video').evaluate((v: HTMLVideoElement) => v.pause());

    await page.waitForSelector('[data-testid="analysis-status"][data-state="done"]', { timeout: 900_000 });
    const analysisMs = performance.now() - s0;
    const analysisPeak = [peak, peakPss];
    peak = peakPss = 0;

    const seek = (t: number) => page.locator('video').evaluate((v: HTMLVideoElement, time) => (v.currentTime = time), t);
    await seek(1800);
    await page.keyboard.press('[');
    await seek(1830);
    await page.keyboard.press(']');
    await page.getByTestId('clip-from-loop').click();
    await page.getByTestId('tab-lesson').click();
    await page.getByTestId('export-mode-fast').check();
    const e0 = performance.now();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 600_000 }), page.getByTestId('export-clips').click()]);
    const clipPath = join(scratch, 'clip.mp4');
    await download.saveAs(clipPath);
    const exportMs = performance.now() - e0;
    const clipDuration = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', clipPath]).toString());
    expect(clipDuration).toBeGreaterThan(29);
    expect(clipDuration).toBeLessThan(33);

    console.log(
      [
        `Big-file bench: ${(size / 1024 ** 3).toFixed(2)} GB, 60 min, 720p H.264 4.4 Mbit/s + AAC`,
        `  first frame after picking the file      ${seconds(firstFrameMs)}`,
        `  stored in IndexedDB                      ${seconds(importMs)}   native cp + sync ${seconds(copyMs)}   ratio ${(importMs / copyMs).toFixed(2)}x`,
        `  plays from the stored copy at 55:00      ${seconds(playMs)} to advance 0.5 s`,
        `  analysis (waveform + talk time)          ${seconds(analysisMs)}   native ffmpeg audio decode ${seconds(decodeMs)}   ratio ${(analysisMs / decodeMs).toFixed(2)}x`,
        `  fast 30 s clip from 30:00 (cold worker)  ${seconds(exportMs)}   native ffmpeg -c copy ${seconds(clipMs)}   ratio ${(exportMs / clipMs).toFixed(1)}x`,
        `  peak Chromium memory, RSS / PSS summed over its processes:`,
        `    import ${mb(importPeak[0])} / ${mb(importPeak[1])}, play + analysis ${mb(analysisPeak[0])} / ${mb(analysisPeak[1])}, clip export ${mb(peak)} / ${mb(peakPss)}`,
      ].join('\n'),
    );
  } finally {
    clearInterval(sampler);
    await session.close();
    rmSync(scratch, { recursive: true, force: true });
  }
});
