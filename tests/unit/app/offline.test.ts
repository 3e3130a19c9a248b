/** A new version waits for the coach, and never reloads the page during an import, analysis or export (issue 21). */
import { afterEach, describe, expect, it, vi } from 'vitest';

const update = vi.fn(async (_reload?: boolean) => undefined);
let options: { onNeedRefresh?: () => void } = {};
vi.mock('virtual:pwa-register', () => ({
  registerSW: (given: typeof options) => {
    options = given;
    return update;
  },
}));

const { OfflineApp } = await import('../../../src/app/offline.svelte');
const { runningJobs } = await import('../../../src/jobs/running.svelte');

/** Just enough of a browser for `start()`: a secure page with a service worker container. */
function fakeBrowser(controlled = true) {
  const reload = vi.fn();
  options = {};
  // The dev server registers no service worker; these are the built app's rules.
  vi.stubEnv('DEV', false);
  vi.stubGlobal('window', { isSecureContext: true, caches: {}, location: { reload, href: 'http://localhost/' }, addEventListener: vi.fn(), removeEventListener: vi.fn(), matchMedia: () => ({ matches: false }) });
  const listeners: (() => void)[] = [];
  // A page opened under the current version; `newVersion()` is another one taking over.
  const serviceWorker = { ready: new Promise(() => undefined), controller: controlled ? {} : null, addEventListener: (_type: string, listener: () => void) => listeners.push(listener), removeEventListener: vi.fn() };
  vi.stubGlobal('navigator', { serviceWorker });
  vi.stubGlobal('caches', {});
  return { reload, newVersion: () => listeners.forEach((listener) => listener()) };
}

describe('a new version', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
    update.mockClear();
  });

  it('is announced and started only when the coach agrees', async () => {
    const { reload, newVersion } = fakeBrowser();
    const app = new OfflineApp(() => false);
    app.start();
    expect(app.updateReady).toBe(false);
    expect(await app.reload()).toBe(false);
    options.onNeedRefresh?.();
    expect(app.updateReady).toBe(true);
    expect(update).not.toHaveBeenCalled();
    expect(await app.reload()).toBe(true);
    expect(update).toHaveBeenCalledWith(true);
    newVersion();
    expect(reload).toHaveBeenCalledOnce();
  });

  it('waits while an import, analysis or export is under way', async () => {
    fakeBrowser();
    let importing = true;
    const app = new OfflineApp(() => importing || runningJobs.count > 0);
    app.start();
    options.onNeedRefresh?.();
    expect(app.busy).toBe(true);
    expect(await app.reload()).toBe(false);
    importing = false;
    let finishExport!: () => void;
    const exporting = runningJobs.track(new Promise<void>((resolve) => (finishExport = resolve)));
    expect(app.busy).toBe(true);
    expect(await app.reload()).toBe(false);
    expect(update).not.toHaveBeenCalled();
    finishExport();
    await exporting;
    expect(runningJobs.count).toBe(0);
    expect(await app.reload()).toBe(true);
  });

  it('taken in another window reloads this one only when nothing is under way here', () => {
    const { reload, newVersion } = fakeBrowser();
    let busy = true;
    const app = new OfflineApp(() => busy);
    app.start();
    newVersion();
    expect(reload).not.toHaveBeenCalled();
    expect(app.updateReady).toBe(true);
    busy = false;
    newVersion();
    expect(reload).toHaveBeenCalledOnce();
  });

  it('is not announced when the first install takes over the page on the first visit', () => {
    const { reload, newVersion } = fakeBrowser(false);
    const app = new OfflineApp(() => false);
    app.start();
    newVersion();
    expect(reload).not.toHaveBeenCalled();
    expect(app.updateReady).toBe(false);
  });
});
