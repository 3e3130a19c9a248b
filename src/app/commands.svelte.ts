/**
 * The command registry: every keyboard command has an id, a label, its keys and what it does.
 * Shortcuts, the `?` help overlay (and later undo/redo) all read this one list.
 */
import { keyGoesToShortcut, type CommandScope, type KeyFocus } from '../core/key-routing';

/** A user command reachable from the keyboard. */
export interface Command {
  id: string;
  label: string;
  /** Heading it is listed under in the help overlay. */
  group: string;
  /** Keys as shown to the coach, e.g. ['Space', 'K']. */
  keys: string[];
  /** Does this key event trigger the command? */
  keyTest: (event: KeyboardEvent) => boolean;
  run: () => void;
  /** Where the command may be reached from (default: anywhere but a text field; see core/key-routing). */
  scope?: CommandScope;
}

/** Key test for a plain key (no Ctrl/Alt/Meta), compared on `event.key`. */
export function plainKey(...keys: string[]): (event: KeyboardEvent) => boolean {
  return (event) => !event.ctrlKey && !event.altKey && !event.metaKey && keys.includes(event.key);
}

/** Key test for a key with Shift held (arrows etc.). */
export function shiftKey(key: string): (event: KeyboardEvent) => boolean {
  return (event) => event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey && event.key === key;
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
      if (command.keyTest(event) && keyGoesToShortcut(press, command.scope ?? 'anywhere')) {
        event.preventDefault();
        command.run();
        return true;
      }
    }
    return false;
  }

  /** Commands grouped for the help overlay. */
  get groups(): Array<[group: string, commands: Command[]]> {
    const groups = new Map<string, Command[]>();
    for (const command of this.commands) groups.set(command.group, [...(groups.get(command.group) ?? []), command]);
    return [...groups.entries()];
  }
}

/** The app's one command registry. */
export const commands = new CommandRegistry();
