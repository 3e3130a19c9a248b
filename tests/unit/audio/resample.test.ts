import { describe, expect, test } from 'vitest';
import { Resampler, downmix } from '../../../workers/audio';

function sine(rate: number, hz: number, seconds: number, amp = 0.5): Float32Array {
  const x = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < x.length; i++) x[i] = amp * Math.sin((2 * Math.PI * hz * i) / rate);
  return x;
}

/** Amplitude of frequency `hz` in x (single-bin DFT over the middle of the signal). */
function amplitudeAt(x: Float32Array, rate: number, hz: number): number {
  const a = Math.floor(x.length * 0.25), b = Math.floor(x.length * 0.75);
  let re = 0, im = 0;
  for (let i = a; i < b; i++) {
    re += x[i] * Math.cos((2 * Math.PI * hz * i) / rate);
    im += x[i] * Math.sin((2 * Math.PI * hz * i) / rate);
  }
  return (2 * Math.hypot(re, im)) / (b - a);
}

const rms = (x: Float32Array): number => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

describe('Resampler', () => {
  for (const rate of [48000, 44100, 32000, 22050, 16000, 8000]) {
    test(`${rate} Hz: a 1 kHz sine keeps its frequency and amplitude`, () => {
      const out = new Resampler(rate).push([sine(rate, 1000, 1)]);
      // The output lags by the filter's half-length (a few samples), so a chunk may come out slightly short.
      expect(out.length).toBeGreaterThanOrEqual(16000 - 8);
      expect(out.length).toBeLessThanOrEqual(16000);
      expect(amplitudeAt(out, 16000, 1000)).toBeCloseTo(0.5, 1);
      expect(amplitudeAt(out, 16000, 1300)).toBeLessThan(0.01);
    });
  }

  test('stereo is averaged to mono', () => {
    const left = sine(48000, 440, 0.5), right = new Float32Array(left.length);
    expect(amplitudeAt(new Resampler(48000).push([left, right]), 16000, 440)).toBeCloseTo(0.25, 1);
    expect(Array.from(downmix([Float32Array.of(1, 0), Float32Array.of(0, 1)]))).toEqual([0.5, 0.5]);
    // Into a buffer that still holds older samples: they must not leak into the mix.
    const stale = Float32Array.of(9, 9);
    expect(downmix([Float32Array.of(3, 0), Float32Array.of(0, 3), Float32Array.of(3, 3)], stale)).toBe(stale);
    expect(Array.from(stale)).toEqual([2, 2]);
  });

  test('content above the new Nyquist is attenuated', () => {
    const out = new Resampler(48000).push([sine(48000, 12000, 1)]);
    expect(rms(out)).toBeLessThan(0.15 * rms(sine(48000, 12000, 1)));
  });

  for (const rate of [48000, 44100, 22050]) {
    test(`${rate} Hz: chunk boundaries don't matter`, () => {
      const x = sine(rate, 523, 2);
      for (let i = 0; i < x.length; i++) x[i] += 0.1 * Math.sin(i * 0.37);
      const whole = new Resampler(rate).push([x]);
      const r = new Resampler(rate);
      const parts: number[] = [];
      const sizes = [1, 7, 100, 1023, 4096, 333];
      for (let at = 0, k = 0; at < x.length; k++) {
        const size = sizes[k % sizes.length];
        parts.push(...r.push([x.subarray(at, at + size)]));
        at += size;
      }
      expect(parts.length).toBe(whole.length);
      let worst = 0;
      for (let i = 0; i < whole.length; i++) worst = Math.max(worst, Math.abs(parts[i] - whole[i]));
      expect(worst).toBeLessThan(1e-6);
    });
  }

  test('an hour of 48 kHz stereo resamples quickly', () => {
    const chunk = 48000 * 10;
    const l = sine(48000, 300, 10), r = sine(48000, 310, 10);
    const rs = new Resampler(48000);
    const t0 = performance.now();
    let n = 0;
    for (let c = 0; c < 360; c++) n += rs.push([l, r]).length;
    const ms = performance.now() - t0;
    expect(n).toBe(16000 * 3600);
    expect(chunk).toBe(l.length);
    // Measured ~1.2 s on a 2-core VM; the bound leaves room for a slow CI machine.
    expect(ms).toBeLessThan(4000);
  });
});
