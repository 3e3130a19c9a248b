/** Keyboard commands of meeting mode, in the lesson session's list while the meeting is on view. */
import type { Command } from '../app/commands.svelte';
import type { ClipLoop } from './clip-loop.svelte';

/** What the meeting's keys do beyond the clip player: move in and reorder the clip list, leave. */
export interface MeetingMoves {
  /** Select the clip `offset` places down (negative: up) the list. */
  selectBy: (offset: number) => void;
  /** Move the selected clip `offset` places down (negative: up) the list. */
  moveBy: (offset: number) => void;
  /** Back to the workbench. */
  leave: () => void;
}

/** The meeting's commands (`loop` is asked for when a key runs). */
export function meetingCommands(loop: () => ClipLoop, moves: MeetingMoves): Command[] {
  return [
    { id: 'm-play', label: 'Play / pause', group: 'Meeting', keys: ['Space', 'K'], run: () => loop().togglePlay() },
    { id: 'm-next', label: 'Next clip', group: 'Meeting', keys: ['↓'], run: () => moves.selectBy(1) },
    { id: 'm-prev', label: 'Previous clip', group: 'Meeting', keys: ['↑'], run: () => moves.selectBy(-1) },
    { id: 'm-down', label: 'Move clip down the list', group: 'Meeting', keys: ['Alt+↓'], run: () => moves.moveBy(1) },
    { id: 'm-up', label: 'Move clip up the list', group: 'Meeting', keys: ['Alt+↑'], run: () => moves.moveBy(-1) },
    { id: 'm-frame-back', label: 'Previous frame', group: 'Meeting', keys: [','], run: () => loop().stepFrame(-1) },
    { id: 'm-frame-next', label: 'Next frame', group: 'Meeting', keys: ['.'], run: () => loop().stepFrame(1) },
    { id: 'm-before', label: 'Play 5 s before the clip', group: 'Meeting', keys: ['B'], run: () => loop().playBefore() },
    { id: 'm-after', label: 'Play 5 s after the clip', group: 'Meeting', keys: ['A'], run: () => loop().playAfter() },
    { id: 'm-slow', label: 'Quarter speed', group: 'Meeting', keys: ['1'], run: () => loop().setRate(0.25) },
    { id: 'm-half', label: 'Half speed', group: 'Meeting', keys: ['2'], run: () => loop().setRate(0.5) },
    { id: 'm-normal', label: 'Normal speed', group: 'Meeting', keys: ['3'], run: () => loop().setRate(1) },
    // A presenter view: Esc goes back to the workbench (an open dialog keeps its own Esc: see core/key-routing).
    { id: 'm-leave', label: 'Leave meeting mode', group: 'Meeting', keys: ['Esc'], run: () => moves.leave() },
  ];
}
