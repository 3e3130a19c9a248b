import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../../src/core/fingerprint';

describe('fingerprintOf', () => {
  it('is stable for the same content and differs when size or bytes differ', async () => {
    const head = new Uint8Array([1, 2, 3]).buffer;
    const tail = new Uint8Array([4, 5, 6]).buffer;
    const a = await fingerprintOf(100, head, tail);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await fingerprintOf(100, head, tail)).toBe(a);
    expect(await fingerprintOf(101, head, tail)).not.toBe(a);
    expect(await fingerprintOf(100, head, new Uint8Array([4, 5, 7]).buffer)).not.toBe(a);
  });
});
