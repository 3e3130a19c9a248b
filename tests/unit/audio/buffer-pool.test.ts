import { describe, expect, it } from 'vitest';
import { BufferPool } from '../../../workers/decode/buffer-pool';

describe('BufferPool', () => {
  it('hands back the smallest kept buffer that fits, and makes one when none does', () => {
    let made = 0;
    const pool = new BufferPool<Float32Array>((length) => (made++, new Float32Array(length)));
    const a = pool.take(100);
    const b = pool.take(300);
    expect(made).toBe(2);
    pool.give(b);
    pool.give(a);
    expect(pool.take(50)).toBe(a);
    expect(pool.take(200)).toBe(b);
    expect(pool.take(10).length).toBe(10);
    expect(made).toBe(3);
  });

  it('drops detached buffers and keeps at most its limit', () => {
    const pool = new BufferPool<ArrayBuffer>((bytes) => new ArrayBuffer(bytes), 2);
    const detached = new ArrayBuffer(8);
    structuredClone(detached, { transfer: [detached] });
    pool.give(detached);
    expect(pool.size).toBe(0);
    const first = new ArrayBuffer(8);
    pool.give(first);
    pool.give(new ArrayBuffer(8));
    pool.give(new ArrayBuffer(8));
    expect(pool.size).toBe(2);
    expect(pool.take(8)).not.toBe(first);
  });
});
