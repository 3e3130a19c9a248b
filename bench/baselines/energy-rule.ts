// The loudness-only floor the segmenter must beat: one voice, many voices or quiet from the level alone,
// with thresholds from the lesson's own level distribution. It cannot tell teacher talk from discussion,
// so every stretch of one voice at a time is called teacher talk.
import type { FeatureFrames, LabelledSpan, TalkLabel } from '../../workers/audio';

function percentile(values: Float32Array, q: number): number {
  const a = Float32Array.from(values).sort();
  return a[Math.min(a.length - 1, Math.max(0, Math.floor(q * (a.length - 1))))] ?? 0;
}

/** Segments from loudness alone: ±3 s windows, labels smoothed over ±5 s. */
export function energyRule(f: FeatureFrames): LabelledSpan[] {
  const n = f.count, fd = f.frameDuration;
  const floor = percentile(f.energyMin, 0.05), loud = percentile(f.energy, 0.97);
  const range = Math.max(12, loud - floor);
  const half = Math.round(3 / fd);
  const frame: number[] = new Array(n);
  const window: number[] = [];
  for (let i = 0; i < n; i++) {
    window.length = 0;
    let active = 0;
    for (let k = Math.max(0, i - half); k < Math.min(n, i + half + 1); k++) {
      const rel = (f.energy[k] - floor) / range;
      if (rel > 0.35) active++;
      window.push(rel);
    }
    window.sort((a, b) => a - b);
    // 0 quiet, 1 one voice (its pauses fall back towards the floor), 2 many voices (the level never drops), 3 digital silence.
    const low = window[Math.floor(window.length * 0.1)];
    frame[i] = f.energy[i] <= -90 ? 3 : active / window.length < 0.3 ? 0 : low > 0.45 ? 2 : 1;
  }
  const smooth = Math.round(5 / fd);
  const labels: TalkLabel[] = ['independent_work', 'teacher_talk', 'group_work', 'no_audio'];
  const out: LabelledSpan[] = [];
  for (let i = 0; i < n; i++) {
    const votes = [0, 0, 0, 0];
    for (let k = Math.max(0, i - smooth); k < Math.min(n, i + smooth + 1); k++) votes[frame[k]]++;
    const label = labels[votes.indexOf(Math.max(...votes))];
    const last = out[out.length - 1];
    if (last && last.label === label) last.end = (i + 1) * fd;
    else out.push({ start: i * fd, end: (i + 1) * fd, label });
  }
  return out;
}
