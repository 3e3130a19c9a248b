/** Serves the built app with `vite preview` for the browser journeys, and stops it afterwards. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** Port and build folder of the served app; overridable so two checkouts' journeys can run side by side. */
export const PORT = Number(process.env.REFRAME_TEST_PORT ?? 4173);
const DIST = process.env.REFRAME_TEST_DIST ?? 'dist';

async function waitForServer(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not answer on ${url}`);
}

let server: ChildProcess | null = null;

export async function setup(): Promise<void> {
  const root = resolve(import.meta.dirname, '../..');
  if (!existsSync(resolve(root, DIST, 'index.html'))) throw new Error('Build the app first (npm run build).');
  if (!existsSync(resolve(root, 'tests/fixtures/out/lesson.mp4'))) throw new Error('Generate the fixtures first (npm run fixtures).');
  server = spawn(process.execPath, [resolve(root, 'node_modules/vite/bin/vite.js'), 'preview', '--outDir', DIST, '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await waitForServer(`http://127.0.0.1:${PORT}/`, 30_000);
}

export async function teardown(): Promise<void> {
  server?.kill();
}
