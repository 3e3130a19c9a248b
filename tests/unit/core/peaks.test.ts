import { describe, expect, it } from 'vitest';
import { absolutePeaks, normalisePeaks, pickPeakResolution } from '../../../src/core/peaks';

describe('peaks for display', () => {
  it('picks the coarsest resolution with at least a bin per pixel', () => {
    expect(pickPeakResolution(0.3, [1, 10, 100])).toBe(1);
    expect(pickPeakResolution(4, [100, 1, 10])).toBe(10);
    expect(pickPeakResolution(64, [1, 10, 100])).toBe(100);
    expect(pickPeakResolution(200, [1, 10, 100])).toBe(100);
  });
  it('turns min/max pairs into absolute peaks', () => {
    expect([...absolutePeaks(new Float32Array([-0.5, 0.25, -0.1, 0.75]))]).toEqual([0.5, 0.75]);
  });
  it('scales a quiet recording up to the full height, leaving loud ones alone', () => {
    expect([...normalisePeaks(new Float32Array([0.1, 0.05]))].map((v) => Number(v.toFixed(3)))).toEqual([0.95, 0.475]);
    const loud = new Float32Array([0.99, 0.5]);
    expect(normalisePeaks(loud)).toBe(loud);
  });
});
