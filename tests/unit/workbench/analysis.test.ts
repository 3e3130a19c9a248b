/** The lesson's sound analysis: reused when current, run otherwise, and cancel or failure stored as such. */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ALGORITHM_VERSION } from '../../../workers/audio';
import { db } from '../../../src/db/db';
import { analyseLesson } from '../../../src/jobs/analysis';
import { LessonAnalysis } from '../../../src/workbench/analysis.svelte';
import type { LessonRecord } from '../../../src/db/db';
import { freshLesson } from '../lesson-rows';

vi.mock('../../../src/jobs/analysis', async () => ({ analyseLesson: vi.fn(), ALGORITHM_VERSION: (await import('../../../workers/audio')).ALGORITHM_VERSION }));
const analyse = vi.mocked(analyseLesson);

/** What the worker answers for a 60 s lesson of teacher talk. */
const RESULT = {
  algorithmVersion: ALGORITHM_VERSION,
  decoder: 'webcodecs' as const,
  duration: 60,
  peaks: [{ binsPerSecond: 10, minMax: new Float32Array(1200), count: 600 }],
  segments: [{ start: 0, end: 60, label: 'teacher_talk' as const, confidence: 0.9 }],
  voiceActivity: { frameDuration: 0.025, speech: new Uint8Array(2400) },
  teacherVoice: { frameDuration: 0.1, probability: new Float32Array(600).fill(0.9) },
  elapsedMs: 800,
  audioTrack: 0,
  audioTracks: [],
};

describe('LessonAnalysis', () => {
  let lesson: LessonRecord;
  beforeEach(async () => {
    // Node 20 has no navigator: the analysis runs without the cross-tab lock, as in a browser without Web Locks.
    vi.stubGlobal('navigator', {});
    lesson = await freshLesson('a');
    analyse.mockReset();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('runs the analysis once and stores its peaks and segments; a later open reuses them', async () => {
    analyse.mockImplementation(async (_file, _info, handlers) => {
      handlers?.onProgress?.({ fraction: 0.5, stage: 'decoding', decoder: 'webcodecs' } as never);
      return { kind: 'done', result: RESULT as never };
    });
    const analysis = new LessonAnalysis(lesson, new Blob(['video']));
    await analysis.resume();
    expect([analysis.state, analysis.progress]).toEqual(['done', 1]);
    expect(analyse).toHaveBeenCalledTimes(1);
    expect((await db.analyses.get('a'))?.state).toBe('done');
    expect((await db.segments.get('a'))?.auto).toEqual(RESULT.segments);

    const reopened = new LessonAnalysis(lesson, new Blob(['video']));
    await reopened.resume();
    expect(reopened.state).toBe('done');
    expect(analyse).toHaveBeenCalledTimes(1);
  });

  it('runs again when the stored analysis came from an older algorithm', async () => {
    await db.analyses.put({ lessonId: 'a', state: 'done', algorithmVersion: ALGORITHM_VERSION - 1, decoder: 'webcodecs', peaks: [], voiceActivity: null, error: null, elapsedMs: 1, heartbeat: 0, updatedAt: 0, audioTrack: 0, audioTracks: [] });
    analyse.mockResolvedValue({ kind: 'done', result: RESULT as never });
    await new LessonAnalysis(lesson, new Blob(['video'])).resume();
    expect(analyse).toHaveBeenCalledTimes(1);
    expect((await db.analyses.get('a'))?.algorithmVersion).toBe(ALGORITHM_VERSION);
  });

  it('runs again once when the stored analysis has no teacher-voice model (stored before it was kept), and stores it', async () => {
    await db.analyses.put({ lessonId: 'a', state: 'done', algorithmVersion: ALGORITHM_VERSION, decoder: 'webcodecs', peaks: [], voiceActivity: { frameDuration: 0.025, speech: new Uint8Array(2400) }, error: null, elapsedMs: 1, heartbeat: 0, updatedAt: 0, audioTrack: 0, audioTracks: [] });
    analyse.mockResolvedValue({ kind: 'done', result: RESULT as never });
    await new LessonAnalysis(lesson, new Blob(['video'])).resume();
    expect(analyse).toHaveBeenCalledTimes(1);
    expect((await db.analyses.get('a'))?.voiceActivity?.teacher?.probability).toHaveLength(600);
    await new LessonAnalysis(lesson, new Blob(['video'])).resume();
    expect(analyse).toHaveBeenCalledTimes(1);
  });

  it('keeps nothing half made when cancelled', async () => {
    analyse.mockImplementation((_file, _info, handlers) => new Promise((_resolve, reject) => handlers?.signal?.addEventListener('abort', () => reject(new DOMException('Stopped', 'AbortError')))));
    const analysis = new LessonAnalysis(lesson, new Blob(['video']));
    const running = analysis.run();
    await vi.waitFor(() => expect(analyse).toHaveBeenCalled());
    expect(analysis.state).toBe('running');
    expect((await db.analyses.get('a'))?.state).toBe('running');
    analysis.cancel();
    await running;
    expect(analysis.state).toBe('cancelled');
    expect(await db.analyses.get('a')).toBeUndefined();
  }, 10_000);

  it('stores a failure with its reason, and a WebM lesson without sound as no-audio without decoding', async () => {
    analyse.mockRejectedValue(new Error('The sound could not be read'));
    const failing = new LessonAnalysis(lesson, new Blob(['video']));
    await failing.run();
    expect([failing.state, failing.error]).toEqual(['error', 'The sound could not be read']);
    expect((await db.analyses.get('a'))?.state).toBe('error');

    analyse.mockReset();
    const silent = new LessonAnalysis({ ...lesson, mimeType: 'video/webm', hasAudio: false }, new Blob(['video']));
    await silent.run();
    expect(silent.state).toBe('no-audio');
    expect(analyse).not.toHaveBeenCalled();
    expect((await db.analyses.get('a'))?.state).toBe('no-audio');
  });
});
