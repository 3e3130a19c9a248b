/**
 * Uncompressed (PCM) sound in MP4/MOV, read straight from the file: the sample description says how
 * the samples are laid out, the chunk tables say where they are. mp4box.js does not know these sample
 * entries (it lists 'sowt' or 'in24' as metadata), and WebCodecs has `pcm-*` codecs only in some
 * browsers, so the samples are converted here. Pure: no DOM, no worker globals.
 */

/** Sample entry types holding PCM: QuickTime's (sowt, twos, raw, in24, in32, fl32, fl64, lpcm) and ISO 23003-5's (ipcm, fpcm). */
export const PCM_SAMPLE_ENTRIES: ReadonlySet<string> = new Set(['sowt', 'twos', 'raw ', 'NONE', 'in24', 'in32', 'fl32', 'fl64', 'lpcm', 'ipcm', 'fpcm']);

/** Whether a sample entry type holds PCM. */
export function isPcmSampleEntry(type: string | undefined): boolean {
  return type !== undefined && PCM_SAMPLE_ENTRIES.has(type);
}

/** How one track's PCM samples are stored. */
export interface PcmFormat {
  /** Sample entry type, e.g. `in24`. */
  type: string;
  float: boolean;
  /** Unsigned integers (8-bit 'raw '), centred on half the range. */
  unsigned: boolean;
  /** Bits per sample of one channel: 8, 16, 24 or 32 (integer); 32 or 64 (float). */
  bits: number;
  littleEndian: boolean;
  channels: number;
  /** Hz; 0 when the description does not say (the track's timescale then stands in). */
  sampleRate: number;
  /** Bytes of one frame (a sample of every channel), interleaved. */
  bytesPerFrame: number;
}

/** Core Audio format flags in a version 2 sound description ('lpcm'). */
const FLAG_FLOAT = 1;
const FLAG_BIG_ENDIAN = 2;
const FLAG_SIGNED = 4;
const FLAG_NON_INTERLEAVED = 32;

/**
 * Read a PCM sample entry (the whole box, from its size field on): QuickTime sound descriptions
 * version 0, 1 and 2 (with the 'enda' box saying little-endian for in24/in32/fl32/fl64), or an ISO
 * AudioSampleEntry with its 'pcmC' box. Null when the entry is not PCM or is one we cannot read
 * (non-interleaved, sizes that are not whole bytes).
 */
export function readPcmFormat(entry: Uint8Array): PcmFormat | null {
  if (entry.byteLength < 36) return null;
  const view = new DataView(entry.buffer, entry.byteOffset, entry.byteLength);
  const type = fourcc(entry, 4);
  if (!isPcmSampleEntry(type)) return null;
  const version = view.getUint16(16);
  let channels = view.getUint16(24);
  let bits = view.getUint16(26);
  let sampleRate = view.getUint32(32) / 65536;
  let bytesPerFrame = 0;
  let childrenAt = 36;
  let flags: number | null = null;
  const iso = type === 'ipcm' || type === 'fpcm';
  if (version === 1 && !iso) {
    if (entry.byteLength < 52) return null;
    const bytesPerSample = view.getUint32(48);
    bytesPerFrame = view.getUint32(44);
    if (bytesPerSample > 0 && bytesPerSample <= 8) bits = bytesPerSample * 8;
    childrenAt = 52;
  } else if (version === 2 && !iso) {
    if (entry.byteLength < 72) return null;
    sampleRate = view.getFloat64(40);
    channels = view.getUint32(48);
    bits = view.getUint32(56);
    flags = view.getUint32(60);
    bytesPerFrame = view.getUint32(64);
    childrenAt = 72;
  }
  const boxes = childBoxes(entry, childrenAt);
  let littleEndian: boolean;
  let float: boolean;
  let unsigned = false;
  if (iso) {
    // ISO/IEC 23003-5: pcmC (full box) carries format_flags (bit 0: little-endian) and PCM_sample_size.
    const pcmC = boxes.get('pcmC');
    if (!pcmC || pcmC.byteLength < 14) return null;
    littleEndian = (pcmC[12] & 1) === 1;
    bits = pcmC[13];
    float = type === 'fpcm';
  } else if (flags !== null && type === 'lpcm') {
    if (flags & FLAG_NON_INTERLEAVED) return null;
    float = (flags & FLAG_FLOAT) !== 0;
    littleEndian = (flags & FLAG_BIG_ENDIAN) === 0;
    unsigned = !float && (flags & FLAG_SIGNED) === 0 && bits === 8;
  } else {
    float = type === 'fl32' || type === 'fl64';
    if (type === 'in24') bits = 24;
    else if (type === 'in32' || type === 'fl32') bits = 32;
    else if (type === 'fl64') bits = 64;
    if (type === 'sowt') littleEndian = true;
    else if (type === 'twos' || type === 'raw ' || type === 'NONE') littleEndian = false;
    else {
      // in24/in32/fl32/fl64 are big-endian unless an 'enda' box (alone or inside 'wave') says 1.
      const enda = boxes.get('enda') ?? (boxes.has('wave') ? childBoxes(boxes.get('wave')!, 8).get('enda') : undefined);
      littleEndian = enda !== undefined && enda.byteLength >= 10 && ((enda[8] << 8) | enda[9]) === 1;
    }
    unsigned = type === 'raw ' && bits === 8;
  }
  const valid = float ? bits === 32 || bits === 64 : bits === 8 || bits === 16 || bits === 24 || bits === 32;
  if (!valid || channels < 1) return null;
  const frameBytes = channels * (bits / 8);
  // A version 1 or 2 description's bytes per frame wins where it is plausible (it may include padding).
  if (bytesPerFrame < frameBytes || bytesPerFrame > frameBytes * 2) bytesPerFrame = frameBytes;
  return { type, float, unsigned, bits, littleEndian, channels, sampleRate: Number.isFinite(sampleRate) ? sampleRate : 0, bytesPerFrame };
}

function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

/** The boxes inside `parent` from `from` on, by type (each the whole box, header included). */
function childBoxes(parent: Uint8Array, from: number): Map<string, Uint8Array> {
  const boxes = new Map<string, Uint8Array>();
  const view = new DataView(parent.buffer, parent.byteOffset, parent.byteLength);
  for (let at = from; at + 8 <= parent.byteLength; ) {
    const size = view.getUint32(at);
    // A zero or four-byte terminator ends the list (QuickTime writes one inside 'wave').
    if (size < 8 || at + size > parent.byteLength) break;
    const type = fourcc(parent, at + 4);
    if (!boxes.has(type)) boxes.set(type, parent.subarray(at, at + size));
    at += size;
  }
  return boxes;
}

/** One chunk of PCM frames stored together. */
export interface PcmChunk {
  /** File offset of the chunk. */
  offset: number;
  /** Frames in it. */
  frames: number;
}

/**
 * The chunks of a PCM track from its sample-to-chunk table (first chunk numbers, 1-based, and
 * samples per chunk; for PCM a sample is one frame) and its chunk offsets, stopping at `totalFrames`.
 * Built from the tables' few entries, never one object per frame: an hour at 48 kHz is 173 million frames.
 */
export function pcmChunks(firstChunk: ArrayLike<number>, samplesPerChunk: ArrayLike<number>, chunkOffsets: ArrayLike<number>, totalFrames: number): PcmChunk[] {
  const chunks: PcmChunk[] = [];
  let left = totalFrames;
  for (let run = 0; run < firstChunk.length && left > 0; run++) {
    const from = firstChunk[run] - 1;
    const to = run + 1 < firstChunk.length ? firstChunk[run + 1] - 1 : chunkOffsets.length;
    for (let c = Math.max(0, from); c < Math.min(to, chunkOffsets.length) && left > 0; c++) {
      const frames = Math.min(samplesPerChunk[run], left);
      if (frames > 0) chunks.push({ offset: chunkOffsets[c], frames });
      left -= frames;
    }
  }
  return chunks;
}

/**
 * Convert interleaved PCM frames to mono float samples (channels averaged), -1..1 for integers.
 * Writes `frames` samples (or as many whole frames as `bytes` holds) into `into` from `at`; returns how many.
 */
export function pcmToMono(bytes: Uint8Array, format: PcmFormat, into: Float32Array, at = 0, frames = Math.floor(bytes.byteLength / format.bytesPerFrame)): number {
  const { channels, bits, littleEndian: le, bytesPerFrame, float, unsigned } = format;
  const count = Math.min(frames, Math.floor(bytes.byteLength / bytesPerFrame), into.length - at);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const step = bits / 8;
  const scale = 1 / channels;
  for (let f = 0; f < count; f++) {
    let sum = 0;
    for (let c = 0, p = f * bytesPerFrame; c < channels; c++, p += step) {
      let value: number;
      if (float) value = bits === 32 ? view.getFloat32(p, le) : view.getFloat64(p, le);
      else if (bits === 16) value = view.getInt16(p, le) / 32768;
      else if (bits === 24) {
        const raw = le ? bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) : (bytes[p] << 16) | (bytes[p + 1] << 8) | bytes[p + 2];
        // Sign-extend from 24 bits.
        value = ((raw << 8) >> 8) / 8388608;
      } else if (bits === 32) value = view.getInt32(p, le) / 2147483648;
      else value = unsigned ? (bytes[p] - 128) / 128 : view.getInt8(p) / 128;
      sum += value;
    }
    into[at + f] = channels === 1 ? sum : sum * scale;
  }
  return count;
}
