/**
 * How the app loads ffmpeg.wasm: served by the app itself (no CDN: the app works offline and its CSP
 * allows only 'self'). `classWorkerURL` is the worker @ffmpeg/ffmpeg runs the core in (ours, with the
 * core bundled and read-ahead on WORKERFS); `wasmURL` is @ffmpeg/core's wasm as shipped.
 */
import classWorkerURL from './ffmpeg.worker?worker&url';
import wasmURL from '@ffmpeg/core/wasm?url';

/** Options for `FFmpeg.load`. */
export const ffmpegLoadOptions = { classWorkerURL, wasmURL } as const;
