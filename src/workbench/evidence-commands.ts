/** Keyboard commands for logging evidence, undo/redo and jumping between entries and segments. */
import { ENTRY_KINDS, KIND_KEYS, KIND_NAMES } from '../core/annotations';
import type { Command } from '../app/commands.svelte';
import type { Evidence } from './evidence.svelte';

const noModifiers = (e: KeyboardEvent) => !e.ctrlKey && !e.altKey && !e.metaKey;
const ctrl = (e: KeyboardEvent) => (e.ctrlKey || e.metaKey) && !e.altKey;

/** Jump targets: the times of entries and segment starts, found when the key is pressed. */
export interface JumpTargets {
  entryTimes: () => number[];
  segmentStarts: () => number[];
  currentTime: () => number;
  seek: (time: number) => void;
  /** Move focus to the entry logged last (its editor is open). */
  goToLogged: () => void;
}

function jump(times: number[], now: number, direction: 1 | -1): number | null {
  const sorted = [...times].sort((a, b) => a - b);
  // A small margin so pressing "previous" just after a mark goes to the one before it.
  return direction > 0 ? (sorted.find((t) => t > now + 0.25) ?? null) : ([...sorted].reverse().find((t) => t < now - 0.75) ?? null);
}

/** The commands for one open lesson. */
export function evidenceCommands(evidence: Evidence, targets: JumpTargets): Command[] {
  const logging: Command[] = ENTRY_KINDS.map((kind) => ({
    id: `log-${kind}`,
    label: kind === 'incident' ? 'Critical incident: trigger, then incident, then outcome' : `Log ${KIND_NAMES[kind].toLowerCase()}`,
    group: 'Log evidence at the current time',
    keys: [KIND_KEYS[kind]],
    keyTest: (e) => noModifiers(e) && e.key.toUpperCase() === KIND_KEYS[kind],
    run: () => void evidence.log(kind),
  }));
  const go = (times: () => number[], direction: 1 | -1) => () => {
    const target = jump(times(), targets.currentTime(), direction);
    if (target !== null) targets.seek(target);
  };
  return [
    ...logging,
    { id: 'go-to-entry', label: 'Go to the entry just logged', group: 'Log evidence at the current time', keys: ['G'], keyTest: (e) => noModifiers(e) && e.key.toLowerCase() === 'g', run: () => targets.goToLogged() },
    { id: 'cancel-incident', label: 'Cancel the incident being marked', group: 'Log evidence at the current time', keys: ['Esc'], keyTest: (e) => e.key === 'Escape' && evidence.incidentDraft !== null, run: () => evidence.cancelIncident() },
    { id: 'undo', label: 'Undo', group: 'Editing', keys: ['Ctrl+Z'], keyTest: (e) => ctrl(e) && !e.shiftKey && e.key.toLowerCase() === 'z', run: () => void evidence.undo() },
    { id: 'redo', label: 'Redo', group: 'Editing', keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], keyTest: (e) => ctrl(e) && ((e.shiftKey && e.key.toLowerCase() === 'z') || e.key.toLowerCase() === 'y'), run: () => void evidence.redo() },
    { id: 'next-entry', label: 'Next entry', group: 'Jump', keys: ['Alt+→'], keyTest: (e) => e.altKey && e.key === 'ArrowRight', run: go(targets.entryTimes, 1) },
    { id: 'previous-entry', label: 'Previous entry', group: 'Jump', keys: ['Alt+←'], keyTest: (e) => e.altKey && e.key === 'ArrowLeft', run: go(targets.entryTimes, -1) },
    { id: 'next-segment', label: 'Next talk-time segment', group: 'Jump', keys: ['PageDown'], keyTest: (e) => noModifiers(e) && e.key === 'PageDown', run: go(targets.segmentStarts, 1) },
    { id: 'previous-segment', label: 'Previous talk-time segment', group: 'Jump', keys: ['PageUp'], keyTest: (e) => noModifiers(e) && e.key === 'PageUp', run: go(targets.segmentStarts, -1) },
  ];
}
