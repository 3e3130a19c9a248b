/**
 * Issue 18, item 4: sound the analysis must read whatever way the file stores it. A MOV with PCM sound
 * (as cameras and recorders write it) was taken for a video without sound; a file with two microphones
 * did not say which one was analysed, nor let the coach choose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_URL, importFiles, openApp, readTable, until, type Session } from './harness';

type Segment = { start: number; end: number; label: string };
interface StoredAnalysis {
  lessonId: string;
  state: string;
  decoder: string | null;
  voiceActivity: { frameDuration: number; speech: Uint8Array } | null;
  audioTrack?: number;
  audioTracks?: Array<{ codec: string }>;
}

describe('lesson sound in other formats', () => {
  let session: Session;
  beforeAll(async () => {
    session = await openApp();
  });
  afterAll(async () => session?.close());

  const waitForState = (state: string) => session.page.waitForSelector(`[data-testid="analysis-status"][data-state="${state}"]`, { timeout: 90_000 });
  /** Import a fixture from the library and wait for its analysis to finish (or give up). */
  const importAndAnalyse = async (name: string) => {
    const { page } = session;
    await page.goto(APP_URL);
    await importFiles(page, name);
    await page.waitForURL(/#\/lesson\//);
    await page.waitForSelector('[data-testid="analysis-status"]:is([data-state="done"], [data-state="no-audio"], [data-state="error"])', { timeout: 90_000 });
    const id = decodeURIComponent(page.url().replace(/^.*#\/lesson\//, '').replace(/[/?].*$/, ''));
    return id;
  };
  const analysisOf = async (lessonId: string) => (await readTable<StoredAnalysis>(session.page, 'analyses')).find((a) => a.lessonId === lessonId)!;
  const segmentsOf = async (lessonId: string) => (await readTable<{ lessonId: string; auto: Segment[] }>(session.page, 'segments')).find((s) => s.lessonId === lessonId)!;
  /** Seconds of speech the analysis found. */
  const speechSeconds = (analysis: StoredAnalysis) => {
    const { frameDuration, speech } = analysis.voiceActivity!;
    let frames = 0;
    for (const frame of Object.values(speech)) frames += frame ? 1 : 0;
    return frames * frameDuration;
  };

  /** Voice activity of the same lesson with AAC sound (lesson.mp4), which the PCM files were made from. */
  let reference: number[] = [];
  it('analyses the AAC original first, as the reference', async () => {
    const id = await importAndAnalyse('lesson.mp4');
    const analysis = await analysisOf(id);
    expect(analysis.state).toBe('done');
    reference = Object.values(analysis.voiceActivity!.speech);
    expect(speechSeconds(analysis)).toBeGreaterThan(8);
  });

  /** Lesson ids by fixture name. */
  const lessons = new Map<string, string>();
  for (const name of ['lesson-pcm-s24le.mov', 'lesson-pcm-s16be.mov', 'lesson-pcm-f32le.mov']) {
    it(`analyses the PCM sound of ${name}: speech found, bands shown`, async () => {
      const { page } = session;
      const id = await importAndAnalyse(name);
      lessons.set(name, id);
      expect(await page.getByTestId('analysis-status').getAttribute('data-state')).toBe('done');
      expect(await page.getByText(/no audio track/i).count()).toBe(0);
      const lesson = (await readTable<{ id: string; hasAudio: boolean; audioCodec: string | null }>(page, 'lessons')).find((l) => l.id === id)!;
      expect(lesson.hasAudio).toBe(true);
      const analysis = await analysisOf(id);
      expect(analysis.state).toBe('done');
      // Read from the container directly, not through the slow ffmpeg.wasm fallback.
      expect(analysis.decoder).toBe('pcm');
      // The lesson talks for about 15 of its 29 seconds.
      expect(speechSeconds(analysis)).toBeGreaterThan(8);
      // Frame by frame the same voices as in the AAC original (samples read in the wrong byte order are noise throughout).
      const speech = Object.values(analysis.voiceActivity!.speech);
      const agree = reference.filter((frame, i) => Boolean(frame) === Boolean(speech[i])).length;
      expect(agree / reference.length).toBeGreaterThan(0.95);
      const { auto } = await segmentsOf(id);
      expect(auto.length).toBeGreaterThan(0);
      expect(Math.abs(auto.at(-1)!.end - 29)).toBeLessThan(1);
      expect(auto.some((s) => s.label === 'teacher_talk' || s.label === 'discussion')).toBe(true);
      expect(await page.getByTestId('talk-band').count()).toBe(auto.length);
    });
  }

  it('looks again at a PCM lesson stored as having no audio track (as imports before PCM was read left it)', async () => {
    const { page } = session;
    const id = lessons.get('lesson-pcm-s24le.mov')!;
    await page.goto(APP_URL);
    await page.getByTestId('lesson-item').first().waitFor();
    // What an earlier import and analysis stored: no audio, and no list of sound tracks.
    await page.evaluate(
      (lessonId) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('reframe');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const database = open.result;
            const tx = database.transaction(['lessons', 'analyses', 'segments'], 'readwrite');
            const lessonsStore = tx.objectStore('lessons');
            const get = lessonsStore.get(lessonId);
            get.onsuccess = () => lessonsStore.put({ ...get.result, hasAudio: false, audioCodec: null });
            const analyses = tx.objectStore('analyses');
            const old = analyses.get(lessonId);
            old.onsuccess = () =>
              analyses.put({ lessonId, state: 'no-audio', algorithmVersion: old.result.algorithmVersion, decoder: null, peaks: [], voiceActivity: null, error: null, elapsedMs: null, heartbeat: 0, updatedAt: 0 });
            tx.objectStore('segments').delete(lessonId);
            tx.oncomplete = () => {
              database.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      id,
    );
    await page.goto(`${APP_URL}#/lesson/${encodeURIComponent(id)}`);
    await waitForState('done');
    const analysis = await analysisOf(id);
    expect(analysis.decoder).toBe('pcm');
    expect(speechSeconds(analysis)).toBeGreaterThan(8);
    expect((await segmentsOf(id)).auto.length).toBeGreaterThan(0);
    // The lesson no longer claims to be silent.
    await page.getByTestId('no-audio-notice').waitFor({ state: 'detached' });
    const lesson = (await readTable<{ id: string; hasAudio: boolean }>(page, 'lessons')).find((l) => l.id === id)!;
    expect(lesson.hasAudio).toBe(true);
  });

  it('says in plain words that it cannot decode a sound track it does not know, not that there is none', async () => {
    const { page } = session;
    const id = await importAndAnalyse('undecodable-sound.mov');
    const status = page.getByTestId('analysis-status');
    expect(await status.getAttribute('data-state')).toBe('error');
    const text = (await status.textContent()) ?? '';
    expect(text).toMatch(/could not be analysed: this browser cannot decode its sound \(xxxx\)/);
    expect(text).not.toMatch(/ffmpeg|decoder|codec none|exit|no audio/i);
    expect(await page.getByText(/no audio track/i).count()).toBe(0);
    expect((await analysisOf(id)).state).toBe('error');
  });

  it('says which of two microphones was analysed, and re-analyses with the other when the coach picks it', async () => {
    const { page } = session;
    const id = await importAndAnalyse('two-audio-tracks.mp4');
    const used = page.getByTestId('audio-track');
    await expect.poll(() => used.textContent()).toMatch(/Sound: track 1 of 2, Lapel microphone \(English, AAC stereo\)/);
    const first = await analysisOf(id);
    expect(first.state).toBe('done');
    expect(first.audioTrack).toBe(0);
    expect(first.audioTracks).toHaveLength(2);
    const firstSpeech = speechSeconds(first);
    expect(firstSpeech).toBeGreaterThan(8);
    const firstBands = (await segmentsOf(id)).auto;

    await page.getByTestId('audio-track-select').selectOption('1');
    // The analysis runs again on track 2 and stores the choice with its result.
    await until(async () => {
      const a = await analysisOf(id);
      return a.state === 'done' && a.audioTrack === 1;
    }, 90_000, 'the analysis of track 2');
    await waitForState('done');
    await expect.poll(() => used.textContent()).toMatch(/Sound: track 2 of 2, Room microphone \(English, AAC mono\)/);
    // The room microphone hears no one: the voices and the bands are not those of track 1.
    const second = await analysisOf(id);
    expect(speechSeconds(second)).toBeLessThan(firstSpeech / 4);
    // The stored bands were made again from track 2's sound (a 20-second clip can be one band of the same
    // activity on both tracks, so the whole bands are compared, with their edges and confidence).
    const secondBands = (await segmentsOf(id)).auto;
    expect(secondBands).not.toEqual(firstBands);
    expect(secondBands.map((s) => s.label)).not.toContain('teacher_talk');
    expect(await page.getByTestId('talk-band').count()).toBe(secondBands.length);

    // The choice stays with the lesson: reopened, it shows track 2's analysis without running again.
    await page.reload();
    await waitForState('done');
    await expect.poll(() => used.textContent()).toMatch(/track 2 of 2/);
    expect((await analysisOf(id)).audioTrack).toBe(1);
  });

  it('lists no choice for a file with one sound track', async () => {
    const id = await importAndAnalyse('second-lesson.mp4');
    await waitForState('done');
    expect((await analysisOf(id)).audioTracks).toHaveLength(1);
    expect(await session.page.getByTestId('audio-track-select').count()).toBe(0);
  });
});
