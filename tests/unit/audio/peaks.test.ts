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

  test('coarse levels built from the finest bins match a direct pass over the samples', () => {
    const pcm = new Float32Array(16000 * 7 + 1234);
    let seed = 7;
    for (let i = 0; i < pcm.length; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      pcm[i] = seed / 1073741824 - 1;
    }
    const all = new PeakBuilder(16000, [100, 10, 1]);
    for (let at = 0; at < pcm.length; at += 3001) all.push(pcm.subarray(at, at + 3001));
    const levels = all.finish();
    for (const [r, binsPerSecond] of [10, 1].entries()) {
      // A builder with that level alone reads every sample itself.
      const alone = new PeakBuilder(16000, [binsPerSecond]);
      alone.push(pcm);
      const [expected] = alone.finish();
      expect(levels[r + 1].count).toBe(expected.count);
      expect(Array.from(levels[r + 1].minMax)).toEqual(Array.from(expected.minMax));
    }
    expect(levels[2].count).toBe(8);
  });

  test('a snapshot mid-stream holds every bin so far and the partial one, at any level', () => {
    const pcm = new Float32Array(16000 * 3);
    for (let i = 0; i < pcm.length; i++) pcm[i] = Math.sin(i * 0.013) * (1 + (i % 977) / 977);
    const builder = new PeakBuilder(16000, [100, 10, 1]);
    // Cut inside a finest bin (160 samples), a 10/s bin and a 1/s bin.
    const cut = 16000 * 2 + 1600 * 3 + 37;
    builder.push(pcm.subarray(0, cut));
    for (const binsPerSecond of [100, 10, 1]) {
      const snapshot = builder.snapshot(binsPerSecond);
      // The same as a builder fed only what came so far, finished.
      const direct = new PeakBuilder(16000, [binsPerSecond]);
      direct.push(pcm.subarray(0, cut));
      expect(Array.from(snapshot)).toEqual(Array.from(direct.finish()[0].minMax));
    }
    builder.push(pcm.subarray(cut));
    expect(builder.snapshot(10).length).toBe(2 * 30);
    expect(() => builder.snapshot(5)).toThrow(/5 bins/);
  });

  test('a level whose bins the finest does not tile reads the samples itself', () => {
    const b = new PeakBuilder(12, [4, 3]);
    b.push(Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13));
    const [four, three] = b.finish();
    expect(Array.from(four.minMax)).toEqual([1, 3, 4, 6, 7, 9, 10, 12, 13, 13]);
    expect(Array.from(three.minMax)).toEqual([1, 4, 5, 8, 9, 12, 13, 13]);
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
