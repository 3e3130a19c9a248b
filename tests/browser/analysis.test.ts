/** Analysis in the workbench: waveform, talk bands, time budget, corrections, reuse, export. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { APP_URL, fixture, importFiles, openApp, readTable, waitForStored, type Session } from './harness';
import { scoreSegmentation, scoreVoiceActivity, type LabelledSpan } from '../../workers/audio';

/** The generated 90-second lesson with its ground truth (tests/fixtures/make-fixtures.sh). */
const SYNTH = 'synth/lesson-s12-0-1.5m';
const truth = () => JSON.parse(readFileSync(fixture(`${SYNTH}.truth.json`), 'utf8')) as { duration: number; segments: LabelledSpan[]; speech: Array<{ start: number; end: number }> };

type Segment = { start: number; end: number; label: string; confidence: number };

describe('talk-time analysis', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openApp();
  });
  afterAll(async () => session?.close());

  const status = () => session.page.getByTestId('analysis-status');
  /** Click in the middle of a band (bands let the pointer through to the waveform, which selects them). */
  const clickBand = async (index: number) => {
    await session.page.getByTestId('waveform').scrollIntoViewIfNeeded();
    const box = (await session.page.getByTestId('talk-band').nth(index).boundingBox())!;
    await session.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  };
  const waitForState = (state: string) => session.page.waitForSelector(`[data-testid="analysis-status"][data-state="${state}"]`, { timeout: 90_000 });

  it('analyses a lesson on import: waveform, bands and a time budget', async () => {
    const { page } = session;
    await importFiles(page, `${SYNTH}.mp4`);
    await page.waitForURL(/#\/lesson\//);
    await waitForState('done');
    await waitForStored(page, 'lesson-s12-0-1.5m');
    const [analysis] = await readTable<{ state: string; decoder: string; peaks: Array<{ binsPerSecond: number }>; voiceActivity: { speech: Uint8Array; frameDuration: number } }>(page, 'analyses');
    expect(analysis.state).toBe('done');
    expect(analysis.decoder).toBe('webcodecs');
    expect(analysis.peaks.map((p) => p.binsPerSecond).sort((a, b) => a - b)).toEqual([1, 10, 100]);
    const [segments] = await readTable<{ auto: Segment[]; corrected: Segment[] | null }>(page, 'segments');
    expect(segments.corrected).toBeNull();
    expect(segments.auto[0].start).toBe(0);
    expect(Math.abs(segments.auto.at(-1)!.end - 90)).toBeLessThan(1);
    // The browser pipeline (WebCodecs decode, resampling, features, segmenter) against the ground truth.
    const expected = truth();
    const score = scoreSegmentation(expected.segments, segments.auto as LabelledSpan[], expected.duration);
    expect(score.accuracy).toBeGreaterThan(0.85);
    const voice = scoreVoiceActivity(expected.speech, analysis.voiceActivity.speech, expected.duration, analysis.voiceActivity.frameDuration);
    expect(voice.accuracy).toBeGreaterThan(0.88);
    expect(await page.locator('[data-testid="waveform"] canvas').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('talk-band').count()).toBe(segments.auto.length);
    const shares = (await page.getByTestId('budget-share').allTextContents()).map((t) => Number.parseInt(t));
    expect(shares.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(98);
    expect(shares.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(102);
  });

  it('seeks the video when the waveform is clicked', async () => {
    const { page } = session;
    const box = (await page.getByTestId('waveform').boundingBox())!;
    await page.getByTestId('waveform').click({ position: { x: box.width * 0.75, y: 30 } });
    const t = await page.locator('video').evaluate((v: HTMLVideoElement) => v.currentTime);
    const duration = await page.locator('video').evaluate((v: HTMLVideoElement) => v.duration);
    expect(t / duration).toBeGreaterThan(0.65);
    expect(t / duration).toBeLessThan(0.85);
  });

  it('keeps the automatic result and the correction; figures follow the correction; reset is one click', async () => {
    const { page } = session;
    const [{ auto }] = await readTable<{ auto: Segment[] }>(page, 'segments');
    const other = auto[0].label === 'independent_work' ? 'teacher_talk' : 'independent_work';
    await clickBand(0);
    await page.getByTestId('band-label').selectOption(other);
    await page.getByTestId('bands-corrected').waitFor();
    const [record] = await readTable<{ auto: Segment[]; corrected: Segment[] }>(page, 'segments');
    expect(record.auto[0].label).toBe(auto[0].label);
    expect(record.corrected[0].label).toBe(other);
    expect(await page.locator('[data-testid="budget-line"][data-label="teacher_talk"]').count()).toBe(
      record.corrected.some((s) => s.label === 'teacher_talk') ? 1 : 0,
    );
    await page.getByTestId('band-undo').click();
    await page.getByTestId('bands-corrected').waitFor({ state: 'detached' });
    await clickBand(0);
    await page.getByTestId('band-label').selectOption('group_work');
    await page.getByTestId('band-reset').click();
    await page.getByTestId('bands-corrected').waitFor({ state: 'detached' });
    expect((await readTable<{ corrected: Segment[] | null }>(page, 'segments'))[0].corrected).toBeNull();
  });

  it('reuses the stored analysis on the next open instead of re-running it', async () => {
    const { page } = session;
    const [before] = await readTable<{ updatedAt: number }>(page, 'analyses');
    await page.reload();
    await waitForState('done');
    const [after] = await readTable<{ updatedAt: number }>(page, 'analyses');
    expect(after.updatedAt).toBe(before.updatedAt);
  });

  it('exports the project JSON with the segments', async () => {
    const { page } = session;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-project').click()]);
    expect(download.suggestedFilename()).toMatch(/\.reframe\.json$/);
    const project = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(project).toMatchObject({ format: 'reframe.project', version: 1 });
    expect(Math.abs(project.lesson.duration - 90)).toBeLessThan(1);
    expect(project.segments.auto.length).toBeGreaterThan(0);
    expect(project.segments.corrected).toEqual(project.segments.auto);
    for (const s of project.segments.auto) expect(Object.keys(s).sort()).toEqual(['confidence', 'end', 'label', 'start']);
  });

  it('says plainly when a lesson has no audio track', async () => {
    const { page } = session;
    await page.goto(APP_URL + '#/');
    await importFiles(page, 'no-audio.mp4');
    await page.waitForURL(/#\/lesson\//);
    await waitForState('no-audio');
    await expect(status().textContent()).resolves.toMatch(/no audio track/);
  });

  it('analyses the sound of a video it cannot show (HEVC), and WebM through ffmpeg.wasm', async () => {
    const { page } = session;
    for (const name of ['hevc.mp4', 'lesson.webm']) {
      await page.goto(APP_URL + '#/');
      await importFiles(page, name);
      await page.waitForURL(/#\/lesson\//);
      await waitForState('done');
    }
    const analyses = await readTable<{ state: string; decoder: string }>(page, 'analyses');
    expect(analyses.filter((a) => a.state === 'done').map((a) => a.decoder).sort()).toEqual(['ffmpeg', 'webcodecs', 'webcodecs']);
    expect(session.pageErrors).toEqual([]);
    // Nothing was fetched from anywhere but the app's own origin.
    expect(session.requests.filter((url) => !url.startsWith(APP_URL) && !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual([]);
  });
});
