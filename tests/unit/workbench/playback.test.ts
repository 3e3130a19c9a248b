/** The workbench's playback state against a fake player: clamping, frame steps, speeds, the A-B loop. */
import { describe, expect, it } from 'vitest';
import { Playback, type PlaybackTarget } from '../../../src/workbench/playback.svelte';
import type { PlayerEvents } from '../../../src/workbench/player';

/** A player that does what it is told at once and reports back as video.js does. */
class FakePlayer implements PlaybackTarget {
  currentTime = 0;
  rate = 1;
  playing = false;
  seeking = false;
  seeks: number[] = [];
  #listeners = new Map<string, Set<(...args: never[]) => void>>();

  on<E extends keyof PlayerEvents>(event: E, listener: (...args: PlayerEvents[E]) => void): () => void {
    const set = this.#listeners.get(event) ?? new Set();
    set.add(listener as (...args: never[]) => void);
    this.#listeners.set(event, set);
    return () => set.delete(listener as (...args: never[]) => void);
  }

  emit<E extends keyof PlayerEvents>(event: E, ...args: PlayerEvents[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) (listener as (...a: PlayerEvents[E]) => void)(...args);
  }

  seek(time: number): void {
    this.seeks.push(time);
    this.currentTime = time;
  }

  setRate(rate: number): void {
    this.rate = rate;
  }

  togglePlay(): void {
    this.playing = !this.playing;
    this.emit(this.playing ? 'play' : 'pause');
  }

  /** Playback reached `time`. */
  playTo(time: number): void {
    this.currentTime = time;
    this.emit('time', time);
  }

  get listenerCount(): number {
    return [...this.#listeners.values()].reduce((n, set) => n + set.size, 0);
  }
}

describe('Playback', () => {
  it('keeps seeks inside the lesson', () => {
    const player = new FakePlayer();
    const playback = new Playback(player, 60, 25);
    playback.seekTo(-3);
    playback.seekTo(75);
    player.currentTime = 58;
    playback.seekBy(5);
    expect(player.seeks).toEqual([0, 60, 60]);
  });

  it('steps one frame at the lesson frame rate (30 fps when unknown)', () => {
    const player = new FakePlayer();
    const playback = new Playback(player, 60, 25);
    player.currentTime = 10;
    playback.stepFrame(1);
    // The middle of the next frame (frame 251 of 40 ms), so the decoder cannot round to the one before.
    expect(player.currentTime).toBeCloseTo(10.06, 6);
    playback.stepFrame(-1);
    playback.stepFrame(-1);
    expect(player.currentTime).toBeCloseTo(9.98, 6);
    const unknownRate = new Playback(player, 60, null);
    player.currentTime = 0;
    unknownRate.stepFrame(1);
    expect(player.currentTime).toBeCloseTo(1.5 / 30, 6);
  });

  it('steps the speed between the offered rates, and the coach taking speed back ends the pre-watch plan', () => {
    const player = new FakePlayer();
    const playback = new Playback(player, 60, 25);
    playback.changeRate(1);
    expect([playback.rate, player.rate]).toEqual([1.25, 1.25]);
    for (let i = 0; i < 20; i++) playback.changeRate(1);
    expect(playback.rate).toBe(3);
    playback.setAutoRate((time) => (time < 30 ? 2 : 1));
    expect(player.rate).toBe(2);
    player.playTo(31);
    expect(player.rate).toBe(1);
    playback.chooseRate(0.5);
    player.playTo(5);
    expect(playback.autoRate).toBeNull();
    expect(player.rate).toBe(0.5);
  });

  it('loops between its in and out points only while looping is on', () => {
    const player = new FakePlayer();
    const playback = new Playback(player, 60, 25);
    player.currentTime = 10;
    playback.markLoopIn();
    player.currentTime = 14;
    playback.markLoopOut();
    expect(playback.loop).toEqual({ in: 10, out: 14 });
    player.playTo(14.5);
    expect(player.seeks).toEqual([]);
    playback.toggleLoop();
    // Switching the loop on outside it goes to its start.
    expect(player.seeks).toEqual([10]);
    player.playTo(14.2);
    expect(player.seeks).toEqual([10, 10]);
    playback.clearLoop();
    expect(playback.looping).toBe(false);
  });

  it('does not jump again for frames shown before its jump to the loop start was done', () => {
    const player = new FakePlayer();
    const playback = new Playback(player, 60, 25);
    playback.replay(4, 5.5);
    player.seeks = [];
    player.playTo(5.5);
    expect(player.seeks).toEqual([4]);
    // The seek is under way and the frames still on their way to the screen are from before it.
    player.seeking = true;
    player.emit('time', 5.52);
    player.emit('time', 5.56);
    expect(player.seeks).toEqual([4]);
    player.seeking = false;
    player.playTo(4.04);
    player.playTo(5.49);
    expect(player.seeks).toEqual([4, 4]);
  });

  it('replays a range as a loop of at least a second, starting to play', () => {
    const player = new FakePlayer();
    const playback = new Playback(player, 60, 25);
    playback.replay(20, 20.2);
    expect(playback.loop).toEqual({ in: 20, out: 21 });
    expect(playback.looping).toBe(true);
    expect(player.currentTime).toBe(20);
    expect(playback.paused).toBe(false);
  });

  it('follows the player and lets go of it when destroyed', () => {
    const player = new FakePlayer();
    const playback = new Playback(player, 60, 25);
    player.emit('ready', 61.5);
    player.emit('rate', 1.5);
    player.playTo(12);
    expect([playback.duration, playback.rate, playback.currentTime]).toEqual([61.5, 1.5, 12]);
    playback.destroy();
    expect(player.listenerCount).toBe(0);
  });
});
