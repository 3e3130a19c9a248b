// From giving the app a 60-minute 1 GB lesson to its final talk bands stored: import (the video into
// IndexedDB) and analysis (decode, features, voices, classifier) together, in headless Chromium with a
// persistent profile, against native ffmpeg decoding the same file's sound in the same run; with the
// whole browser's peak memory over its idle level. The lesson has speech over room noise all the way through.
import { test } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApp, readTable, until } from '../tests/browser/harness';
import { chromiumRss } from '../tests/browser/pages/transcode-driver';

const lessonPath = resolve(import.meta.dirname, 'out/hour-lesson-busy.mp4');

/** Best wall milliseconds of native ffmpeg decoding the sound to 16 kHz mono float, of `runs`. */
function nativeDecodeMs(runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const result = spawnSync('ffmpeg', ['-v', 'error', '-i', lessonPath, '-vn', '-ac', '1', '-ar', '16000', '-f', 'f32le', '-y', '/dev/null']);
    if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr}`);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

test('a 60-minute lesson from the file to its stored bands', async () => {
  execFileSync('bash', [resolve(import.meta.dirname, 'make-hour-lesson.sh'), 'busy'], { stdio: 'inherit' });
  const size = statSync(lessonPath).size;
  const decodeMs = nativeDecodeMs();
  const session = await openApp();
  try {
    const { page, profile } = session;
    await page.waitForTimeout(2000);
    const idle = chromiumRss(profile);
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, chromiumRss(profile))), 250);
    const t0 = performance.now();
    await page.getByTestId('import-input').setInputFiles(lessonPath);
    await until(async () => (await readTable<{ auto: unknown[] }>(page, 'segments')).some((s) => s.auto.length > 0), 900_000, 'bands stored');
    const ms = performance.now() - t0;
    clearInterval(sampler);
    console.log(
      [
        `Import and analysis bench: ${(size / 1024 ** 3).toFixed(2)} GB, 60 min lesson, speech throughout`,
        `  file given to the app → bands stored   ${(ms / 1000).toFixed(2)} s`,
        `  native ffmpeg sound decode (best of 3) ${(decodeMs / 1000).toFixed(2)} s`,
        `  ratio                                  ${(ms / decodeMs).toFixed(2)}x   (target ≤ 4x)`,
        `  whole browser RSS                      ${(idle / 1024 / 1024).toFixed(0)} MB idle, ${(peak / 1024 / 1024).toFixed(0)} MB peak (+${((peak - idle) / 1024 / 1024).toFixed(0)} MB; target ≤ +1000 MB)`,
      ].join('\n'),
    );
  } finally {
    await session.close();
  }
});
