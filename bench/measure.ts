// Steps shared by the benches that import a lesson through the app.
import { execFileSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { readTable, until } from '../tests/browser/harness';

/** Baseline for an import: the OS copying the same bytes to `target` on the same disk (file cached, as for the browser), ms. */
export function nativeCopyMs(path: string, target: string): number {
  execFileSync('cat', [path], { stdio: ['ignore', 'ignore', 'inherit'] });
  const t0 = performance.now();
  copyFileSync(path, target);
  execFileSync('sync');
  const ms = performance.now() - t0;
  rmSync(target);
  return ms;
}

/** Import `path` through the app's file input: ms to the first frame shown and to the lesson stored. */
export async function timeImport(page: Page, path: string, timeoutMs: number): Promise<{ firstFrameMs: number; importMs: number }> {
  const t0 = performance.now();
  await page.getByTestId('import-input').setInputFiles(path);
  await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2, undefined, { polling: 'raf', timeout: 120_000 });
  const firstFrameMs = performance.now() - t0;
  await until(async () => (await readTable<{ status: string }>(page, 'lessons')).some((l) => l.status === 'ready'), timeoutMs, 'import');
  return { firstFrameMs, importMs: performance.now() - t0 };
}
