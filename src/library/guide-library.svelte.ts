/**
 * Theme coaching guides as the coach keeps them (issue 22): the built-in six, the coach's edited
 * copies (stored under the built-in guide's id, so cycles that chose it get the edit) and their own
 * new guides; each exported and imported as a small JSON file a school's coaching group shares.
 */
import { BUILT_IN_GUIDES, guideToJson, parseGuide, type CoachingGuide } from '../core/guides';
import { projectFileName } from '../core/formats/project';
import { deleteGuide, putGuide, type GuideRecord } from '../db/db';
import { watchGuides } from '../db/reads';

/** What an import or a save did: the stored guide's id and anything worth telling the coach, or why not. */
export type GuideChange = { ok: true; id: string; warnings: string[] } | { ok: false; errors: string[] };

/** The guides' state for the library and the pre-lesson meeting's guide select. */
export class GuideLibrary {
  /** The coach's own guides as stored; undefined while the first read is on its way. */
  own = $state.raw<GuideRecord[] | undefined>(undefined);

  /** Every guide on offer: each built-in one (or the coach's copy of it), then the coach's new ones by name. */
  readonly all: CoachingGuide[] = $derived.by(() => {
    const own = this.own ?? [];
    const builtIn = BUILT_IN_GUIDES.map((g) => own.find((o) => o.id === g.id) ?? g);
    return [...builtIn, ...own.filter((o) => !BUILT_IN_GUIDES.some((g) => g.id === o.id))];
  });

  #stop: (() => void) | null = null;
  #newId: () => string = () => `guide-${crypto.randomUUID()}`;

  constructor(options: { newId?: () => string } = {}) {
    if (options.newId) this.#newId = options.newId;
  }

  /** Follow the stored guides; `destroy` stops. */
  start(): void {
    const subscription = watchGuides().subscribe(
      (guides) => (this.own = guides),
      (error) => console.error('Reading the guides failed', error),
    );
    this.#stop = () => subscription.unsubscribe();
  }

  /** Store a guide the coach edited or made, checked as its file would be (a name, and a prompt or evidence line). */
  async save(guide: CoachingGuide): Promise<GuideChange> {
    const checked = parseGuide(guideToJson(guide));
    if (!checked.ok) return checked;
    await putGuide({ ...checked.guide, updatedAt: Date.now() });
    return { ok: true, id: checked.guide.id, warnings: checked.warnings };
  }

  /** A new guide of the coach's own, to be filled in and saved. */
  draft(name = ''): CoachingGuide {
    return { id: this.#newId(), name, summary: '', discussionPrompts: [], evidence: [], lenses: [], source: '', builtIn: false };
  }

  /** Forget the coach's guide of this id (for an edited built-in guide, the built-in one is offered again). */
  remove(id: string): Promise<void> {
    return deleteGuide(id);
  }

  /** A guide's file text and name, for the download. */
  exportFile(guide: CoachingGuide): { text: string; fileName: string } {
    return { text: guideToJson(guide), fileName: projectFileName(guide.name).replace(/\.reframe\.json$/, '.reframe-guide.json') };
  }

  /**
   * Import a guide file. It keeps its id (an edited built-in guide becomes this library's version of
   * that theme) unless the coach already has a guide of that id: then it is stored beside it.
   */
  async importFile(text: string): Promise<GuideChange> {
    const parsed = parseGuide(text);
    if (!parsed.ok) return parsed;
    const taken = (this.own ?? []).some((g) => g.id === parsed.guide.id);
    const guide = taken ? { ...parsed.guide, id: this.#newId() } : parsed.guide;
    const warnings = taken ? [...parsed.warnings, `You already have a guide “${parsed.guide.name}”; the imported one was added beside it.`] : parsed.warnings;
    await putGuide({ ...guide, updatedAt: Date.now() });
    return { ok: true, id: guide.id, warnings };
  }

  /** Stop following the stored guides. */
  destroy(): void {
    this.#stop?.();
    this.#stop = null;
  }
}
