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

describe('schema version 5: coaching cycles', () => {
  it('opens a database written by schema version 4 with every lesson, evidence, plan, clip and meeting record intact, each lesson loose', async () => {
    const name = `migrate-v4-${Math.random()}`;
    // Exactly what versions 1 to 4 of the app created (db.ts before coaching cycles).
    const v4 = new Dexie(name);
    v4.version(1).stores({ lessons: 'id, status, createdAt', videoChunks: '[lessonId+index], lessonId', posters: 'lessonId' });
    v4.version(2).stores({ analyses: 'lessonId, state', segments: 'lessonId' });
    v4.version(3).stores({ entries: 'id, lessonId, [lessonId+time]', plans: 'lessonId' });
    v4.version(4).stores({ clips: 'id, lessonId, [lessonId+order]', meetings: 'lessonId' });
    const lesson = { id: 'l1', title: 'Year 8 fractions', teacher: 'Ana', date: '2026-10-01', status: 'ready', createdAt: 1, size: 3, chunkCount: 1, mimeType: 'video/mp4', duration: 600 };
    const segments = { lessonId: 'l1', auto: [{ start: 0, end: 600, label: 'teacher_talk', confidence: 0.8 }], corrected: [{ start: 0, end: 600, label: 'discussion', confidence: 1 }], updatedAt: 2 };
    const entry = { id: 'e1', lessonId: 'l1', kind: 'strength', lens: 'strengths', time: 12.5, note: 'Clear model', tags: ['modelling'], createdAt: 3, updatedAt: 3, schemaVersion: 1 };
    const plan = { lessonId: 'l1', phases: [{ id: 'p', name: 'Starter', plannedMinutes: 10, start: 0, end: 540 }], prewatchMinutes: 15, prewatchOverrides: {}, updatedAt: 4 };
    const clip = { id: 'c1', lessonId: 'l1', title: 'The model', start: 10, end: 40, annotationIds: ['e1'], order: 0, replayCount: 3, perspectiveNotes: { pupil: 'Saw it' }, createdAt: 5, updatedAt: 5 };
    const meeting = { lessonId: 'l1', focus: 'Wait time', actionSteps: [{ id: 's1', text: 'Count to five', owner: 'Ana', due: '2026-10-15' }], nextMeeting: '2026-10-15', notes: [], updatedAt: 6 };
    await v4.table('lessons').add(lesson);
    await v4.table('videoChunks').add({ lessonId: 'l1', index: 0, blob: new Blob(['abc']) });
    await v4.table('posters').add({ lessonId: 'l1', blob: new Blob(['jpg']) });
    await v4.table('analyses').add({ lessonId: 'l1', state: 'done', peaks: [], updatedAt: 7 });
    await v4.table('segments').add(segments);
    await v4.table('entries').add(entry);
    await v4.table('plans').add(plan);
    await v4.table('clips').add(clip);
    await v4.table('meetings').add(meeting);
    v4.close();

    const current = new ReframeDB(name);
    await current.open();
    expect(current.verno).toBe(5);
    expect(await current.lessons.get('l1')).toEqual(lesson);
    expect(await current.videoChunks.count()).toBe(1);
    expect(await current.posters.count()).toBe(1);
    expect(await current.analyses.get('l1')).toMatchObject({ state: 'done' });
    expect(await current.segments.get('l1')).toEqual(segments);
    expect(await current.entries.where('[lessonId+time]').between(['l1', Dexie.minKey], ['l1', Dexie.maxKey]).toArray()).toEqual([entry]);
    expect(await current.plans.get('l1')).toEqual(plan);
    expect(await current.clips.get('c1')).toEqual(clip);
    expect(await current.meetings.get('l1')).toEqual(meeting);
    // The new tables start empty, and the old lesson is in no cycle until the coach moves it into one.
    expect(await current.coachees.count()).toBe(0);
    expect(await current.cycles.count()).toBe(0);
    expect(await current.guides.count()).toBe(0);
    expect(await current.lessons.where('cycleId').anyOf(['anything']).count()).toBe(0);
    await current.lessons.update('l1', { cycleId: 'c' });
    expect(await current.lessons.where('cycleId').equals('c').primaryKeys()).toEqual(['l1']);
    await current.delete();
  });
});
