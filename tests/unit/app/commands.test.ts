/** The command registry: registrations come off again, so moving around the app never piles up shortcuts (issue 25, item 1). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CommandRegistry, keyMatches, type Command } from '../../../src/app/commands.svelte';

/** A key press as `dispatch` reads it (no DOM in these tests). */
function press(key: string): KeyboardEvent {
  return { key, ctrlKey: false, altKey: false, metaKey: false, shiftKey: false, target: null, preventDefault: () => {} } as unknown as KeyboardEvent;
}

function command(id: string, key: string, run: () => void = () => {}): Command {
  return { id, label: id, group: 'Test', keys: [key], run };
}

describe('command registry', () => {
  let registry: CommandRegistry;
  beforeEach(() => {
    // isTypingTarget checks `instanceof HTMLElement`; Node has no DOM.
    vi.stubGlobal('HTMLElement', class {});
    registry = new CommandRegistry();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('removes exactly the commands a registration added', () => {
    const offShell = registry.register([command('help', '?')]);
    const offWorkbench = registry.register([command('question', 'q'), command('play', ' ')]);
    offWorkbench();
    expect(registry.commands.map((c) => c.id)).toEqual(['help']);
    offShell();
    expect(registry.commands).toEqual([]);
  });

  it('keeps one copy of each command after leaving and reopening a screen many times', () => {
    registry.register([command('help', '?')]);
    for (let visit = 0; visit < 3; visit++) {
      const off = registry.register([command('question', 'q'), command('play', ' ')]);
      off();
    }
    registry.register([command('question', 'q'), command('play', ' ')]);
    const ids = registry.commands.map((c) => c.id);
    expect(ids).toEqual(['help', 'question', 'play']);
    expect(registry.groups).toEqual([['Test', [expect.objectContaining({ id: 'help' }), expect.objectContaining({ id: 'question' }), expect.objectContaining({ id: 'play' })]]]);
  });

  it('no longer runs a removed command for its key', () => {
    const logged = vi.fn();
    const off = registry.register([command('question', 'q', logged)]);
    off();
    registry.register([command('replay', 'r')]);
    expect(registry.dispatch(press('q'))).toBe(false);
    expect(logged).not.toHaveBeenCalled();
  });

  it('removing a registration twice leaves the others alone', () => {
    const off = registry.register([command('question', 'q')]);
    registry.register([command('replay', 'r')]);
    off();
    off();
    expect(registry.commands.map((c) => c.id)).toEqual(['replay']);
  });
});

/** A key press with modifiers. */
function chord(key: string, modifiers: Partial<Pick<KeyboardEvent, 'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey'>> = {}): KeyboardEvent {
  return { ...press(key), ...modifiers } as KeyboardEvent;
}

describe('keys as shown are the keys matched (issue 20)', () => {
  it('tells Ctrl+Z from Ctrl+Shift+Z and takes ⌘ for Ctrl', () => {
    expect(keyMatches('Ctrl+Z', chord('z', { ctrlKey: true }))).toBe(true);
    expect(keyMatches('Ctrl+Z', chord('z', { metaKey: true }))).toBe(true);
    expect(keyMatches('Ctrl+Z', chord('Z', { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(keyMatches('Ctrl+Shift+Z', chord('Z', { ctrlKey: true, shiftKey: true }))).toBe(true);
    expect(keyMatches('Ctrl+Z', chord('z'))).toBe(false);
    expect(keyMatches('Ctrl+Z', chord('z', { ctrlKey: true, altKey: true }))).toBe(false);
  });

  it('ignores Shift where it types the character, and not on named keys', () => {
    expect(keyMatches('?', chord('?', { shiftKey: true }))).toBe(true);
    expect(keyMatches('K', chord('k'))).toBe(true);
    expect(keyMatches('K', chord('K', { shiftKey: true }))).toBe(true);
    expect(keyMatches('+', chord('+', { shiftKey: true }))).toBe(true);
    expect(keyMatches('Space', chord(' '))).toBe(true);
    expect(keyMatches('←', chord('ArrowLeft'))).toBe(true);
    expect(keyMatches('←', chord('ArrowLeft', { shiftKey: true }))).toBe(false);
    expect(keyMatches('Shift+←', chord('ArrowLeft', { shiftKey: true }))).toBe(true);
    expect(keyMatches('Alt+↓', chord('ArrowDown', { altKey: true }))).toBe(true);
    expect(keyMatches('↓', chord('ArrowDown', { altKey: true }))).toBe(false);
    expect(keyMatches('Esc', chord('Escape'))).toBe(true);
    expect(keyMatches('K', chord('k', { ctrlKey: true }))).toBe(false);
  });

  it('runs a command only while it applies, and the overlay lists only those', () => {
    vi.stubGlobal('HTMLElement', class {});
    const registry = new CommandRegistry();
    let drafting = false;
    const cancel = vi.fn();
    registry.register([{ id: 'cancel', label: 'Cancel', group: 'Log', keys: ['Esc'], when: () => drafting, run: cancel }, command('log', 'i')]);
    expect(registry.dispatch(press('Escape'))).toBe(false);
    expect(registry.groups.flatMap(([, list]) => list.map((c) => c.id))).toEqual(['log']);
    drafting = true;
    expect(registry.groups.flatMap(([, list]) => list.map((c) => c.id))).toEqual(['cancel', 'log']);
    expect(registry.dispatch(press('Escape'))).toBe(true);
    expect(cancel).toHaveBeenCalledTimes(1);
    vi.unstubAllGlobals();
  });
});
