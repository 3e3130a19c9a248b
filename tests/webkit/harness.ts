/**
 * Shared steps for the WebKit checks: WebKitGTK (Safari's engine) under a private X server (Xvfb),
 * driven either by WebKitWebDriver over plain W3C WebDriver (HTTP and JSON, no client package), whose
 * MiniBrowser sessions always run in a throwaway profile, or as a MiniBrowser on an on-disk profile
 * that nothing drives, whose console is read from its output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { APP_URL, fixture } from '../browser/harness';
import { PORT } from '../browser/global-setup';

export { APP_URL, fixture };

/** Debian's MiniBrowser (package libwebkit2gtk-4.1-0); WebKitWebDriver starts it with --automation. */
export const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
/** Where WebKitWebDriver listens: next to the served app unless told. */
const DRIVER_PORT = Number(process.env.REFRAME_WEBKIT_DRIVER_PORT ?? PORT + 1);
const DRIVER_URL = `http://127.0.0.1:${DRIVER_PORT}`;
/** The built app the tests are served (to find its worker scripts). */
export const DIST = resolve(import.meta.dirname, '../..', process.env.REFRAME_TEST_DIST ?? 'dist');
/** W3C WebDriver's key for an element reference. */
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** Poll `condition` until it gives a value other than null or undefined. */
export async function until<T>(condition: () => Promise<T | null | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await condition();
    if (value !== null && value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** A private X server; `display` is what it chose (-displayfd), e.g. ':3'. */
export interface XServer {
  display: string;
  stop(): void;
}

/** Start Xvfb on the first free display. */
export function startXvfb(): Promise<XServer> {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1440x900x24'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let said = '';
    xvfb.once('error', reject);
    xvfb.once('exit', (code) => reject(new Error(`Xvfb stopped (${code})`)));
    xvfb.stdio[3]!.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes('\n')) resolve({ display: `:${said.trim()}`, stop: () => xvfb.kill() });
    });
  });
}

/** A running WebKitWebDriver. */
export interface Driver {
  process: ChildProcess;
  stop(): void;
}

/** Start WebKitWebDriver on DRIVER_PORT, drawing on `display`. */
export async function startDriver(display: string): Promise<Driver> {
  const driver = spawn(process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver', [`--port=${DRIVER_PORT}`], { env: { ...process.env, DISPLAY: display }, stdio: 'ignore' });
  await until(async () => {
    const status = await fetch(`${DRIVER_URL}/status`).then((r) => r.json() as Promise<{ value?: { ready?: boolean } }>).catch(() => null);
    return status?.value?.ready ? true : null;
  }, 20_000, `WebKitWebDriver on ${DRIVER_URL}`);
  return { process: driver, stop: () => driver.kill() };
}

/** One W3C WebDriver call; answers the command's `value`, throws its error. */
async function command<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const response = await fetch(DRIVER_URL + path, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const answer = (await response.json()) as { value: T & { error?: string; message?: string } };
  if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${answer.value.error}: ${answer.value.message}`);
  return answer.value;
}

/** A MiniBrowser session (a throwaway profile: WebKit's automation mode keeps nothing on disk). */
export class WebKitSession {
  private constructor(readonly id: string) {}

  /** Open MiniBrowser through WebKitWebDriver. */
  static async open(): Promise<WebKitSession> {
    const { sessionId } = await command<{ sessionId: string }>('POST', '/session', {
      capabilities: { alwaysMatch: { browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } } },
    });
    const session = new WebKitSession(sessionId);
    await session.call('POST', '/timeouts', { script: 120_000, pageLoad: 60_000 });
    return session;
  }

  private call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return command<T>(method, `/session/${this.id}${path}`, body);
  }

  /** Load `url` and wait for it. */
  goto(url: string): Promise<void> {
    return this.call('POST', '/url', { url });
  }

  /** Run `script` (a function body; `arguments` are `args`) in the page and answer its JSON result. */
  run<T>(script: string, ...args: unknown[]): Promise<T> {
    return this.call<T>('POST', '/execute/sync', { script, args });
  }

  /** Run an async function's source `fn` in the page with `arg`; answers what its promise resolves to (as JSON text, which WebKit passes back whole). */
  async evaluate<T>(fn: string, arg: unknown = null): Promise<T> {
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => (${fn})(arguments[0])).then((value) => done(JSON.stringify({ value })), (error) => done(JSON.stringify({ error: String(error) })));`;
    const answer = JSON.parse(await this.call<string>('POST', '/execute/async', { script, args: [arg] })) as { value?: T; error?: string };
    if (answer.error !== undefined) throw new Error(`In WebKit: ${answer.error}`);
    return answer.value as T;
  }

  /** Poll the page with `script` (a function body) until it returns something other than null. */
  waitFor<T>(script: string, timeoutMs: number, what: string): Promise<T> {
    return until(() => this.run<T | null>(script), timeoutMs, what);
  }

  /** Choose fixture files in the file input matched by `selector`. */
  async chooseFiles(selector: string, ...names: string[]): Promise<void> {
    const found = await this.call<Record<string, string>>('POST', '/element', { using: 'css selector', value: selector });
    await this.call('POST', `/element/${found[ELEMENT]}/value`, { text: names.map(fixture).join('\n') });
  }

  /** Close MiniBrowser. */
  close(): Promise<void> {
    return this.call('DELETE', '');
  }
}

/** A MiniBrowser on an on-disk profile of its own, nobody driving it; its console messages are collected. */
export interface ProfileBrowser {
  /** Console lines so far (MiniBrowser writes each as "<source>: CONSOLE <LEVEL> <text>"). */
  console: string[];
  /** Wait for a console line matching `pattern`. */
  waitForConsole(pattern: RegExp, timeoutMs: number): Promise<string>;
  close(): Promise<void>;
}

/** Open `url` in MiniBrowser with a fresh on-disk profile (as a coach's Safari has), drawing on `display`. */
export function openOnDisk(url: string, display: string): ProfileBrowser {
  const home = mkdtempSync(join(tmpdir(), 'reframe-webkit-profile-'));
  const browser = spawn(MINIBROWSER, ['--enable-write-console-messages-to-stdout=true', url], {
    env: { ...process.env, DISPLAY: display, MESA_SHADER_CACHE_DISABLE: 'true', HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CACHE_HOME: join(home, 'cache'), XDG_CONFIG_HOME: join(home, 'config') },
    // Despite the option's name, the console lines come out on stderr.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: string[] = [];
  let rest = '';
  browser.stderr!.on('data', (chunk: Buffer) => {
    const text = rest + chunk.toString();
    const parts = text.split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts.filter((line) => line.includes('CONSOLE')));
  });
  return {
    console: lines,
    waitForConsole: (pattern, timeoutMs) => until(async () => lines.find((line) => pattern.test(line)), timeoutMs, `a console line matching ${pattern}`),
    async close() {
      const exited = new Promise((resolve) => browser.once('exit', resolve));
      browser.kill();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      // Its web and network processes may still be writing for a moment: what is left goes with the temp folder.
      try {
        rmSync(home, { recursive: true, force: true, maxRetries: 5 });
      } catch (error) {
        console.warn(`Could not remove the WebKit profile ${home}:`, error);
      }
    },
  };
}

/** Address of one of the built app's worker scripts, e.g. 'analysis' gives '/assets/analysis.worker-….js'. */
export function workerScript(name: string): string {
  const file = readdirSync(join(DIST, 'assets')).find((f) => f.startsWith(`${name}.worker-`) && f.endsWith('.js'));
  if (!file) throw new Error(`No ${name} worker in ${DIST}/assets`);
  return `/assets/${file}`;
}
