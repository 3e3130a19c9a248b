import { describe, expect, it } from 'vitest';
import { talkAgreement } from '../../../../src/core/agreement';
import { agreementToCsv } from '../../../../src/core/formats/agreement-csv';
import { parseCsv } from '../../../../src/core/formats/csv';
import type { TalkLabel, TalkSegment } from '../../../../src/core/talk';

const bands = (...parts: Array<[number, number, TalkLabel]>): TalkSegment[] => parts.map(([start, end, label]) => ({ start, end, label, confidence: 1 }));

describe('agreementToCsv', () => {
  // The example worked by hand in agreement.test.ts: kappa 2/3, 80% alike, 2 s of teacher talk relabelled as discussion.
  const agreement = talkAgreement(bands([0, 6, 'teacher_talk'], [6, 10, 'group_work']), bands([0, 4, 'teacher_talk'], [4, 6, 'discussion'], [6, 10, 'group_work']), 10);
  const rows = parseCsv(agreementToCsv(agreement, { lessonTitle: 'Year 8, "forces"' }));
  const value = (figure: string, first = '', second = '') => rows.find((r) => r[1] === figure && r[2] === first && r[3] === second)?.[4];

  it('writes the overall figures, each label and the seconds per label pair', () => {
    expect(rows[0]).toEqual(['lesson', 'figure', 'first_label', 'second_label', 'value']);
    expect(rows[1][0]).toBe('Year 8, "forces"');
    expect(value('kappa')).toBe('0.6667');
    expect(value('percent_agreement')).toBe('0.8');
    expect(value('changed_share')).toBe('0.2');
    expect(value('frames')).toBe('10');
    expect(value('seconds', 'teacher_talk', 'discussion')).toBe('2');
    expect(value('seconds', 'group_work', 'group_work')).toBe('4');
    expect(value('label_kappa', 'group_work', 'group_work')).toBe('1');
    expect(value('first_seconds', 'teacher_talk')).toBe('6');
    expect(value('second_seconds', '', 'discussion')).toBe('2');
    // Pairs without time are left out.
    expect(value('seconds', 'discussion', 'teacher_talk')).toBeUndefined();
  });

  it('ends every row with CRLF', () => {
    expect(agreementToCsv(agreement).split('\r\n').at(-1)).toBe('');
    expect(agreementToCsv(agreement)).not.toMatch(/[^\r]\n/);
  });
});
