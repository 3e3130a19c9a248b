/** fft.js: radix-4 complex FFT on interleaved (re, im) arrays. Typed as used here. */
declare module 'fft.js' {
  type Complex = { length: number; [index: number]: number };
  export default class FFT {
    constructor(size: number);
    readonly size: number;
    /** Forward transform of `data` into `out` (distinct arrays of 2 × size numbers). */
    transform(out: Complex, data: Complex): void;
    /** Inverse transform, scaled by 1 / size. */
    inverseTransform(out: Complex, data: Complex): void;
  }
}
