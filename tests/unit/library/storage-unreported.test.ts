/**
 * Issue 27, item 5: WebKitGTK has no navigator.storage (StorageManager), and the meter said "0 B of 0 B
 * ⚠ Not persistent". Where the browser reports nothing, the lessons' own sizes are shown and nothing is
 * said about persistence.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StorageStatus } from '../../../src/library/storage.svelte';

describe('StorageStatus where the browser has no StorageManager (WebKitGTK)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the lessons own sizes instead of usage and quota, and claims nothing about persistence', async () => {
    vi.stubGlobal('navigator', {});
    let stored = 2_604_609;
    const status = new StorageStatus(async () => stored);
    await status.init();
    expect(status.reported).toBe(false);
    expect(status.lessonBytes).toBe(2_604_609);
    expect(status.persisted).toBeNull();
    expect(status.asking).toBe(false);
    stored = 0;
    await status.refresh();
    expect(status.lessonBytes).toBe(0);
  });

  it('takes an estimate the browser fails to give as not reported', async () => {
    vi.stubGlobal('navigator', { storage: { estimate: () => Promise.reject(new Error('no')) } });
    const status = new StorageStatus(async () => 5);
    await status.refresh();
    expect(status.reported).toBe(false);
    expect(status.lessonBytes).toBe(5);
  });

  it('reads usage and quota where the browser reports them, and leaves the lessons unread', async () => {
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: 1234, quota: 99_999 }) } });
    const lessonBytes = vi.fn(async () => 5);
    const status = new StorageStatus(lessonBytes);
    await status.refresh();
    expect([status.reported, status.usage, status.quota]).toEqual([true, 1234, 99_999]);
    expect(lessonBytes).not.toHaveBeenCalled();
  });
});
