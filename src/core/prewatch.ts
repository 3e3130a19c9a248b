/**
 * Pre-watching a lesson in a time budget: one playback speed per talk label so that the whole
 * lesson fits the coach's available time, with talk watched nearer normal speed than quiet work.
 */
import { formatDuration } from './format';
import { TALK_LABELS, segmentAt, type TalkLabel, type TalkSegment } from './talk';

/** Relative speed per label (bigger = faster): discussion nearest normal speed, quiet stretches fastest. */
export const PREWATCH_WEIGHTS: Record<TalkLabel, number> = {
  teacher_talk: 1.5,
  discussion: 1,
  group_work: 2.5,
  independent_work: 4,
  no_audio: 6,
  unclear: 2,
};

/** How to plan pre-watching. */
export interface PrewatchOptions {
  /** Slowest speed a coach may fix; planned speeds never drop below normal speed on their own. */
  minRate?: number;
  /** Fastest speed (browsers cap playbackRate at 16). */
  maxRate?: number;
  /** Relative speeds overriding PREWATCH_WEIGHTS. */
  weights?: Partial<Record<TalkLabel, number>>;
  /** Speeds the coach has fixed; the plan works around them. */
  overrides?: Partial<Record<TalkLabel, number>>;
}

/** Speeds per label and what they add up to. */
export interface PrewatchPlan {
  /** Playback speed per label. */
  rates: Record<TalkLabel, number>;
  /** Seconds of viewing at these speeds. */
  plannedSeconds: number;
  /** False when even the fastest speeds can't fit the budget (then `plannedSeconds` is the shortest possible). */
  feasible: boolean;
  /** A sentence for the coach when the plan is not simply "fits the budget". */
  message?: string;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);

/** Seconds per label in the segments. */
function durations(segments: readonly TalkSegment[]): Record<TalkLabel, number> {
  const out = Object.fromEntries(TALK_LABELS.map((l) => [l, 0])) as Record<TalkLabel, number>;
  for (const s of segments) out[s.label] += Math.max(0, s.end - s.start);
  return out;
}

/**
 * Plan speeds so that the lesson takes about `budgetSeconds` to watch. Free labels play at
 * `scale × weight`, clamped to [max(1, minRate), maxRate]; the scale is solved by bisection (viewing
 * time falls monotonically as it grows). Coach-fixed speeds are kept, clamped to [minRate, maxRate].
 */
export function planPrewatch(segments: readonly TalkSegment[], budgetSeconds: number, options: PrewatchOptions = {}): PrewatchPlan {
  const minRate = options.minRate ?? 0.5;
  const maxRate = options.maxRate ?? 16;
  // Slowing down below normal speed to "use up" a generous budget helps nobody.
  const floor = clamp(Math.max(1, minRate), minRate, maxRate);
  const weightOf = (l: TalkLabel) => {
    const w = options.weights?.[l];
    return w != null && Number.isFinite(w) && w > 0 ? w : PREWATCH_WEIGHTS[l];
  };
  const fixed = TALK_LABELS.filter((l) => {
    const r = options.overrides?.[l];
    return r != null && Number.isFinite(r) && r > 0;
  });
  const free = TALK_LABELS.filter((l) => !fixed.includes(l));
  const seconds = durations(segments);

  const rates = {} as Record<TalkLabel, number>;
  let fixedTime = 0;
  for (const l of fixed) {
    rates[l] = clamp(options.overrides![l]!, minRate, maxRate);
    fixedTime += seconds[l] / rates[l];
  }
  const rateFor = (l: TalkLabel, scale: number) => clamp(scale * weightOf(l), floor, maxRate);
  const viewing = (scale: number) => free.reduce((sum, l) => sum + seconds[l] / rateFor(l, scale), 0);
  const weights = free.map(weightOf);
  // Below `lo` every free label sits at the floor; above `hi` every one is at the maximum.
  const lo = free.length ? floor / Math.max(...weights) : 1;
  const hi = free.length ? maxRate / Math.min(...weights) : 1;
  const available = budgetSeconds - fixedTime;

  let scale: number;
  let message: string | undefined;
  let feasible = true;
  if (viewing(hi) > available + 1e-6) {
    scale = hi;
    feasible = false;
  } else if (viewing(lo) <= available) {
    scale = lo;
    if (free.length) message = 'The whole lesson fits in the time available without speeding up.';
  } else {
    let a = lo;
    let b = hi;
    for (let i = 0; i < 100; i++) {
      const mid = Math.sqrt(a * b);
      if (viewing(mid) > available) a = mid;
      else b = mid;
    }
    scale = b;
  }
  for (const l of free) rates[l] = rateFor(l, scale);
  const plannedSeconds = fixedTime + viewing(scale);
  if (!feasible) {
    message = `Even at the fastest speeds the lesson takes ${formatDuration(plannedSeconds)} to watch, more than the ${formatDuration(Math.max(0, budgetSeconds))} available.`;
  }
  return message ? { rates, plannedSeconds, feasible, message } : { rates, plannedSeconds, feasible };
}

/** The planned speed at `time`: the rate of the segment's label, normal speed outside any segment. */
export function rateAt(plan: PrewatchPlan, segments: readonly TalkSegment[], time: number): number {
  const index = segmentAt(segments, time);
  return index < 0 ? 1 : plan.rates[segments[index].label];
}

/** Seconds of viewing left from `fromTime` to the end at the planned speeds. */
export function remainingPrewatch(plan: PrewatchPlan, segments: readonly TalkSegment[], fromTime: number): number {
  let total = 0;
  for (const s of segments) {
    const length = s.end - Math.max(s.start, fromTime);
    if (length > 0) total += length / plan.rates[s.label];
  }
  return total;
}
