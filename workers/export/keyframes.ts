/**
 * Where a stream copy can cut: an MP4's video keyframes and frame times, in presentation seconds,
 * from its index (mp4box.js). A `-c copy` clip must start on a keyframe, so a fast export starts at
 * the keyframe at or before the asked start and ends at the first frame boundary at or after the asked end.
 */
import type { ISOFile, Movie } from 'mp4box';
import { formatClock } from '../../src/core/format';
import { rotationFromMatrix } from '../media/probe';

/** What the export needs to know about a lesson's video. */
export interface CutIndex {
  /** Whole file, seconds. */
  duration: number;
  /** Displayed size (rotation applied), pixels; 0 when there is no video track. */
  width: number;
  height: number;
  /** Frames per second (average), 0 when unknown. */
  frameRate: number;
  hasVideo: boolean;
  hasAudio: boolean;
  /** Presentation times of keyframes, ascending, seconds. */
  keyframes: Float64Array;
  /** Presentation times of every frame, ascending, seconds; `frameEnd` is where the last one ends. */
  frames: Float64Array;
  frameEnd: number;
}

/** The range a stream copy of start..end will really give. */
export interface CutRange {
  actualStart: number;
  actualEnd: number;
}

/** Build the cut index from a parsed MP4 (see `readMp4Index`). */
export function cutIndexOf(file: ISOFile, info: Movie): CutIndex {
  const video = info.videoTracks[0] ?? null;
  const duration = info.timescale ? info.duration / info.timescale : 0;
  const base: CutIndex = {
    duration,
    width: 0,
    height: 0,
    frameRate: 0,
    hasVideo: video !== null,
    hasAudio: info.audioTracks.length > 0,
    keyframes: new Float64Array(0),
    frames: new Float64Array(0),
    frameEnd: duration,
  };
  if (!video) return base;
  const trak = file.getTrackById(video.id);
  const samples = trak?.samples ?? [];
  // The edit list shifts media time to presentation time (libx264 with B-frames starts at 2 frames in).
  const edit = trak?.edts?.elst?.entries.find((entry) => entry.media_time >= 0);
  const offset = edit?.media_time ?? 0;
  const timescale = video.timescale || 1;
  const frames = new Float64Array(samples.length);
  const keys: number[] = [];
  let frameEnd = 0;
  samples.forEach((sample, i) => {
    const t = (sample.cts - offset) / timescale;
    frames[i] = t;
    if (sample.is_sync) keys.push(t);
    frameEnd = Math.max(frameEnd, t + sample.duration / timescale);
  });
  frames.sort();
  const rotation = rotationFromMatrix(video.matrix as unknown as ArrayLike<number>);
  const w = video.video?.width ?? video.track_width ?? 0;
  const h = video.video?.height ?? video.track_height ?? 0;
  const sideways = rotation === 90 || rotation === 270;
  return {
    ...base,
    width: sideways ? h : w,
    height: sideways ? w : h,
    frameRate: video.duration > 0 ? (video.nb_samples * timescale) / video.duration : 0,
    keyframes: Float64Array.from(keys).sort(),
    frames,
    frameEnd: Math.min(frameEnd, duration || frameEnd),
  };
}

/** Tolerance for comparing times that went through timescale arithmetic, seconds. */
const EPSILON = 1e-6;

/**
 * The range a `-c copy` export of start..end gives: from the keyframe at or before `start` (the
 * first keyframe when there is none before) to the first frame time at or after `end`, or the end of
 * the video. Throws a plain-words Error when the range is outside the video.
 */
export function streamCopyRange(index: CutIndex, start: number, end: number): CutRange {
  checkRange(index.duration, start, end);
  if (index.keyframes.length === 0) throw new Error('This video has no keyframes in its index, so it cannot be cut without re-encoding; use exact export.');
  let actualStart = index.keyframes[0];
  for (const key of index.keyframes) {
    if (key <= start + EPSILON) actualStart = key;
    else break;
  }
  let actualEnd = index.frameEnd;
  const frames = index.frames;
  // First frame at or after `end` (binary search over ascending presentation times).
  let lo = 0;
  let hi = frames.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (frames[mid] < end - EPSILON) lo = mid + 1;
    else hi = mid;
  }
  if (lo < frames.length) actualEnd = frames[lo];
  return { actualStart, actualEnd: Math.max(actualEnd, actualStart) };
}

/** Throw a plain-words Error when start..end is not a usable range inside a video of `duration` seconds. */
export function checkRange(duration: number, start: number, end: number): void {
  if (!Number.isFinite(start) || !Number.isFinite(end) || start < 0) throw new Error('The clip needs a start and an end time.');
  if (end <= start) throw new Error('The clip ends before it starts; check its start and end times.');
  if (duration > 0 && start >= duration) {
    throw new Error(`The clip starts at ${formatClock(start)}, after the end of the video (${formatClock(duration)}).`);
  }
}
