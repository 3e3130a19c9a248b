/**
 * A coachee's trend (issue 22): their lessons' figures in date order, followed as bands, entries and
 * plans change, with the chart's SVG and the table's CSV as the coach downloads them.
 */
import { trendChartSvg } from '../core/trend-chart';
import { trendPoints, trendsToCsv, type TrendLesson } from '../core/trends';
import { watchTrendLessons } from '../db/reads';

/** The trend view's state for one coachee. */
export class CoacheeTrend {
  /** What each lesson contributes; undefined while the first read is on its way. */
  lessons = $state.raw<TrendLesson[] | undefined>(undefined);

  /** The figures per lesson, in date order. */
  readonly points = $derived(trendPoints(this.lessons ?? []));
  /** The chart as SVG text (shown, and saved as the .svg file). */
  readonly svg = $derived.by(() => trendChartSvg(this.points, { title: this.title }));
  /** The trend table as CSV text, with a byte-order mark so spreadsheets read accented names. */
  readonly csv = $derived('\ufeff' + trendsToCsv(this.points));

  #stop: (() => void) | null = null;

  constructor(
    readonly coacheeId: string,
    readonly title = 'Lesson figures over time',
  ) {}

  /** Follow the stored rows; `destroy` stops. */
  start(): void {
    const subscription = watchTrendLessons(this.coacheeId).subscribe(
      (lessons) => (this.lessons = lessons),
      (error) => console.error('Reading the trend failed', this.coacheeId, error),
    );
    this.#stop = () => subscription.unsubscribe();
  }

  /** Stop following the stored rows. */
  destroy(): void {
    this.#stop?.();
    this.#stop = null;
  }
}
