/**
 * One open lesson: what the workbench and meeting mode share. The shell makes one per lesson route
 * (the workbench and the meeting of one lesson share it) and destroys it when the coach leaves.
 * It owns the opened video, the one undo history, every editor, the analysis and clip-export jobs,
 * the stored rows as they change, and the lesson's keyboard commands. Screens render it and keep
 * only their own UI state (tabs, focus, drag, input text).
 */
import { talkAgreement } from '../core/agreement';
import { clampClip, clipAround } from '../core/loop';
import { entryClipTitle } from '../core/clips';
import { findGuide, guidePerspectives, lensOrder } from '../core/guides';
import type { Entry } from '../core/annotations';
import type { AnalysisRecord, ClipRecord, EntryRecord, GuideRecord, LessonRecord, MeetingRecord, PlanRecord, SegmentsRecord } from '../db/db';
import { listClips } from '../db/db';
import { watchAnalysis, watchClips, watchEntries, watchGuides, watchLesson, watchMeeting, watchPlan, watchSegments, type Watch } from '../db/reads';
import { ClipExporter } from '../export/clip-export.svelte';
import { ClipLoop } from '../meeting/clip-loop.svelte';
import { Clips } from '../meeting/clips.svelte';
import { meetingCommands } from '../meeting/meeting-commands';
import { ThenAndNow } from '../meeting/then-and-now.svelte';
import { emptyMeeting, MeetingEditor } from '../meeting/meeting-record.svelte';
import { LessonAnalysis } from '../workbench/analysis.svelte';
import { Evidence } from '../workbench/evidence.svelte';
import { evidenceCommands } from '../workbench/evidence-commands';
import { openLessonMedia, PLAYS_ONCE_STORED, servedByWorker } from '../workbench/lesson-media';
import { defaultPlan, LessonPlan } from '../workbench/lesson-plan.svelte';
import { Player } from '../workbench/player';
import { Playback } from '../workbench/playback.svelte';
import { playbackCommands } from '../workbench/playback-commands';
import { PreviousSteps } from '../workbench/previous-steps.svelte';
import { TalkBands } from '../workbench/talk-bands.svelte';
import { commands as appCommands, type Command, type CommandRegistry } from './commands.svelte';
import { History, redoAndSay, undoAndSay } from './history.svelte';

/** The lesson and its video, once opened. */
export interface OpenedLesson {
  lesson: LessonRecord;
  /** The video for reading (analysis, export). */
  media: Blob;
  /** What the players play: the service worker's URL of the stored lesson, else `media`. */
  source: Blob | string;
}

/** What the session needs from the shell. */
export interface LessonSessionOptions {
  /** The file being imported, played until the stored copy is complete (null: the stored copy). */
  pendingFile?: File | null;
  /** Leave meeting mode for the workbench (Esc in the meeting). */
  leaveMeeting?: () => void;
  /** Where the lesson's commands are registered (the app's one registry unless a test gives its own). */
  registry?: CommandRegistry;
  /** Opens the lesson's video (tests give a stand-in). */
  openMedia?: (lessonId: string, pendingFile: File | null) => ReturnType<typeof openLessonMedia>;
}

/** Does nothing: what an attach that came too late gives back to undo. */
const nothing = () => {};

/** State of one open lesson, shared by its workbench and its meeting. */
export class LessonSession {
  /** The one undo history of the lesson, whichever screen a change was made on. */
  readonly history = new History();
  readonly evidence: Evidence;
  readonly planEditor: LessonPlan;
  readonly bands: TalkBands;
  readonly clipEditor: Clips;
  readonly meetingEditor: MeetingEditor;
  /** The previous coaching cycle's action steps and their marks in this lesson's cycle (issue 22). */
  readonly previousSteps: PreviousSteps;
  /** The previous cycle's clips to loop beside this lesson's in meeting mode (issue 22). */
  readonly thenAndNow: ThenAndNow;
  /** The coach's own guides (a cycle's guide may be the coach's copy). */
  ownGuides = $state.raw<GuideRecord[] | undefined>(undefined);
  /** The theme guide of this lesson's cycle, or null. */
  readonly guide = $derived.by(() => findGuide(this.previousSteps.cycle?.themeId ?? null, this.ownGuides ?? []));
  /** The perspectives meeting mode offers in turn: the cycle guide's prompts first (issue 22). */
  readonly perspectives = $derived(guidePerspectives(this.guide));
  /** The lenses in the order the workbench offers them: the cycle's agreed lenses, then its guide's, then the rest. */
  readonly lensIds = $derived.by(() => lensOrder(this.previousSteps.cycle?.lenses ?? [], this.guide));
  /** Every keyboard command of the lesson, on either screen; each says when it applies. */
  readonly commands: Command[];

  /** The lesson and its video once opened (null while opening or when it could not be opened). */
  opened = $state.raw<OpenedLesson | null>(null);
  /** Why the lesson could not be opened, in plain words. */
  loadError = $state<string | null>(null);
  /** Clip export of this lesson's video, once opened. */
  exporter = $state<ClipExporter | null>(null);

  /** Stored rows as they change; undefined while the first read is on its way. */
  lesson = $state.raw<LessonRecord | null | undefined>(undefined);
  entries = $state.raw<EntryRecord[] | undefined>(undefined);
  clips = $state.raw<ClipRecord[] | undefined>(undefined);
  storedAnalysis = $state.raw<AnalysisRecord | null | undefined>(undefined);
  segmentsRecord = $state.raw<SegmentsRecord | null | undefined>(undefined);
  planRecord = $state.raw<PlanRecord | null | undefined>(undefined);
  meetingRecord = $state.raw<MeetingRecord | null | undefined>(undefined);

  /** The talk-time bands every figure uses: the coach's corrections, else the analysis's. */
  readonly segments = $derived(this.segmentsRecord ? (this.segmentsRecord.corrected ?? this.segmentsRecord.auto) : []);
  /** The coach's corrected bands, or null while the automatic ones stand. */
  readonly corrected = $derived(this.segmentsRecord?.corrected ?? null);
  /** The bands as the analysis found them. */
  readonly auto = $derived(this.segmentsRecord?.auto ?? []);
  /** Once the coach has corrected the bands, how far they agree with the analysis. */
  readonly agreement = $derived(
    this.segmentsRecord?.corrected && this.segmentsRecord.auto.length && this.lesson ? talkAgreement(this.segmentsRecord.auto, this.segmentsRecord.corrected, this.lesson.duration) : null,
  );
  /** The plan shown: the stored one, else the default; null while loading (the default must not flash up). */
  readonly plan = $derived.by(() => (this.planRecord === undefined ? null : (this.planRecord ?? defaultPlan(this.lessonId))));
  /** The meeting record, empty until something is written in it. */
  readonly meeting = $derived.by(() => this.meetingRecord ?? emptyMeeting(this.lessonId));

  /** The workbench's player state while the workbench is on view. */
  playback = $state<Playback | null>(null);
  /** The workbench's video element (the waveform follows it). */
  video = $state.raw<HTMLVideoElement | null>(null);
  /** The workbench's analysis of the sound, while the workbench is on view. */
  analysis = $state<LessonAnalysis | null>(null);
  /** The video failed to play in the workbench (plain words), or null. */
  mediaError = $state<string | null>(null);
  /** The meeting's clip player while the meeting is on view. */
  loop = $state<ClipLoop | null>(null);
  /** The clip the meeting loops, as stored now (its notes and title follow edits). */
  readonly currentClip = $derived(this.loop?.clip ? ((this.clips ?? []).find((c) => c.id === this.loop!.clip!.id) ?? this.loop.clip) : null);
  /** Move focus to the entry logged last (G); the workbench sets it, as the tabs are its own. */
  onGoToLogged: (() => void) | null = null;

  #options: LessonSessionOptions;
  #opening: Promise<OpenedLesson | null> | null = null;
  #clock: () => number = () => 0;
  #stops: Array<() => void> = [];
  /** The workbench's player of the file being imported, until the stored copy is ready. */
  #waitingForStore: Player | null = null;

  constructor(
    readonly lessonId: string,
    options: LessonSessionOptions = {},
  ) {
    this.#options = options;
    this.evidence = new Evidence(lessonId, () => this.#clock(), this.history);
    this.planEditor = new LessonPlan(lessonId, this.history);
    this.bands = new TalkBands(lessonId, this.history);
    this.clipEditor = new Clips(lessonId, this.history);
    this.meetingEditor = new MeetingEditor(lessonId, this.history);
    this.previousSteps = new PreviousSteps(lessonId);
    this.thenAndNow = new ThenAndNow(lessonId);
    this.commands = this.#commandList();
  }

  /** Follow the lesson's stored rows, open its video and register its keys; `destroy` ends it all. */
  start(): void {
    this.#follow(watchLesson(this.lessonId), (v) => {
      this.lesson = v;
      void this.#playStoredCopy();
    });
    this.#follow(watchEntries(this.lessonId), (v) => (this.entries = v));
    this.#follow(watchClips(this.lessonId), (v) => (this.clips = v));
    this.#follow(watchSegments(this.lessonId), (v) => (this.segmentsRecord = v));
    this.#follow(watchAnalysis(this.lessonId), (v) => (this.storedAnalysis = v));
    this.#follow(watchPlan(this.lessonId), (v) => (this.planRecord = v));
    this.#follow(watchMeeting(this.lessonId), (v) => (this.meetingRecord = v));
    this.previousSteps.start();
    this.#follow(watchGuides(), (v) => (this.ownGuides = v));
    this.#stops.push(() => this.previousSteps.destroy());
    this.thenAndNow.start();
    this.#stops.push(() => this.thenAndNow.destroy());
    this.#stops.push((this.#options.registry ?? appCommands).register(this.commands));
    void this.#open();
  }

  #follow<T>(watch: Watch<T>, set: (value: T | undefined) => void): void {
    const subscription = watch.subscribe(set, (error) => console.error('Reading the lesson failed', this.lessonId, error));
    this.#stops.push(() => subscription.unsubscribe());
  }

  /** Open the lesson's video once, for whichever screen asks first. */
  #open(): Promise<OpenedLesson | null> {
    this.#opening ??= (async () => {
      const opened = await (this.#options.openMedia ?? openLessonMedia)(this.lessonId, this.#options.pendingFile ?? null);
      if (!opened.ok) {
        this.loadError = opened.message;
        return null;
      }
      this.opened = { lesson: opened.lesson, media: opened.media, source: opened.source };
      const exporter = new ClipExporter(opened.lesson, opened.media);
      this.exporter = exporter;
      // Searches for faces stop and their preview pictures are freed with the lesson.
      this.#stops.push(() => exporter.faces.destroy());
      return this.opened;
    })().catch((error) => {
      console.error('Opening lesson failed', this.lessonId, error);
      this.loadError = 'Something went wrong opening this lesson; your lessons are safe. Try reloading the page.';
      return null;
    });
    return this.#opening;
  }

  /**
   * Play the lesson in the workbench's `stage`: its player, playback state and sound analysis (run
   * while the workbench is on view, as before the session). Resolves to the function that takes
   * them down again; after `signal` aborts, nothing is made.
   */
  async attachWorkbench(stage: HTMLElement, signal: AbortSignal): Promise<() => void> {
    const opened = await this.#open();
    if (!opened || signal.aborted) return nothing;
    const { lesson, media, source } = opened;
    // A workbench opens as it always did: no band selected, no incident half marked.
    this.bands.selected = this.bands.focused = null;
    this.bands.listShown = false;
    this.evidence.incidentDraft = this.evidence.focusedId = null;
    const player = new Player(stage, source, lesson.mimeType);
    // The file being imported is played from its blob: URL, which WebKit fails or never loads now and then;
    // the stored copy plays from the service worker's URL, once stored, without a reload.
    if (source === this.#options.pendingFile && navigator.serviceWorker?.controller) this.#waitingForStore = player;
    player.on('error', (message) => {
      if (this.#waitingForStore === player) {
        this.mediaError = PLAYS_ONCE_STORED;
        void this.#playStoredCopy();
        return;
      }
      this.mediaError = (this.lesson ?? lesson).playability === 'full' ? `This video could not be played here (${message}).` : null;
    });
    const playback = new Playback(player, lesson.duration, lesson.frameRate);
    this.#clock = () => player.currentTime;
    this.playback = playback;
    this.video = player.video;
    const analysis = new LessonAnalysis(lesson, media);
    this.analysis = analysis;
    analysis.resume().catch((error) => console.error('Analysis could not start', error));
    return () => {
      if (this.playback === playback) {
        this.playback = null;
        this.video = null;
        this.analysis = null;
        this.#clock = () => 0;
      }
      if (this.#waitingForStore === player) this.#waitingForStore = null;
      analysis.destroy();
      playback.destroy();
      player.destroy();
    };
  }

  /**
   * Once the import has finished, give the player of the file being imported the stored copy's URL if it
   * failed on the file or has not even read its metadata; one playing the file goes on with it.
   */
  async #playStoredCopy(): Promise<void> {
    const player = this.#waitingForStore;
    const lesson = this.lesson;
    if (!player || !this.opened || lesson?.status !== 'ready') return;
    this.#waitingForStore = null;
    if (!player.video.error && player.video.readyState >= HTMLMediaElement.HAVE_METADATA) return;
    const url = await servedByWorker(lesson);
    if (!url) {
      this.mediaError = 'This video could not be played here.';
      return;
    }
    // The meeting, opened later, plays the stored copy too.
    this.opened = { ...this.opened, source: url };
    this.mediaError = null;
    player.setSource(url, lesson.mimeType);
  }

  /** Play the lesson's clips in the meeting's `stage`, from the first clip; resolves to the function that takes it down. */
  async attachMeeting(stage: HTMLElement, signal: AbortSignal): Promise<() => void> {
    const opened = await this.#open();
    if (!opened || signal.aborted) return nothing;
    const player = new Player(stage, opened.source, opened.lesson.mimeType);
    const loop = new ClipLoop(player, opened.lesson.frameRate, (clip, replays) => void this.clipEditor.countReplay(clip, replays), () => this.perspectives);
    this.loop = loop;
    const detach = () => {
      if (this.loop === loop) this.loop = null;
      loop.destroy();
      player.destroy();
    };
    const first = (await listClips(this.lessonId))[0];
    if (first && !signal.aborted) loop.select(first);
    return detach;
  }

  /** Make a clip of a range (loop points, a drag on the waveform). */
  clipRange(start: number, end: number): void {
    if (!this.lesson) return;
    void this.clipEditor.create(clampClip(start, end, this.lesson.duration), '', [], this.clips ?? []);
  }

  /** Make a clip around an entry: an incident from trigger to outcome, anything else with 5 s either side. */
  clipEntry(entry: Entry): void {
    if (!this.lesson) return;
    const duration = this.lesson.duration;
    const range = entry.kind === 'incident' ? clipAround(entry.trigger, entry.outcome ?? entry.incidentEnd ?? entry.incidentStart, duration, 2, 2) : clipAround(entry.time, entry.end, duration);
    void this.clipEditor.create(range, entryClipTitle(entry), [entry.id], this.clips ?? []);
  }

  /** Meeting: select the clip `offset` places down (negative: up) the list. */
  selectClipBy(offset: number): void {
    const list = this.clips ?? [];
    const loop = this.loop;
    if (!list.length || !loop) return;
    const index = list.findIndex((c) => c.id === loop.clip?.id);
    const next = list[Math.max(0, Math.min(list.length - 1, index + offset))];
    if (next) loop.select(next);
  }

  /** Meeting: move the selected clip `offset` places down (negative: up) the list. */
  moveClipBy(offset: number): void {
    const list = this.clips ?? [];
    const index = list.findIndex((c) => c.id === this.loop?.clip?.id);
    if (index >= 0) void this.clipEditor.move(list, index, index + offset);
  }

  /** Undo the last change of the lesson, made on either screen, and say what was undone. */
  undo(): Promise<void> {
    return undoAndSay(this.history);
  }

  /** Redo the last undone change and say what was redone. */
  redo(): Promise<void> {
    return redoAndSay(this.history);
  }

  /** The lesson's commands: the workbench's while it is on view, the meeting's while it is, undo and redo on both. */
  #commandList(): Command[] {
    const onWorkbench = () => this.playback !== null;
    const onMeeting = () => this.loop !== null;
    const onScreen = () => onWorkbench() || onMeeting();
    const only = (when: () => boolean, list: Command[]): Command[] => list.map((c) => ({ ...c, when: c.when ? () => when() && c.when!() : when }));
    const workbench = [
      ...playbackCommands(() => this.playback!),
      ...evidenceCommands(this.evidence, {
        entryTimes: () => (this.entries ?? []).map((e) => e.time),
        segmentStarts: () => this.segments.map((s) => s.start),
        currentTime: () => this.#clock(),
        seek: (t) => this.playback?.seekTo(t),
        goToLogged: () => this.onGoToLogged?.(),
      }),
      { id: 'segment-list', label: 'Show / hide the list of talk-time bands', group: 'Talk-time bands', keys: ['B'], run: () => (this.bands.listShown = !this.bands.listShown) },
    ];
    const meeting = meetingCommands(() => this.loop!, {
      selectBy: (offset) => this.selectClipBy(offset),
      moveBy: (offset) => this.moveClipBy(offset),
      leave: () => this.#options.leaveMeeting?.(),
    });
    const editing: Command[] = [
      { id: 'undo', label: 'Undo', group: 'Editing', keys: ['Ctrl+Z'], run: () => void this.undo() },
      { id: 'redo', label: 'Redo', group: 'Editing', keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], run: () => void this.redo() },
    ];
    return [...only(onWorkbench, workbench), ...only(onMeeting, meeting), ...only(onScreen, editing)];
  }

  /** Stop following the stored rows and take the lesson's keys away. */
  destroy(): void {
    for (const stop of this.#stops.splice(0)) stop();
  }
}
