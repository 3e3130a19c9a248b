import { describe, expect, it } from 'vitest';
import { formatBytes, formatClock, formatDuration, formatTimestamp, formatWaitTime } from '../../../src/core/format';

describe('format', () => {
  it('shows clock times under and over an hour', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(65.9)).toBe('1:05');
    expect(formatClock(3612.4)).toBe('1:00:12');
    expect(formatClock(Number.NaN)).toBe('0:00');
  });
  it('writes hh:mm:ss.mmm timestamps', () => {
    expect(formatTimestamp(0)).toBe('00:00:00.000');
    expect(formatTimestamp(41.2)).toBe('00:00:41.200');
    expect(formatTimestamp(3723.0456)).toBe('01:02:03.046');
  });
  it('writes sizes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.50 KB');
    expect(formatBytes(1024 ** 3 * 1.5)).toBe('1.50 GB');
    expect(formatBytes(800 * 1024 ** 2)).toBe('800 MB');
  });
  it('describes durations in words', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(52 * 60)).toBe('52 min');
    expect(formatDuration(64 * 60)).toBe('1 h 04 min');
  });
});

describe('formatWaitTime', () => {
  it('shows a wait time to a hundredth of a second, as it is measured', () => {
    expect(formatWaitTime(1.45)).toBe('1.45 s');
    expect(formatWaitTime(3)).toBe('3.00 s');
  });
});
