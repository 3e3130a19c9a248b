/** In-place iterative radix-2 complex FFT with precomputed twiddles and bit reversal. */
export class FFT {
  /** Transform size (a power of two). */
  readonly size: number;
  private readonly cos: Float64Array;
  /** Twiddle sines for the forward and the inverse transform. */
  private readonly sinForward: Float64Array;
  private readonly sinInverse: Float64Array;
  /** Index pairs (i, j) with i < j swapped by the bit-reversal permutation. */
  private readonly swaps: Uint32Array;

  /** Prepare tables for transforms of `size` points. */
  constructor(size: number) {
    if (size < 4 || (size & (size - 1)) !== 0) throw new Error(`FFT size must be a power of two of at least 4, got ${size}`);
    this.size = size;
    this.cos = new Float64Array(size / 2);
    this.sinForward = new Float64Array(size / 2);
    this.sinInverse = new Float64Array(size / 2);
    for (let i = 0; i < size / 2; i++) {
      this.cos[i] = Math.cos((2 * Math.PI * i) / size);
      this.sinForward[i] = -Math.sin((2 * Math.PI * i) / size);
      this.sinInverse[i] = -this.sinForward[i];
    }
    const bits = Math.log2(size);
    const swaps: number[] = [];
    for (let i = 0; i < size; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      if (r > i) swaps.push(i, r);
    }
    this.swaps = Uint32Array.from(swaps);
  }

  /** Forward transform of (re, im) in place; `inverse` flips the twiddle sign (unscaled). */
  transform(re: Float64Array, im: Float64Array, inverse = false): void {
    const n = this.size;
    const swaps = this.swaps;
    for (let s = 0; s < swaps.length; s += 2) {
      const i = swaps[s], j = swaps[s + 1];
      const tr = re[i]; re[i] = re[j]; re[j] = tr;
      const ti = im[i]; im[i] = im[j]; im[j] = ti;
    }
    // The first two stages have trivial twiddles (1, and ∓i): done without multiplications.
    for (let i = 0; i < n; i += 2) {
      const ar = re[i], ai = im[i], br = re[i + 1], bi = im[i + 1];
      re[i] = ar + br; im[i] = ai + bi;
      re[i + 1] = ar - br; im[i + 1] = ai - bi;
    }
    const q = inverse ? 1 : -1; // the second twiddle of the 4-point stage is q·i
    for (let i = 0; i < n; i += 4) {
      let ar = re[i], ai = im[i], br = re[i + 2], bi = im[i + 2];
      re[i] = ar + br; im[i] = ai + bi;
      re[i + 2] = ar - br; im[i + 2] = ai - bi;
      ar = re[i + 1]; ai = im[i + 1];
      const xr = -q * im[i + 3], xi = q * re[i + 3];
      re[i + 1] = ar + xr; im[i + 1] = ai + xi;
      re[i + 3] = ar - xr; im[i + 3] = ai - xi;
    }
    const cos = this.cos;
    const sin = inverse ? this.sinInverse : this.sinForward;
    for (let len = 8; len <= n; len <<= 1) {
      const halfLen = len >> 1;
      const step = n / len;
      for (let j = 0, t = 0; j < halfLen; j++, t += step) {
        const wr = cos[t];
        const wi = sin[t];
        for (let a = j; a < n; a += len) {
          const b = a + halfLen;
          const xr = re[b] * wr - im[b] * wi;
          const xi = re[b] * wi + im[b] * wr;
          re[b] = re[a] - xr; im[b] = im[a] - xi;
          re[a] += xr; im[a] += xi;
        }
      }
    }
  }
}
