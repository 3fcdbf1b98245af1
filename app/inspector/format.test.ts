import { describe, expect, it } from 'vitest';
import { formatBandwidth, formatDelay, formatDuration } from './format';

describe('link formatting', () => {
  it('shows bandwidth in the largest whole unit', () => {
    expect(formatBandwidth(1_000_000_000)).toBe('1 Gbit/s');
    expect(formatBandwidth(100_000_000)).toBe('100 Mbit/s');
    expect(formatBandwidth(1_500_000)).toBe('1.5 Mbit/s');
    expect(formatBandwidth(300)).toBe('300 bit/s');
  });

  it('shows delay from nanoseconds', () => {
    expect(formatDelay(1_000)).toBe('1 µs');
    expect(formatDelay(2_500_000)).toBe('2.5 ms');
    expect(formatDelay(40)).toBe('40 ns');
    expect(formatDelay(1_000_000_000)).toBe('1 s');
  });

  it('shows a duration in days, hours, minutes and seconds', () => {
    expect(formatDuration(86400)).toBe('1 day');
    expect(formatDuration(9000)).toBe('2 hours 30 minutes');
    expect(formatDuration(121)).toBe('2 minutes 1 second');
    expect(formatDuration(0)).toBe('0 seconds');
  });
});
