// Import bench: a 60-minute, ~1 GB lesson imported into IndexedDB in headless Chromium (persistent
// profile), against a native copy of the same file on the same disk in the same run.
import { test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApp, readTable, until } from '../tests/browser/harness';

const lessonPath = resolve(import.meta.dirname, 'out/hour-lesson.mp4');

test('import of a 60-minute lesson', async () => {
  execFileSync('bash', [resolve(import.meta.dirname, 'make-hour-lesson.sh')], { stdio: 'inherit' });
  const size = statSync(lessonPath).size;
  // Baseline: the OS copying the same bytes on the same disk (file cached, as for the browser).
  execFileSync('cat', [lessonPath], { stdio: ['ignore', 'ignore', 'inherit'] });
  const copyTarget = resolve(import.meta.dirname, 'out/copy.tmp');
  const c0 = performance.now();
  copyFileSync(lessonPath, copyTarget);
  execFileSync('sync');
  const copyMs = performance.now() - c0;
  rmSync(copyTarget);

  const session = await openApp();
  try {
    const { page } = session;
    const t0 = performance.now();
    await page.getByTestId('import-input').setInputFiles(lessonPath);
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2, undefined, { polling: 'raf', timeout: 120_000 });
    const firstFrameMs = performance.now() - t0;
    await until(async () => (await readTable<{ status: string }>(page, 'lessons')).some((l) => l.status === 'ready'), 600_000, 'import');
    const importMs = performance.now() - t0;
    console.log(
      [
        `Import bench: ${(size / 1024 ** 3).toFixed(2)} GB, 60 min lesson`,
        `  first frame after picking the file   ${(firstFrameMs / 1000).toFixed(2)} s`,
        `  stored in IndexedDB (ready)          ${(importMs / 1000).toFixed(2)} s`,
        `  native copy of the file (cp + sync)  ${(copyMs / 1000).toFixed(2)} s`,
        `  ratio import / native copy           ${(importMs / copyMs).toFixed(2)}x`,
      ].join('\n'),
    );
  } finally {
    await session.close();
  }
});
