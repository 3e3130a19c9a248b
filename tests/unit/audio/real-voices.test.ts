// The segmenter on short lessons built from real recorded voices (../shared/voices-dev: adults as the teacher,
// children or adults pitched up as pupils, café chatter and room tone), with speakers the classifier was never
// trained on (the source's test split). The generated espeak-ng lessons are a regression check only
// (synthetic-lesson.test.ts); these are what the bands must get right.
import { beforeAll, describe, expect, test } from 'vitest';
import { resolve } from 'node:path';
import { labelFrames, segmentLesson, type SegmentationResult, type TalkLabel } from '../../../workers/audio';
import { measureWaitTimes } from '../../../src/core/questions';
import { lessonFeatures, realLesson, scoreAgainst, waitTimeErrors, type RealLessonTruth, type Split } from './real-lessons';
import { decodeAsApp, featuresOf } from './synth-lessons';

const DIR = resolve(__dirname, '../../fixtures/out/real');
const FOUR_ACTIVITIES = 'teacher_talk:70,discussion:70,group_work:70,independent_work:40';
const NO_TEACHER_TALK = 'independent_work:60,group_work:80,independent_work:50,group_work:60';
const LABELS: TalkLabel[] = ['teacher_talk', 'discussion', 'group_work', 'independent_work'];

interface Analysed { truth: RealLessonTruth; result: SegmentationResult }
const lessons: Record<string, Analysed> = {};

function analyse(seed: number, plan: string, minutes = 0, split: Split = 'test'): Analysed {
  const { truth, features } = lessonFeatures(realLesson(DIR, seed, minutes, split, plan));
  return { truth, result: segmentLesson(features) };
}

/** A held-out 12-minute lesson of the bench: frame accuracy above `accuracy`, every label's share within 5 points. */
function expectHeldOutLesson(seed: number, accuracy: number): void {
  const a = analyse(seed, '', 12);
  const { score } = scoreAgainst(a.truth, a.result.segments, null);
  expect(score.accuracy).toBeGreaterThan(accuracy);
  for (const label of LABELS) expect(score.labels[label]?.shareErrorPoints ?? 0, label).toBeLessThan(5);
}

/** Seconds predicted as `label` inside the true spans of `label`. */
function secondsFound(a: Analysed, label: TalkLabel): number {
  const truth = labelFrames(a.truth.segments, a.truth.duration), predicted = labelFrames(a.result.segments, a.truth.duration);
  return truth.reduce((s, t, i) => s + (t === label && predicted[i] === label ? 0.1 : 0), 0);
}

describe('talk-time bands on real recorded voices', () => {
  beforeAll(() => {
    // Seed 7001 draws children as pupils, 7002 adults pitched up; 7003 has no teacher talk at all.
    lessons.children = analyse(7001, FOUR_ACTIVITIES);
    lessons.adults = analyse(7002, FOUR_ACTIVITIES);
    lessons.noTeacherTalk = analyse(7003, NO_TEACHER_TALK);
  }, 600_000);

  test.each(['children', 'adults'])('teacher talk, discussion, group work and quiet work are each found (pupils: %s)', (kind) => {
    const a = lessons[kind];
    const { score } = scoreAgainst(a.truth, a.result.segments, null);
    expect(score.accuracy).toBeGreaterThan(0.85);
    for (const label of LABELS) {
      // Each activity is found for most of its length, and its share of the lesson is within 8 points.
      expect(secondsFound(a, label), label).toBeGreaterThan(0.7 * a.truth.segments.filter((s) => s.label === label).reduce((t, s) => t + s.end - s.start, 0));
      expect(score.labels[label]!.shareErrorPoints, label).toBeLessThan(8);
    }
  });

  test('a lesson without teacher talk gets none: groups taking turns are not the teacher, nor a discussion', () => {
    const a = lessons.noTeacherTalk;
    const predicted = (label: TalkLabel) => a.result.segments.filter((s) => s.label === label).reduce((t, s) => t + s.end - s.start, 0);
    expect(predicted('teacher_talk')).toBeLessThan(10);
    expect(predicted('discussion')).toBeLessThan(15);
    expect(scoreAgainst(a.truth, a.result.segments, null).score.accuracy).toBeGreaterThan(0.85);
  });

  test('wait time 1 is measured within 0.2 s of the truth, to 25 ms', () => {
    let within = 0, total = 0;
    for (const a of [lessons.children, lessons.adults]) {
      expect(a.result.voiceActivity.frameDuration).toBeLessThanOrEqual(0.05);
      for (const q of a.truth.questions) {
        const m = measureWaitTimes(a.result.voiceActivity, q.asked - 0.3);
        total++;
        if (m.waitTime1 !== null && Math.abs(m.waitTime1 - (q.answered - q.asked)) <= 0.2) within++;
      }
    }
    expect(total).toBeGreaterThanOrEqual(6);
    expect(within / total).toBeGreaterThanOrEqual(0.85);
  });

  test('in a live room a question ends where the voice stopped, not where its echo died away', () => {
    // Seeds 7012 and 7016 draw reverberant, quiet rooms (RT60 0.72 s and 0.56 s): after the teacher's last
    // syllable the room rings on above its noise for a few tenths of a second, which is not a voice.
    const questionEnds: number[] = [];
    let within = 0, total = 0;
    for (const seed of [7012, 7016]) {
      const a = analyse(seed, 'discussion:120');
      expect(a.truth.room.rt60).toBeGreaterThan(0.5);
      for (const q of a.truth.questions) {
        const m = measureWaitTimes(a.result.voiceActivity, q.asked - 0.3);
        questionEnds.push((m.questionEnd ?? Infinity) - q.asked);
        total++;
        if (m.waitTime1 !== null && Math.abs(m.waitTime1 - (q.answered - q.asked)) <= 0.2) within++;
      }
    }
    expect(total).toBeGreaterThanOrEqual(10);
    questionEnds.sort((x, y) => x - y);
    expect(Math.abs(questionEnds[Math.floor(total / 2)])).toBeLessThan(0.06);
    expect(within / total).toBeGreaterThanOrEqual(0.85);
  }, 120_000);

  test('over a whole lesson the teacher is the voice that holds the floor, not whichever voice sounds most alike', () => {
    // Seed 112 (12 minutes, the bench's held-out lesson): by timbre and pitch alone a stretch of the teacher's
    // discussion sounded more like the pupils, and about a minute of discussion was read as teacher talk or the
    // other way round (8 points of share). The groups of like-sounding stretches over the whole lesson (how
    // much of it each returns in, how loud, in how long runs) tell the teacher's groups apart.
    expectHeldOutLesson(112, 0.93);
  }, 180_000);

  test('the networks read the sound as the app resamples it, not as ffmpeg does', () => {
    // Seed 113 (12 minutes, held out). The app's resampler keeps less of the top of the band than ffmpeg's and
    // downmixes 3 dB quieter. Networks fitted on ffmpeg's sound scored this lesson 97.5% on ffmpeg's sound but
    // 93.0% on the app's (in the app itself 92.3%); fitted on the app's sound, 95.3%.
    expectHeldOutLesson(113, 0.94);
  }, 180_000);

  test('a quiet answer starts where the pupil began, though louder phases set the lesson’s level', () => {
    // Seed 138 (12 minutes, held out): group work and a near teacher set the lesson's floor and range, and the
    // children's answers in its discussions start softly under the level that counted as an onset; wait time 1
    // came out 0.2-0.8 s long on 8 of its 13 questions (ALGORITHM_VERSION 17). Measured against the room in the
    // pause before each answer (18), on 2 of 13.
    const { truth, features } = lessonFeatures(realLesson(DIR, 138, 12, 'test'));
    const { voiceActivity } = segmentLesson(features);
    const errors = waitTimeErrors(truth, voiceActivity);
    expect(errors).toHaveLength(13);
    expect(errors.filter((e) => Math.abs(e) <= 0.2).length).toBeGreaterThanOrEqual(10);
    expect(errors.filter((e) => e > 0.2).length).toBeLessThanOrEqual(2);
  }, 180_000);

  test('in a noisy room a child\'s soft first syllable starts the answer, heard in the speech band', () => {
    // Seeds 7021, 7025 and 7027 (held out) draw noisy rooms (-37, -46 and -40 dB). A child's first syllable rises
    // barely above the room's broadband noise, which lies mostly under 300 Hz, and the answer was heard from the next,
    // louder syllable: wait time 1 came out 0.3-0.7 s long on 5 of 18 questions (ALGORITHM_VERSION 23), on 1 (24).
    const errors: number[] = [];
    for (const seed of [7021, 7025, 7027]) {
      const a = analyse(seed, 'discussion:120');
      expect(a.truth.room.noiseDb).toBeGreaterThan(-47);
      errors.push(...waitTimeErrors(a.truth, a.result.voiceActivity));
    }
    expect(errors).toHaveLength(18);
    expect(errors.filter((e) => Math.abs(e) <= 0.2).length).toBeGreaterThanOrEqual(16);
    expect(errors.filter((e) => e > 0.2).length).toBeLessThanOrEqual(2);
    expect(errors.filter((e) => e < -0.2)).toEqual([]);
  }, 120_000);

  test('a teacher first narrowed to a few loud stretches is still found across the lesson', () => {
    // Seed 377 (10 minutes, held-in speakers no network was fitted on): the two-voice model closed in on a few
    // loud stretches and gave the teacher 8% of the speech against 35% in truth; both teacher-talk phases became
    // discussion or quiet work, 70% of frames right (ALGORITHM_VERSION 18). Fitted again from there with every
    // stretch counted by its length (19), 99%; with the networks fitted on more lessons, that refit reads this
    // lesson worse than the first fit does, and the second look's more decided reading of the two is kept (20), 99%.
    const a = analyse(377, '', 10, 'train');
    const { truth } = a;
    const teacherTalk = truth.segments.filter((s) => s.label === 'teacher_talk').reduce((sum, s) => sum + s.end - s.start, 0);
    expect(teacherTalk).toBeGreaterThan(150);
    expect(secondsFound(a, 'teacher_talk')).toBeGreaterThan(0.9 * teacherTalk);
    expect(scoreAgainst(truth, a.result.segments, null).score.accuracy).toBeGreaterThan(0.9);
  }, 180_000);

  test('a teacher read as a corner of her voice from a few samples later is still found', () => {
    // Lesson 377 again, its sound starting 37 samples (2 ms) later, as a browser's decoder may hand it over: every
    // reading the second look had gave the teacher a few loud stretches of her voice, 10% of the speech, and both
    // teacher-talk phases became discussion, 70% of frames right, under the loudness-only rule's 91%; the built app
    // read the lesson so (ALGORITHM_VERSION 21). When the reading kept gives the teacher that little, the two-voice
    // models widened to a whole voice are read too (22).
    const { truth, pcm } = lessonFeatures(realLesson(DIR, 377, 10, 'train'));
    const a = { truth, result: segmentLesson(featuresOf(pcm.subarray(37))) };
    const teacherTalk = truth.segments.filter((s) => s.label === 'teacher_talk').reduce((sum, s) => sum + s.end - s.start, 0);
    expect(secondsFound(a, 'teacher_talk')).toBeGreaterThan(0.5 * teacherTalk);
    expect(scoreAgainst(truth, a.result.segments, null).score.accuracy).toBeGreaterThan(0.85);
  }, 180_000);

  test('a lesson without teacher talk gets none from any start of its sound', () => {
    // The widened readings above must not take a group for the teacher where she really speaks little: the lesson
    // without teacher talk, read from several starts, some of which leave the teacher under 12% of the speech.
    const { truth, pcm } = lessonFeatures(realLesson(DIR, 7003, 0, 'test', NO_TEACHER_TALK));
    for (const shift of [37, 1500]) {
      const result = segmentLesson(featuresOf(pcm.subarray(shift)));
      const teacherTalk = result.segments.filter((s) => s.label === 'teacher_talk').reduce((t, s) => t + s.end - s.start, 0);
      expect(teacherTalk, `started ${shift} samples later`).toBeLessThan(10);
      expect(scoreAgainst(truth, result.segments, null).score.accuracy).toBeGreaterThan(0.85);
    }
  }, 180_000);

  test('a teacher heard near and far is one voice, though the first fit holds only the near one', () => {
    // Seed 181, a 7-minute held-out lesson (teacher talk, discussion, quiet work), read with its AAC priming left
    // in, as the app read it: the first two-voice fit took the teacher near the camera for her whole voice (48% of
    // the speech against 74%), the teacher-talk phase read as discussion, 62% of frames right (ALGORITHM_VERSION 22).
    // The fits widened to a whole voice are read too, and the second look is plainly more decided about one (23).
    const mp4 = realLesson(DIR, 181, 7, 'test');
    const truth = lessonFeatures(mp4).truth;
    const a = { truth, result: segmentLesson(featuresOf(decodeAsApp(mp4, { ignoreEditList: true }).pcm)) };
    const teacherTalk = truth.segments.filter((s) => s.label === 'teacher_talk').reduce((sum, s) => sum + s.end - s.start, 0);
    expect(teacherTalk).toBeGreaterThan(120);
    expect(secondsFound(a, 'teacher_talk')).toBeGreaterThan(0.9 * teacherTalk);
    expect(scoreAgainst(truth, a.result.segments, null).score.accuracy).toBeGreaterThan(0.9);
  }, 180_000);

  test('a group whose voices are the densest of the lesson is not taken for the teacher', () => {
    // Seed 353 (10 minutes, held-in speakers no network was fitted on): group work, teacher talk, group work,
    // discussion. The densest voice is the groups' (adults round a table near the camera), so the two-voice model
    // took them for the teacher: the teacher's 103 s of teacher talk read as group or quiet work, 54% of frames
    // right, under the loudness-only rule's 62% (ALGORITHM_VERSION 20). Started also from the next densest voices,
    // the second look is plainly more decided about the teacher's (21).
    const a = analyse(353, '', 10, 'train');
    const { truth } = a;
    const spans = (label: TalkLabel) => truth.segments.filter((s) => s.label === label);
    const teacherTalk = spans('teacher_talk').reduce((sum, s) => sum + s.end - s.start, 0);
    expect(teacherTalk).toBeGreaterThan(90);
    expect(secondsFound(a, 'teacher_talk')).toBeGreaterThan(0.8 * teacherTalk);
    // Where the groups talk, the voice heard is plainly not the teacher's.
    const { probability, frameDuration } = a.result.teacherVoice;
    let sum = 0, heard = 0;
    for (const s of spans('group_work')) {
      for (let i = Math.round(s.start / frameDuration); i < Math.round(s.end / frameDuration); i++) {
        if (Number.isNaN(probability[i])) continue;
        sum += probability[i];
        heard++;
      }
    }
    expect(heard).toBeGreaterThan(1000);
    expect(sum / heard).toBeLessThan(0.3);
    expect(scoreAgainst(truth, a.result.segments, null).score.accuracy).toBeGreaterThan(0.7);
  }, 180_000);

  test('pupils thinking in silence during a discussion are not quiet work', () => {
    // Seed 176, a 7-minute held-out lesson: discussions with quiet children in a noisy room. Their silences between
    // answers read as quiet work, in bands of 11-16 s inside both discussions, 35 s in all, and 87% of frames right
    // (ALGORITHM_VERSION 24). An activity a coach times lasts half a minute at least (25).
    const a = lesson176();
    const { truth } = a;
    const t = labelFrames(truth.segments, truth.duration), p = labelFrames(a.result.segments, truth.duration);
    const quietInDiscussion = t.reduce((s, label, i) => s + (label === 'discussion' && p[i] === 'independent_work' ? 0.1 : 0), 0);
    expect(t.filter((label) => label === 'discussion').length * 0.1).toBeGreaterThan(200);
    expect(quietInDiscussion).toBeLessThan(5);
    expect(scoreAgainst(truth, a.result.segments, null).score.accuracy).toBeGreaterThan(0.9);
  }, 180_000);

  test('a discussion led in long sentences is not teacher talk', () => {
    // Seed 430 (7 minutes, held-in speakers no network was fitted on): discussion, teacher talk, discussion, with a
    // teacher who speaks in long sentences, so that her voice holds 70-80% of each discussion. The classifier, fitted
    // across many lessons, was unsure there and the bands read 210 s of the two discussions as teacher talk: 50% of
    // frames right (ALGORITHM_VERSION 25). The lesson's own sure teacher talk and discussion say how its turns go (26).
    const a = analyse(430, '', 7, 'train');
    const { truth } = a;
    const discussion = truth.segments.filter((s) => s.label === 'discussion').reduce((sum, s) => sum + s.end - s.start, 0);
    expect(discussion).toBeGreaterThan(250);
    expect(secondsFound(a, 'discussion')).toBeGreaterThan(0.75 * discussion);
    expect(secondsFound(a, 'teacher_talk')).toBeGreaterThan(90);
    expect(scoreAgainst(truth, a.result.segments, null).score.accuracy).toBeGreaterThan(0.85);
  }, 180_000);

  test('a question ends after its short last word, though the voice stopped briefly before it', () => {
    // Lesson 176 again: the teacher's questions often end on a short word after a brief stop ("…is it?"), which the
    // 0.1 s frames drop, and wait time 1 came out 0.2-0.4 s long: 15 of 20 within 0.2 s, 4 late (ALGORITHM_VERSION 24).
    const errors = waitTimeErrors(lesson176().truth, lesson176().result.voiceActivity);
    expect(errors).toHaveLength(20);
    expect(errors.filter((e) => Math.abs(e) <= 0.2).length).toBeGreaterThanOrEqual(18);
    expect(errors.filter((e) => e > 0.2).length).toBeLessThanOrEqual(2);
    expect(errors.filter((e) => e < -0.2)).toEqual([]);
  }, 180_000);
});

/** Seed 176, a 7-minute held-out lesson: discussions with quiet children in a noisy room (analysed once). */
function lesson176(): Analysed {
  if (!lessons.quietChildren) {
    lessons.quietChildren = analyse(176, '', 7);
  }
  return lessons.quietChildren;
}
