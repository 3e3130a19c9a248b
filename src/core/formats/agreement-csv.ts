/**
 * The agreement of two sets of talk bands as CSV (for a spreadsheet or a research report): one row
 * per figure, RFC 4180 like the evidence CSV. The overall figures first, then each label against the
 * rest, then the confusion matrix in seconds per label pair.
 */
import type { TalkAgreement } from '../agreement';
import { TALK_LABELS } from '../talk';
import { csvCell } from './csv';

/** Column names, in order. */
export const AGREEMENT_CSV_COLUMNS = ['lesson', 'figure', 'first_label', 'second_label', 'value'] as const;

const number = (value: number | null) => (value == null ? '' : String(Math.round(value * 10000) / 10000));

/**
 * Rows: `kappa`, `percent_agreement` (0..1), `changed_share` (0..1), `frames`; per label `label_kappa`,
 * `first_seconds`, `second_seconds`; per label pair with time `seconds`. `first`/`second` name the two sets
 * (e.g. automatic and coach).
 */
export function agreementToCsv(agreement: TalkAgreement, options: { lessonTitle?: string } = {}): string {
  const lesson = options.lessonTitle ?? '';
  const rows: string[][] = [[...AGREEMENT_CSV_COLUMNS]];
  const add = (figure: string, first: string, second: string, value: number | null) => rows.push([lesson, figure, first, second, number(value)]);
  add('kappa', '', '', agreement.kappa);
  add('percent_agreement', '', '', agreement.percent);
  add('changed_share', '', '', agreement.frames ? 1 - agreement.percent : 0);
  add('frames', '', '', agreement.frames);
  for (const line of agreement.perLabel) {
    add('label_kappa', line.label, line.label, line.kappa);
    add('first_seconds', line.label, '', line.firstSeconds);
    add('second_seconds', '', line.label, line.secondSeconds);
  }
  for (const first of TALK_LABELS) for (const second of TALK_LABELS) if (agreement.confusion[first][second] > 0) add('seconds', first, second, agreement.confusion[first][second]);
  return rows.map((row) => row.map(csvCell).join(',') + '\r\n').join('');
}
