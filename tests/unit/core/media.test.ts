import { describe, expect, it } from 'vitest';
import { describeAudioCodec, describeAudioTrack, headerOverstates, judgeImport, playabilityFrom, playabilityNotice, playabilityTag, sniffContainer, titleFromFileName, type ContainerProbe, type ElementProbe } from '../../../src/core/media';

const bytes = (...parts: Array<number[] | string>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

const goodProbe: ContainerProbe = { duration: 3600, videoCodec: 'avc1.64001f', audioCodec: 'mp4a.40.2', width: 1280, height: 720, frameRate: 25, rotation: 0, truncated: false, samplesDuration: 3599.96 };
const playing: ElementProbe = { ok: true, duration: 3600, videoWidth: 1280, videoHeight: 720 };

describe('sniffContainer', () => {
  it('recognises MP4/MOV by their boxes and WebM by its EBML header', () => {
    expect(sniffContainer(bytes([0, 0, 0, 0x20], 'ftypisom', [0, 0, 0, 0]))).toBe('mp4');
    expect(sniffContainer(bytes([0, 0, 0, 8], 'wide', [0, 0, 0, 0]))).toBe('mp4');
    expect(sniffContainer(bytes([0x1a, 0x45, 0xdf, 0xa3, 1, 0, 0, 0, 0, 0, 0, 0]))).toBe('webm');
  });
  it('rejects text and too-short input', () => {
    expect(sniffContainer(bytes('Lesson plan: starter'))).toBe('unknown');
    expect(sniffContainer(new Uint8Array(0))).toBe('unknown');
  });
});

describe('titleFromFileName', () => {
  it('drops the extension and turns underscores into spaces', () => {
    expect(titleFromFileName('Y8_science_lesson.MP4')).toBe('Y8 science lesson');
    expect(titleFromFileName('.mp4')).toBe('Untitled lesson');
  });
});

describe('judgeImport', () => {
  it('accepts a normal lesson with full playback and no notices', () => {
    const verdict = judgeImport('a.mp4', 1e9, 'mp4', goodProbe, playing);
    expect(verdict).toMatchObject({ ok: true, duration: 3600, hasAudio: true, playability: 'full', notices: [] });
  });
  it('refuses empty, non-video, damaged and truncated files with plain reasons', () => {
    expect(judgeImport('a.mp4', 0, 'unknown', null, playing)).toMatchObject({ ok: false, reason: 'empty' });
    expect(judgeImport('a.mp4', 10, 'unknown', null, playing)).toMatchObject({ ok: false, reason: 'not-video' });
    expect(judgeImport('a.mp4', 10, 'mp4', { error: 'no moov' }, playing)).toMatchObject({ ok: false, reason: 'corrupt' });
    expect(judgeImport('a.mp4', 10, 'mp4', { ...goodProbe, truncated: true }, playing)).toMatchObject({ ok: false, reason: 'truncated' });
    expect(judgeImport('a.mp4', 10, 'mp4', { ...goodProbe, duration: 0 }, { ...playing, duration: 0 })).toMatchObject({ ok: false, reason: 'zero-length' });
  });
  it('refuses a header that claims far more time than its samples hold, saying both lengths', () => {
    const verdict = judgeImport('lesson.mp4', 2e6, 'mp4', { ...goodProbe, duration: 36000, samplesDuration: 8 }, playing);
    expect(verdict).toMatchObject({ ok: false, reason: 'length-mismatch' });
    expect(!verdict.ok && verdict.message).toMatch(/header says it lasts 10 h 00 min, but it holds only 8 s of video/);
  });
  it('tolerates rounding and edit lists, and fragmented files whose index lists no samples', () => {
    expect(headerOverstates(3600.5, 3599.9)).toBe(false);
    expect(headerOverstates(12, 8)).toBe(false);
    expect(headerOverstates(60, 8)).toBe(true);
    expect(headerOverstates(3600, null)).toBe(false);
    expect(judgeImport('a.mp4', 1e9, 'mp4', { ...goodProbe, samplesDuration: null }, playing).ok).toBe(true);
  });
  it('keeps HEVC that plays as sound only, and says what to do', () => {
    const verdict = judgeImport('phone.mov', 1e9, 'mp4', { ...goodProbe, videoCodec: 'hvc1.1.6.L93.B0' }, { ...playing, videoWidth: 0, videoHeight: 0 });
    expect(verdict.ok).toBe(true);
    if (!verdict.ok) return;
    expect(verdict.playability).toBe('sound-only');
    expect(verdict.notices[0]).toMatch(/H\.265 \(HEVC\).*convert it to H\.264/);
  });
  it('keeps a file whose sound this browser plays silent (Firefox and PCM in a MOV), and says so', () => {
    const verdict = judgeImport('camera.mov', 1e9, 'mp4', { ...goodProbe, audioCodec: 'twos' }, { ...playing, soundPlays: false });
    expect(verdict).toMatchObject({ ok: true, hasAudio: true, playability: 'picture-only' });
    expect(verdict.ok && verdict.notices[0]).toMatch(/shows the picture of this video but can't play its sound \(PCM \(uncompressed\)\).*convert the sound to AAC/);
    expect(verdict.ok && verdict.notices[0]).not.toMatch(/sound plays/);
  });
  it('keeps a file this browser cannot load at all, and says neither picture nor sound plays', () => {
    const verdict = judgeImport('camera.mov', 1e9, 'mp4', { ...goodProbe, audioCodec: 'in24' }, { ok: false, duration: 0, videoWidth: 0, videoHeight: 0 });
    expect(verdict).toMatchObject({ ok: true, playability: 'none' });
    expect(verdict.ok && verdict.notices[0]).toMatch(/neither the picture nor the sound .*H\.264 with PCM \(uncompressed\) sound.*H\.264 video and AAC sound/);
    expect(verdict.ok && verdict.notices[0]).not.toMatch(/sound plays/);
  });
  it('judges playability from the element: picture, sound, both or neither', () => {
    expect(playabilityFrom(playing, true, true)).toBe('full');
    expect(playabilityFrom({ ...playing, soundPlays: null }, true, true)).toBe('full');
    expect(playabilityFrom({ ...playing, soundPlays: true }, true, true)).toBe('full');
    expect(playabilityFrom({ ...playing, videoWidth: 0 }, true, true)).toBe('sound-only');
    expect(playabilityFrom({ ...playing, soundPlays: false }, true, true)).toBe('picture-only');
    expect(playabilityFrom({ ...playing, videoWidth: 0, soundPlays: false }, true, true)).toBe('none');
    expect(playabilityFrom({ ...playing, ok: false }, true, true)).toBe('none');
    // Nothing to miss: a file without sound, or sound without a picture track.
    expect(playabilityFrom({ ...playing, soundPlays: false }, true, false)).toBe('full');
    expect(playabilityFrom({ ...playing, videoWidth: 0 }, false, true)).toBe('full');
    expect(playabilityNotice('full', 'avc1', 'mp4a.40.2')).toBeNull();
    expect(['full', 'sound-only', 'picture-only', 'none'].map((p) => playabilityTag(p as 'full'))).toEqual([null, 'picture not shown here', 'no sound here', 'does not play here']);
  });
  it('notes a missing audio track', () => {
    const verdict = judgeImport('a.mp4', 1e6, 'mp4', { ...goodProbe, audioCodec: null }, playing);
    expect(verdict.ok && verdict.hasAudio).toBe(false);
    expect(verdict.ok && verdict.notices.join()).toMatch(/no audio track/);
  });
  it('uses the browser for WebM, which the MP4 demuxer cannot read', () => {
    expect(judgeImport('a.webm', 1e6, 'webm', null, { ok: true, duration: 4, videoWidth: 160, videoHeight: 90 })).toMatchObject({ ok: true, duration: 4, playability: 'full' });
    expect(judgeImport('a.webm', 1e6, 'webm', null, { ok: false, duration: 0, videoWidth: 0, videoHeight: 0 })).toMatchObject({ ok: false });
  });
});

describe('describeAudioTrack', () => {
  const aac = { codec: 'mp4a.40.2', pcmBits: null, channels: 2, sampleRate: 48000, language: 'eng', name: null };
  it('says which of how many, the language and the sound', () => {
    expect(describeAudioTrack(aac, 0, 2)).toBe('track 1 of 2 (English, AAC stereo)');
  });
  it('adds the track’s own name, and leaves out what is unknown', () => {
    expect(describeAudioTrack({ ...aac, name: 'Room microphone', language: null, channels: 1 }, 1, 2)).toBe('track 2 of 2, Room microphone (AAC mono)');
  });
  it('names PCM by its bits', () => {
    expect(describeAudioTrack({ ...aac, codec: 'in24', pcmBits: 24, channels: 1, language: null }, 0, 1)).toBe('track 1 of 1 (PCM 24-bit mono)');
    expect(describeAudioCodec('fl32', 32)).toBe('PCM 32-bit float');
    expect(describeAudioCodec('opus')).toBe('Opus');
    expect(describeAudioCodec('mp4a.40.5')).toBe('HE-AAC');
  });
});
