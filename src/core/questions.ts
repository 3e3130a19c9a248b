/**
 * Questions: wait times measured from the voice-activity timeline, and descriptive figures about the
 * questions logged in a lesson (counts and shares, never a score).
 */
import type { AddressedTo, Entry, PupilQuestionEntry, QuestionResponse, TeacherQuestionEntry } from './annotations';

/** The level-independent voice timeline from the analysis (workers/audio): 1 per frame where a voice is heard. */
export interface VoiceTimeline {
  /** Seconds per frame. */
  frameDuration: number;
  /** 1 where a voice is heard, else 0. */
  speech: Uint8Array;
}

/** Tuning of the wait-time measurement, all in seconds. */
export interface WaitTimeOptions {
  /** Speech shorter than this is a blip (cough, chair, page), not a voice. */
  minVoice?: number;
  /** Silences shorter than this inside speech are breaths between words, not a pause. */
  minGap?: number;
  /** A press in silence refers to speech that ended at most this long before it. */
  lookBack?: number;
  /** A wait longer than this is not a wait: nobody answered. */
  maxWait?: number;
  /** Pauses shorter than this inside an answer belong to the answer; the first longer one ends it. */
  answerGap?: number;
  /** An "answer" longer than this is talk carrying on, not one answer: wait time 2 is not measured. */
  maxAnswer?: number;
}

/** The measurement defaults (see WaitTimeOptions). */
export const WAIT_TIME_DEFAULTS: Required<WaitTimeOptions> = {
  minVoice: 0.3,
  minGap: 0.25,
  lookBack: 4,
  maxWait: 30,
  // A pupil's mid-answer hesitation is usually under half a second; a longer rule (0.8 s) would swallow
  // most real wait-time-2 pauses, which are often under a second, and glue the answer to the teacher's reply.
  answerGap: 0.5,
  maxAnswer: 30,
};

/** What the measurement found; all seconds from the start of the video, or null when not measurable. */
export interface WaitTimeMeasurement {
  /** End of the question's speech. */
  questionEnd: number | null;
  /** Silence from the question's end to the next voice. */
  waitTime1: number | null;
  /** Silence from the end of the answer to the next voice. */
  waitTime2: number | null;
  /** First voice after the question (assumed to be the answer). */
  answerStart: number | null;
  /** End of that answer. */
  answerEnd: number | null;
}

/** A stretch of voice, in frames [start, end). */
interface Run {
  start: number;
  end: number;
}

/** Voice runs after closing breath gaps and dropping blips, in frames. */
function voiceRuns(speech: Uint8Array, gapFrames: number, blipFrames: number): Run[] {
  const raw: Run[] = [];
  for (let i = 0; i < speech.length; ) {
    if (!speech[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < speech.length && speech[j]) j++;
    raw.push({ start: i, end: j });
    i = j;
  }
  // Close gaps first so a question's short syllables are not mistaken for blips, then drop what is still short.
  const closed: Run[] = [];
  for (const r of raw) {
    const last = closed[closed.length - 1];
    if (last && r.start - last.end < gapFrames) last.end = r.end;
    else closed.push({ ...r });
  }
  return closed.filter((r) => r.end - r.start >= blipFrames);
}

const NONE: WaitTimeMeasurement = { questionEnd: null, waitTime1: null, waitTime2: null, answerStart: null, answerEnd: null };

/**
 * Measure wait times around a question the coach logged at `pressTime` (pressed during the question
 * or within a few seconds after it). The question is the voice run containing the press, else the
 * one that ended most recently within `lookBack`. Wait time 1 runs from its end to the next voice
 * run; the answer is that run plus any runs after pauses shorter than `answerGap`; wait time 2 runs
 * from the answer's end to the next voice. Without speaker identity, a press during a pupil's
 * answer is taken for the question; the coach can correct the figures.
 */
export function measureWaitTimes(va: VoiceTimeline, pressTime: number, options: WaitTimeOptions = {}): WaitTimeMeasurement {
  const o = { ...WAIT_TIME_DEFAULTS, ...options };
  const fd = va.frameDuration;
  if (!(fd > 0) || !Number.isFinite(pressTime)) return NONE;
  // Frame counts, with a little slack so 0.3 s at 0.1 s frames is 3 frames, not 2.999….
  const frames = (seconds: number) => Math.ceil(seconds / fd - 1e-6);
  const runs = voiceRuns(va.speech, frames(o.minGap), frames(o.minVoice));
  const press = pressTime / fd;
  const seconds = (f: number) => Math.round(f * fd * 1000) / 1000;

  let q = runs.findIndex((r) => press >= r.start && press < r.end);
  if (q < 0) {
    for (let i = runs.length - 1; i >= 0; i--) {
      if (runs[i].end <= press) {
        if (press - runs[i].end <= o.lookBack / fd + 1e-6) q = i;
        break;
      }
    }
  }
  if (q < 0) return NONE;

  const questionEnd = runs[q].end;
  const answer = runs[q + 1];
  if (!answer || answer.start - questionEnd > o.maxWait / fd + 1e-6) return { ...NONE, questionEnd: seconds(questionEnd) };

  let last = q + 1;
  while (runs[last + 1] && runs[last + 1].start - runs[last].end < frames(o.answerGap)) last++;
  const answerEnd = runs[last].end;
  const next = runs[last + 1];
  const measurable = answerEnd - answer.start <= o.maxAnswer / fd + 1e-6 && next && next.start - answerEnd <= o.maxWait / fd + 1e-6;
  return {
    questionEnd: seconds(questionEnd),
    waitTime1: seconds(answer.start - questionEnd),
    waitTime2: measurable ? seconds(next.start - answerEnd) : null,
    answerStart: seconds(answer.start),
    answerEnd: seconds(answerEnd),
  };
}

/**
 * Store a measurement on a teacher question (a plain copy; the caller stamps and saves it). Wait
 * times the coach has corrected are kept: only the question's end is refreshed.
 */
export function withMeasuredWaitTimes(entry: TeacherQuestionEntry, m: WaitTimeMeasurement): TeacherQuestionEntry {
  if (entry.waitTimeSource === 'coach') return { ...entry, questionEnd: m.questionEnd };
  return { ...entry, questionEnd: m.questionEnd, waitTime1: m.waitTime1, waitTime2: m.waitTime2, waitTimeSource: 'auto' };
}

/** Median of a list, or null when empty. */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Descriptive figures about a lesson's questions; shares are of the questions where the coach recorded that field. */
export interface QuestionStats {
  /** Teacher questions logged. */
  teacherQuestions: number;
  /** Pupil questions logged. */
  pupilQuestions: number;
  /** Questions per 10 minutes of lesson; null when the duration is unknown. */
  perTenMinutes: { teacher: number | null; pupil: number | null };
  /** Open questions among those classified open/closed (0..1), and how many were classified. */
  openShare: number | null;
  opennessClassified: number;
  /** Higher-order questions among those classified recall/higher-order (0..1), and how many were classified. */
  higherOrderShare: number | null;
  levelClassified: number;
  /** Median wait time 1 over the questions where it is known, and how many. */
  medianWaitTime1: number | null;
  waitTime1Measured: number;
  /** Median wait time 2 over the questions where it is known, and how many. */
  medianWaitTime2: number | null;
  waitTime2Measured: number;
  /** Teacher questions by response; `unrecorded` where the coach left it open. */
  response: Record<QuestionResponse | 'unrecorded', number>;
  /** Teacher questions by who they were put to. */
  addressedTo: Record<AddressedTo | 'unrecorded', number>;
  /** Pupil questions asked of their own accord vs when invited. */
  initiative: { proactive: number; prompted: number; unrecorded: number };
  /** Pupil questions to the teacher vs to a peer. */
  to: { teacher: number; peer: number; unrecorded: number };
}

/** Figures for the questions among `entries`, over a lesson of `lessonDuration` seconds. */
export function questionStats(entries: readonly Entry[], lessonDuration: number): QuestionStats {
  const teacher = entries.filter((e): e is TeacherQuestionEntry => e.kind === 'teacher_question');
  const pupil = entries.filter((e): e is PupilQuestionEntry => e.kind === 'pupil_question');
  const tenMinutes = Number.isFinite(lessonDuration) && lessonDuration > 0 ? lessonDuration / 600 : null;
  const share = (hits: number, of: number) => (of > 0 ? hits / of : null);

  const openness = teacher.filter((q) => q.questionType.openness != null);
  const level = teacher.filter((q) => q.questionType.level != null);
  const wait1 = teacher.map((q) => q.waitTime1).filter((w): w is number => w != null);
  const wait2 = teacher.map((q) => q.waitTime2).filter((w): w is number => w != null);

  const response: QuestionStats['response'] = { answered: 0, no_answer: 0, teacher_answered: 0, unrecorded: 0 };
  const addressedTo: QuestionStats['addressedTo'] = { whole_class: 0, named_pupil: 0, hands_up: 0, no_hands_up: 0, unrecorded: 0 };
  for (const q of teacher) {
    response[q.response ?? 'unrecorded']++;
    addressedTo[q.addressedTo ?? 'unrecorded']++;
  }
  const initiative = { proactive: 0, prompted: 0, unrecorded: 0 };
  const to = { teacher: 0, peer: 0, unrecorded: 0 };
  for (const p of pupil) {
    initiative[p.initiative ?? 'unrecorded']++;
    to[p.to ?? 'unrecorded']++;
  }

  return {
    teacherQuestions: teacher.length,
    pupilQuestions: pupil.length,
    perTenMinutes: { teacher: tenMinutes ? teacher.length / tenMinutes : null, pupil: tenMinutes ? pupil.length / tenMinutes : null },
    openShare: share(openness.filter((q) => q.questionType.openness === 'open').length, openness.length),
    opennessClassified: openness.length,
    higherOrderShare: share(level.filter((q) => q.questionType.level === 'higher_order').length, level.length),
    levelClassified: level.length,
    medianWaitTime1: median(wait1),
    waitTime1Measured: wait1.length,
    medianWaitTime2: median(wait2),
    waitTime2Measured: wait2.length,
    response,
    addressedTo,
    initiative,
    to,
  };
}
