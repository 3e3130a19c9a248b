/**
 * Importing lesson files: check (bytes, index, browser, quota) before writing anything, then store
 * the video in chunks with progress and cancel, then the poster. The lesson plays from the picked
 * file while it is stored. A video already in the library waits for the coach: open the lesson
 * already there, or keep a second copy on purpose.
 */
import { judgeImport, mimeTypeFor, sniffContainer, titleFromFileName, type ContainerProbe } from '../core/media';
import { cannotStoreMessage, checkFits, chunkRanges, isQuotaError } from '../core/storage';
import { fingerprintOf, FINGERPRINT_EDGE_BYTES } from '../core/fingerprint';
import { beginLesson, deleteLesson, findLessonByFingerprint, finishLesson, ImportGoneError, importLockName, setLessonPlayability, storeChunk, type LessonRecord } from '../db/db';
import { servedByWorker } from '../workbench/lesson-media';
import { canStoreBlobs } from '../db/blob-check';
import { probeFile } from '../jobs/probe';
import { isAbortError } from '../jobs/worker-client';
import { capturePoster, probeWithElement } from './element-probe';

/** Size of each stored slice: large enough to keep the slice count low, small enough for steady progress. */
export const CHUNK_BYTES = 32 * 1024 * 1024;

/** One file being imported, as the library shows it. */
export interface ImportJob {
  key: number;
  fileName: string;
  size: number;
  /** 'duplicate': the video is already in the library, and the import waits for the coach's choice. */
  phase: 'checking' | 'duplicate' | 'storing' | 'finishing' | 'done' | 'failed' | 'cancelled';
  /** 0..1 of the bytes stored. */
  progress: number;
  lessonId: string | null;
  /** Plain-words reason shown when the file was refused or the import failed. */
  error: string | null;
  /** Notes on a stored lesson (no audio, picture not shown here…). */
  notices: string[];
  /** The lesson already holding this video, while the job is 'duplicate'. */
  duplicateOf: { id: string; title: string } | null;
}

/** What the coach chose for a video already in the library. */
export type DuplicateChoice = 'open' | 'copy';

/** What the shell is told when a lesson can be watched (before storage finishes). */
export type OpenLesson = (lesson: LessonRecord, file: File) => void;

/** Runs imports one file at a time and keeps their state for the library. */
export class Importer {
  jobs = $state<ImportJob[]>([]);
  #nextKey = 1;
  #cancelled = new Set<number>();
  /** Whether this window can store a video at all, checked at the first import. */
  #storable: Promise<boolean> | null = null;
  /** The file index being read, by job key, so a cancel stops the read. */
  #probes = new Map<number, AbortController>();
  /** Imports waiting for the coach's choice on a video already in the library, by job key. */
  #choices = new Map<number, (choice: DuplicateChoice | 'cancel') => void>();

  /** True while any file is being checked or stored. */
  get busy(): boolean {
    return this.jobs.some((j) => j.phase === 'checking' || j.phase === 'storing' || j.phase === 'finishing');
  }

  /** Import every file in turn; the first one that can be watched is handed to `open`. */
  async importFiles(files: Iterable<File>, open: OpenLesson): Promise<void> {
    const queued = [...files].map((file) => ({ file, job: this.#add(file) }));
    let opened = false;
    for (const { file, job } of queued) {
      await this.#importOne(file, job, (lesson) => {
        if (opened) return;
        opened = true;
        open(lesson, file);
      });
    }
  }

  /** Stop an import; whatever it stored is removed. */
  cancel(key: number): void {
    this.#cancelled.add(key);
    this.#probes.get(key)?.abort();
    this.#choices.get(key)?.('cancel');
  }

  /**
   * Answer a job waiting on a video already in the library: 'open' drops the import (the caller opens
   * the lesson already there), 'copy' stores a second copy titled "… (copy)".
   */
  resolveDuplicate(key: number, choice: DuplicateChoice): void {
    this.#choices.get(key)?.(choice);
  }

  /** Forget finished, failed and cancelled jobs. */
  dismiss(key: number): void {
    this.jobs = this.jobs.filter((j) => j.key !== key);
  }

  #add(file: File): ImportJob {
    const job: ImportJob = { key: this.#nextKey++, fileName: file.name, size: file.size, phase: 'checking', progress: 0, lessonId: null, error: null, notices: [], duplicateOf: null };
    this.jobs.push(job);
    return this.jobs[this.jobs.length - 1];
  }

  async #importOne(file: File, job: ImportJob, onPlayable: (lesson: LessonRecord) => void): Promise<void> {
    const url = URL.createObjectURL(file);
    try {
      // A window that keeps nothing (a private window) is found out before the file is read or anything is written.
      if (!(await (this.#storable ??= canStoreBlobs()))) return this.#fail(job, cannotStoreMessage(file.name));
      const head = new Uint8Array(await file.slice(0, 64).arrayBuffer());
      const container = sniffContainer(head);
      const probe = container === 'mp4' ? await this.#probe(file, job.key) : null;
      const element = container === 'unknown' || file.size === 0 ? { ok: false, duration: 0, videoWidth: 0, videoHeight: 0 } : await probeWithElement(url);
      const verdict = judgeImport(file.name, file.size, container, probe, element);
      if (!verdict.ok) return this.#fail(job, verdict.message);
      const fit = checkFits(file.name, file.size, await navigator.storage?.estimate?.().catch(() => null));
      if (!fit.fits) return this.#fail(job, fit.message);
      if (this.#cancelled.has(job.key)) return this.#cancel(job);

      const [headMiB, tailMiB] = await Promise.all([
        file.slice(0, FINGERPRINT_EDGE_BYTES).arrayBuffer(),
        file.slice(Math.max(0, file.size - FINGERPRINT_EDGE_BYTES)).arrayBuffer(),
      ]);
      const fingerprint = await fingerprintOf(file.size, headMiB, tailMiB);
      let title = titleFromFileName(file.name);
      const existing = await findLessonByFingerprint(fingerprint);
      if (existing) {
        // Nothing is written until the coach has chosen: a second copy is rarely wanted, and its notes
        // would live apart from the first copy's.
        job.phase = 'duplicate';
        job.duplicateOf = { id: existing.id, title: existing.title };
        const choice = await new Promise<DuplicateChoice | 'cancel'>((resolve) => this.#choices.set(job.key, resolve));
        this.#choices.delete(job.key);
        job.duplicateOf = null;
        if (choice === 'open') return this.dismiss(job.key);
        if (choice === 'cancel' || this.#cancelled.has(job.key)) return this.#cancel(job);
        job.phase = 'checking';
        title = `${existing.title} (copy)`;
      }
      const now = Date.now();
      const lesson: LessonRecord = {
        id: crypto.randomUUID(),
        title,
        teacher: '',
        subject: '',
        date: new Date(file.lastModified || now).toISOString().slice(0, 10),
        fileName: file.name,
        mimeType: mimeTypeFor(container, file.type),
        size: file.size,
        duration: verdict.duration,
        width: verdict.width,
        height: verdict.height,
        frameRate: verdict.frameRate,
        hasAudio: verdict.hasAudio,
        videoCodec: verdict.videoCodec,
        audioCodec: verdict.audioCodec,
        playability: verdict.playability,
        fingerprint,
        status: 'importing',
        storedBytes: 0,
        chunkCount: 0,
        heartbeat: now,
        createdAt: now,
        updatedAt: now,
        exportedAt: null,
      };
      job.notices = verdict.notices;
      job.lessonId = lesson.id;
      job.phase = 'storing';
      // Hold a Web Lock while storing: if this tab is closed or crashes, the browser releases it and
      // the next start knows the half-stored lesson is abandoned.
      const store = async () => {
        await beginLesson(lesson);
        onPlayable(lesson);
        for (const [index, [start, end]] of chunkRanges(file.size, CHUNK_BYTES).entries()) {
          if (this.#cancelled.has(job.key)) {
            await deleteLesson(lesson.id);
            return false;
          }
          await storeChunk(lesson.id, index, file.slice(start, end), end);
          job.progress = end / file.size;
        }
        job.phase = 'finishing';
        const poster = verdict.playability === 'full' ? await capturePoster(url, verdict.duration) : null;
        await finishLesson(lesson.id, poster);
        return true;
      };
      const stored = 'locks' in navigator ? await navigator.locks.request(importLockName(lesson.id), store) : await store();
      if (!stored) return this.#cancel(job);
      if (!element.ok && probe && !('error' in probe)) await this.#judgeServed(lesson, file, container, probe, job);
      job.phase = 'done';
    } catch (error) {
      if (job.lessonId) await deleteLesson(job.lessonId).catch((e) => console.error('Could not remove a partial import', e));
      if (error instanceof ImportGoneError || isAbortError(error)) return this.#cancel(job);
      if (isQuotaError(error)) {
        return this.#fail(job, `The browser's storage filled up while saving “${file.name}”. Nothing was kept of this file and your other lessons are safe. Free disk space or delete a finished lesson, then import it again.`);
      }
      console.error('Import failed', file.name, error);
      this.#fail(job, `Something went wrong while importing “${file.name}”; nothing was kept of it, and your other lessons are safe.`);
    } finally {
      URL.revokeObjectURL(url);
    }
  }

  /**
   * A stored lesson whose file the hidden element could not load from its blob: URL, judged again from the
   * service worker's URL, which is how it is played once stored. WebKit fails now and then (and some builds
   * always) on a blob: URL of a file it plays over http; the lesson must not be called unplayable for that.
   */
  async #judgeServed(lesson: LessonRecord, file: File, container: ReturnType<typeof sniffContainer>, probe: ContainerProbe, job: ImportJob): Promise<void> {
    const served = await servedByWorker(lesson);
    if (!served) return;
    const element = await probeWithElement(served);
    if (!element.ok) return;
    const verdict = judgeImport(file.name, file.size, container, probe, element);
    if (!verdict.ok || verdict.playability === lesson.playability) return;
    await setLessonPlayability(lesson.id, verdict.playability);
    job.notices = verdict.notices;
  }

  /** The file's MP4 index, or why it could not be read (judged as a damaged file); rejects only on cancel. */
  async #probe(file: File, key: number): Promise<ContainerProbe | { error: string }> {
    const controller = new AbortController();
    this.#probes.set(key, controller);
    try {
      return await probeFile(file, { signal: controller.signal });
    } catch (error) {
      if (isAbortError(error)) throw error;
      return { error: error instanceof Error ? error.message : String(error) };
    } finally {
      this.#probes.delete(key);
    }
  }

  #fail(job: ImportJob, message: string): void {
    job.phase = 'failed';
    job.error = message;
  }

  #cancel(job: ImportJob): void {
    job.phase = 'cancelled';
    job.error = null;
    this.#cancelled.delete(job.key);
  }
}
