import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { createEntry, updateEntry, validateEntry, type Entry } from '../../../../src/core/annotations';
import {
  CLIPS_TIER,
  KIND_TIERS,
  PLAN_TIER,
  QUESTION_TYPE_TIER,
  TALK_AUTO_TIER,
  TALK_COACH_TIER,
  eafToLesson,
  entryFromAnnotation,
  entryValue,
  escapeXml,
  isTalkTier,
  lessonToEaf,
  matchEafToLesson,
  readEaf,
  readFields,
  tierEntries,
  type EafElement,
  type EafSource,
} from '../../../../src/core/formats/eaf';
import type { TalkSegment } from '../../../../src/core/talk';

const SCHEMA = join(__dirname, '../../../../../shared/schemas/EAFv3.0.xsd');
const now = Date.UTC(2026, 10, 25, 10, 0, 0);

/** A lesson with every entry kind, corrected bands, a plan with marked and unmarked phases, and clips. */
export function sampleLesson(): EafSource {
  const question = updateEntry(
    createEntry('teacher_question', 63.5, 'L1', now, 'q1'),
    { words: 'Why, "exactly" <now>?', questionType: { openness: 'open', level: 'higher_order' }, addressedTo: 'named_pupil', response: 'answered', waitTime1: 2.425, waitTime2: 0.8, questionEnd: 65.25, tags: ['wait time', 'open'] },
    now,
  );
  const closed = updateEntry(createEntry('teacher_question', 70, 'L1', now, 'q2'), { questionType: { openness: 'closed', level: null }, waitTime1: 1.2, note: 'Note: looks like a field\nand & more' }, now);
  const pupil = updateEntry(createEntry('pupil_question', 30, 'L1', now, 'p1'), { to: 'peer', initiative: 'proactive', shows: 'Wait: is that\nright?' }, now);
  const incident = updateEntry(
    createEntry('incident', 100, 'L1', now, 'i1'),
    { incidentStart: 104, incidentEnd: 110.5, outcome: 120, valence: 'mixed', perspectives: { teacher: 'chose to wait', pupils: 'two lines\nhere \\ there' }, note: 'line one\nline two' },
    now,
  );
  const open = updateEntry(createEntry('incident', 130, 'L1', now, 'i2'), { incidentStart: 131 }, now);
  const strength = updateEntry(createEntry('strength', 5, 'L1', now, 's1'), { end: 15, note: 'Clear routine', tags: ['routine'] }, now);
  const interaction = updateEntry(createEntry('interaction', 40.125, 'L1', now, 'n1'), { note: 'Tables talk', lens: 'strengths' }, now);
  const language = updateEntry(createEntry('language', 50, 'L1', now, 'l1'), { end: 52.5, note: 'Key word: "photosynthesis"' }, now);
  const movement = updateEntry(createEntry('movement', 179.6, 'L1', now, 'm1'), { note: 'Back of the room' }, now);
  const auto: TalkSegment[] = [
    { start: 0, end: 60, label: 'teacher_talk', confidence: 0.9 },
    { start: 60, end: 120.25, label: 'discussion', confidence: 0.55 },
    { start: 120.25, end: 180, label: 'group_work', confidence: 0.8 },
  ];
  const corrected: TalkSegment[] = [
    { start: 0, end: 50, label: 'teacher_talk', confidence: 0.9 },
    { start: 50, end: 120.25, label: 'independent_work', confidence: 1 },
    { start: 120.25, end: 180, label: 'group_work', confidence: 0.8 },
  ];
  return {
    fileName: 'Year 8 science #2.mp4',
    mimeType: 'video/mp4',
    duration: 180.04,
    autoSegments: auto,
    correctedSegments: corrected,
    entries: [question, closed, pupil, incident, open, strength, interaction, language, movement],
    plan: [
      { id: 'starter', name: 'Starter', plannedMinutes: 10, start: 0, end: 55 },
      { id: 'input', name: 'Input', plannedMinutes: 15, start: 55, end: null },
      { id: 'plenary', name: 'Plenary', plannedMinutes: 5 },
    ],
    clips: [
      { id: 'c2', title: 'The long wait', start: 60, end: 75, annotationIds: ['q1', 'q2'], order: 1, replayCount: 2, perspectiveNotes: { teacher: 'I waited' } },
      { id: 'c1', title: 'Incident', start: 100, end: 120, annotationIds: ['i1'], order: 0, replayCount: 0, perspectiveNotes: {} },
    ],
  };
}

const parse = (xml: string) => readEaf(new DOMParser().parseFromString(xml, 'text/xml').documentElement as unknown as EafElement);

/** An entry without what a copy may change (id, lesson, bookkeeping times). */
const comparable = (e: Entry) => {
  const { id: _id, lessonId: _l, createdAt: _c, updatedAt: _u, ...rest } = e;
  return rest;
};

describe('lessonToEaf', () => {
  const xml = lessonToEaf(sampleLesson(), { now: new Date(now) });

  it('validates against the EAF 3.0 schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eaf-'));
    const file = join(dir, 'lesson.eaf');
    writeFileSync(file, xml);
    // xmllint exits non-zero (and execFileSync throws) when the file does not validate.
    expect(() => execFileSync('xmllint', ['--noout', '--schema', SCHEMA, file], { stdio: 'pipe' })).not.toThrow();
  });

  it('fails the schema check for a broken document (the check can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eaf-'));
    const file = join(dir, 'broken.eaf');
    writeFileSync(file, xml.replace('<TIME_ORDER>', '<TIME_ORDER><TIME_SLOT/>'));
    expect(() => execFileSync('xmllint', ['--noout', '--schema', SCHEMA, file], { stdio: 'pipe' })).toThrow();
  });

  it('links the video by its relative name and MIME type, and says how long it is', () => {
    expect(xml).toContain('MEDIA_URL="Year%208%20science%20%232.mp4"');
    expect(xml).toContain('RELATIVE_MEDIA_URL="./Year%208%20science%20%232.mp4"');
    expect(xml).toContain('MIME_TYPE="video/mp4"');
    const eaf = parse(xml);
    expect(eaf.mediaFileName).toBe('Year 8 science #2.mp4');
    expect(eaf.duration).toBe(180.04);
  });

  it('writes times in milliseconds and the tiers by name', () => {
    const eaf = parse(xml);
    const names = eaf.tiers.map((t) => t.name);
    for (const name of [TALK_AUTO_TIER, TALK_COACH_TIER, PLAN_TIER, CLIPS_TIER, QUESTION_TYPE_TIER, ...Object.values(KIND_TIERS)]) expect(names).toContain(name);
    expect(xml).toContain('TIME_VALUE="120250"');
    expect(xml).toContain('TIME_VALUE="40125"');
    const coach = eaf.tiers.find((t) => t.name === TALK_COACH_TIER)!;
    expect(coach.annotations.map((a) => [a.start, a.end, a.value])).toEqual([
      [0, 50, 'Teacher talk'],
      [50, 120.25, 'Independent work'],
      [120.25, 180, 'Group work'],
    ]);
    expect(isTalkTier(coach)).toBe(true);
    const questions = eaf.tiers.find((t) => t.name === KIND_TIERS.teacher_question)!;
    expect(questions.annotations[0].value).toBe('Words: Why, "exactly" <now>?\nType: open, higher-order\nTo: named pupil\nResponse: answered\nWait time 1: 2.425 s\nWait time 2: 0.8 s\nWait times: set by the coach\nQuestion ends: 65.25 s\nTags: wait time; open\nLength: a moment');
    const types = eaf.tiers.find((t) => t.name === QUESTION_TYPE_TIER)!;
    expect(types.annotations.map((a) => a.value)).toEqual(['open, higher-order']);
    expect(types.annotations[0].start).toBe(63.5);
  });

  it('writes controlled vocabularies for the talk labels and question types', () => {
    expect(xml).toMatch(/<CONTROLLED_VOCABULARY CV_ID="Talk labels">[\s\S]*Whole-class discussion[\s\S]*<\/CONTROLLED_VOCABULARY>/);
    expect(xml).toMatch(/<CONTROLLED_VOCABULARY CV_ID="Question types">[\s\S]*closed, higher-order[\s\S]*<\/CONTROLLED_VOCABULARY>/);
    expect(xml).toContain('CVE_REF="cveid_talk_independent_work"');
  });
});

describe('eafToLesson', () => {
  it('gives back every entry, band, phase and clip of an exported lesson', () => {
    const source = sampleLesson();
    let n = 0;
    const lesson = eafToLesson(parse(lessonToEaf(source)), 'L2', now, () => `new-${++n}`);
    const byTime = (a: Entry, b: Entry) => a.time - b.time || a.kind.localeCompare(b.kind);
    expect(lesson.entries.map(comparable).sort((a, b) => byTime(a as Entry, b as Entry))).toEqual(source.entries.map(comparable).sort((a, b) => byTime(a as Entry, b as Entry)));
    expect(lesson.entries.every((e) => e.lessonId === 'L2')).toBe(true);
    expect(lesson.autoSegments).toEqual(source.autoSegments);
    expect(lesson.correctedSegments).toEqual(source.correctedSegments);
    expect(lesson.plan.map(({ id: _id, ...p }) => ({ start: null, end: null, ...p }))).toEqual(source.plan.map(({ id: _id, ...p }) => ({ start: null, end: null, ...p })));
    const idOf = (oldId: string) => lesson.entries.find((e) => comparable(e).note === source.entries.find((s) => s.id === oldId)!.note && e.time === source.entries.find((s) => s.id === oldId)!.time)!.id;
    expect(lesson.clips.map(({ id: _id, ...c }) => c)).toEqual([
      { title: 'Incident', start: 100, end: 120, annotationIds: [idOf('i1')], order: 0, replayCount: 0, perspectiveNotes: {} },
      { title: 'The long wait', start: 60, end: 75, annotationIds: [idOf('q1'), idOf('q2')], order: 1, replayCount: 2, perspectiveNotes: { teacher: 'I waited' } },
    ]);
    expect(lesson.otherTiers).toEqual([]);
  });

  it('keeps times exact to the millisecond', () => {
    const source = sampleLesson();
    source.entries = [updateEntry(createEntry('strength', 12.3456, 'L1', now, 's'), { end: 13.0004 }, now)];
    const [entry] = eafToLesson(parse(lessonToEaf(source)), 'L1', now, () => 'x').entries;
    expect([entry.time, entry.end]).toEqual([12.346, 13]);
  });

  it('lets the question type tier win over the written type, and reads a hand-made tier as other', () => {
    const xml = lessonToEaf(sampleLesson())
      .replace(/(<REF_ANNOTATION[^>]*><ANNOTATION_VALUE>)open, higher-order/, '$1closed, recall')
      .replace('<LINGUISTIC_TYPE ', '<TIER LINGUISTIC_TYPE_REF="Evidence" TIER_ID="Coder 2 talk"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="z1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>Group work</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER>\n<LINGUISTIC_TYPE ');
    const lesson = eafToLesson(parse(xml), 'L1', now, () => crypto.randomUUID());
    const q = lesson.entries.find((e) => e.kind === 'teacher_question' && e.time === 63.5);
    expect(q?.kind === 'teacher_question' && q.questionType).toEqual({ openness: 'closed', level: 'recall' });
    expect(lesson.otherTiers.map((t) => t.name)).toEqual(['Coder 2 talk']);
    expect(isTalkTier(lesson.otherTiers[0])).toBe(true);
  });

  it('keeps an incident valid when its annotation was moved past its marks in ELAN', () => {
    const entry = entryFromAnnotation('incident', 50, 52, 'Incident starts: 40 s\nIncident ends: 45 s\nOutcome: 51 s', 'L', now, 'i');
    expect(entry).toMatchObject({ time: 50, trigger: 50, incidentStart: 50, incidentEnd: 50, outcome: 51, end: 51 });
    expect(validateEntry(entry)).toBeNull();
  });

  it('reads text typed in ELAN without field names as the note', () => {
    expect(readFields('Good pace here\nTags: x', () => true)).toEqual({ fields: new Map(), note: 'Good pace here\nTags: x' });
    const entry = updateEntry(createEntry('strength', 1, 'L', now, 's'), { note: 'Tags: not really tags' }, now);
    expect(entryValue(entry)).toBe('Length: a moment\nNote: Tags: not really tags');
  });
});

describe('tierEntries', () => {
  it('makes entries of the chosen kind from a tier Reframe did not write, its text as the note', () => {
    const xml = lessonToEaf(sampleLesson()).replace(
      '<LINGUISTIC_TYPE ',
      '<TIER LINGUISTIC_TYPE_REF="Evidence" TIER_ID="Praise"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="z1" TIME_SLOT_REF1="ts4" TIME_SLOT_REF2="ts5"><ANNOTATION_VALUE>Well done, Sam</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER>\n<LINGUISTIC_TYPE ',
    );
    const [praise] = eafToLesson(parse(xml), 'L1', now, () => 'x').otherTiers;
    expect(isTalkTier(praise)).toBe(false);
    const [entry] = tierEntries(praise, 'language', 'L1', now, () => 'e1');
    expect(entry).toMatchObject({ id: 'e1', kind: 'language', lens: 'language', time: 5, end: 15, note: 'Well done, Sam', tags: [] });
  });
});

describe('readEaf', () => {
  it('refuses a file that is not ELAN', () => {
    expect(() => parse('<html><body/></html>')).toThrow('This is not an ELAN file (.eaf).');
  });
});

describe('matchEafToLesson', () => {
  const eaf = parse(lessonToEaf(sampleLesson()));
  it('accepts a video within a second of the written length and refuses another', () => {
    expect(matchEafToLesson(eaf, { duration: 179.2, fileName: 'x.mp4' }).matches).toBe(true);
    const other = matchEafToLesson(eaf, { duration: 178.9, fileName: 'x.mp4' });
    expect(other).toEqual({ matches: false, reason: "The ELAN file was made for a video of 180 s; this lesson's video lasts 179 s." });
  });
  it('without a written length, refuses annotations past the end of the video', () => {
    const bare = { ...eaf, duration: null };
    expect(matchEafToLesson(bare, { duration: 180, fileName: 'x.mp4' }).matches).toBe(true);
    expect(matchEafToLesson(bare, { duration: 170, fileName: 'x.mp4' }).matches).toBe(false);
  });
});

describe('escapeXml', () => {
  it('escapes markup and drops characters XML forbids', () => {
    expect(escapeXml('a < b & "c" \'d\' >\u0001')).toBe('a &lt; b &amp; &quot;c&quot; &apos;d&apos; &gt;');
  });
});
