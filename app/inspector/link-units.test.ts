import { describe, expect, it } from 'vitest';
import { formatPercent, parseBandwidth, parseDelay, parsePercent } from './link-units';

describe('cable units', () => {
  it('reads speeds and delays with or without units', () => {
    expect(parseBandwidth('100 Mbit/s')).toEqual({ ok: true, value: 100_000_000 });
    expect(parseBandwidth('1.5Gbps')).toEqual({ ok: true, value: 1_500_000_000 });
    expect(parseBandwidth('64000')).toEqual({ ok: true, value: 64_000 });
    expect(parseDelay('250 ms')).toEqual({ ok: true, value: 250_000_000 });
    expect(parseDelay('1 µs')).toEqual({ ok: true, value: 1_000 });
    expect(parseDelay('2.5 us')).toEqual({ ok: true, value: 2_500 });
  });

  it('reads a rate as a percentage and shows it the same way', () => {
    expect(parsePercent('2 %')).toEqual({ ok: true, value: 0.02 });
    expect(parsePercent('0.5')).toEqual({ ok: true, value: 0.005 });
    expect(parsePercent('lots')).toEqual({ ok: false, error: 'Type a percentage, like 2 % (0 for none)' });
    expect(formatPercent(undefined)).toBe('0 %');
    expect(formatPercent(0.05)).toBe('5 %');
  });

  it('says how to write one it cannot read', () => {
    expect(parseBandwidth('fast')).toEqual({ ok: false, error: 'Type a number and a unit, like 100 Mbit/s or 1 Gbit/s' });
    expect(parseDelay('5 parsecs')).toEqual({ ok: false, error: 'Type a number and a unit, like 5 ms or 250 µs' });
  });
});
