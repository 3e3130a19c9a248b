// Shared by the real-voice tests and the bench: generate lessons from recorded voices, analyse them with the
// segmenter (and the baselines beside it), and score them against their truth.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { scoreSegmentation, scoreVoiceActivity, type FeatureFrames, type LabelledSpan, type Span } from '../../../workers/audio';
import type { SegmentationScore, VoiceActivityScore } from '../../../workers/audio';
import { measureWaitTimes, type VoiceTimeline } from '../../../src/core/questions';
import { decodeAsApp, featuresOf } from './synth-lessons';

const GENERATOR = resolve(__dirname, '../../fixtures/real/generate.mjs');
/** The recorded voices the lessons are built from (CI has the same folder). */
export const VOICES_DIR = resolve(process.env.REFRAME_VOICES ?? resolve(__dirname, '../../../../shared/voices-dev'));

/** Ground truth written next to each real-voice lesson. */
export interface RealLessonTruth {
  duration: number;
  split: 'train' | 'test';
  segments: LabelledSpan[];
  speech: Span[];
  /** Each teacher question: when its speech ended and when the first answer began, seconds. */
  questions: { asked: number; answered: number }[];
  recordingGainDb: number;
  autoGain: boolean;
  /** The room: reverberation time (s) and noise level (dB). */
  room: { rt60: number; noiseDb: number };
  teacher: string;
  /** Who speaks when: the teacher or a pupil (or several), seconds. */
  turns: { start: number; end: number; who: string }[];
}

/**
 * Per question of the lesson, wait time 1 as measured on `voice` minus the true one, seconds (Infinity when not
 * measured): the coach presses Q 0.3 s before the question's speech ends.
 */
export function waitTimeErrors(truth: RealLessonTruth, voice: VoiceTimeline): number[] {
  return truth.questions.map((q) => (measureWaitTimes(voice, q.asked - 0.3).waitTime1 ?? Infinity) - (q.answered - q.asked));
}

/** Seeds written as `11,12` or ranges `11-100` (the trainers' and benches' settings), as a list. */
export function seedList(value: string): number[] {
  return value.split(',').filter(Boolean).flatMap((part) => {
    const [a, b] = part.split('-').map(Number);
    return b ? Array.from({ length: b - a + 1 }, (_, k) => a + k) : [a];
  });
}

/** Held-in lessons use the source's train speakers (tuning), held-out ones its test speakers (reporting only). */
export type Split = 'train' | 'test';

/**
 * The lesson's mp4 in `dir`, generated when missing (the generator is deterministic). `plan` fixes its
 * phases (label:seconds,…) instead of drawing them; the generator prints the file it wrote.
 */
export function realLesson(dir: string, seed: number, minutes: number, split: Split, plan = ''): string {
  const args = ['--out', dir, '--seed', String(seed), '--minutes', String(minutes), '--split', split, ...(plan ? ['--plan', plan] : [])];
  const name = execFileSync('node', [GENERATOR, '--name-only', '1', ...args], { encoding: 'utf8' }).trim();
  const mp4 = `${name}.mp4`;
  if (existsSync(mp4) && existsSync(`${name}.truth.json`)) return mp4;
  execFileSync('node', [GENERATOR, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  return mp4;
}

/** A lesson's truth, its sound and features (decoded as the app does, features fed in 1 s chunks as the worker does). */
export function lessonFeatures(mp4: string): { truth: RealLessonTruth; pcm: Float32Array; features: FeatureFrames; decodeMs: number; featureMs: number } {
  const truth = JSON.parse(readFileSync(mp4.replace(/\.mp4$/, '.truth.json'), 'utf8')) as RealLessonTruth;
  const { pcm, ms: decodeMs } = decodeAsApp(mp4);
  const t0 = performance.now();
  const features = featuresOf(pcm);
  return { truth, pcm, features, decodeMs, featureMs: performance.now() - t0 };
}

/** Per frame of a lesson: 1 where the teacher speaks, 0 where only others do, -1 where no one does. */
export function teacherFrames(truth: RealLessonTruth, count: number, frameDuration: number): Int8Array {
  const who = new Int8Array(count).fill(-1);
  for (const turn of truth.turns) {
    for (let i = Math.round(turn.start / frameDuration); i < Math.min(count, Math.round(turn.end / frameDuration)); i++) who[i] = Math.max(who[i], turn.who === 'teacher' ? 1 : 0);
  }
  return who;
}

/** Scores of one segmentation of a lesson. */
export interface LessonScore {
  score: SegmentationScore;
  voice: VoiceActivityScore | null;
}

/** Score segments (and voice activity, when given) against a lesson's truth. */
export function scoreAgainst(truth: RealLessonTruth, segments: LabelledSpan[], voice: { speech: Uint8Array; frameDuration: number } | null): LessonScore {
  return { score: scoreSegmentation(truth.segments, segments, truth.duration), voice: voice ? scoreVoiceActivity(truth.speech, voice.speech, truth.duration, voice.frameDuration) : null };
}
