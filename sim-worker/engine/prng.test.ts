import { describe, expect, it } from 'vitest';
import { Prng } from './prng';

describe('Prng', () => {
  it('replays the same sequence for the same seed', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(new Prng(43).next()).not.toBe(first[0]);
  });

  it('stays within the asked range and covers it', () => {
    const prng = new Prng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 1_000; i++) {
      const n = prng.int(3, 6);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(6);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });
});
