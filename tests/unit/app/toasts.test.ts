/** Toasts: at most two on screen, a newer one of the same kind replacing the older (issue 18, item 5). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_TOASTS, Toasts } from '../../../src/app/toasts.svelte';

describe('toasts', () => {
  let toasts: Toasts;
  const undo = { label: 'Undo', run: () => {} };
  beforeEach(() => {
    vi.useFakeTimers();
    toasts = new Toasts();
  });
  afterEach(() => vi.useRealTimers());

  it('keeps one "logged" toast for five entries logged in a row, the newest', () => {
    for (const kind of ['Teacher question', 'Pupil question', 'Strength', 'Next step', 'Language']) toasts.show(`${kind} logged at 0:12`, undo);
    expect(toasts.list.map((t) => t.text)).toEqual(['Language logged at 0:12']);
  });

  it('shows no more than two toasts of different kinds, dropping the oldest', () => {
    toasts.show('Incident cancelled.');
    toasts.show('Nothing to undo');
    toasts.show('Strength logged at 0:12', undo);
    expect(MAX_TOASTS).toBe(2);
    expect(toasts.list.map((t) => t.text)).toEqual(['Nothing to undo', 'Strength logged at 0:12']);
  });

  it('a repeated message replaces itself, and each toast goes after its time', () => {
    toasts.show('Nothing to undo');
    vi.advanceTimersByTime(3_000);
    toasts.show('Nothing to undo');
    expect(toasts.list).toHaveLength(1);
    toasts.show('Clip made', undo, { ms: 10_000 });
    vi.advanceTimersByTime(4_000);
    expect(toasts.list.map((t) => t.text)).toEqual(['Clip made']);
    vi.advanceTimersByTime(6_000);
    expect(toasts.list).toEqual([]);
  });
});
