/**
 * Exporting clips as MP4 files: one after another in the transcode worker, with progress per clip
 * and overall, a cancel that leaves nothing half-written, and one zip when there are several.
 */
import { zipSync } from 'fflate';
import { exportClip, keyframeRange } from '../jobs/transcode';
import { clipCaptions } from '../core/clips';
import { clipFileName } from '../core/formats/clip-name';
import { fileNamePart } from '../core/formats/clip-name';
import { formatClock } from '../core/format';
import type { Entry } from '../core/annotations';
import { pupilVoiceRanges, sharedLessonTitle, withoutKept, type ClipAudience, type VoiceTimeline } from '../core/privacy';
import type { ClipRecord, LessonRecord } from '../db/db';
import { downloadBlob } from './download';
import { FaceBlur } from './face-blur.svelte';

/** How clips are exported. */
export interface ClipExportSettings {
  mode: 'fast' | 'exact';
  captions: 'none' | 'burn' | 'soft';
  titleCard: boolean;
  /** Who the clips are for; sharing beyond the pair turns the protection of pupils on (see `defaultProtection`). */
  audience: ClipAudience;
  /** Silence the stretches where pupils speak (exact export only). */
  muteVoices: boolean;
  /** Blur the faces found in the picture, except those the coach left visible (exact export only). */
  blurFaces?: boolean;
  /** Per clip id, the starts of the stretches the coach chose to keep audible (as `pupilVoiceRanges` gives them). */
  keptAudible?: Record<string, readonly number[]>;
}

/** Said when pupils' voices cannot be found in the lesson's stored analysis. */
export const NO_TEACHER_VOICE = "Pupils' voices can be told apart once the lesson's sound has been analysed (open it in the workbench and wait for the analysis to finish), or export without muting.";

/** Where a fast cut of a clip really starts and ends, seconds, or why that could not be found. */
export type FastRange = { actualStart: number; actualEnd: number } | { error: string };

/** A clip and its times: a range found for other times does not apply. */
const rangeKey = (clip: Pick<ClipRecord, 'id' | 'start' | 'end'>) => `${clip.id}@${clip.start}-${clip.end}`;

/** One clip's export, as the panel shows it. */
export interface ClipJob {
  clipId: string;
  title: string;
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  progress: number;
  error: string | null;
}

/** Clip export for one lesson. */
export class ClipExporter {
  jobs = $state<ClipJob[]>([]);
  running = $state(false);
  /** What a fast (stream-copy) export of each clip really covers, found before exporting; see `fastRangeOf`. */
  fastRanges = $state<Record<string, FastRange>>({});
  message = $state<string | null>(null);
  #abort: AbortController | null = null;
  /** The faces of this lesson's clips, for blurring them. */
  readonly faces: FaceBlur;
  /** Ranges being looked up (not state: only guards against asking twice). */
  #looking = new Set<string>();

  constructor(
    private lesson: LessonRecord,
    private media: Blob,
  ) {
    this.faces = new FaceBlur(media, lesson.fileName);
  }

  /** Overall progress 0..1. */
  get progress(): number {
    return this.jobs.length ? this.jobs.reduce((sum, j) => sum + (j.state === 'done' ? 1 : j.progress), 0) / this.jobs.length : 0;
  }

  /** The fast-cut range of a clip as its times are now (a clip whose times changed is looked up again), or undefined until known. */
  fastRangeOf(clip: Pick<ClipRecord, 'id' | 'start' | 'end'>): FastRange | undefined {
    return this.fastRanges[rangeKey(clip)];
  }

  /** Find where a stream copy would really start and end (keyframes), to show before exporting; clips already known are skipped. */
  async previewFastRanges(clips: readonly ClipRecord[]): Promise<void> {
    for (const clip of clips) {
      const key = rangeKey(clip);
      if (key in this.fastRanges || this.#looking.has(key)) continue;
      this.#looking.add(key);
      try {
        this.fastRanges = { ...this.fastRanges, [key]: await keyframeRange(this.media, clip.start, clip.end) };
      } catch (error) {
        // The client's messages are plain words (the worker maps its failures).
        this.fastRanges = { ...this.fastRanges, [key]: { error: error instanceof Error && error.message ? error.message : 'The fast-cut range could not be found.' } };
      } finally {
        this.#looking.delete(key);
      }
    }
  }

  /**
   * Export the clips; one MP4 is downloaded as it is, several as one zip. Nothing is saved if cancelled.
   * `voice` is the lesson's stored voice timeline, which muting pupils' voices needs.
   */
  async export(clips: readonly ClipRecord[], entries: readonly Entry[], settings: ClipExportSettings, voice: VoiceTimeline | null = null): Promise<void> {
    if (this.running || clips.length === 0) return;
    const abort = new AbortController();
    this.#abort = abort;
    this.running = true;
    this.message = null;
    this.jobs = clips.map((c) => ({ clipId: c.id, title: c.title, state: 'queued', progress: 0, error: null }));
    const files: Array<{ name: string; blob: Blob }> = [];
    // Clips that leave the pair name the lesson only by a title the coach typed, never by its file's name.
    const lessonTitle = settings.audience === 'beyond' ? sharedLessonTitle(this.lesson.title, this.lesson.fileName) : this.lesson.title;
    try {
      for (const [index, clip] of clips.entries()) {
        const job = this.jobs[index];
        job.state = 'running';
        try {
          const muteRanges = settings.muteVoices ? (voice ? pupilVoiceRanges(voice, clip) : null) : [];
          if (muteRanges === null) throw new Error(NO_TEACHER_VOICE);
          const silenced = withoutKept(muteRanges, settings.keptAudible?.[clip.id] ?? []);
          // Finding the faces (when the preview has not yet) is the first half of a blurred clip's progress.
          const blurred = settings.blurFaces ? await this.faces.spansFor(clip, { signal: abort.signal, onProgress: (fraction) => (job.progress = fraction / 2) }) : [];
          const exported = settings.blurFaces ? (fraction: number) => (job.progress = 0.5 + fraction / 2) : (fraction: number) => (job.progress = fraction);
          const result = await exportClip(
            this.media,
            {
              fileName: this.lesson.fileName,
              start: clip.start,
              end: clip.end,
              // Silencing stretches of the sound and blurring faces need re-encoding.
              mode: settings.muteVoices || settings.blurFaces ? 'exact' : settings.mode,
              muteRanges: silenced,
              blurSpans: blurred,
              captions: settings.captions,
              // A clip without entries is captioned with its title, never with nothing (an empty track cannot be made).
              cues: settings.captions === 'none' ? [] : clipCaptions(entries, clip),
              titleCard: settings.titleCard && (settings.mode === 'exact' || settings.muteVoices || settings.blurFaces) ? { lines: [lessonTitle, clip.title, `${formatClock(clip.start)}–${formatClock(clip.end)}`].filter(Boolean), seconds: 2.5 } : null,
            },
            { signal: abort.signal, onProgress: exported },
          );
          job.state = 'done';
          job.progress = 1;
          files.push({ name: clipFileName(lessonTitle, clip.title, result.actualStart, result.actualEnd), blob: result.blob });
        } catch (error) {
          if ((error as { name?: string }).name === 'AbortError') throw error;
          job.state = 'failed';
          // The export client's messages are plain words (the worker maps ffmpeg's failures); anything else is not shown.
          job.error = error instanceof Error && error.message ? error.message : 'Something went wrong; your lesson is safe. Please try again.';
          console.error(`clip ${clip.id} export failed:`, error);
        }
      }
      if (files.length === 1) downloadBlob(files[0].blob, files[0].name);
      else if (files.length > 1) downloadBlob(await zipClips(files), `${fileNamePart(lessonTitle, 'lesson')}_clips.zip`);
      const failed = this.jobs.filter((j) => j.state === 'failed').length;
      this.message = failed ? `${files.length} clip${files.length === 1 ? '' : 's'} exported; ${failed} could not be made (see below).` : `${files.length} clip${files.length === 1 ? '' : 's'} exported.`;
    } catch (error) {
      for (const job of this.jobs) if (job.state !== 'done' && job.state !== 'failed') job.state = 'cancelled';
      if ((error as { name?: string }).name === 'AbortError') this.message = 'Export cancelled: nothing was saved.';
      else {
        console.error('saving the exported clips failed:', error);
        this.message = 'The clips were made but could not be saved. Please try again; your lesson is safe.';
      }
    } finally {
      this.running = false;
      this.#abort = null;
    }
  }

  /** Stop the export; clips already made are discarded too, so nothing half-done is saved. */
  cancel(): void {
    this.#abort?.abort();
  }
}

/** Put clips in one zip; MP4 is already compressed, so entries are stored without recompressing. */
async function zipClips(files: Array<{ name: string; blob: Blob }>): Promise<Blob> {
  const entries: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const file of files) entries[file.name] = [new Uint8Array(await file.blob.arrayBuffer()), { level: 0 }];
  return new Blob([zipSync(entries) as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
}
