/**
 * The lesson plan's timeboxes against what happened: planned phases, boundaries proposed from the
 * talk-time segments, the actual phases, and the comparison with the talk budget inside each.
 */
import { talkBudget, type BudgetLine, type TalkSegment } from './talk';

/** One planned phase; `start`/`end` are the boundaries the coach marked or accepted (seconds). */
export interface PlanPhase {
  /** Unique within the plan. */
  id: string;
  /** The coach's name for the phase. */
  name: string;
  /** Planned length in minutes. */
  plannedMinutes: number;
  /** Marked start, if any. */
  start?: number | null;
  /** Marked end, if any. */
  end?: number | null;
}

/** The plan a new lesson starts from (PRODUCT.md, journey 1). */
export const DEFAULT_PLAN: readonly PlanPhase[] = [
  { id: 'starter', name: 'Starter', plannedMinutes: 10 },
  { id: 'input', name: 'Input', plannedMinutes: 15 },
  { id: 'group-task', name: 'Group task', plannedMinutes: 20 },
  { id: 'plenary', name: 'Plenary', plannedMinutes: 10 },
];

/** Talk-segment boundaries strictly inside the lesson, sorted and without repeats. */
function segmentBoundaries(segments: readonly TalkSegment[], duration: number): number[] {
  const times = new Set<number>();
  for (const s of segments) for (const t of [s.start, s.end]) if (t > 0 && t < duration) times.add(t);
  return [...times].sort((a, b) => a - b);
}

/**
 * Propose every phase's start and end: each boundary goes to the talk-segment boundary nearest its
 * planned cumulative time (the plan scaled to the lesson's length), if one lies within half the
 * shorter neighbouring phase; otherwise it stays at the planned time. The half-phase limit keeps a
 * boundary from jumping past its neighbours and keeps the plan's shape when segments are long.
 */
export function proposePhaseBoundaries(phases: readonly PlanPhase[], segments: readonly TalkSegment[], duration: number): PlanPhase[] {
  if (!phases.length) return [];
  const planned = phases.map((p) => Math.max(0, p.plannedMinutes) * 60);
  const total = planned.reduce((a, b) => a + b, 0);
  // A plan with no minutes at all is spread evenly rather than piled at zero.
  const lengths = total > 0 ? planned.map((s) => (s * duration) / total) : phases.map(() => duration / phases.length);
  const candidates = segmentBoundaries(segments, duration);

  const boundaries: number[] = [];
  let target = 0;
  let previous = 0;
  for (let k = 0; k < phases.length - 1; k++) {
    target += lengths[k];
    const tolerance = Math.min(lengths[k], lengths[k + 1]) / 2;
    let best: number | null = null;
    for (const c of candidates) {
      if (c <= previous || Math.abs(c - target) > tolerance + 1e-9) continue;
      if (best == null || Math.abs(c - target) < Math.abs(best - target)) best = c;
    }
    const boundary = best ?? Math.min(Math.max(target, previous), duration);
    boundaries.push(boundary);
    previous = boundary;
  }
  return phases.map((p, i) => ({ ...p, start: i === 0 ? 0 : boundaries[i - 1], end: i === phases.length - 1 ? duration : boundaries[i] }));
}

/** A phase with the times it actually ran. */
export interface ActualPhase {
  /** The phase's id. */
  id: string;
  /** The phase's name. */
  name: string;
  /** Planned length in minutes. */
  plannedMinutes: number;
  /** Actual start (seconds). */
  start: number;
  /** Actual end (seconds). */
  end: number;
  /** True when a boundary was not marked and had to be taken from the plan's minutes. */
  estimated: boolean;
}

/**
 * When each phase actually ran. A phase without a marked start continues from the previous one; a
 * missing end is the next phase's marked start, the lesson's end for the last phase, or else the
 * start plus the planned minutes (flagged as estimated). Times are clamped to the lesson.
 */
export function actualPhases(phases: readonly PlanPhase[], duration: number): ActualPhase[] {
  const out: ActualPhase[] = [];
  let previousEnd = 0;
  let previousEstimated = false;
  phases.forEach((p, i) => {
    const next = phases[i + 1];
    const start = Math.min(Math.max(p.start ?? previousEnd, 0), duration);
    const startEstimated = p.start == null && previousEstimated;
    let end: number;
    let endEstimated = false;
    if (p.end != null) end = p.end;
    else if (next?.start != null) end = next.start;
    else if (!next) end = duration;
    else {
      end = start + Math.max(0, p.plannedMinutes) * 60;
      endEstimated = true;
    }
    end = Math.min(Math.max(end, start), duration);
    out.push({ id: p.id, name: p.name, plannedMinutes: p.plannedMinutes, start, end, estimated: startEstimated || endEstimated });
    previousEnd = end;
    previousEstimated = endEstimated;
  });
  return out;
}

/** One phase, planned against actual, with how its time was spent. */
export interface PhaseComparison extends ActualPhase {
  /** Planned length in seconds. */
  plannedSeconds: number;
  /** Actual length in seconds. */
  actualSeconds: number;
  /** Actual minus planned, in seconds (positive: the phase ran over). */
  difference: number;
  /** Talk time per label within the phase. */
  budget: BudgetLine[];
}

/** Planned against actual time for every phase, with the talk budget inside each. */
export function phaseComparison(phases: readonly PlanPhase[], segments: readonly TalkSegment[], duration: number): PhaseComparison[] {
  return actualPhases(phases, duration).map((p) => {
    const plannedSeconds = Math.max(0, p.plannedMinutes) * 60;
    const actualSeconds = p.end - p.start;
    return { ...p, plannedSeconds, actualSeconds, difference: actualSeconds - plannedSeconds, budget: talkBudget(segments, p.start, p.end) };
  });
}
