import { describe, expect, it } from 'vitest';
import { isPcmSampleEntry, pcmChunks, pcmToMono, readPcmFormat, type PcmFormat } from '../../../workers/decode/pcm';

const hex = (text: string) => Uint8Array.from(text.trim().split(/\s+/).map((b) => Number.parseInt(b, 16)));

/** Sample entries as ffmpeg 7 writes them into a MOV (stsd entry, from its size field). */
const FFMPEG_IN24_LE = hex(`00 00 00 72 69 6e 32 34 00 00 00 00 00 00 00 01 00 01 00 00 00 00 00 00 00 01 00 10 00 00 00 00 bb 80 00 00
  00 00 00 01 00 00 00 03 00 00 00 03 00 00 00 02 00 00 00 26 77 61 76 65 00 00 00 0c 66 72 6d 61 69 6e 32 34 00 00 00 0a 65 6e 64 61
  00 01 00 00 00 08 00 00 00 00 00 00 00 18 63 68 61 6e 00 00 00 00 00 64 00 01 00 00 00 00 00 00 00 00`);
const FFMPEG_TWOS = hex(`00 00 00 3c 74 77 6f 73 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 00 00 01 00 10 00 00 00 00 bb 80 00 00
  00 00 00 18 63 68 61 6e 00 00 00 00 00 64 00 01 00 00 00 00 00 00 00 00`);
const FFMPEG_SOWT = hex(`00 00 00 3c 73 6f 77 74 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 00 00 02 00 10 00 00 00 00 ac 44 00 00
  00 00 00 18 63 68 61 6e 00 00 00 00 00 64 00 01 00 00 00 00 00 00 00 00`);

/** The same entry with one byte changed. */
const patched = (entry: Uint8Array, at: number, value: number) => {
  const copy = entry.slice();
  copy[at] = value;
  return copy;
};

/** A version 2 'lpcm' sound description (Core Audio flags). */
function lpcm(channels: number, bits: number, flags: number, rate = 96000): Uint8Array {
  const entry = new Uint8Array(72);
  const view = new DataView(entry.buffer);
  view.setUint32(0, 72);
  entry.set([0x6c, 0x70, 0x63, 0x6d], 4);
  view.setUint16(14, 1);
  view.setUint16(16, 2);
  view.setUint16(24, 3);
  view.setUint16(26, 16);
  view.setInt16(28, -2);
  view.setUint32(32, 65536);
  view.setUint32(36, 72);
  view.setFloat64(40, rate);
  view.setUint32(48, channels);
  view.setUint32(52, 0x7f000000);
  view.setUint32(56, bits);
  view.setUint32(60, flags);
  view.setUint32(64, (channels * bits) / 8);
  view.setUint32(68, 1);
  return entry;
}

/** An ISO 23003-5 'ipcm'/'fpcm' AudioSampleEntry with its pcmC box. */
function isoPcm(type: 'ipcm' | 'fpcm', channels: number, bits: number, littleEndian: boolean): Uint8Array {
  const entry = new Uint8Array(36 + 14);
  const view = new DataView(entry.buffer);
  view.setUint32(0, entry.byteLength);
  entry.set([...type].map((c) => c.charCodeAt(0)), 4);
  view.setUint16(14, 1);
  view.setUint16(24, channels);
  view.setUint16(26, bits);
  view.setUint32(32, 48000 * 65536);
  view.setUint32(36, 14);
  entry.set([0x70, 0x63, 0x6d, 0x43], 40);
  entry[48] = littleEndian ? 1 : 0;
  entry[49] = bits;
  return entry;
}

describe('readPcmFormat', () => {
  it('reads ffmpeg’s in24 with an enda box as 24-bit little-endian mono at 48 kHz', () => {
    expect(readPcmFormat(FFMPEG_IN24_LE)).toEqual({ type: 'in24', float: false, unsigned: false, bits: 24, littleEndian: true, channels: 1, sampleRate: 48000, bytesPerFrame: 3 });
  });

  it('takes in24 without enda = 1 as big-endian', () => {
    // enda's value is the two bytes after its header: 00 01 little, 00 00 big.
    const at = FFMPEG_IN24_LE.findIndex((_, i) => String.fromCharCode(...FFMPEG_IN24_LE.subarray(i, i + 4)) === 'enda') + 5;
    expect(readPcmFormat(patched(FFMPEG_IN24_LE, at, 0))?.littleEndian).toBe(false);
  });

  it('reads fl32 and fl64 as float, in32 as 32-bit integer, from the type', () => {
    const fl32 = patched(patched(FFMPEG_IN24_LE, 4, 0x66), 5, 0x6c);
    fl32.set([0x33, 0x32], 6);
    fl32.set([0, 0, 0, 4], 44);
    fl32.set([0, 0, 0, 4], 48);
    expect(readPcmFormat(fl32)).toMatchObject({ type: 'fl32', float: true, bits: 32, littleEndian: true, bytesPerFrame: 4 });
    const in32 = fl32.slice();
    in32.set([0x69, 0x6e], 4);
    expect(readPcmFormat(in32)).toMatchObject({ type: 'in32', float: false, bits: 32 });
  });

  it('reads version 0 twos (big-endian) and sowt (little-endian) from their sample size and channels', () => {
    expect(readPcmFormat(FFMPEG_TWOS)).toEqual({ type: 'twos', float: false, unsigned: false, bits: 16, littleEndian: false, channels: 1, sampleRate: 48000, bytesPerFrame: 2 });
    expect(readPcmFormat(FFMPEG_SOWT)).toEqual({ type: 'sowt', float: false, unsigned: false, bits: 16, littleEndian: true, channels: 2, sampleRate: 44100, bytesPerFrame: 4 });
    expect(readPcmFormat(patched(FFMPEG_TWOS, 27, 8))).toMatchObject({ type: 'twos', bits: 8 });
  });

  it('reads raw 8-bit as unsigned', () => {
    const raw = FFMPEG_TWOS.slice();
    raw.set([0x72, 0x61, 0x77, 0x20], 4);
    raw[27] = 8;
    expect(readPcmFormat(raw)).toMatchObject({ type: 'raw ', unsigned: true, bits: 8, bytesPerFrame: 1 });
  });

  it('reads version 2 lpcm from its Core Audio flags and float sample rate', () => {
    expect(readPcmFormat(lpcm(2, 24, 4 | 8))).toEqual({ type: 'lpcm', float: false, unsigned: false, bits: 24, littleEndian: true, channels: 2, sampleRate: 96000, bytesPerFrame: 6 });
    expect(readPcmFormat(lpcm(1, 32, 1 | 2 | 8))).toMatchObject({ float: true, bits: 32, littleEndian: false });
    // Non-interleaved channels are not read here.
    expect(readPcmFormat(lpcm(2, 16, 4 | 32))).toBeNull();
  });

  it('reads ISO ipcm and fpcm from pcmC', () => {
    expect(readPcmFormat(isoPcm('ipcm', 2, 24, true))).toEqual({ type: 'ipcm', float: false, unsigned: false, bits: 24, littleEndian: true, channels: 2, sampleRate: 48000, bytesPerFrame: 6 });
    expect(readPcmFormat(isoPcm('fpcm', 1, 64, false))).toMatchObject({ float: true, bits: 64, littleEndian: false, bytesPerFrame: 8 });
  });

  it('says null for what is not PCM or not whole bytes', () => {
    const aac = FFMPEG_TWOS.slice();
    aac.set([0x6d, 0x70, 0x34, 0x61], 4);
    expect(readPcmFormat(aac)).toBeNull();
    expect(readPcmFormat(patched(FFMPEG_TWOS, 27, 12))).toBeNull();
    expect(readPcmFormat(FFMPEG_TWOS.subarray(0, 20))).toBeNull();
    expect(isPcmSampleEntry('mp4a')).toBe(false);
    expect(isPcmSampleEntry('in24')).toBe(true);
  });
});

describe('pcmToMono', () => {
  const format = (bits: number, littleEndian: boolean, channels = 1, extra: Partial<PcmFormat> = {}): PcmFormat => ({
    type: 'test',
    float: false,
    unsigned: false,
    bits,
    littleEndian,
    channels,
    sampleRate: 48000,
    bytesPerFrame: (channels * bits) / 8,
    ...extra,
  });
  const convert = (bytes: number[], f: PcmFormat) => {
    const out = new Float32Array(8).fill(9);
    const n = pcmToMono(Uint8Array.from(bytes), f, out);
    return Array.from(out.subarray(0, n));
  };

  it('16-bit, both byte orders', () => {
    expect(convert([0x00, 0x40, 0x00, 0xc0, 0xff, 0x7f], format(16, true))).toEqual([0.5, -0.5, 32767 / 32768]);
    expect(convert([0x40, 0x00, 0xc0, 0x00, 0x80, 0x00], format(16, false))).toEqual([0.5, -0.5, -1]);
  });

  it('24-bit, both byte orders, negative values sign-extended', () => {
    expect(convert([0x00, 0x00, 0x40, 0x00, 0x00, 0xc0, 0xff, 0xff, 0xff], format(24, true))).toEqual([0.5, -0.5, -1 / 8388608]);
    expect(convert([0x40, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x01], format(24, false))).toEqual([0.5, -1, 1 / 8388608]);
  });

  it('32-bit integer and float, 64-bit float', () => {
    expect(convert([0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0xc0], format(32, true))).toEqual([0.5, -0.5]);
    const f32 = new Uint8Array(8);
    new DataView(f32.buffer).setFloat32(0, 0.25, false);
    new DataView(f32.buffer).setFloat32(4, -0.75, false);
    expect(convert([...f32], format(32, false, 1, { float: true }))).toEqual([0.25, -0.75]);
    const f64 = new Uint8Array(8);
    new DataView(f64.buffer).setFloat64(0, -0.125, true);
    expect(convert([...f64], format(64, true, 1, { float: true }))).toEqual([-0.125]);
  });

  it('8-bit signed and unsigned', () => {
    expect(convert([0x40, 0xc0], format(8, false))).toEqual([0.5, -0.5]);
    expect(convert([0xc0, 0x40, 0x80], format(8, false, 1, { unsigned: true }))).toEqual([0.5, -0.5, 0]);
  });

  it('averages the channels of each frame, and stops at whole frames', () => {
    // Stereo 16-bit LE: (0.5, 0) and (-0.5, -0.5), then half a frame.
    expect(convert([0x00, 0x40, 0x00, 0x00, 0x00, 0xc0, 0x00, 0xc0, 0x00, 0x40], format(16, true, 2))).toEqual([0.25, -0.5]);
  });

  it('writes at an offset and no further than asked or room allows', () => {
    const out = new Float32Array(3);
    expect(pcmToMono(Uint8Array.from([0, 0x40, 0, 0x40, 0, 0x40, 0, 0x40]), format(16, true), out, 1)).toBe(2);
    expect(Array.from(out)).toEqual([0, 0.5, 0.5]);
    expect(pcmToMono(Uint8Array.from([0, 0x40, 0, 0x40]), format(16, true), out, 0, 1)).toBe(1);
  });
});

describe('pcmChunks', () => {
  it('expands the sample-to-chunk runs over the chunk offsets', () => {
    // Chunks 1-2 hold 4 frames each, chunk 3 on hold 2.
    expect(pcmChunks([1, 3], [4, 2], [100, 200, 300, 400], 12)).toEqual([
      { offset: 100, frames: 4 },
      { offset: 200, frames: 4 },
      { offset: 300, frames: 2 },
      { offset: 400, frames: 2 },
    ]);
  });

  it('stops at the track’s frame count', () => {
    expect(pcmChunks([1], [1024], [0, 5000, 9000], 1500)).toEqual([
      { offset: 0, frames: 1024 },
      { offset: 5000, frames: 476 },
    ]);
  });
});
