/**
 * Streaming per-frame acoustic features from 16 kHz mono PCM: level,
 * spectral shape, periodicity/pitch and syllable-rate modulation. These
 * are the cues the segmenter uses to tell silence, one voice, many voices
 * and one voice from another. Pure: no DOM, no worker globals.
 */
import FFT from 'fft.js';

/** Sample rate the extractor expects, Hz. */
export const FEATURE_SAMPLE_RATE = 16000;
/** Frame hop and length in seconds. */
export const FRAME_DURATION = 0.1;
/** Number of coarse log band energies per frame (see BAND_EDGES_HZ). */
export const BAND_COUNT = 8;
/** Edges of the coarse spectral bands in Hz (BAND_COUNT + 1 values). */
export const BAND_EDGES_HZ = [100, 250, 450, 700, 1000, 1500, 2200, 3200, 4800] as const;
/** Number of mel-cepstral coefficients per frame (c1..c12; c0, the level, is left out). */
export const MFCC_COUNT = 12;
/** Mel filters behind the cepstrum, spread over MEL_RANGE_HZ. */
const MEL_FILTERS = 24;
const MEL_RANGE_HZ = [100, 7000] as const;

/** Per-frame features as a struct of typed arrays; every array has `count` entries (bands: count × BAND_COUNT). */
export interface FeatureFrames {
  /** Seconds per frame (hop = length = 0.1 s). */
  frameDuration: number;
  /** Number of frames. */
  count: number;
  /** Frame level in dB re full scale (mean square, DC removed); -120 for digital silence. */
  energy: Float32Array;
  /** Lowest of the four 25 ms sub-frame levels in the frame, dB: pauses between words show up here. */
  energyMin: Float32Array;
  /** Share of spectral power between 300 and 3400 Hz, 0..1. */
  voiceBand: Float32Array;
  /** Spectral flatness within 300-3400 Hz, 0 (tonal) .. 1 (white). */
  flatness: Float32Array;
  /** Spectral centroid over 100-8000 Hz, Hz. */
  centroid: Float32Array;
  /** Zero crossings per sample. */
  zcr: Float32Array;
  /** Mean normalised autocorrelation peak over two 40 ms sub-frames (lags for 70-500 Hz), 0..1. */
  periodicity: Float32Array;
  /** Pitch of the more periodic sub-frame in Hz, 0 when not periodic enough to say. */
  f0: Float32Array;
  /** Levels of the frame's four 25 ms sub-frames in dB, frame-major (count × 4): where inside a frame a voice starts or stops. */
  subEnergy: Float32Array;
  /**
   * Levels of the four sub-frames between 300 and 3400 Hz in dB, frame-major (count × 4), on the scale of
   * `subEnergy`: a soft first word rises here out of a room whose noise sits mostly lower down.
   */
  subVoice: Float32Array;
  /** RMS depth (dB) of 2.5-7.5 Hz modulation of the sub-frame level over a 1.6 s window: syllable rhythm. */
  modulation: Float32Array;
  /** Coarse log band energies in dB, frame-major (count × BAND_COUNT). */
  bands: Float32Array;
  /**
   * Mel-frequency cepstral coefficients c1..c12 of the frame's mean power spectrum, frame-major
   * (count × MFCC_COUNT): the shape of the vocal tract, which tells one speaker from another where pitch
   * alone cannot (a high-voiced teacher and the children of her class share a pitch range).
   */
  mfcc: Float32Array;
}

const FRAME = 1600;
const SUB = 400;
const SUBS = 4;
const PITCH_WIN = 320; // 40 ms at 8 kHz
const PITCH_MIN_LAG = 16; // 500 Hz at 8 kHz
const PITCH_MAX_LAG = 114; // 70 Hz at 8 kHz
const N = 512;
const BIN_HZ = FEATURE_SAMPLE_RATE / N;
const SILENCE_DB = -120;
const MOD_WIN = 64; // sub-frames (40 per second) in the modulation window

/** Growable Float32 storage. */
class Column {
  data = new Float32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  take(): Float32Array {
    return this.data.slice(0, this.length);
  }
}

function hann(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / n);
  return w;
}

const db = (power: number): number => (power > 1e-12 ? 10 * Math.log10(power) : SILENCE_DB);

/** Streaming feature extractor: `push` 16 kHz mono chunks of any length, then `finish`. */
export class FeatureExtractor {
  private readonly fft = new FFT(N);
  private readonly specWindow = hann(SUB);
  private readonly pitchWindow = hann(PITCH_WIN);
  private readonly windowAc: Float64Array; // autocorrelation of the pitch window, for Boersma's correction
  /** Interleaved (re, im) FFT input and output. */
  private readonly cin = new Float64Array(2 * N);
  private readonly cout = new Float64Array(2 * N);
  private readonly p1 = new Float64Array(N / 2 + 1);
  private readonly p2 = new Float64Array(N / 2 + 1);
  private readonly power = new Float64Array(SUBS * (N / 2 + 1));
  private readonly bandOf = new Int8Array(N / 2 + 1);
  private readonly carry = new Float32Array(FRAME);
  private carryLength = 0;
  private readonly frame = new Float64Array(FRAME);
  private readonly cols = {
    energy: new Column(), energyMin: new Column(), voiceBand: new Column(), flatness: new Column(),
    centroid: new Column(), zcr: new Column(), periodicity: new Column(), f0: new Column(),
  };
  private readonly bands = new Column();
  private readonly mfcc = new Column();
  private readonly subEnergy = new Column();
  private readonly subVoice = new Column();
  /** Mel filterbank: per filter, its first bin and the weights from there. */
  private readonly melFilters = melFilterbank();
  private readonly melLog = new Float64Array(MEL_FILTERS);
  private readonly meanPower = new Float64Array(N / 2 + 1);

  /** Create an extractor for 16 kHz mono input. */
  constructor() {
    const ac = new Float64Array(PITCH_MAX_LAG + 2);
    for (let lag = 0; lag < ac.length; lag++) {
      let s = 0;
      for (let i = 0; i + lag < PITCH_WIN; i++) s += this.pitchWindow[i] * this.pitchWindow[i + lag];
      ac[lag] = s;
    }
    for (let lag = ac.length - 1; lag >= 0; lag--) ac[lag] /= ac[0];
    this.windowAc = ac;
    this.bandOf.fill(-1);
    for (let k = 0; k <= N / 2; k++) {
      const hz = k * BIN_HZ;
      for (let b = 0; b < BAND_COUNT; b++) if (hz >= BAND_EDGES_HZ[b] && hz < BAND_EDGES_HZ[b + 1]) this.bandOf[k] = b;
    }
  }

  /** Feed the next chunk of 16 kHz mono samples; frames straddling chunk boundaries are handled. */
  push(pcm16k: Float32Array): void {
    let offset = 0;
    if (this.carryLength > 0) {
      const need = FRAME - this.carryLength;
      const n = Math.min(need, pcm16k.length);
      this.carry.set(pcm16k.subarray(0, n), this.carryLength);
      this.carryLength += n;
      offset = n;
      if (this.carryLength < FRAME) return;
      this.processFrame(this.carry, 0);
      this.carryLength = 0;
    }
    while (offset + FRAME <= pcm16k.length) {
      this.processFrame(pcm16k, offset);
      offset += FRAME;
    }
    const rest = pcm16k.length - offset;
    if (rest > 0) {
      this.carry.set(pcm16k.subarray(offset), 0);
      this.carryLength = rest;
    }
  }

  /** Finish the stream (a trailing partial frame is dropped) and return all frames. */
  finish(): FeatureFrames {
    const c = this.cols;
    const count = c.energy.length;
    const subEnergy = this.subEnergy.take();
    return {
      frameDuration: FRAME_DURATION,
      count,
      energy: c.energy.take(),
      energyMin: c.energyMin.take(),
      voiceBand: c.voiceBand.take(),
      flatness: c.flatness.take(),
      centroid: c.centroid.take(),
      zcr: c.zcr.take(),
      periodicity: c.periodicity.take(),
      f0: c.f0.take(),
      subEnergy,
      subVoice: this.subVoice.take(),
      modulation: modulationDepth(subEnergy, count),
      bands: this.bands.take(),
      mfcc: this.mfcc.take(),
    };
  }

  private processFrame(src: Float32Array, offset: number): void {
    const x = this.frame;
    let mean = 0;
    for (let i = 0; i < FRAME; i++) mean += src[offset + i];
    mean /= FRAME;
    // One pass: the DC-free frame, its sub-frame levels (for pauses and modulation) and zero crossings.
    let sq = 0;
    let crossings = 0;
    let prevNegative = src[offset] - mean < 0;
    let minSub = Infinity;
    for (let s = 0; s < SUBS; s++) {
      let e = 0;
      for (let i = s * SUB; i < (s + 1) * SUB; i++) {
        const v = src[offset + i] - mean;
        x[i] = v;
        e += v * v;
        const negative = v < 0;
        crossings += negative !== prevNegative ? 1 : 0;
        prevNegative = negative;
      }
      sq += e;
      const d = db(e / SUB);
      this.subEnergy.push(d);
      if (d < minSub) minSub = d;
    }
    const c = this.cols;
    const energy = db(sq / FRAME);
    c.energy.push(energy);
    c.zcr.push(crossings / FRAME);
    c.energyMin.push(minSub);

    if (energy <= SILENCE_DB) {
      c.voiceBand.push(0); c.flatness.push(1); c.centroid.push(0); c.periodicity.push(0); c.f0.push(0);
      for (let b = 0; b < BAND_COUNT; b++) this.bands.push(SILENCE_DB);
      for (let d = 0; d < MFCC_COUNT; d++) this.mfcc.push(0);
      for (let s = 0; s < SUBS; s++) this.subVoice.push(SILENCE_DB);
      return;
    }

    this.spectra(x);
    this.pitch(x);
  }

  /** Power spectra of the four 25 ms sub-frames, two per complex FFT, then band summaries. */
  private spectra(x: Float64Array): void {
    const { cin, cout, power, specWindow } = this;
    const half = N / 2;
    for (let pair = 0; pair < 2; pair++) {
      cin.fill(0);
      const a = pair * 2 * SUB;
      const b = a + SUB;
      for (let i = 0; i < SUB; i++) {
        cin[2 * i] = x[a + i] * specWindow[i];
        cin[2 * i + 1] = x[b + i] * specWindow[i];
      }
      this.fft.transform(cout, cin);
      const p0 = pair * 2 * (half + 1);
      splitPowers(cout, power, p0, power, p0 + half + 1);
    }
    const lo = Math.round(300 / BIN_HZ);
    const hi = Math.round(3400 / BIN_HZ);
    const cMin = Math.round(100 / BIN_HZ);
    let total = 0, voice = 0, flatSum = 0, num = 0, den = 0;
    // A sub-frame's one-sided power sum on the scale of its mean-square level (Parseval over N bins, Hann's Σw² = 0.375·SUB).
    const subNorm = 2 / (N * SUB * 0.375);
    const bandPow = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let s = 0; s < SUBS; s++) {
      const p0 = s * (half + 1);
      let logSum = 0, linSum = 0;
      for (let k = 1; k <= half; k++) {
        const p = power[p0 + k];
        total += p;
        if (k >= lo && k <= hi) {
          voice += p;
          logSum += Math.log(p + 1e-20);
          linSum += p;
        }
        if (k >= cMin) { num += p * k * BIN_HZ; den += p; }
        const band = this.bandOf[k];
        if (band >= 0) bandPow[band] += p;
      }
      this.subVoice.push(db(linSum * subNorm));
      const nBins = hi - lo + 1;
      flatSum += linSum > 0 ? Math.exp(logSum / nBins) / (linSum / nBins) : 1;
    }
    const c = this.cols;
    c.voiceBand.push(total > 0 ? voice / total : 0);
    c.flatness.push(flatSum / SUBS);
    c.centroid.push(den > 0 ? num / den : 0);
    // Normalise to the frame's sample power scale so band dB are comparable to `energy`.
    const norm = 1 / (SUBS * SUB * SUB * 0.375);
    for (let b = 0; b < BAND_COUNT; b++) this.bands.push(db(bandPow[b] * norm));
    this.cepstrum();
  }

  /** MFCCs of the mean of the four sub-frame power spectra. */
  private cepstrum(): void {
    const { power, meanPower, melLog, melFilters } = this;
    const half = N / 2;
    meanPower.fill(0);
    for (let s = 0; s < SUBS; s++) for (let k = 0; k <= half; k++) meanPower[k] += power[s * (half + 1) + k];
    for (let m = 0; m < MEL_FILTERS; m++) {
      const { first, weights } = melFilters[m];
      let e = 0;
      for (let j = 0; j < weights.length; j++) e += weights[j] * meanPower[first + j];
      melLog[m] = Math.log(e + 1e-12);
    }
    for (let c = 1; c <= MFCC_COUNT; c++) {
      let v = 0;
      for (let m = 0; m < MEL_FILTERS; m++) v += melLog[m] * Math.cos((Math.PI * c * (m + 0.5)) / MEL_FILTERS);
      this.mfcc.push(v * Math.sqrt(2 / MEL_FILTERS));
    }
  }

  /** Normalised autocorrelation (Boersma-corrected) on two 40 ms sub-frames at 8 kHz, via one packed FFT. */
  private pitch(x: Float64Array): void {
    const { cin, cout, p1, p2, pitchWindow, windowAc } = this;
    cin.fill(0);
    // Sub-frames centred in each half of the frame, decimated 2:1 with a [1 3 3 1]/8 low-pass,
    // packed as the real and imaginary parts of one input.
    for (let h = 0; h < 2; h++) {
      const start = h * 800 + 80;
      let m = 0;
      for (let i = 0; i < PITCH_WIN; i++) {
        const j = start + 2 * i;
        const v = (x[j - 1] + 3 * x[j] + 3 * x[j + 1] + x[j + 2]) * 0.125;
        cin[2 * i + h] = v;
        m += v;
      }
      m /= PITCH_WIN;
      for (let i = 0; i < PITCH_WIN; i++) cin[2 * i + h] = (cin[2 * i + h] - m) * pitchWindow[i];
    }
    this.fft.transform(cout, cin);
    const half = N / 2;
    // Power spectra of both sub-frames packed as P1 + i P2; the inverse gives r1 + i r2 (scaled alike).
    splitPowers(cout, p1, 0, p2, 0);
    for (let k = 0; k <= half; k++) {
      cin[2 * k] = p1[k]; cin[2 * k + 1] = p2[k];
      if (k > 0 && k < half) { cin[2 * (N - k)] = p1[k]; cin[2 * (N - k) + 1] = p2[k]; }
    }
    this.fft.inverseTransform(cout, cin);
    let sum = 0, bestPeak = 0, bestLag = 0;
    for (let h = 0; h < 2; h++) {
      const r0 = cout[h];
      let peak = 0, lagAt = 0;
      // The inverse is scaled by 1/N: the same threshold as an unscaled 1e-12.
      if (r0 > 1e-12 / N) {
        // Local maxima of the corrected autocorrelation; the shortest lag within 85% of the best avoids octave-down errors.
        const peaks: number[] = [];
        let prevV = cout[2 * (PITCH_MIN_LAG - 1) + h] / r0 / windowAc[PITCH_MIN_LAG - 1];
        let v = cout[2 * PITCH_MIN_LAG + h] / r0 / windowAc[PITCH_MIN_LAG];
        for (let lag = PITCH_MIN_LAG; lag <= PITCH_MAX_LAG; lag++) {
          const next = cout[2 * (lag + 1) + h] / r0 / windowAc[lag + 1];
          if (v > prevV && v >= next) {
            peaks.push(lag + parabolic(prevV, v, next), v);
            if (v > peak) peak = v;
          }
          prevV = v; v = next;
        }
        for (let q = 0; q < peaks.length; q += 2) {
          if (peaks[q + 1] >= 0.85 * peak) { lagAt = peaks[q]; break; }
        }
      }
      peak = Math.min(1, Math.max(0, peak));
      sum += peak;
      if (peak > bestPeak) { bestPeak = peak; bestLag = lagAt; }
    }
    const c = this.cols;
    c.periodicity.push(sum / 2);
    c.f0.push(bestPeak >= 0.45 && bestLag > 0 ? 8000 / bestLag : 0);
  }
}

/**
 * Power spectra (bins 0..N/2) of two real signals transformed together as the real and imaginary parts of
 * one complex input: X1 = (X[k] + conj X[N-k]) / 2, X2 = (X[k] - conj X[N-k]) / 2i.
 */
function splitPowers(spectrum: Float64Array, out1: Float64Array, at1: number, out2: Float64Array, at2: number): void {
  for (let k = 0; k <= N / 2; k++) {
    const nk = (N - k) & (N - 1);
    const rk = spectrum[2 * k], ik = spectrum[2 * k + 1], rn = spectrum[2 * nk], inn = spectrum[2 * nk + 1];
    const r1 = 0.5 * (rk + rn), i1 = 0.5 * (ik - inn);
    const r2 = 0.5 * (ik + inn), i2 = -0.5 * (rk - rn);
    out1[at1 + k] = r1 * r1 + i1 * i1;
    out2[at2 + k] = r2 * r2 + i2 * i2;
  }
}

/** Triangular filters equally spaced on the mel scale over MEL_RANGE_HZ, as (first bin, weights). */
function melFilterbank(): { first: number; weights: Float64Array }[] {
  const mel = (hz: number) => 2595 * Math.log10(1 + hz / 700);
  const hz = (m: number) => 700 * (10 ** (m / 2595) - 1);
  const lo = mel(MEL_RANGE_HZ[0]), hi = mel(MEL_RANGE_HZ[1]);
  const edges = Array.from({ length: MEL_FILTERS + 2 }, (_, i) => hz(lo + ((hi - lo) * i) / (MEL_FILTERS + 1)) / BIN_HZ);
  return Array.from({ length: MEL_FILTERS }, (_, m) => {
    const [a, c, b] = [edges[m], edges[m + 1], edges[m + 2]];
    const first = Math.ceil(a), last = Math.floor(b);
    const weights = new Float64Array(Math.max(1, last - first + 1));
    for (let k = first; k <= last; k++) weights[k - first] = k <= c ? (k - a) / (c - a) : (b - k) / (b - c);
    return { first, weights };
  });
}

function parabolic(a: number, b: number, c: number): number {
  const d = a - 2 * b + c;
  return d < 0 ? (0.5 * (a - c)) / d : 0;
}

/** RMS of the 2.5-7.5 Hz band of the sub-frame dB envelope (40 Hz) over a centred 1.6 s window, per frame. */
function modulationDepth(subDb: Float32Array, count: number): Float32Array {
  const out = new Float32Array(count);
  const n = subDb.length;
  const kLo = 4, kHi = 12; // DFT bins of 0.625 Hz: 2.5 .. 7.5 Hz
  const cosT = new Float64Array(MOD_WIN * (kHi - kLo + 1));
  const sinT = new Float64Array(MOD_WIN * (kHi - kLo + 1));
  for (let k = kLo; k <= kHi; k++) {
    for (let i = 0; i < MOD_WIN; i++) {
      cosT[(k - kLo) * MOD_WIN + i] = Math.cos((2 * Math.PI * k * i) / MOD_WIN);
      sinT[(k - kLo) * MOD_WIN + i] = Math.sin((2 * Math.PI * k * i) / MOD_WIN);
    }
  }
  const seg = new Float64Array(MOD_WIN);
  for (let f = 0; f < count; f++) {
    let start = f * SUBS + SUBS / 2 - MOD_WIN / 2;
    start = Math.max(0, Math.min(n - MOD_WIN, start));
    if (start < 0) { out[f] = 0; continue; }
    let m = 0;
    for (let i = 0; i < MOD_WIN; i++) {
      // Floor very low sub-frames so digital silence doesn't read as deep modulation.
      const v = Math.max(subDb[start + i], -100);
      seg[i] = v;
      m += v;
    }
    m /= MOD_WIN;
    let pow = 0;
    for (let k = 0; k <= kHi - kLo; k++) {
      let a = 0, b = 0;
      const o = k * MOD_WIN;
      for (let i = 0; i < MOD_WIN; i++) {
        const v = seg[i] - m;
        a += v * cosT[o + i];
        b += v * sinT[o + i];
      }
      pow += a * a + b * b;
    }
    // Parseval: the band's contribution to the window's mean-square deviation (both sides of the spectrum).
    out[f] = Math.sqrt((2 * pow) / (MOD_WIN * MOD_WIN));
  }
  return out;
}
