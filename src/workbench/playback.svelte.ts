/** Playback state of the open lesson: time, speed and the A-B loop, with the rules from core/playback. */
import { clampTime, frameStep, loopJump, setLoopIn, setLoopOut, stepRate, type LoopPoints } from '../core/playback';
import type { Player } from './player';

/** Anything that plays the lesson; the real one is `Player`, tests give a fake. */
export type PlaybackTarget = Pick<Player, 'seek' | 'setRate' | 'togglePlay' | 'currentTime' | 'on' | 'seeking'>;

/** Playback state for one open lesson. */
export class Playback {
  currentTime = $state(0);
  duration = $state(0);
  rate = $state(1);
  paused = $state(true);
  loop = $state<LoopPoints>({ in: null, out: null });
  looping = $state(false);
  /** Pre-watch: the speed to play at each moment, or null for the coach's own speed. */
  autoRate = $state.raw<((time: number) => number) | null>(null);
  #unsubscribe: Array<() => void> = [];
  /** The loop start last jumped to; frames from before that jump may still be reported while it is under way. */
  #jumpedTo: number | null = null;

  constructor(
    private target: PlaybackTarget,
    duration: number,
    private frameRate: number | null,
  ) {
    this.duration = duration;
    this.#unsubscribe.push(
      target.on('time', (t) => this.#onTime(t)),
      target.on('play', () => (this.paused = false)),
      target.on('pause', () => (this.paused = true)),
      target.on('rate', (r) => (this.rate = r)),
      target.on('ready', (d) => {
        if (Number.isFinite(d) && d > 0) this.duration = d;
      }),
    );
  }

  #onTime(time: number): void {
    this.currentTime = time;
    if (this.autoRate) {
      const rate = this.autoRate(time);
      if (Math.abs(rate - this.rate) > 1e-3) this.setRate(rate);
    }
    if (this.looping) this.#keepInLoop(time);
  }

  /** Jump to the loop's start when `time` is outside the loop. */
  #keepInLoop(time: number): void {
    const jump = loopJump(time, this.loop, this.duration);
    if (jump === null) {
      this.#jumpedTo = null;
      return;
    }
    // A frame presented before the jump is not a reason to jump again: each new seek would abort the one under
    // way, and a loaded machine can keep the clock at the start without ever playing.
    if (jump === this.#jumpedTo && this.target.seeking) return;
    this.#jumpedTo = jump;
    this.target.seek(jump);
  }

  togglePlay(): void {
    this.target.togglePlay();
  }

  seekTo(time: number): void {
    this.target.seek(clampTime(time, this.duration));
  }

  seekBy(seconds: number): void {
    this.seekTo(this.target.currentTime + seconds);
  }

  stepFrame(direction: 1 | -1): void {
    this.target.seek(frameStep(this.target.currentTime, this.frameRate, direction, this.duration));
  }

  changeRate(direction: 1 | -1): void {
    this.chooseRate(stepRate(this.rate, direction));
  }

  /** The coach picks a speed: this takes speed back from the pre-watch plan. */
  chooseRate(rate: number): void {
    this.autoRate = null;
    this.setRate(rate);
  }

  setRate(rate: number): void {
    this.rate = rate;
    this.target.setRate(rate);
  }

  /** Let `rateAt` choose the speed as playback moves (null hands speed back to the coach, at 1x). */
  setAutoRate(rateAt: ((time: number) => number) | null): void {
    this.autoRate = rateAt;
    this.setRate(rateAt ? rateAt(this.target.currentTime) : 1);
  }

  /** Play from `start` to `end` in a loop (an incident from trigger to outcome); at least a second. */
  replay(start: number, end: number): void {
    this.loop = { in: start, out: Math.max(end, start + 1) };
    this.looping = true;
    this.seekTo(start);
    if (this.paused) this.togglePlay();
  }

  markLoopIn(): void {
    this.loop = setLoopIn(this.loop, this.target.currentTime);
  }

  markLoopOut(): void {
    this.loop = setLoopOut(this.loop, this.target.currentTime);
  }

  toggleLoop(): void {
    this.looping = !this.looping;
    this.#jumpedTo = null;
    if (this.looping) this.#keepInLoop(this.target.currentTime);
  }

  clearLoop(): void {
    this.loop = { in: null, out: null };
    this.looping = false;
  }

  destroy(): void {
    for (const off of this.#unsubscribe) off();
  }
}
