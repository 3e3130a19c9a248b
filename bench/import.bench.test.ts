// Import bench: a 60-minute, ~1 GB lesson imported into IndexedDB in headless Chromium (persistent
// profile), against a native copy of the same file on the same disk in the same run.
import { test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApp } from '../tests/browser/harness';
import { nativeCopyMs, timeImport } from './measure';

const lessonPath = resolve(import.meta.dirname, 'out/hour-lesson.mp4');

test('import of a 60-minute lesson', async () => {
  execFileSync('bash', [resolve(import.meta.dirname, 'make-hour-lesson.sh')], { stdio: 'inherit' });
  const size = statSync(lessonPath).size;
  const copyMs = nativeCopyMs(lessonPath, resolve(import.meta.dirname, 'out/copy.tmp'));

  const session = await openApp();
  try {
    const { firstFrameMs, importMs } = await timeImport(session.page, lessonPath, 600_000);
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
