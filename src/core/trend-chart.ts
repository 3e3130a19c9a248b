/**
 * The trend chart of a coachee as SVG text: small multiples, one per figure, lessons in date order
 * along each, every value written beside its point; then one per plan phase, planned against actual
 * minutes. The same text is shown on screen and saved as a file. No total, no ranking, no target line.
 */
import { TREND_FIGURES, type TrendFigure, type TrendPoint } from './trends';

/** Size and layout of the chart; the defaults fit a 1280-pixel-wide screen. */
export interface TrendChartOptions {
  width?: number;
  columns?: number;
  panelHeight?: number;
  /** Title written at the top (e.g. the coachee's name). */
  title?: string;
}

/** One small multiple: what it shows and its series. */
export interface TrendPanel {
  id: string;
  name: string;
  unit: string;
  /** One or two series (a phase has planned and actual), each a value per lesson in order. */
  series: Array<{ name: string; values: Array<number | null>; dashed: boolean }>;
  format: (value: number) => string;
  /** The top of the scale when fixed (shares run to 100%), else null: the largest value. */
  max: number | null;
}

const FORMATS: Record<TrendFigure['unit'], (v: number) => string> = {
  share: (v) => `${Math.round(v * 100)}%`,
  'per 10 min': (v) => (Math.round(v * 10) / 10).toString(),
  seconds: (v) => `${Math.round(v * 10) / 10} s`,
  count: (v) => String(Math.round(v)),
};

const minutes = (v: number) => `${Math.round(v * 10) / 10} min`;

/** The panels for these points: the fixed figures, then one per phase name (in first-seen order). */
export function trendPanels(points: readonly TrendPoint[]): TrendPanel[] {
  const figures: TrendPanel[] = TREND_FIGURES.map((f) => ({
    id: f.id,
    name: f.name,
    unit: f.unit !== 'share' ? f.unit : f.id.endsWith('_share') ? 'share of the questions classified' : 'share of the lesson',
    series: [{ name: f.name, values: points.map(f.value), dashed: false }],
    format: FORMATS[f.unit],
    // Shares always run 0–100%, so two lessons' panels read alike.
    max: f.unit === 'share' ? 1 : null,
  }));
  const phaseNames = [...new Set(points.flatMap((p) => p.phases.map((ph) => ph.name)))];
  const phases: TrendPanel[] = phaseNames.map((name, i) => {
    const of = (key: 'planned' | 'actual') => points.map((p) => {
      const phase = p.phases.find((ph) => ph.name === name);
      return phase ? phase[key] / 60 : null;
    });
    return {
      id: `phase-${i + 1}`,
      name: `Phase: ${name}`,
      unit: 'minutes, planned (dashed) and actual',
      series: [
        { name: 'Planned', values: of('planned'), dashed: true },
        { name: 'Actual', values: of('actual'), dashed: false },
      ],
      format: minutes,
      max: null,
    };
  });
  return [...figures, ...phases];
}

/** Text made safe inside SVG. */
function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A short date for the axis: 2026-10-01 → 1 Oct. */
function shortDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(m[2]) - 1];
  return `${Number(m[3])} ${month}`;
}

/** The chart as an SVG document (its width and height set, so it saves and prints at that size). */
export function trendChartSvg(points: readonly TrendPoint[], options: TrendChartOptions = {}): string {
  const width = options.width ?? 1280;
  const columns = options.columns ?? 4;
  const panelHeight = options.panelHeight ?? 170;
  const panelWidth = width / columns;
  const top = options.title ? 36 : 8;
  const panels = trendPanels(points);
  const height = top + Math.ceil(panels.length / columns) * panelHeight;
  // Room above the plot for the value written over the highest point, clear of the panel's unit line.
  const pad = { left: 16, right: 16, top: 54, bottom: 30 };
  const plotWidth = panelWidth - pad.left - pad.right;
  const plotHeight = panelHeight - pad.top - pad.bottom;
  const x = (i: number) => (points.length <= 1 ? plotWidth / 2 : (i * plotWidth) / (points.length - 1));

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" font-family="system-ui, sans-serif" font-size="12">`);
  out.push(`<title>${xml(options.title ?? 'Lesson figures over time')}</title>`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  if (options.title) out.push(`<text x="16" y="24" font-size="16" font-weight="bold" fill="#111111">${xml(options.title)}</text>`);

  panels.forEach((panel, k) => {
    const left = (k % columns) * panelWidth;
    const panelTop = top + Math.floor(k / columns) * panelHeight;
    const all = panel.series.flatMap((s) => s.values).filter((v): v is number => v != null);
    const max = panel.max ?? (Math.max(...all, 0) || 1);
    const y = (v: number) => plotHeight - (v / max) * plotHeight;
    out.push(`<g data-figure="${xml(panel.id)}" transform="translate(${left},${panelTop})">`);
    out.push(`<text x="${pad.left}" y="16" font-weight="bold" fill="#111111">${xml(panel.name)}</text>`);
    out.push(`<text x="${pad.left}" y="30" fill="#555555" font-size="11">${xml(panel.unit)}</text>`);
    out.push(`<g transform="translate(${pad.left},${pad.top})">`);
    out.push(`<line x1="0" y1="${plotHeight}" x2="${plotWidth}" y2="${plotHeight}" stroke="#999999"/>`);
    if (!all.length) out.push(`<text x="${plotWidth / 2}" y="${plotHeight / 2}" text-anchor="middle" fill="#555555">No figure yet</text>`);
    panel.series.forEach((series, s) => {
      // Lines join neighbouring lessons that both have a value; a lesson without one leaves a gap.
      for (let i = 1; i < series.values.length; i++) {
        const a = series.values[i - 1];
        const b = series.values[i];
        if (a == null || b == null) continue;
        out.push(`<line x1="${x(i - 1)}" y1="${y(a)}" x2="${x(i)}" y2="${y(b)}" stroke="#0b4f9c" stroke-width="2"${series.dashed ? ' stroke-dasharray="5 4"' : ''}/>`);
      }
      series.values.forEach((v, i) => {
        if (v == null) return;
        const fill = series.dashed ? '#ffffff' : '#0b4f9c';
        out.push(`<circle data-lesson="${xml(points[i].lessonId)}" data-series="${xml(series.name)}" cx="${x(i)}" cy="${y(v)}" r="4" fill="${fill}" stroke="#0b4f9c" stroke-width="2"/>`);
        // With two series the lower value of a lesson is written below its point, the higher above (planned below on a tie).
        const other = panel.series.length > 1 ? panel.series[1 - s].values[i] : null;
        const lower = other != null && (v < other || (v === other && s === 0));
        // Near the floor a label below would fall on the dates: it goes above when the other point is well clear.
        const below = lower && !(other != null && y(v) + 16 > plotHeight - 2 && y(other) < y(v) - 24);
        const anchor = points.length > 1 && i === 0 ? 'start' : points.length > 1 && i === points.length - 1 ? 'end' : 'middle';
        out.push(`<text x="${x(i)}" y="${y(v) + (below ? 16 : -8)}" text-anchor="${anchor}" fill="#111111">${xml(panel.format(v))}</text>`);
      });
    });
    // Dates under the axis: every lesson while they fit, else the first and the last.
    const every = points.length * 44 <= plotWidth;
    points.forEach((p, i) => {
      if (!every && i !== 0 && i !== points.length - 1) return;
      const anchor = points.length > 1 && i === 0 ? 'start' : points.length > 1 && i === points.length - 1 ? 'end' : 'middle';
      out.push(`<text x="${x(i)}" y="${plotHeight + 16}" text-anchor="${anchor}" fill="#555555" font-size="11">${xml(shortDate(p.date))}</text>`);
    });
    out.push('</g></g>');
  });
  out.push('</svg>');
  return out.join('\n');
}
