import { describe, expect, it } from 'vitest';
import { copyBytes, newBytes, view } from './bytes';

describe('newBytes', () => {
  it('gives zeroed arrays of the length asked for that never overlap', () => {
    const arrays = Array.from({ length: 200 }, (_, i) => newBytes(1 + (i % 90)));
    arrays.forEach((bytes, i) => {
      expect(bytes.length).toBe(1 + (i % 90));
      expect(bytes.every((b) => b === 0)).toBe(true);
      bytes.fill(i + 1);
    });
    arrays.forEach((bytes, i) => expect(bytes.every((b) => b === i + 1)).toBe(true));
  });

  it('gives a large array a buffer of its own', () => {
    const big = newBytes(9000);
    expect(big.length).toBe(9000);
    expect(big.byteOffset).toBe(0);
    expect(big.buffer.byteLength).toBe(9000);
  });

  it('copies bytes so that changing the copy leaves the original alone', () => {
    const original = newBytes(4);
    original.set([1, 2, 3, 4]);
    const copy = copyBytes(original);
    copy[0] = 9;
    expect([...original]).toEqual([1, 2, 3, 4]);
    expect([...copy]).toEqual([9, 2, 3, 4]);
  });
});

describe('view', () => {
  it('gives the same bytes subarray would, sharing them, for a carved array too', () => {
    const carved = newBytes(10);
    carved.set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const middle = view(carved, 2, 5);
    expect([...middle]).toEqual([2, 3, 4]);
    middle[0] = 42;
    expect(carved[2]).toBe(42);
    expect([...view(carved, 8)]).toEqual([8, 9]);
  });

  it('keeps its bounds within the array, as subarray does, never reaching into the slab beyond', () => {
    const carved = newBytes(4);
    newBytes(4).fill(0xff);
    for (const [start, end] of [[2, 99], [5, 9], [3, 1], [-2, 2]]) expect([...view(carved, start, end)]).toEqual([...carved.subarray(Math.max(0, start), end)]);
    expect(view(carved, 2, 99).length).toBe(2);
  });
});
