import { describe, expect, it } from 'vitest';
import { BUILT_IN_GUIDES, findGuide, guidePerspectives, lensOrder, GUIDE_FORMAT, GUIDE_VERSION, guideToJson, parseGuide, type CoachingGuide } from '../../../src/core/guides';
import { LENSES } from '../../../src/core/lenses';
import { PERSPECTIVES } from '../../../src/core/loop';

const file = (guide: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ format: GUIDE_FORMAT, version: GUIDE_VERSION, exportedAt: '', guide, ...extra });

describe('built-in guides', () => {
  it('has one guide for each of the six themes, each with prompts, evidence, known lenses and the citation', () => {
    expect(BUILT_IN_GUIDES.map((g) => g.name)).toEqual([
      'Engagement and motivation',
      'Classroom talk',
      'Group work',
      'Starters and plenaries',
      'Assessment for learning',
      'Behaviour for learning',
    ]);
    expect(new Set(BUILT_IN_GUIDES.map((g) => g.id)).size).toBe(6);
    const lensIds = new Set<string>(LENSES.map((l) => l.id));
    for (const g of BUILT_IN_GUIDES) {
      expect(g.discussionPrompts.length).toBeGreaterThanOrEqual(4);
      expect(g.evidence.length).toBeGreaterThanOrEqual(3);
      expect(g.lenses.every((l) => lensIds.has(l))).toBe(true);
      expect(g.source).toMatch(/section 6/);
      expect(g.builtIn).toBe(true);
    }
  });

  it("copies no sentence of the guide's worked example", () => {
    // The worked example's own prompts (Lofthouse, Leat & Towler 2010, section 6), quoted here only to check against.
    const text = [
      'What are we looking for in terms of positive student response?',
      'What are the planning implications of A4L?',
      'How can we make practical strategies for A4L work to their full potential?',
      'What does progression look like in relation to A4L for both the teacher and the pupils?',
      'What specifically needs to be really understood about the subject in this context and how does A4L help?',
      'What has been understood by pupils and how does it relate to the learning objectives?',
      'What were the students experiences during the A4L process and were these uniform or varied?',
      'What classroom dialogue (in groups or between teacher and pupils) supported the A4L process?',
      'How are students making sense of the information they are given and the language used in relation to A4L?',
    ].join('\n');
    const fold = (s: string) => s.toLowerCase().replace(/[^a-z ]/g, '').replace(/\s+/g, ' ');
    const source = fold(text);
    for (const g of BUILT_IN_GUIDES) {
      for (const line of [...g.discussionPrompts, ...g.evidence, g.summary]) {
        // No run of six words in a row is taken from the guide.
        const words = fold(line).split(' ');
        for (let i = 0; i + 6 <= words.length; i++) expect(source.includes(words.slice(i, i + 6).join(' '))).toBe(false);
      }
    }
  });
});

describe('guide files', () => {
  it('reads back a guide it wrote, as the coach’s own (not built in)', () => {
    const original = BUILT_IN_GUIDES[1];
    const parsed = parseGuide(guideToJson(original));
    expect(parsed).toEqual({ ok: true, warnings: [], guide: { ...original, builtIn: false } });
  });

  it('refuses what is not a guide, in plain words', () => {
    expect(parseGuide('not json')).toEqual({ ok: false, errors: ['This file is not a coaching guide (it is not JSON).'] });
    expect(parseGuide(JSON.stringify({ format: 'reframe.project', version: 1 }))).toEqual({ ok: false, errors: ['This file is not a Reframe coaching guide.'] });
    expect(parseGuide(file({}, { version: 'one' }))).toMatchObject({ ok: false, errors: ['This coaching guide file has no version this app can read.'] });
    expect(parseGuide(file(null))).toMatchObject({ ok: false, errors: ['This coaching guide file holds no guide.'] });
  });

  it('refuses a guide from a newer version', () => {
    const result = parseGuide(file({ id: 'x', name: 'X', evidence: ['a'] }, { version: GUIDE_VERSION + 1 }));
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.errors[0]).toMatch(/newer version/);
  });

  it('needs an id, a name and at least one prompt or evidence line', () => {
    expect(parseGuide(file({ id: '', name: ' ', discussionPrompts: ['a'] }))).toEqual({ ok: false, errors: ['The guide has no id.', 'The guide has no name.'] });
    expect(parseGuide(file({ id: 'x', name: 'X', discussionPrompts: ['  '], evidence: [] }))).toEqual({ ok: false, errors: ['The guide has no discussion prompts and no evidence to collect.'] });
    expect(parseGuide(file({ id: 'x', name: 'X', discussionPrompts: 'one line' }))).toEqual({ ok: false, errors: ['“discussionPrompts” should be a list of lines.'] });
    expect(parseGuide(file({ id: 'x', name: 'X', evidence: ['ok', 3] }))).toEqual({ ok: false, errors: ['Line 2 of “evidence” is not text.'] });
    expect(parseGuide(file({ id: 'x', name: 'X', evidence: ['x'.repeat(501)] }))).toMatchObject({ ok: false });
  });

  it('drops lenses it does not know, with a warning, and tidies lines', () => {
    const result = parseGuide(file({ id: 'ours', name: '  Our   theme ', evidence: [' Pupils’ books ', ''], lenses: ['questions', 'telepathy', 'questions'] }));
    expect(result).toEqual({
      ok: true,
      warnings: ['1 lens this app does not know was left out.'],
      guide: { id: 'ours', name: 'Our theme', summary: '', discussionPrompts: [], evidence: ['Pupils’ books'], lenses: ['questions'], source: '', builtIn: false },
    });
  });

  it("finds a guide by id, the coach's edited copy before the built-in one", () => {
    const edited: CoachingGuide = { ...BUILT_IN_GUIDES[0], name: 'Engagement (our school)', builtIn: false };
    expect(findGuide('engagement')?.name).toBe('Engagement and motivation');
    expect(findGuide('engagement', [edited])?.name).toBe('Engagement (our school)');
    expect(findGuide(null)).toBeNull();
    expect(findGuide('none')).toBeNull();
  });
});

describe('a guide chosen for a cycle', () => {
  const talk = BUILT_IN_GUIDES.find((g) => g.id === 'classroom_talk')!;

  it("offers the cycle's lenses first, then the guide's, then the rest, each once", () => {
    const order = lensOrder(['movement', 'questions'], talk);
    expect(order.slice(0, 2)).toEqual(['movement', 'questions']);
    expect(order.slice(2, 2 + talk.lenses.filter((l) => l !== 'questions' && l !== 'movement').length)).toEqual(talk.lenses.filter((l) => l !== 'questions' && l !== 'movement'));
    expect([...order].sort()).toEqual(LENSES.map((l) => l.id).sort());
    expect(lensOrder([], null)).toEqual(LENSES.map((l) => l.id));
  });

  it("puts the guide's prompts first among the meeting's perspectives", () => {
    const perspectives = guidePerspectives(talk);
    expect(perspectives.slice(0, talk.discussionPrompts.length).map((p) => p.prompt)).toEqual(talk.discussionPrompts);
    expect(perspectives[0]).toMatchObject({ id: 'guide:classroom_talk:1', label: 'Classroom talk (1)' });
    expect(perspectives.slice(talk.discussionPrompts.length)).toEqual(PERSPECTIVES);
    expect(guidePerspectives(null)).toEqual(PERSPECTIVES);
  });
});
