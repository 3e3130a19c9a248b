/// <reference lib="webworker" />
/**
 * Analysis worker: decodes a lesson's audio (WebCodecs for MP4/MOV, ffmpeg.wasm otherwise or when
 * WebCodecs fails), streams it through resampling, features and peaks, then segments the lesson.
 * Decoded audio is consumed block by block and never kept.
 */
import type { AnalysisRequest, AnalysisResponse, AnalysisResult, AudioDecoderKind, DecodeRequest, DecodeResponse } from './protocol';
import { describeAudioCodec, type AudioTrackInfo } from '../src/core/media';
import { ALGORITHM_VERSION, FEATURE_SAMPLE_RATE, FeatureExtractor, PeakBuilder, segmentLesson } from './audio';
import { NoAudioTrackError } from './decode/webcodecs';
import { decodeWithFfmpeg, FfmpegDecodeError } from './decode/ffmpeg';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const reply = (message: AnalysisResponse, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

/** Resolution of the progressive waveform sent while decoding, bins per second (one of the peak levels). */
const PREVIEW_BINS_PER_SECOND = 10;
/** The first preview goes out once this much of the lesson is decoded, seconds. */
const FIRST_PREVIEW_SECONDS = 30;
/** Later previews go out at most this often, milliseconds of wall time. */
const PREVIEW_INTERVAL_MS = 1000;
/** Progress messages at most this often, milliseconds. */
const PROGRESS_INTERVAL_MS = 200;
/** Holes before an ffmpeg.wasm piece larger than this are filled with silence, seconds. */
const GAP_SECONDS = 0.05;

/** Running jobs, so a cancel can reach them. */
const jobs = new Map<number, AbortController>();

scope.onmessage = (event: MessageEvent<AnalysisRequest>) => {
  const request = event.data;
  switch (request.type) {
    case 'analyse':
      void analyse(request);
      break;
    case 'cancel':
      jobs.get(request.id)?.abort(new DOMException('Analysis cancelled', 'AbortError'));
      break;
    default:
      // Exhaustive: a new request type that is not handled here fails to compile.
      throw new Error(`Unknown analysis request: ${JSON.stringify(request as never)}`);
  }
};

async function analyse(request: Extract<AnalysisRequest, { type: 'analyse' }>): Promise<void> {
  const { id, file, container, duration, audioTrack } = request;
  const controller = new AbortController();
  jobs.set(id, controller);
  const signal = controller.signal;
  const started = performance.now();
  try {
    let decoder: AudioDecoderKind = 'ffmpeg';
    let pipeline: LessonPipeline | null = null;
    /** The file's sound tracks and the one analysed, as the container index lists them. */
    let tracks: { tracks: AudioTrackInfo[]; index: number } = { tracks: [], index: audioTrack };
    if (container === 'mp4') {
      pipeline = new LessonPipeline(id, duration, 'webcodecs');
      try {
        decoder = await decodeInWorker(file, audioTrack, pipeline, signal, (listed) => (tracks = listed));
      } catch (error) {
        if (error instanceof NoAudioTrackError) return reply({ type: 'no-audio', id });
        if (signal.aborted) throw error;
        // Anything WebCodecs or mp4box.js cannot handle goes to ffmpeg.wasm, from the start.
        console.warn(`analysis ${id}: WebCodecs path failed, falling back to ffmpeg.wasm:`, error);
        pipeline = null;
      }
    }
    if (!pipeline) {
      pipeline = new LessonPipeline(id, duration, 'ffmpeg');
      const target = pipeline;
      try {
        await decodeWithFfmpeg(file, {
          signal,
          name: file instanceof File ? file.name : `lesson.${container === 'unknown' ? 'bin' : container}`,
          audioTrack: tracks.index,
          onAudio: (pcm, start) => target.pushPcm16k(pcm, start),
          onProgress: (seconds) => target.progress(seconds),
        });
      } catch (error) {
        if (signal.aborted || error instanceof NoAudioTrackError || !(error instanceof FfmpegDecodeError)) throw error;
        // Neither decoder reads this sound: say so plainly (ffmpeg's own words go to the console only).
        console.error(`analysis ${id}: ffmpeg.wasm could not decode the audio:`, error.log);
        const track = tracks.tracks[tracks.index];
        throw new Error(track ? `this browser cannot decode its sound (${describeAudioCodec(track.codec, track.pcmBits)})` : 'this browser cannot decode its sound');
      }
    }
    signal.throwIfAborted();
    const result = pipeline.finish(decoder, started, tracks);
    reply({ type: 'done', id, result }, transferablesOf(result));
  } catch (error) {
    if (error instanceof NoAudioTrackError) return reply({ type: 'no-audio', id });
    const message = signal.aborted ? 'Analysis cancelled' : plainMessage(error);
    if (!signal.aborted) console.error(`analysis ${id} failed:`, error);
    reply({ type: 'error', id, message });
  } finally {
    jobs.delete(id);
  }
}

/**
 * What the coach reads when an analysis fails. The decoders throw plain sentences of their own; the browser's
 * own errors are put in words here (the details go to the console).
 */
function plainMessage(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  const text = error instanceof Error ? error.message : String(error);
  // Chromium refuses to read a File whose file on disk changed, moved or went away after it was chosen (the
  // decode worker passes that on as text).
  if (name === 'NotReadableError' || name === 'NotFoundError' || /^(NotReadableError|NotFoundError)\b/.test(text)) {
    return 'the video file can no longer be read (it may have been moved, changed or deleted since it was chosen); choose it again to analyse it';
  }
  return text;
}

/** Resampling, features, peaks and the progressive waveform for one lesson. */
class LessonPipeline {
  private readonly features = new FeatureExtractor();
  private readonly peaks = new PeakBuilder(FEATURE_SAMPLE_RATE);
  /** Samples at 16 kHz handed to the features. */
  private samples = 0;
  private lastPreviewAt = -Infinity;
  private lastPreviewUpTo = 0;
  private lastProgressAt = -Infinity;

  constructor(
    private readonly id: number,
    private readonly duration: number,
    private readonly decoder: AudioDecoderKind,
  ) {}

  /** 16 kHz mono starting at `start` seconds (ffmpeg.wasm). */
  pushPcm16k(pcm: Float32Array, start: number): void {
    const gap = start - this.samples / FEATURE_SAMPLE_RATE;
    if (gap > GAP_SECONDS) this.consume(new Float32Array(Math.round(gap * FEATURE_SAMPLE_RATE)));
    this.consume(pcm);
  }

  /** Report decoding progress, throttled. */
  progress(seconds: number): void {
    const now = performance.now();
    if (now - this.lastProgressAt < PROGRESS_INTERVAL_MS) return;
    this.lastProgressAt = now;
    const fraction = this.duration > 0 ? Math.min(1, Math.max(0, seconds / this.duration)) : 0;
    reply({ type: 'progress', id: this.id, fraction, stage: 'decoding', decoder: this.decoder });
  }

  /** Segment the lesson and gather the result. */
  finish(decoder: AudioDecoderKind, started: number, tracks: { tracks: AudioTrackInfo[]; index: number }): AnalysisResult {
    this.sendPreview();
    reply({ type: 'progress', id: this.id, fraction: 1, stage: 'segmenting', decoder });
    const segmentation = segmentLesson(this.features.finish());
    return {
      algorithmVersion: ALGORITHM_VERSION,
      decoder,
      duration: this.samples / FEATURE_SAMPLE_RATE,
      peaks: this.peaks.finish(),
      segments: segmentation.segments,
      voiceActivity: segmentation.voiceActivity,
      teacherVoice: segmentation.teacherVoice,
      elapsedMs: performance.now() - started,
      audioTrack: tracks.index,
      audioTracks: tracks.tracks,
    };
  }

  /** Feed 16 kHz mono samples that follow on directly from the previous ones. */
  consume(pcm: Float32Array): void {
    if (pcm.length === 0) return;
    this.features.push(pcm);
    this.peaks.push(pcm);
    this.samples += pcm.length;
    const upTo = this.samples / FEATURE_SAMPLE_RATE;
    const now = performance.now();
    const first = this.lastPreviewUpTo === 0 && upTo >= FIRST_PREVIEW_SECONDS;
    if (first || (this.lastPreviewUpTo > 0 && now - this.lastPreviewAt >= PREVIEW_INTERVAL_MS)) this.sendPreview();
  }

  private sendPreview(): void {
    const peaks = this.peaks.snapshot(PREVIEW_BINS_PER_SECOND);
    const upTo = this.samples / FEATURE_SAMPLE_RATE;
    if (upTo <= this.lastPreviewUpTo && this.lastPreviewUpTo > 0) return;
    this.lastPreviewAt = performance.now();
    this.lastPreviewUpTo = upTo;
    reply({ type: 'peaks', id: this.id, upTo, peaks }, [peaks.buffer]);
  }
}

/**
 * Decode one sound track of an MP4/MOV with WebCodecs (or read its PCM) in a nested worker and feed
 * it to `pipeline`; resolves with how it was read. Rejects with NoAudioTrackError, an AbortError on
 * abort, or an Error (the caller falls back to ffmpeg.wasm).
 */
function decodeInWorker(
  file: Blob,
  trackIndex: number,
  pipeline: LessonPipeline,
  signal: AbortSignal,
  onTracks: (listed: { tracks: AudioTrackInfo[]; index: number }) => void,
): Promise<AudioDecoderKind> {
  return new Promise<AudioDecoderKind>((resolve, reject) => {
    const worker = new Worker(new URL('./decode/webcodecs.worker.ts', import.meta.url), { type: 'module', name: 'decode' });
    const finish = (error?: Error, reader: AudioDecoderKind = 'webcodecs') => {
      worker.terminate();
      signal.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(reader);
    };
    const onAbort = () => finish(signal.reason instanceof Error ? signal.reason : new DOMException('Analysis cancelled', 'AbortError'));
    signal.addEventListener('abort', onAbort, { once: true });
    const send = (request: DecodeRequest, transfer: Transferable[] = []) => worker.postMessage(request, transfer);
    worker.onmessage = (event: MessageEvent<DecodeResponse>) => {
      const message = event.data;
      switch (message.type) {
        case 'audio':
          try {
            pipeline.consume(message.pcm);
          } catch (error) {
            finish(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          // The block's memory goes back to be filled again (fresh memory per block costs more than the copy).
          send({ type: 'ack', buffer: message.pcm.buffer as ArrayBuffer }, [message.pcm.buffer]);
          break;
        case 'progress':
          pipeline.progress(message.seconds);
          break;
        case 'tracks':
          onTracks({ tracks: message.tracks, index: message.index });
          break;
        case 'end':
          finish(undefined, message.reader);
          break;
        case 'no-audio':
          finish(new NoAudioTrackError());
          break;
        case 'error':
          finish(new Error(message.message));
          break;
        default:
          finish(new Error(`Unknown decode response: ${JSON.stringify(message as never)}`));
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      finish(new Error(`The WebCodecs decoder stopped unexpectedly (${event.message || 'worker error'}).`));
    };
    send({ type: 'decode', file, trackIndex });
  });
}

/** Every distinct buffer in the result, to transfer rather than copy. */
function transferablesOf(result: AnalysisResult): Transferable[] {
  const buffers = new Set<ArrayBuffer>();
  for (const level of result.peaks) buffers.add(level.minMax.buffer as ArrayBuffer);
  buffers.add(result.voiceActivity.speech.buffer as ArrayBuffer);
  buffers.add(result.voiceActivity.probability.buffer as ArrayBuffer);
  buffers.add(result.teacherVoice.probability.buffer as ArrayBuffer);
  return [...buffers];
}
