/**
 * The lesson session (issue 20): one owner of an open lesson's state for the workbench and meeting
 * mode. Its stored rows follow the database, the bands every figure uses are worked out once, and its
 * one command list gives both screens the same undo and redo (Ctrl+Y too) with the same words.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CommandRegistry } from '../../../src/app/commands.svelte';
import { LessonSession } from '../../../src/app/lesson-session.svelte';
import { toasts } from '../../../src/app/toasts.svelte';
import { db, listClips, saveCorrections, type LessonRecord } from '../../../src/db/db';
import type { ClipLoop } from '../../../src/meeting/clip-loop.svelte';
import type { Playback } from '../../../src/workbench/playback.svelte';
import { freshLesson } from '../lesson-rows';

// The players need a page; these tests drive the session without one.
vi.mock('../../../src/workbench/player', () => ({ Player: class {} }));

/** A key press as `dispatch` reads it (no DOM in these tests). */
function press(key: string, modifiers: Partial<Pick<KeyboardEvent, 'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey'>> = {}): KeyboardEvent {
  return { key, ctrlKey: false, altKey: false, metaKey: false, shiftKey: false, ...modifiers, target: null, defaultPrevented: false, preventDefault: () => {} } as unknown as KeyboardEvent;
}

const band = (start: number, end: number, label: 'teacher_talk' | 'discussion') => ({ start, end, label, confidence: 0.9 });

describe('LessonSession', () => {
  let lesson: LessonRecord;
  let registry: CommandRegistry;
  let session: LessonSession;
  beforeEach(async () => {
    vi.stubGlobal('HTMLElement', class {});
    lesson = await freshLesson('a');
    registry = new CommandRegistry();
    session = new LessonSession('a', { registry, openMedia: async () => ({ ok: true, lesson, media: new Blob(['video']), source: new Blob(['video']) }) });
    session.start();
    await vi.waitFor(() => expect(session.lesson?.id).toBe('a'));
  });
  afterEach(() => {
    session.destroy();
    toasts.list = [];
    vi.unstubAllGlobals();
  });

  it('follows its stored rows and works out the bands every figure uses once: corrected, else automatic', async () => {
    expect(session.segments).toEqual([]);
    expect(session.plan?.phases.length).toBeGreaterThan(0);
    expect(session.meeting).toMatchObject({ lessonId: 'a', focus: '' });
    const auto = [band(0, 30, 'teacher_talk'), band(30, 60, 'discussion')];
    await db.segments.put({ lessonId: 'a', auto, corrected: null, updatedAt: 0 });
    await vi.waitFor(() => expect(session.segments).toEqual(auto));
    expect(session.corrected).toBeNull();
    expect(session.agreement).toBeNull();
    const corrected = [band(0, 40, 'teacher_talk'), band(40, 60, 'discussion')];
    await saveCorrections('a', corrected);
    await vi.waitFor(() => expect(session.segments).toEqual(corrected));
    expect(session.auto).toEqual(auto);
    expect(session.agreement?.percent).toBeCloseTo(50 / 60, 6);
    await session.evidence.log('strength');
    await vi.waitFor(() => expect(session.entries?.map((e) => e.kind)).toEqual(['strength']));
    await vi.waitFor(() => expect(session.opened?.lesson.id).toBe('a'));
  });

  it('offers only the commands of the screen on view, and the overlay lists what applies now', () => {
    const shown = () => registry.groups.flatMap(([, list]) => list.map((c) => c.id));
    expect(shown()).toEqual([]);
    expect(registry.dispatch(press('q'))).toBe(false);

    session.loop = { togglePlay: vi.fn() } as unknown as ClipLoop;
    expect(shown()).toContain('m-next');
    expect(shown()).toContain('redo');
    expect(shown()).not.toContain('log-teacher_question');
    expect(registry.dispatch(press('q'))).toBe(false);
    expect(registry.dispatch(press('K', { shiftKey: true }))).toBe(true);
    expect(session.loop.togglePlay).toHaveBeenCalledTimes(1);

    session.loop = null;
    session.playback = { togglePlay: vi.fn() } as unknown as Playback;
    expect(shown()).toContain('log-teacher_question');
    expect(shown()).not.toContain('m-next');
    // Esc cancels an incident only while one is being marked.
    expect(shown()).not.toContain('cancel-incident');
    session.evidence.incidentDraft = { trigger: 3, incidentStart: null, incidentEnd: null, outcome: null } as never;
    expect(shown()).toContain('cancel-incident');
  });

  it('undoes and redoes in meeting mode as in the workbench: Ctrl+Z, Ctrl+Y, the same words', async () => {
    session.loop = {} as ClipLoop;
    const clip = await session.clipEditor.create({ start: 4, end: 6 }, 'Wait time', [], []);
    expect(registry.dispatch(press('z', { ctrlKey: true }))).toBe(true);
    await vi.waitFor(() => expect(toasts.list.at(-1)?.text).toBe('Undone: Make clip'));
    expect(await listClips('a')).toEqual([]);
    expect(registry.dispatch(press('y', { ctrlKey: true }))).toBe(true);
    await vi.waitFor(() => expect(toasts.list.at(-1)?.text).toBe('Redone: Make clip'));
    expect((await listClips('a')).map((c) => c.id)).toEqual([clip.id]);
    // ⌘ on a Mac, and Ctrl+Shift+Z, do the same.
    expect(registry.dispatch(press('z', { metaKey: true }))).toBe(true);
    await vi.waitFor(() => expect(toasts.list.at(-1)?.text).toBe('Undone: Make clip'));
    expect(registry.dispatch(press('Z', { ctrlKey: true, shiftKey: true }))).toBe(true);
    await vi.waitFor(() => expect(toasts.list.at(-1)?.text).toBe('Redone: Make clip'));
  });

  it('has one history for both screens: a change made in the workbench is undone from the meeting', async () => {
    session.playback = {} as Playback;
    await session.evidence.log('language');
    session.playback = null;
    session.loop = {} as ClipLoop;
    registry.dispatch(press('z', { ctrlKey: true }));
    await vi.waitFor(() => expect(toasts.list.at(-1)?.text).toBe('Undone: Language logged at 0:00'));
    expect(await db.entries.count()).toBe(0);
  });

  it('moves between and reorders the meeting clips', async () => {
    const a = await session.clipEditor.create({ start: 0, end: 5 }, 'A', [], []);
    const b = await session.clipEditor.create({ start: 5, end: 10 }, 'B', [], [a]);
    await vi.waitFor(() => expect(session.clips?.length).toBe(2));
    let selected = a;
    session.loop = { get clip() { return selected; }, select: (clip: typeof a) => void (selected = clip) } as unknown as ClipLoop;
    registry.dispatch(press('ArrowDown'));
    expect(selected.id).toBe(b.id);
    registry.dispatch(press('ArrowUp', { altKey: true }));
    await vi.waitFor(async () => expect((await listClips('a')).map((c) => c.title)).toEqual(['B', 'A']));
  });

  it('takes its keys away when destroyed', () => {
    session.loop = {} as ClipLoop;
    session.destroy();
    expect(registry.commands).toEqual([]);
    expect(registry.dispatch(press('z', { ctrlKey: true }))).toBe(false);
  });
});
