/**
 * Issue 26, item 3: the core journey in Firefox ESR, in a persistent profile: import, play, analysis
 * done, log by key, clip, meeting loop, fast export, and a reload that keeps it all and plays the
 * stored lesson.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { byTestId, importFiles, openFirefox, readTable, seekAndPlay, until, waitForStored, waitForVideo, type FirefoxSession } from './harness';

type Entry = { kind: string; time: number };
type Clip = { start: number; end: number; replayCount: number };

describe('Firefox: the core journey', () => {
  let session: FirefoxSession;
  const page = () => session.page;
  /** Seek the workbench's video and wait until the seek has ended. */
  const seek = async (time: number) => {
    await page().evaluate((t) => {
      document.querySelector('video')!.currentTime = t;
    }, time);
    await page().waitForFunction((t) => {
      const v = document.querySelector('video')!;
      return !v.seeking && Math.abs(v.currentTime - t) < 0.01;
    }, {}, time);
  };
  /** Leave any focused field, so keys reach the app's shortcuts. */
  const blur = () => page().evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

  beforeAll(async () => {
    session = await openFirefox();
  });
  afterAll(async () => session?.close());

  it('imports a lesson and plays it', async () => {
    await importFiles(page(), 'lesson.mp4');
    await page().waitForFunction(() => location.hash.startsWith('#/lesson/'), { timeout: 60_000 });
    await byTestId(page(), 'playback-bar');
    await waitForVideo(page());
    const played = await seekAndPlay(page(), 2);
    expect(played.error).toBeNull();
    expect(played.playMs).not.toBeNull();
    await waitForStored(page(), 'lesson');
  });

  it('finishes the analysis and draws talk bands', async () => {
    await page().waitForSelector('[data-testid="analysis-status"][data-state="done"]', { timeout: 120_000 }).catch(async (error: unknown) => {
      // Say where the analysis stood, for whoever looks into a failure: its stored row, what the page shows and logged.
      const rows = await readTable<Record<string, unknown>>(page(), 'analyses');
      const stored = rows.map(({ state, decoder, error: failure, heartbeat, updatedAt }) => ({ state, decoder, failure, heartbeat, updatedAt, now: Date.now() }));
      const shown = await page().evaluate(() => document.querySelector('[data-testid="analysis-status"]')?.outerHTML ?? null);
      throw new Error(`${String(error)}; analysis ${JSON.stringify(stored)}; shown ${shown}; console errors ${JSON.stringify(session.consoleErrors.slice(-5))}; page errors ${JSON.stringify(session.pageErrors.slice(-5))}`);
    });
    // The bands are drawn inside the waveform's shadow root.
    await page().waitForSelector('>>> [data-testid="talk-band"]', { timeout: 10_000 });
  });

  it('logs a teacher question by key and makes a clip from loop points', async () => {
    await blur();
    await seek(5);
    await page().keyboard.press('q');
    await until(async () => (await readTable<Entry>(page(), 'entries')).some((e) => e.kind === 'teacher_question' && Math.abs(e.time - 5) < 0.5), 10_000, 'the question logged');
    await blur();
    await seek(4);
    await page().keyboard.press('[');
    await seek(8);
    await page().keyboard.press(']');
    await (await byTestId(page(), 'clip-from-loop')).click();
    await until(async () => (await readTable<Clip>(page(), 'clips')).length === 1, 10_000, 'the clip stored');
    const [clip] = await readTable<Clip>(page(), 'clips');
    expect([clip.start, clip.end]).toEqual([4, 8]);
  });

  it('loops the clip in meeting mode: the counter goes 0 to 3 and every frame lies inside the clip', async () => {
    await (await byTestId(page(), 'open-meeting')).click();
    await byTestId(page(), 'clip-item');
    await waitForVideo(page());
    await page().waitForFunction(() => {
      const v = document.querySelector('video')!;
      return !v.seeking && Math.abs(v.currentTime - 4) < 0.01;
    });
    expect(await page().$eval('[data-testid="replay-counter"]', (el) => el.getAttribute('data-replays'))).toBe('0');
    const watched = page().evaluate(
      () =>
        new Promise<{ times: number[]; replays: number }>((resolve, reject) => {
          const video = document.querySelector('video')!;
          const counter = document.querySelector<HTMLElement>('[data-testid="replay-counter"]')!;
          const times: number[] = [];
          let watching = true;
          const step = (_: number, meta: VideoFrameCallbackMetadata) => {
            times.push(meta.mediaTime);
            if (watching) video.requestVideoFrameCallback(step);
          };
          video.requestVideoFrameCallback(step);
          const onTime = () => times.push(video.currentTime);
          video.addEventListener('timeupdate', onTime);
          const timer = setTimeout(() => reject(new Error(`counter stopped at ${counter.dataset.replays}`)), 60_000);
          new MutationObserver((_, observer) => {
            if (Number(counter.dataset.replays) < 3) return;
            watching = false;
            observer.disconnect();
            clearTimeout(timer);
            video.removeEventListener('timeupdate', onTime);
            resolve({ times, replays: Number(counter.dataset.replays) });
          }).observe(counter, { attributes: true, attributeFilter: ['data-replays'] });
        }),
    );
    await (await byTestId(page(), 'meeting-play')).click();
    const { times, replays } = await watched;
    await (await byTestId(page(), 'meeting-play')).click();
    expect(replays).toBe(3);
    expect(times.length).toBeGreaterThan(20);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(4 - 1 / 25);
    expect(Math.max(...times)).toBeLessThanOrEqual(8);
    await (await byTestId(page(), 'meeting-close')).click();
    await byTestId(page(), 'playback-bar');
  });

  it('exports the clip fast (stream copy) as a file that plays', async () => {
    await (await byTestId(page(), 'tab-lesson')).click();
    await (await byTestId(page(), 'export-mode-fast')).click();
    await byTestId(page(), 'fast-range');
    await (await byTestId(page(), 'export-clips')).click();
    let saved = '';
    await until(async () => {
      saved = readdirSync(session.downloads).find((name) => name.endsWith('.mp4')) ?? '';
      return saved !== '' && (await page().$('[data-testid="export-job"][data-state="done"]')) !== null;
    }, 120_000, 'the exported clip downloaded');
    const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name', '-of', 'json', join(session.downloads, saved)]).toString());
    expect(probe.streams.map((s: { codec_name: string }) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    // Keyframes every 2 s in the fixture: the cut covers 4-8 s, give or take one keyframe interval.
    expect(Number(probe.format.duration)).toBeGreaterThan(3.9);
    expect(Number(probe.format.duration)).toBeLessThan(6.1);
  });

  it('after a reload keeps the entry and the clip, and plays the stored lesson from the service worker', async () => {
    await page().reload();
    await waitForVideo(page());
    expect(await page().evaluate(() => document.querySelector('video')!.currentSrc)).toMatch(/\/lesson-media\//);
    const played = await seekAndPlay(page(), 20);
    expect(played.error).toBeNull();
    expect(Math.abs(played.landed - 20)).toBeLessThan(1);
    expect(played.playMs).not.toBeNull();
    expect(await page().$eval('[data-testid="clip-count"]', (el) => el.textContent)).toBe('1 clip');
    expect((await readTable<Entry>(page(), 'entries')).map((e) => e.kind)).toEqual(['teacher_question']);
    expect(session.pageErrors).toEqual([]);
  });
});
