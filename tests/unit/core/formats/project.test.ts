import { describe, expect, it } from 'vitest';
import { createEntry, updateEntry, type Entry } from '../../../../src/core/annotations';
import {
  buildProject,
  isIsoDate,
  matchLesson,
  migrateProject,
  parseProject,
  PROJECT_FORMAT,
  PROJECT_VERSION,
  restoredRecords,
  restoredStepReviews,
  type ProjectFile,
  type ProjectMigration,
} from '../../../../src/core/formats/project';

const lesson = { title: 'Y8 science', teacher: 'Ms O', subject: 'Science', date: '2026-11-25', duration: 3662.4, fingerprint: 'abc123', fileName: 'y8.mp4' };
const auto = [
  { start: 0, end: 41.2, label: 'teacher_talk' as const, confidence: 0.93 },
  { start: 41.2, end: 3662.4, label: 'group_work' as const, confidence: 0.8 },
];
const now = 1_764_064_800_000;

function entries(): Entry[] {
  const question = updateEntry(
    createEntry('teacher_question', 12.5, 'L1', now, 'q1'),
    { words: 'Why does it rise?', questionType: { openness: 'open', level: 'higher_order' }, addressedTo: 'no_hands_up', response: 'answered', waitTime1: 2.4, waitTime2: null, questionEnd: 13.1, note: 'good pause', tags: ['wait time'] },
    now + 1,
  );
  const pupil = updateEntry(createEntry('pupil_question', 30, 'L1', now, 'p1'), { to: 'peer', initiative: 'proactive', shows: 'confuses mass and weight' }, now);
  const incident = updateEntry(
    createEntry('incident', 100, 'L1', now, 'i1'),
    { incidentStart: 104, incidentEnd: 110, outcome: 120, valence: 'mixed', perspectives: { teacher: 'chose to wait', pupils: 'settled' } },
    now,
  );
  const strength = updateEntry(createEntry('strength', 200, 'L1', now, 's1'), { end: 215, note: 'clear model', tags: ['modelling', 'explanation'] }, now);
  return [strength, incident, pupil, question];
}

function fullProject(): ProjectFile {
  return buildProject(
    {
      lesson,
      autoSegments: auto,
      correctedSegments: null,
      algorithmVersion: 3,
      entries: entries(),
      plan: [
        { id: 'starter', name: 'Starter', plannedMinutes: 10, start: 0, end: 600 },
        { id: 'input', name: 'Input', plannedMinutes: 15 },
      ],
      prewatch: { minutes: 20, overrides: { teacher_talk: 1.25 } },
      clips: [
        { id: 'c2', title: 'The incident', start: 98, end: 125, annotationIds: ['i1'], order: 1, replayCount: 3, perspectiveNotes: { teacher: 'Why wait?' } },
        { id: 'c1', title: 'Wait time', start: 10, end: 20, annotationIds: ['q1'], order: 0, replayCount: 0, perspectiveNotes: {} },
      ],
      meeting: {
        focus: 'Wait time after open questions',
        actionSteps: [{ id: 'a1', text: 'Count to three after each open question', owner: 'teacher', due: '2026-12-02' }, { text: 'Film the next lesson', owner: 'coach', due: '' }],
        nextMeeting: '2026-12-09',
        notes: [{ id: 'n1', author: 'teacher', text: 'I felt rushed', createdAt: now }],
      },
    },
    new Date('2026-11-25T10:00:00Z'),
  );
}

/** The project as JSON with one part changed, for malformed-input tests. */
function tampered(change: (json: any) => void): string {
  const json = JSON.parse(JSON.stringify(fullProject()));
  change(json);
  return JSON.stringify(json);
}

function errorsOf(text: string): string[] {
  const result = parseProject(text);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.errors;
}

describe('buildProject', () => {
  it('still compiles and writes empty parts for the original call', () => {
    const project = buildProject({ lesson, autoSegments: auto, correctedSegments: null, algorithmVersion: null });
    expect(project.annotations).toEqual([]);
    expect(project.prewatch).toEqual({ minutes: null, overrides: {} });
    expect(project.meeting).toEqual({ focus: '', actionSteps: [], nextMeeting: null, notes: [] });
    expect(project.segments.correctedByCoach).toBe(false);
    expect(project.segments.corrected).toEqual(project.segments.auto);
  });

  it('sorts annotations by time and clips by list order, and keeps every entry field', () => {
    const project = fullProject();
    expect(project.annotations.map((e) => e.id)).toEqual(['q1', 'p1', 'i1', 's1']);
    expect(project.clips.map((c) => c.id)).toEqual(['c1', 'c2']);
    const q = project.annotations[0];
    expect(q).toMatchObject({ id: 'q1', kind: 'teacher_question', lens: 'questions', time: 12.5, end: null, note: 'good pause', tags: ['wait time'], waitTime1: 2.4, waitTime2: null, waitTimeSource: 'coach', questionEnd: 13.1, lessonId: 'L1', createdAt: now, updatedAt: now + 1, schemaVersion: 1 });
    expect(project.annotations[2]).toMatchObject({ kind: 'incident', time: 100, end: 120, trigger: 100, incidentStart: 104, incidentEnd: 110, outcome: 120, valence: 'mixed' });
  });

  it('marks corrections as the coach’s', () => {
    const corrected = [{ ...auto[0], label: 'discussion' as const, confidence: 1 }, auto[1]];
    const project = buildProject({ lesson, autoSegments: auto, correctedSegments: corrected, algorithmVersion: 3 });
    expect(project.segments.correctedByCoach).toBe(true);
    expect(project.segments.corrected[0].label).toBe('discussion');
  });
});

describe('parseProject', () => {
  it('reads back exactly what was written', () => {
    const project = fullProject();
    const result = parseProject(JSON.stringify(project, null, 2));
    expect(result).toEqual({ ok: true, project, warnings: [] });
  });

  it('restores "no corrections" from a file without the flag by comparing the lists', () => {
    const parsed = parseProject(tampered((j) => delete j.segments.correctedByCoach));
    expect(parsed.ok && parsed.project.segments.correctedByCoach).toBe(false);
    const relabelled = parseProject(
      tampered((j) => {
        delete j.segments.correctedByCoach;
        j.segments.corrected[0].label = 'discussion';
      }),
    );
    expect(relabelled.ok && relabelled.project.segments.correctedByCoach).toBe(true);
  });

  it('accepts the published minimum and fills the rest with defaults', () => {
    const minimum = {
      format: 'reframe.project',
      version: 1,
      lesson: { title: 'T', duration: 60, fingerprint: 'f' },
      segments: { auto: [{ start: 0, end: 60, label: 'discussion', confidence: 0.5 }], corrected: [{ start: 0, end: 60, label: 'discussion', confidence: 0.5 }] },
      annotations: [
        { id: 'a', kind: 'teacher_question', lens: 'questions', time: 5, note: '', tags: [], waitTime1: 1.5, waitTime2: null, waitTimeSource: 'auto' },
        { id: 'b', kind: 'incident', lens: 'incidents', time: 10, end: 20, note: 'n', tags: ['x'], trigger: 10, outcome: 20 },
      ],
      plan: [{ name: 'Starter', plannedMinutes: 10 }],
      clips: [{ id: 'c', title: 'C', start: 4, end: 9, annotationIds: ['a'] }],
      meeting: { focus: 'f', actionSteps: [{ text: 't', owner: 'o', due: '2026-01-31' }], nextMeeting: null },
    };
    const result = parseProject(JSON.stringify(minimum));
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const p = result.project;
    expect(p.lesson).toEqual({ title: 'T', teacher: '', subject: '', date: '', duration: 60, fingerprint: 'f', fileName: '' });
    expect(p.segments.correctedByCoach).toBe(false);
    expect(p.segments.algorithmVersion).toBeNull();
    expect(p.annotations[0]).toEqual({ id: 'a', lessonId: '', kind: 'teacher_question', lens: 'questions', time: 5, note: '', tags: [], createdAt: 0, updatedAt: 0, schemaVersion: 1, words: '', questionType: { openness: null, level: null }, addressedTo: null, response: null, waitTime1: 1.5, waitTime2: null, waitTimeSource: 'auto', questionEnd: null });
    expect(p.annotations[1]).toMatchObject({ trigger: 10, incidentStart: 10, incidentEnd: null, outcome: 20, valence: null, perspectives: {} });
    expect(p.plan).toEqual([{ id: 'phase-1', name: 'Starter', plannedMinutes: 10 }]);
    expect(p.prewatch).toEqual({ minutes: null, overrides: {} });
    expect(p.clips).toEqual([{ id: 'c', title: 'C', start: 4, end: 9, annotationIds: ['a'], order: 0, replayCount: 0, perspectiveNotes: {} }]);
    expect(p.meeting).toEqual({ focus: 'f', actionSteps: [{ text: 't', owner: 'o', due: '2026-01-31' }], nextMeeting: null, notes: [] });
  });

  it('refuses text that is not JSON', () => {
    expect(errorsOf('{"format": "reframe.project",')[0]).toMatch(/^This file is not valid JSON, so it can't be a Reframe project/);
    expect(errorsOf('[1, 2]')).toEqual(['This file does not hold a Reframe project: a project is a JSON object with "format": "reframe.project".']);
  });

  it('refuses another format', () => {
    expect(errorsOf('{"format": "other.tool", "version": 1}')).toEqual(['This is not a Reframe project file: "format" must be "reframe.project", but it is "other.tool".']);
    expect(errorsOf('{"version": 1}')).toEqual(['This is not a Reframe project file: "format" must be "reframe.project", but it is missing.']);
  });

  it('refuses a file from a newer version', () => {
    expect(errorsOf(tampered((j) => (j.version = 2)))).toEqual([
      'This project was made by a newer version of Reframe: update the app to open it (the file is version 2, this app reads up to version 1).',
    ]);
    expect(errorsOf(tampered((j) => (j.version = '1')))).toEqual(['version must be a whole number, but it is "1"']);
  });

  it('says where a time is negative or not a number', () => {
    expect(errorsOf(tampered((j) => (j.annotations[3].time = -2)))).toEqual(['annotations[3].time must be a number of seconds ≥ 0, but it is -2']);
    expect(errorsOf(tampered((j) => (j.clips[0].start = 'soon')))).toEqual(['clips[0].start must be a number of seconds ≥ 0, but it is "soon"']);
    expect(errorsOf(tampered((j) => delete j.segments.auto[1].end))).toEqual(['segments.auto[1].end must be a number of seconds ≥ 0, but it is missing']);
  });

  it('says where an end comes before its start, for segments, clips and entries', () => {
    expect(errorsOf(tampered((j) => (j.clips[1].end = 90)))).toEqual(['clips[1].end must not come before clips[1].start (90 s is before 98 s)']);
    expect(errorsOf(tampered((j) => (j.annotations[3].end = 150)))).toEqual(['annotations[3] (strength at 00:03:20.000): The end must not come before the start.']);
    expect(errorsOf(tampered((j) => (j.annotations[2].outcome = 102)))).toEqual(['annotations[2] (critical incident at 00:01:40.000): The outcome must not come before the end of the incident.']);
  });

  it('names a label that is not one of the six', () => {
    expect(errorsOf(tampered((j) => (j.segments.auto[0].label = 'lecture')))).toEqual([
      'segments.auto[0].label must be one of teacher_talk, discussion, group_work, independent_work, no_audio, unclear, but it is "lecture"',
    ]);
    expect(errorsOf(tampered((j) => (j.annotations[0].kind = 'comment')))).toEqual([
      'annotations[0].kind must be one of teacher_question, pupil_question, strength, incident, interaction, language, movement, but it is "comment"',
    ]);
    expect(errorsOf(tampered((j) => (j.annotations[0].waitTimeSource = 'guess')))).toEqual(['annotations[0].waitTimeSource must be one of auto, coach, but it is "guess"']);
  });

  it('names duplicate ids', () => {
    expect(errorsOf(tampered((j) => (j.annotations[2].id = 'q1')))).toEqual(['annotations[2].id "q1" is used twice (also by annotations[0])']);
    expect(errorsOf(tampered((j) => (j.clips[1].id = 'c1')))).toEqual(['clips[1].id "c1" is used twice (also by clips[0])']);
  });

  it('names dates that are not YYYY-MM-DD', () => {
    expect(errorsOf(tampered((j) => (j.meeting.nextMeeting = '09/12/2026')))).toEqual(['meeting.nextMeeting must be a date written YYYY-MM-DD or null, but it is "09/12/2026"']);
    expect(errorsOf(tampered((j) => (j.meeting.actionSteps[0].due = '2026-02-30')))).toEqual(["meeting.actionSteps[0].due must be a date written YYYY-MM-DD or '', but it is \"2026-02-30\""]);
    expect(errorsOf(tampered((j) => (j.lesson.date = '25 Nov')))).toEqual(["lesson.date must be a date written YYYY-MM-DD or '', but it is \"25 Nov\""]);
  });

  it('lists every problem, not just the first', () => {
    const errors = errorsOf(
      tampered((j) => {
        j.lesson.duration = 0;
        j.plan[1].plannedMinutes = -5;
        j.prewatch.overrides.shouting = 2;
        j.meeting.notes[0].author = 'head';
      }),
    );
    expect(errors).toEqual([
      'lesson.duration must be a number of seconds > 0, but it is 0',
      'plan[1].plannedMinutes must be a number of minutes ≥ 0, but it is -5',
      'prewatch.overrides.shouting names no talk label: the labels are teacher_talk, discussion, group_work, independent_work, no_audio, unclear',
      'meeting.notes[0].author must be one of coach, teacher, but it is "head"',
    ]);
  });

  it('warns about, and drops, clip links to unknown annotations', () => {
    const result = parseProject(tampered((j) => j.clips[0].annotationIds.push('gone')));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual(['clips[0].annotationIds[1] "gone" names no annotation in this file, so the clip was not linked to it']);
    expect(result.project.clips[0].annotationIds).toEqual(['q1']);
  });

  it('puts an incident’s time and end back in step with its marks, with a warning', () => {
    const result = parseProject(tampered((j) => (j.annotations[2].time = 101)));
    expect(result.ok && result.warnings).toEqual(["annotations[2]: time and end were set to the incident's trigger and outcome"]);
    expect(result.ok && result.project.annotations[2].time).toBe(100);
  });
});

describe('migrateProject', () => {
  it('leaves a current file unchanged', () => {
    const json = JSON.parse(JSON.stringify(fullProject()));
    expect(migrateProject(json)).toEqual(json);
    expect(migrateProject('not a project')).toBe('not a project');
  });

  it('applies steps in order from the file’s version (synthetic steps: version 1 has no predecessors)', () => {
    // Listed out of order on purpose: steps are chosen by their `from`.
    const steps: ProjectMigration[] = [
      { from: 0, to: 1, migrate: (p) => ({ ...p, trace: [...(p.trace as string[]), '0→1'] }) },
      { from: -1, to: 0, migrate: (p) => ({ ...p, trace: [...(p.trace as string[]), '-1→0'] }) },
    ];
    expect(migrateProject({ version: -1, trace: [] }, steps)).toEqual({ version: PROJECT_VERSION, trace: ['-1→0', '0→1'] });
    expect(migrateProject({ version: 0, trace: [] }, steps)).toEqual({ version: 1, trace: ['0→1'] });
  });

  it('leaves a version with no step as it is, and parseProject says it can no longer be read', () => {
    expect(migrateProject({ version: 0 })).toEqual({ version: 0 });
    expect(errorsOf(tampered((j) => (j.version = 0)))).toEqual(['This project is version 0, which this version of Reframe can no longer read.']);
  });
});

describe('matchLesson', () => {
  const project = { lesson: { duration: 3662.4, fingerprint: 'abc123' } };
  it('matches the same video within half a second', () => {
    expect(matchLesson(project, { duration: 3662.0, fingerprint: 'abc123' })).toEqual({ matches: true });
    expect(matchLesson(project, { duration: 3662.9, fingerprint: 'abc123' })).toEqual({ matches: true });
  });
  it('says why another video does not match', () => {
    expect(matchLesson(project, { duration: 3662.4, fingerprint: 'zzz' })).toEqual({ matches: false, reason: 'different video: the fingerprint differs' });
    expect(matchLesson(project, { duration: 3520.2, fingerprint: 'abc123' })).toEqual({ matches: false, reason: 'lengths differ: 1:01:02 vs 58:40' });
    // 3662.4 vs 3662.95: both read 1:01:02 on a clock, so the milliseconds are shown.
    expect(matchLesson(project, { duration: 3662.95, fingerprint: 'abc123' })).toEqual({ matches: false, reason: 'lengths differ: 01:01:02.400 vs 01:01:02.950' });
  });
});

describe('restoredRecords', () => {
  it('gives every entry and clip a new id on the lesson, and the clips point at the new entries', () => {
    const project = fullProject();
    let n = 0;
    const { entries: restored, clips } = restoredRecords(project, 'L2', () => `new-${++n}`);
    const fileIds = new Set([...project.annotations.map((e) => e.id), ...project.clips.map((c) => c.id)]);
    expect([...restored, ...clips].filter((r) => fileIds.has(r.id))).toEqual([]);
    expect(new Set([...restored, ...clips].map((r) => r.id)).size).toBe(restored.length + clips.length);
    expect(restored.every((e) => e.lessonId === 'L2')).toBe(true);
    // Everything but the id and the lesson is the file's.
    expect(restored.map(({ id: _, lessonId: __, ...rest }) => rest)).toEqual(project.annotations.map(({ id: _, lessonId: __, ...rest }) => rest));
    const newIdOf = new Map(project.annotations.map((e, i) => [e.id, restored[i].id]));
    expect(clips.map((c) => c.annotationIds)).toEqual(project.clips.map((c) => c.annotationIds.map((id) => newIdOf.get(id))));
    expect(clips.map(({ id: _, annotationIds: __, ...rest }) => rest)).toEqual(project.clips.map(({ id: _, annotationIds: __, ...rest }) => rest));
  });

  it('leaves the project as it was', () => {
    const project = fullProject();
    const before = JSON.stringify(project);
    restoredRecords(project, 'L2', () => crypto.randomUUID());
    expect(JSON.stringify(project)).toBe(before);
  });
});

describe('isIsoDate', () => {
  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-1-5')).toBe(false);
  });
});

it('uses the published format identifier', () => {
  expect(fullProject().format).toBe(PROJECT_FORMAT);
});

describe('the coaching cycle in a project file (issue 22)', () => {
  const cycle = {
    id: 'cy1',
    coachee: { id: 'ana', name: 'Ana' },
    focus: 'Giving pupils time to think',
    themeId: 'classroom_talk',
    lenses: ['questions' as const, 'time_use' as const],
    evidenceToCollect: ['Wait times after questions'],
    stepReviews: [{ stepId: 'a0', status: 'done' as const, entryId: 'q1' }],
    createdAt: now,
  };

  it('writes no cycle for a loose lesson, so such files read as they did before', () => {
    const file = fullProject();
    expect('cycle' in file).toBe(false);
    const read = parseProject(JSON.stringify(file));
    expect(read.ok && 'cycle' in read.project).toBe(false);
  });

  it('reads back the cycle it wrote', () => {
    const file = buildProject({ lesson, autoSegments: auto, correctedSegments: null, algorithmVersion: 3, entries: entries(), cycle });
    expect(parseProject(JSON.stringify(file))).toEqual({ ok: true, project: file, warnings: [] });
  });

  it('says where a cycle field is wrong, and drops lenses it does not know with a warning', () => {
    const file = JSON.parse(JSON.stringify(buildProject({ lesson, autoSegments: auto, correctedSegments: null, algorithmVersion: 3, cycle })));
    file.cycle.stepReviews[0].status = 'almost';
    file.cycle.coachee.id = '';
    expect(parseProject(JSON.stringify(file))).toEqual({
      ok: false,
      errors: ['cycle.stepReviews[0].status must be one of done, partly, not_yet, but it is "almost"', 'cycle.coachee.id must be a non-empty text id, but it is ""'],
    });
    const lensy = JSON.parse(JSON.stringify(buildProject({ lesson, autoSegments: auto, correctedSegments: null, algorithmVersion: 3, cycle })));
    lensy.cycle.lenses = ['questions', 'mind_reading'];
    const read = parseProject(JSON.stringify(lensy));
    expect(read.ok && read.project.cycle?.lenses).toEqual(['questions']);
    expect(read.ok && read.warnings).toEqual(['cycle.lenses[1] names no lens this app knows, so it was left out']);
  });

  it("moves a step review's link to the restored id of its entry, keeping links to other lessons' entries", () => {
    const reviews = [
      { stepId: 'a', status: 'done' as const, entryId: 'q1' },
      { stepId: 'b', status: 'partly' as const, entryId: 'elsewhere' },
      { stepId: 'c', status: 'not_yet' as const, entryId: null },
    ];
    expect(restoredStepReviews(reviews, new Map([['q1', 'new-q1']])).map((r) => r.entryId)).toEqual(['new-q1', 'elsewhere', null]);
  });
});
