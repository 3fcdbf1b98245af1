import { describe, expect, it } from 'vitest';
import { broadcastOf, formatIpv4, hostAddressProblem, inSubnet, isGroupMac, macFromBytes, macToBytes, networkOf, parseCidr, parseIpv4, parseMac } from './address';

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

  it('formats the same address the same way every time, however many others come between', () => {
    // 4096 apart: the same slot of the remembered texts, so each evicts the other.
    const a = 0x0a000001;
    const b = a + 4096 * 4097;
    for (let i = 0; i < 3; i++) {
      expect(formatIpv4(a)).toBe('10.0.0.1');
      expect(formatIpv4(b)).toBe(`${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}`);
    }
    expect(formatIpv4(0xffffffff)).toBe('255.255.255.255');
    expect(formatIpv4(-1)).toBe('255.255.255.255');
    expect(formatIpv4(0)).toBe('0.0.0.0');
    const mac = new Uint8Array([0x02, 0, 0, 0, 0x10, 0x0a, 0x02, 0, 0, 1, 0x10, 0x0a]);
    expect([macFromBytes(mac, 0), macFromBytes(mac, 6), macFromBytes(mac, 0)]).toEqual(['02:00:00:00:10:0a', '02:00:00:01:10:0a', '02:00:00:00:10:0a']);
  });

  it('writes MACs as bytes and tells group addresses by their first octet', () => {
    const bytes = new Uint8Array(8);
    macToBytes('02:ab:CD:ef:09:f0', bytes, 1);
    expect([...bytes]).toEqual([0, 0x02, 0xab, 0xcd, 0xef, 0x09, 0xf0, 0]);
    expect(isGroupMac('ff:ff:ff:ff:ff:ff')).toBe(true);
    expect(isGroupMac('33:33:00:00:00:01')).toBe(true);
    expect(isGroupMac('01:00:5e:00:00:01')).toBe(true);
    expect(isGroupMac('02:00:00:00:00:01')).toBe(false);
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
