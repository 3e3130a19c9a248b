/** What a key does on the focused timeline (issue 25, item 3): pure, so the scheme is tested without a page. */

/** A key press on the timeline, as far as its meaning goes. */
export interface BandKeyPress {
  key: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

/** What the key asks for. */
export type BandKeyAction =
  /** Move focus to another band: by a step, or to the first or last. */
  | { type: 'focus'; to: 'previous' | 'next' | 'first' | 'last' }
  /** Select the band under focus (the editor opens on it). */
  | { type: 'select' }
  /** Let go of the selected band (Shift and Ctrl with the arrows seek again). */
  | { type: 'deselect' }
  /** Move the selected band's start or end by `seconds` (negative: earlier). */
  | { type: 'move'; side: 'start' | 'end'; seconds: number };

/** Keys as the coach is told them (the editor's hint lists these). */
export const BAND_KEY_HINT = '← → move between bands, Enter selects (Space still plays), Esc lets go; Shift+← → move the start, Ctrl+← → the end, by 1 s (add Alt: 0.1 s)';

/** The action a key asks for on the timeline, or null when the key is not the timeline's. */
export function bandKeyAction(press: BandKeyPress): BandKeyAction | null {
  const arrow = press.key === 'ArrowLeft' ? -1 : press.key === 'ArrowRight' ? 1 : 0;
  const ctrl = press.ctrlKey || press.metaKey;
  if (arrow !== 0) {
    if (press.shiftKey && ctrl) return null;
    const step = press.altKey ? 0.1 : 1;
    if (press.shiftKey) return { type: 'move', side: 'start', seconds: arrow * step };
    if (ctrl) return { type: 'move', side: 'end', seconds: arrow * step };
    if (press.altKey) return null;
    return { type: 'focus', to: arrow < 0 ? 'previous' : 'next' };
  }
  if (press.shiftKey || press.altKey || ctrl) return null;
  if (press.key === 'Home') return { type: 'focus', to: 'first' };
  if (press.key === 'End') return { type: 'focus', to: 'last' };
  // (Space stays play / pause: the timeline takes the playback keys as the page does.)
  if (press.key === 'Enter') return { type: 'select' };
  if (press.key === 'Escape') return { type: 'deselect' };
  return null;
}

/** The band focus moves to from `focused` (null: none yet) among `count` bands. */
export function nextBandFocus(focused: number | null, count: number, to: 'previous' | 'next' | 'first' | 'last'): number | null {
  if (count === 0) return null;
  if (to === 'first') return 0;
  if (to === 'last') return count - 1;
  if (focused === null) return to === 'next' ? 0 : count - 1;
  return Math.min(count - 1, Math.max(0, focused + (to === 'next' ? 1 : -1)));
}
