import { describe, expect, it } from 'vitest';
import { planSlices, readRanges, sliceLength, type SampleLocation, type Slice } from '../../../workers/decode/slices';

/** AAC frames of 1024 ticks at 48 kHz (about 21 ms), `size` bytes, laid out by `offsetOf`. */
const track = (count: number, size: number, offsetOf: (i: number) => number): SampleLocation[] =>
  Array.from({ length: count }, (_, i) => ({ offset: offsetOf(i), size, cts: i * 1024, duration: 1024, timescale: 48000 }));

/** The file a track was laid out in: each sample's bytes hold its index, everything else 0xee. */
const fileOf = (samples: SampleLocation[]): Uint8Array => {
  const file = new Uint8Array(Math.max(...samples.map((s) => s.offset + s.size))).fill(0xee);
  samples.forEach((s, i) => file.fill(i % 251, s.offset, s.offset + s.size));
  return file;
};

/** What a reader returns for a slice: its ranges back to back. */
const packed = (file: Uint8Array, slice: Slice): Uint8Array => {
  const out = new Uint8Array(sliceLength(slice));
  let at = 0;
  for (const { start, end } of slice.ranges) {
    out.set(file.subarray(start, end), at);
    at += end - start;
  }
  return out;
};

/** Every sample of every slice is found at its position, and each sample belongs to exactly one slice. */
const expectConsistent = (samples: SampleLocation[], slices: Slice[]) => {
  const file = fileOf(samples);
  let next = 0;
  for (const slice of slices) {
    expect(slice.first).toBe(next);
    next = slice.last;
    const bytes = packed(file, slice);
    const from = slice.primed ? slice.first - 1 : slice.first;
    for (let i = from; i < slice.last; i++) {
      const at = slice.positions[i - from];
      expect([...bytes.subarray(at, at + samples[i].size)]).toEqual(new Array(samples[i].size).fill(i % 251));
    }
  }
  expect(next).toBe(samples.length);
};

const options = { sliceBytes: 64 * 1024, sliceSeconds: 10, skipBytes: 4096 };

describe('planSlices', () => {
  it('skips the video between half-second chunks, as cameras interleave: a small part of the file is read', () => {
    // 24 frames of audio (~0.5 s), then 100 KB of video, and so on.
    const chunk = 24, size = 300, video = 100_000;
    const samples = track(480, size, (i) => Math.floor(i / chunk) * (chunk * size + video) + (i % chunk) * size);
    const slices = planSlices(samples, options);
    expectConsistent(samples, slices);
    const read = slices.reduce((total, slice) => total + sliceLength(slice), 0);
    const file = samples[samples.length - 1].offset + size;
    expect(read).toBeLessThan(samples.length * size * 1.1);
    expect(read).toBeLessThan(file / 10);
    // One range per chunk, plus the primer frame of each slice after the first.
    expect(slices[0].ranges).toHaveLength(Math.ceil((slices[0].last - slices[0].first) / chunk));
  });

  it('reads through small gaps (frame-by-frame interleave) in one range per slice', () => {
    const samples = track(2000, 300, (i) => i * 2300);
    const slices = planSlices(samples, options);
    expectConsistent(samples, slices);
    for (const slice of slices) expect(slice.ranges).toHaveLength(1);
    // Bounded by bytes: 64 KB holds about 28 frames with their gaps.
    expect(slices[0].last - slices[0].first).toBe(Math.floor((64 * 1024 - 300) / 2300) + 1);
  });

  it('bounds each slice by its duration and primes every slice after the first with the frame before it', () => {
    const samples = track(2000, 100, (i) => i * 100);
    const slices = planSlices(samples, options);
    expectConsistent(samples, slices);
    // 10 s of 1024/48000 s frames: 468 frames.
    expect(slices[0].last).toBe(468);
    expect(slices[0].primed).toBe(false);
    expect(slices.slice(1).every((s) => s.primed)).toBe(true);
    expect(slices[1].ranges[0].start).toBe(samples[467].offset);
    expect(slices[1].begins).toBeCloseTo((468 * 1024) / 48000, 9);
    expect(slices.at(-1)!.ends).toBeCloseTo((2000 * 1024) / 48000, 9);
  });

  it('primes nothing when asked not to (PCM needs no decoder warm-up)', () => {
    const samples = track(2000, 100, (i) => i * 100);
    const slices = planSlices(samples, { ...options, prime: false });
    expectConsistent(samples, slices);
    expect(slices.length).toBeGreaterThan(1);
    expect(slices.every((s) => !s.primed)).toBe(true);
    expect(slices[1].ranges[0].start).toBe(samples[slices[1].first].offset);
  });

  it('starts a new slice when the samples go back in the file, and does not prime it from later bytes', () => {
    const samples = track(60, 100, (i) => (i < 30 ? 100_000 + i * 100 : (i - 30) * 100));
    const slices = planSlices(samples, options);
    expectConsistent(samples, slices);
    expect(slices.map((s) => [s.first, s.last, s.primed])).toEqual([
      [0, 30, false],
      [30, 60, false],
    ]);
  });

  it('gives a sample larger than a slice a slice of its own', () => {
    const samples = track(3, 100_000, (i) => i * 100_000);
    const slices = planSlices(samples, options);
    expectConsistent(samples, slices);
    expect(slices.map((s) => s.last - s.first)).toEqual([1, 1, 1]);
  });
});

describe('readRanges', () => {
  const blob = new Blob([new Uint8Array(256).map((_, i) => i)]);

  it('packs the ranges of a Blob back to back', async () => {
    const bytes = await readRanges(blob, [{ start: 3, end: 6 }, { start: 200, end: 202 }, { start: 255, end: 256 }]);
    expect([...bytes]).toEqual([3, 4, 5, 200, 201, 255]);
    expect([...(await readRanges(blob, [{ start: 10, end: 12 }]))]).toEqual([10, 11]);
  });

  it('reads into the buffer it is given when that is large enough, and into a new one otherwise', async () => {
    const into = new ArrayBuffer(16);
    new Uint8Array(into).fill(99);
    const bytes = await readRanges(blob, [{ start: 0, end: 4 }, { start: 100, end: 102 }], into);
    expect([...bytes]).toEqual([0, 1, 2, 3, 100, 101]);
    expect(bytes.buffer.byteLength).toBe(16);
    // The stream took the given buffer over: the old handle is detached, the bytes live on in the view's buffer.
    expect(into.byteLength).toBe(0);
    expect(new Uint8Array(bytes.buffer)[6]).toBe(99);
    const small = new ArrayBuffer(2);
    const larger = await readRanges(blob, [{ start: 250, end: 256 }], small);
    expect([...larger]).toEqual([250, 251, 252, 253, 254, 255]);
    expect(small.byteLength).toBe(2);
  });

  it('returns what there is when the Blob ends before the ranges do', async () => {
    const bytes = await readRanges(blob, [{ start: 250, end: 260 }]);
    expect([...bytes]).toEqual([250, 251, 252, 253, 254, 255]);
  });
});

/**
 * Issue 27: WebKit's `Blob.stream()` is not a byte stream, so `getReader({ mode: 'byob' })` throws
 * ("ReadableStreamBYOBReader needs a ReadableByteStreamController") and every MP4 fell back to ffmpeg.wasm.
 * This Blob's slices answer `stream()` as WebKit does: a default stream of chunks.
 */
class WebKitBlob extends Blob {
  override slice(start?: number, end?: number): Blob {
    return new WebKitBlob([super.slice(start, end)]);
  }

  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    const whole = super.stream().getReader();
    return new ReadableStream({
      async pull(controller) {
        const { done, value } = await whole.read();
        if (done) return controller.close();
        // In chunks of at most 3 bytes, so a range arrives in several reads.
        for (let at = 0; at < value.byteLength; at += 3) controller.enqueue(value.slice(at, at + 3));
      },
    });
  }
}

describe('readRanges where Blob streams are not byte streams (WebKit)', () => {
  const blob = new WebKitBlob([new Uint8Array(256).map((_, i) => i)]);

  it('the stand-in refuses a BYOB reader, as WebKit does', () => {
    expect(() => blob.slice(0, 4).stream().getReader({ mode: 'byob' })).toThrow(TypeError);
  });

  it('packs the ranges back to back, into the buffer it is given when that is large enough', async () => {
    const into = new ArrayBuffer(32);
    const bytes = await readRanges(blob, [{ start: 3, end: 10 }, { start: 200, end: 202 }, { start: 255, end: 256 }], into);
    expect([...bytes]).toEqual([3, 4, 5, 6, 7, 8, 9, 200, 201, 255]);
    expect(bytes.buffer).toBe(into);
    expect([...(await readRanges(blob, [{ start: 10, end: 12 }], new ArrayBuffer(1)))]).toEqual([10, 11]);
  });

  it('returns what there is when the Blob ends before the ranges do', async () => {
    expect([...(await readRanges(blob, [{ start: 250, end: 260 }]))]).toEqual([250, 251, 252, 253, 254, 255]);
  });
});
