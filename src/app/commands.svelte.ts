/**
 * The command registry: every keyboard command has an id, a label, its keys, when it applies and
 * what it does. Shortcuts, the `?` help overlay and undo/redo all read this one list; the keys are
 * declared once, as the coach reads them, and the same text is matched against the key pressed.
 */
import { keyGoesToShortcut, type CommandScope, type KeyFocus } from '../core/key-routing';

/** A user command reachable from the keyboard. */
export interface Command {
  id: string;
  label: string;
  /** Heading it is listed under in the help overlay. */
  group: string;
  /** Keys as shown to the coach and matched (see `keyMatches`), e.g. ['Space', 'K'], ['Ctrl+Shift+Z', 'Ctrl+Y']. */
  keys: string[];
  /** Whether the command applies now (default: always); the help overlay lists only those that do. */
  when?: () => boolean;
  run: () => void;
  /** Where the command may be reached from (default: anywhere but a text field; see core/key-routing). */
  scope?: CommandScope;
}

/** Names of keys as shown, for the `event.key` they stand for. */
const KEY_NAMES: Record<string, string> = { Space: ' ', Esc: 'Escape', '←': 'ArrowLeft', '→': 'ArrowRight', '↑': 'ArrowUp', '↓': 'ArrowDown' };

/** The key press a shown chord stands for ('Ctrl+Shift+Z' → Z with Ctrl and Shift). */
function parseChord(chord: string): { key: string; ctrl: boolean; alt: boolean; shift: boolean } {
  // '+' alone (or last, as in 'Ctrl++') is the plus key itself.
  const parts = chord.endsWith('+') ? [...chord.slice(0, -1).split('+').filter(Boolean), '+'] : chord.split('+');
  const shown = parts.pop()!;
  return { key: KEY_NAMES[shown] ?? shown, ctrl: parts.includes('Ctrl'), alt: parts.includes('Alt'), shift: parts.includes('Shift') };
}

/**
 * Whether a key event is the chord shown as `chord`. Ctrl stands for Ctrl or ⌘; letters match in
 * either case. Shift is part of typing a character ('?', '+', 'K'), so with a plain character it
 * is ignored; with a named key (arrows, Esc, PageUp) or with Ctrl or Alt it must be as shown.
 */
export function keyMatches(chord: string, event: KeyboardEvent): boolean {
  const want = parseChord(chord);
  if ((event.ctrlKey || event.metaKey) !== want.ctrl || event.altKey !== want.alt) return false;
  const character = want.key.length === 1;
  if ((!character || want.ctrl || want.alt || want.shift) && event.shiftKey !== want.shift) return false;
  return character ? event.key.toLowerCase() === want.key.toLowerCase() : event.key === want.key;
}

/** Whether any of a command's keys is this key event. */
export function commandKeyed(command: Command, event: KeyboardEvent): boolean {
  return command.keys.some((chord) => keyMatches(chord, event));
}

/** Whether a command applies now. */
export function applies(command: Command): boolean {
  return command.when?.() ?? true;
}

/** True when the event comes from somewhere typing happens: shortcuts must not fire there. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'range', 'file', 'submit', 'reset', 'color'].includes(target.type);
  }
  return false;
}

/** Where focus is, in the terms core/key-routing decides on. */
export function keyFocus(target: EventTarget | null): KeyFocus {
  if (isTypingTarget(target)) return 'typing';
  if (!(target instanceof HTMLElement)) return 'page';
  if (target.closest('[role="tablist"]')) return 'tab';
  if ((target instanceof HTMLInputElement && (target.type === 'range' || target.type === 'radio')) || target.closest('[role="slider"], [role="radio"]')) return 'slider';
  // The video and the timeline take the playback keys as the page does.
  if (target === document.body || target.closest('video, .video-js, [data-keys="playback"]')) return 'page';
  if (target.closest('button, a[href], input, summary, [role="button"], [role="tab"], [tabindex]:not([tabindex="-1"])')) return 'control';
  return 'page';
}

/** Whether a modal dialog (help, confirm) is open: no shortcut but the dialog's own may fire behind it. */
function dialogOpen(): boolean {
  return typeof document !== 'undefined' && document.querySelector('dialog[open], [aria-modal="true"]') !== null;
}

/** Keyboard commands of the screens on view, newest registration first in line for a key. */
export class CommandRegistry {
  /**
   * Every registered command, in registration order. Raw state: a deep `$state` array would hold
   * proxies of the commands, which never equal the objects `register` was given, so their
   * registrations could not be found and removed again.
   */
  commands = $state.raw<Command[]>([]);

  /** Add commands; returns the function that removes them again. */
  register(commands: Command[]): () => void {
    const added = new Set(commands);
    this.commands = [...this.commands, ...commands];
    return () => {
      this.commands = this.commands.filter((c) => !added.has(c));
    };
  }

  /** Run the last-registered command matching the key; returns whether one ran. */
  dispatch(event: KeyboardEvent): boolean {
    const press = { key: event.key, focus: keyFocus(event.target), dialogOpen: dialogOpen(), handled: event.defaultPrevented };
    for (let i = this.commands.length - 1; i >= 0; i--) {
      const command = this.commands[i];
      if (commandKeyed(command, event) && applies(command) && keyGoesToShortcut(press, command.scope ?? 'anywhere')) {
        event.preventDefault();
        command.run();
        return true;
      }
    }
    return false;
  }

  /** The commands that apply now, grouped for the help overlay (read in an effect or template, it follows `when`). */
  get groups(): Array<[group: string, commands: Command[]]> {
    const groups = new Map<string, Command[]>();
    for (const command of this.commands) if (applies(command)) groups.set(command.group, [...(groups.get(command.group) ?? []), command]);
    return [...groups.entries()];
  }
}

/** The app's one command registry. */
export const commands = new CommandRegistry();
