/**
 * Then and now (issue 22): a clip of the previous cycle's lesson set beside a clip of this one, the
 * earlier clips offered most alike first (core/cycles likeWithLike), the chosen one's video opened
 * from the library and looped beside the meeting's own loop.
 */
import { comparableClip, likeWithLike, previousCycleLessons } from '../core/cycles';
import { listClips, listEntries, type ClipRecord, type EntryRecord, type LessonRecord } from '../db/db';
import { watchCoacheeRowsOfLesson, type CoacheeRows } from '../db/reads';
import { openLessonMedia } from '../workbench/lesson-media';

/** A clip of an earlier lesson, with that lesson and the entries it shows. */
export interface ThenClip {
  clip: ClipRecord;
  lesson: LessonRecord;
  entries: EntryRecord[];
}

/** The then-and-now state of one open lesson's meeting. */
export class ThenAndNow {
  /** The previous cycle's clips (its lessons newest first); undefined while loading, empty when there are none. */
  clips = $state.raw<ThenClip[] | undefined>(undefined);
  /** The earlier clip chosen and the address its video plays from, or null. */
  chosen = $state.raw<{ then: ThenClip; source: string } | null>(null);
  /** Why the earlier lesson's video cannot play, in plain words, or null. */
  error = $state<string | null>(null);

  #stop: (() => void) | null = null;
  #objectUrl: string | null = null;
  #read = 0;

  constructor(readonly lessonId: string) {}

  /** Follow the coachee's rows; `destroy` stops. */
  start(): void {
    const subscription = watchCoacheeRowsOfLesson(this.lessonId).subscribe(
      (rows) => void this.#load(rows),
      (error) => console.error('Reading the previous cycle’s clips failed', this.lessonId, error),
    );
    this.#stop = () => subscription.unsubscribe();
  }

  async #load(rows: CoacheeRows | null | undefined): Promise<void> {
    const read = ++this.#read;
    const lessons = rows ? previousCycleLessons(this.lessonId, rows.cycles, rows.lessons).filter((l) => l.status === 'ready') : [];
    const found: ThenClip[] = [];
    for (const lesson of lessons) {
      const [clips, entries] = await Promise.all([listClips(lesson.id), listEntries(lesson.id)]);
      for (const clip of [...clips].sort((a, b) => a.order - b.order)) found.push({ clip, lesson, entries });
    }
    if (read === this.#read) this.clips = found;
  }

  /** The earlier clips, most alike first to a clip of this lesson (as listed when none is chosen). */
  ordered(now: ClipRecord | null, nowEntries: readonly EntryRecord[]): ThenClip[] {
    const clips = this.clips ?? [];
    if (!now) return clips;
    const keyed = clips.map((t) => ({ ...comparableClip(t.clip, t.entries), then: t }));
    return likeWithLike(comparableClip(now, nowEntries), keyed).map((k) => k.then);
  }

  /** Open an earlier clip's lesson video (null closes it). */
  async choose(then: ThenClip | null): Promise<void> {
    this.#release();
    this.chosen = null;
    this.error = null;
    if (!then) return;
    try {
      const media = await openLessonMedia(then.lesson.id, null);
      if (!media.ok) return void (this.error = media.message);
      const source = typeof media.source === 'string' ? media.source : (this.#objectUrl = URL.createObjectURL(media.source));
      this.chosen = { then, source };
    } catch (error) {
      console.error('Opening the earlier lesson failed', then.lesson.id, error);
      this.error = 'The earlier lesson’s video could not be opened; your lessons are safe.';
    }
  }

  #release(): void {
    if (this.#objectUrl) URL.revokeObjectURL(this.#objectUrl);
    this.#objectUrl = null;
  }

  /** Stop following the rows and let the video go. */
  destroy(): void {
    this.#stop?.();
    this.#stop = null;
    this.#release();
  }
}
