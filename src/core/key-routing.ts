/**
 * Whether a key press goes to the app's shortcuts or stays with what has focus. Pure: the shell
 * describes where focus is and whether a dialog is open; this decides.
 */

/** Where the key was pressed, in the terms that matter for shortcuts. */
export type KeyFocus =
  /** Nothing in particular (the page itself), the video or the timeline: every shortcut applies. */
  | 'page'
  /** A text field, text area, select or editable text: typing goes there, never to a shortcut. */
  | 'typing'
  /** A tab in a tab list: its arrow keys, Home and End move between tabs. */
  | 'tab'
  /** A button, link, checkbox or other control: Space and Enter press it. */
  | 'control';

/** Which commands a key may reach. */
export type CommandScope =
  /** Plays, pauses or moves the playhead: only from the page, the video or the timeline. */
  | 'playback'
  /** Works from anywhere but a text field (e.g. logging an entry while a button has focus). */
  | 'anywhere'
  /** Works while a dialog is open too (the help overlay's own key). */
  | 'dialog';

/** A key press, described without the DOM. */
export interface KeyPress {
  key: string;
  focus: KeyFocus;
  /** A modal dialog (help, confirm) is open. */
  dialogOpen: boolean;
  /** Something with focus already handled the key (e.g. the timeline moving between bands). */
  handled: boolean;
}

/** Keys a focused control answers itself. */
const CONTROL_KEYS = new Set([' ', 'Enter']);
/** Keys a focused tab list answers itself. */
const TAB_KEYS = new Set([' ', 'Enter', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End']);

/** Whether `press` should run a command of `scope`. */
export function keyGoesToShortcut(press: KeyPress, scope: CommandScope): boolean {
  if (press.handled || press.focus === 'typing') return false;
  if (press.dialogOpen) return scope === 'dialog';
  if (press.focus === 'tab' && TAB_KEYS.has(press.key)) return false;
  if (press.focus !== 'page' && CONTROL_KEYS.has(press.key)) return false;
  if (scope === 'playback') return press.focus === 'page';
  return true;
}
