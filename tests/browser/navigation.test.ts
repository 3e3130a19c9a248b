/** Moving around the app without a reload: each screen's shortcuts come off when it closes (issue 25, item 1). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { importFiles, openApp, readTable, waitForStored, type Session } from './harness';

describe('shortcuts after library → workbench → meeting → workbench → library → workbench', () => {
  let session: Session;
  const entries = () => readTable<{ kind: string }>(session.page, 'entries');

  /** The workbench is open and its commands are registered (it shows the playback bar in the same step). */
  const workbenchReady = (page: Page) => page.getByTestId('playback-bar').waitFor();
  const toLibrary = async (page: Page) => {
    await page.getByRole('link', { name: '← Library' }).click();
    await page.getByTestId('lesson-item').first().waitFor();
  };
  const toWorkbench = async (page: Page) => {
    await page.getByTestId('lesson-item').first().click();
    await workbenchReady(page);
  };
  /** Open the shortcut overlay with `?`; returns its text, after checking there is exactly one. */
  const overlayText = async (page: Page, waitForText?: string) => {
    await page.keyboard.press('?');
    const overlay = page.getByTestId('help-overlay');
    await overlay.waitFor({ timeout: 5_000 });
    if (waitForText) await overlay.getByText(waitForText, { exact: true }).waitFor({ timeout: 10_000 });
    expect(await overlay.count()).toBe(1);
    const text = (await overlay.textContent()) ?? '';
    await page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'detached' });
    return text;
  };

  beforeAll(async () => {
    session = await openApp();
    await importFiles(session.page, 'lesson.mp4');
    await session.page.waitForURL(/#\/lesson\//);
    await waitForStored(session.page, 'lesson');
    await workbenchReady(session.page);
  });
  afterAll(async () => session?.close());

  it('opens one overlay each time and runs only the commands of the screen on view', async () => {
    const { page } = session;
    await toLibrary(page);
    await toWorkbench(page);
    await page.getByTestId('open-meeting').click();
    await page.getByTestId('meeting-mode').waitFor();
    // Meeting mode lists its own keys (once they are registered) and no logging key: the overlay reads
    // the same list the keys are dispatched from, so Q has nothing to run here.
    const inMeeting = await overlayText(page, 'Next clip');
    expect(inMeeting).not.toMatch(/Log teacher question/);
    await page.keyboard.press('q');

    await page.getByTestId('meeting-close').click();
    await workbenchReady(page);
    await page.keyboard.press('q');
    // IndexedDB runs read-write transactions in the order they were started, so once the workbench's
    // entry is stored, one logged from meeting mode before it would be stored too.
    await expect.poll(async () => (await entries()).length).toBeGreaterThan(0);
    expect((await entries()).map((e) => e.kind)).toEqual(['teacher_question']);

    await toLibrary(page);
    await toWorkbench(page);
    const inWorkbench = await overlayText(page);
    expect(inWorkbench.match(/Log teacher question/g)).toHaveLength(1);
    expect(inWorkbench.match(/Next clip/g)).toBeNull();
    expect(session.pageErrors).toEqual([]);
  });
});
