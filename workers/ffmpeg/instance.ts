/**
 * The one loaded ffmpeg.wasm of a worker (loading the core costs about 0.3 s): made on first use, dropped
 * after an abort or a failure so the next job starts a fresh one (exec() cannot be interrupted from outside,
 * and after a failure ffmpeg's open files and heap are not trusted).
 */
import { FFmpeg } from '@ffmpeg/ffmpeg';
import { ffmpegLoadOptions } from './core-urls';

export class FfmpegInstance {
  #current: Promise<FFmpeg> | null = null;

  /** `prepare` runs once on each freshly loaded ffmpeg (files every job needs, such as a font). */
  constructor(private readonly prepare: (ffmpeg: FFmpeg) => Promise<void> = async () => undefined) {}

  /** The loaded ffmpeg, loading it if there is none; a failed load is forgotten, so the next call tries again. */
  load(): Promise<FFmpeg> {
    if (!this.#current) {
      const loading = (async () => {
        // FFmpeg runs the core in a nested module worker, ours (workers/ffmpeg/ffmpeg.worker.ts).
        const ffmpeg = new FFmpeg();
        await ffmpeg.load(ffmpegLoadOptions);
        await this.prepare(ffmpeg);
        return ffmpeg;
      })();
      this.#current = loading;
      loading.catch(() => {
        if (this.#current === loading) this.#current = null;
      });
    }
    return this.#current;
  }

  /** Whether an ffmpeg is loaded or loading (none after `discard`). */
  get present(): boolean {
    return this.#current !== null;
  }

  /** Stop the current ffmpeg, interrupting whatever it runs; the next `load` makes a fresh one. */
  async discard(): Promise<void> {
    const current = this.#current;
    this.#current = null;
    try {
      (await current)?.terminate();
    } catch {
      // It never loaded; nothing to stop.
    }
  }
}

/** A file name WORKERFS and ffmpeg's argument parser both accept, keeping the extension for probing. */
export function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(-80);
  return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : 'lesson';
}
