/**
 * Issue 23: a lesson with every entry kind, corrected bands, a plan and clips goes out as an ELAN file
 * that validates against ELAN's schema, comes back onto a fresh copy of the video entry for entry and
 * band for band, and the agreement shown for corrections known in advance is the one worked out by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createEntry, updateEntry, type Entry } from '../../src/core/annotations';
import { talkAgreement } from '../../src/core/agreement';
import type { TalkSegment } from '../../src/core/talk';
import { APP_URL, importFiles, openApp, readTable, until, waitForStored, type Session } from './harness';

const SCHEMA = join(import.meta.dirname, '../../../shared/schemas/EAFv3.0.xsd');
const work = mkdtempSync(join(tmpdir(), 'reframe-elan-'));
const lessonIdInUrl = (page: Page) => decodeURIComponent(/#\/lesson\/([^/?]+)/.exec(page.url())?.[1] ?? '');

// lesson.mp4 lasts 29 s. The coach relabelled 10–15 s from teacher talk to discussion.
const AUTO: TalkSegment[] = [
  { start: 0, end: 15, label: 'teacher_talk', confidence: 0.9 },
  { start: 15, end: 29, label: 'group_work', confidence: 0.6 },
];
const CORRECTED: TalkSegment[] = [
  { start: 0, end: 10, label: 'teacher_talk', confidence: 0.9 },
  { start: 10, end: 15, label: 'discussion', confidence: 1 },
  { start: 15, end: 29, label: 'group_work', confidence: 0.6 },
];
// By hand, over 29 one-second frames: 24 agree, po = 24/29. Automatic: teacher talk 15, group work 14;
// coach: teacher talk 10, discussion 5, group work 14. pe = (15·10 + 14·14) / 29² = 346/841.
// kappa = (696 − 346) / (841 − 346) = 350/495.
const KAPPA = 350 / 495;

/** One entry of every kind, with their fields filled in. */
function everyKind(lessonId: string): Entry[] {
  const now = Date.UTC(2026, 11, 1);
  return [
    updateEntry(createEntry('teacher_question', 2.5, lessonId, now, 'q1'), { words: 'Why does it float?', questionType: { openness: 'open', level: 'higher_order' }, addressedTo: 'hands_up', response: 'answered', waitTime1: 1.25, waitTime2: 0.75, questionEnd: 4, note: 'Good wait', tags: ['wait time'] }, now),
    updateEntry(createEntry('pupil_question', 6, lessonId, now, 'p1'), { to: 'teacher', initiative: 'prompted', shows: 'Unsure about density' }, now),
    updateEntry(createEntry('incident', 8, lessonId, now, 'i1'), { incidentStart: 9, incidentEnd: 11.5, outcome: 13, valence: 'positive', perspectives: { teacher: 'I let it run', pupils: 'They took over' }, note: 'Pupils & teacher' }, now),
    updateEntry(createEntry('strength', 14, lessonId, now, 's1'), { end: 18, note: 'Calm transition' }, now),
    updateEntry(createEntry('interaction', 19.125, lessonId, now, 'n1'), { note: 'Pairs <talk>' }, now),
    updateEntry(createEntry('language', 21, lessonId, now, 'l1'), { end: 22.5, note: 'Key word: buoyancy' }, now),
    updateEntry(createEntry('movement', 27, lessonId, now, 'm1'), { note: 'Moves to the back' }, now),
  ];
}

type Row = Record<string, unknown> & { lessonId: string };
/** A lesson's entries without what a copy gives anew (ids, lesson, bookkeeping times), in time order. */
async function entriesOf(page: Page, lessonId: string) {
  const rows = (await readTable<Row & Entry>(page, 'entries')).filter((e) => e.lessonId === lessonId);
  return rows.sort((a, b) => a.time - b.time).map(({ id: _i, lessonId: _l, createdAt: _c, updatedAt: _u, ...rest }) => rest);
}

describe('ELAN export, import and agreement', () => {
  let session: Session;
  let originalId = '';
  let eafPath = '';
  let copyId = '';
  /** The original's bands from its own analysis, before the known ones replaced them. */
  let analysedAuto: TalkSegment[] = [];

  async function analysed(page: Page) {
    await page.waitForSelector('[data-testid="analysis-status"][data-state="done"]', { timeout: 60_000 });
  }

  beforeAll(async () => {
    session = await openApp();
    const { page } = session;
    await importFiles(page, 'lesson.mp4');
    await page.waitForURL(/#\/lesson\//);
    await waitForStored(page, 'lesson');
    originalId = lessonIdInUrl(page);
    // The analysis writes the automatic bands: let it finish before the known bands replace them.
    await analysed(page);
    analysedAuto = (await readTable<{ lessonId: string; auto: TalkSegment[] }>(page, 'segments')).find((s) => s.lessonId === originalId)!.auto;
    expect(analysedAuto.length).toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-project').click()]);
    const projectPath = join(work, 'lesson.reframe.json');
    await download.saveAs(projectPath);
    const project = JSON.parse(readFileSync(projectPath, 'utf8'));
    project.segments = { auto: AUTO, corrected: CORRECTED, correctedByCoach: true, algorithmVersion: project.segments.algorithmVersion };
    project.annotations = everyKind(originalId);
    project.plan = [
      { id: 'starter', name: 'Starter', plannedMinutes: 5, start: 0, end: 10 },
      { id: 'task', name: 'Task', plannedMinutes: 15, start: 10, end: null },
      { id: 'plenary', name: 'Plenary', plannedMinutes: 5 },
    ];
    project.clips = [
      { id: 'c1', title: 'The incident', start: 7, end: 14, annotationIds: ['i1'], order: 0, replayCount: 1, perspectiveNotes: { teacher: 'Watch the pupils' } },
      { id: 'c2', title: 'Question and wait', start: 2, end: 6, annotationIds: ['q1', 'p1'], order: 1, replayCount: 0, perspectiveNotes: {} },
    ];
    writeFileSync(projectPath, JSON.stringify(project));
    await page.getByTestId('tab-lesson').click();
    await page.getByTestId('import-project').setInputFiles(projectPath);
    await page.getByTestId('import-project-apply').click();
    await until(async () => (await entriesOf(page, originalId)).length === 7, 15_000, 'the seven entries restored');
  });
  afterAll(async () => session?.close());

  it('shows the agreement between the automatic and the corrected bands, as worked out by hand', async () => {
    const { page } = session;
    const agreement = page.getByTestId('agreement');
    await expect.poll(async () => Number(await agreement.getAttribute('data-kappa'))).toBeCloseTo(KAPPA, 6);
    // 5 of 29 s relabelled; 24 of 29 frames alike.
    await expect(agreement.textContent()).resolves.toMatch(/You changed 17% of the lesson; agreement 0\.71 .*83%/);
    expect(await page.locator('[data-testid="agreement-label"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-label')))).toEqual(['teacher_talk', 'discussion', 'group_work']);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-agreement-csv').click()]);
    expect(csv.suggestedFilename()).toBe('lesson_talk-agreement.csv');
    const csvPath = join(work, 'agreement.csv');
    await csv.saveAs(csvPath);
    const text = readFileSync(csvPath, 'utf8');
    expect(text).toContain('lesson,kappa,,,0.7071\r\n');
    expect(text).toContain('lesson,seconds,teacher_talk,discussion,5\r\n');
    // The time-use lens says it too.
    await page.getByTestId('tab-evidence').click();
    await page.locator('[data-testid="lens-tab"][data-lens="time_use"]').click();
    const lens = page.getByTestId('time-use-agreement');
    expect(Number(await lens.getAttribute('data-kappa'))).toBeCloseTo(KAPPA, 6);
    await expect(lens.textContent()).resolves.toMatch(/You changed 17% of the lesson; agreement 0\.71/);
    await page.getByTestId('tab-lesson').click();
  });

  it('exports an ELAN file that validates against the EAF 3.0 schema, with a tier per kind and the bands', async () => {
    const { page } = session;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-eaf').click()]);
    expect(download.suggestedFilename()).toBe('lesson.eaf');
    eafPath = join(work, 'lesson.eaf');
    await download.saveAs(eafPath);
    // Throws (and fails the test) when the file does not validate.
    execFileSync('xmllint', ['--noout', '--schema', SCHEMA, eafPath], { stdio: 'pipe' });
    const xml = readFileSync(eafPath, 'utf8');
    expect(xml).toContain('<MEDIA_DESCRIPTOR MEDIA_URL="lesson.mp4" MIME_TYPE="video/mp4" RELATIVE_MEDIA_URL="./lesson.mp4"/>');
    for (const tier of ['Talk (automatic)', 'Talk (coach)', 'Teacher questions', 'Pupil questions', 'Critical incidents', 'Strengths', 'Interaction', 'Language', 'Movement', 'Lesson plan', 'Clips']) {
      expect(xml).toContain(`TIER_ID="${tier}"`);
    }
    expect(xml).toContain('TIME_VALUE="19125"');
    expect(xml).toContain('<ANNOTATION_VALUE>Whole-class discussion</ANNOTATION_VALUE>');
    expect(xml).toContain('Pairs &lt;talk&gt;');
  });

  it('brings the file back onto a fresh copy of the video: the same entries, bands, plan and clips', async () => {
    const { page } = session;
    expect(eafPath).not.toBe('');
    await page.goto(APP_URL + '#/');
    await page.getByTestId('lesson-list').waitFor();
    await importFiles(page, 'lesson.mp4');
    await page.getByTestId('duplicate-keep-copy').click();
    await page.waitForURL((url) => /#\/lesson\//.test(url.hash) && !url.hash.includes(originalId));
    copyId = lessonIdInUrl(page);
    await until(async () => (await readTable<{ id: string; status: string }>(page, 'lessons')).some((l) => l.id === copyId && l.status === 'ready'), 60_000, 'the copy stored');
    await analysed(page);
    await page.getByTestId('tab-lesson').click();
    // No corrections on the fresh copy: nothing to compare yet.
    await expect.poll(() => page.getByTestId('agreement').getAttribute('data-kappa')).toBe('');

    // A damaged file is refused and nothing changes.
    writeFileSync(join(work, 'broken.eaf'), readFileSync(eafPath, 'utf8').slice(0, 300));
    await page.getByTestId('import-eaf').setInputFiles(join(work, 'broken.eaf'));
    await expect(page.getByTestId('import-eaf-errors').textContent()).resolves.toMatch(/damaged or is not an ELAN file/);
    await page.getByTestId('import-eaf-errors').getByRole('button', { name: 'OK' }).click();
    expect(await entriesOf(page, copyId)).toEqual([]);

    await page.getByTestId('import-eaf').setInputFiles(eafPath);
    await expect(page.getByTestId('import-eaf-confirm').textContent()).resolves.toMatch(/7 entries, 2 clips/);
    await page.getByTestId('import-eaf-apply').click();
    await until(async () => (await entriesOf(page, copyId)).length === 7, 15_000, 'the entries brought in');

    expect(await entriesOf(page, copyId)).toEqual(await entriesOf(page, originalId));
    const segments = await readTable<{ lessonId: string; auto: TalkSegment[]; corrected: TalkSegment[] | null }>(page, 'segments');
    expect(segments.find((s) => s.lessonId === copyId)?.corrected).toEqual(CORRECTED);
    // The copy keeps the bands of its own analysis of the same video (the file's are another lesson's record).
    expect(segments.find((s) => s.lessonId === copyId)?.auto).toEqual(analysedAuto);
    const plans = await readTable<{ lessonId: string; phases: Array<Record<string, unknown>> }>(page, 'plans');
    const phases = (id: string) => plans.find((p) => p.lessonId === id)!.phases.map(({ id: _id, ...phase }) => ({ start: null, end: null, ...phase }));
    expect(phases(copyId)).toEqual(phases(originalId));

    // Clips come back in order, each showing the copy's own entries that match the original's.
    const entries = await readTable<Row & Entry>(page, 'entries');
    const clips = await readTable<Row & { order: number; annotationIds: string[] }>(page, 'clips');
    const clipsOf = (id: string) =>
      clips
        .filter((c) => c.lessonId === id)
        .sort((a, b) => a.order - b.order)
        .map(({ id: _i, lessonId: _l, createdAt: _c, updatedAt: _u, annotationIds, ...rest }) => ({ ...rest, shows: annotationIds.map((a) => entries.find((e) => e.id === a && e.lessonId === id)?.kind ?? 'missing') }));
    expect(clipsOf(copyId)).toEqual(clipsOf(originalId));
    expect(clipsOf(copyId).map((c) => c.shows)).toEqual([['incident'], ['teacher_question', 'pupil_question']]);

    // And the copy now reports how the brought-in corrections agree with its own analysis.
    const expected = talkAgreement(analysedAuto, CORRECTED, 29).kappa!;
    await expect.poll(async () => Number(await page.getByTestId('agreement').getAttribute('data-kappa'))).toBeCloseTo(expected, 6);
    expect(session.pageErrors).toEqual([]);
  });

  it("compares a second coder's file with the lesson: talk kappa, entries matched per kind, and a jump to the unmatched one", async () => {
    const { page } = session;
    // The second coder left 10–15 s as teacher talk and logged no movement.
    const theirs = readFileSync(eafPath, 'utf8')
      .replace('<ANNOTATION_VALUE>Whole-class discussion</ANNOTATION_VALUE>', '<ANNOTATION_VALUE>Teacher talk</ANNOTATION_VALUE>')
      .replace(/<TIER LINGUISTIC_TYPE_REF="Evidence" TIER_ID="Movement">[\s\S]*?<\/TIER>/, '<TIER LINGUISTIC_TYPE_REF="Evidence" TIER_ID="Movement"/>');
    expect(theirs).toContain('TIER_ID="Movement"/>');
    writeFileSync(join(work, 'second-coder.eaf'), theirs);
    await page.getByTestId('import-eaf').setInputFiles(join(work, 'second-coder.eaf'));
    await page.getByTestId('import-eaf-compare').click();
    const panel = page.getByTestId('second-coder');
    // The same bands as the automatic ones against the coach's: the kappa worked out above.
    expect(Number(await panel.getAttribute('data-kappa'))).toBeCloseTo(KAPPA, 6);
    const movement = panel.locator('[data-testid="second-coder-kind"][data-kind="movement"]');
    expect([await movement.getAttribute('data-recall'), await movement.getAttribute('data-precision')]).toEqual(['0', '']);
    expect(await panel.locator('[data-testid="second-coder-kind"][data-kind="strength"]').getAttribute('data-recall')).toBe('1');
    const unmatched = panel.getByTestId('second-coder-unmatched');
    expect(await unmatched.count()).toBe(1);
    expect([await unmatched.getAttribute('data-coder'), await unmatched.getAttribute('data-time')]).toEqual(['first', '27']);
    await unmatched.click();
    await expect.poll(() => page.locator('video').evaluate((v: HTMLVideoElement) => v.currentTime)).toBeCloseTo(27, 1);
    // Comparing changes nothing stored.
    expect(await entriesOf(page, copyId)).toHaveLength(7);
    expect(session.pageErrors).toEqual([]);
  });

  it('brings in a tier of its own as entries of the kind the coach picks', async () => {
    const { page } = session;
    const withPraise = readFileSync(eafPath, 'utf8').replace(
      '<LINGUISTIC_TYPE ',
      '<TIER LINGUISTIC_TYPE_REF="Evidence" TIER_ID="Praise"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="z1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts4"><ANNOTATION_VALUE>Well done, Sam</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER>\n    <LINGUISTIC_TYPE ',
    );
    writeFileSync(join(work, 'praise.eaf'), withPraise);
    await page.getByTestId('import-eaf').setInputFiles(join(work, 'praise.eaf'));
    await page.locator('[data-testid="import-eaf-tier-kind"][data-tier="Praise"]').selectOption('language');
    await page.getByTestId('import-eaf-apply').click();
    await until(async () => (await entriesOf(page, copyId)).length === 8, 15_000, 'the praise entry brought in');
    const praise = (await entriesOf(page, copyId)).filter((e) => e.note === 'Well done, Sam');
    expect(praise).toMatchObject([{ kind: 'language', lens: 'language', time: 0 }]);
    expect(session.pageErrors).toEqual([]);
  });

  it("compares a second coach's project file the same way", async () => {
    const { page } = session;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-project-json').click()]);
    const projectPath = join(work, 'second-coach.reframe.json');
    await download.saveAs(projectPath);
    // The second coach logged no strength and put the question 3 s later (beyond the 2 s tolerance).
    const project = JSON.parse(readFileSync(projectPath, 'utf8'));
    project.annotations = project.annotations.filter((e: Entry) => e.kind !== 'strength').map((e: Entry) => (e.kind === 'teacher_question' ? { ...e, time: e.time + 3 } : e));
    writeFileSync(projectPath, JSON.stringify(project));
    await page.getByTestId('import-project').setInputFiles(projectPath);
    await page.getByTestId('import-project-compare').click();
    const panel = page.getByTestId('second-coder');
    // Same bands on both sides.
    expect(Number(await panel.getAttribute('data-kappa'))).toBe(1);
    const row = (kind: string) => panel.locator(`[data-testid="second-coder-kind"][data-kind="${kind}"]`);
    expect(await row('strength').getAttribute('data-recall')).toBe('0');
    expect([await row('teacher_question').getAttribute('data-recall'), await row('teacher_question').getAttribute('data-precision')]).toEqual(['0', '0']);
    expect(await row('incident').getAttribute('data-recall')).toBe('1');
    const times = await panel.getByTestId('second-coder-unmatched').evaluateAll((buttons) => buttons.map((b) => `${b.getAttribute('data-coder')} ${b.getAttribute('data-time')}`));
    expect(times.sort()).toEqual(['first 14', 'first 2.5', 'second 5.5']);
    expect(await entriesOf(page, copyId)).toHaveLength(8);
    expect(session.pageErrors).toEqual([]);
  });
});
