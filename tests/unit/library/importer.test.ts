/** Importing: refusals in plain words with nothing stored, a WebM stored and opened while storing, the duplicate choice. */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { db, loadVideo, type LessonRecord } from '../../../src/db/db';
import { Importer } from '../../../src/library/importer.svelte';

// The element probe and the poster need a <video>; the MP4 probe a worker. Node has neither.
vi.mock('../../../src/library/element-probe', () => ({
  probeWithElement: async () => ({ ok: true, duration: 42, videoWidth: 320, videoHeight: 180, soundPlays: null }),
  capturePoster: async () => null,
  soundPlaysIn: () => true,
}));
vi.mock('../../../src/jobs/probe', () => ({ probeFile: vi.fn(async () => ({ error: 'no index' })) }));

/** A small file starting with the WebM (EBML) signature. */
const webm = (name: string, body = 'lesson') => new File([new Uint8Array([0x1a, 0x45, 0xdf, 0xa3]), body], name, { type: 'video/webm', lastModified: Date.UTC(2026, 10, 25) });

describe('Importer', () => {
  beforeEach(async () => {
    // Node 20 has no navigator: no storage estimate and no Web Locks, as in a browser without them.
    vi.stubGlobal('navigator', {});
    await Promise.all(db.tables.map((table) => table.clear()));
  });

  it('refuses a file that is not a video, in plain words, and stores nothing', async () => {
    const importer = new Importer();
    const open = vi.fn();
    await importer.importFiles([new File(['hello'], 'notes.txt', { type: 'text/plain' })], open);
    expect(importer.jobs[0]).toMatchObject({ phase: 'failed', lessonId: null });
    expect(importer.jobs[0].error).toMatch(/not a video file Reframe can read/);
    expect(open).not.toHaveBeenCalled();
    expect(await db.lessons.count()).toBe(0);
  });

  it('says a damaged MP4 is damaged, never the reader\'s own words', async () => {
    const importer = new Importer();
    const mp4 = new File([new Uint8Array([0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d])], 'cut.mp4', { type: 'video/mp4' });
    await importer.importFiles([mp4], vi.fn());
    expect(importer.jobs[0].phase).toBe('failed');
    expect(importer.jobs[0].error).toMatch(/damaged or incomplete/);
    expect(importer.jobs[0].error).not.toMatch(/no index/);
  });

  it('stores a video, opens it as soon as storing starts, and finishes with the same bytes', async () => {
    const importer = new Importer();
    const opened: LessonRecord[] = [];
    await importer.importFiles([webm('Year 8 science.webm')], (lesson) => opened.push(lesson));
    expect(opened.map((l) => [l.title, l.status])).toEqual([['Year 8 science', 'importing']]);
    expect(importer.jobs[0]).toMatchObject({ phase: 'done', progress: 1 });
    const stored = (await db.lessons.get(opened[0].id))!;
    expect(stored).toMatchObject({ status: 'ready', duration: 42, mimeType: 'video/webm', date: '2026-11-25' });
    expect(new Uint8Array(await (await loadVideo(stored)).arrayBuffer())).toEqual(new Uint8Array(await webm('x').arrayBuffer()));
  });

  it('waits for the coach on a video already in the library: open the one there, or keep a copy', async () => {
    const importer = new Importer();
    await importer.importFiles([webm('lesson.webm')], vi.fn());
    const again = importer.importFiles([webm('lesson.webm')], vi.fn());
    await vi.waitFor(() => expect(importer.jobs[1]?.phase).toBe('duplicate'));
    expect(importer.jobs[1].duplicateOf?.title).toBe('lesson');
    importer.resolveDuplicate(importer.jobs[1].key, 'open');
    await again;
    expect(importer.jobs).toHaveLength(1);
    expect(await db.lessons.count()).toBe(1);

    const copy = importer.importFiles([webm('lesson.webm')], vi.fn());
    await vi.waitFor(() => expect(importer.jobs[1]?.phase).toBe('duplicate'));
    importer.resolveDuplicate(importer.jobs[1].key, 'copy');
    await copy;
    expect((await db.lessons.toArray()).map((l) => l.title).sort()).toEqual(['lesson', 'lesson (copy)']);
  });

  it('cancels an import waiting on the duplicate choice, storing nothing', async () => {
    const importer = new Importer();
    await importer.importFiles([webm('lesson.webm')], vi.fn());
    const again = importer.importFiles([webm('lesson.webm')], vi.fn());
    await vi.waitFor(() => expect(importer.jobs[1]?.phase).toBe('duplicate'));
    importer.cancel(importer.jobs[1].key);
    await again;
    expect(importer.jobs[1].phase).toBe('cancelled');
    expect(await db.lessons.count()).toBe(1);
  });
});
