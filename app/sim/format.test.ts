import { describe, expect, it } from 'vitest';
import { asciiChar, formatBandwidth, formatSimTime } from './format';

describe('formatSimTime', () => {
  it('picks a unit a learner can read', () => {
    expect(formatSimTime(0)).toBe('0 s');
    expect(formatSimTime(850)).toBe('850 ns');
    expect(formatSimTime(12_500)).toBe('12.5 µs');
    expect(formatSimTime(1_234_000)).toBe('1.234 ms');
    expect(formatSimTime(1_000_000_000)).toBe('1 s');
    expect(formatSimTime(2_000_781_000)).toBe('2.000781 s');
  });
});

describe('formatBandwidth', () => {
  it('uses the largest whole unit', () => {
    expect(formatBandwidth(1_000_000_000)).toBe('1 Gbit/s');
    expect(formatBandwidth(100_000_000)).toBe('100 Mbit/s');
    expect(formatBandwidth(9600)).toBe('9.6 kbit/s');
  });
});

describe('asciiChar', () => {
  it('prints only printable ASCII', () => {
    expect(asciiChar(0x41)).toBe('A');
    expect(asciiChar(0x00)).toBe('.');
    expect(asciiChar(0x7f)).toBe('.');
  });
});
