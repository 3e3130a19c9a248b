/** The built app on a lesson built from real recorded voices: the bands it stores and the wait times it measures. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FIXTURES, importFiles, openApp, readTable, type Session } from './harness';
import { labelFrames, scoreSegmentation, type LabelledSpan } from '../../workers/audio';
import { UNSURE_CONFIDENCE } from '../../src/core/talk';

/** tests/fixtures/make-fixtures.sh makes it: held-out speakers, other adults pitched up as pupils, four activities. */
const PLAN = 'teacher_talk:70,discussion:70,group_work:70,independent_work:40';
const NAME = execFileSync('node', [resolve(__dirname, '../fixtures/real/generate.mjs'), '--name-only', '1', '--out', 'real', '--seed', '7002', '--split', 'test', '--plan', PLAN], { encoding: 'utf8' }).trim();
const truth = () => JSON.parse(readFileSync(resolve(FIXTURES, `${NAME}.truth.json`), 'utf8')) as { duration: number; segments: LabelledSpan[]; questions: { asked: number; answered: number }[] };

type Segment = { start: number; end: number; label: string; confidence: number };
type StoredEntry = { kind: string; time: number; waitTime1: number | null; waitTimeSource?: string };

describe('real recorded voices in the app', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openApp();
  });
  afterAll(async () => session?.close());

  it('stores bands that find the teacher talking, the discussion, the groups and the quiet work', async () => {
    const { page } = session;
    await importFiles(page, `${NAME}.mp4`);
    await page.waitForURL(/#\/lesson\//);
    await page.waitForSelector('[data-testid="analysis-status"][data-state="done"]', { timeout: 120_000 });
    const [segments] = await readTable<{ auto: Segment[] }>(page, 'segments');
    const expected = truth();
    const score = scoreSegmentation(expected.segments, segments.auto as LabelledSpan[], expected.duration);
    expect(score.accuracy).toBeGreaterThan(0.85);
    // The first minute is the teacher explaining: most of it must be teacher talk, not discussion or group work.
    const predicted = labelFrames(segments.auto as LabelledSpan[], expected.duration);
    const teacherFrames = predicted.slice(0, 700).filter((l) => l === 'teacher_talk').length;
    expect(teacherFrames).toBeGreaterThan(560);
    for (const label of ['discussion', 'group_work', 'independent_work']) expect(score.labels[label as 'discussion']!.recall, label).toBeGreaterThan(0.7);
    // The bands on screen are the stored ones, and an unsure band says so.
    const bands = page.getByTestId('talk-band');
    expect(await bands.count()).toBe(segments.auto.length);
    for (let i = 0; i < segments.auto.length; i++) {
      expect(await bands.nth(i).getAttribute('data-unsure')).toBe(segments.auto[i].confidence < UNSURE_CONFIDENCE ? 'true' : null);
    }
  });

  it('measures wait time 1 of a question within 0.2 s of the truth', async () => {
    const { page } = session;
    const question = truth().questions[0];
    // The coach presses Q as the question ends, the video paused there.
    await page.locator('video').evaluate((v: HTMLVideoElement, t: number) => { v.pause(); v.currentTime = t; }, question.asked - 0.3);
    await page.waitForFunction((t) => Math.abs(document.querySelector('video')!.currentTime - t) < 0.05, question.asked - 0.3);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('q');
    await expect.poll(async () => (await readTable<StoredEntry>(page, 'entries')).filter((e) => e.kind === 'teacher_question').length).toBe(1);
    const [entry] = (await readTable<StoredEntry>(page, 'entries')).filter((e) => e.kind === 'teacher_question');
    expect(entry.waitTimeSource).toBe('auto');
    expect(entry.waitTime1).not.toBeNull();
    expect(Math.abs(entry.waitTime1! - (question.answered - question.asked))).toBeLessThanOrEqual(0.2);
  });
});
