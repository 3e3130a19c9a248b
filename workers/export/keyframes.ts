/**
 * Where a stream copy can cut, from an MP4's index (mp4box.js), and the exact range it will deliver.
 *
 * Times are compared as integers in the video track's timescale, never as float seconds. ffmpeg
 * starts a `-c copy` clip at a keyframe it finds by its own reckoning of time (decode times shifted by
 * the track's delay), and ends it at the first packet, in decode order, whose decode time reaches the
 * cut: with B-frames neither is the display time the player shows. So the plan chooses ffmpeg's seek
 * and cut points halfway between the frames it means, where rounding and offsets cannot tip them, and
 * reports the display range the copied frames cover.
 */
import type { ISOFile, Movie } from 'mp4box';
import { formatClock } from '../../src/core/format';
import { rotationFromMatrix } from '../media/probe';
import { editListShift } from '../media/edit-list';
import { PlainError } from './failure';

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
  /** Ticks per second of the video track; every time below is a whole number of ticks. */
  timescale: number;
  /** Display time of each frame, in decode (file) order, edit list applied: what the player shows. */
  pts: Float64Array;
  /** Decode time of each frame, in decode order, on the same timeline (as ffmpeg reports it). */
  dts: Float64Array;
  /** Decode-order positions of the keyframes, ascending. */
  keys: Uint32Array;
  /** Where the last frame ends on screen. */
  end: number;
}

/** The range a stream copy of start..end will really give, seconds, and how to ask ffmpeg for it. */
export interface CutRange {
  actualStart: number;
  actualEnd: number;
}

/** A stream copy's plan: the range it delivers and ffmpeg's `-ss` and `-t` for it (seconds, its timeline). */
export interface StreamCopyPlan extends CutRange {
  /** Input seek point: between the chosen keyframe and the next, so ffmpeg starts at that keyframe. */
  seekTo: number;
  /** Output duration after `seekTo`: ends between the decode times of the last frame kept and the first left out; null copies to the end. */
  duration: number | null;
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
    timescale: 1,
    pts: new Float64Array(0),
    dts: new Float64Array(0),
    keys: new Uint32Array(0),
    end: 0,
  };
  if (!video) return base;
  const trak = file.getTrackById(video.id);
  const samples = trak?.samples ?? [];
  const timescale = video.timescale || 1;
  // The edit list maps media time to display time.
  const shift = editListShift(trak?.edts?.elst?.entries ?? [], timescale, info.timescale);
  const pts = new Float64Array(samples.length);
  const dts = new Float64Array(samples.length);
  const keys: number[] = [];
  let end = 0;
  samples.forEach((sample, i) => {
    pts[i] = sample.cts + shift;
    dts[i] = sample.dts + shift;
    if (sample.is_sync) keys.push(i);
    end = Math.max(end, pts[i] + sample.duration);
  });
  const rotation = rotationFromMatrix(video.matrix as unknown as ArrayLike<number>);
  const w = video.video?.width ?? video.track_width ?? 0;
  const h = video.video?.height ?? video.track_height ?? 0;
  const sideways = rotation === 90 || rotation === 270;
  return {
    ...base,
    width: sideways ? h : w,
    height: sideways ? w : h,
    frameRate: video.duration > 0 ? (video.nb_samples * timescale) / video.duration : 0,
    timescale,
    pts,
    dts,
    keys: Uint32Array.from(keys),
    end: duration > 0 ? Math.min(end, Math.round(duration * timescale)) : end,
  };
}

/**
 * The range a `-c copy` export of start..end delivers, and ffmpeg's seek and duration for it. It starts
 * at the keyframe displayed at or before `start` (the first keyframe when there is none before) and keeps
 * frames in decode order until every frame displayed before `end` is in, stopping only where no frame
 * kept is displayed after one left out. Throws a plain-words Error when the range is outside the video.
 */
export function streamCopyRange(index: CutIndex, start: number, end: number): StreamCopyPlan {
  checkRange(index.duration, start, end);
  const { pts, dts, keys, timescale } = index;
  if (keys.length === 0) throw new PlainError('This video has no keyframes in its index, so it cannot be cut without re-encoding; use exact export.');
  const startTick = Math.round(start * timescale);
  const endTick = Math.round(end * timescale);
  let k = 0;
  for (let i = 0; i < keys.length && pts[keys[i]] <= startTick; i++) k = i;
  const first = keys[k];
  const n = pts.length;
  // Smallest display time from each decode position on: where a cut after that position would leave a gap.
  const laterMin = new Float64Array(n + 1);
  laterMin[n] = Infinity;
  for (let i = n - 1; i >= first; i--) laterMin[i] = Math.min(pts[i], laterMin[i + 1]);
  let last = n; // first decode position left out
  let keptMax = -Infinity;
  for (let j = first; j < n; j++) {
    keptMax = Math.max(keptMax, pts[j]);
    if (keptMax < laterMin[j + 1] && laterMin[j + 1] >= endTick) {
      last = j + 1;
      break;
    }
  }
  const actualStartTick = pts[first];
  const actualEndTick = last < n ? laterMin[last] : index.end;
  const nextKey = k + 1 < keys.length ? pts[keys[k + 1]] : Infinity;
  // ffmpeg picks the last keyframe whose time is at or before the seek point: halfway to the next one.
  // The cut (decode time, counted from the seek point) falls halfway between the last frame kept and the next.
  const cutTick = last < n ? (dts[last - 1] + dts[last]) / 2 : null;
  const seekTick = actualStartTick + (Math.min(nextKey, cutTick ?? Infinity, actualEndTick) - actualStartTick) / 2;
  return {
    actualStart: actualStartTick / timescale,
    actualEnd: Math.max(actualEndTick, actualStartTick) / timescale,
    seekTo: seekTick / timescale,
    duration: cutTick === null ? null : (cutTick - seekTick) / timescale,
  };
}

/** Throw a plain-words Error when start..end is not a usable range inside a video of `duration` seconds. */
export function checkRange(duration: number, start: number, end: number): void {
  if (!Number.isFinite(start) || !Number.isFinite(end) || start < 0) throw new PlainError('The clip needs a start and an end time.');
  if (end <= start) throw new PlainError('The clip ends before it starts; check its start and end times.');
  if (duration > 0 && start >= duration) {
    throw new PlainError(`The clip starts at ${formatClock(start)}, after the end of the video (${formatClock(duration)}).`);
  }
}
