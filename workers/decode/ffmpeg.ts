/**
 * Fallback audio decoding through ffmpeg.wasm, for what mp4box.js or WebCodecs cannot open
 * (WebM/Matroska, odd MP4 audio). The lesson is mounted read-only with WORKERFS, never copied
 * into wasm memory, and decoded to 16 kHz mono in time pieces so memory stays bounded.
 */
import { FFFSType, type LogEvent, type ProgressEvent } from '@ffmpeg/ffmpeg';
import { FfmpegInstance, safeName } from '../ffmpeg/instance';
import { NoAudioTrackError } from './webcodecs';

/** Output sample rate of the fallback path, Hz (what FeatureExtractor expects). */
export const FFMPEG_OUTPUT_RATE = 16000;
/**
 * Piece lengths in seconds: short first pieces so the first waveform minutes arrive quickly,
 * then 5 minutes (19 MB of f32 at 16 kHz) per run.
 */
const PIECE_SECONDS = [30, 90, 300];
/** Lines of ffmpeg's log kept for error messages. */
const LOG_LINES = 30;

/** Options for `decodeWithFfmpeg`. */
export interface FfmpegDecodeOptions {
  /** Stops decoding (the ffmpeg.wasm worker is terminated); the promise rejects with an AbortError. */
  signal?: AbortSignal;
  /** File name shown to ffmpeg; its extension helps probing (e.g. `lesson.webm`). */
  name?: string;
  /** Which audio stream to decode, from 0 (default 0). */
  audioTrack?: number;
  /** Called in lesson order with each piece: 16 kHz mono samples starting at `start` seconds. */
  onAudio(pcm: Float32Array, start: number): void;
  /** Seconds of lesson decoded so far. */
  onProgress?(seconds: number): void;
}

/** What was decoded. */
export interface FfmpegDecodeSummary {
  /** Seconds of audio decoded. */
  duration: number;
}

/** ffmpeg.wasm ran but could not decode the sound; `log` holds its last lines (for the console, not the coach). */
export class FfmpegDecodeError extends Error {
  override name = 'FfmpegDecodeError';
  constructor(
    readonly exitCode: number,
    readonly log: string,
  ) {
    super(`ffmpeg.wasm could not decode the audio (exit ${exitCode}): ${log}`);
  }
}

const ffmpegs = new FfmpegInstance();

let mounts = 0;

/**
 * Decode one of a lesson's audio tracks (the first by default) to 16 kHz mono with ffmpeg.wasm, piece by piece.
 * Rejects with `NoAudioTrackError` when there is none, an AbortError on abort, and an Error naming
 * ffmpeg's last log lines otherwise.
 */
export async function decodeWithFfmpeg(blob: Blob, options: FfmpegDecodeOptions): Promise<FfmpegDecodeSummary> {
  const { signal } = options;
  signal?.throwIfAborted();
  const ffmpeg = await ffmpegs.load();
  signal?.throwIfAborted();
  const log: string[] = [];
  const onLog = ({ message }: LogEvent) => {
    log.push(message);
    if (log.length > LOG_LINES) log.shift();
  };
  let pieceStart = 0;
  const onProgress = ({ time }: ProgressEvent) => {
    // `time` is the output position in microseconds; ignore the odd negative or absurd value.
    if (time > 0 && time < 3600e6 * 24) options.onProgress?.(pieceStart + time / 1e6);
  };
  // exec() cannot be interrupted from outside: an abort terminates ffmpeg's worker.
  const onAbort = () => void ffmpegs.discard();
  signal?.addEventListener('abort', onAbort);
  ffmpeg.on('log', onLog);
  ffmpeg.on('progress', onProgress);

  const mountPoint = `/lesson${++mounts}`;
  const name = safeName(options.name ?? (blob instanceof File ? blob.name : 'lesson'));
  const input = `${mountPoint}/${name}`;
  const output = `/piece${mounts}.raw`;
  let mounted = false;
  let decoded = 0;
  try {
    await ffmpeg.createDir(mountPoint);
    await ffmpeg.mount(FFFSType.WORKERFS, { blobs: [{ name, data: blob }] }, mountPoint);
    mounted = true;
    for (let piece = 0; ; piece++) {
      signal?.throwIfAborted();
      const seconds = PIECE_SECONDS[Math.min(piece, PIECE_SECONDS.length - 1)];
      pieceStart = decoded;
      log.length = 0;
      const args = [
        '-hide_banner', '-nostats', '-loglevel', 'error',
        // Input seeking: ffmpeg jumps near `-ss` with the container index and decodes accurately from there.
        ...(decoded > 0 ? ['-ss', decoded.toFixed(6)] : []),
        '-t', String(seconds),
        '-i', input,
        '-map', `0:a:${Math.max(0, Math.floor(options.audioTrack ?? 0))}`, '-vn', '-sn', '-dn',
        '-ac', '1', '-ar', String(FFMPEG_OUTPUT_RATE), '-f', 'f32le', output,
      ];
      const code = await ffmpeg.exec(args, -1, { signal });
      signal?.throwIfAborted();
      if (code !== 0) {
        const text = log.join('\n');
        if (piece === 0 && /matches no streams|does not contain any stream|no audio/i.test(text)) throw new NoAudioTrackError();
        throw new FfmpegDecodeError(code, lastLines(text));
      }
      const bytes = (await ffmpeg.readFile(output)) as Uint8Array;
      await ffmpeg.deleteFile(output);
      const pcm = toFloat32(bytes);
      if (pcm.length > 0) options.onAudio(pcm, decoded);
      decoded += pcm.length / FFMPEG_OUTPUT_RATE;
      options.onProgress?.(decoded);
      // A piece shorter than asked for (by more than a frame) is the end of the audio.
      if (pcm.length < (seconds - 0.1) * FFMPEG_OUTPUT_RATE) break;
    }
    return { duration: decoded };
  } catch (error) {
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException('Analysis cancelled', 'AbortError');
    if (error instanceof NoAudioTrackError) throw error;
    // A failure inside ffmpeg's own worker can leave it unusable: start afresh next time.
    if (!(error instanceof FfmpegDecodeError)) await ffmpegs.discard();
    throw error instanceof Error ? error : new Error(String(error));
  } finally {
    signal?.removeEventListener('abort', onAbort);
    ffmpeg.off('log', onLog);
    ffmpeg.off('progress', onProgress);
    if (mounted && !signal?.aborted) {
      await ffmpeg.unmount(mountPoint).catch(() => undefined);
      await ffmpeg.deleteDir(mountPoint).catch(() => undefined);
    }
  }
}

function lastLines(text: string): string {
  const lines = text.trim().split('\n').filter(Boolean);
  return lines.slice(-3).join(' | ') || 'no message';
}

/** View the raw little-endian float bytes as samples, copying only if misaligned. */
function toFloat32(bytes: Uint8Array): Float32Array {
  const usable = bytes.byteLength - (bytes.byteLength % 4);
  if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, usable / 4);
  return new Float32Array(bytes.slice(0, usable).buffer);
}
