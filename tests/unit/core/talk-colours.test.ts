/** The band colours for coaches with red-green colour blindness, and against the white panels (issue 25, item 3). */
import { describe, expect, it } from 'vitest';
import { LABEL_COLOURS, TALK_LABELS } from '../../../src/core/talk';

const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const rgb = (hex: string) => [1, 3, 5].map((i) => linear(parseInt(hex.slice(i, i + 2), 16) / 255));
const luminance = ([r, g, b]: number[]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
const contrast = (a: number[], b: number[]) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};
/** Machado, Oliveira and Fernandes (2009), severity 1.0, on linear RGB. */
const SIMULATIONS: Record<string, number[][]> = {
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
};
const simulate = (m: number[][], c: number[]) => m.map((row) => Math.min(1, Math.max(0, row[0] * c[0] + row[1] * c[1] + row[2] * c[2])));
/** CIE76 colour difference in Lab. */
function deltaE(a: number[], b: number[]): number {
  const lab = (c: number[]) => {
    const xyz = [
      (0.4124 * c[0] + 0.3576 * c[1] + 0.1805 * c[2]) / 0.95047,
      0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2],
      (0.0193 * c[0] + 0.1192 * c[1] + 0.9505 * c[2]) / 1.08883,
    ].map((t) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116));
    return [116 * xyz[1] - 16, 500 * (xyz[0] - xyz[1]), 200 * (xyz[1] - xyz[2])];
  };
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

describe('band colours', () => {
  const white = [1, 1, 1];

  it('reach 3:1 against the white panels (the band edges and legend swatches must be seen)', () => {
    for (const label of TALK_LABELS) expect(contrast(rgb(LABEL_COLOURS[label]), white), label).toBeGreaterThanOrEqual(3);
  });

  for (const [name, matrix] of Object.entries(SIMULATIONS)) {
    it(`stay apart for ${name}`, () => {
      for (const a of TALK_LABELS)
        for (const b of TALK_LABELS) {
          if (a >= b) continue;
          const difference = deltaE(simulate(matrix, rgb(LABEL_COLOURS[a])), simulate(matrix, rgb(LABEL_COLOURS[b])));
          expect(difference, `${a} / ${b}`).toBeGreaterThan(15);
        }
    });
  }
});
