/** Keyboard commands for logging evidence and jumping between entries and segments. */
import { ENTRY_KINDS, KIND_KEYS, KIND_NAMES } from '../core/annotations';
import type { Command } from '../app/commands.svelte';
import type { Evidence } from './evidence.svelte';

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
    run: () => void evidence.log(kind),
  }));
  const go = (times: () => number[], direction: 1 | -1) => () => {
    const target = jump(times(), targets.currentTime(), direction);
    if (target !== null) targets.seek(target);
  };
  return [
    ...logging,
    { id: 'go-to-entry', label: 'Go to the entry just logged', group: 'Log evidence at the current time', keys: ['G'], run: () => targets.goToLogged() },
    { id: 'cancel-incident', label: 'Cancel the incident being marked', group: 'Log evidence at the current time', keys: ['Esc'], when: () => evidence.incidentDraft !== null, run: () => evidence.cancelIncident() },
    { id: 'next-entry', label: 'Next entry', group: 'Jump', keys: ['Alt+→'], run: go(targets.entryTimes, 1) },
    { id: 'previous-entry', label: 'Previous entry', group: 'Jump', keys: ['Alt+←'], run: go(targets.entryTimes, -1) },
    { id: 'next-segment', label: 'Next talk-time segment', group: 'Jump', keys: ['PageDown'], run: go(targets.segmentStarts, 1) },
    { id: 'previous-segment', label: 'Previous talk-time segment', group: 'Jump', keys: ['PageUp'], run: go(targets.segmentStarts, -1) },
  ];
}
