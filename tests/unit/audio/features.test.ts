import { describe, expect, test } from 'vitest';
import { FeatureExtractor, type FeatureFrames } from '../../../workers/audio';

const RATE = 16000;

function extract(x: Float32Array, chunk = x.length): FeatureFrames {
  const fe = new FeatureExtractor();
  for (let i = 0; i < x.length; i += chunk) fe.push(x.subarray(i, i + chunk));
  return fe.finish();
}

/** A voice-like tone: 200 Hz with decaying harmonics up to 3 kHz. */
function vowel(seconds: number, f0 = 200, amp = 0.3): Float32Array {
  const x = new Float32Array(RATE * seconds);
  for (let h = 1; h * f0 < 3000; h++) for (let i = 0; i < x.length; i++) x[i] += (amp / h) * Math.sin((2 * Math.PI * f0 * h * i) / RATE);
  return x;
}

function noise(seconds: number, amp = 0.3, seed = 1): Float32Array {
  let s = seed;
  const x = new Float32Array(RATE * seconds);
  for (let i = 0; i < x.length; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    x[i] = amp * (s / 2 ** 32 - 0.5) * 2;
  }
  return x;
}

const median = (a: Float32Array): number => Float32Array.from(a).sort()[a.length >> 1];

describe('FeatureExtractor', () => {
  test('frames are 0.1 s; a trailing partial frame is dropped', () => {
    const f = extract(new Float32Array(RATE * 2 + 800));
    expect(f.count).toBe(20);
    expect(f.frameDuration).toBe(0.1);
    expect(f.bands.length).toBe(20 * 8);
  });

  test('tone vs noise vs silence: periodicity, flatness and level order as expected', () => {
    const tone = extract(vowel(2)), hiss = extract(noise(2)), silence = extract(new Float32Array(RATE * 2));
    expect(median(tone.periodicity)).toBeGreaterThan(0.85);
    expect(median(hiss.periodicity)).toBeLessThan(0.4);
    expect(median(tone.flatness)).toBeLessThan(0.1);
    expect(median(hiss.flatness)).toBeGreaterThan(0.5);
    expect(median(silence.energy)).toBe(-120);
    expect(median(tone.energy)).toBeGreaterThan(median(silence.energy) + 60);
    expect(median(tone.f0)).toBeGreaterThan(190);
    expect(median(tone.f0)).toBeLessThan(210);
    expect(median(hiss.f0)).toBe(0);
    expect(median(hiss.centroid)).toBeGreaterThan(median(tone.centroid) + 1000);
  });

  test('a 220 Hz tone reads as 220 Hz, not an octave down', () => {
    const f = extract(vowel(1, 220));
    expect(median(f.f0)).toBeGreaterThan(210);
    expect(median(f.f0)).toBeLessThan(230);
  });

  test('relative features do not depend on the recording level; energy shifts by the gain', () => {
    const x = vowel(2);
    const n = noise(2, 0.05);
    for (let i = 0; i < x.length; i++) x[i] += n[i];
    const loud = x.map((v) => v * 10), quiet = x.map((v) => v * 0.1);
    const a = extract(x), b = extract(loud), c = extract(quiet);
    for (let i = 0; i < a.count; i++) {
      expect(b.energy[i] - a.energy[i]).toBeCloseTo(20, 3);
      expect(a.energy[i] - c.energy[i]).toBeCloseTo(20, 3);
      for (const key of ['flatness', 'periodicity', 'centroid', 'voiceBand', 'zcr', 'modulation', 'f0'] as const) {
        expect(b[key][i]).toBeCloseTo(a[key][i], 2);
        expect(c[key][i]).toBeCloseTo(a[key][i], 2);
      }
    }
  });

  test('syllable-rate modulation is deep for 4 Hz bursts and shallow for steady noise', () => {
    const bursts = vowel(4);
    for (let i = 0; i < bursts.length; i++) if (Math.floor((i / RATE) * 8) % 2) bursts[i] *= 0.02;
    const mod = median(extract(bursts).modulation);
    expect(mod).toBeGreaterThan(8);
    expect(median(extract(noise(4)).modulation)).toBeLessThan(2);
  });

  test('the speech band\'s sub-frame level is the level of what lies between 300 and 3400 Hz', () => {
    const tone = (hz: number) => Float32Array.from({ length: RATE }, (_, i) => 0.1 * Math.sin((2 * Math.PI * hz * i) / RATE));
    const mid = extract(tone(1000)), low = extract(tone(80)), silence = extract(new Float32Array(RATE));
    expect(mid.subVoice).toHaveLength(mid.count * 4);
    // A 1 kHz tone is all speech band: the same level as the whole sub-frame.
    for (let s = 4; s < mid.subVoice.length; s++) expect(mid.subVoice[s]).toBeCloseTo(mid.subEnergy[s], 0);
    // A room's rumble at 80 Hz is as loud but sits under the band.
    expect(median(low.subEnergy) - median(low.subVoice)).toBeGreaterThan(30);
    expect(median(silence.subVoice)).toBeLessThan(-100);
  });

  test('chunk boundaries do not matter', () => {
    const x = vowel(3);
    const n = noise(3, 0.1);
    for (let i = 0; i < x.length; i++) x[i] = x[i] * (i % 16000 < 9000 ? 1 : 0.1) + n[i];
    const whole = extract(x), chunked = extract(x, 777);
    expect(chunked.count).toBe(whole.count);
    for (const key of ['energy', 'energyMin', 'flatness', 'periodicity', 'f0', 'modulation', 'bands', 'subVoice'] as const) {
      expect(Array.from(chunked[key])).toEqual(Array.from(whole[key]));
    }
  });

  test('an hour of 16 kHz audio extracts in a few seconds', () => {
    const x = vowel(10);
    const n = noise(10, 0.1);
    for (let i = 0; i < x.length; i++) x[i] += n[i];
    const fe = new FeatureExtractor();
    const t0 = performance.now();
    for (let k = 0; k < 360; k++) fe.push(x);
    expect(fe.finish().count).toBe(36000);
    // Measured ~2.5 s on a 2-core VM.
    expect(performance.now() - t0).toBeLessThan(8000);
  });
});
