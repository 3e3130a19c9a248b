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
  /** A slider or radio button: its arrows, Home, End, PageUp and PageDown change its value. */
  | 'slider'
  /** A button, link, checkbox or other control: Space and Enter press it. */
  | 'control';

/** Which commands a key may reach. */
export type CommandScope =
  /** Works from anywhere but a text field, unless what has focus answers the key itself. */
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

const PRESS_KEYS = [' ', 'Enter'];
const ARROW_KEYS = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'];
/** The keys each kind of focused control answers itself: they never reach a shortcut from there. */
const OWN_KEYS: Record<KeyFocus, ReadonlySet<string>> = {
  page: new Set(),
  typing: new Set(),
  tab: new Set([...PRESS_KEYS, ...ARROW_KEYS]),
  slider: new Set([...PRESS_KEYS, ...ARROW_KEYS, 'PageUp', 'PageDown']),
  control: new Set(PRESS_KEYS),
};

/**
 * Whether `press` should run a command of `scope`. Space on a focused button presses the button
 * (not play / pause), ← → in a tab list move between tabs (not seek); other keys a control does
 * not use (a speed key after ticking a box, say) still reach the player.
 */
export function keyGoesToShortcut(press: KeyPress, scope: CommandScope): boolean {
  if (press.handled || press.focus === 'typing') return false;
  if (press.dialogOpen) return scope === 'dialog';
  return !OWN_KEYS[press.focus].has(press.key);
}
