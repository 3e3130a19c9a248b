/**
 * Issue 27: a window that cannot store a Blob in IndexedDB (WebKit's private browsing, Safari's
 * perhaps) says so before an import writes anything, instead of failing mid-way with "Something went
 * wrong". Chromium stores Blobs even in incognito, so here every Blob write fails the way WebKit's does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles, openApp, readTable, waitForImports, type Session } from './harness';

/** IndexedDB refuses any record holding a Blob, with WebKit's words. */
const NO_BLOBS_STORED = `
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (value, key) {
    const holdsBlob = value instanceof Blob || (value && typeof value === 'object' && Object.values(value).some((v) => v instanceof Blob));
    if (holdsBlob) throw new DOMException('Error preparing Blob/File data to be stored in object store', 'UnknownError');
    return put.call(this, value, key);
  };
`;

describe('a window that cannot store videos', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openApp({ initScript: NO_BLOBS_STORED });
  });
  afterAll(async () => session?.close());

  it('refuses the import before writing anything and says what to do, in plain words', async () => {
    const { page } = session;
    await importFiles(page, 'lesson.mp4');
    await waitForImports(page);
    const job = page.getByTestId('import-job').filter({ hasText: 'lesson.mp4' });
    expect(await job.getAttribute('data-phase')).toBe('failed');
    expect(await job.getByTestId('import-error').textContent()).toMatch(/This browser window cannot store videos, so “lesson\.mp4” was not imported and nothing was kept\. A private window does this: open Reframe in a normal \(not private\) window/);
    expect(await readTable(page, 'lessons')).toEqual([]);
    expect(await readTable(page, 'analyses')).toEqual([]);
    // The lesson was never opened: the library is still shown, empty.
    await page.getByTestId('library-empty').waitFor();
    expect(session.pageErrors).toEqual([]);
  });
});
