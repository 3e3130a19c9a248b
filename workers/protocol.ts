/** Messages between the page (src/jobs) and the workers: one discriminated union per worker. */
import type { ContainerProbe } from '../src/core/media';
import type { PeakLevel, Segment, VoiceActivity } from './audio';

/** Requests to the probe worker. */
export type ProbeRequest = { type: 'probe'; id: number; file: Blob };

/** Answers from the probe worker. */
export type ProbeResponse =
  | { type: 'probed'; id: number; probe: ContainerProbe }
  | { type: 'error'; id: number; message: string };

/** How a lesson's audio was decoded. */
export type AudioDecoderKind = 'webcodecs' | 'ffmpeg';

/** Everything the analysis worker derives from one lesson's audio. */
export interface AnalysisResult {
  /** ALGORITHM_VERSION of the segmenter that made `segments`. */
  algorithmVersion: number;
  /** Which decoder read the audio. */
  decoder: AudioDecoderKind;
  /** Seconds of audio analysed. */
  duration: number;
  /** Waveform peaks at several resolutions (PeakBuilder.finish()). */
  peaks: PeakLevel[];
  /** Talk-time segments covering 0..duration. */
  segments: Segment[];
  /** Frame-by-frame voice activity. */
  voiceActivity: VoiceActivity;
  /** Wall time of the whole analysis, milliseconds. */
  elapsedMs: number;
}

/** Requests to the analysis worker. */
export type AnalysisRequest =
  | { type: 'analyse'; id: number; file: Blob; container: 'mp4' | 'webm' | 'unknown'; duration: number }
  | { type: 'cancel'; id: number };

/** Answers from the analysis worker. */
export type AnalysisResponse =
  | { type: 'progress'; id: number; fraction: number; stage: 'decoding' | 'segmenting'; decoder: AudioDecoderKind }
  | { type: 'peaks'; id: number; upTo: number; peaks: Float32Array }
  | { type: 'done'; id: number; result: AnalysisResult }
  | { type: 'no-audio'; id: number }
  | { type: 'error'; id: number; message: string };

/** Requests from the analysis worker to its WebCodecs decode worker (abort = terminate it). */
export type DecodeRequest =
  | { type: 'decode'; file: Blob }
  /** One `audio` block has been consumed (backpressure). */
  | { type: 'ack' };

/** Answers from the decode worker. */
export type DecodeResponse =
  /** 16 kHz mono samples, contiguous from 0 (timestamp gaps already filled with silence). */
  | { type: 'audio'; pcm: Float32Array }
  | { type: 'progress'; seconds: number }
  | { type: 'end' }
  | { type: 'no-audio' }
  | { type: 'error'; message: string };
