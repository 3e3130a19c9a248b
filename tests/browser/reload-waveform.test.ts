/**
 * A stored, analysed lesson opened again after a reload: its bands and waveform are drawn as on the first
 * visit. Once a service worker serves stored lessons, the video's metadata arrives after the stored bands
 * and peaks, and the waveform drew every band at 0 s with no width (one copy per redraw) over a flat line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles, openApp, readTable, waitForStored, type Session } from './harness';

type Segment = { start: number; end: number; label: string };

/** Width in pixels of each drawn band, and whether the waveform has any drawn (non-blank) pixels in its middle row. */
async function drawn(session: Session): Promise<{ widths: number[]; inked: boolean }> {
  return session.page.evaluate(() => {
    const host = document.querySelector('[data-testid="waveform"]')!;
    const root = [...host.querySelectorAll('*')].find((e) => e.shadowRoot)!.shadowRoot!;
    const widths = [...root.querySelectorAll<HTMLElement>('[data-testid="talk-band"]')].map((b) => b.getBoundingClientRect().width);
    let inked = false;
    for (const canvas of root.querySelectorAll('canvas')) {
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0 || canvas.height === 0) continue;
      // A flat waveform is a thin line at mid-height; peaks fill a quarter of the height above it.
      const row = context.getImageData(0, Math.floor(canvas.height / 4), canvas.width, 1).data;
      for (let i = 3; i < row.length; i += 4) if (row[i] > 0) inked = true;
    }
    return { widths, inked };
  });
}

describe('a stored lesson after a reload', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openApp();
    // Stored lessons play from the service worker once it controls the page.
    await session.page.getByTestId('offline-ready').waitFor({ timeout: 90_000 });
  });
  afterAll(async () => session?.close());

  it('shows each band once, across its time, over the stored waveform', async () => {
    const { page } = session;
    await importFiles(page, 'synth/lesson-s12-0-1.5m.mp4');
    await page.waitForURL(/#\/lesson\//);
    await page.waitForSelector('[data-testid="analysis-status"][data-state="done"]', { timeout: 90_000 });
    await waitForStored(page, 'lesson-s12-0-1.5m');
    const [{ auto }] = await readTable<{ auto: Segment[] }>(page, 'segments');
    expect(auto.length).toBeGreaterThan(1);
    await page.reload();
    await page.waitForSelector('[data-testid="analysis-status"][data-state="done"]', { timeout: 90_000 });
    expect(await page.locator('video').evaluate((v: HTMLVideoElement) => v.currentSrc)).toContain('/lesson-media/');
    await expect.poll(async () => (await drawn(session)).inked, { timeout: 20_000 }).toBe(true);
    const { widths } = await drawn(session);
    expect(widths.length).toBe(auto.length);
    const total = widths.reduce((a, b) => a + b, 0);
    auto.forEach((segment, k) => expect(widths[k] / total).toBeCloseTo((segment.end - segment.start) / auto.at(-1)!.end, 1));
    expect(session.pageErrors).toEqual([]);
  });
});
