import { describe, expect, it } from 'vitest';
import { addressWords, checksumValid, formatChecksum, internetChecksum, onesComplementSum, patchChecksum } from './checksum';

const hex = (text: string) => Uint8Array.from(text.trim().split(/\s+/), (b) => parseInt(b, 16));

describe('internet checksum (RFC 1071)', () => {
  it('matches the worked example in RFC 1071 §3', () => {
    const bytes = hex('00 01 f2 03 f4 f5 f6 f7');
    expect(onesComplementSum(bytes, 0, bytes.length)).toBe(0xddf2);
    expect(internetChecksum(bytes, 0, bytes.length)).toBe(0x220d);
  });

  it('computes a real IPv4 header checksum and accepts the header once it is in place', () => {
    const header = hex('45 00 00 73 00 00 40 00 40 11 b8 61 c0 a8 00 01 c0 a8 00 c7');
    expect(checksumValid(header, 0, 20)).toBe(true);
    header[10] = 0;
    header[11] = 0;
    expect(formatChecksum(internetChecksum(header, 0, 20))).toBe('0xb861');
    expect(checksumValid(header, 0, 20)).toBe(false);
  });

  it('pads an odd trailing byte with zero', () => {
    expect(onesComplementSum(hex('ab'), 0, 1)).toBe(0xab00);
    expect(onesComplementSum(hex('12 34 ab'), 0, 3)).toBe(0x1234 + 0xab00);
  });

  it('works on a slice and continues from a partial sum', () => {
    const bytes = hex('ee ee 00 01 f2 03 f4 f5 f6 f7 ee');
    expect(internetChecksum(bytes, 2, 8)).toBe(0x220d);
    expect(internetChecksum(bytes, 6, 4, onesComplementSum(bytes, 2, 4))).toBe(0x220d);
  });

  it('folds carries however long the data is', () => {
    const ones = new Uint8Array(9001).fill(0xff);
    expect(onesComplementSum(ones, 0, 9000)).toBe(0xffff);
    expect(internetChecksum(ones, 0, 9000)).toBe(0);
    expect(onesComplementSum(hex('ff ff 00 01'), 0, 4)).toBe(0x0001);
  });

  it('patches a checksum for changed words as RFC 1624 does, to what summing again gives', () => {
    // The header above, its source 192.168.0.1 rewritten to 203.0.113.2 as NAT does.
    const header = hex('45 00 00 73 00 00 40 00 40 11 b8 61 c0 a8 00 01 c0 a8 00 c7');
    const patched = patchChecksum(0xb861, addressWords(0xc0a80001), addressWords(0xcb007102));
    header.set([0xcb, 0x00, 0x71, 0x02], 12);
    header[10] = 0;
    header[11] = 0;
    expect(formatChecksum(patched)).toBe(formatChecksum(internetChecksum(header, 0, 20)));
    // RFC 1624 §4's example: the word 0x5555 becomes 0x3285 under checksum 0xdd2f, giving 0x0000 (eqn. 3), not eqn. 2's 0xffff.
    expect(patchChecksum(0xdd2f, [0x5555], [0x3285])).toBe(0x0000);
  });
});
