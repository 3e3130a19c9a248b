/**
 * The meeting's clip player: loops the selected clip (A-B) without showing a frame from outside it,
 * counts replays, and plays a few seconds of context before or after on request.
 */
import { frameStep } from '../core/playback';
import { landAtStart, loopTick, perspectiveFor, PERSPECTIVES, type LoopState, type Perspective } from '../core/loop';
import type { ClipRecord } from '../db/db';
import type { Player } from '../workbench/player';

/** Seconds of context the "before" and "after" controls play. */
export const CONTEXT_SECONDS = 5;

/** Playback of the selected clip in meeting mode. */
export class ClipLoop {
  clip = $state.raw<ClipRecord | null>(null);
  replays = $state(0);
  looping = $state(true);
  time = $state(0);
  paused = $state(true);
  rate = $state(1);
  /** Playing context outside the clip: looping resumes when it is over. */
  context = $state<'before' | 'after' | null>(null);
  /** Where the loop logic stands between frames (not shown, so not reactive). */
  #loop: Omit<LoopState, 'start' | 'end' | 'replays'> = {};
  #unsubscribe: Array<() => void>;

  constructor(
    private player: Pick<Player, 'on' | 'seek' | 'play' | 'pause' | 'togglePlay' | 'setRate' | 'currentTime' | 'duration' | 'seeking'>,
    private frameRate: number | null,
    private onReplay: (clip: ClipRecord, replays: number) => void,
    /** The perspectives offered in turn (a cycle's guide puts its prompts first). */
    private perspectives: () => readonly Perspective[] = () => PERSPECTIVES,
  ) {
    this.#unsubscribe = [
      player.on('time', (t) => this.#tick(t)),
      player.on('play', () => (this.paused = false)),
      player.on('pause', () => (this.paused = true)),
      player.on('rate', (r) => (this.rate = r)),
    ];
  }

  /** The perspective suggested for the current replay. */
  get perspective(): Perspective {
    return perspectiveFor(this.replays, this.perspectives());
  }

  /** Show a clip from its start, continuing its replay count. */
  select(clip: ClipRecord): void {
    this.clip = clip;
    this.replays = clip.replayCount;
    this.context = null;
    this.#seekStart(clip);
  }

  /** Seek to the clip's start; the frame shown there is taken as its first, on or off the frame grid. */
  #seekStart(clip: ClipRecord): void {
    this.#loop = landAtStart({ start: clip.start, end: clip.end, replays: this.replays, lag: this.#loop.lag });
    this.player.seek(clip.start);
  }

  #tick(time: number): void {
    this.time = time;
    const clip = this.clip;
    if (!clip || !this.looping) return;
    if (this.context === 'before') {
      if (time >= clip.start) this.context = null;
      return;
    }
    if (this.context === 'after') {
      if (time >= clip.end + CONTEXT_SECONDS || time >= this.player.duration - 0.05) {
        this.context = null;
        this.#seekStart(clip);
      }
      return;
    }
    const tick = loopTick({ ...this.#loop, start: clip.start, end: clip.end, replays: this.replays }, time, {
      frameRate: this.frameRate,
      rate: this.rate,
      seeking: this.player.seeking,
      clock: this.player.currentTime,
    });
    const { landing, previous, jumpedFrom, lag } = tick.state;
    this.#loop = { landing, previous, jumpedFrom, lag };
    if (tick.seekTo === null) return;
    this.player.seek(tick.seekTo);
    if (tick.state.replays !== this.replays) {
      this.replays = tick.state.replays;
      this.onReplay(clip, this.replays);
    }
  }

  togglePlay(): void {
    this.player.togglePlay();
  }

  /** Play the few seconds before the clip, then loop it again. */
  playBefore(): void {
    if (!this.clip) return;
    this.context = 'before';
    this.#loop = { lag: this.#loop.lag };
    this.player.seek(Math.max(0, this.clip.start - CONTEXT_SECONDS));
    this.player.play();
  }

  /** Play the few seconds after the clip, then loop it again. */
  playAfter(): void {
    if (!this.clip) return;
    this.context = 'after';
    this.#loop = { lag: this.#loop.lag };
    this.player.seek(this.clip.end);
    this.player.play();
  }

  setRate(rate: number): void {
    this.player.setRate(rate);
  }

  /** One frame forward or back, kept inside the clip. */
  stepFrame(direction: 1 | -1): void {
    const clip = this.clip;
    const target = frameStep(this.player.currentTime, this.frameRate, direction, this.player.duration);
    this.player.seek(clip ? Math.min(Math.max(target, clip.start), clip.end - 1 / (this.frameRate || 30)) : target);
  }

  /** Start the replay count of this clip again from zero. */
  resetCount(): void {
    if (!this.clip) return;
    this.replays = 0;
    this.onReplay(this.clip, 0);
  }

  destroy(): void {
    for (const off of this.#unsubscribe) off();
  }
}
