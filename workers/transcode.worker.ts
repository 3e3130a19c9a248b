/// <reference lib="webworker" />
/**
 * Transcode worker: exports clips of a lesson with ffmpeg.wasm (single-thread core, served by the app).
 * The lesson is mounted read-only with WORKERFS, never copied into wasm memory; captions, title-card
 * text and the font go into MEMFS (small), and each clip is read back, sent to the page and deleted.
 * Jobs run one at a time; a cancelled or failed job leaves the next one a fresh ffmpeg.
 */
import { FFFSType, type LogEvent, type ProgressEvent } from '@ffmpeg/ffmpeg';
import { FfmpegInstance, safeName } from './ffmpeg/instance';
import { SerialJobs } from './jobs/serial-jobs';
import type { TranscodeRequest, TranscodeResponse } from './protocol';
import { assDocument } from '../src/core/formats/ass';
import { formatClock } from '../src/core/format';
import { exactClipArgs, exportSize, fastClipArgs, type Size } from './export/args';
import { checkRange, cutIndexOf, streamCopyRange, type CutIndex, type StreamCopyPlan } from './export/keyframes';
import { atStage, exportFailureMessage, PlainError, StageError } from './export/failure';
import { shiftCues, srtDocument } from './export/srt';
import { readMp4Index } from './media/mp4-index';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const reply = (message: TranscodeResponse) => scope.postMessage(message);

/** The shipped font (public/fonts), its family name for libass, and where it lives in MEMFS. */
const FONT_URL = new URL(`${import.meta.env.BASE_URL}fonts/DejaVuSans.ttf`, self.location.href).href;
const FONT_FAMILY = 'DejaVu Sans';
const FONTS_DIR = '/fonts';
const FONT_FILE = `${FONTS_DIR}/DejaVuSans.ttf`;
/** Size of a title card when the lesson's own size is unknown (not an MP4). */
const FALLBACK_SIZE: Size = { width: 1280, height: 720 };
/** Progress messages at most this often, milliseconds. */
const PROGRESS_INTERVAL_MS = 250;
/** Lines of ffmpeg's log kept for error messages. */
const LOG_LINES = 40;

type ExportRequest = Extract<TranscodeRequest, { type: 'export-clip' }>;

/** ffmpeg runs one command at a time: jobs queue here, each cancellable until it has finished. */
const jobs = new SerialJobs('Export cancelled');

scope.onmessage = (event: MessageEvent<TranscodeRequest>) => {
  const request = event.data;
  switch (request.type) {
    case 'export-clip':
      jobs.add(request.id, (signal) => exportClip(request, signal));
      break;
    case 'keyframes':
      void keyframes(request.id, request.file, request.start, request.end);
      break;
    case 'cancel':
      jobs.cancel(request.id);
      break;
    default:
      // Exhaustive: a new request type that is not handled here fails to compile.
      throw new Error(`Unknown transcode request: ${JSON.stringify(request as never)}`);
  }
};

// ---- ffmpeg.wasm instance -------------------------------------------------------------------

let font: Promise<Uint8Array> | null = null;

/** The shipped font's bytes, fetched once per worker. */
function fontBytes(): Promise<Uint8Array> {
  font ??= fetch(FONT_URL).then(async (response) => {
    if (!response.ok) throw new Error(`The caption font could not be loaded (${response.status}).`);
    return new Uint8Array(await response.arrayBuffer());
  });
  font.catch(() => (font = null));
  return font;
}

/** One loaded ffmpeg with the font in MEMFS; a fresh one after a cancel or failure. */
const ffmpegs = new FfmpegInstance(async (ffmpeg) => {
  await ffmpeg.createDir(FONTS_DIR);
  // writeFile transfers the buffer it is given (ffmpegwasm/ffmpeg.wasm#911): hand it a copy, keep ours.
  await ffmpeg.writeFile(FONT_FILE, (await fontBytes()).slice());
});

// ---- index ----------------------------------------------------------------------------------

/**
 * The last lesson's cut index (reading an hour's index takes about 0.6 s): the UI asks for keyframes,
 * then exports from the same lesson, often as a new File or Blob object for the same bytes.
 */
let lastIndex: { file: Blob; key: string | null; index: Promise<CutIndex | null> } | null = null;

/** Same bytes for a File: same name, size and modification time; a bare Blob only matches itself. */
function indexKey(file: Blob): string | null {
  return file instanceof File ? `${file.name}\u0000${file.size}\u0000${file.lastModified}` : null;
}

/** Keyframes, frame times and size from an MP4/MOV index; null when the file has none (e.g. WebM). */
function cutIndex(file: Blob): Promise<CutIndex | null> {
  const key = indexKey(file);
  if (lastIndex && (lastIndex.file === file || (key !== null && lastIndex.key === key))) return lastIndex.index;
  const index = readMp4Index(file).then(
    ({ file: parsed, info }) => cutIndexOf(parsed, info),
    () => null,
  );
  lastIndex = { file, key, index };
  return index;
}

async function keyframes(id: number, file: Blob, start: number, end: number): Promise<void> {
  try {
    const index = await atStage('index', () => cutIndex(file));
    if (!index) throw new PlainError(NOT_MP4);
    const { actualStart, actualEnd } = streamCopyRange(index, start, end);
    reply({ type: 'keyframes', id, actualStart, actualEnd });
  } catch (error) {
    console.error(`keyframes ${id} (${start}-${end} s) failed: ${detailOf(error)}`, error);
    reply({ type: 'error', id, message: exportFailureMessage(error) });
  }
}

/** Fast export needs the MP4 index. */
const NOT_MP4 = 'Fast export needs an MP4 or MOV lesson (its index says where the keyframes are); use exact export for this file.';

// ---- export ---------------------------------------------------------------------------------

async function exportClip(request: ExportRequest, signal: AbortSignal): Promise<void> {
  const { id } = request;
  const started = performance.now();
  try {
    signal.throwIfAborted();
    const index = await atStage('index', () => cutIndex(request.file));
    const range = plannedRange(request, index);
    const { blob, execMs } = await runFfmpeg(request, index, range, signal);
    reply({ type: 'done', id, blob, actualStart: range.actualStart, actualEnd: range.actualEnd, elapsedMs: performance.now() - started, execMs });
  } catch (error) {
    // The details (ffmpeg's last lines, the library's message) are for the console; the coach gets plain words.
    if (!signal.aborted) console.error(`export ${id} (${request.mode}, ${request.start}-${request.end} s, captions ${request.captions}) failed: ${detailOf(error)}`, error);
    reply({ type: 'error', id, message: signal.aborted ? 'Export cancelled' : exportFailureMessage(error) });
  }
}

/** What the clip will cover (and, for a stream copy, how to ask ffmpeg for it), or a PlainError when the request cannot be met. */
function plannedRange(request: ExportRequest, index: CutIndex | null): StreamCopyPlan {
  const { start, end, mode, captions, titleCard } = request;
  if (index && !index.hasVideo) throw new PlainError('This file has no video track, so there is no clip to export.');
  if (mode === 'fast') {
    if (captions === 'burn') throw new PlainError('Captions can only be burned into the picture with exact export (fast export copies the video as it is).');
    if (titleCard) throw new PlainError('A title card needs exact export (fast export copies the video as it is).');
    if (request.muteRanges.length > 0) throw new PlainError('Pupils\' voices can only be muted with exact export (fast export copies the sound as it is).');
    if (request.blurSpans.length > 0) throw new PlainError('Faces can only be blurred with exact export (fast export copies the picture as it is).');
    if (!index) throw new PlainError(NOT_MP4);
    return streamCopyRange(index, start, end);
  }
  checkRange(index?.duration ?? 0, start, end);
  const actualEnd = index && index.duration > 0 ? Math.min(end, index.duration) : end;
  return { actualStart: start, actualEnd, seekTo: start, duration: actualEnd - start };
}

/**
 * Mount the lesson, write the small files, run ffmpeg, read the clip back; everything is removed
 * afterwards. Answers the clip and how long ffmpeg's own run took.
 */
async function runFfmpeg(request: ExportRequest, index: CutIndex | null, range: StreamCopyPlan, signal: AbortSignal): Promise<{ blob: Blob; execMs: number }> {
  const { id } = request;
  const ffmpeg = await atStage('load', () => ffmpegs.load());
  signal.throwIfAborted();
  const duration = range.actualEnd - range.actualStart;
  const card = request.mode === 'exact' && request.titleCard && request.titleCard.seconds > 0 ? request.titleCard : null;
  const total = duration + (card?.seconds ?? 0);

  const log: string[] = [];
  let lastSent = -Infinity;
  let fraction = 0;
  const send = (force = false) => {
    const now = performance.now();
    if (!force && now - lastSent < PROGRESS_INTERVAL_MS) return;
    lastSent = now;
    reply({ type: 'progress', id, fraction });
  };
  const onLog = ({ message }: LogEvent) => {
    log.push(message);
    if (log.length > LOG_LINES) log.shift();
    // Any log line shows ffmpeg is alive (the page's watchdog listens for progress messages).
    send();
  };
  const onProgress = ({ time }: ProgressEvent) => {
    // `time` is the output position in microseconds; ignore the odd negative or absurd value.
    if (time > 0 && total > 0 && time < 1e6 * 3600 * 24) fraction = Math.min(1, time / 1e6 / total);
    send();
  };
  // exec() cannot be interrupted from outside: a cancel terminates ffmpeg's own worker.
  const onAbort = () => void ffmpegs.discard();
  signal.addEventListener('abort', onAbort, { once: true });
  ffmpeg.on('log', onLog);
  ffmpeg.on('progress', onProgress);
  send(true);

  const mountPoint = `/in${id}`;
  const jobDir = `/job${id}`;
  const input = `${mountPoint}/${safeName(request.fileName)}`;
  const output = `${jobDir}/clip.mp4`;
  const written: string[] = [];
  let mounted = false;
  let dirMade = false;
  let failed = true;
  const write = async (name: string, text: string) => {
    const path = `${jobDir}/${name}`;
    await ffmpeg.writeFile(path, text);
    written.push(path);
    return path;
  };
  try {
    await ffmpeg.createDir(mountPoint);
    await ffmpeg.createDir(jobDir);
    dirMade = true;
    await ffmpeg.mount(FFFSType.WORKERFS, { blobs: [{ name: safeName(request.fileName), data: request.file }] }, mountPoint);
    mounted = true;

    // Cues are relative to the requested start; the clip may start earlier (fast) or after a title card.
    const cueShift = request.start - range.actualStart;
    const clipCues = shiftCues(request.cues, cueShift);
    // No captions in the range (or none with words): no caption track at all; an empty one makes ffmpeg fail.
    const srt = request.captions === 'soft' ? srtDocument(shiftCues(clipCues, card?.seconds ?? 0), total) : '';
    const soft = srt ? await write('captions.srt', srt) : undefined;
    let args: string[];
    if (request.mode === 'fast') {
      args = fastClipArgs({ input, output, seekTo: range.seekTo, duration: range.duration, softSubtitles: soft, subtitleLead: range.seekTo - range.actualStart });
    } else {
      // A title card and the face blur are drawn at a known size: a file without an MP4 index gets 1280x720.
      const size = index && index.width > 0 ? exportSize(index) : card || request.blurSpans.length > 0 ? FALLBACK_SIZE : null;
      const burn = request.captions === 'burn' && srtDocument(clipCues, duration)
        ? await write('captions.ass', assDocument(clipCues, { ...(size ?? FALLBACK_SIZE), fontName: FONT_FAMILY, duration }))
        : undefined;
      const lines = card ? card.lines.map((line) => line.replace(/\s+/g, ' ').trim()).filter(Boolean) : [];
      const lineFiles: string[] = [];
      for (const [i, line] of lines.entries()) lineFiles.push(await write(`title-${i}.txt`, line));
      args = exactClipArgs({
        input, output, start: range.actualStart, duration, size,
        frameRate: index?.frameRate ?? 0,
        hasAudio: index?.hasAudio ?? true,
        fontFile: FONT_FILE, fontsDir: FONTS_DIR,
        burnSubtitles: burn, softSubtitles: soft,
        titleCard: card && lineFiles.length > 0 ? { seconds: card.seconds, lineFiles, lineLengths: lines.map((l) => l.length) } : undefined,
        muteRanges: request.muteRanges,
        blurSpans: request.blurSpans,
      });
    }
    const execStarted = performance.now();
    const code = await atStage('run', () => ffmpeg.exec(args));
    const execMs = performance.now() - execStarted;
    signal.throwIfAborted();
    if (code !== 0) throw new StageError('run', new Error(`ffmpeg exit ${code}: ${lastLines(log)}; arguments: ${args.join(' ')}`));
    const bytes = (await ffmpeg.readFile(output)) as Uint8Array<ArrayBuffer>;
    written.push(output);
    if (bytes.byteLength < 1024) throw new PlainError(`The clip came out empty (${formatClock(range.actualStart)}–${formatClock(range.actualEnd)}); check that this part of the lesson has video.`);
    fraction = 1;
    send(true);
    failed = false;
    return { blob: new Blob([bytes], { type: 'video/mp4' }), execMs };
  } catch (error) {
    // The output may also have been written before the failure.
    written.push(output);
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
    ffmpeg.off('log', onLog);
    ffmpeg.off('progress', onProgress);
    if (!signal.aborted) {
      for (const path of written) await ffmpeg.deleteFile(path).catch(() => undefined);
      if (mounted) await ffmpeg.unmount(mountPoint).catch(() => undefined);
      await ffmpeg.deleteDir(mountPoint).catch(() => undefined);
      if (dirMade) await ffmpeg.deleteDir(jobDir).catch(() => undefined);
    }
    // After a failure ffmpeg's state (open files, heap) is not trusted: the next job loads a fresh one.
    if (failed && !signal.aborted) await ffmpegs.discard();
  }
}

function lastLines(log: string[]): string {
  const lines = log.map((line) => line.trim()).filter((line) => line && !line.startsWith('frame=') && !line.startsWith('size='));
  return lines.slice(-3).join(' | ') || 'no message';
}

/** What is known about a failure, for the console (never shown to the coach). */
function detailOf(error: unknown): string {
  const text = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  return error instanceof StageError ? `[${error.stage}] ${text(error.original)}` : text(error);
}
