/**
 * Issue 27: WebKit now and then fails to load a chosen file from its blob: URL in the import's hidden
 * element, though it plays the same file over http, as the service worker serves a stored lesson. The
 * lesson must not then be stored as "does not play here". Here Chromium's detached video elements fail
 * every blob: URL the way WebKit's did; the stored lesson is judged again from the service worker's URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles, openApp, readTable, waitForStored, type Session } from './harness';

/** A video element not in the page fails on any blob: URL (media error 4), as WebKitGTK's did. */
const DETACHED_BLOB_FAILS = `
  const source = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'src');
  Object.defineProperty(HTMLMediaElement.prototype, 'src', {
    ...source,
    set(value) {
      const failing = !this.isConnected && String(value).startsWith('blob:');
      source.set.call(this, failing ? 'data:video/mp4;base64,AAAAAAAA' : value);
    },
  });
`;

describe('a lesson the hidden element could not load from its blob: URL', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openApp({ initScript: DETACHED_BLOB_FAILS });
    // The service worker is in control, as it is for a coach after the first visit.
    await session.page.getByTestId('offline-ready').waitFor({ timeout: 90_000 });
  });
  afterAll(async () => session?.close());

  it('is judged again from the service worker once stored, and plays', async () => {
    const { page } = session;
    await importFiles(page, 'lesson.mp4');
    await waitForStored(page, 'lesson');
    await expect.poll(async () => (await readTable<{ playability: string }>(page, 'lessons'))[0]?.playability, { timeout: 20_000 }).toBe('full');
    await page.goto(`${page.url().split('#')[0]}#/`);
    await page.getByTestId('lesson-item').first().waitFor();
    expect(await page.getByTestId('lesson-item').first().textContent()).not.toMatch(/does not play here/);
    expect(session.pageErrors).toEqual([]);
  });
});
