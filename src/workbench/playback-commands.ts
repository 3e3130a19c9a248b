/** Keyboard commands of the player, in the lesson session's list while the workbench is on view. */
import type { Command } from '../app/commands.svelte';
import type { Playback } from './playback.svelte';

/** The playback commands of the workbench's player (`playback` is asked for when a key runs). */
export function playbackCommands(playback: () => Playback): Command[] {
  return [
    { id: 'play-pause', label: 'Play / pause', group: 'Playback', keys: ['Space', 'K'], run: () => playback().togglePlay() },
    { id: 'back-5', label: 'Back 5 seconds', group: 'Playback', keys: ['←'], run: () => playback().seekBy(-5) },
    { id: 'forward-5', label: 'Forward 5 seconds', group: 'Playback', keys: ['→'], run: () => playback().seekBy(5) },
    { id: 'back-1', label: 'Back 1 second', group: 'Playback', keys: ['Shift+←'], run: () => playback().seekBy(-1) },
    { id: 'forward-1', label: 'Forward 1 second', group: 'Playback', keys: ['Shift+→'], run: () => playback().seekBy(1) },
    { id: 'frame-back', label: 'Previous frame', group: 'Playback', keys: [','], run: () => playback().stepFrame(-1) },
    { id: 'frame-forward', label: 'Next frame', group: 'Playback', keys: ['.'], run: () => playback().stepFrame(1) },
    { id: 'slower', label: 'Slower', group: 'Speed', keys: ['<', '-'], run: () => playback().changeRate(-1) },
    { id: 'faster', label: 'Faster', group: 'Speed', keys: ['>', '+'], run: () => playback().changeRate(1) },
    { id: 'normal-speed', label: 'Normal speed', group: 'Speed', keys: ['='], run: () => playback().chooseRate(1) },
    { id: 'start', label: 'Go to start', group: 'Playback', keys: ['Home'], run: () => playback().seekTo(0) },
    { id: 'end', label: 'Go to end', group: 'Playback', keys: ['End'], run: () => playback().seekTo(playback().duration) },
    { id: 'loop-in', label: 'Set loop in point', group: 'Loop', keys: ['['], run: () => playback().markLoopIn() },
    { id: 'loop-out', label: 'Set loop out point', group: 'Loop', keys: [']'], run: () => playback().markLoopOut() },
    { id: 'loop-toggle', label: 'Loop on / off', group: 'Loop', keys: ['\\'], run: () => playback().toggleLoop() },
  ];
}
