import { describe, expect, test } from 'vitest';
import { ReadAhead } from '../../../workers/ffmpeg/read-ahead';

/** A file of `size` bytes whose byte i is a hash of i, and a reader that counts its calls. */
function source(size: number) {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 2654435761) >>> 24;
  const calls: Array<[number, number]> = [];
  const readSlice = (start: number, end: number) => {
    calls.push([start, end]);
    return bytes.slice(start, Math.min(end, size));
  };
  return { bytes, calls, readSlice };
}

/** Byte equality without vitest's slow deep diff of typed arrays. */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

describe('ReadAhead', () => {
  test('small sequential reads are served from one block read per block', () => {
    const { bytes, calls, readSlice } = source(100_000);
    const reader = new ReadAhead(readSlice, bytes.length, 16_384);
    const out = new Uint8Array(bytes.length);
    let position = 0;
    while (position < bytes.length) {
      const n = reader.read(out, position, 1000, position);
      expect(n).toBeGreaterThan(0);
      position += n;
    }
    expect(same(out, bytes)).toBe(true);
    // 100 000 bytes in 1000-byte reads: 100 reads of the file without read-ahead, 7 with 16 KB blocks.
    expect(calls.length).toBe(Math.ceil(100_000 / 16_000));
    expect(reader.reads).toBe(calls.length);
  });

  test('random reads, anywhere and of any size, answer exactly the file bytes', () => {
    const { bytes, readSlice } = source(50_000);
    const reader = new ReadAhead(readSlice, bytes.length, 4096);
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 2000; i++) {
      const position = Math.floor(random() * bytes.length);
      const length = 1 + Math.floor(random() * (random() < 0.1 ? 10_000 : 600));
      const target = new Uint8Array(length + 10).fill(0xee);
      const n = reader.read(target, 10, length, position);
      expect(n).toBe(Math.min(length, bytes.length - position));
      expect(same(target.subarray(10, 10 + n), bytes.subarray(position, position + n))).toBe(true);
      expect(target.subarray(0, 10).every((b) => b === 0xee)).toBe(true);
    }
  });

  test('a read larger than a block goes straight to the file and does not disturb the block', () => {
    const { bytes, calls, readSlice } = source(20_000);
    const reader = new ReadAhead(readSlice, bytes.length, 1024);
    const small = new Uint8Array(100);
    reader.read(small, 0, 100, 0);
    const big = new Uint8Array(5000);
    expect(reader.read(big, 0, 5000, 10_000)).toBe(5000);
    expect(big).toEqual(bytes.subarray(10_000, 15_000));
    expect(calls).toEqual([[0, 1024], [10_000, 15_000]]);
    // Still served from the first block.
    reader.read(small, 0, 100, 500);
    expect(calls).toHaveLength(2);
    expect(small).toEqual(bytes.subarray(500, 600));
  });

  test('at and past the end of the file', () => {
    const { bytes, readSlice } = source(3000);
    const reader = new ReadAhead(readSlice, bytes.length, 1024);
    const target = new Uint8Array(500);
    expect(reader.read(target, 0, 500, 2800)).toBe(200);
    expect(target.subarray(0, 200)).toEqual(bytes.subarray(2800));
    expect(reader.read(target, 0, 500, 3000)).toBe(0);
    expect(reader.read(target, 0, 500, 9000)).toBe(0);
    expect(reader.read(target, 0, 0, 10)).toBe(0);
  });
});
