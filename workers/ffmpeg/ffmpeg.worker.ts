/// <reference lib="webworker" />
/**
 * The worker @ffmpeg/ffmpeg's `FFmpeg` class runs its core in (given as `classWorkerURL`): the same
 * message protocol as the package's own worker, with two differences. The core is bundled with the
 * app instead of fetched by URL, and WORKERFS reads go through read-ahead (read-ahead.ts), which
 * makes a stream copy from an hour-long lesson about twice as fast.
 */
import createFFmpegCore, { type FFmpegCore } from '@ffmpeg/core';
import { installReadAhead } from './read-ahead';

const scope = self as unknown as DedicatedWorkerGlobalScope;

/** Requests of @ffmpeg/ffmpeg 0.12 (its FFMessageType); every answer echoes `id` and `type`. */
type Request =
  | { id: number; type: 'LOAD'; data: { wasmURL?: string } }
  | { id: number; type: 'EXEC' | 'FFPROBE'; data: { args: string[]; timeout?: number } }
  | { id: number; type: 'WRITE_FILE'; data: { path: string; data: Uint8Array | string } }
  | { id: number; type: 'READ_FILE'; data: { path: string; encoding?: string } }
  | { id: number; type: 'DELETE_FILE' | 'CREATE_DIR' | 'LIST_DIR' | 'DELETE_DIR'; data: { path: string } }
  | { id: number; type: 'RENAME'; data: { oldPath: string; newPath: string } }
  | { id: number; type: 'MOUNT'; data: { fsType: string; options: unknown; mountPoint: string } }
  | { id: number; type: 'UNMOUNT'; data: { mountPoint: string } };

let core: FFmpegCore | null = null;

async function load(wasmURL: string | undefined): Promise<boolean> {
  const first = !core;
  if (!wasmURL) throw new Error('ffmpeg: no wasmURL given');
  // The core finds its wasm through the JSON after '#' in mainScriptUrlOrBlob (@ffmpeg/core's locateFile).
  core = await createFFmpegCore({ mainScriptUrlOrBlob: `${self.location.href}#${btoa(JSON.stringify({ wasmURL }))}` });
  installReadAhead(core.FS.filesystems.WORKERFS);
  core.setLogger((data) => scope.postMessage({ type: 'LOG', data }));
  core.setProgress((data) => scope.postMessage({ type: 'PROGRESS', data }));
  return first;
}

function loaded(): FFmpegCore {
  if (!core) throw new Error('ffmpeg is not loaded, call `await ffmpeg.load()` first');
  return core;
}

function run(kind: 'exec' | 'ffprobe', args: string[], timeout = -1): number {
  const ffmpeg = loaded();
  ffmpeg.setTimeout(timeout);
  ffmpeg[kind](...args);
  const code = ffmpeg.ret;
  ffmpeg.reset();
  return code;
}

async function answer(request: Request): Promise<unknown> {
  switch (request.type) {
    case 'LOAD':
      return load(request.data.wasmURL);
    case 'EXEC':
      return run('exec', request.data.args, request.data.timeout);
    case 'FFPROBE':
      return run('ffprobe', request.data.args, request.data.timeout);
    case 'WRITE_FILE':
      loaded().FS.writeFile(request.data.path, request.data.data);
      return true;
    case 'READ_FILE':
      return loaded().FS.readFile(request.data.path, { encoding: request.data.encoding ?? 'binary' });
    case 'DELETE_FILE':
      loaded().FS.unlink(request.data.path);
      return true;
    case 'RENAME':
      loaded().FS.rename(request.data.oldPath, request.data.newPath);
      return true;
    case 'CREATE_DIR':
      loaded().FS.mkdir(request.data.path);
      return true;
    case 'LIST_DIR': {
      const { FS } = loaded();
      return FS.readdir(request.data.path).map((name) => ({ name, isDir: FS.isDir(FS.stat(`${request.data.path}/${name}`).mode) }));
    }
    case 'DELETE_DIR':
      loaded().FS.rmdir(request.data.path);
      return true;
    case 'MOUNT': {
      const { FS } = loaded();
      const fs = FS.filesystems[request.data.fsType];
      if (!fs) return false;
      FS.mount(fs, request.data.options, request.data.mountPoint);
      return true;
    }
    case 'UNMOUNT':
      loaded().FS.unmount(request.data.mountPoint);
      return true;
    default:
      throw new Error(`unknown message type ${(request as { type: string }).type}`);
  }
}

scope.onmessage = async ({ data: request }: MessageEvent<Request>) => {
  let data: unknown;
  try {
    data = await answer(request);
  } catch (error) {
    scope.postMessage({ id: request.id, type: 'ERROR', data: String(error) });
    return;
  }
  // Files read back move to the caller instead of being copied.
  scope.postMessage({ id: request.id, type: request.type, data }, data instanceof Uint8Array ? [data.buffer] : []);
};
