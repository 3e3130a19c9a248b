import { describe, expect, it, vi } from 'vitest';

vi.mock('../../../src/jobs/transcode', () => ({ keyframeRange: vi.fn(), exportClip: vi.fn() }));
vi.mock('../../../src/jobs/faces', () => ({ findFaces: vi.fn() }));
vi.mock('../../../src/export/download', () => ({ downloadBlob: vi.fn() }));
globalThis.URL.createObjectURL ??= () => 'blob:preview';
globalThis.URL.revokeObjectURL ??= () => undefined;

const { ClipExporter } = await import('../../../src/export/clip-export.svelte');
const { exportClip } = await import('../../../src/jobs/transcode');
const { findFaces } = await import('../../../src/jobs/faces');
const { downloadBlob } = await import('../../../src/export/download');

const lesson = { id: 'l1', title: 'Lesson', fileName: 'lesson.mp4' } as ConstructorParameters<typeof ClipExporter>[0];
const clip = { id: 'c1', lessonId: 'l1', title: 'Clip', start: 10, end: 12, annotationIds: [], order: 0, replayCount: 0, perspectiveNotes: {}, createdAt: 0, updatedAt: 0 };
const settings = { mode: 'fast' as const, captions: 'none' as const, titleCard: false, audience: 'beyond' as const, muteVoices: false, blurFaces: true };
/** Two faces, the teacher's on the left, seen on every frame 0.5 s apart. */
const found = {
  width: 1280, height: 720, decodeMs: 1, detectMs: 1, backend: 'wasm',
  frames: [0, 0.5, 1, 1.5, 2].map((time) => ({ time, picture: time === 0 ? new Blob(['jpeg']) : null, boxes: [{ x: 0.1, y: 0.1, w: 0.1, h: 0.2, score: 0.9 }, { x: 0.6, y: 0.5, w: 0.1, h: 0.2, score: 0.9 }] })),
};
const exported = { blob: new Blob(['x']), actualStart: 10, actualEnd: 12, elapsedMs: 1, execMs: 1 };

describe('ClipExporter blurring faces', () => {
  it('finds the faces once, re-encodes with every face blurred but those left visible, and says so in the preview state', async () => {
    vi.mocked(findFaces).mockResolvedValue(found);
    vi.mocked(exportClip).mockResolvedValue(exported);
    const exporter = new ClipExporter(lesson, new Blob());
    const faces = await exporter.faces.find(clip);
    expect(faces.tracks).toHaveLength(2);
    expect(faces.pictures).toHaveLength(1);
    await exporter.export([clip], [], settings);
    let request = vi.mocked(exportClip).mock.calls.at(-1)![1];
    expect(request.mode).toBe('exact');
    expect(new Set(request.blurSpans!.map((s) => s.box.x < 0.5 ? 'teacher' : 'pupil'))).toEqual(new Set(['teacher', 'pupil']));
    // The coach leaves the teacher's face visible.
    exporter.faces.toggleVisible(clip, faces.tracks.find((t) => t.seen[0].box.x < 0.5)!.id);
    await exporter.export([clip], [], settings);
    request = vi.mocked(exportClip).mock.calls.at(-1)![1];
    expect(request.blurSpans!.length).toBeGreaterThan(0);
    expect(request.blurSpans!.every((s) => s.box.x > 0.4)).toBe(true);
    expect(vi.mocked(findFaces)).toHaveBeenCalledTimes(1);
    // Without the blur nothing is found or blurred.
    await exporter.export([clip], [], { ...settings, blurFaces: false, mode: 'exact' });
    expect(vi.mocked(exportClip).mock.calls.at(-1)![1].blurSpans).toEqual([]);
  });

  it('blurs a box the coach drew over a missed face for a few seconds, until the coach removes it, and blurs it again when put back', async () => {
    vi.mocked(findFaces).mockResolvedValueOnce({ ...found, frames: found.frames.map((f) => ({ ...f, boxes: [] })) });
    vi.mocked(exportClip).mockResolvedValue(exported);
    const exporter = new ClipExporter(lesson, new Blob());
    await exporter.faces.find(clip);
    exporter.faces.draw(clip, { x: 0.4, y: 0.4, w: 0.1, h: 0.15 }, 0.5);
    // A click without a drag adds nothing.
    exporter.faces.draw(clip, { x: 0.4, y: 0.4, w: 0.001, h: 0.001 }, 0.5);
    const [drawn] = exporter.faces.of(clip)!.tracks;
    expect(exporter.faces.of(clip)!.tracks).toHaveLength(1);
    expect(drawn.manual).toBe(true);
    expect(exporter.faces.of(clip)!.selected).toBe(drawn.id);
    await exporter.export([clip], [], settings);
    expect(vi.mocked(exportClip).mock.calls.at(-1)![1].blurSpans).toEqual([expect.objectContaining({ start: 0, end: 2 })]);
    exporter.faces.remove(clip, drawn.id);
    expect(exporter.faces.of(clip)!.selected).toBeNull();
    await exporter.export([clip], [], settings);
    expect(vi.mocked(exportClip).mock.calls.at(-1)![1].blurSpans).toEqual([]);
    exporter.faces.restore(clip, drawn.id);
    await exporter.export([clip], [], settings);
    expect(vi.mocked(exportClip).mock.calls.at(-1)![1].blurSpans).toEqual([expect.objectContaining({ start: 0, end: 2 })]);
  });

  it('moves the selected drawn box at another frame (a keyframe) instead of adding one, and stretches it in time', async () => {
    const long = { ...clip, id: 'c2', start: 10, end: 30 };
    vi.mocked(findFaces).mockResolvedValueOnce({ ...found, frames: found.frames.map((f) => ({ ...f, boxes: [] })) });
    vi.mocked(exportClip).mockResolvedValue(exported);
    const exporter = new ClipExporter(lesson, new Blob());
    await exporter.faces.find(long);
    exporter.faces.draw(long, { x: 0.1, y: 0.4, w: 0.1, h: 0.15 }, 2);
    const id = exporter.faces.of(long)!.selected!;
    exporter.faces.draw(long, { x: 0.5, y: 0.4, w: 0.1, h: 0.15 }, 4);
    expect(exporter.faces.of(long)!.tracks).toHaveLength(1);
    expect(exporter.faces.of(long)!.tracks[0].seen.map((s) => [s.time, s.box.x])).toEqual([[2, 0.1], [4, 0.5]]);
    // The arrow keys move it at a frame; the coach stretches it to 12 s.
    exporter.faces.nudge(long, id, 4, { dx: 0.01 });
    expect(exporter.faces.of(long)!.tracks[0].seen[1].box.x).toBeCloseTo(0.51);
    exporter.faces.stretch(long, id, 'until', 12);
    await exporter.export([long], [], settings);
    const spans = vi.mocked(exportClip).mock.calls.at(-1)![1].blurSpans!;
    expect(spans.map((s) => [s.start, s.end])).toEqual([[1, 2], [2, 4], [4, 12]]);
    // With nothing selected, drawing adds a second box.
    exporter.faces.select(long, null);
    exporter.faces.draw(long, { x: 0.7, y: 0.1, w: 0.1, h: 0.15 }, 6);
    expect(exporter.faces.of(long)!.tracks).toHaveLength(2);
    // Detected faces cannot be selected, moved or stretched.
    exporter.faces.select(long, 99);
    expect(exporter.faces.of(long)!.selected).toBeNull();
  });

  it('removes a detected box that is not a face: not blurred, until put back', async () => {
    vi.mocked(findFaces).mockResolvedValueOnce(found);
    vi.mocked(exportClip).mockResolvedValue(exported);
    const exporter = new ClipExporter(lesson, new Blob());
    const faces = await exporter.faces.find(clip);
    const wrong = faces.tracks.find((t) => t.seen[0].box.x > 0.5)!.id;
    exporter.faces.remove(clip, wrong);
    expect(exporter.faces.of(clip)!.removed).toEqual([wrong]);
    await exporter.export([clip], [], settings);
    let spans = vi.mocked(exportClip).mock.calls.at(-1)![1].blurSpans!;
    expect(spans.length).toBeGreaterThan(0);
    expect(spans.every((s) => s.box.x < 0.4)).toBe(true);
    exporter.faces.restore(clip, wrong);
    await exporter.export([clip], [], settings);
    spans = vi.mocked(exportClip).mock.calls.at(-1)![1].blurSpans!;
    expect(spans.some((s) => s.box.x > 0.5)).toBe(true);
  });

  it('fails the clip in the worker\'s plain words when faces cannot be looked for, and looks again next time', async () => {
    vi.mocked(findFaces).mockReset();
    vi.mocked(findFaces).mockRejectedValueOnce(new Error('No pictures could be read from this part of the lesson; check that it has video.'));
    const exporter = new ClipExporter(lesson, new Blob());
    await exporter.export([clip], [], settings);
    expect(exporter.jobs[0]).toMatchObject({ state: 'failed', error: 'No pictures could be read from this part of the lesson; check that it has video.' });
    expect(exporter.faces.of(clip)?.state).toBe('failed');
    vi.mocked(findFaces).mockResolvedValueOnce(found);
    vi.mocked(exportClip).mockResolvedValueOnce(exported);
    await exporter.export([clip], [], settings);
    expect(exporter.jobs[0].state).toBe('done');
  });

  it('cancels while the faces are still being looked for, and saves nothing', async () => {
    vi.mocked(findFaces).mockImplementationOnce((_file, _search, handlers) => new Promise((_resolve, reject) => {
      handlers?.signal?.addEventListener('abort', () => reject(Object.assign(new Error('Looking for faces was cancelled.'), { name: 'AbortError' })));
    }));
    vi.mocked(downloadBlob).mockClear();
    vi.mocked(exportClip).mockClear();
    const exporter = new ClipExporter(lesson, new Blob());
    const run = exporter.export([clip], [], settings);
    await vi.waitFor(() => expect(exporter.faces.of(clip)?.state).toBe('finding'));
    exporter.cancel();
    await run;
    expect(exporter.jobs[0].state).toBe('cancelled');
    expect(exporter.message).toBe('Export cancelled: nothing was saved.');
    expect(vi.mocked(exportClip)).not.toHaveBeenCalled();
    expect(vi.mocked(downloadBlob)).not.toHaveBeenCalled();
    expect(exporter.faces.of(clip)?.state).toBe('failed');
  });
});
