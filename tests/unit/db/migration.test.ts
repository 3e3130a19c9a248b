import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { ReframeDB } from '../../../src/db/db';

describe('schema migrations', () => {
  it('opens a database written by schema version 1 with every record intact', async () => {
    const name = `migrate-${Math.random()}`;
    // Exactly what version 1 of the app created.
    const v1 = new Dexie(name);
    v1.version(1).stores({ lessons: 'id, status, createdAt', videoChunks: '[lessonId+index], lessonId', posters: 'lessonId' });
    await v1.table('lessons').add({ id: 'l1', title: 'Old lesson', status: 'ready', createdAt: 1, size: 3, chunkCount: 1, mimeType: 'video/mp4' });
    await v1.table('videoChunks').add({ lessonId: 'l1', index: 0, blob: new Blob(['abc']) });
    await v1.table('posters').add({ lessonId: 'l1', blob: new Blob(['jpg']) });
    v1.close();

    const current = new ReframeDB(name);
    await current.open();
    expect(current.verno).toBeGreaterThanOrEqual(2);
    expect(await current.lessons.get('l1')).toMatchObject({ title: 'Old lesson', status: 'ready' });
    expect(await current.videoChunks.count()).toBe(1);
    expect(await current.posters.count()).toBe(1);
    // Tables added since version 1 exist and start empty.
    expect(await current.analyses.count()).toBe(0);
    expect(await current.segments.count()).toBe(0);
    await current.delete();
  });
});
