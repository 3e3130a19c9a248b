/**
 * Issue 26, item 2, in Firefox: what this browser's media element plays of each file decides the
 * lesson's message (a MOV with 16-bit big-endian PCM shows its picture silently; one with 24-bit PCM
 * does not load at all), and a request for persistent storage that the coach has not answered shows
 * "waiting for your answer" without holding anything up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_URL, byTestId, importFiles, openFirefox, readTable, waitForStored, type FirefoxSession } from './harness';

type Lesson = { title: string; playability: string };

describe('Firefox: what plays of each file, and an unanswered storage question', () => {
  let session: FirefoxSession;
  beforeAll(async () => {
    session = await openFirefox({ persistence: 'unanswered' });
  });
  afterAll(async () => session?.close());

  const importAndRead = async (name: string) => {
    const { page } = session;
    await page.goto(APP_URL + '#/');
    await importFiles(page, name);
    await page.waitForFunction(() => location.hash.startsWith('#/lesson/'), { timeout: 60_000 });
    const title = name.replace(/\.[^.]+$/, '');
    await waitForStored(page, title);
    const notice = await (await byTestId(page, 'playability-notice', 10_000)).evaluate((el) => el.textContent ?? '');
    const lesson = (await readTable<Lesson>(page, 'lessons')).find((l) => l.title === title)!;
    return { notice, playability: lesson.playability };
  };

  it('says it is waiting for the answer to the storage question, and shows the figures meanwhile', async () => {
    const { page } = session;
    const asking = await byTestId(page, 'persist-asking');
    expect(await asking.evaluate((el) => el.textContent)).toMatch(/waiting for your answer/);
    await page.waitForFunction(() => !/^Storage: 0 B of 0 B/.test(document.querySelector('[data-testid="storage-meter"]')?.textContent?.trim() ?? ''));
  });

  it('keeps a MOV whose PCM sound Firefox plays silent, and says there is no sound here and what to do', async () => {
    const { notice, playability } = await importAndRead('lesson-pcm-s16be.mov');
    expect(playability).toBe('picture-only');
    expect(notice).toMatch(/shows the picture of this video but can't play its sound \(PCM \(uncompressed\)\)/);
    expect(notice).toMatch(/convert the sound to AAC/);
    expect(notice).not.toMatch(/The sound plays/);
  });

  it('keeps a MOV Firefox cannot load at all, and says neither picture nor sound plays here', async () => {
    const { notice, playability } = await importAndRead('lesson-pcm-s24le.mov');
    expect(playability).toBe('none');
    expect(notice).toMatch(/can play neither the picture nor the sound/);
    expect(notice).not.toMatch(/The sound plays/);
  });

  it('marks each card with what does not play here, and imported meanwhile without an answer', async () => {
    const { page } = session;
    await page.goto(APP_URL + '#/');
    await byTestId(page, 'playability-tag');
    const tags = await page.$$eval('[data-testid="playability-tag"]', (els) => els.map((el) => el.textContent).sort());
    expect(tags).toEqual(['does not play here', 'no sound here']);
    expect(await page.$('[data-testid="persist-asking"]')).not.toBeNull();
  });
});
