import { beforeEach, describe, expect, test } from 'vitest';
import { BAND_COUNT, segmentLesson, scoreSegmentation, scoreVoiceActivity, type FeatureFrames, type TalkLabel } from '../../../workers/audio';

// Feature sequences built by hand: each frame is silence/room tone, one voice (teacher or pupil) or babble.
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
    modulation: new Float32Array(n), bands: new Float32Array(n * BAND_COUNT),
  };
  frames.forEach((fr, i) => {
    f.energy[i] = fr.energy + gainDb;
    f.energyMin[i] = fr.energyMin + gainDb;
    f.voiceBand[i] = fr.speech ? 0.8 : 0.3;
    f.flatness[i] = fr.flatness;
    f.centroid[i] = fr.speech ? 900 : 400;
    f.zcr[i] = 0.08;
    f.periodicity[i] = fr.periodicity;
    f.f0[i] = fr.f0;
    f.modulation[i] = fr.speech ? 7 : 1;
    for (let b = 0; b < BAND_COUNT; b++) f.bands[i * BAND_COUNT + b] = fr.energy + gainDb + fr.shape[b];
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

  test('finds teacher talk, discussion, group work and independent work', () => {
    const result = segmentLesson(toFeatures(frames));
    const score = scoreSegmentation(truth, result.segments, duration);
    expect(score.accuracy).toBeGreaterThan(0.9);
    expect(score.macroF1).toBeGreaterThan(0.9);
    // Segments tile the lesson.
    expect(result.segments[0].start).toBe(0);
    for (let k = 1; k < result.segments.length; k++) expect(result.segments[k].start).toBe(result.segments[k - 1].end);
    expect(result.segments.at(-1)!.end).toBeCloseTo(duration, 6);
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
    const v = scoreVoiceActivity(spans, voiceActivity.speech, duration);
    expect(v.accuracy).toBeGreaterThan(0.97);
    // Wait time: the 1.6 s pause after each discussion question survives as silence.
    const pauseStart = Math.round((60 + 2.5) * 10);
    expect(Array.from(voiceActivity.speech.slice(pauseStart + 1, pauseStart + 15)).every((s) => s === 0)).toBe(true);
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

  test('a teacher holding forth for 20 s inside a discussion stays discussion; a minute of it is teacher talk', () => {
    const short = toFeatures([...exchange(90), ...exposition(20), ...exchange(90)]);
    expect(segmentLesson(short).segments.map((s) => s.label)).toEqual(['discussion']);
    // Without the longer minimum the 20 s would be cut out as teacher talk.
    expect(segmentLesson(short, { minTurnPatternSeconds: 10 }).segments.map((s) => s.label)).toContain('teacher_talk');
    const long = segmentLesson(toFeatures([...exchange(90), ...exposition(60), ...exchange(90)])).segments;
    expect(long.map((s) => s.label)).toEqual(['discussion', 'teacher_talk', 'discussion']);
    expect(long[1].end - long[1].start).toBeGreaterThan(50);
  });

  test('exposition broken by short gaps between words is still teacher talk; half-second pauses make an exchange', () => {
    // Twelve words with 0.2 s between them, then a breath (0.4 s) before the next sentence.
    const words: [number, () => Frame][] = Array.from({ length: 24 }, (_, k) => [0.2, k % 2 === 0 ? teacher : room]);
    const choppy = repeatFor(120, [...words, [0.2, room]]);
    const talk = quickExchange(120);
    const labels = labelsOf([...talk, ...choppy, ...talk]);
    expect(labels).toEqual(['discussion', 'teacher_talk', 'discussion']);
  });

  test('the teacher turned away (another band shape, the same pitch) is still the teacher', () => {
    const turned = () => voice(-27, 120, [-7, 3, 5, 8, 5, 1, -3, -6]);
    const labels = labelsOf([...exposition(90), ...quickExchange(120), ...exposition(90, turned), ...quickExchange(60)]);
    expect(labels).toEqual(['teacher_talk', 'discussion', 'teacher_talk', 'discussion']);
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

  test('quiet work through camera auto-gain (the room lifted, falling quiet after each sound) is independent work', () => {
    const explaining = exposition(90);
    const exchanging = exchange(90);
    // Auto-gain lifts the room tone by 10 dB; after a word from the teacher it drops for a second or so.
    const lifted = (): Frame => ({ ...room(), energy: -52 + rand() * 2, energyMin: -54 + rand() * 2 });
    const dipped = (): Frame => ({ ...room(), energy: -70 + rand() * 2, energyMin: -72 + rand() * 2 });
    const quiet = repeatFor(120, [[0.8, () => voice(-30, 120, TEACHER_SHAPE)], [1.2, dipped], [10, lifted]]);
    const labels = labelsOf([...explaining, ...quiet, ...exchanging]);
    expect(labels).toEqual(['teacher_talk', 'independent_work', 'discussion']);
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

  test('a few seconds of everyone talking between two activities is group work; inside one activity it is not', () => {
    // The class changing over: chairs, bags and many voices at once for six seconds.
    const changeover = repeatFor(6, [[1, babble]]);
    expect(labelsOf([...exposition(90), ...changeover, ...exchange(90)])).toEqual(['teacher_talk', 'group_work', 'discussion']);
    // The same noise in the middle of an explanation is a moment of it, not an activity of its own.
    expect(labelsOf([...exposition(90), ...changeover, ...exposition(90)])).toEqual(['teacher_talk']);
  });

  test('the teacher is the nearest voice even when one pupil has spoken for longer', () => {
    const nearTeacher = () => voice(-22, 120, TEACHER_SHAPE);
    const farPupil = () => voice(-34, 220, PUPIL_SHAPE);
    // Long answers from one pupil, short prompts from the teacher: the pupil's voice fills 175 s, the teacher's 100 s.
    const answers = repeatFor(240, [[1.5, nearTeacher], [0.9, room], [4, farPupil], [0.6, room]]);
    const labels = labelsOf([...answers, ...exposition(45, nearTeacher)]);
    expect(labels).toEqual(['discussion', 'teacher_talk']);
  });

  test('the teacher is the voice heard most often even when the pupils together have most of the talk', () => {
    // A minute of a low teacher explaining, then short prompts among answers from pupils of many pitches, a
    // little nearer the camera: the pupils have more than half the talk, so its median pitch is a pupil's.
    const low = () => voice(-24, 95, TEACHER_SHAPE);
    const asked = (f0: number) => (): Frame => voice(-23, f0, PUPIL_SHAPE);
    const answers = repeatFor(360, [
      [1.5, low], [0.9, room], [2.4, asked(160)], [0.6, room],
      [1.5, low], [0.9, room], [2.4, asked(210)], [0.6, room],
      [1.5, low], [0.9, room], [2.4, asked(260)], [0.6, room],
      [1.5, low], [0.9, room], [2.4, asked(320)], [0.6, room],
    ]);
    expect(labelsOf([...exposition(60, low), ...answers])).toEqual(['teacher_talk', 'discussion']);
  });

  test('two minutes of talk that never breaks are group work, whoever its voices resemble', () => {
    const explaining = exposition(90);
    const exchanging = exchange(90);
    // Groups whose loudest voices sit near the teacher's pitch and band shape, with no pause at all.
    const near = (f0: number) => (): Frame => ({ ...voice(-26, f0, TEACHER_SHAPE), energyMin: -32 + rand() * 3 });
    const crowd = repeatFor(120, [[0.4, near(118)], [0.3, near(135)], [0.4, near(125)], [0.3, near(145)]]);
    const labels = labelsOf([...explaining, ...crowd, ...exchanging]);
    expect(labels).toEqual(['teacher_talk', 'group_work', 'discussion']);
  });

  test('groups whose talk breaks only every twenty-five seconds or so are group work too', () => {
    // Voices near the teacher's among higher ones, with a short lull every 26 s.
    const near = (f0: number) => (): Frame => ({ ...voice(-26, f0, TEACHER_SHAPE), energyMin: -32 + rand() * 3 });
    const groups: Frame[] = [];
    for (let k = 0; k < 5; k++) groups.push(...repeatFor(26, [[0.4, near(118)], [0.3, near(170)], [0.4, near(125)], [0.3, near(230)]]), ...repeatFor(0.4, [[0.4, room]]));
    const frames = [...exposition(90), ...groups, ...exchange(90)];
    expect(labelsOf(frames)).toEqual(['teacher_talk', 'group_work', 'discussion']);
  });

  test('in a lesson with no teacher talk, the groups are not taken for the teacher', () => {
    // Quiet work with a remark from the teacher, across the room, now and then; group work near the camera,
    // louder than the teacher, its voices taking turns frame by frame, its talk breaking every 8 s.
    const quietWork = repeatFor(60, [[17, room], [3, () => voice(-32, 120, TEACHER_SHAPE)]]);
    const near = (f0: number) => (): Frame => ({ ...voice(-22, f0, PUPIL_SHAPE), energyMin: -28 + rand() * 3 });
    const groups = repeatFor(90, [[8, () => near([135, 150, 175, 200][Math.floor(rand() * 4)])()], [0.4, room]]);
    expect(labelsOf([...quietWork, ...groups, ...quietWork, ...groups])).toEqual(['independent_work', 'group_work', 'independent_work', 'group_work']);
  });

  test('empty input gives no segments', () => {
    expect(segmentLesson(toFeatures([])).segments).toEqual([]);
  });
});
