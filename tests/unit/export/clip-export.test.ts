import { describe, expect, it, vi } from 'vitest';

vi.mock('../../../src/jobs/transcode', () => ({
  // One second before the start, as a keyframe a second early would give.
  keyframeRange: vi.fn(async (_file: Blob, start: number, end: number) => ({ actualStart: start - 1, actualEnd: end })),
  exportClip: vi.fn(),
}));

const { ClipExporter } = await import('../../../src/export/clip-export.svelte');
const { keyframeRange } = await import('../../../src/jobs/transcode');

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
