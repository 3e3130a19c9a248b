/** Storage budgeting: will a file fit, and how to say so. */
import { formatBytes } from './format';

/** Room kept free beyond the file itself: derived data, posters and the browser's own bookkeeping. */
export const STORAGE_HEADROOM_BYTES = 64 * 1024 * 1024;

/** Result of checking a file against the origin's quota before writing. */
export type FitCheck = { fits: true } | { fits: false; needed: number; available: number; message: string };

/** Check that `size` bytes (plus headroom) fit in what the quota leaves; unknown quota is taken as fitting. */
export function checkFits(fileName: string, size: number, estimate: { usage?: number; quota?: number } | null): FitCheck {
  if (!estimate || !estimate.quota) return { fits: true };
  const available = Math.max(0, estimate.quota - (estimate.usage ?? 0));
  const needed = size + STORAGE_HEADROOM_BYTES;
  if (needed <= available) return { fits: true };
  return {
    fits: false,
    needed,
    available,
    message:
      `“${fileName}” needs about ${formatBytes(needed)} of browser storage, but only ${formatBytes(available)} is free. ` +
      `Nothing was written. Free space on this computer's disk, or export and delete a lesson you have finished with, then try again.`,
  };
}

/**
 * What to tell the coach when this browser window cannot store videos at all: a private window (WebKit's
 * private browsing stores no Blob in IndexedDB) or a browser with storage turned off.
 */
export function cannotStoreMessage(fileName: string): string {
  return (
    `This browser window cannot store videos, so “${fileName}” was not imported and nothing was kept. ` +
    `A private window does this: open Reframe in a normal (not private) window and import the file there.`
  );
}

/** Split `size` bytes into chunk ranges of at most `chunkSize` bytes. */
export function chunkRanges(size: number, chunkSize: number): Array<[start: number, end: number]> {
  const ranges: Array<[number, number]> = [];
  for (let start = 0; start < size; start += chunkSize) ranges.push([start, Math.min(size, start + chunkSize)]);
  return ranges;
}

/** Days after which a lesson's notes count as not backed up (browser storage can be cleared). */
export const EXPORT_REMINDER_DAYS = 7;

/** Whole days since the lesson was last exported (or imported, if never), when past the reminder threshold; else null. */
export function daysWithoutExport(lesson: { exportedAt: number | null; createdAt: number }, now: number, thresholdDays = EXPORT_REMINDER_DAYS): number | null {
  const since = lesson.exportedAt ?? lesson.createdAt;
  const days = Math.floor((now - since) / 86_400_000);
  return days >= thresholdDays ? days : null;
}

/** True for a write refused because the disk or the origin's quota is full (as IndexedDB or Dexie report it). */
export function isQuotaError(error: unknown): boolean {
  const named = (e: unknown) => (e as { name?: unknown } | null)?.name === 'QuotaExceededError';
  const inner = (error as { inner?: unknown; cause?: unknown } | null) ?? null;
  return named(error) || named(inner?.inner) || named(inner?.cause);
}

/** What to tell the coach when saving `what` failed: a full disk says what to do; anything else says what is safe. */
export function saveFailureMessage(what: string, error: unknown): string {
  if (isQuotaError(error)) {
    return (
      `${what} could not be saved: this browser's storage is full. Everything saved before is safe. ` +
      `Free space on this computer's disk, or export and delete a lesson you have finished with, then make the change again.`
    );
  }
  const reason = error instanceof Error && error.message ? ` (${error.message})` : '';
  return `${what} could not be saved${reason}. Everything saved before is safe; try the change again, or reload the page if it keeps failing.`;
}
