/**
 * Issue 18, item 1: a clip made from loop points off the frame and keyframe grid replays ten times
 * in a row in meeting mode, at 1x, 0.5x and 0.25x, without showing a frame from outside it. The
 * fixture has a keyframe every 25 s and B-frames (as some cameras write), so every jump back to the
 * clip start decodes from a keyframe seconds earlier.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles, openApp, readTable, waitForStored, type Session } from './harness';

type Clip = { id: string; start: number; end: number; order: number; replayCount: number };
/** The fixture's frame rate: one frame is the most the presented frame may lie before the clip start. */
const FPS = 25;
const PERSPECTIVES = ['teacher', 'pupils', 'trigger_outcome', 'language', 'body'];

/** What the page saw while a clip looped: every presented frame and every counter change. */
interface LoopRun {
  frames: number[];
  /** currentTime at every timeupdate, seeked and presented frame. */
  times: number[];
  /** [replays, perspective] at each change of the counter. */
  counts: Array<[number, string]>;
  replays: number;
  timedOut: boolean;
}

describe('meeting loop off the keyframe grid', () => {
  let session: Session;
  let duration = 0;
  const clips = async () => (await readTable<Clip>(session.page, 'clips')).sort((a, b) => a.order - b.order);
  const seek = async (t: number) => {
    await session.page.locator('video').evaluate((v: HTMLVideoElement, time) => (v.currentTime = time), t);
    await session.page.waitForFunction((time) => {
      const v = document.querySelector('video')!;
      return !v.seeking && Math.abs(v.currentTime - time) < 1e-6;
    }, t);
  };

  beforeAll(async () => {
    session = await openApp();
    await importFiles(session.page, 'export-keyframes-25s.mp4');
    await session.page.waitForURL(/#\/lesson\//);
    await waitForStored(session.page, 'export-keyframes-25s');
    await session.page.reload();
    await session.page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2);
    duration = await session.page.locator('video').evaluate((v: HTMLVideoElement) => v.duration);
  });
  afterAll(async () => session?.close());

  /** Set loop points with [ and ] and press Make clip. */
  async function makeClip(start: number, end: number): Promise<void> {
    const { page } = session;
    const before = (await clips()).length;
    await seek(start);
    await page.keyboard.press('[');
    await seek(end);
    await page.keyboard.press(']');
    await page.getByTestId('clip-from-loop').click();
    await expect.poll(async () => (await clips()).length).toBe(before + 1);
  }

  /** Select clip `index` in meeting mode, play it at `rate` until it has replayed `passes` more times. */
  async function loopClip(index: number, rate: string, passes: number, timeoutMs: number): Promise<LoopRun> {
    const { page } = session;
    await page.getByTestId('clip-select').nth(index).click();
    const clip = (await clips())[index];
    await page.waitForFunction((start) => {
      const v = document.querySelector('video')!;
      return !v.seeking && Math.abs(v.currentTime - start) < 1e-6 && v.readyState >= 2;
    }, clip.start);
    await page.getByTestId('meeting-rate').filter({ hasText: rate }).click();
    const run = page.evaluate(
      ({ passes, timeoutMs }) =>
        new Promise<LoopRun>((resolve) => {
          const video = document.querySelector('video')!;
          const counter = document.querySelector<HTMLElement>('[data-testid="replay-counter"]')!;
          const perspective = () => document.querySelector('[data-testid="perspective"]')?.getAttribute('data-perspective') ?? '';
          const replays = () => Number(counter.dataset.replays);
          const target = replays() + passes;
          const run: LoopRun = { frames: [], times: [], counts: [], replays: replays(), timedOut: false };
          let done = false;
          const finish = (timedOut: boolean) => {
            if (done) return;
            done = true;
            observer.disconnect();
            video.removeEventListener('timeupdate', onTime);
            video.removeEventListener('seeked', onTime);
            run.replays = replays();
            run.timedOut = timedOut;
            resolve(run);
          };
          const onTime = () => run.times.push(video.currentTime);
          video.addEventListener('timeupdate', onTime);
          video.addEventListener('seeked', onTime);
          const observer = new MutationObserver(() => {
            if (replays() === run.counts.at(-1)?.[0]) return;
            run.counts.push([replays(), perspective()]);
            if (replays() >= target) finish(false);
          });
          observer.observe(document.querySelector('[data-testid="meeting-mode"]')!, { subtree: true, attributes: true, attributeFilter: ['data-replays', 'data-perspective'] });
          const step = (_: number, meta: VideoFrameCallbackMetadata) => {
            run.frames.push(meta.mediaTime);
            run.times.push(video.currentTime);
            if (!done) video.requestVideoFrameCallback(step);
          };
          video.requestVideoFrameCallback(step);
          setTimeout(() => finish(true), timeoutMs);
        }),
      { passes, timeoutMs },
    );
    await page.getByTestId('meeting-play').click();
    const result = await run;
    await page.getByTestId('meeting-play').click();
    return result;
  }

  /** Ten passes, each counted once with the next perspective, and nothing shown from outside the clip. */
  function expectTenPasses(run: LoopRun, clip: Clip, first: number): void {
    expect(run.timedOut, `counter stopped at ${run.replays} (${run.counts.map((c) => c[0]).join(', ')})`).toBe(false);
    expect(run.counts.map(([n]) => n)).toEqual(Array.from({ length: 10 }, (_, i) => first + i + 1));
    for (const [n, p] of run.counts) expect(p).toBe(PERSPECTIVES[n % 5]);
    expect(run.frames.length).toBeGreaterThan(20);
    expect(Math.min(...run.frames)).toBeGreaterThanOrEqual(clip.start - 1 / FPS);
    expect(Math.max(...run.frames)).toBeLessThan(clip.end);
    expect(Math.min(...run.times)).toBeGreaterThanOrEqual(clip.start - 1 / FPS);
    expect(Math.max(...run.times)).toBeLessThanOrEqual(clip.end);
  }

  it('makes clips from loop points off the frame grid', async () => {
    // 30% of the lesson + 0.45 s (a quarter of the way into a frame, 20 s after a keyframe), and
    // two more far from keyframes, for the slower speeds.
    const start = duration * 0.3 + 0.45;
    await makeClip(start, start + 4);
    await makeClip(62.45, 63.95);
    await makeClip(86.45, 87.45);
    const made = await clips();
    expect(made.map((c) => [c.start, c.end])).toEqual([
      [start, start + 4],
      [62.45, 63.95],
      [86.45, 87.45],
    ]);
    expect(made.every((c) => Math.abs(c.start * FPS - Math.round(c.start * FPS)) > 0.1)).toBe(true);
    await session.page.getByTestId('open-meeting').click();
    await session.page.waitForURL(/\/meeting$/);
    await session.page.getByTestId('clip-item').nth(2).waitFor();
    await session.page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2);
  });

  it('replays a 4 s clip ten times at 1x', async () => {
    const run = await loopClip(0, '1×', 10, 90_000);
    expectTenPasses(run, (await clips())[0], 0);
    expect((await clips())[0].replayCount).toBe(10);
  });

  it('replays a 1.5 s clip ten times at 0.5x', async () => {
    const run = await loopClip(1, '0.5×', 10, 90_000);
    expectTenPasses(run, (await clips())[1], 0);
  });

  it('replays a 1 s clip ten times at 0.25x', async () => {
    const run = await loopClip(2, '0.25×', 10, 100_000);
    expectTenPasses(run, (await clips())[2], 0);
    expect(session.pageErrors).toEqual([]);
  });
});
