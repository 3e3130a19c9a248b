import { describe, expect, it } from 'vitest';
import { keyGoesToShortcut, type KeyPress } from '../../../src/core/key-routing';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({ key, focus: 'page', dialogOpen: false, handled: false, ...extra });

describe('keyGoesToShortcut', () => {
  it('sends every key pressed on the page, the video or the timeline to the shortcuts', () => {
    expect(keyGoesToShortcut(press(' '), 'anywhere')).toBe(true);
    expect(keyGoesToShortcut(press('ArrowRight'), 'anywhere')).toBe(true);
    expect(keyGoesToShortcut(press('q'), 'anywhere')).toBe(true);
  });

  it('leaves Space and Enter to a focused button or checkbox', () => {
    expect(keyGoesToShortcut(press(' ', { focus: 'control' }), 'anywhere')).toBe(false);
    expect(keyGoesToShortcut(press('Enter', { focus: 'control' }), 'anywhere')).toBe(false);
  });

  it('still runs keys a button does not use (logging, a speed key after ticking a box)', () => {
    expect(keyGoesToShortcut(press('q', { focus: 'control' }), 'anywhere')).toBe(true);
    expect(keyGoesToShortcut(press('=', { focus: 'control' }), 'anywhere')).toBe(true);
  });

  it('leaves arrows, Home and End to a tab list, and PageUp/PageDown too to a slider', () => {
    for (const key of ['ArrowLeft', 'ArrowRight', 'Home', 'End', ' ']) expect(keyGoesToShortcut(press(key, { focus: 'tab' }), 'anywhere')).toBe(false);
    for (const key of ['ArrowLeft', 'PageDown', 'End']) expect(keyGoesToShortcut(press(key, { focus: 'slider' }), 'anywhere')).toBe(false);
    expect(keyGoesToShortcut(press('?', { focus: 'tab' }), 'anywhere')).toBe(true);
  });

  it('runs nothing but the dialog keys while a dialog is open', () => {
    expect(keyGoesToShortcut(press(' ', { dialogOpen: true }), 'anywhere')).toBe(false);
    expect(keyGoesToShortcut(press('q', { dialogOpen: true }), 'anywhere')).toBe(false);
    expect(keyGoesToShortcut(press('?', { dialogOpen: true }), 'dialog')).toBe(true);
  });

  it('never takes a key from a text field or from what already handled it', () => {
    expect(keyGoesToShortcut(press('?', { focus: 'typing' }), 'dialog')).toBe(false);
    expect(keyGoesToShortcut(press('ArrowRight', { handled: true }), 'anywhere')).toBe(false);
  });
});
