import { describe, expect, it } from 'vitest';
import { atStage, exportFailureMessage, failureMessage, PlainError, StageError } from '../../../workers/export/failure';

/** What ffmpeg.wasm said when a clip without entries was exported with a subtitle track (issue 18). */
const FFMPEG_TEXT = 'ffmpeg could not make the clip (exit 1): vendor_id : [0][0][0][0] | /job3/captions.srt: Invalid data found when processing input | Aborted()';

describe('export failures in plain words', () => {
  it('never passes on ffmpeg text: a failed run says what happened and what to do', async () => {
    const staged = await atStage('run', () => Promise.reject(new Error(FFMPEG_TEXT))).catch((e: unknown) => e);
    expect(staged).toBeInstanceOf(StageError);
    const message = exportFailureMessage(staged);
    expect(message).toMatch(/^The clip could not be made from this part of the lesson file\. Try again/);
    expect(message).not.toMatch(/ffmpeg|vendor|srt|invalid|aborted|exit|\|/i);
  });
  it('says the clip maker did not load, without the fetch or wasm message', () => {
    const message = exportFailureMessage(new StageError('load', new TypeError('Failed to fetch dynamically imported module: blob:…/ffmpeg-core.js')));
    expect(message).toMatch(/could not start.*Reload the page and try again/);
    expect(message).not.toMatch(/fetch|module|wasm|blob/i);
  });
  it('keeps messages written for the coach, and hides anything else', () => {
    expect(exportFailureMessage(new PlainError('The clip ends before it starts; check its start and end times.'))).toBe('The clip ends before it starts; check its start and end times.');
    expect(failureMessage(new Error('RangeError: offset is out of bounds'), 'index')).not.toMatch(/RangeError|offset/);
    expect(exportFailureMessage(new Error('Cannot read properties of undefined'))).toBe('Something went wrong while making the clip; your lesson is safe. Please try again.');
  });
  it('lets a plain error and a cancel through a stage unchanged', async () => {
    const plain = new PlainError('This file has no video track, so there is no clip to export.');
    await expect(atStage('run', () => Promise.reject(plain))).rejects.toBe(plain);
    const cancel = new DOMException('Export cancelled', 'AbortError');
    await expect(atStage('load', () => Promise.reject(cancel))).rejects.toBe(cancel);
  });
});
