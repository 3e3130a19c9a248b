/**
 * Blurring pupils' faces in an exported clip (issue 24): a clip of the face fixture (four moving copies of a
 * portrait over real recorded voices, tests/fixtures/faces) exported "for sharing beyond the two of us", with
 * the teacher's face left visible by clicking it in the preview and pupils' speech muted. The app's own face
 * worker (through the dev-only face harness) then looks at the exported frames: it finds the teacher's face
 * and no other; the pupils' speech is silent and the teacher's is not (native ffmpeg's levels).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download } from 'playwright-core';
import { seriousViolations } from './axe-check';
import { APP_URL, fixture, openApp, readTable, until, type Session } from './harness';
import { startFacesHarness, type FacesHarness } from './pages/faces-driver';
import { facesAt, isFace } from './faces/truth';
import { levelsOf } from './native-media';

/** The clip: the teacher asks (70.4–74.2 s), a pupil answers (75.2–83.4 s), the teacher again (83.8–90 s). */
const CLIP = { start: 70, end: 90 };
/** The truth of the real-voice lesson whose sound the face fixture carries. */
const TRUTH = 'real/real-heldout-s7002-0-plan-tt70-d70-gw70-iw40.truth.json';
type Turn = { start: number; end: number; who: string };

describe('blurring pupils\' faces in an exported clip', () => {
  let session: Session;
  let faces: FacesHarness;
  const work = mkdtempSync(join(tmpdir(), 'reframe-face-blur-'));
  const page = () => session.page;
  const seek = (t: number) => page().locator('video').evaluate((v: HTMLVideoElement, time) => (v.currentTime = time), t);

  beforeAll(async () => {
    session = await openApp();
    const p = page();
    await p.getByTestId('import-input').setInputFiles(fixture('faces.mp4'));
    await p.waitForURL(/#\/lesson\//);
    // Muting pupils needs the analysis's teacher-voice model.
    await p.waitForSelector('[data-testid="analysis-status"][data-state="done"]', { timeout: 150_000 });
    await seek(CLIP.start);
    await p.keyboard.press('[');
    await seek(CLIP.end);
    await p.keyboard.press(']');
    await p.getByTestId('clip-from-loop').click();
    await until(async () => (await readTable(p, 'clips')).length === 1, 10_000, 'the clip');
    await p.getByTestId('tab-lesson').click();
  }, 240_000);
  afterAll(async () => {
    await session?.close();
    await faces?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('blurs every face but the teacher\'s, which the coach left visible in the preview, and mutes the pupils', async () => {
    const p = page();
    expect(await p.getByTestId('export-blur-faces').isChecked()).toBe(false);
    await p.getByTestId('export-audience').selectOption('beyond');
    expect(await p.getByTestId('export-blur-faces').isChecked()).toBe(true);
    expect(await p.getByTestId('export-mute-voices').isChecked()).toBe(true);
    expect(await p.getByTestId('export-mode-exact').isChecked()).toBe(true);

    // The preview: the clip's frames 2 s apart with the faces found on this computer.
    await p.getByTestId('find-faces').click();
    await p.waitForSelector('[data-testid="face-preview"][data-state="done"]', { timeout: 150_000 });
    expect(await p.getByTestId('face-summary').textContent()).toMatch(/^\s*([4-9]|\d\d) faces found: ([4-9]|\d\d) blurred\./);
    await p.getByTestId('face-preview-scrub').fill('3');
    const time = Number(await p.getByTestId('face-preview-frame').getAttribute('data-time'));
    expect(time).toBe(6);
    const boxes = await p.getByTestId('face-box').evaluateAll((nodes) => nodes.map((n) => ({ track: n.getAttribute('data-track'), x: Number(n.getAttribute('data-x')), y: Number(n.getAttribute('data-y')), w: Number(n.getAttribute('data-w')), h: Number(n.getAttribute('data-h')) })));
    const truth = facesAt(CLIP.start + time);
    // Every face of the frame is drawn; the coach clicks the teacher's.
    for (const face of truth) expect(boxes.some((b) => isFace(b, face.box)), `${face.name} ${JSON.stringify(face.box)} among ${JSON.stringify(boxes)}`).toBe(true);
    const teacher = boxes.find((b) => isFace(b, truth[0].box))!;
    const teacherBox = p.locator(`[data-testid="face-box"][data-track="${teacher.track}"]`);
    await teacherBox.click();
    expect(await teacherBox.getAttribute('data-visible')).toBe('true');
    expect(await p.getByTestId('face-summary').textContent()).toMatch(/1 left visible/);
    // Clicking again blurs it again; a third click leaves it visible for the export.
    await teacherBox.click();
    expect(await teacherBox.getAttribute('data-visible')).toBe('false');
    await teacherBox.click();

    // A face the detector missed is blurred by dragging across the frame: counted apart from the faces found, and selected.
    const summary = p.getByTestId('face-summary');
    const foundCount = Number(await summary.getAttribute('data-found'));
    const frame = (await p.getByTestId('face-preview-frame').boundingBox())!;
    const dragOnFrame = async (from: [number, number], to: [number, number]) => {
      await p.mouse.move(frame.x + frame.width * from[0], frame.y + frame.height * from[1]);
      await p.mouse.down();
      await p.mouse.move(frame.x + frame.width * (from[0] + to[0]) / 2, frame.y + frame.height * (from[1] + to[1]) / 2, { steps: 4 });
      await p.mouse.move(frame.x + frame.width * to[0], frame.y + frame.height * to[1], { steps: 4 });
      await p.mouse.up();
    };
    await dragOnFrame([0.45, 0.4], [0.55, 0.55]);
    const drawn = p.locator('[data-testid="face-box"][data-manual="true"]');
    expect(await drawn.count()).toBe(1);
    const x6 = Number(await drawn.getAttribute('data-x'));
    expect(x6).toBeCloseTo(0.45, 1);
    expect(await drawn.getAttribute('data-selected')).toBe('true');
    expect(await summary.getAttribute('data-found')).toBe(String(foundCount));
    expect(await summary.getAttribute('data-drawn')).toBe('1');
    expect(await summary.textContent()).toMatch(new RegExp(`^\\s*${foundCount} faces found: ${foundCount - 1} blurred, 1 left visible\\.[\\s\\S]*1 box drawn, blurred\\.`));
    const tools = p.getByTestId('face-box-tools');
    expect([await tools.getAttribute('data-from'), await tools.getAttribute('data-until'), await tools.getAttribute('data-keyframes')]).toEqual(['5', '9', '1']);

    // At the frame 4 s later (outside its time) the selected box waits where it was; dragged onto the moved face
    // there, it follows the scene between the two frames and its time stretches to cover the new one.
    await p.getByTestId('face-preview-scrub').fill('5');
    expect(await drawn.getAttribute('data-outside')).toBe('true');
    const box10 = (await drawn.boundingBox())!;
    await p.mouse.move(box10.x + box10.width / 2, box10.y + box10.height / 2);
    await p.mouse.down();
    await p.mouse.move(box10.x + box10.width / 2 + frame.width * 0.05, box10.y + box10.height / 2, { steps: 4 });
    await p.mouse.move(box10.x + box10.width / 2 + frame.width * 0.1, box10.y + box10.height / 2, { steps: 4 });
    await p.mouse.up();
    expect(await drawn.getAttribute('data-outside')).toBe('false');
    const x10 = Number(await drawn.getAttribute('data-x'));
    expect(x10 - x6).toBeGreaterThan(0.08);
    expect([await tools.getAttribute('data-until'), await tools.getAttribute('data-keyframes')]).toEqual(['11', '2']);
    await p.getByTestId('face-preview-scrub').fill('4');
    expect(Number(await drawn.getAttribute('data-x'))).toBeCloseTo((x6 + x10) / 2, 3);

    // From the keyboard: the arrow keys move it at this frame, "End here" and the "from" field stretch its time.
    const y8 = Number(await drawn.getAttribute('data-y'));
    await drawn.focus();
    await p.keyboard.press('ArrowDown');
    await p.keyboard.press('ArrowDown');
    expect(Number(await drawn.getAttribute('data-y'))).toBeCloseTo(y8 + 0.02, 3);
    expect(await tools.getAttribute('data-keyframes')).toBe('3');
    await p.getByTestId('face-box-end-here').focus();
    await p.keyboard.press('Enter');
    expect(await tools.getAttribute('data-until')).toBe('8');
    await p.getByTestId('face-box-from').fill('3.5');
    await p.keyboard.press('Tab');
    expect(await tools.getAttribute('data-from')).toBe('3.5');
    // The preview with a drawn box selected has labelled controls only.
    expect(await seriousViolations(p)).toEqual([]);

    // A detected box that is not a face is removed for the clip (here a pupil's, put back at once): not counted,
    // listed, and back where it was when put back. The drawn box is removed from the keyboard, and stays removed.
    const pupil = boxes.find((b) => b.track !== teacher.track)!;
    await p.getByTestId('face-preview-scrub').fill('3');
    await p.locator(`[data-testid="face-box-remove"][data-track="${pupil.track}"]`).click();
    expect(await p.locator(`[data-testid="face-box"][data-track="${pupil.track}"]`).count()).toBe(0);
    expect([await summary.getAttribute('data-found'), await summary.getAttribute('data-removed')]).toEqual([String(foundCount - 1), '1']);
    expect(await p.getByTestId('face-removed').getAttribute('data-track')).toBe(pupil.track);
    await drawn.focus();
    await p.keyboard.press('Delete');
    expect(await drawn.count()).toBe(0);
    expect([await summary.getAttribute('data-drawn'), await summary.getAttribute('data-removed')]).toEqual(['0', '2']);
    await p.locator(`[data-testid="face-restore"][data-track="${pupil.track}"]`).focus();
    await p.keyboard.press('Enter');
    expect(await p.locator(`[data-testid="face-box"][data-track="${pupil.track}"]`).getAttribute('data-visible')).toBe('false');
    expect([await summary.getAttribute('data-found'), await summary.getAttribute('data-removed')]).toEqual([String(foundCount), '1']);
    // Without a pointer: "Add a box on this frame", then the arrow keys on it; Delete takes it away.
    await p.getByTestId('face-add-box').focus();
    await p.keyboard.press('Enter');
    expect(await drawn.count()).toBe(1);
    expect(await drawn.getAttribute('data-selected')).toBe('true');
    const added = Number(await drawn.getAttribute('data-x'));
    await drawn.focus();
    await p.keyboard.press('ArrowLeft');
    expect(Number(await drawn.getAttribute('data-x'))).toBeCloseTo(added - 0.01, 3);
    await p.keyboard.press('Delete');
    expect(await drawn.count()).toBe(0);

    const [download] = (await Promise.all([p.waitForEvent('download', { timeout: 180_000 }), p.getByTestId('export-clips').click()])) as [Download, unknown];
    const path = join(work, 'shared.mp4');
    await download.saveAs(path);

    // Finding faces asked nothing of any other origin: the detector's weights and TensorFlow.js's WebAssembly came from the app.
    expect(session.requests.filter((url) => !url.startsWith(APP_URL) && !/^(blob|data):/.test(url))).toEqual([]);
    expect(session.blocked).toEqual([]);
    expect(session.requests.some((url) => /ssd_mobilenetv1_model[\w-]*\.bin$/.test(url))).toBe(true);
    expect(session.requests.some((url) => /tfjs-backend-wasm[\w-]*\.wasm$/.test(url))).toBe(true);

    // The same detector over the exported frames, 0.5 s apart: the teacher's face and nothing else.
    faces = await startFacesHarness();
    const found = await faces.run(path, { start: 0, end: CLIP.end - CLIP.start - 0.1, every: 0.5, detector: 'ssd' });
    expect(found.kind, `${found.error}\n${faces.logs.slice(-10).join('\n')}`).toBe('done');
    const frames = found.frames!;
    expect(frames.length).toBeGreaterThanOrEqual(39);
    let teacherSeen = 0;
    for (const frame of frames) {
      const [teacherFace, ...pupils] = facesAt(CLIP.start + frame.time);
      for (const pupil of pupils) expect(frame.boxes.some((b) => isFace(b, pupil.box)), `${pupil.name} at ${frame.time} s`).toBe(false);
      expect(frame.boxes.filter((b) => !isFace(b, teacherFace.box)), `boxes on no face at ${frame.time} s`).toEqual([]);
      if (frame.boxes.some((b) => isFace(b, teacherFace.box))) teacherSeen++;
    }
    expect(teacherSeen / frames.length).toBeGreaterThan(0.9);

    // Pupils' speech silent, the teacher's not.
    const turns = (JSON.parse(readFileSync(fixture(TRUTH), 'utf8')) as { turns: Turn[] }).turns
      .filter((t) => t.start >= CLIP.start && t.end <= CLIP.end)
      .map((t) => ({ ...t, start: t.start - CLIP.start, end: t.end - CLIP.start }));
    const pupilTurns = turns.filter((t) => t.who !== 'teacher');
    const teacherTurns = turns.filter((t) => t.who === 'teacher');
    expect(pupilTurns.length).toBeGreaterThanOrEqual(2);
    expect(teacherTurns.length).toBeGreaterThanOrEqual(2);
    for (const turn of pupilTurns) expect(levelsOf(path, turn.start, turn.end).max, `pupil ${turn.start}–${turn.end}`).toBeLessThan(-70);
    for (const turn of teacherTurns) expect(levelsOf(path, turn.start, turn.end).mean, `teacher ${turn.start}–${turn.end}`).toBeGreaterThan(-35);
    // Looking for faces (up to 150 s) and exporting (up to 180 s) on a busy 2-core machine.
  }, 420_000);
});
