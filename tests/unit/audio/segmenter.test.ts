import { beforeEach, describe, expect, test } from 'vitest';
import { BAND_COUNT, MFCC_COUNT, segmentLesson, scoreSegmentation, scoreVoiceActivity, type FeatureFrames, type TalkLabel } from '../../../workers/audio';

// Feature sequences built by hand: each frame is silence/room tone, one voice (teacher or pupil) or babble.
// They pin what does not depend on how voices sound: levels, gaps, voice activity, minimum durations. Which
// activity real voices make is tested on lessons built from recordings (real-voices.test.ts): the classifier
// is trained on real speech, and these hand-made cues are not what real speech looks like.
interface Frame { energy: number; energyMin: number; periodicity: number; f0: number; shape: number[]; flatness: number; speech: boolean }

const TEACHER_SHAPE = [-4, 6, 8, 5, 2, -2, -6, -9];
const PUPIL_SHAPE = [-12, -4, 3, 7, 6, 2, -1, -1];
const BABBLE_SHAPE = [-6, 2, 5, 5, 3, 0, -3, -6];
const FLAT = [0, 0, 0, 0, 0, 0, 0, 0];

let seed = 7;
const rand = (): number => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);

const room = (): Frame => ({ energy: -62 + rand() * 2, energyMin: -64 + rand() * 2, periodicity: 0.1 + rand() * 0.2, f0: 0, shape: FLAT, flatness: 0.35, speech: false });
const voice = (level: number, f0: number, shape: number[]): Frame => ({
  energy: level + rand() * 6 - 3, energyMin: level - 8 - rand() * 6, periodicity: 0.7 + rand() * 0.2, f0: f0 * (1 + (rand() - 0.5) * 0.1), shape, flatness: 0.08, speech: true,
});
const babble = (): Frame => ({ energy: -30 + rand() * 4, energyMin: -35 + rand() * 3, periodicity: 0.45 + rand() * 0.25, f0: 150 + rand() * 250, shape: BABBLE_SHAPE, flatness: 0.2, speech: true });

function repeatFor(seconds: number, parts: [number, () => Frame][]): Frame[] {
  const out: Frame[] = [];
  while (out.length < seconds * 10) for (const [len, make] of parts) for (let k = 0; k < len * 10 && out.length < seconds * 10; k++) out.push(make());
  return out;
}

/** The teacher (near the camera) and a pupil (further away, higher voice). */
const teacher = (): Frame => voice(-24, 120, TEACHER_SHAPE);
const pupil = (): Frame => voice(-34, 270, PUPIL_SHAPE);
/** Someone explaining: sentences of a few seconds with short pauses between them. */
const exposition = (seconds: number, make: () => Frame = teacher): Frame[] => repeatFor(seconds, [[3.2, make], [0.5, room], [2.1, make], [0.9, room]]);
/** A whole-class exchange: question, wait time, answer, feedback. */
const exchange = (seconds: number): Frame[] => repeatFor(seconds, [[2.5, teacher], [1.6, room], [2.2, pupil], [0.8, room], [1.2, teacher], [1.0, room], [1.8, pupil], [1.1, room]]);
/** The same with shorter waits (0.6-0.9 s) between turns. */
const quickExchange = (seconds: number): Frame[] => repeatFor(seconds, [[2.5, teacher], [0.8, room], [2.2, pupil], [0.7, room], [1.6, teacher], [0.6, room], [1.8, pupil], [0.9, room]]);
/** The segment labels, in order, for a sequence of frames. */
const labelsOf = (frames: Frame[]): TalkLabel[] => segmentLesson(toFeatures(frames)).segments.map((s) => s.label);

function lesson(): { frames: Frame[]; truth: { start: number; end: number; label: TalkLabel }[] } {
  const plan: [TalkLabel, Frame[]][] = [
    ['teacher_talk', exposition(60)],
    ['discussion', exchange(50)],
    ['group_work', repeatFor(50, [[1, babble]])],
    ['independent_work', repeatFor(50, [[7.5, room], [0.5, () => voice(-45, 250, PUPIL_SHAPE)]])],
    ['teacher_talk', repeatFor(40, [[4, teacher], [0.7, room]])],
  ];
  const frames: Frame[] = [];
  const truth: { start: number; end: number; label: TalkLabel }[] = [];
  for (const [label, part] of plan) {
    truth.push({ start: frames.length / 10, end: (frames.length + part.length) / 10, label });
    frames.push(...part);
  }
  return { frames, truth };
}

function toFeatures(frames: Frame[], gainDb = 0): FeatureFrames {
  const n = frames.length;
  const f: FeatureFrames = {
    frameDuration: 0.1, count: n,
    energy: new Float32Array(n), energyMin: new Float32Array(n), voiceBand: new Float32Array(n), flatness: new Float32Array(n),
    centroid: new Float32Array(n), zcr: new Float32Array(n), periodicity: new Float32Array(n), f0: new Float32Array(n),
    modulation: new Float32Array(n), bands: new Float32Array(n * BAND_COUNT), mfcc: new Float32Array(n * MFCC_COUNT), subEnergy: new Float32Array(n * 4), subVoice: new Float32Array(n * 4),
  };
  frames.forEach((fr, i) => {
    f.energy[i] = fr.energy + gainDb;
    f.energyMin[i] = fr.energyMin + gainDb;
    f.subEnergy.set([fr.energy, fr.energyMin, fr.energy, fr.energy].map((e) => e + gainDb), i * 4);
    f.subVoice.set(f.subEnergy.subarray(i * 4, i * 4 + 4), i * 4);
    f.voiceBand[i] = fr.speech ? 0.8 : 0.3;
    f.flatness[i] = fr.flatness;
    f.centroid[i] = fr.speech ? 900 : 400;
    f.zcr[i] = 0.08;
    f.periodicity[i] = fr.periodicity;
    f.f0[i] = fr.f0;
    f.modulation[i] = fr.speech ? 7 : 1;
    for (let b = 0; b < BAND_COUNT; b++) f.bands[i * BAND_COUNT + b] = fr.energy + gainDb + fr.shape[b];
    // The cepstrum of the band shape: the voice's timbre, the same at any recording level.
    for (let c = 0; c < MFCC_COUNT; c++) {
      let v = 0;
      for (let b = 0; b < BAND_COUNT; b++) v += fr.shape[b] * Math.cos((Math.PI * (c + 1) * (b + 0.5)) / BAND_COUNT);
      f.mfcc[i * MFCC_COUNT + c] = v / 4 + (fr.speech ? (((i * 7919 + c * 104729) % 1000) / 1000 - 0.5) * 0.4 : 0);
    }
  });
  return f;
}

describe('segmentLesson on hand-built feature sequences', () => {
  // Every test draws the same noise, whatever ran before it.
  beforeEach(() => {
    seed = 7;
  });
  const { frames, truth } = lesson();
  const duration = frames.length / 10;

  test('segments tile the lesson from its start to its end, each with a confidence', () => {
    const result = segmentLesson(toFeatures(frames));
    expect(result.segments[0].start).toBe(0);
    for (let k = 1; k < result.segments.length; k++) expect(result.segments[k].start).toBe(result.segments[k - 1].end);
    expect(result.segments.at(-1)!.end).toBeCloseTo(duration, 6);
    for (const s of result.segments) expect(s.confidence).toBeGreaterThan(0);
    // Quiet stretches and talk are told apart even on hand-made cues.
    expect(scoreSegmentation(truth, result.segments, duration).labels.independent_work!.recall).toBeGreaterThan(0.8);
  });

  test('the same labels at +20 dB and -20 dB', () => {
    const base = segmentLesson(toFeatures(frames));
    for (const gain of [20, -20]) {
      const shifted = segmentLesson(toFeatures(frames, gain));
      expect(shifted.segments.map((s) => [s.start, s.end, s.label])).toEqual(base.segments.map((s) => [s.start, s.end, s.label]));
      expect(Array.from(shifted.voiceActivity.speech)).toEqual(Array.from(base.voiceActivity.speech));
    }
  });

  test('voice activity follows the voices, to the frame', () => {
    const { voiceActivity } = segmentLesson(toFeatures(frames));
    const spans: { start: number; end: number }[] = [];
    frames.forEach((fr, i) => {
      if (!fr.speech) return;
      const last = spans.at(-1);
      if (last && Math.abs(last.end - i / 10) < 1e-9) last.end = (i + 1) / 10;
      else spans.push({ start: i / 10, end: (i + 1) / 10 });
    });
    const v = scoreVoiceActivity(spans, voiceActivity.speech, duration, voiceActivity.frameDuration);
    expect(v.accuracy).toBeGreaterThan(0.97);
    // Wait time: the 1.6 s pause after each discussion question survives as silence.
    const perSecond = 1 / voiceActivity.frameDuration;
    const pauseStart = Math.round((60 + 2.5) * perSecond);
    expect(Array.from(voiceActivity.speech.slice(pauseStart + 1, pauseStart + Math.round(1.5 * perSecond))).every((s) => s === 0)).toBe(true);
  });

  test('digital silence is no_audio; an all-silent file is one no_audio segment', () => {
    const withGap = toFeatures(frames);
    for (let i = 0; i < 50; i++) { withGap.energy[i] = -120; withGap.energyMin[i] = -120; }
    const result = segmentLesson(withGap);
    expect(result.segments[0]).toMatchObject({ start: 0, end: 5, label: 'no_audio' });
    // Inside the lesson zeroed pauses (a noise gate) are part of the activity; twelve seconds are a gap.
    const gated = toFeatures(frames);
    for (let i = 300; i < 315; i++) { gated.energy[i] = -120; gated.energyMin[i] = -120; }
    for (let i = 1000; i < 1040; i++) { gated.energy[i] = -120; gated.energyMin[i] = -120; }
    for (let i = 1900; i < 2020; i++) { gated.energy[i] = -120; gated.energyMin[i] = -120; }
    const gaps = segmentLesson(gated).segments.filter((s) => s.label === 'no_audio');
    expect(gaps).toEqual([{ start: 190, end: 202, label: 'no_audio', confidence: 1 }]);
    // Zeroed stretches in independent work are its silence, not talk.
    const quietGated = toFeatures(frames);
    for (let i = 1600; i < 2100; i++) if ((i - 1600) % 80 < 75) { quietGated.energy[i] = -120; quietGated.energyMin[i] = -120; }
    const quietLabels = segmentLesson(quietGated).segments.filter((s) => s.start < 200 && s.end > 170).map((s) => s.label);
    expect(quietLabels).toEqual(['independent_work']);
    const silent = toFeatures(frames.map(() => ({ ...room(), energy: -120, energyMin: -120 })));
    expect(segmentLesson(silent).segments).toEqual([{ start: 0, end: duration, label: 'no_audio', confidence: 1 }]);
  });

  test('a teacher holding forth for 30 s inside a discussion stays discussion; a minute of it is teacher talk', () => {
    expect(segmentLesson(toFeatures([...exchange(90), ...exposition(20), ...exchange(90)])).segments.map((s) => s.label)).toEqual(['discussion']);
    const short = toFeatures([...exchange(90), ...exposition(30), ...exchange(90)]);
    expect(segmentLesson(short).segments.map((s) => s.label)).toEqual(['discussion']);
    // Without the longer minimum the 30 s would be cut out as teacher talk.
    expect(segmentLesson(short, { minTurnPatternSeconds: 10, minInsideSeconds: 10 }).segments.map((s) => s.label)).toContain('teacher_talk');
    const long = segmentLesson(toFeatures([...exchange(90), ...exposition(60), ...exchange(90)])).segments;
    expect(long.map((s) => s.label)).toEqual(['discussion', 'teacher_talk', 'discussion']);
    // Its edges come from windows of several seconds around each moment: most of the minute (two thirds or
    // more), not all of it.
    expect(long[1].end - long[1].start).toBeGreaterThan(40);
  });

  test('exposition broken by short gaps between words is still teacher talk; half-second pauses make an exchange', () => {
    // Twelve words with 0.2 s between them, then a breath (0.4 s) before the next sentence.
    const words: [number, () => Frame][] = Array.from({ length: 24 }, (_, k) => [0.2, k % 2 === 0 ? teacher : room]);
    const choppy = repeatFor(120, [...words, [0.2, room]]);
    const talk = quickExchange(120);
    const labels = labelsOf([...talk, ...choppy, ...talk]);
    expect(labels).toEqual(['discussion', 'teacher_talk', 'discussion']);
  });

  test('pupils talking in turn with no teacher for minutes are group work, not discussion', () => {
    const pupilA = () => voice(-32, 260, PUPIL_SHAPE);
    const pupilB = () => voice(-36, 300, PUPIL_SHAPE);
    const explaining = exposition(90);
    const pupilC = () => voice(-34, 220, PUPIL_SHAPE);
    // A few groups heard one voice at a time: the pitch hops, the pauses stay, and no teacher for minutes.
    const pupilsOnly = repeatFor(150, [[0.3, pupilA], [0.2, pupilB], [0.3, pupilC], [0.2, pupilB], [0.3, pupilA], [0.2, pupilC], [0.2, room]]);
    const labels = labelsOf([...explaining, ...pupilsOnly, ...explaining]);
    expect(labels).toEqual(['teacher_talk', 'group_work', 'teacher_talk']);
  });

  test('brisk turns between the teacher and pupils are a discussion even when the teacher has most of the words', () => {
    const pupilA = () => voice(-34, 270, PUPIL_SHAPE);
    const pupilB = () => voice(-33, 240, PUPIL_SHAPE);
    const explaining = exposition(90);
    // Answers come at once (no pause of half a second) and are short; the teacher speaks three quarters of the time.
    const brisk = repeatFor(90, [[3.5, teacher], [0.3, room], [1.2, pupilA], [0.3, room], [3.0, teacher], [0.3, room], [1.0, pupilB], [0.3, room]]);
    const labels = labelsOf([...explaining, ...brisk, ...explaining]);
    expect(labels).toEqual(['teacher_talk', 'discussion', 'teacher_talk']);
  });

  test('quiet work under a loud fan, lifted by auto-gain well above the dips after each sound, is independent work', () => {
    const explaining = exposition(90);
    const exchanging = exchange(90);
    // The fan sits 16 dB under the teacher's voice once auto-gain has lifted it, far above the lesson's floor,
    // which the second of near silence after each word from the teacher sets; a page turns or a chair moves now and then.
    const fan = (): Frame => ({ ...room(), energy: -41 + rand() * 2, energyMin: -43 + rand() * 2 });
    const dipped = (): Frame => ({ ...room(), energy: -72 + rand() * 2, energyMin: -74 + rand() * 2 });
    const rustle = (): Frame => ({ ...room(), energy: -34 + rand() * 4, energyMin: -40 + rand() * 2, periodicity: 0.2 + rand() * 0.1 });
    const quiet = repeatFor(120, [[0.6, () => voice(-30, 120, TEACHER_SHAPE)], [1.2, dipped], [3, fan], [0.6, rustle], [3, fan], [0.6, rustle], [3, fan]]);
    expect(labelsOf([...explaining, ...quiet, ...exchanging])).toEqual(['teacher_talk', 'independent_work', 'discussion']);
  });

  test('the teacher is the nearest voice even when one pupil has spoken for longer', () => {
    const nearTeacher = () => voice(-22, 120, TEACHER_SHAPE);
    const farPupil = () => voice(-34, 220, PUPIL_SHAPE);
    // Long answers from one pupil, short prompts from the teacher: the pupil's voice fills 175 s, the teacher's 100 s.
    const answers = repeatFor(240, [[1.5, nearTeacher], [0.9, room], [4, farPupil], [0.6, room]]);
    const labels = labelsOf([...answers, ...exposition(45, nearTeacher)]);
    expect(labels).toEqual(['discussion', 'teacher_talk']);
  });

  test('empty input gives no segments', () => {
    expect(segmentLesson(toFeatures([])).segments).toEqual([]);
  });
});
