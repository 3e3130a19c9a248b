import { describe, expect, it } from 'vitest';
import { createEntry } from '../../../../src/core/annotations';
import { createCycle } from '../../../../src/core/cycles';
import { buildCoacheeBundle, COACHEE_INDEX, coacheeBundleName, readCoacheeBundle } from '../../../../src/core/formats/coachee-bundle';
import { buildProject } from '../../../../src/core/formats/project';
import { BUILT_IN_GUIDES } from '../../../../src/core/guides';

const now = 1_764_064_800_000;
const coachee = { id: 'ana', name: 'Ana', createdAt: now, updatedAt: now };
const cycles = [
  { ...createCycle('ana', now, 'cy1'), focus: 'Thinking time', themeId: 'ours', lenses: ['questions' as const] },
  { ...createCycle('ana', now + 1, 'cy2'), stepReviews: [{ stepId: 's1', status: 'done' as const, entryId: 'e1' }] },
];
const project = (title: string, fingerprint: string) =>
  buildProject({ lesson: { title, teacher: 'Ana', subject: '', date: '2026-10-01', duration: 60, fingerprint, fileName: 'a.mp4' }, autoSegments: [], correctedSegments: null, algorithmVersion: null, entries: [createEntry('strength', 3, 'x', now, 'e1')] });
const ourGuide = { ...BUILT_IN_GUIDES[1], id: 'ours', name: 'Talk (our school)', builtIn: false };

function files() {
  return buildCoacheeBundle(
    { coachee, cycles, lessons: [{ cycleId: 'cy1', project: project('Fractions', 'f1') }, { cycleId: 'cy2', project: project('Fractions', 'f2') }], guides: [ourGuide] },
    new Date(now),
  );
}

describe("a coachee's record", () => {
  it('holds an index, one project file per lesson (never two with one name) and the guides', () => {
    expect(Object.keys(files()).sort()).toEqual([COACHEE_INDEX, 'guides/01-Talk-our-school.reframe-guide.json', 'lessons/01-Fractions.reframe.json', 'lessons/02-Fractions.reframe.json']);
    expect(coacheeBundleName('Ana B.')).toBe('Ana-B.reframe-coachee.zip');
  });

  it('reads back the coachee, cycles, lessons and guides it wrote', () => {
    const read = readCoacheeBundle(files());
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.warnings).toEqual([]);
    expect(read.bundle.index.coachee).toEqual({ id: 'ana', name: 'Ana', createdAt: now });
    expect(read.bundle.index.cycles).toEqual(cycles.map(({ coacheeId: _c, updatedAt: _u, ...rest }) => rest));
    expect(read.bundle.lessons.map((l) => [l.cycleId, l.fingerprint, l.project.annotations[0].id])).toEqual([
      ['cy1', 'f1', 'e1'],
      ['cy2', 'f2', 'e1'],
    ]);
    expect(read.bundle.guides).toEqual([ourGuide]);
  });

  it('refuses a zip without its index, another format, a newer version, and a missing or damaged lesson file', () => {
    expect(readCoacheeBundle({})).toMatchObject({ ok: false, errors: [expect.stringMatching(/no coachee\.json/)] });
    expect(readCoacheeBundle({ [COACHEE_INDEX]: '{"format":"other"}' })).toMatchObject({ ok: false });
    const newer = files();
    newer[COACHEE_INDEX] = JSON.stringify({ ...JSON.parse(newer[COACHEE_INDEX]), version: 2 });
    expect(readCoacheeBundle(newer)).toMatchObject({ ok: false, errors: [expect.stringMatching(/newer version/)] });
    const missing = files();
    delete missing['lessons/02-Fractions.reframe.json'];
    expect(readCoacheeBundle(missing)).toEqual({ ok: false, errors: ['Lesson 2 of the record is missing its project file.'] });
    const damaged = files();
    damaged['lessons/01-Fractions.reframe.json'] = '{';
    expect(readCoacheeBundle(damaged)).toMatchObject({ ok: false, errors: [expect.stringMatching(/^lessons\/01-Fractions\.reframe\.json cannot be read/)] });
  });

  it('leaves out a guide it cannot read, with a warning', () => {
    const broken = files();
    broken['guides/01-Talk-our-school.reframe-guide.json'] = 'nope';
    const read = readCoacheeBundle(broken);
    expect(read).toMatchObject({ ok: true, warnings: ['The guide guides/01-Talk-our-school.reframe-guide.json could not be read and was left out.'] });
    expect(read.ok && read.bundle.guides).toEqual([]);
  });
});
