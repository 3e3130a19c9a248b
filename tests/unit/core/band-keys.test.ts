import { describe, expect, it } from 'vitest';
import { bandKeyAction, nextBandFocus, type BandKeyPress } from '../../../src/core/band-keys';

const key = (k: string, mods: Partial<BandKeyPress> = {}): BandKeyPress => ({ key: k, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, ...mods });

describe('bandKeyAction', () => {
  it('moves between bands with the arrows and selects with Enter (Space still plays)', () => {
    expect(bandKeyAction(key('ArrowRight'))).toEqual({ type: 'focus', to: 'next' });
    expect(bandKeyAction(key('ArrowLeft'))).toEqual({ type: 'focus', to: 'previous' });
    expect(bandKeyAction(key('Home'))).toEqual({ type: 'focus', to: 'first' });
    expect(bandKeyAction(key('Enter'))).toEqual({ type: 'select' });
    expect(bandKeyAction(key(' '))).toBeNull();
    expect(bandKeyAction(key('Escape'))).toEqual({ type: 'deselect' });
  });

  it('moves the start with Shift and the end with Ctrl, by 1 s or by 0.1 s with Alt', () => {
    expect(bandKeyAction(key('ArrowLeft', { shiftKey: true }))).toEqual({ type: 'move', side: 'start', seconds: -1 });
    expect(bandKeyAction(key('ArrowRight', { ctrlKey: true }))).toEqual({ type: 'move', side: 'end', seconds: 1 });
    expect(bandKeyAction(key('ArrowRight', { metaKey: true, altKey: true }))).toEqual({ type: 'move', side: 'end', seconds: 0.1 });
    expect(bandKeyAction(key('ArrowLeft', { shiftKey: true, altKey: true }))).toEqual({ type: 'move', side: 'start', seconds: -0.1 });
  });

  it('leaves other keys to the app (logging, PageUp/PageDown, Alt+arrows for entries)', () => {
    expect(bandKeyAction(key('q'))).toBeNull();
    expect(bandKeyAction(key('PageDown'))).toBeNull();
    expect(bandKeyAction(key('ArrowRight', { altKey: true }))).toBeNull();
  });
});

describe('nextBandFocus', () => {
  it('starts at an end and stops at the ends', () => {
    expect(nextBandFocus(null, 4, 'next')).toBe(0);
    expect(nextBandFocus(null, 4, 'previous')).toBe(3);
    expect(nextBandFocus(3, 4, 'next')).toBe(3);
    expect(nextBandFocus(0, 4, 'previous')).toBe(0);
    expect(nextBandFocus(1, 4, 'last')).toBe(3);
    expect(nextBandFocus(null, 0, 'next')).toBeNull();
  });
});
