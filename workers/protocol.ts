/** Messages between the page (src/jobs) and the workers: one discriminated union per worker. */
import type { AudioTrackInfo, ContainerProbe } from '../src/core/media';
import type { TalkSegment } from '../src/core/talk';
import type { PeakLevel, TeacherVoice, VoiceActivity } from './audio';
import type { ByteRange } from './decode/slices';

/** Requests to the probe worker. */
export type ProbeRequest = { type: 'probe'; id: number; file: Blob } | { type: 'cancel'; id: number };

/** Answers from the probe worker. */
export type ProbeResponse =
  | { type: 'probed'; id: number; probe: ContainerProbe }
  | { type: 'error'; id: number; message: string };

/** How a lesson's audio was decoded ('pcm': uncompressed samples read straight from the file). */
export type AudioDecoderKind = 'webcodecs' | 'pcm' | 'ffmpeg';

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
  segments: TalkSegment[];
  /** Frame-by-frame voice activity. */
  voiceActivity: VoiceActivity;
  /** The teacher-voice model per frame (pupils' voices are muted in shared clips with it). */
  teacherVoice: TeacherVoice;
  /** Wall time of the whole analysis, milliseconds. */
  elapsedMs: number;
  /** Index of the sound track analysed, from 0 in file order. */
  audioTrack: number;
  /** Every sound track of the file (empty when only ffmpeg.wasm read it, which does not list them). */
  audioTracks: AudioTrackInfo[];
}

/** Requests to the analysis worker. */
export type AnalysisRequest =
  /** `audioTrack`: which sound track to analyse, from 0 in file order. */
  | { type: 'analyse'; id: number; file: Blob; container: 'mp4' | 'webm' | 'unknown'; duration: number; audioTrack: number }
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
  | { type: 'decode'; file: Blob; trackIndex: number }
  /** One `audio` block has been consumed (backpressure); its buffer comes back (transferred) for the next one. */
  | { type: 'ack'; buffer?: ArrayBuffer };

/** Answers from the decode worker. */
export type DecodeResponse =
  /** 16 kHz mono samples, contiguous from 0 (timestamp gaps already filled with silence). */
  | { type: 'audio'; pcm: Float32Array }
  | { type: 'progress'; seconds: number }
  /** The file's sound tracks and the index of the one being decoded; sent before any audio. */
  | { type: 'tracks'; tracks: AudioTrackInfo[]; index: number }
  | { type: 'end'; reader: 'webcodecs' | 'pcm' }
  | { type: 'no-audio' }
  | { type: 'error'; message: string };

/**
 * Requests to the decode worker's reader: byte ranges [start, end) of `blob`, in file order, read back
 * to back into `buffer` (transferred; a new one is made when it is too small).
 */
export interface ReadRequest {
  id: number;
  blob: Blob;
  ranges: ByteRange[];
  buffer?: ArrayBuffer;
}

/** The reader's answer: the buffer (transferred) holding `length` bytes read, or why they could not be read. */
export type ReadResponse = { id: number; buffer: ArrayBuffer; length: number } | { id: number; error: string };

/** A caption for an exported clip, seconds relative to the clip's requested start. */
export interface ClipCue {
  start: number;
  end: number;
  text: string;
}

/** What an exported clip should be. */
export interface ClipExportOptions {
  /** File name shown to ffmpeg (its extension helps probing). */
  fileName: string;
  /** Requested range in the lesson, seconds. */
  start: number;
  end: number;
  /** 'fast': stream copy from the keyframe at or before `start`; 'exact': frame-accurate re-encode (H.264 + AAC, ≤ 720p). */
  mode: 'fast' | 'exact';
  /** Captions from `cues`: none, burned into the picture (exact only), or a subtitle track. */
  captions: 'none' | 'burn' | 'soft';
  cues: ClipCue[];
  /** A card with these lines shown for `seconds` before the clip (exact only), or null. */
  titleCard: null | { lines: string[]; seconds: number };
  /** Stretches of the clip's sound to silence (pupils' voices), seconds from `start` (exact only). */
  muteRanges: Array<{ start: number; end: number }>;
  /** Boxes of the picture to blur (pupils' faces): fractions of the frame, seconds from `start` (exact only). */
  blurSpans: Array<{ start: number; end: number; box: { x: number; y: number; w: number; h: number } }>;
}

/** Requests to the transcode worker. */
export type TranscodeRequest =
  | ({ type: 'export-clip'; id: number; file: Blob } & ClipExportOptions)
  | { type: 'keyframes'; id: number; file: Blob; start: number; end: number }
  | { type: 'cancel'; id: number };

/** Answers from the transcode worker. */
export type TranscodeResponse =
  /** 0..1 of the clip written; also sent whenever ffmpeg logs, so the page can tell a stalled export. */
  | { type: 'progress'; id: number; fraction: number }
  | { type: 'done'; id: number; blob: Blob; actualStart: number; actualEnd: number; elapsedMs: number; execMs: number }
  | { type: 'keyframes'; id: number; actualStart: number; actualEnd: number }
  | { type: 'error'; id: number; message: string };

/** The face detectors the face worker can run (@vladmandic/face-api's, weights served by the app). */
export type FaceDetectorName = 'ssd' | 'tiny';

/** Requests to the face worker. */
export type FaceRequest =
  | {
      type: 'detect-faces';
      id: number;
      file: Blob;
      /** File name shown to ffmpeg (its extension helps probing). */
      fileName: string;
      /** Range in the lesson, seconds. */
      start: number;
      end: number;
      /** Seconds between the frames the detector looks at. */
      every: number;
      /** Seconds between the frames kept as pictures for the preview (a multiple of `every`). */
      previewEvery: number;
      detector: FaceDetectorName;
    }
  | { type: 'cancel'; id: number };

/** Answers from the face worker. */
export type FaceResponse =
  /** 0..1 of the clip's frames looked at. */
  | { type: 'progress'; id: number; fraction: number }
  | {
      type: 'faces';
      id: number;
      /** Size of the frames the detector saw, pixels. */
      width: number;
      height: number;
      /** Per sampled frame, seconds from `start`: the faces found (fractions of the frame), and a JPEG for the preview frames. */
      frames: Array<{ time: number; boxes: Array<{ x: number; y: number; w: number; h: number; score: number }>; picture: Blob | null }>;
      /** Where the time went, milliseconds, and the TensorFlow.js backend the detector ran on. */
      decodeMs: number;
      detectMs: number;
      backend: string;
    }
  | { type: 'error'; id: number; message: string };
