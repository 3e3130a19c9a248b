/**
 * Faces in a clip, for blurring them in a copy shared beyond the coaching pair (issue 24): the detector's
 * boxes on frames sampled every fraction of a second are linked into one track per face, bridged over the
 * frames where the detector lost it, and turned into the spans of time and place to blur, with a margin,
 * leaving out the faces the coach chose to leave visible (the teacher's). Pure: no DOM.
 *
 * Boxes are fractions of the frame (0..1 on each side), so they hold at any output size.
 */

/** A box on the frame, fractions of its width and height. */
export interface FaceBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** What the detector found on one sampled frame, seconds from the clip's start. */
export interface FaceFrame {
  time: number;
  boxes: ReadonlyArray<FaceBox & { score: number }>;
}

/** One face followed through the clip: where it was seen, in time order. */
export interface FaceTrack {
  /** Stable within one detection run: the order in which faces were first seen (boxes the coach drew come after). */
  id: number;
  seen: Array<{ time: number; box: FaceBox }>;
  /** Drawn by the coach over a face the detector missed: `seen` holds the places the coach put it (keyframes). */
  manual?: boolean;
  /** A drawn box's time, seconds from the clip's start: it is blurred from `from` to `until`, wherever its keyframes are. */
  from?: number;
  until?: number;
}

/** A box to blur from `start` to `end`, seconds from the clip's start. */
export interface BlurSpan {
  start: number;
  end: number;
  box: FaceBox;
}

/** Tuning of tracking and covering. */
export interface TrackOptions {
  /** A face unseen for longer than this ends its track (the next sighting starts a new one), seconds. */
  maxGap?: number;
  /** A sighting joins a track when its centre is within this many of the track's last box widths... */
  maxJump?: number;
  /** ...plus this many box widths per second since the track was last seen (a small face crossing the room). */
  maxSpeed?: number;
}

/** Tuning of the spans to blur. */
export interface CoverOptions {
  /** Grow every box by this fraction of its own size on each side (hair, a turning head). */
  margin?: number;
  /** Cover this long before a face's first sighting and after its last (it was there between samples), seconds. */
  hold?: number;
}

const TRACK_DEFAULTS: Required<TrackOptions> = { maxGap: 1.6, maxJump: 0.6, maxSpeed: 3 };
const COVER_DEFAULTS: Required<CoverOptions> = { margin: 0.3, hold: 0.6 };

const centre = (b: FaceBox) => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 });

/**
 * Link the sightings frame to frame into tracks: each box joins the nearest track still open (last seen
 * within `maxGap`, centre within `maxJump` box widths plus `maxSpeed` per second since), nearest pairs
 * first; the rest start new tracks.
 */
export function trackFaces(frames: readonly FaceFrame[], options: TrackOptions = {}): FaceTrack[] {
  const o = { ...TRACK_DEFAULTS, ...options };
  const tracks: FaceTrack[] = [];
  for (const frame of [...frames].sort((a, b) => a.time - b.time)) {
    const open = tracks.filter((t) => frame.time - t.seen[t.seen.length - 1].time <= o.maxGap + 1e-9);
    const pairs: Array<{ track: FaceTrack; box: number; distance: number }> = [];
    frame.boxes.forEach((box, i) => {
      for (const track of open) {
        const { time, box: last } = track.seen[track.seen.length - 1];
        const a = centre(last), b = centre(box);
        // In box sizes on each axis: fractions of a wide frame are not square.
        const distance = Math.hypot((a.x - b.x) / Math.max(last.w, box.w, 1e-6), (a.y - b.y) / Math.max(last.h, box.h, 1e-6));
        if (distance <= o.maxJump + o.maxSpeed * (frame.time - time)) pairs.push({ track, box: i, distance });
      }
    });
    pairs.sort((a, b) => a.distance - b.distance);
    const usedTracks = new Set<FaceTrack>();
    const usedBoxes = new Set<number>();
    for (const pair of pairs) {
      if (usedTracks.has(pair.track) || usedBoxes.has(pair.box)) continue;
      usedTracks.add(pair.track);
      usedBoxes.add(pair.box);
      pair.track.seen.push({ time: frame.time, box: plainBox(frame.boxes[pair.box]) });
    }
    frame.boxes.forEach((box, i) => {
      if (!usedBoxes.has(i)) tracks.push({ id: tracks.length, seen: [{ time: frame.time, box: plainBox(box) }] });
    });
  }
  return tracks;
}

const plainBox = ({ x, y, w, h }: FaceBox): FaceBox => ({ x, y, w, h });

/** When a track's face is on the frame: a drawn box's own time, else its first to its last sighting. */
export function trackSpan(track: FaceTrack): { from: number; until: number } | null {
  const seen = track.seen;
  if (seen.length === 0) return null;
  return track.manual && track.from !== undefined && track.until !== undefined ? { from: track.from, until: track.until } : { from: seen[0].time, until: seen[seen.length - 1].time };
}

/** Where a track's face is at `time`: interpolated between sightings, null outside its span (`trackSpan`). */
export function boxAt(track: FaceTrack, time: number): FaceBox | null {
  const span = trackSpan(track);
  if (!span || time < span.from - 1e-9 || time > span.until + 1e-9) return null;
  return keyframeBoxAt(track, time);
}

/**
 * Where a track's box is at `time` whatever its span: interpolated between sightings, held at the first
 * before it and at the last after it (a drawn box stays put before its first keyframe and after its last).
 */
export function keyframeBoxAt(track: FaceTrack, time: number): FaceBox | null {
  const seen = track.seen;
  if (seen.length === 0) return null;
  if (time <= seen[0].time) return seen[0].box;
  for (let i = 0; i + 1 < seen.length; i++) {
    const a = seen[i], b = seen[i + 1];
    if (time <= b.time) {
      if (b.time === a.time) return b.box;
      const k = (time - a.time) / (b.time - a.time);
      return { x: a.box.x + (b.box.x - a.box.x) * k, y: a.box.y + (b.box.y - a.box.y) * k, w: a.box.w + (b.box.w - a.box.w) * k, h: a.box.h + (b.box.h - a.box.h) * k };
    }
  }
  return seen[seen.length - 1].box;
}

/** A box grown by `margin` of its size on every side, kept on the frame. */
export function withMargin(box: FaceBox, margin: number): FaceBox {
  const x0 = Math.max(0, box.x - box.w * margin);
  const y0 = Math.max(0, box.y - box.h * margin);
  const x1 = Math.min(1, box.x + box.w * (1 + margin));
  const y1 = Math.min(1, box.y + box.h * (1 + margin));
  return { x: x0, y: y0, w: Math.max(0, x1 - x0), h: Math.max(0, y1 - y0) };
}

/** The smallest box holding both. */
export function unionBox(a: FaceBox, b: FaceBox): FaceBox {
  const x = Math.min(a.x, b.x), y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

/**
 * The spans to blur for the tracks not left visible, within `0..duration`: between two sightings the box
 * covers both (the face moved between them, at most as far as the sightings are apart), and a face is
 * covered `hold` before it is first seen and after it is last seen, where it stays put. A drawn box is
 * covered from its `from` to its `until`, following its keyframes.
 */
export function blurSpans(tracks: readonly FaceTrack[], visible: ReadonlySet<number>, duration: number, options: CoverOptions = {}): BlurSpan[] {
  const o = { ...COVER_DEFAULTS, ...options };
  const spans: BlurSpan[] = [];
  const push = (start: number, end: number, box: FaceBox) => {
    const s = Math.max(0, start), e = Math.min(duration, end);
    if (e > s && box.w > 0 && box.h > 0) spans.push({ start: round3(s), end: round3(e), box: roundBox(withMargin(box, o.margin)) });
  };
  for (const track of tracks) {
    if (visible.has(track.id) || track.seen.length === 0) continue;
    const seen = track.seen;
    if (track.manual) {
      // A drawn box covers exactly its own time, following its keyframes (no hold: the coach set both ends).
      const { from, until } = trackSpan(track)!;
      const times = [from, ...seen.map((s) => s.time).filter((t) => t > from && t < until), until];
      let piece: { start: number; end: number; box: FaceBox } | null = null;
      for (let i = 0; i + 1 < times.length; i++) {
        const box = unionBox(keyframeBoxAt(track, times[i])!, keyframeBoxAt(track, times[i + 1])!);
        // One span while the box stands still (before its first keyframe, after its last).
        if (piece && sameBox(piece.box, box)) piece.end = times[i + 1];
        else {
          if (piece) push(piece.start, piece.end, piece.box);
          piece = { start: times[i], end: times[i + 1], box };
        }
      }
      if (piece) push(piece.start, piece.end, piece.box);
      continue;
    }
    push(seen[0].time - o.hold, seen[0].time, seen[0].box);
    for (let i = 0; i + 1 < seen.length; i++) push(seen[i].time, seen[i + 1].time, unionBox(seen[i].box, seen[i + 1].box));
    const last = seen[seen.length - 1];
    push(last.time, last.time + o.hold, last.box);
  }
  return spans.sort((a, b) => a.start - b.start);
}

/**
 * How many sampled frames lost a face the frame before had: a track with a sighting on the previous frame
 * and none on this one, though it is seen again later or the clip goes on. A warning for the coach: the
 * blur bridges such gaps by interpolation, which a face that moved suddenly may escape.
 */
export function lostFrames(frames: readonly FaceFrame[], tracks: readonly FaceTrack[]): number {
  const times = [...frames].map((f) => f.time).sort((a, b) => a - b);
  const seenAt = (track: FaceTrack, time: number) => track.seen.some((s) => Math.abs(s.time - time) < 1e-6);
  let lost = 0;
  for (let i = 1; i < times.length; i++) {
    if (tracks.some((t) => seenAt(t, times[i - 1]) && !seenAt(t, times[i]))) lost++;
  }
  return lost;
}

/** How long a box the coach draws covers, seconds: from a second before the frame it is drawn on to `MANUAL_SECONDS` after. */
export const MANUAL_SECONDS = 3;
/** The shortest time a drawn box can be stretched down to, seconds. */
export const MANUAL_MIN_SECONDS = 0.2;

/**
 * A box the coach drew on the frame at `time` over a face the detector missed: one keyframe where it was
 * drawn, covering from a second before to `seconds` after (within the clip); blurred like any other face.
 */
export function manualTrack(id: number, box: FaceBox, time: number, duration: number, seconds = MANUAL_SECONDS): FaceTrack {
  return { id, manual: true, seen: [{ time, box: nudgeBox(box, {}) }], from: Math.max(0, time - 1), until: Math.min(duration, time + seconds) };
}

/**
 * The drawn box put at `box` on the frame at `time`: a keyframe there (replacing one at the same time), the
 * box following the scene between keyframes. A keyframe outside the box's time stretches it to a second
 * either side of that frame (within the clip), so the face is covered while it moves there.
 */
export function setKeyframe(track: FaceTrack, time: number, box: FaceBox, duration: number): FaceTrack {
  const seen = [...track.seen.filter((s) => Math.abs(s.time - time) > 1e-6), { time, box: nudgeBox(box, {}) }].sort((a, b) => a.time - b.time);
  const span = trackSpan(track) ?? { from: time, until: time };
  const from = time < span.from ? Math.max(0, time - 1) : span.from;
  const until = time > span.until ? Math.min(duration, time + 1) : span.until;
  return { ...track, seen, from, until };
}

/**
 * The drawn box stretched in time: its `edge` moved to `time`, kept within the clip and at least
 * `MANUAL_MIN_SECONDS` long (the other edge gives way when the clip has no room).
 */
export function stretchTrack(track: FaceTrack, edge: 'from' | 'until', time: number, duration: number): FaceTrack {
  const span = trackSpan(track);
  if (!span || !Number.isFinite(time)) return track;
  const min = Math.min(MANUAL_MIN_SECONDS, duration);
  if (edge === 'from') {
    const from = Math.min(Math.max(0, time), duration - min);
    return { ...track, from: round3(from), until: Math.max(span.until, round3(from + min)) };
  }
  const until = Math.max(Math.min(duration, time), min);
  return { ...track, until: round3(until), from: Math.min(span.from, round3(until - min)) };
}

/** A box moved by `dx`, `dy` and grown by `dw`, `dh` (fractions of the frame), kept on the frame and at least 1% a side. */
export function nudgeBox(box: FaceBox, change: { dx?: number; dy?: number; dw?: number; dh?: number }): FaceBox {
  const w = Math.min(1, Math.max(0.01, box.w + (change.dw ?? 0)));
  const h = Math.min(1, Math.max(0.01, box.h + (change.dh ?? 0)));
  const x = Math.min(1 - w, Math.max(0, box.x + (change.dx ?? 0)));
  const y = Math.min(1 - h, Math.max(0, box.y + (change.dy ?? 0)));
  return { x, y, w, h };
}

/** What the preview counts: faces found (not removed) blurred or left visible, boxes drawn, boxes removed. */
export interface FaceCounts {
  found: number;
  blurred: number;
  leftVisible: number;
  drawn: number;
  removed: number;
}

/** Count a clip's faces for the preview: the detector's apart from the coach's drawn boxes, removed boxes apart from both. */
export function faceCounts(tracks: readonly FaceTrack[], visible: ReadonlySet<number>, removed: ReadonlySet<number>): FaceCounts {
  const kept = tracks.filter((t) => !removed.has(t.id));
  const found = kept.filter((t) => !t.manual);
  const leftVisible = found.filter((t) => visible.has(t.id)).length;
  return { found: found.length, blurred: found.length - leftVisible, leftVisible, drawn: kept.length - found.length, removed: tracks.length - kept.length };
}

/** The box between two corners of a drag, fractions of the frame, kept on it. */
export function boxFromDrag(a: { x: number; y: number }, b: { x: number; y: number }): FaceBox {
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const x0 = clamp(Math.min(a.x, b.x)), x1 = clamp(Math.max(a.x, b.x)), y0 = clamp(Math.min(a.y, b.y)), y1 = clamp(Math.max(a.y, b.y));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** The track whose face (with `margin`) holds the point at `time`, smallest first; null when none does. */
export function trackAt(tracks: readonly FaceTrack[], time: number, point: { x: number; y: number }, margin = 0.1): FaceTrack | null {
  let best: { track: FaceTrack; area: number } | null = null;
  for (const track of tracks) {
    const box = boxAt(track, time);
    if (!box) continue;
    const b = withMargin(box, margin);
    if (point.x >= b.x && point.x <= b.x + b.w && point.y >= b.y && point.y <= b.y + b.h && (!best || b.w * b.h < best.area)) best = { track, area: b.w * b.h };
  }
  return best?.track ?? null;
}

const sameBox = (a: FaceBox, b: FaceBox) => a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const round4 = (x: number) => Math.round(x * 10000) / 10000;
const roundBox = (b: FaceBox): FaceBox => ({ x: round4(b.x), y: round4(b.y), w: round4(b.w), h: round4(b.h) });

/** How far an arrow key moves a drawn box (or, with Shift, resizes it), fractions of the frame. */
export const NUDGE_STEP = 0.01;

/** The change an arrow key makes to a drawn box: moves it, or with Shift grows it right/down and shrinks it left/up; null for other keys. */
export function nudgeForKey(key: string, shift: boolean): { dx?: number; dy?: number; dw?: number; dh?: number } | null {
  const step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[key];
  if (!step) return null;
  const [x, y] = step.map((v) => v * NUDGE_STEP);
  return shift ? { dw: x, dh: y } : { dx: x, dy: y };
}
