import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openAsBlob, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { editListShift } from '../../../workers/media/edit-list';
import { readMp4Index, soundTracks } from '../../../workers/media/mp4-index';
import { onTimeline, type DecodedAudioBlock } from '../../../workers/decode/webcodecs';

describe('editListShift', () => {
  it('skips the AAC priming of an ffmpeg-made MP4 (1024 samples at 48 kHz)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reframe-edit-'));
    try {
      const path = join(dir, 'aac.mp4');
      execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=2', '-c:a', 'aac', '-y', path]);
      const { file, info } = await readMp4Index(await openAsBlob(path), { audioOnly: true });
      const [track] = soundTracks(file, info);
      expect(editListShift(file.getTrackById(track.id).edts?.elst?.entries ?? [], track.timescale, info.timescale)).toBe(-1024);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('delays a track by an empty edit, counted in the movie timescale', () => {
    // Half a second empty (movie timescale 1000), then the track from its start: 24000 samples at 48 kHz later.
    expect(editListShift([{ segment_duration: 500, media_time: -1 }, { segment_duration: 2000, media_time: 0 }], 48000, 1000)).toBe(24000);
    expect(editListShift([], 48000, 1000)).toBe(0);
  });
});

describe('onTimeline', () => {
  const block = (timestamp: number, length: number, first = 0): DecodedAudioBlock => ({ channels: [Float32Array.from({ length }, (_, i) => first + i)], sampleRate: 1000, timestamp });

  it('leaves out what falls before the start and moves the rest', () => {
    const got: DecodedAudioBlock[] = [];
    const push = onTimeline((b) => got.push({ ...b, channels: b.channels.map((c) => c.slice()) }), -0.025);
    push(block(0, 10));
    push(block(0.01, 20, 10));
    push(block(0.03, 10, 30));
    expect(got).toHaveLength(2);
    expect(got[0].timestamp).toBe(0);
    expect([...got[0].channels[0]]).toEqual([25, 26, 27, 28, 29]);
    expect(got[1].timestamp).toBeCloseTo(0.005, 9);
    expect(got[1].channels[0][0]).toBe(30);
  });

  it('hands blocks on untouched when there is nothing to move', () => {
    const calls: DecodedAudioBlock[] = [];
    const b = block(0, 4);
    onTimeline((x) => calls.push(x), 0)(b);
    expect(calls[0]).toBe(b);
  });
});
