import { describe, expect, it } from 'vitest';
import { adtsFraming } from '../../../workers/decode/webcodecs';

const header = (description: number[] | null, codec = 'mp4a.40.2', frameBytes = 100) => {
  const write = adtsFraming({ codec, sampleRate: 48000, numberOfChannels: 2, ...(description ? { description: new Uint8Array(description) } : {}) });
  if (!write) return null;
  const out = new Uint8Array(7);
  write(out, 0, frameBytes);
  return [...out].map((b) => b.toString(16).padStart(2, '0')).join(' ');
};

describe('adtsFraming', () => {
  it('writes the ADTS header of an AAC-LC 48 kHz stereo frame (worked by hand: 107 bytes with the header)', () => {
    // AudioSpecificConfig 0x11 0x90: object type 2 (LC), rate index 3 (48 kHz), 2 channels.
    expect(header([0x11, 0x90])).toBe('ff f1 4c 80 0d 7f fc');
  });
  it('accepts the sync extension that says "no SBR", as ffmpeg writes it, and mono 44.1 kHz', () => {
    // 0x12 0x08: LC, rate index 4 (44.1 kHz), 1 channel; then 0x2b7, type 5, SBR absent. 2007 bytes: 0x7d7.
    expect(header([0x12, 0x08, 0x56, 0xe5, 0x00], 'mp4a.40.2', 2000)).toBe('ff f1 50 40 fa ff fc');
  });
  it('refuses what ADTS framing would get wrong: HE-AAC, SBR signalled, 960-sample frames, other codecs, no config', () => {
    expect(header([0x2b, 0x92, 0x08, 0x00])).toBeNull();
    expect(header([0x11, 0x90, 0x56, 0xe5, 0x80])).toBeNull();
    expect(header([0x11, 0x94])).toBeNull();
    expect(header([0x11, 0x90], 'opus')).toBeNull();
    expect(header(null)).toBeNull();
  });
});
