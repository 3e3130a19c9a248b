/**
 * Runs (or reuses) the audio analysis of the open lesson: waveform peaks, voice activity and the
 * automatic talk-time segments, stored in Dexie. Re-runs only when the algorithm version changed or
 * a previous run was interrupted. The lesson stays usable while it runs.
 */
import type { AudioTrackInfo } from '../core/media';
import { absolutePeaks } from '../core/peaks';
import { db, dropAnalysis, endAnalysis, finishAnalysis, startAnalysis, type LessonRecord } from '../db/db';
import { getAnalysis } from '../db/reads';
import { ALGORITHM_VERSION, analyseLesson } from '../jobs/analysis';

/** States shown by `data-testid="analysis-status"`. */
export type AnalysisState = 'pending' | 'running' | 'done' | 'error' | 'no-audio' | 'cancelled';

/** One analysis per lesson across tabs: a Web Lock, which the browser releases when a tab closes or crashes. */
const lockName = (lessonId: string) => `reframe-analysis-${lessonId}`;

/** Analysis of one open lesson. */
export class LessonAnalysis {
  state = $state<AnalysisState>('pending');
  /** 0..1 of the lesson decoded. */
  progress = $state(0);
  stage = $state('');
  decoder = $state('');
  error = $state<string | null>(null);
  /** Peaks of the part decoded so far (absolute, 10 bins/s), while running. */
  partialPeaks = $state.raw<{ upTo: number; peaks: Float32Array } | null>(null);
  /** The sound track analysed (or to analyse), from 0 in file order: the coach's choice, stored with the analysis. */
  audioTrack = $state(0);
  /** The file's sound tracks, once an analysis has listed them. */
  audioTracks = $state.raw<AudioTrackInfo[]>([]);
  #abort: AbortController | null = null;
  #destroyed = false;

  constructor(
    private lesson: LessonRecord,
    private media: Blob,
  ) {}

  /** Use the stored analysis when it is current; otherwise start one. */
  async resume(): Promise<void> {
    const stored = await getAnalysis(this.lesson.id);
    if (stored) {
      this.audioTrack = stored.audioTrack ?? 0;
      this.audioTracks = stored.audioTracks ?? [];
    }
    const current = stored && stored.algorithmVersion === ALGORITHM_VERSION;
    // An analysis stored before the teacher-voice model was kept is run once more: muting pupils' voices in clips needs it.
    if (current && stored.state === 'done' && stored.voiceActivity?.teacher) return void (this.state = 'done');
    // A 'no-audio' stored before sound tracks were listed may be PCM sound the import missed: look again.
    if (current && stored.state === 'no-audio' && stored.audioTracks) return void (this.state = 'no-audio');
    // A 'running' record whose tab is gone (reload, crash) holds no lock: it is simply started again.
    await this.run();
  }

  /** Analyse now (again), unless another tab is analysing this lesson: then wait for it. */
  async run(): Promise<void> {
    if (!('locks' in navigator)) return this.#run();
    await navigator.locks.request(lockName(this.lesson.id), { ifAvailable: true }, async (lock) => {
      if (lock) return this.#run();
      this.state = 'running';
      this.stage = 'in another tab';
      // Wait for the other tab to finish (or close), then take the stored result or run it here.
      void navigator.locks.request(lockName(this.lesson.id), async () => {}).then(() => {
        if (!this.#destroyed) void this.resume();
      });
    });
  }

  /** Analyse another of the file's sound tracks (e.g. the other microphone) instead. */
  async chooseTrack(index: number): Promise<void> {
    if (index === this.audioTrack && this.state !== 'error') return;
    this.audioTrack = index;
    await this.run();
  }

  async #run(): Promise<void> {
    const lessonId = this.lesson.id;
    // The import's "no audio" is not trusted: before PCM was read, files with PCM sound were stored
    // as having none. The worker finds out from the file itself, and quickly when there is none.
    const container = this.lesson.mimeType === 'video/webm' ? 'webm' : 'mp4';
    if (!this.lesson.hasAudio && container !== 'mp4') {
      this.state = 'no-audio';
      await endAnalysis(lessonId, 'no-audio', null, ALGORITHM_VERSION);
      return;
    }
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.state = 'running';
    this.error = null;
    this.progress = 0;
    this.partialPeaks = null;
    const audioTrack = this.audioTrack;
    await startAnalysis(lessonId, ALGORITHM_VERSION, db, audioTrack);
    try {
      const outcome = await analyseLesson(
        this.media,
        { container, duration: this.lesson.duration, audioTrack },
        {
          signal: abort.signal,
          onProgress: (p) => {
            this.progress = p.fraction;
            this.stage = p.stage;
            this.decoder = p.decoder;
          },
          onPeaks: (upTo, minMax) => (this.partialPeaks = { upTo, peaks: absolutePeaks(minMax) }),
        },
      );
      if (outcome.kind === 'no-audio') {
        this.state = 'no-audio';
        await endAnalysis(lessonId, 'no-audio', null, ALGORITHM_VERSION);
        return;
      }
      const { result } = outcome;
      await finishAnalysis(
        lessonId,
        {
          algorithmVersion: result.algorithmVersion,
          decoder: result.decoder,
          peaks: result.peaks.map((level) => ({ binsPerSecond: level.binsPerSecond, peaks: absolutePeaks(level.minMax, level.count) })),
          voiceActivity: {
            frameDuration: result.voiceActivity.frameDuration,
            speech: result.voiceActivity.speech,
            teacher: { frameDuration: result.teacherVoice.frameDuration, probability: result.teacherVoice.probability },
          },
          elapsedMs: result.elapsedMs,
          audioTrack: result.audioTrack,
          audioTracks: result.audioTracks,
        },
        result.segments,
      );
      this.audioTrack = result.audioTrack;
      this.audioTracks = result.audioTracks;
      this.state = 'done';
      this.progress = 1;
    } catch (error) {
      if ((error as { name?: string })?.name === 'AbortError') {
        this.state = 'cancelled';
        await dropAnalysis(lessonId);
        return;
      }
      console.error('Analysis failed', lessonId, error);
      this.error = error instanceof Error ? error.message : String(error);
      this.state = 'error';
      await endAnalysis(lessonId, 'error', this.error, ALGORITHM_VERSION);
    } finally {
      if (this.#abort === abort) this.#abort = null;
    }
  }

  /** Stop a running analysis; nothing half-made is kept. */
  cancel(): void {
    this.#abort?.abort();
  }

  destroy(): void {
    this.#destroyed = true;
    this.#abort?.abort();
  }
}
