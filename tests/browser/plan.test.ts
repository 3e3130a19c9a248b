/** Lesson-plan timeboxes against the talk bands, pre-watch in a time budget, and jumping by segment. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles, openApp, readTable, waitForStored, type Session } from './harness';

type Phase = { name: string; plannedMinutes: number; start?: number | null };
type Plan = { phases: Phase[]; prewatchMinutes: number | null; prewatchOverrides: Record<string, number> };
type Segment = { start: number; end: number; label: string };

describe('plan and pre-watch', () => {
  let session: Session;
  let segments: Segment[] = [];
  const plan = async () => (await readTable<Plan>(session.page, 'plans'))[0];
  const rate = () => session.page.locator('video').evaluate((v: HTMLVideoElement) => v.playbackRate);
  const time = () => session.page.locator('video').evaluate((v: HTMLVideoElement) => v.currentTime);

  beforeAll(async () => {
    session = await openApp();
    await importFiles(session.page, 'synth/lesson-s12-0-1.5m.mp4');
    await session.page.waitForSelector('[data-testid="analysis-status"][data-state="done"]', { timeout: 90_000 });
    await waitForStored(session.page, 'lesson-s12-0-1.5m');
    segments = (await readTable<{ auto: Segment[] }>(session.page, 'segments'))[0].auto;
  });
  afterAll(async () => session?.close());

  it('starts from the default timeboxes and proposes boundaries at talk-band changes', async () => {
    const { page } = session;
    await page.getByTestId('tab-plan').click();
    await page.getByTestId('plan-phase').first().waitFor();
    expect(await page.getByTestId('plan-phase').count()).toBe(4);
    await page.getByTestId('plan-propose').click();
    await expect.poll(async () => (await plan())?.phases.filter((p) => p.start != null).length).toBe(4);
    const starts = (await plan()).phases.map((p) => p.start!);
    const boundaries = new Set(segments.map((s) => s.start));
    expect(starts[0]).toBe(0);
    // Every proposed start after the first sits on a talk-band boundary (or the scaled planned time).
    expect(starts.slice(1).filter((t) => boundaries.has(t)).length).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('plan-row').count()).toBe(4);
  });

  it('edits planned minutes, adds a phase, and keeps it all after a reload', async () => {
    const { page } = session;
    await page.getByTestId('plan-minutes').first().fill('12');
    await page.getByTestId('plan-minutes').first().press('Tab');
    await page.getByTestId('plan-add').click();
    await expect.poll(async () => (await plan()).phases.length).toBe(5);
    await page.reload();
    await page.getByTestId('tab-plan').click();
    // The panel waits for the stored plan (the default four phases never flash up first).
    await page.getByTestId('plan-phase').first().waitFor();
    expect(await page.getByTestId('plan-phase').count()).toBe(5);
    expect((await plan()).phases[0].plannedMinutes).toBe(12);
    expect(await page.getByTestId('plan-planned').first().textContent()).toBe('12 min');
  });

  it('plans pre-watch speeds per talk label so the lesson fits the time available', async () => {
    const { page } = session;
    await page.getByTestId('tab-prewatch').click();
    await page.getByTestId('prewatch-minutes').fill('1');
    await page.getByTestId('prewatch-minutes').press('Enter');
    await expect(page.getByTestId('prewatch-summary').textContent()).resolves.toMatch(/Planned viewing time 1:00/);
    const rates = Object.fromEntries(
      await Promise.all(
        (await page.getByTestId('prewatch-rate').all()).map(async (row) => [await row.getAttribute('data-label'), Number.parseFloat((await row.getByTestId('prewatch-rate-value').textContent()) ?? '')]),
      ),
    );
    // Discussion is watched nearest normal speed, quiet independent work fastest.
    expect(rates.independent_work).toBeGreaterThan(rates.group_work ?? 0);
    expect(rates.group_work ?? Infinity).toBeGreaterThan(rates.discussion ?? 0);
    // The planned speeds fit the 90 s lesson into 60 s.
    const seconds = segments.reduce((sum, s) => sum + (s.end - s.start) / rates[s.label], 0);
    expect(Math.abs(seconds - 60)).toBeLessThan(2);
    expect((await plan()).prewatchMinutes).toBe(1);
  });

  it('plays at the planned speed for the band under the playhead, and a speed key hands control back', async () => {
    const { page } = session;
    await page.getByTestId('prewatch-apply').check();
    const quiet = segments.find((s) => s.label === 'independent_work')!;
    await page.locator('video').evaluate((v: HTMLVideoElement, t) => (v.currentTime = t), quiet.start + 2);
    await page.locator('video').evaluate((v: HTMLVideoElement) => v.play());
    await expect.poll(rate).toBeGreaterThan(2);
    // The planned speed is applied on each time update: count those that arrive after the key.
    await page.locator('video').evaluate((v: HTMLVideoElement) => {
      const counted = v as HTMLVideoElement & { timeUpdatesAfterKey?: number };
      counted.timeUpdatesAfterKey = 0;
      v.addEventListener('timeupdate', () => (counted.timeUpdatesAfterKey! += 1));
    });
    await page.keyboard.press('=');
    expect(await rate()).toBe(1);
    // Three time updates later (each one a chance for the plan to take speed back), still playing
    // through the quiet band, but at the coach's speed now.
    await page.locator('video').evaluate(
      (v: HTMLVideoElement) =>
        new Promise<void>((resolve) => {
          const counted = v as HTMLVideoElement & { timeUpdatesAfterKey?: number };
          const check = () => ((counted.timeUpdatesAfterKey ?? 0) >= 3 ? resolve() : v.addEventListener('timeupdate', check, { once: true }));
          check();
        }),
    );
    expect(await time()).toBeLessThan(quiet.end);
    expect(await rate()).toBe(1);
    expect(await page.getByTestId('prewatch-apply').isChecked()).toBe(false);
    await page.locator('video').evaluate((v: HTMLVideoElement) => v.pause());
  });

  it('jumps to the next and previous talk-time segment with PageDown / PageUp', async () => {
    const { page } = session;
    await page.locator('video').evaluate((v: HTMLVideoElement) => (v.currentTime = 1));
    await page.keyboard.press('PageDown');
    expect(await time()).toBeCloseTo(segments[1].start, 1);
    await page.keyboard.press('PageDown');
    expect(await time()).toBeCloseTo(segments[2].start, 1);
    await page.keyboard.press('PageUp');
    expect(await time()).toBeCloseTo(segments[1].start, 1);
    expect(session.pageErrors).toEqual([]);
  });
});
