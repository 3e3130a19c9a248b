import { describe, expect, it } from 'vitest';
import { FFT } from '../../../workers/audio/fft';

/** Direct O(n²) DFT, the definition the FFT must match. */
function dft(re: Float64Array, im: Float64Array, inverse: boolean): [Float64Array, Float64Array] {
  const n = re.length;
  const outRe = new Float64Array(n), outIm = new Float64Array(n);
  const sign = inverse ? 1 : -1;
  for (let k = 0; k < n; k++) {
    for (let t = 0; t < n; t++) {
      const angle = (sign * 2 * Math.PI * k * t) / n;
      outRe[k] += re[t] * Math.cos(angle) - im[t] * Math.sin(angle);
      outIm[k] += re[t] * Math.sin(angle) + im[t] * Math.cos(angle);
    }
  }
  return [outRe, outIm];
}

function random(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = s / 1073741824 - 1;
  }
  return out;
}

describe('FFT', () => {
  for (const n of [4, 8, 64, 512]) {
    for (const inverse of [false, true]) {
      it(`matches the DFT on ${n} points${inverse ? ' (inverse)' : ''}`, () => {
        const re = random(n, n), im = random(n, n + 1);
        const [wantRe, wantIm] = dft(re, im, inverse);
        new FFT(n).transform(re, im, inverse);
        for (let k = 0; k < n; k++) {
          expect(re[k]).toBeCloseTo(wantRe[k], 9);
          expect(im[k]).toBeCloseTo(wantIm[k], 9);
        }
      });
    }
  }

  it('refuses sizes that are not a power of two', () => {
    expect(() => new FFT(12)).toThrow(/power of two/);
  });
});
