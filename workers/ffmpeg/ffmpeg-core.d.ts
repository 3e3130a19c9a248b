/** The parts of @ffmpeg/core's Emscripten factory the app uses (the package ships no types). */
declare module '@ffmpeg/core' {
  interface CoreFS {
    filesystems: Record<string, unknown> & { WORKERFS: import('./read-ahead').WorkerFs };
    writeFile(path: string, data: Uint8Array | string): void;
    readFile(path: string, options: { encoding: string }): Uint8Array | string;
    unlink(path: string): void;
    rename(oldPath: string, newPath: string): void;
    mkdir(path: string): void;
    rmdir(path: string): void;
    readdir(path: string): string[];
    stat(path: string): { mode: number };
    isDir(mode: number): boolean;
    mount(fs: unknown, options: unknown, mountPoint: string): void;
    unmount(mountPoint: string): void;
  }
  export interface FFmpegCore {
    FS: CoreFS;
    ret: number;
    exec(...args: string[]): number;
    ffprobe(...args: string[]): number;
    reset(): void;
    setTimeout(timeout: number): void;
    setLogger(logger: (data: { type: string; message: string }) => void): void;
    setProgress(handler: (data: { progress: number; time: number }) => void): void;
  }
  export default function createFFmpegCore(options: { mainScriptUrlOrBlob: string }): Promise<FFmpegCore>;
}
