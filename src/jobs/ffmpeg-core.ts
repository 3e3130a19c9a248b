/** Where ffmpeg.wasm's core is served from, for the shell to cache it for offline use (the workers load it from there). */
export { ffmpegLoadOptions } from '../../workers/ffmpeg/core-urls';
