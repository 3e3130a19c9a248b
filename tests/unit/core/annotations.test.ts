import { describe, expect, it } from 'vitest';
import {
  ENTRY_KINDS,
  ENTRY_SCHEMA_VERSION,
  EntryValidationError,
  KIND_KEYS,
  KIND_LENS,
  cancelIncident,
  cleanTags,
  createEntry,
  filterEntries,
  incidentFromDraft,
  incidentPrompt,
  kindForKey,
  nextIncidentStep,
  retime,
  sortByTime,
  updateEntry,
  type Entry,
} from '../../../src/core/annotations';
import { LENSES } from '../../../src/core/lenses';

const T0 = 1_700_000_000_000;

// Keys the playback commands already use (src/workbench/playback-commands.ts) plus help and Escape.
const PLAYBACK_KEYS = [' ', 'k', ',', '.', '<', '>', '-', '+', '=', '[', ']', '\\', '?', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'Escape'];

describe('kinds, lenses and keys', () => {
  it('files each kind under an existing lens, one kind per lens, none under time use', () => {
    const lensIds = LENSES.map((l) => l.id);
    const used = ENTRY_KINDS.map((k) => KIND_LENS[k]);
    expect(used.every((l) => lensIds.includes(l))).toBe(true);
    expect(new Set(used).size).toBe(ENTRY_KINDS.length);
    expect(used).not.toContain('time_use');
    expect(KIND_LENS.incident).toBe('incidents');
    expect(KIND_LENS.pupil_question).toBe('pupil_questions');
  });

  it('gives every kind its own single-letter key that clashes with no playback key', () => {
    const keys = ENTRY_KINDS.map((k) => KIND_KEYS[k]);
    expect(new Set(keys).size).toBe(ENTRY_KINDS.length);
    for (const key of keys) {
      expect(key).toMatch(/^[A-Z]$/);
      expect(PLAYBACK_KEYS.map((k) => k.toUpperCase())).not.toContain(key);
    }
    expect(KIND_KEYS.interaction).toBe('N');
  });

  it('maps a pressed key back to its kind in either case, and nothing else', () => {
    expect(kindForKey('q')).toBe('teacher_question');
    expect(kindForKey('Q')).toBe('teacher_question');
    expect(kindForKey('n')).toBe('interaction');
    expect(kindForKey('k')).toBeNull();
    expect(kindForKey('Escape')).toBeNull();
  });
});

describe('createEntry', () => {
  it('creates a teacher question with nothing classified and wait times still to measure', () => {
    const q = createEntry('teacher_question', 83.4, 'lesson-1', T0, 'e1');
    expect(q).toEqual({
      id: 'e1',
      lessonId: 'lesson-1',
      kind: 'teacher_question',
      lens: 'questions',
      time: 83.4,
      end: null,
      note: '',
      tags: [],
      createdAt: T0,
      updatedAt: T0,
      schemaVersion: ENTRY_SCHEMA_VERSION,
      words: '',
      questionType: { openness: null, level: null },
      addressedTo: null,
      response: null,
      waitTime1: null,
      waitTime2: null,
      waitTimeSource: 'auto',
      questionEnd: null,
    });
  });

  it('starts an incident with trigger and incident at the press, outcome open', () => {
    const i = createEntry('incident', 12, 'l', T0, 'e2');
    expect([i.time, i.trigger, i.incidentStart, i.incidentEnd, i.outcome, i.end]).toEqual([12, 12, 12, null, null, null]);
    expect(i.perspectives).toEqual({});
  });

  it('gives a pupil question open fields and a simple kind only the common ones', () => {
    const p = createEntry('pupil_question', 5, 'l', T0, 'e3');
    expect([p.to, p.initiative, p.shows, p.lens]).toEqual([null, null, '', 'pupil_questions']);
    const m = createEntry('movement', 5, 'l', T0, 'e4');
    expect(Object.keys(m).sort()).toEqual(['createdAt', 'end', 'id', 'kind', 'lens', 'lessonId', 'note', 'schemaVersion', 'tags', 'time', 'updatedAt']);
  });

  it('clamps a press before the start (a seek past zero) to zero', () => {
    expect(createEntry('strength', -0.2, 'l', T0, 'e').time).toBe(0);
  });
});

describe('updateEntry', () => {
  const strength = createEntry('strength', 100, 'l', T0, 's1');

  it('returns a new object stamped with the edit time and leaves the original alone', () => {
    const next = updateEntry(strength, { note: 'Clear success criteria', end: 130 }, T0 + 5000);
    expect(next).not.toBe(strength);
    expect(next.note).toBe('Clear success criteria');
    expect(next.end).toBe(130);
    expect(next.updatedAt).toBe(T0 + 5000);
    expect(next.createdAt).toBe(T0);
    expect(strength.note).toBe('');
  });

  it('refuses negative times and ranges that end before they start', () => {
    expect(() => updateEntry(strength, { time: -1 }, T0)).toThrow(EntryValidationError);
    expect(() => updateEntry(strength, { end: 99 }, T0)).toThrow('The end must not come before the start.');
    expect(() => updateEntry(strength, { time: Number.NaN }, T0)).toThrow(EntryValidationError);
    expect(updateEntry(strength, { end: 100 }, T0).end).toBe(100);
  });

  it('cleans tags: trimmed, no empties, duplicates ignoring case dropped', () => {
    expect(updateEntry(strength, { tags: [' praise ', 'Praise', '', 'routines'] }, T0).tags).toEqual(['praise', 'routines']);
    expect(cleanTags(['A', 'a', ' b'])).toEqual(['A', 'b']);
  });

  it("marks wait times edited by hand as the coach's, but keeps an explicit source", () => {
    const q = createEntry('teacher_question', 10, 'l', T0, 'q');
    expect(updateEntry(q, { waitTime1: 3.2 }, T0).waitTimeSource).toBe('coach');
    expect(updateEntry(q, { waitTime1: 0.9, waitTime2: null, waitTimeSource: 'auto' }, T0).waitTimeSource).toBe('auto');
    expect(updateEntry(q, { note: 'why?' }, T0).waitTimeSource).toBe('auto');
    expect(() => updateEntry(q, { waitTime2: -0.5 }, T0)).toThrow('Wait time 2');
  });

  it('keeps incident marks in order: trigger ≤ incident ≤ end ≤ outcome', () => {
    const i = createEntry('incident', 50, 'l', T0, 'i');
    const ok = updateEntry(i, { incidentStart: 55, incidentEnd: 70, outcome: 90 }, T0);
    expect([ok.time, ok.end]).toEqual([50, 90]);
    expect(() => updateEntry(i, { incidentStart: 45 }, T0)).toThrow('The incident must not come before the trigger.');
    expect(() => updateEntry(ok, { outcome: 60 }, T0)).toThrow('The outcome must not come before the end of the incident.');
    // Without an incident end, the outcome is checked against the incident start.
    expect(() => updateEntry(i, { incidentStart: 60, outcome: 58 }, T0)).toThrow('The outcome must not come before the incident.');
  });

  it("keeps an incident's time and end in step with its marks", () => {
    const i = updateEntry(createEntry('incident', 50, 'l', T0, 'i'), { incidentStart: 52 }, T0);
    expect(updateEntry(i, { trigger: 48 }, T0)).toMatchObject({ time: 48, trigger: 48, end: null });
    expect(updateEntry(i, { time: 47 }, T0)).toMatchObject({ time: 47, trigger: 47 });
    expect(updateEntry(i, { incidentEnd: 60 }, T0).end).toBe(60);
    expect(updateEntry(i, { incidentEnd: 60, outcome: 75 }, T0).end).toBe(75);
  });
});

describe('retime', () => {
  it('moves a range whole', () => {
    const s = updateEntry(createEntry('language', 100, 'l', T0, 'a'), { end: 112 }, T0);
    expect(retime(s, 90)).toMatchObject({ time: 90, end: 102 });
  });
  it('moves every mark of an incident by the same amount', () => {
    const i = updateEntry(createEntry('incident', 50, 'l', T0, 'i'), { incidentStart: 55, incidentEnd: 70, outcome: 90 }, T0);
    expect(retime(i, 60, T0 + 1)).toMatchObject({ time: 60, trigger: 60, incidentStart: 65, incidentEnd: 80, outcome: 100, end: 100, updatedAt: T0 + 1 });
  });
  it("leaves a question's measured end where the audio put it", () => {
    const q = updateEntry(createEntry('teacher_question', 30, 'l', T0, 'q'), { questionEnd: 29.4, waitTime1: 1.2, waitTimeSource: 'auto' }, T0);
    expect(retime(q, 31)).toMatchObject({ time: 31, questionEnd: 29.4, waitTime1: 1.2 });
  });
});

describe('sortByTime and filterEntries', () => {
  const a = updateEntry(createEntry('teacher_question', 40, 'l', T0 + 2, 'a'), { words: 'Why does the ice melt?', tags: ['Science'] }, T0);
  const b = updateEntry(createEntry('pupil_question', 10, 'l', T0, 'b'), { shows: 'confuses mass and weight' }, T0);
  const c = updateEntry(createEntry('strength', 40, 'l', T0 + 1, 'c'), { note: 'Élève praised for précis', tags: ['praise'] }, T0);
  const d = updateEntry(createEntry('incident', 70, 'l', T0, 'd'), { perspectives: { pupils: 'They felt rushed' } }, T0);
  const all: Entry[] = [a, b, c, d];

  it('orders by time, ties by creation', () => {
    expect(sortByTime(all).map((e) => e.id)).toEqual(['b', 'c', 'a', 'd']);
    expect(all.map((e) => e.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('filters by lens and by tag ignoring case', () => {
    expect(filterEntries(all, { lens: 'strengths' }).map((e) => e.id)).toEqual(['c']);
    expect(filterEntries(all, { tag: 'science' }).map((e) => e.id)).toEqual(['a']);
    expect(filterEntries(all, { tag: 'scien' })).toEqual([]);
  });

  it('searches note, words, what it shows, perspectives and tags, ignoring case and accents', () => {
    expect(filterEntries(all, { text: 'ICE' }).map((e) => e.id)).toEqual(['a']);
    expect(filterEntries(all, { text: 'eleve precis' }).map((e) => e.id)).toEqual(['c']);
    expect(filterEntries(all, { text: 'mass' }).map((e) => e.id)).toEqual(['b']);
    expect(filterEntries(all, { text: 'rushed' }).map((e) => e.id)).toEqual(['d']);
    expect(filterEntries(all, { text: 'science' }).map((e) => e.id)).toEqual(['a']);
    // Every word must match: "ice" and "rushed" are in different entries.
    expect(filterEntries(all, { text: 'ice rushed' })).toEqual([]);
    expect(filterEntries(all, { text: '  ' })).toHaveLength(4);
  });

  it('combines criteria', () => {
    expect(filterEntries(all, { lens: 'questions', text: 'melt' }).map((e) => e.id)).toEqual(['a']);
    expect(filterEntries(all, { lens: 'strengths', text: 'melt' })).toEqual([]);
  });
});

describe('incident logging', () => {
  it('marks trigger, then incident, then outcome, and is done after the third press', () => {
    const s1 = nextIncidentStep(null, 120);
    expect(s1).toEqual({ draft: { trigger: 120, incidentStart: null, outcome: null }, done: false });
    expect(incidentPrompt(s1.draft)).toBe('incident');
    const s2 = nextIncidentStep(s1.draft, 126);
    expect(s2).toEqual({ draft: { trigger: 120, incidentStart: 126, outcome: null }, done: false });
    expect(incidentPrompt(s2.draft)).toBe('outcome');
    const s3 = nextIncidentStep(s2.draft, 150);
    expect(s3).toEqual({ draft: { trigger: 120, incidentStart: 126, outcome: 150 }, done: true });
    // A press after completion starts a new incident.
    expect(nextIncidentStep(s3.draft, 200)).toEqual({ draft: { trigger: 200, incidentStart: null, outcome: null }, done: false });
  });

  it('keeps marks in time order when the coach seeks back between presses', () => {
    const s2 = nextIncidentStep(nextIncidentStep(null, 130).draft, 118);
    const s3 = nextIncidentStep(s2.draft, 125);
    expect(s3.draft).toEqual({ trigger: 118, incidentStart: 125, outcome: 130 });
  });

  it('cancels with Escape and turns a complete draft into a valid entry', () => {
    expect(cancelIncident()).toBeNull();
    expect(incidentPrompt(cancelIncident())).toBe('trigger');
    const entry = incidentFromDraft({ trigger: 120, incidentStart: 126, outcome: 150 }, 'l', T0, 'inc');
    expect(entry).toMatchObject({ kind: 'incident', lens: 'incidents', time: 120, trigger: 120, incidentStart: 126, outcome: 150, end: 150 });
  });
});
