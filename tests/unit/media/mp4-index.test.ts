import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openAsBlob, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMp4Index, soundTracks } from '../../../workers/media/mp4-index';
import { probeMp4 } from '../../../workers/media/probe';

describe('readMp4Index', () => {
  let dir: string;
  let blob: Blob;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reframe-index-'));
    const path = join(dir, 'clip.mp4');
    // Four seconds of video and AAC, index at the end (as cameras write).
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=4', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=4',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest', '-y', path]);
    blob = await openAsBlob(path);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every track and its samples by default', async () => {
    const { file, info } = await readMp4Index(blob);
    expect(info.videoTracks).toHaveLength(1);
    expect(info.videoTracks[0].nb_samples).toBe(100);
    expect(file.getTrackById(info.videoTracks[0].id).samples).toHaveLength(100);
    expect(info.audioTracks[0].nb_samples).toBeGreaterThan(170);
  });

  it('with audioOnly, builds the same audio sample table and none for video', async () => {
    const full = await readMp4Index(blob);
    const audio = await readMp4Index(blob, { audioOnly: true });
    const id = full.info.audioTracks[0].id;
    const pick = (s: { offset: number; size: number; cts: number; duration: number }) => [s.offset, s.size, s.cts, s.duration];
    expect(audio.file.getTrackById(id).samples.map(pick)).toEqual(full.file.getTrackById(id).samples.map(pick));
    expect(audio.info.audioTracks[0].codec).toBe(full.info.audioTracks[0].codec);
    expect(audio.info.videoTracks[0].nb_samples).toBe(0);
    expect(audio.file.getTrackById(audio.info.videoTracks[0].id).samples).toEqual([]);
    expect(audio.info.duration).toBe(full.info.duration);
  });

  it('rejects a file without a movie index', async () => {
    await expect(readMp4Index(new Blob([new Uint8Array(4096).fill(7)]), { audioOnly: true })).rejects.toThrow();
  });

  it('lists PCM sound in a MOV as a sound track, without one object (or size) per frame', async () => {
    const path = join(dir, 'pcm.mov');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=4', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=4',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'pcm_s24le', '-ar', '48000', '-shortest', '-y', path]);
    const pcm = await openAsBlob(path);
    const { file, info } = await readMp4Index(pcm);
    // mp4box.js does not know 'in24' as audio; the handler says it is sound.
    expect(info.audioTracks).toHaveLength(0);
    const [sound] = soundTracks(file, info);
    expect(sound.codec).toBe('in24');
    const trak = file.getTrackById(sound.id);
    expect(trak.samples).toEqual([]);
    expect(trak.mdia.minf.stbl.stsz!.sample_sizes).toEqual([]);
    expect(trak.mdia.minf.stbl.stsz!.sample_count).toBe(4 * 48000);
    // The video's sample table is built as before.
    expect(file.getTrackById(info.videoTracks[0].id).samples).toHaveLength(100);
    const probe = await probeMp4(pcm);
    expect(probe.audioCodec).toBe('in24');
    expect(probe.videoCodec).toMatch(/^avc1/);
  });
});
