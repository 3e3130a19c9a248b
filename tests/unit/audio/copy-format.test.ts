import { describe, expect, it } from 'vitest';
import { audioCopyFormat, downmixS16 } from '../../../workers/decode/copy-format';

describe('audioCopyFormat', () => {
  it('copies 16-bit samples in WebKit on Linux (WebKitGTK crashes on float copies) and float elsewhere', () => {
    expect(audioCopyFormat('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15')).toBe('s16');
    expect(audioCopyFormat('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36')).toBe('float');
    expect(audioCopyFormat('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Safari/605.1.15')).toBe('float');
    expect(audioCopyFormat('Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0')).toBe('float');
    expect(audioCopyFormat('Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36')).toBe('float');
  });
});

describe('downmixS16', () => {
  it('averages the channels of interleaved frames and scales them to [-1, 1)', () => {
    const target = new Float32Array(3);
    downmixS16(Int16Array.from([-32768, -32768, 16384, 0, 32767, 32767, 99]), 2, 3, target);
    expect([...target].map((v) => Number(v.toFixed(5)))).toEqual([-1, 0.25, Number((32767 / 32768).toFixed(5))]);
    const mono = new Float32Array(2);
    downmixS16(Int16Array.from([8192, -16384]), 1, 2, mono);
    expect([...mono]).toEqual([0.25, -0.5]);
  });
});
