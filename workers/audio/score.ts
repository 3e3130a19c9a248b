/**
 * Scoring of a segmentation against ground truth at 0.1 s frames: frame
 * accuracy, per-label precision/recall/F1, macro-F1 and talk-time share
 * error, plus voice-activity accuracy. Pure: used by tests and the bench.
 */
import type { TalkLabel } from '../../src/core/talk';

/** A labelled time span in seconds. */
export interface LabelledSpan {
  /** Start, seconds. */
  start: number;
  /** End, seconds. */
  end: number;
  /** Talk-time label. */
  label: TalkLabel;
}

/** A plain time span in seconds. */
export interface Span {
  /** Start, seconds. */
  start: number;
  /** End, seconds. */
  end: number;
}

/** Precision, recall, F1 and time shares for one label. */
export interface LabelScore {
  /** Share of predicted frames with this label that are right. */
  precision: number;
  /** Share of true frames with this label that were found. */
  recall: number;
  /** Harmonic mean of precision and recall. */
  f1: number;
  /** Share of lesson time in truth, 0..1. */
  trueShare: number;
  /** Share of lesson time predicted, 0..1. */
  predictedShare: number;
  /** |predictedShare - trueShare| in percentage points. */
  shareErrorPoints: number;
}

/** Overall figures for one lesson. */
export interface SegmentationScore {
  /** Frames scored. */
  frames: number;
  /** Share of frames with the right label. */
  accuracy: number;
  /** Mean F1 over labels present in truth. */
  macroF1: number;
  /** Per-label scores for every label present in truth or prediction. */
  labels: Partial<Record<TalkLabel, LabelScore>>;
  /** Largest share error over labels, percentage points. */
  maxShareErrorPoints: number;
}

/** Voice-activity agreement at 0.1 s frames. */
export interface VoiceActivityScore {
  /** Share of frames where speech/non-speech agree. */
  accuracy: number;
  /** Share of true speech frames detected. */
  recall: number;
  /** Share of detected speech frames that are true speech. */
  precision: number;
}

/** Label at each frame centre (frameDuration apart) over `duration`; frames no span covers get `fallback`. */
export function labelFrames(spans: LabelledSpan[], duration: number, frameDuration = 0.1, fallback: TalkLabel = 'unclear'): TalkLabel[] {
  const count = Math.round(duration / frameDuration);
  const out: TalkLabel[] = new Array(count).fill(fallback);
  for (const span of spans) {
    const first = Math.max(0, Math.ceil(span.start / frameDuration - 0.5));
    const last = Math.min(count - 1, Math.ceil(span.end / frameDuration - 0.5) - 1);
    for (let i = first; i <= last; i++) out[i] = span.label;
  }
  return out;
}

/** 0/1 per frame centre for plain spans. */
export function spanFrames(spans: Span[], duration: number, frameDuration = 0.1): Uint8Array {
  const count = Math.round(duration / frameDuration);
  const out = new Uint8Array(count);
  for (const span of spans) {
    const first = Math.max(0, Math.ceil(span.start / frameDuration - 0.5));
    const last = Math.min(count - 1, Math.ceil(span.end / frameDuration - 0.5) - 1);
    for (let i = first; i <= last; i++) out[i] = 1;
  }
  return out;
}

/** Score predicted segments against true segments over `duration` seconds. */
export function scoreSegmentation(truth: LabelledSpan[], predicted: LabelledSpan[], duration: number, frameDuration = 0.1): SegmentationScore {
  const t = labelFrames(truth, duration, frameDuration);
  const p = labelFrames(predicted, duration, frameDuration);
  const n = t.length;
  let right = 0;
  const tp = new Map<TalkLabel, number>(), tc = new Map<TalkLabel, number>(), pc = new Map<TalkLabel, number>();
  for (let i = 0; i < n; i++) {
    tc.set(t[i], (tc.get(t[i]) ?? 0) + 1);
    pc.set(p[i], (pc.get(p[i]) ?? 0) + 1);
    if (t[i] === p[i]) { right++; tp.set(t[i], (tp.get(t[i]) ?? 0) + 1); }
  }
  const labels: Partial<Record<TalkLabel, LabelScore>> = {};
  let f1Sum = 0, present = 0, maxShare = 0;
  for (const label of new Set([...tc.keys(), ...pc.keys()])) {
    const hit = tp.get(label) ?? 0, trueN = tc.get(label) ?? 0, predN = pc.get(label) ?? 0;
    const precision = predN ? hit / predN : 0;
    const recall = trueN ? hit / trueN : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    const trueShare = n ? trueN / n : 0, predictedShare = n ? predN / n : 0;
    const shareErrorPoints = Math.abs(predictedShare - trueShare) * 100;
    labels[label] = { precision, recall, f1, trueShare, predictedShare, shareErrorPoints };
    maxShare = Math.max(maxShare, shareErrorPoints);
    if (trueN) { f1Sum += f1; present++; }
  }
  return { frames: n, accuracy: n ? right / n : 0, macroF1: present ? f1Sum / present : 0, labels, maxShareErrorPoints: maxShare };
}

/** Score a 0/1 voice-activity track (frames of `frameDuration`) against true speech spans. */
export function scoreVoiceActivity(truth: Span[], speech: Uint8Array, duration: number, frameDuration = 0.1): VoiceActivityScore {
  const t = spanFrames(truth, duration, frameDuration);
  const n = Math.min(t.length, speech.length);
  let agree = 0, tpos = 0, truePos = 0, predPos = 0;
  for (let i = 0; i < n; i++) {
    if (t[i] === speech[i]) agree++;
    if (t[i]) truePos++;
    if (speech[i]) predPos++;
    if (t[i] && speech[i]) tpos++;
  }
  return { accuracy: n ? agree / n : 0, recall: truePos ? tpos / truePos : 1, precision: predPos ? tpos / predPos : 1 };
}
