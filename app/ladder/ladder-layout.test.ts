import { describe, expect, it } from 'vitest';
import { columnWidth, GUTTER, lifelineX, wrapLabel } from './ladder-layout';

describe('ladder layout', () => {
  it('wraps a long label between TLS records, else at a space, on at most three lines', () => {
    expect(wrapLabel('SYN, ACK', 30)).toEqual(['SYN, ACK']);
    expect(wrapLabel('Server Hello, Change Cipher Spec, Application Data ×4', 34)).toEqual(['Server Hello, Change Cipher Spec,', 'Application Data ×4']);
    expect(wrapLabel('Client Hello (SNI=www.example.test)', 30)).toEqual(['Client Hello', '(SNI=www.example.test)']);
    expect(wrapLabel('Server Hello, Change Cipher Spec, Application Data ×4', 21)).toEqual(['Server Hello,', 'Change Cipher Spec,', 'Application Data ×4']);
    expect(wrapLabel('averyveryverylongwordwithoutspaces', 10)).toEqual(['averyveryverylongwordwithoutspaces']);
  });

  it('shares the panel between the lifelines, within limits', () => {
    expect(columnWidth(GUTTER + 5 * 170, 5)).toBe(170);
    expect(columnWidth(400, 5)).toBe(150);
    expect(columnWidth(4000, 2)).toBe(230);
    expect(lifelineX(0, 200)).toBe(GUTTER + 100);
    expect(lifelineX(2, 200)).toBe(GUTTER + 500);
  });
});
