// Shared by the synthetic-lesson test and the bench: generate, decode as the app does, analyse, score.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FeatureExtractor, Resampler, segmentLesson, scoreSegmentation, scoreVoiceActivity, type FeatureFrames, type LabelledSpan, type Span } from '../../../workers/audio';
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

/**
 * Decode an mp4's audio as the app hears it: native ffmpeg decodes the track at its own rate and channel count
 * (as the browser's decoder does), then the app's own downmix and resampler (workers/audio/resample.ts) make
 * 16 kHz mono. Training, tests and the bench read this, so the classifiers learn and are scored on the sound the
 * app analyses (ffmpeg's own resampler keeps more of the top of the band and downmixes 3 dB louder; a network
 * fitted on that read some lessons differently in the app). `ms` is ffmpeg's decode alone. `ignoreEditList`: with the
 * AAC priming that the edit list skips left in (21-48 ms more at the start), as the app read sound before it placed
 * it on the video's timeline.
 */
export function decodeAsApp(mp4: string, { ignoreEditList = false } = {}): { pcm: Float32Array; ms: number } {
  const [rate, channels] = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=sample_rate,channels', '-of', 'csv=p=0', mp4], { encoding: 'utf8' })
    .trim().split('\n')[0].split(',').map(Number);
  if (!(rate > 0) || !(channels > 0)) throw new Error(`${mp4}: no audio track`);
  const t0 = performance.now();
  const raw = execFileSync('ffmpeg', ['-loglevel', 'error', ...(ignoreEditList ? ['-ignore_editlist', '1'] : []), '-i', mp4, '-vn', '-map', '0:a:0', '-f', 'f32le', '-'], { maxBuffer: 2 ** 31 });
  const ms = performance.now() - t0;
  const interleaved = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  const frames = Math.floor(interleaved.length / channels);
  const resampler = new Resampler(rate, 16000);
  const pieces: Float32Array[] = [];
  // Blocks of 1024 frames per channel, as an AAC decoder hands them over.
  const block = 1024;
  const planes = Array.from({ length: channels }, () => new Float32Array(block));
  for (let i = 0; i < frames; i += block) {
    const length = Math.min(block, frames - i);
    const views = planes.map((plane, c) => {
      for (let k = 0; k < length; k++) plane[k] = interleaved[(i + k) * channels + c];
      return plane.subarray(0, length);
    });
    pieces.push(resampler.push(views));
  }
  const pcm = new Float32Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let at = 0;
  for (const piece of pieces) {
    pcm.set(piece, at);
    at += piece.length;
  }
  return { pcm, ms };
}

/** Feature frames of 16 kHz mono sound, fed to the extractor in 1 s chunks as the analysis worker feeds it. */
export function featuresOf(pcm: Float32Array): FeatureFrames {
  const extractor = new FeatureExtractor();
  for (let i = 0; i < pcm.length; i += 16000) extractor.push(pcm.subarray(i, i + 16000));
  return extractor.finish();
}

/** Features (fed in 1 s chunks) + segmentation + scores for one lesson. */
export function analyseLesson(mp4: string): { truth: LessonTruth; score: SegmentationScore; voice: VoiceActivityScore; analysisMs: number; decodeMs: number } {
  const truth = JSON.parse(readFileSync(mp4.replace(/\.mp4$/, '.truth.json'), 'utf8')) as LessonTruth;
  const { pcm, ms: decodeMs } = decodeAsApp(mp4);
  const t0 = performance.now();
  const result = segmentLesson(featuresOf(pcm));
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
