/** Issue 26, item 2: a persistence request the coach has not answered yet never holds up the storage figures. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StorageStatus } from '../../../src/library/storage.svelte';

function browserStorage(persist: () => Promise<boolean>, persisted = false) {
  vi.stubGlobal('navigator', { storage: { persisted: async () => persisted, persist, estimate: async () => ({ usage: 1234, quota: 99_999 }) } });
}

describe('StorageStatus', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('reads the figures and says it is waiting while the browser asks the coach (Firefox), without waiting itself', async () => {
    let answer: (granted: boolean) => void = () => undefined;
    browserStorage(() => new Promise((resolve) => (answer = resolve)));
    const status = new StorageStatus();
    await status.init();
    expect([status.usage, status.quota]).toEqual([1234, 99_999]);
    expect(status.asking).toBe(true);
    expect(status.persisted).toBeNull();
    answer(true);
    await vi.waitFor(() => expect(status.persisted).toBe(true));
    expect(status.asking).toBe(false);
  });

  it('takes a refusal or a failure as not persistent', async () => {
    browserStorage(async () => false);
    const refused = new StorageStatus();
    await refused.init();
    await vi.waitFor(() => expect(refused.persisted).toBe(false));
    browserStorage(() => Promise.reject(new Error('no')));
    const failed = new StorageStatus();
    await failed.init();
    await vi.waitFor(() => expect(failed.persisted).toBe(false));
    expect(failed.asking).toBe(false);
  });

  it('does not ask again when storage is already persistent', async () => {
    const persist = vi.fn(async () => true);
    browserStorage(persist, true);
    const status = new StorageStatus();
    await status.init();
    expect(status.persisted).toBe(true);
    expect(persist).not.toHaveBeenCalled();
  });
});
