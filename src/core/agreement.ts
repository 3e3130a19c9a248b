/**
 * How far two sets of talk bands agree (the analysis and the coach, or two coaches): over frames of
 * one second, the share of frames with the same label, Cohen's kappa (agreement beyond what chance
 * would give), a confusion matrix in seconds and one-label-against-the-rest figures per label.
 * Pure. Never used to compare teachers: both sets always describe the same lesson.
 */
import { TALK_LABELS, type TalkLabel, type TalkSegment } from './talk';

/** Length of the frames compared, in seconds (issue 23: 1 s frames). */
export const AGREEMENT_FRAME_SECONDS = 1;

/** Agreement on one label, that label against all the others. */
export interface LabelAgreement {
  /** The label. */
  label: TalkLabel;
  /** Seconds the first set gives this label. */
  firstSeconds: number;
  /** Seconds the second set gives this label. */
  secondSeconds: number;
  /** Seconds both give it. */
  bothSeconds: number;
  /** Kappa of "this label or not"; null when neither set uses the label or both use nothing else. */
  kappa: number | null;
}

/** Agreement between two sets of bands over the same lesson. */
export interface TalkAgreement {
  /** Frames compared (those both sets cover). */
  frames: number;
  /** Frames with the same label in both. */
  agreedFrames: number;
  /** agreedFrames / frames, 0..1 (1 when there is nothing to compare). */
  percent: number;
  /** Cohen's kappa over all labels; null when nothing is compared. */
  kappa: number | null;
  /** Seconds per [first label][second label]. */
  confusion: Record<TalkLabel, Record<TalkLabel, number>>;
  /** One line per label either set uses, in label order. */
  perLabel: LabelAgreement[];
}

/** The label at time `t`, or null where no band covers it. */
function labelAt(segments: readonly TalkSegment[], t: number): TalkLabel | null {
  for (const s of segments) if (t >= s.start && t < s.end) return s.label;
  return null;
}

/** One label per frame (read at the frame's middle) for frames [0, duration), null where no band covers it. */
export function frameLabels(segments: readonly TalkSegment[], duration: number, frame = AGREEMENT_FRAME_SECONDS): Array<TalkLabel | null> {
  const sorted = [...segments].sort((a, b) => a.start - b.start);
  const count = Math.max(0, Math.ceil(duration / frame - 1e-9));
  const labels: Array<TalkLabel | null> = [];
  let i = 0;
  for (let f = 0; f < count; f++) {
    const t = Math.min((f + 0.5) * frame, (f * frame + duration) / 2);
    while (i < sorted.length && sorted[i].end <= t) i++;
    labels.push(i < sorted.length && sorted[i].start <= t ? sorted[i].label : labelAt(sorted, t));
  }
  return labels;
}

/** Cohen's kappa from observed agreement and chance agreement; 1 when both are total, null when chance is total but the sets differ. */
export function cohensKappa(observed: number, chance: number): number | null {
  if (chance >= 1 - 1e-12) return observed >= 1 - 1e-12 ? 1 : null;
  return (observed - chance) / (1 - chance);
}

const emptyConfusion = () => Object.fromEntries(TALK_LABELS.map((a) => [a, Object.fromEntries(TALK_LABELS.map((b) => [b, 0]))])) as Record<TalkLabel, Record<TalkLabel, number>>;

/** Agreement of two sets of bands over [0, duration), in frames of `frame` seconds. */
export function talkAgreement(first: readonly TalkSegment[], second: readonly TalkSegment[], duration: number, frame = AGREEMENT_FRAME_SECONDS): TalkAgreement {
  const a = frameLabels(first, duration, frame);
  const b = frameLabels(second, duration, frame);
  const confusion = emptyConfusion();
  const counts = emptyConfusion();
  let frames = 0;
  let agreedFrames = 0;
  for (let f = 0; f < a.length; f++) {
    const [x, y] = [a[f], b[f]];
    if (x == null || y == null) continue;
    frames++;
    if (x === y) agreedFrames++;
    counts[x][y]++;
    // The last frame may be shorter than the others: the matrix counts its real length.
    confusion[x][y] += Math.min(frame, duration - f * frame);
  }
  // Kappa counts frames; the figures shown are seconds.
  const sum = (m: typeof counts, label: TalkLabel, row: boolean) => TALK_LABELS.reduce((total, other) => total + (row ? m[label][other] : m[other][label]), 0);
  const count = (label: TalkLabel, row: boolean) => sum(counts, label, row);
  const total = frames;
  const chance = total > 0 ? TALK_LABELS.reduce((sum, label) => sum + (count(label, true) / total) * (count(label, false) / total), 0) : 1;
  const observed = frames > 0 ? agreedFrames / frames : 1;
  const perLabel = TALK_LABELS.filter((label) => total > 0 && (count(label, true) > 0 || count(label, false) > 0)).map((label): LabelAgreement => {
    const [n1, n2, both] = [count(label, true), count(label, false), counts[label][label]];
    // Two-by-two table of "this label or not".
    const neither = total - n1 - n2 + both;
    const [p1, p2] = [n1 / total, n2 / total];
    const kappa = cohensKappa((both + neither) / total, p1 * p2 + (1 - p1) * (1 - p2));
    return { label, firstSeconds: round(sum(confusion, label, true)), secondSeconds: round(sum(confusion, label, false)), bothSeconds: round(confusion[label][label]), kappa };
  });
  for (const x of TALK_LABELS) for (const y of TALK_LABELS) confusion[x][y] = round(confusion[x][y]);
  return { frames, agreedFrames, percent: observed, kappa: frames > 0 ? cohensKappa(observed, chance) : null, confusion, perLabel };
}

const round = (t: number) => Math.round(t * 1000) / 1000;

/** Share of the lesson (0..1) whose label the coach changed: seconds where the two sets differ, over the seconds both cover. */
export function changedShare(auto: readonly TalkSegment[], corrected: readonly TalkSegment[], duration: number): number {
  const agreement = talkAgreement(auto, corrected, duration);
  return agreement.frames > 0 ? 1 - agreement.percent : 0;
}

/** How far apart two coders' entries may be and still count as the same event, in seconds (issue 23). */
export const MATCH_TOLERANCE_SECONDS = 2;

/** One coder's event the other coder has no match for. */
export interface UnmatchedEvent {
  /** Whose it is: the lesson's coach (`first`) or the second coder (`second`). */
  coder: 'first' | 'second';
  /** When it starts, seconds. */
  time: number;
  /** Its id in that coder's set. */
  id: string;
}

/** Matching of one entry kind between two coders. */
export interface KindMatch<K extends string = string> {
  /** The kind. */
  kind: K;
  /** The first coder's events of this kind. */
  first: number;
  /** The second coder's events of this kind. */
  second: number;
  /** Pairs matched within the tolerance, each event used once. */
  matched: number;
  /** matched / second: how many of the second coder's events the first coder also has (null when the second has none). */
  precision: number | null;
  /** matched / first: how many of the first coder's events the second coder also found (null when the first has none). */
  recall: number | null;
  /** Events without a match, in time order. */
  unmatched: UnmatchedEvent[];
}

/**
 * Match two coders' events kind by kind: the closest pairs first, each event used once, pairs further
 * apart than `tolerance` seconds never. The first coder is the reference for precision and recall.
 */
export function matchEvents<K extends string>(
  first: ReadonlyArray<{ id: string; kind: K; time: number }>,
  second: ReadonlyArray<{ id: string; kind: K; time: number }>,
  tolerance = MATCH_TOLERANCE_SECONDS,
): Array<KindMatch<K>> {
  const kinds = [...new Set([...first, ...second].map((e) => e.kind))];
  return kinds.map((kind) => {
    const a = first.filter((e) => e.kind === kind);
    const b = second.filter((e) => e.kind === kind);
    const pairs: Array<[number, number, number]> = [];
    a.forEach((x, i) => b.forEach((y, j) => Math.abs(x.time - y.time) <= tolerance + 1e-9 && pairs.push([Math.abs(x.time - y.time), i, j])));
    pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1] || p[2] - q[2]);
    const [usedA, usedB] = [new Set<number>(), new Set<number>()];
    for (const [, i, j] of pairs) {
      if (usedA.has(i) || usedB.has(j)) continue;
      usedA.add(i);
      usedB.add(j);
    }
    const unmatched: UnmatchedEvent[] = [
      ...a.flatMap((e, i) => (usedA.has(i) ? [] : [{ coder: 'first' as const, time: e.time, id: e.id }])),
      ...b.flatMap((e, j) => (usedB.has(j) ? [] : [{ coder: 'second' as const, time: e.time, id: e.id }])),
    ].sort((p, q) => p.time - q.time);
    const matched = usedA.size;
    return { kind, first: a.length, second: b.length, matched, precision: b.length ? matched / b.length : null, recall: a.length ? matched / a.length : null, unmatched };
  });
}
