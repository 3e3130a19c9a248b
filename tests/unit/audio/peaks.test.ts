import { describe, expect, test } from 'vitest';
import { PeakBuilder } from '../../../workers/audio';

describe('PeakBuilder', () => {
  test('min/max per bin at each resolution, across chunk boundaries', () => {
    // 10 Hz "sample rate" keeps the numbers hand-checkable: 5 bins/s = 2 samples, 1 bin/s = 10 samples.
    const b = new PeakBuilder(10, [5, 1]);
    b.push(Float32Array.of(0.1, -0.2, 0.3));
    b.push(Float32Array.of(0.05, -0.5, 0.4, 0, 0, 0.2, -0.1, 0.9));
    const [fine, coarse] = b.finish();
    expect(fine.count).toBe(6);
    expect(Array.from(fine.minMax).map((v) => +v.toFixed(2))).toEqual([-0.2, 0.1, 0.05, 0.3, -0.5, 0.4, 0, 0, -0.1, 0.2, 0.9, 0.9]);
    expect(coarse.count).toBe(2);
    expect(Array.from(coarse.minMax).map((v) => +v.toFixed(2))).toEqual([-0.5, 0.4, 0.9, 0.9]);
  });

  test('wavesurfer peaks are one channel scaled to the loudest sample', () => {
    const b = new PeakBuilder(10, [5]);
    b.push(Float32Array.of(0.1, -0.25, 0.2, 0.05));
    const [channel] = b.toWaveSurferPeaks(5);
    expect(Array.from(channel).map((v) => +v.toFixed(2))).toEqual([-1, 0.4, 0.2, 0.8]);
  });

  test('resolutions must divide the sample rate', () => {
    expect(() => new PeakBuilder(16000, [7])).toThrow();
  });
});
