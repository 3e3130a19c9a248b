/**
 * Talk-time segments as the coach sees and corrects them: labels, budgets and corrections
 * (relabel, split, merge, move a boundary). Pure; every figure is computed from the corrected list.
 */

/** Labels of talk-time segments (PRODUCT.md, "Talk-time segmentation"). */
export type TalkLabel = 'teacher_talk' | 'discussion' | 'group_work' | 'independent_work' | 'no_audio' | 'unclear';

/** A stretch of the lesson with one label; times in seconds. */
export interface TalkSegment {
  start: number;
  end: number;
  label: TalkLabel;
  confidence: number;
}

/** Every label, in the order they are listed and drawn. */
export const TALK_LABELS: readonly TalkLabel[] = ['teacher_talk', 'discussion', 'group_work', 'independent_work', 'no_audio', 'unclear'];

/** Labels a coach can give a band (no_audio/unclear included: the coach may know better). */
export const LABEL_NAMES: Record<TalkLabel, string> = {
  teacher_talk: 'Teacher talk',
  discussion: 'Whole-class discussion',
  group_work: 'Group work',
  independent_work: 'Independent work',
  no_audio: 'No audio',
  unclear: 'Unclear',
};

/** Short names written inside bands wide enough to hold one, so bands are told apart without colour. */
export const LABEL_SHORT_NAMES: Record<TalkLabel, string> = {
  teacher_talk: 'Teacher',
  discussion: 'Discussion',
  group_work: 'Group',
  independent_work: 'Independent',
  no_audio: 'No audio',
  unclear: 'Unclear',
};

/**
 * Colours of the bands: each reaches 3:1 against white and stays apart from every other for
 * deuteranopia and protanopia (checked by simulation in tests/unit/core/talk-colours.test.ts).
 */
export const LABEL_COLOURS: Record<TalkLabel, string> = {
  teacher_talk: '#0b4f9c',
  discussion: '#b35900',
  group_work: '#00704f',
  independent_work: '#c4479b',
  no_audio: '#333333',
  unclear: '#919191',
};

/**
 * Below this confidence a band is shown as unsure (hatched) and offered to the coach to check first. On held-in
 * speakers' lessons 331-380 at 0.75: 8% of the time marked, a third of it wrong, against 3% wrong in the bands left
 * sure, and half of all wrong time marked (0.7: 5%, 42%, 3%, 42%; 0.8: 13%, 24%, 3%, 57%). A coach checks a few
 * minutes of an hour and finds half of what is wrong; `npm run bench` reports the same on held-out speakers.
 */
export const UNSURE_CONFIDENCE = 0.75;

/** Whether the analysis was unsure of a band (a coach's own label is always sure). */
export function isUnsure(segment: TalkSegment): boolean {
  return segment.label !== 'no_audio' && segment.confidence < UNSURE_CONFIDENCE;
}

/** Indexes of the bands the analysis was unsure of, longest first: where a coach's check counts most. */
export function unsureBands(segments: readonly TalkSegment[]): number[] {
  return segments
    .map((s, i) => ({ i, length: s.end - s.start, unsure: isUnsure(s) }))
    .filter((b) => b.unsure)
    .sort((a, b) => b.length - a.length || a.i - b.i)
    .map((b) => b.i);
}

/** Shortest band a correction may leave, in seconds. */
export const MIN_BAND_SECONDS = 0.5;

/** Time per label within [start, end). */
export interface BudgetLine {
  label: TalkLabel;
  seconds: number;
  /** 0..1 of the range. */
  share: number;
}

/** Seconds and share per label within [from, to) (the whole lesson by default); labels with no time are left out. */
export function talkBudget(segments: readonly TalkSegment[], from = 0, to = Number.POSITIVE_INFINITY): BudgetLine[] {
  const seconds = new Map<TalkLabel, number>();
  let total = 0;
  for (const s of segments) {
    const overlap = Math.min(s.end, to) - Math.max(s.start, from);
    if (overlap <= 0) continue;
    seconds.set(s.label, (seconds.get(s.label) ?? 0) + overlap);
    total += overlap;
  }
  return TALK_LABELS.filter((l) => (seconds.get(l) ?? 0) > 0).map((label) => ({
    label,
    seconds: seconds.get(label)!,
    share: total > 0 ? seconds.get(label)! / total : 0,
  }));
}

/** Join neighbours with the same label and drop empty segments, keeping the list contiguous. */
export function normalise(segments: readonly TalkSegment[]): TalkSegment[] {
  const out: TalkSegment[] = [];
  for (const s of [...segments].sort((a, b) => a.start - b.start)) {
    if (s.end - s.start <= 1e-6) continue;
    const last = out[out.length - 1];
    if (last && last.label === s.label && Math.abs(last.end - s.start) < 1e-6) {
      const a = last.end - last.start;
      const b = s.end - s.start;
      out[out.length - 1] = { ...last, end: s.end, confidence: (last.confidence * a + s.confidence * b) / (a + b) };
    } else out.push({ ...s });
  }
  return out;
}

/** Give segment `index` a new label (a coach's label is certain: confidence 1). */
export function relabel(segments: readonly TalkSegment[], index: number, label: TalkLabel): TalkSegment[] {
  return normalise(segments.map((s, i) => (i === index ? { ...s, label, confidence: 1 } : s)));
}

/** Split the segment containing `time` in two at `time`; unchanged when too near an edge. */
export function splitAt(segments: readonly TalkSegment[], time: number): TalkSegment[] {
  const index = segments.findIndex((s) => time > s.start && time < s.end);
  if (index < 0) return [...segments];
  const s = segments[index];
  if (time - s.start < MIN_BAND_SECONDS || s.end - time < MIN_BAND_SECONDS) return [...segments];
  return [...segments.slice(0, index), { ...s, end: time }, { ...s, start: time }, ...segments.slice(index + 1)];
}

/** Merge segment `index` with the next one; the longer of the two gives the label. */
export function mergeWithNext(segments: readonly TalkSegment[], index: number): TalkSegment[] {
  const a = segments[index];
  const b = segments[index + 1];
  if (!a || !b) return [...segments];
  const keep = a.end - a.start >= b.end - b.start ? a : b;
  const merged: TalkSegment = { start: a.start, end: b.end, label: keep.label, confidence: keep.confidence };
  return normalise([...segments.slice(0, index), merged, ...segments.slice(index + 2)]);
}

/** Move the boundary between segment `index` and the next to `time`, clamped so neither gets shorter than the minimum. */
export function moveBoundary(segments: readonly TalkSegment[], index: number, time: number): TalkSegment[] {
  const a = segments[index];
  const b = segments[index + 1];
  if (!a || !b) return [...segments];
  const t = Math.min(Math.max(time, a.start + MIN_BAND_SECONDS), b.end - MIN_BAND_SECONDS);
  return segments.map((s, i) => (i === index ? { ...s, end: t } : i === index + 1 ? { ...s, start: t } : s));
}

/** Index of the segment containing `time`, or -1. */
export function segmentAt(segments: readonly TalkSegment[], time: number): number {
  return segments.findIndex((s) => time >= s.start && time < s.end);
}

/** For each band, whether the coach changed it: it is not, as it stands, one of the analysis's own bands. */
export function correctedByCoach(current: readonly TalkSegment[], auto: readonly TalkSegment[]): boolean[] {
  const near = (a: number, b: number) => Math.abs(a - b) < 0.01;
  return current.map((band) => !auto.some((a) => near(a.start, band.start) && near(a.end, band.end) && a.label === band.label));
}
