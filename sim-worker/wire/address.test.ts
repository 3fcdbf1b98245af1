import { describe, expect, it } from 'vitest';
import { broadcastOf, formatIpv4, hostAddressProblem, inSubnet, macFromBytes, networkOf, parseCidr, parseIpv4, parseMac } from './address';

describe('addresses', () => {
  it('parses and formats IPv4', () => {
    const parsed = parseIpv4('192.168.1.10');
    expect(parsed).toEqual({ ok: true, value: 0xc0a8010a });
    expect(formatIpv4(0xc0a8010a)).toBe('192.168.1.10');
    expect(parseIpv4('192.168.1.256').ok).toBe(false);
    expect(parseIpv4('10.0.0').ok).toBe(false);
  });

  it('canonicalises MACs and refuses malformed ones', () => {
    expect(parseMac('02-00-00-00-00-0A')).toEqual({ ok: true, value: '02:00:00:00:00:0a' });
    expect(parseMac('02:00:00:00:00').ok).toBe(false);
    expect(macFromBytes(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 0)).toBe('ff:ff:ff:ff:ff:ff');
  });

  it('does subnet arithmetic', () => {
    const cidr = parseCidr('192.168.1.70/26');
    if (!cidr.ok) throw new Error(cidr.error);
    expect(formatIpv4(networkOf(cidr.value))).toBe('192.168.1.64');
    expect(formatIpv4(broadcastOf(cidr.value))).toBe('192.168.1.127');
    expect(inSubnet(0xc0a80141, cidr.value)).toBe(true);
    expect(inSubnet(0xc0a80101, cidr.value)).toBe(false);
    expect(parseCidr('192.168.1.1/33').ok).toBe(false);
    expect(hostAddressProblem({ address: 0xc0a80100, prefix: 24 })).toMatch(/network's own address/);
    expect(hostAddressProblem({ address: 0xc0a801ff, prefix: 24 })).toMatch(/broadcast/);
  });
});
