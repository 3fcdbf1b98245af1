import { describe, expect, it } from 'vitest';
import { RecentMap } from './recent-map';

describe('RecentMap', () => {
  it('answers as a Map does, whichever entry it keeps at hand', () => {
    const map = new RecentMap<string, number>();
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1);
    expect(map.get('a')).toBe(1);
    expect(map.get('b')).toBe(2);
    expect(map.get('c')).toBeUndefined();
    map.set('b', 3);
    expect(map.get('b')).toBe(3);
    expect(map.size).toBe(2);
    expect([...map.entries()]).toEqual([['a', 1], ['b', 3]]);
  });

  it('forgets the entry at hand when it is deleted or the map cleared', () => {
    const map = new RecentMap<number, string>();
    map.set(7, 'seven');
    expect(map.get(7)).toBe('seven');
    expect(map.delete(7)).toBe(true);
    expect(map.get(7)).toBeUndefined();
    map.set(8, 'eight');
    map.clear();
    expect(map.get(8)).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('keeps the entry at hand when another is deleted', () => {
    const map = new RecentMap<bigint, string>();
    map.set(1n, 'one');
    map.set(2n, 'two');
    map.delete(1n);
    expect(map.get(2n)).toBe('two');
    expect(map.get(1n)).toBeUndefined();
  });
});
