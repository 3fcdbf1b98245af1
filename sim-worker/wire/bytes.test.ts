import { describe, expect, it } from 'vitest';
import { copyBytes, newBytes } from './bytes';

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
