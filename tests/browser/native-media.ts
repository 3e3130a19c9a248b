/** What native ffmpeg and ffprobe say about a file the app wrote: the browser tests' reference for exports. */
import { execFileSync, spawnSync } from 'node:child_process';

/** A stream as ffprobe lists it. */
export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  duration?: string;
}

/** Container duration, the streams, and each stream as `type:codec` (e.g. `video:h264`). */
export function probe(path: string): { duration: number; streams: ProbedStream[]; kinds: string[] } {
  const json = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type,codec_name,width,height,duration', '-of', 'json', path]).toString()) as { format: { duration: string }; streams: ProbedStream[] };
  return { duration: Number(json.format.duration), streams: json.streams, kinds: json.streams.map((s) => `${s.codec_type}:${s.codec_name}`) };
}

/** Loudest and mean level of `from..to` seconds of a file's sound, dB (ffmpeg's volumedetect, which reports on stderr). */
export function levelsOf(path: string, from: number, to: number): { max: number; mean: number } {
  const run = spawnSync('ffmpeg', ['-hide_banner', '-ss', from.toFixed(3), '-to', to.toFixed(3), '-i', path, '-vn', '-af', 'volumedetect', '-f', 'null', '-'], { encoding: 'utf8' });
  const value = (name: string) => {
    const match = new RegExp(`${name}: (-?[\\d.]+|-inf) dB`).exec(run.stderr);
    if (!match) throw new Error(`no ${name} for ${from}-${to} s of ${path}: ${run.stderr.slice(-300)}`);
    return match[1] === '-inf' ? -Infinity : Number(match[1]);
  };
  return { max: value('max_volume'), mean: value('mean_volume') };
}
