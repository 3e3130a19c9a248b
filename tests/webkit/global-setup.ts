/**
 * Serves, for the WebKit check, a copy of the built app whose page also loads tests/webkit/on-disk-check.js
 * (idle unless the address asks for it), with the fixtures it imports under /webkit-check/: the on-disk
 * check has no driver, so the page drives itself. The copy is what the service worker caches, so the
 * script is still there after a reload.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
let copy = '';
/** The shared preview server, loaded once REFRAME_TEST_DIST names the copy (it reads the folder when loaded). */
let server: typeof import('../browser/global-setup') | null = null;

export async function setup(): Promise<void> {
  const dist = resolve(ROOT, process.env.REFRAME_TEST_DIST ?? 'dist');
  copy = mkdtempSync(join(tmpdir(), 'reframe-webkit-dist-'));
  cpSync(dist, copy, { recursive: true });
  const page = join(copy, 'index.html');
  writeFileSync(page, readFileSync(page, 'utf8').replace('</head>', '<script type="module" src="/webkit-check/on-disk-check.js"></script></head>'));
  mkdirSync(join(copy, 'webkit-check'));
  cpSync(resolve(import.meta.dirname, 'on-disk-check.js'), join(copy, 'webkit-check/on-disk-check.js'));
  symlinkSync(resolve(ROOT, 'tests/fixtures/out/big.mp4'), join(copy, 'webkit-check/big.mp4'));
  process.env.REFRAME_TEST_DIST = copy;
  server = await import('../browser/global-setup');
  await server.setup();
}

export async function teardown(): Promise<void> {
  await server?.teardown();
  if (copy) rmSync(copy, { recursive: true, force: true });
}
