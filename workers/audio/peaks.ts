/**
 * Streaming min/max waveform peaks at several resolutions, in the shape
 * wavesurfer.js accepts as precomputed `peaks`. Pure: no DOM.
 */

/** Default resolutions in bins per second. */
export const DEFAULT_PEAK_RESOLUTIONS = [100, 10, 1] as const;

/** Min/max peaks for one resolution: `minMax` interleaves [min0, max0, min1, max1, …]. */
export interface PeakLevel {
  /** Bins per second. */
  binsPerSecond: number;
  /** Number of complete-or-trailing bins. */
  count: number;
  /** Interleaved minimum and maximum per bin, raw sample values. */
  minMax: Float32Array;
}

/** Streaming peak builder over 16 kHz (or any fixed-rate) mono PCM. */
export class PeakBuilder {
  /** Input sample rate in Hz. */
  readonly sampleRate: number;
  /** Resolutions in bins per second, as given. */
  readonly resolutions: readonly number[];
  private readonly binSize: number[];
  private readonly store: { data: Float32Array; length: number }[];
  private readonly fill: number[];
  private readonly curMin: number[];
  private readonly curMax: number[];
  private finished: PeakLevel[] | null = null;
  /** Index of the finest level, and which levels are built from its bins (theirs are whole multiples). */
  private readonly finest: number;
  private readonly fromFinest: boolean[];

  /** Create a builder; each resolution must divide the sample rate into whole samples per bin. */
  constructor(sampleRate = 16000, resolutions: readonly number[] = DEFAULT_PEAK_RESOLUTIONS) {
    this.sampleRate = sampleRate;
    this.resolutions = resolutions;
    this.binSize = resolutions.map((r) => {
      const size = sampleRate / r;
      if (!Number.isInteger(size)) throw new Error(`${r} bins/s does not divide ${sampleRate} Hz`);
      return size;
    });
    this.store = resolutions.map(() => ({ data: new Float32Array(1024), length: 0 }));
    this.fill = resolutions.map(() => 0);
    this.curMin = resolutions.map(() => Infinity);
    this.curMax = resolutions.map(() => -Infinity);
    this.finest = this.binSize.indexOf(Math.min(...this.binSize));
    this.fromFinest = this.binSize.map((size, r) => r !== this.finest && size % this.binSize[this.finest] === 0);
  }

  /** Feed the next chunk of mono samples. */
  push(pcm: Float32Array): void {
    if (this.finished) throw new Error('PeakBuilder already finished');
    // Only the finest level (and any whose bins it does not tile) looks at every sample; the others
    // are built from its bins.
    for (let r = 0; r < this.resolutions.length; r++) {
      if (this.fromFinest[r]) continue;
      const size = this.binSize[r];
      let fill = this.fill[r], lo = this.curMin[r], hi = this.curMax[r];
      for (let i = 0; i < pcm.length; i++) {
        const v = pcm[i];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
        if (++fill === size) {
          this.append(r, lo, hi);
          if (r === this.finest) this.fold(lo, hi);
          fill = 0; lo = Infinity; hi = -Infinity;
        }
      }
      this.fill[r] = fill; this.curMin[r] = lo; this.curMax[r] = hi;
    }
  }

  /** Close the stream (a trailing partial bin is kept) and return every level. */
  finish(): PeakLevel[] {
    if (this.finished) return this.finished;
    this.finished = this.resolutions.map((binsPerSecond) => {
      const minMax = this.snapshot(binsPerSecond);
      return { binsPerSecond, count: minMax.length / 2, minMax };
    });
    return this.finished;
  }

  /**
   * A copy of one resolution's bins so far, the trailing partial bin included, while the stream
   * still grows (for a progressive waveform). Interleaved min/max like `PeakLevel.minMax`.
   */
  snapshot(binsPerSecond: number): Float32Array {
    const r = this.resolutions.indexOf(binsPerSecond);
    if (r < 0) throw new Error(`No peaks at ${binsPerSecond} bins/s`);
    if (this.finished) return this.finished[r].minMax.slice();
    const f = this.finest;
    let lo = this.curMin[r], hi = this.curMax[r];
    // A level built from the finest one has not yet seen the finest level's partial bin. A level reading
    // samples has a partial bin when it counted some; a folded one when it holds a value.
    if (this.fromFinest[r] && this.fill[f] > 0) {
      lo = Math.min(lo, this.curMin[f]);
      hi = Math.max(hi, this.curMax[f]);
    }
    const partial = (this.fromFinest[r] ? lo <= hi : this.fill[r] > 0) ? 2 : 0;
    const s = this.store[r];
    const out = new Float32Array(s.length + partial);
    out.set(s.data.subarray(0, s.length));
    if (partial) {
      out[s.length] = lo;
      out[s.length + 1] = hi;
    }
    return out;
  }

  /** One whole bin of the finest level into the levels built from it. */
  private fold(lo: number, hi: number): void {
    for (let r = 0; r < this.resolutions.length; r++) {
      if (!this.fromFinest[r]) continue;
      if (lo < this.curMin[r]) this.curMin[r] = lo;
      if (hi > this.curMax[r]) this.curMax[r] = hi;
      if (++this.fill[r] === this.binSize[r] / this.binSize[this.finest]) {
        this.append(r, this.curMin[r], this.curMax[r]);
        this.fill[r] = 0; this.curMin[r] = Infinity; this.curMax[r] = -Infinity;
      }
    }
  }

  /**
   * Peaks for one resolution as wavesurfer.js expects: one array per channel of values in -1..1,
   * alternating min and max, scaled so the loudest sample reaches ±1 (quiet lessons stay visible).
   */
  toWaveSurferPeaks(binsPerSecond: number): Float32Array[] {
    const level = this.finish().find((l) => l.binsPerSecond === binsPerSecond);
    if (!level) throw new Error(`No peaks at ${binsPerSecond} bins/s`);
    let peak = 0;
    for (const v of level.minMax) peak = Math.max(peak, Math.abs(v));
    const scale = peak > 0 ? 1 / peak : 1;
    const out = new Float32Array(level.minMax.length);
    for (let i = 0; i < out.length; i++) out[i] = level.minMax[i] * scale;
    return [out];
  }

  private append(r: number, lo: number, hi: number): void {
    const s = this.store[r];
    if (s.length + 2 > s.data.length) {
      const next = new Float32Array(s.data.length * 2);
      next.set(s.data);
      s.data = next;
    }
    s.data[s.length++] = lo;
    s.data[s.length++] = hi;
  }
}
