/**
 * Starts the Vite dev server (the app's own config, headers and CSP) and Debian's Chromium on the
 * dev-only transcode harness page; shared by tests/browser/transcode-harness.test.ts and bench/export.bench.test.ts.
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ExportRun, ExportSummary } from './transcode-page';

export type { ExportRun, ExportSummary };

/** Port of this harness's own dev server (the analysis harness uses 5199, the journeys 4173). */
export const TRANSCODE_HARNESS_PORT = 5198;
const ROOT = resolve(import.meta.dirname, '../../..');
const PAGE_URL = `http://127.0.0.1:${TRANSCODE_HARNESS_PORT}/tests/browser/pages/transcode.html`;

/** A dev server, a browser on a persistent profile and the harness page. */
export interface TranscodeHarness {
  server: ViteDevServer;
  context: BrowserContext;
  page: Page;
  /** Console lines and page errors, for failure messages. */
  logs: string[];
  /** The browser's profile directory (to find its processes). */
  profile: string;
  /** Choose `path` in the page's file input and export a clip of it. */
  run(path: string, run: ExportRun): Promise<ExportSummary>;
  /** Choose `path` and ask where a fast clip of start..end would really start and end. */
  keyframes(path: string, start: number, end: number): Promise<{ actualStart: number; actualEnd: number } | { error: { name: string; message: string } }>;
  /** Write the last exported clip to `dest`. */
  saveClip(dest: string, size: number): Promise<void>;
  /** Reload the page (a fresh page-side client and worker). */
  reload(): Promise<void>;
  close(): Promise<void>;
}

/** Start everything; `close()` stops it. */
export async function startTranscodeHarness(): Promise<TranscodeHarness> {
  const server = await createServer({
    root: ROOT,
    configFile: resolve(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    clearScreen: false,
    server: { port: TRANSCODE_HARNESS_PORT, strictPort: true, host: '127.0.0.1', hmr: false },
    // Pre-bundle the worker's dependency up front: discovering it at run time would reload the page mid-test.
    optimizeDeps: { include: ['mp4box', 'fft.js'], entries: ['tests/browser/pages/transcode.html'] },
  });
  await server.listen();
  const profile = mkdtempSync(join(tmpdir(), 'reframe-transcode-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--mute-audio'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const logs: string[] = [];
  page.on('console', (message) => logs.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => logs.push(`[pageerror] ${String(error)}`));
  const open = async () => {
    await page.goto(PAGE_URL);
    await page.waitForFunction(() => typeof window.runExport === 'function', null, { timeout: 60_000 });
  };
  await open();
  return {
    server,
    context,
    page,
    logs,
    profile,
    async run(path, run) {
      await page.setInputFiles('#file', path);
      return page.evaluate((options) => window.runExport(options), run);
    },
    async keyframes(path, start, end) {
      await page.setInputFiles('#file', path);
      return page.evaluate(([s, e]) => window.runKeyframes(s, e), [start, end] as const);
    },
    async saveClip(dest, size) {
      const chunk = 4 * 1024 * 1024;
      const parts: Buffer[] = [];
      for (let offset = 0; offset < size; offset += chunk) {
        parts.push(Buffer.from(await page.evaluate(([o, c]) => window.lastClipBase64(o, c), [offset, chunk] as const), 'base64'));
      }
      writeFileSync(dest, Buffer.concat(parts));
    },
    reload: open,
    async close() {
      await context.close().catch(() => undefined);
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The processes of the Chromium started on `profile`: pid and command line, the browser process first. */
function chromiumProcesses(profile: string): { pid: number; cmd: string }[] {
  const procs = new Map<number, { ppid: number; cmd: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      procs.set(Number(entry), { ppid, cmd: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ') });
    } catch {
      // gone
    }
  }
  const root = [...procs].find(([, p]) => p.cmd.includes(`--user-data-dir=${profile}`) && !p.cmd.includes('--type='));
  if (!root) return [];
  const found = [root[0]];
  for (let i = 0; i < found.length; i++) for (const [pid, p] of procs) if (p.ppid === found[i]) found.push(pid);
  return found.map((pid) => ({ pid, cmd: procs.get(pid)!.cmd }));
}

/**
 * Summed memory of the processes of the Chromium started on `profile`, bytes: resident set sizes, or
 * proportional set sizes (`pss`); all of them, or only the renderers (the pages and their workers).
 */
export function chromiumRss(profile: string, kind: 'rss' | 'pss' = 'rss', only: 'all' | 'renderers' = 'all'): number {
  let total = 0;
  for (const { pid, cmd } of chromiumProcesses(profile)) {
    if (only === 'renderers' && !cmd.includes('--type=renderer')) continue;
    try {
      // PSS shares each shared page among the processes that map it, so the sum does not count them twice.
      const match = kind === 'rss' ? /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8')) : /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (match) total += Number(match[1]) * 1024;
    } catch {
      // gone
    }
  }
  return total;
}

/**
 * CPU seconds (user + system) each thread of that Chromium has used so far, keyed
 * `process type/thread name/tid` (e.g. `renderer/DedicatedWorker/1234`). Threads that end take their
 * figure with them, so sample while the work runs and keep the last value seen.
 */
export function chromiumThreadCpu(profile: string): Map<string, number> {
  const ticks = 100; // USER_HZ on Linux
  const out = new Map<string, number>();
  for (const { pid, cmd } of chromiumProcesses(profile)) {
    const type = /--type=(\S+)/.exec(cmd)?.[1] ?? 'browser';
    try {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        try {
          const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
          const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          out.set(`${type}/${name}/${tid}`, (Number(fields[11]) + Number(fields[12])) / ticks);
        } catch {
          // gone
        }
      }
    } catch {
      // gone
    }
  }
  return out;
}
