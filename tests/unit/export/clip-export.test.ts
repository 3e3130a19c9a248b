import { describe, expect, it, vi } from 'vitest';

vi.mock('../../../src/jobs/transcode', () => ({
  // One second before the start, as a keyframe a second early would give.
  keyframeRange: vi.fn(async (_file: Blob, start: number, end: number) => ({ actualStart: start - 1, actualEnd: end })),
  exportClip: vi.fn(),
}));
vi.mock('../../../src/export/download', () => ({ downloadBlob: vi.fn() }));
const { downloadBlob } = await import('../../../src/export/download');

const { ClipExporter } = await import('../../../src/export/clip-export.svelte');
const { keyframeRange, exportClip } = await import('../../../src/jobs/transcode');

const lesson = { id: 'l1', title: 'Lesson', fileName: 'lesson.mp4' } as ConstructorParameters<typeof ClipExporter>[0];
const clip = { id: 'c1', lessonId: 'l1', title: 'Clip', start: 10, end: 18, annotationIds: [], order: 0, replayCount: 0, perspectiveNotes: {}, createdAt: 0, updatedAt: 0 };

describe('ClipExporter fast ranges', () => {
  it('looks a clip up again when its times change, so the range shown is the one for its times now', async () => {
    const exporter = new ClipExporter(lesson, new Blob());
    await exporter.previewFastRanges([clip]);
    expect(exporter.fastRangeOf(clip)).toEqual({ actualStart: 9, actualEnd: 18 });
    const moved = { ...clip, start: 20, end: 28 };
    expect(exporter.fastRangeOf(moved)).toBeUndefined();
    await exporter.previewFastRanges([moved]);
    expect(exporter.fastRangeOf(moved)).toEqual({ actualStart: 19, actualEnd: 28 });
    // Known clips are not asked for twice, even when asked again while a look-up is under way.
    await Promise.all([exporter.previewFastRanges([clip, moved]), exporter.previewFastRanges([{ ...clip, start: 30, end: 31 }]), exporter.previewFastRanges([{ ...clip, start: 30, end: 31 }])]);
    expect(vi.mocked(keyframeRange)).toHaveBeenCalledTimes(3);
  });
});

describe('ClipExporter protecting pupils', () => {
  const settings = { mode: 'fast' as const, captions: 'none' as const, titleCard: false, audience: 'beyond' as const, muteVoices: true };
  // 0.1 s frames: the teacher 10–12 s, a pupil 13–15 s (as the model and the activity track have them).
  const speech = Array.from({ length: 200 }, (_, i) => (i >= 100 && i < 120) || (i >= 130 && i < 150) ? 1 : 0);
  const probability = speech.map((s, i) => (s ? (i < 120 ? 0.95 : 0.05) : NaN));
  const voice = { frameDuration: 0.1, speech, teacher: { frameDuration: 0.1, probability } };

  it('re-encodes with the pupils’ stretches silenced, counted from the clip’s start', async () => {
    vi.mocked(exportClip).mockResolvedValueOnce({ blob: new Blob(['x']), actualStart: 10, actualEnd: 18, elapsedMs: 1, execMs: 1 });
    const exporter = new ClipExporter(lesson, new Blob());
    await exporter.export([clip], [], settings, voice);
    expect(exporter.jobs[0].state).toBe('done');
    const request = vi.mocked(exportClip).mock.calls.at(-1)![1];
    expect(request.mode).toBe('exact');
    expect(request.muteRanges).toEqual([{ start: 2.75, end: 5.35 }]);
    // A stretch the coach keeps audible is left out.
    vi.mocked(exportClip).mockResolvedValueOnce({ blob: new Blob(['x']), actualStart: 10, actualEnd: 18, elapsedMs: 1, execMs: 1 });
    await exporter.export([clip], [], { ...settings, keptAudible: { c1: [2.75] } }, voice);
    expect(vi.mocked(exportClip).mock.calls.at(-1)![1].muteRanges).toEqual([]);
  });

  it('names a shared clip and its title card without the lesson’s file name, and the pair’s copy with it', async () => {
    const named = { ...lesson, title: 'Jane Doe reading', fileName: 'Jane_Doe_reading.mp4' };
    const exported = { blob: new Blob(['x']), actualStart: 10, actualEnd: 18, elapsedMs: 1, execMs: 1 };
    for (const audience of ['beyond', 'pair'] as const) {
      vi.mocked(exportClip).mockResolvedValueOnce(exported);
      await new ClipExporter(named, new Blob()).export([clip], [], { ...settings, audience, titleCard: true }, voice);
      const name = vi.mocked(downloadBlob).mock.calls.at(-1)![1];
      const card = vi.mocked(exportClip).mock.calls.at(-1)![1].titleCard!;
      if (audience === 'beyond') {
        expect(name).toBe('lesson_Clip_00-00-10_00-00-18.mp4');
        expect(card.lines).toEqual(['Clip', '0:10–0:18']);
      } else {
        expect(name).toBe('Jane-Doe-reading_Clip_00-00-10_00-00-18.mp4');
        expect(card.lines[0]).toBe('Jane Doe reading');
      }
    }
  });

  it('fails the clip in plain words when the analysis cannot tell the voices apart, and exports nothing', async () => {
    const calls = vi.mocked(exportClip).mock.calls.length;
    const exporter = new ClipExporter(lesson, new Blob());
    await exporter.export([clip], [], settings, { frameDuration: 0.1, speech });
    expect(vi.mocked(exportClip).mock.calls.length).toBe(calls);
    expect(exporter.jobs[0].state).toBe('failed');
    expect(exporter.jobs[0].error).toMatch(/Pupils' voices can be told apart once the lesson's sound has been analysed/);
  });
});
