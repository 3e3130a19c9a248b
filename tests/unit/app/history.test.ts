/** The lesson's undo history: steps, merging of typing, redo, and the one way undo is reported. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { History, redoAndSay, undoAndSay } from '../../../src/app/history.svelte';
import { toasts } from '../../../src/app/toasts.svelte';

/** A value changed by undoable steps. */
function counter() {
  const state = { value: 0 };
  const change = (label: string, to: number, mergeKey?: string) => {
    const from = state.value;
    state.value = to;
    return { label, undo: async () => void (state.value = from), redo: async () => void (state.value = to), mergeKey };
  };
  return { state, change };
}

describe('History', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    toasts.list = [];
  });

  it('undoes and redoes steps in order and says what each was', async () => {
    const history = new History();
    const { state, change } = counter();
    history.record(change('one', 1));
    history.record(change('two', 2));
    expect(history.undoLabel).toBe('two');
    expect(await history.undo()).toBe('two');
    expect(state.value).toBe(1);
    expect(await history.undo()).toBe('one');
    expect(state.value).toBe(0);
    expect(await history.undo()).toBeNull();
    expect(await history.redo()).toBe('one');
    expect(state.value).toBe(1);
    expect(history.canRedo).toBe(true);
  });

  it('merges typing in one field into one step, but not after a pause or in another field', async () => {
    const history = new History();
    const { state, change } = counter();
    history.record(change('type', 1, 'note'), 1_000);
    history.record(change('type', 2, 'note'), 1_500);
    history.record(change('type', 3, 'note'), 2_000);
    expect(await history.undo()).toBe('type');
    expect(state.value).toBe(0);
    expect(history.canUndo).toBe(false);
    // Redo brings back the newest text, not the first keystroke.
    await history.redo();
    expect(state.value).toBe(3);

    const later = new History();
    later.record(change('type', 4, 'note'), 10_000);
    later.record(change('type', 5, 'note'), 13_000);
    later.record(change('title', 6, 'title'), 13_100);
    await later.undo();
    await later.undo();
    expect(state.value).toBe(4);
  });

  it('forgets what was undone once a new change is made', async () => {
    const history = new History();
    const { change } = counter();
    history.record(change('one', 1));
    await history.undo();
    history.record(change('other', 7));
    expect(history.canRedo).toBe(false);
    expect(await history.redo()).toBeNull();
  });

  it('keeps the last 200 steps', async () => {
    const history = new History();
    const { state, change } = counter();
    for (let i = 1; i <= 205; i++) history.record(change(`step ${i}`, i));
    let undone = 0;
    while (await history.undo()) undone++;
    expect(undone).toBe(200);
    expect(state.value).toBe(5);
  });

  it('undo and redo from any key, button or toast say the same words', async () => {
    const history = new History();
    const { change } = counter();
    history.record(change('Reorder clips', 1));
    await undoAndSay(history);
    expect(toasts.list.at(-1)?.text).toBe('Undone: Reorder clips');
    await redoAndSay(history);
    expect(toasts.list.at(-1)?.text).toBe('Redone: Reorder clips');
    await redoAndSay(history);
    expect(toasts.list.at(-1)?.text).toBe('Nothing to redo');
    await undoAndSay(history);
    await undoAndSay(history);
    expect(toasts.list.at(-1)?.text).toBe('Nothing to undo');
  });
});
