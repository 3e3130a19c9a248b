import { describe, expect, it } from 'vitest';
import { checkFits, chunkRanges, daysWithoutExport, isQuotaError, saveFailureMessage, STORAGE_HEADROOM_BYTES } from '../../../src/core/storage';

const MB = 1024 * 1024;

describe('checkFits', () => {
  it('fits when the file plus headroom is below the free quota', () => {
    expect(checkFits('a.mp4', 100 * MB, { usage: 0, quota: 1000 * MB })).toEqual({ fits: true });
  });
  it('refuses with the needed and available space in the message', () => {
    const result = checkFits('a.mp4', 900 * MB, { usage: 200 * MB, quota: 1000 * MB });
    expect(result.fits).toBe(false);
    if (result.fits) return;
    expect(result.needed).toBe(900 * MB + STORAGE_HEADROOM_BYTES);
    expect(result.available).toBe(800 * MB);
    expect(result.message).toContain('needs about 964 MB');
    expect(result.message).toContain('only 800 MB is free');
  });
  it('treats an unknown quota as fitting (the write itself is still guarded)', () => {
    expect(checkFits('a.mp4', 1e12, null)).toEqual({ fits: true });
  });
});

describe('chunkRanges', () => {
  it('covers the file exactly with slices of at most the chunk size', () => {
    expect(chunkRanges(10, 4)).toEqual([[0, 4], [4, 8], [8, 10]]);
    expect(chunkRanges(8, 4)).toEqual([[0, 4], [4, 8]]);
    expect(chunkRanges(0, 4)).toEqual([]);
  });
});

describe('daysWithoutExport', () => {
  const day = 86_400_000;
  const now = Date.UTC(2026, 10, 25);
  it('flags lessons never exported once they are a week old', () => {
    expect(daysWithoutExport({ exportedAt: null, createdAt: now - 6 * day }, now)).toBeNull();
    expect(daysWithoutExport({ exportedAt: null, createdAt: now - 9 * day }, now)).toBe(9);
  });
  it('counts from the last export when there was one', () => {
    expect(daysWithoutExport({ exportedAt: now - 2 * day, createdAt: now - 30 * day }, now)).toBeNull();
    expect(daysWithoutExport({ exportedAt: now - 8 * day, createdAt: now - 30 * day }, now)).toBe(8);
  });
});

describe('isQuotaError', () => {
  it('recognises a full disk as IndexedDB raises it and as Dexie wraps it, and nothing else', () => {
    expect(isQuotaError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe(true);
    expect(isQuotaError(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
  });
});

describe('saveFailureMessage', () => {
  it('tells the coach what is safe and what to do about a full disk', () => {
    expect(saveFailureMessage('The meeting record', new DOMException('full', 'QuotaExceededError'))).toBe(
      "The meeting record could not be saved: this browser's storage is full. Everything saved before is safe. " +
        "Free space on this computer's disk, or export and delete a lesson you have finished with, then make the change again.",
    );
  });
  it('gives the reason of any other failure', () => {
    expect(saveFailureMessage('The clip', new Error('Database closed'))).toBe('The clip could not be saved (Database closed). Everything saved before is safe; try the change again, or reload the page if it keeps failing.');
  });
});
