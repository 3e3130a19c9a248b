/**
 * Streaming downmix + resampler: any channel count and input rate to mono
 * at a fixed output rate (16 kHz by default). Pure: no DOM, no worker globals.
 */

/** Zero crossings of the sinc on each side, in units of the narrower rate's period. */
const ZERO_CROSSINGS = 3;
/** Largest number of filter phases kept in the table; odd rate pairs use the nearest phase. */
const MAX_PHASES = 1024;

const newFloat32 = (length: number) => new Float32Array(length);

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Streaming downmix + resample; state is carried across `push` calls.
 * Two stages keep an hour of 48 kHz stereo well under two seconds: an integer
 * pre-decimation by D with a triangular (boxcar²) kernel, whose nulls sit on
 * the aliasing images, then a short windowed-sinc for any remaining ratio.
 */
export class Resampler {
  /** Input sample rate in Hz. */
  readonly inputRate: number;
  /** Output sample rate in Hz. */
  readonly outputRate: number;
  private readonly decimator: Decimator | null;
  private readonly sinc: SincResampler | null;

  /** Create a resampler from `inputRate` to `outputRate` (Hz). */
  constructor(inputRate: number, outputRate = 16000) {
    if (!(inputRate > 0) || !(outputRate > 0)) throw new Error(`Invalid sample rates ${inputRate} → ${outputRate}`);
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    const factor = Math.floor(inputRate / outputRate);
    this.decimator = factor >= 2 ? new Decimator(factor) : null;
    const mid = inputRate / Math.max(1, factor);
    this.sinc = Math.abs(mid - outputRate) < 0.01 ? null : new SincResampler(mid, outputRate);
  }

  /**
   * Push one chunk (one Float32Array per channel, equal lengths) and get the mono output it completes.
   * The output goes into `allocate(length)` (at least `length` long; the result is a view of its
   * first `length`), so a caller can hand in buffers it uses again.
   */
  push(channels: Float32Array[], allocate: (length: number) => Float32Array = newFloat32): Float32Array {
    if (this.decimator) {
      // The common case (48/44.1/32 kHz): downmix straight into the decimator's work buffer, no copies.
      if (!this.sinc) return this.decimator.pushChannels(channels, allocate);
      return this.sinc.push(this.decimator.pushChannels(channels, newFloat32), allocate);
    }
    if (this.sinc) return this.sinc.push(downmix(channels), allocate);
    const n = channels.length ? channels[0].length : 0;
    return downmix(channels, allocate(n).subarray(0, n));
  }
}

/** Average the channels of one chunk into a single mono array: `out` (as long as a channel) or a new one. */
export function downmix(channels: Float32Array[], out?: Float32Array): Float32Array {
  if (channels.length === 0) return out ?? new Float32Array(0);
  const n = channels[0].length;
  if (!out) out = new Float32Array(n);
  if (channels.length === 1) {
    out.set(channels[0]);
    return out;
  }
  if (channels.length === 2) {
    const a = channels[0], b = channels[1];
    for (let i = 0; i < n; i++) out[i] = 0.5 * (a[i] + b[i]);
    return out;
  }
  const scale = 1 / channels.length;
  out.fill(0);
  for (let c = 0; c < channels.length; c++) {
    const ch = channels[c];
    for (let i = 0; i < n; i++) out[i] += ch[i] * scale;
  }
  return out;
}

/** Integer decimation by D with a (2D-1)-tap triangular kernel centred on every D-th input sample. */
class Decimator {
  private readonly factor: number;
  private readonly kernel: Float32Array;
  /** Work buffer: the carried-over history, then the chunk's mono samples; reused across pushes. */
  private work: Float32Array;
  /** Samples of history at the start of `work`. */
  private kept: number;
  private centre: number; // index in `work` of the next output's centre sample

  constructor(factor: number) {
    this.factor = factor;
    const len = 2 * factor - 1;
    this.kernel = new Float32Array(len);
    for (let i = 0; i < len; i++) this.kernel[i] = (factor - Math.abs(i - (factor - 1))) / (factor * factor);
    this.work = new Float32Array(4096);
    this.kept = factor - 1; // zeros before the first sample
    this.centre = factor - 1;
  }

  /** Downmix `channels` (equal lengths) into the work buffer after the history, then decimate. */
  pushChannels(channels: Float32Array[], allocate: (length: number) => Float32Array): Float32Array {
    const n = channels.length ? channels[0].length : 0;
    const kept = this.kept;
    if (kept + n > this.work.length) {
      const next = new Float32Array(Math.max(kept + n, 2 * this.work.length));
      next.set(this.work.subarray(0, kept));
      this.work = next;
    }
    const buf = this.work;
    if (channels.length === 1) {
      buf.set(channels[0], kept);
    } else if (channels.length === 2) {
      const a = channels[0], b = channels[1];
      for (let i = 0; i < n; i++) buf[kept + i] = 0.5 * (a[i] + b[i]);
    } else if (channels.length > 2) {
      const scale = 1 / channels.length;
      buf.fill(0, kept, kept + n);
      for (let c = 0; c < channels.length; c++) {
        const ch = channels[c];
        for (let i = 0; i < n; i++) buf[kept + i] += ch[i] * scale;
      }
    }
    return this.decimate(kept + n, allocate);
  }

  /** Decimate work[0, length) and keep what the next push needs. */
  private decimate(length: number, allocate: (length: number) => Float32Array): Float32Array {
    const buf = this.work;
    const d = this.factor;
    const reach = d - 1;
    const last = length - 1 - reach; // largest usable centre
    const count = this.centre <= last ? Math.floor((last - this.centre) / d) + 1 : 0;
    const out = allocate(count).subarray(0, count);
    const k = this.kernel;
    let c = this.centre;
    if (d === 2) {
      const k0 = k[0], k1 = k[1];
      for (let n = 0; n < count; n++, c += 2) out[n] = k0 * (buf[c - 1] + buf[c + 1]) + k1 * buf[c];
    } else if (d === 3) {
      const k0 = k[0], k1 = k[1], k2 = k[2];
      for (let n = 0; n < count; n++, c += 3) {
        out[n] = k0 * (buf[c - 2] + buf[c + 2]) + k1 * (buf[c - 1] + buf[c + 1]) + k2 * buf[c];
      }
    } else {
      for (let n = 0; n < count; n++, c += d) {
        let acc = 0;
        for (let j = 0; j < k.length; j++) acc += k[j] * buf[c - reach + j];
        out[n] = acc;
      }
    }
    const keep = c - reach;
    this.kept = length - keep;
    buf.copyWithin(0, keep, length);
    this.centre = c - keep;
    return out;
  }
}

/** Windowed-sinc (Blackman) rational resampler on mono input. */
class SincResampler {
  private readonly up: number; // L: output steps per `down` input steps
  private readonly down: number; // M
  private readonly phases: number;
  private readonly taps: number;
  private readonly table: Float32Array; // phases × taps
  private readonly half: number;
  private history: Float32Array; // unconsumed input, starting at absolute index `historyStart`
  private historyStart: number;
  private nextOut = 0;

  constructor(inputRate: number, outputRate: number) {
    // Rates in 1/100 Hz so fractional intermediate rates (44100 / 2) stay rational.
    const ir = Math.round(inputRate * 100);
    const or = Math.round(outputRate * 100);
    const g = gcd(ir, or);
    this.up = or / g;
    this.down = ir / g;
    this.phases = Math.min(this.up, MAX_PHASES);
    const ratio = Math.max(1, ir / or);
    this.half = Math.ceil(ZERO_CROSSINGS * ratio);
    this.taps = 2 * this.half;
    const cutoff = (0.9 * Math.min(ir, or)) / ir; // relative to the input Nyquist
    this.table = new Float32Array(this.phases * this.taps);
    for (let p = 0; p < this.phases; p++) {
      const frac = p / this.phases; // fractional position of the output between input samples
      let sum = 0;
      for (let j = 0; j < this.taps; j++) {
        const x = j - this.half + 1 - frac;
        const arg = Math.PI * cutoff * x;
        const sinc = x === 0 ? 1 : Math.sin(arg) / arg;
        const w = x / (this.half + 1);
        const window = Math.abs(w) >= 1 ? 0 : 0.42 + 0.5 * Math.cos(Math.PI * w) + 0.08 * Math.cos(2 * Math.PI * w);
        this.table[p * this.taps + j] = sinc * window;
        sum += sinc * window;
      }
      for (let j = 0; j < this.taps; j++) this.table[p * this.taps + j] /= sum; // unity DC gain per phase
    }
    // Start with `half` zeros of history so the first output is centred on input sample 0.
    this.history = new Float32Array(this.half);
    this.historyStart = -this.half;
  }

  push(mono: Float32Array, allocate: (length: number) => Float32Array): Float32Array {
    const buf = new Float32Array(this.history.length + mono.length);
    buf.set(this.history, 0);
    buf.set(mono, this.history.length);
    const start = this.historyStart;
    const end = start + buf.length; // exclusive absolute index
    const { up, down, taps, half, table, phases } = this;
    // Output k sits at input position k*down/up and needs input up to floor(pos) + half.
    const maxK = Math.floor(((end - half) * up - 1) / down);
    const count = Math.max(0, maxK - this.nextOut + 1);
    const out = allocate(count).subarray(0, count);
    const k = this.nextOut;
    // Walk the input position incrementally (integer part i, remainder rem) to avoid divisions.
    let i = Math.floor((k * down) / up);
    let rem = k * down - i * up;
    const iStep = Math.floor(down / up);
    const remStep = down - iStep * up;
    const exact = phases === up;
    for (let n = 0; n < count; n++) {
      const p = exact ? rem : Math.min(phases - 1, Math.round((rem * phases) / up));
      const base = i - half + 1 - start;
      const t0 = p * taps;
      let acc = 0;
      for (let j = 0; j < taps; j++) acc += table[t0 + j] * buf[base + j];
      out[n] = acc;
      i += iStep;
      rem += remStep;
      if (rem >= up) { rem -= up; i++; }
    }
    this.nextOut = k + count;
    const keepFrom = Math.floor((this.nextOut * down) / up) - half + 1;
    const keepIndex = Math.max(0, Math.min(buf.length, keepFrom - start));
    this.history = buf.slice(keepIndex);
    this.historyStart = start + keepIndex;
    return out;
  }
}
