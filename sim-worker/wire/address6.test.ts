import { describe, expect, it } from 'vitest';
import {
  formatIpv6, inSubnet6, interfaceIdFromMac, ipv6FromBytes, ipv6ToBytes, linkLocalFromMac, multicastMac, networkOf6, parseCidr6, parseIpAddress, parseIpv6, solicitedNodeAddress,
} from './address6';

const v6 = (text: string) => {
  const parsed = parseIpv6(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

describe('IPv6 addresses', () => {
  it('parses every text form of RFC 4291 §2.2 and writes the one of RFC 5952', () => {
    expect(formatIpv6(v6('2001:0DB8:0000:0000:0008:0800:200C:417A'))).toBe('2001:db8::8:800:200c:417a');
    expect(formatIpv6(v6('ff01::101'))).toBe('ff01::101');
    expect(formatIpv6(v6('::1'))).toBe('::1');
    expect(formatIpv6(v6('::'))).toBe('::');
    expect(formatIpv6(v6('::13.1.68.3'))).toBe('::d01:4403');
    // RFC 5952 §4.2.2: one zero group is not compressed; §4.2.3: the longest run, the first of equals.
    expect(formatIpv6(v6('2001:db8:0:1:1:1:1:1'))).toBe('2001:db8:0:1:1:1:1:1');
    expect(formatIpv6(v6('2001:0:0:1:0:0:0:1'))).toBe('2001:0:0:1::1');
    expect(formatIpv6(v6('2001:db8:0:0:1:0:0:1'))).toBe('2001:db8::1:0:0:1');
    // RFC 5952 §5: an IPv4-mapped address ends in dotted decimal.
    expect(formatIpv6(v6('::ffff:c000:0280'))).toBe('::ffff:192.0.2.128');
  });

  it('refuses what is not an address, saying why', () => {
    expect(parseIpv6('2001:db8::1::2')).toMatchObject({ ok: false, error: expect.stringMatching(/"::" may appear only once/) });
    expect(parseIpv6('2001:db8:1:2:3:4:5')).toMatchObject({ ok: false, error: expect.stringMatching(/7 groups, not 8/) });
    expect(parseIpv6('2001:db8::g')).toMatchObject({ ok: false });
    expect(parseIpv6('1:2:3:4::5:6:7:8')).toMatchObject({ ok: false });
    expect(parseCidr6('2001:db8::1/129').ok).toBe(false);
    expect(parseIpAddress('10.0.0.1')).toEqual({ ok: true, value: 0x0a000001 });
    expect(parseIpAddress('2001:db8::1')).toEqual({ ok: true, value: v6('2001:db8::1') });
  });

  it('reads and writes 16 bytes, does prefix arithmetic', () => {
    const bytes = new Uint8Array(18);
    ipv6ToBytes(v6('2001:db8::8:800:200c:417a'), bytes, 2);
    expect(Array.from(bytes.subarray(2, 6))).toEqual([0x20, 0x01, 0x0d, 0xb8]);
    expect(formatIpv6(ipv6FromBytes(bytes, 2))).toBe('2001:db8::8:800:200c:417a');
    const cidr = parseCidr6('2001:db8:1:2:3::10/64');
    if (!cidr.ok) throw new Error(cidr.error);
    expect(formatIpv6(networkOf6(cidr.value))).toBe('2001:db8:1:2::');
    expect(inSubnet6(v6('2001:db8:1:2:ffff::1'), cidr.value)).toBe(true);
    expect(inSubnet6(v6('2001:db8:1:3::1'), cidr.value)).toBe(false);
  });

  it('makes the interface id, link-local address and groups from a MAC (RFC 4291 App. A, §2.7.1; RFC 2464 §7)', () => {
    // RFC 4291 Appendix A's example: 34-56-78-9A-BC-DE, universal/local bit flipped, FFFE in the middle.
    expect(interfaceIdFromMac('34:56:78:9a:bc:de').toString(16)).toBe('365678fffe9abcde');
    expect(formatIpv6(linkLocalFromMac('02:00:00:00:00:0a'))).toBe('fe80::ff:fe00:a');
    expect(formatIpv6(solicitedNodeAddress(v6('2001:db8:1::b')))).toBe('ff02::1:ff00:b');
    expect(formatIpv6(solicitedNodeAddress(v6('4037::01:800:200e:8c6c')))).toBe('ff02::1:ff0e:8c6c');
    expect(multicastMac(v6('ff02::1:ff00:b'))).toBe('33:33:ff:00:00:0b');
    expect(multicastMac(v6('ff02::1'))).toBe('33:33:00:00:00:01');
  });
});
