// Shared by the synthetic-lesson test and the bench: generate, decode with native ffmpeg, analyse, score.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FeatureExtractor, segmentLesson, scoreSegmentation, scoreVoiceActivity, type LabelledSpan, type Span } from '../../../workers/audio';
import type { SegmentationScore, VoiceActivityScore } from '../../../workers/audio';

const GENERATOR = resolve(__dirname, '../../fixtures/synth/generate.mjs');

/** Ground truth written next to each generated lesson. */
export interface LessonTruth {
  duration: number;
  segments: LabelledSpan[];
  speech: Span[];
  recordingGainDb: number;
  autoGain: boolean;
}

/** Which lessons the generator makes: voices from espeak-ng only or `mixed` with flite's, and plain or harder classrooms. */
export interface LessonKind {
  voices: 'espeak' | 'mixed';
  hard: boolean;
}

/** The generator's file name for a lesson (without extension). */
export function lessonName(seed: number, index: number, minutes: number, kind: LessonKind = { voices: 'espeak', hard: false }): string {
  return `lesson-${kind.voices === 'mixed' ? 'mixed-' : ''}${kind.hard ? 'hard-' : ''}s${seed}-${index}-${minutes}m`;
}

/** Generate `count` lessons of `minutes` for `seed` into `dir`; returns the mp4 paths. */
export function generateLessons(dir: string, seed: number, minutes: number, count = 1, kind: LessonKind = { voices: 'espeak', hard: false }): string[] {
  const args = ['--out', dir, '--seed', String(seed), '--minutes', String(minutes), '--count', String(count), '--voices', kind.voices, '--hard', kind.hard ? '1' : '0'];
  const out = execFileSync('node', [GENERATOR, ...args], { encoding: 'utf8' });
  return out.trim().split('\n').map((line) => line.replace(/ \(.*$/, ''));
}

/** Decode an mp4's audio to 16 kHz mono float with native ffmpeg, timing it. */
export function decode16k(mp4: string): { pcm: Float32Array; ms: number } {
  const t0 = performance.now();
  const raw = execFileSync('ffmpeg', ['-loglevel', 'error', '-i', mp4, '-vn', '-ac', '1', '-ar', '16000', '-f', 'f32le', '-'], { maxBuffer: 2 ** 31 });
  const ms = performance.now() - t0;
  const pcm = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  return { pcm, ms };
}

/** Features (fed in 1 s chunks) + segmentation + scores for one lesson. */
export function analyseLesson(mp4: string): { truth: LessonTruth; score: SegmentationScore; voice: VoiceActivityScore; analysisMs: number; decodeMs: number } {
  const truth = JSON.parse(readFileSync(mp4.replace(/\.mp4$/, '.truth.json'), 'utf8')) as LessonTruth;
  const { pcm, ms: decodeMs } = decode16k(mp4);
  const t0 = performance.now();
  const extractor = new FeatureExtractor();
  for (let i = 0; i < pcm.length; i += 16000) extractor.push(pcm.subarray(i, i + 16000));
  const result = segmentLesson(extractor.finish());
  const analysisMs = performance.now() - t0;
  return {
    truth,
    score: scoreSegmentation(truth.segments, result.segments, truth.duration),
    voice: scoreVoiceActivity(truth.speech, result.voiceActivity.speech, truth.duration, result.voiceActivity.frameDuration),
    analysisMs,
    decodeMs,
  };
}

export { join };
