/**
 * The meeting's clip player against a fake player that behaves as Chromium's did (issue 18): a seek
 * shows the frame that holds its target, frames already decoded go on showing for a while after a
 * seek is asked for, and the clock runs ahead of the frame last reported.
 */
import { describe, expect, it } from 'vitest';
import { ClipLoop } from '../../../src/meeting/clip-loop.svelte';
import { PERSPECTIVES } from '../../../src/core/loop';
import type { ClipRecord } from '../../../src/db/db';
import type { PlayerEvents } from '../../../src/workbench/player';

class FakePlayer {
  /** Media time of the frame on screen. */
  frame = 0;
  seeking = false;
  duration = 150;
  /** Every frame put on screen, in order. */
  shown: number[] = [];
  #target = 0;
  #staleLeft = 0;
  #listeners = new Map<string, Set<(...args: never[]) => void>>();

  constructor(
    private fps: number,
    /** Frames still shown after a seek is asked for. */
    private stale: number,
    /** How far the clock runs ahead of the frame reported. */
    private lead = 0.02,
  ) {}

  on<E extends keyof PlayerEvents>(event: E, listener: (...args: PlayerEvents[E]) => void): () => void {
    const set = this.#listeners.get(event) ?? new Set();
    set.add(listener as (...args: never[]) => void);
    this.#listeners.set(event, set);
    return () => set.delete(listener as (...args: never[]) => void);
  }

  #emit<E extends keyof PlayerEvents>(event: E, ...args: PlayerEvents[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) (listener as (...a: PlayerEvents[E]) => void)(...args);
  }

  get currentTime(): number {
    return this.seeking ? this.#target : this.frame + this.lead;
  }

  seek(time: number): void {
    this.seeking = true;
    this.#target = time;
    this.#staleLeft = this.stale;
    this.#emit('time', time);
  }

  /** Show the next frame: a stale one while seeking, the frame at the target once the seek is done. */
  next(): void {
    if (this.seeking && this.#staleLeft > 0) {
      this.#staleLeft--;
      this.frame = (Math.round(this.frame * this.fps) + 1) / this.fps;
    } else if (this.seeking) {
      this.seeking = false;
      this.frame = Math.floor(this.#target * this.fps + 1e-9) / this.fps;
      this.#emit('time', this.#target);
    } else this.frame = (Math.round(this.frame * this.fps) + 1) / this.fps;
    this.shown.push(this.frame);
    this.#emit('time', this.frame);
  }

  play(): void {}
  pause(): void {}
  togglePlay(): void {}
  setRate(): void {}
}

const clip = (start: number, end: number): ClipRecord =>
  ({ id: 'c1', lessonId: 'l1', title: 'Clip', start, end, annotationIds: [], order: 0, replayCount: 0, perspectiveNotes: {}, createdAt: 0, updatedAt: 0 }) as ClipRecord;

/** Loop `c` until it has replayed `passes` times (or 20 000 frames went by); the frames shown, split where each pass was counted. */
function run(player: FakePlayer, c: ClipRecord, passes: number, fps: number) {
  const counted: number[] = [];
  const loop = new ClipLoop(player, fps, (_, replays) => counted.push(replays));
  // Paused on the clip's first frame, as after choosing it in the list.
  player.frame = Math.floor(c.start * fps) / fps;
  loop.select(c);
  const perPass: number[][] = [[]];
  for (let i = 0; i < 20_000 && loop.replays < passes; i++) {
    const before = loop.replays;
    player.next();
    perPass.at(-1)!.push(player.frame);
    if (loop.replays !== before) perPass.push([]);
  }
  loop.destroy();
  return { replays: loop.replays, counted, perPass };
}

describe('ClipLoop', () => {
  it('suggests the perspectives it is given in turn, a cycle guide’s prompts first (issue 22)', () => {
    const player = new FakePlayer(25, 0);
    const guide = [{ id: 'guide:classroom_talk:1', label: 'Classroom talk (1)', prompt: 'Who talks after whom?' }, ...PERSPECTIVES];
    const loop = new ClipLoop(player, 25, () => {}, () => guide);
    loop.select(clip(10, 12));
    expect(loop.perspective.id).toBe('guide:classroom_talk:1');
    loop.replays = guide.length;
    expect(loop.perspective.id).toBe('guide:classroom_talk:1');
    loop.replays = 1;
    expect(loop.perspective).toEqual(PERSPECTIVES[0]);
    loop.destroy();
  });

  it('replays a clip off the frame grid ten times, counting each pass once, showing nothing outside it', () => {
    const player = new FakePlayer(25, 2);
    const result = run(player, clip(45.45, 49.45), 10, 25);
    expect(result.counted).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(Math.min(...player.shown)).toBeGreaterThanOrEqual(45.45 - 1 / 25);
    expect(Math.max(...player.shown)).toBeLessThan(49.45);
  });

  it('learns on the first pass that seeks take long to stop playback here, and shows nothing past the end after it', () => {
    // Seven frames (0.23 s) go on showing after each seek is asked for: more than first assumed.
    const player = new FakePlayer(30, 7, 0.05);
    const result = run(player, clip(22.95, 26.95), 10, 30);
    expect(result.replays).toBe(10);
    // A pass's list begins with the frames still shown after the jump that ended the pass before.
    // The first jump, before anything was learned, let 27.0 through; none after it does.
    expect(Math.max(...result.perPass[1])).toBeGreaterThanOrEqual(26.95);
    for (const pass of result.perPass.slice(2, -1)) {
      expect(Math.min(...pass)).toBeGreaterThanOrEqual(22.95 - 1 / 30);
      expect(Math.max(...pass)).toBeLessThan(26.95);
    }
  });
});
