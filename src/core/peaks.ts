/** Choosing and shaping waveform peaks for display. */

/** Peak resolutions stored per lesson, in bins per second, finest first. */
export type PeakResolution = number;

/** The coarsest stored resolution that still gives at least one bin per pixel at this zoom. */
export function pickPeakResolution(pxPerSecond: number, available: readonly PeakResolution[]): PeakResolution {
  const sorted = [...available].sort((a, b) => a - b);
  return sorted.find((r) => r >= pxPerSecond) ?? sorted[sorted.length - 1];
}

/** Interleaved min/max pairs → one absolute peak per bin in 0..1 (what the waveform draws, mirrored). */
export function absolutePeaks(minMax: Float32Array, count = minMax.length / 2): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.min(1, Math.max(Math.abs(minMax[2 * i]), Math.abs(minMax[2 * i + 1])));
  return out;
}

/** Scale peaks so the loudest bin fills the height: far cameras record quietly, but the shape is what matters. */
export function normalisePeaks(peaks: Float32Array): Float32Array {
  let max = 0;
  for (const v of peaks) if (v > max) max = v;
  if (max <= 0 || max >= 0.98) return peaks;
  const scale = 0.95 / max;
  return peaks.map((v) => v * scale);
}
