/**
 * Blurring faces in clips shared beyond the coaching pair (issue 24), per clip: the faces found on this
 * computer (the face worker), followed through the clip, which the coach left visible (the teacher's, by
 * clicking it in the preview), and the spans of the picture to blur that follow.
 */
import { blurSpans, keyframeBoxAt, lostFrames, manualTrack, nudgeBox, setKeyframe, stretchTrack, trackFaces, type BlurSpan, type FaceBox, type FaceTrack } from '../core/face-boxes';
import { findFaces } from '../jobs/faces';

/** A clip's times, as the export has them. */
type ClipRange = { id: string; start: number; end: number };

/** One clip's faces, as the preview shows them. */
export interface ClipFaces {
  state: 'finding' | 'done' | 'failed';
  /** 0..1 while finding. */
  progress: number;
  error: string | null;
  /** The clip's times the faces were found for (a clip moved since is looked at again). */
  start: number;
  end: number;
  tracks: FaceTrack[];
  /** The preview's frames: seconds from the clip's start and a picture URL. */
  pictures: Array<{ time: number; url: string }>;
  /** Sampled frames where a face seen on the frame before was lost. */
  lost: number;
  /** Ids of the tracks left visible. */
  visible: number[];
  /** Ids of the boxes removed for this clip (not a face, or drawn by mistake): neither blurred nor counted, until put back. */
  removed: number[];
  /** The drawn box the coach is working on: drawing again moves it at that frame (a keyframe) instead of adding one. */
  selected: number | null;
}

/** Said when faces could not be looked for; the worker's own messages are plain words already. */
const FIND_FAILED = 'Faces could not be looked for in this clip. Please try again; your lesson is safe.';

/** Faces of the clips of one lesson. */
export class FaceBlur {
  clips = $state<Record<string, ClipFaces>>({});
  #runs = new Map<string, { key: string; run: Promise<ClipFaces>; abort: AbortController; token: object }>();

  constructor(
    private media: Blob,
    private fileName: string,
  ) {}

  /** The clip's faces as its times are now, or undefined until looked for. */
  of(clip: ClipRange): ClipFaces | undefined {
    const faces = this.clips[clip.id];
    return faces && faces.start === clip.start && faces.end === clip.end ? faces : undefined;
  }

  /**
   * Look for the clip's faces (once per clip and times; a failed look is tried again). `onProgress` and
   * `signal` are for an export waiting on it: aborting stops the search for this clip.
   */
  find(clip: ClipRange, handlers: { signal?: AbortSignal; onProgress?(fraction: number): void } = {}): Promise<ClipFaces> {
    const key = `${clip.start}-${clip.end}`;
    const current = this.#runs.get(clip.id);
    if (current?.key === key && this.of(clip)?.state !== 'failed') return this.#follow(clip.id, current, handlers);
    current?.abort.abort();
    this.#revoke(clip.id);
    const abort = new AbortController();
    // A later search for the same clip (its times changed) owns the clip's record from then on.
    const token = {};
    const ours = () => this.#runs.get(clip.id)?.token === token;
    this.clips[clip.id] = { state: 'finding', progress: 0, error: null, start: clip.start, end: clip.end, tracks: [], pictures: [], lost: 0, visible: [], removed: [], selected: null };
    const run = findFaces(this.media, { fileName: this.fileName, start: clip.start, end: clip.end }, {
      signal: abort.signal,
      onProgress: (fraction) => {
        if (ours()) this.clips[clip.id].progress = fraction;
      },
    }).then(
      (found) => {
        const tracks = trackFaces(found.frames);
        const done: ClipFaces = { state: 'done', progress: 1, error: null, start: clip.start, end: clip.end, tracks, pictures: [], lost: lostFrames(found.frames, tracks), visible: [], removed: [], selected: null };
        if (!ours()) return done;
        done.pictures = found.frames.filter((f) => f.picture).map((f) => ({ time: f.time, url: URL.createObjectURL(f.picture!) }));
        this.clips[clip.id] = done;
        return this.clips[clip.id];
      },
      (error: Error) => {
        if (error.name !== 'AbortError') console.error(`faces of clip ${clip.id} could not be found:`, error);
        if (ours()) this.clips[clip.id] = { ...this.clips[clip.id], state: 'failed', error: error.name === 'AbortError' ? 'Looking for faces was cancelled.' : error.message || FIND_FAILED };
        throw error;
      },
    );
    const entry = { key, run, abort, token };
    this.#runs.set(clip.id, entry);
    return this.#follow(clip.id, entry, handlers);
  }

  /** Wait for a run, passing its progress on; an abort of the waiting export stops it. */
  #follow(clipId: string, entry: { run: Promise<ClipFaces>; abort: AbortController }, handlers: { signal?: AbortSignal; onProgress?(fraction: number): void }): Promise<ClipFaces> {
    const { signal, onProgress } = handlers;
    const onAbort = () => entry.abort.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = onProgress ? setInterval(() => onProgress(this.clips[clipId]?.progress ?? 0), 250) : undefined;
    return entry.run.finally(() => {
      signal?.removeEventListener('abort', onAbort);
      clearInterval(timer);
    });
  }

  /** Leave a face visible (the teacher's), or blur it again. */
  toggleVisible(clip: ClipRange, trackId: number): void {
    const faces = this.of(clip);
    if (!faces) return;
    faces.visible = faces.visible.includes(trackId) ? faces.visible.filter((id) => id !== trackId) : [...faces.visible, trackId];
  }

  /**
   * A box the coach drew on the preview frame at `time`: with a drawn box selected it moves that box there (a
   * keyframe: the box follows the scene between keyframes), else it is a new box over a face the detector
   * missed, selected. Tiny drags (a click) are ignored.
   */
  draw(clip: ClipRange, box: FaceBox, time: number): void {
    const faces = this.of(clip);
    if (!faces || faces.state !== 'done' || box.w < 0.01 || box.h < 0.01) return;
    if (faces.selected !== null && this.#drawn(faces, faces.selected)) this.place(clip, faces.selected, box, time);
    else this.addManual(clip, box, time);
  }

  /** Blur a new box drawn on the preview frame at `time` (a face the detector missed) and select it. */
  addManual(clip: ClipRange, box: FaceBox, time: number): void {
    const faces = this.of(clip);
    if (!faces || faces.state !== 'done' || box.w < 0.01 || box.h < 0.01) return;
    const id = faces.tracks.reduce((max, t) => Math.max(max, t.id), -1) + 1;
    faces.tracks = [...faces.tracks, manualTrack(id, box, time, clip.end - clip.start)];
    faces.selected = id;
  }

  /** Select a drawn box to move or stretch it, or none (null). */
  select(clip: ClipRange, trackId: number | null): void {
    const faces = this.of(clip);
    if (faces) faces.selected = trackId !== null && this.#drawn(faces, trackId) ? trackId : null;
  }

  /** Put a drawn box at `box` on the frame at `time`: a keyframe there. */
  place(clip: ClipRange, trackId: number, box: FaceBox, time: number): void {
    this.#update(clip, trackId, (track) => setKeyframe(track, time, box, clip.end - clip.start));
  }

  /** Move or resize a drawn box on the frame at `time` by fractions of the frame (the arrow keys). */
  nudge(clip: ClipRange, trackId: number, time: number, change: { dx?: number; dy?: number; dw?: number; dh?: number }): void {
    this.#update(clip, trackId, (track) => {
      const box = keyframeBoxAt(track, time);
      return box ? setKeyframe(track, time, nudgeBox(box, change), clip.end - clip.start) : track;
    });
  }

  /** Stretch a drawn box in time: its start (`from`) or end (`until`) at `time`, seconds from the clip's start. */
  stretch(clip: ClipRange, trackId: number, edge: 'from' | 'until', time: number): void {
    this.#update(clip, trackId, (track) => stretchTrack(track, edge, time, clip.end - clip.start));
  }

  /** Remove a box for this clip (a detected box that is not a face, or one drawn by mistake): it is not blurred. */
  remove(clip: ClipRange, trackId: number): void {
    const faces = this.of(clip);
    if (!faces || faces.removed.includes(trackId) || !faces.tracks.some((t) => t.id === trackId)) return;
    faces.removed = [...faces.removed, trackId];
    if (faces.selected === trackId) faces.selected = null;
  }

  /** Undo the removal of a box: it is blurred (or left visible) as before. */
  restore(clip: ClipRange, trackId: number): void {
    const faces = this.of(clip);
    if (faces) faces.removed = faces.removed.filter((id) => id !== trackId);
  }

  #drawn(faces: ClipFaces, trackId: number): boolean {
    return !faces.removed.includes(trackId) && faces.tracks.some((t) => t.manual && t.id === trackId);
  }

  #update(clip: ClipRange, trackId: number, change: (track: FaceTrack) => FaceTrack): void {
    const faces = this.of(clip);
    if (faces && this.#drawn(faces, trackId)) faces.tracks = faces.tracks.map((t) => (t.id === trackId ? change(t) : t));
  }

  /** Stop looking for the clip's faces. */
  cancel(clip: ClipRange): void {
    this.#runs.get(clip.id)?.abort.abort();
  }

  /** The spans of the clip's picture to blur, seconds from its start; its faces are looked for first when needed. */
  async spansFor(clip: ClipRange, handlers: { signal?: AbortSignal; onProgress?(fraction: number): void } = {}): Promise<BlurSpan[]> {
    const faces = await this.find(clip, handlers);
    return blurSpans(faces.tracks, new Set([...faces.visible, ...faces.removed]), clip.end - clip.start);
  }

  /** Stop every search and free the preview pictures (the lesson is closing). */
  destroy(): void {
    for (const run of this.#runs.values()) run.abort.abort();
    this.#runs.clear();
    for (const id of Object.keys(this.clips)) this.#revoke(id);
  }

  #revoke(clipId: string): void {
    for (const picture of this.clips[clipId]?.pictures ?? []) URL.revokeObjectURL(picture.url);
  }
}
