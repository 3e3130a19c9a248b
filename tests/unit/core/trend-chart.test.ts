import { describe, expect, it } from 'vitest';
import { trendChartSvg, trendPanels } from '../../../src/core/trend-chart';
import { TREND_FIGURES, type TrendPoint } from '../../../src/core/trends';

const point = (lessonId: string, date: string, patch: Partial<TrendPoint> = {}): TrendPoint => ({
  lessonId,
  title: lessonId,
  date,
  talkShares: { teacher_talk: 0.62, discussion: 0.2, group_work: 0.18, independent_work: 0, no_audio: 0, unclear: 0 },
  teacherQuestionsPerTenMinutes: 4.25,
  openShare: 0.5,
  higherOrderShare: null,
  medianWaitTime1: 1.84,
  medianWaitTime2: null,
  pupilQuestions: 3,
  proactivePupilQuestions: 1,
  phases: [{ name: 'Starter', planned: 600, actual: 750, estimated: false }],
  ...patch,
});

const points = [point('l1', '2026-10-01'), point('l2', '2026-10-15', { talkShares: null, teacherQuestionsPerTenMinutes: 6, higherOrderShare: 0.25 })];

/** The markup of one panel. */
const panel = (svg: string, id: string) => svg.split('<g data-figure=').find((part) => part.startsWith(`"${id}"`)) ?? '';

describe('trend chart', () => {
  it('draws one panel per figure and one per plan phase', () => {
    expect(trendPanels(points).map((p) => p.id)).toEqual([...TREND_FIGURES.map((f) => f.id), 'phase-1']);
  });

  it('draws a point with its value written beside it for every lesson that has the figure', () => {
    const svg = trendChartSvg(points, { title: 'Ana' });
    const questions = panel(svg, 'teacher_questions');
    expect(questions.match(/<circle/g)).toHaveLength(2);
    expect(questions).toContain('>4.3<');
    expect(questions).toContain('>6<');
    // Teacher talk is known for the first lesson only: one point, no line, 62% written.
    const talk = panel(svg, 'teacher_talk');
    expect(talk.match(/<circle/g)).toHaveLength(1);
    expect(talk.match(/<line/g)).toHaveLength(1); // the axis only
    expect(talk).toContain('>62%<');
    expect(panel(svg, 'wait_time_1')).toContain('>1.8 s<');
    expect(panel(svg, 'wait_time_2')).toContain('No figure yet');
    expect(svg).toContain('>1 Oct<');
    expect(svg).toContain('>15 Oct<');
  });

  it('sets planned against actual minutes for each phase', () => {
    const phase = panel(trendChartSvg(points), 'phase-1');
    expect(phase).toContain('Phase: Starter');
    expect(phase.match(/data-series="Planned"/g)).toHaveLength(2);
    expect(phase.match(/data-series="Actual"/g)).toHaveLength(2);
    expect(phase).toContain('>10 min<');
    expect(phase).toContain('>12.5 min<');
  });

  it('writes a value near the floor above its point, clear of the dates under the axis', () => {
    // An actual phase far under its plan: written below its point, the label fell on the date line.
    const short = [point('l1', '2026-10-01', { phases: [{ name: 'Starter', planned: 600, actual: 30, estimated: false }] })];
    const svg = panel(trendChartSvg(short), 'phase-1');
    const axis = Number(/<line x1="0" y1="([\d.]+)"/.exec(svg)![1]);
    const label = Number(new RegExp('<text x="[\\d.]+" y="([\\d.-]+)"[^>]*>0.5 min<').exec(svg)![1]);
    expect(label).toBeLessThan(axis);
  });

  it('fits 1280 pixels wide and keeps lesson titles out of the markup unescaped', () => {
    const svg = trendChartSvg([point('<b>&', '2026-10-01')], { title: 'A & B <script>' });
    expect(svg).toMatch(/^<svg [^>]*width="1280"/);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('A &amp; B &lt;script&gt;');
    expect(svg).toContain('data-lesson="&lt;b&gt;&amp;"');
  });

  it('has no score, ranking or target anywhere', () => {
    expect(trendChartSvg(points)).not.toMatch(/score|rank|target|average/i);
  });
});
