import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { ReframeDB } from '../../../src/db/db';
import { readyLessonVideo } from '../../../src/db/lesson-video';

/** A library exactly as schema version 4 stored it (the parts the service worker now serves by ranges). */
async function libraryInVersion4(name: string): Promise<void> {
  const v4 = new Dexie(name);
  v4.version(4).stores({
    lessons: 'id, status, createdAt',
    videoChunks: '[lessonId+index], lessonId',
    posters: 'lessonId',
    analyses: 'lessonId, state',
    segments: 'lessonId',
    entries: 'id, lessonId, [lessonId+time]',
    plans: 'lessonId',
    clips: 'id, lessonId, [lessonId+order]',
    meetings: 'lessonId',
  });
  await v4.table('lessons').bulkAdd([
    { id: 'ready', title: 'Stored', status: 'ready', createdAt: 1, size: 10, chunkCount: 3, mimeType: 'video/mp4' },
    { id: 'half', title: 'Half stored', status: 'importing', createdAt: 2, size: 10, chunkCount: 1, mimeType: 'video/mp4' },
  ]);
  // Stored out of order: the video is joined by index.
  await v4.table('videoChunks').bulkAdd([
    { lessonId: 'ready', index: 2, blob: new Blob(['89']) },
    { lessonId: 'ready', index: 0, blob: new Blob(['0123']) },
    { lessonId: 'ready', index: 1, blob: new Blob(['4567']) },
    { lessonId: 'half', index: 0, blob: new Blob(['0123']) },
  ]);
  v4.close();
}

describe('the stored video the service worker serves', () => {
  it('reads a lesson stored by schema version 4 as its exact bytes, and any range of them', async () => {
    const name = `lesson-video-${Math.random()}`;
    await libraryInVersion4(name);
    const database = new ReframeDB(name);
    const stored = await readyLessonVideo('ready', database);
    expect(stored?.mimeType).toBe('video/mp4');
    expect(stored?.size).toBe(10);
    expect(await stored!.range(0, 9).text()).toBe('0123456789');
    // A range across part boundaries, as a seek asks for, and one within a part.
    expect(await stored!.range(3, 8).text()).toBe('345678');
    expect(await stored!.range(8, 8).text()).toBe('8');
    await database.delete();
  });

  it('serves nothing for a lesson still importing, unknown, or deleted meanwhile', async () => {
    const name = `lesson-video-${Math.random()}`;
    await libraryInVersion4(name);
    const database = new ReframeDB(name);
    expect(await readyLessonVideo('half', database)).toBeNull();
    expect(await readyLessonVideo('nope', database)).toBeNull();
    await database.lessons.delete('ready');
    expect(await readyLessonVideo('ready', database)).toBeNull();
    await database.delete();
  });
});
