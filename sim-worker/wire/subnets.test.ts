import { describe, expect, it } from 'vitest';
import { formatIpv4 } from './address';
import { describeSubnet, splitSubnet, type Subnet } from './subnets';

/** A subnet as a calculator prints it. */
function row(s: Subnet): string {
  return `${formatIpv4(s.network)}/${s.prefix} ${formatIpv4(s.firstHost)}-${formatIpv4(s.lastHost)} ${s.broadcast === null ? '-' : formatIpv4(s.broadcast)} ${s.hostCount}`;
}

function split(parent: string, request: Parameters<typeof splitSubnet>[1], limit?: number) {
  const result = splitSubnet(parent, request, limit);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('describeSubnet', () => {
  it('gives a /24 its network, broadcast and 254 hosts', () => {
    expect(row(describeSubnet({ address: 0xc0a8010a, prefix: 24 }))).toBe('192.168.1.0/24 192.168.1.1-192.168.1.254 192.168.1.255 254');
  });

  it('follows RFC 3021 for /31 and treats /32 as one host', () => {
    expect(row(describeSubnet({ address: 0x0a000001, prefix: 31 }))).toBe('10.0.0.0/31 10.0.0.0-10.0.0.1 - 2');
    expect(row(describeSubnet({ address: 0x0a000007, prefix: 32 }))).toBe('10.0.0.7/32 10.0.0.7-10.0.0.7 - 1');
  });
});

describe('splitSubnet', () => {
  it('splits 192.168.1.0/24 into four /26', () => {
    const result = split('192.168.1.0/24', { count: 4 });
    expect(result.prefix).toBe(26);
    expect(result.total).toBe(4);
    expect(result.roundedUpFrom).toBeUndefined();
    expect(result.subnets.map(row)).toEqual([
      '192.168.1.0/26 192.168.1.1-192.168.1.62 192.168.1.63 62',
      '192.168.1.64/26 192.168.1.65-192.168.1.126 192.168.1.127 62',
      '192.168.1.128/26 192.168.1.129-192.168.1.190 192.168.1.191 62',
      '192.168.1.192/26 192.168.1.193-192.168.1.254 192.168.1.255 62',
    ]);
  });

  it('rounds a count up to a power of two, since a prefix splits in halves', () => {
    const result = split('10.0.0.0/8', { count: 3 });
    expect(result).toMatchObject({ prefix: 10, total: 4, roundedUpFrom: 3 });
    expect(result.subnets.map((s) => formatIpv4(s.network))).toEqual(['10.0.0.0', '10.64.0.0', '10.128.0.0', '10.192.0.0']);
  });

  it('splits by a new prefix length and starts from the network of a host address', () => {
    const result = split(' 192.168.1.77/24 ', { prefix: 30 });
    expect(formatIpv4(result.parent.address)).toBe('192.168.1.0');
    expect(result.total).toBe(64);
    expect(row(result.subnets[63])).toBe('192.168.1.252/30 192.168.1.253-192.168.1.254 192.168.1.255 2');
  });

  it('lists only the first subnets of a huge split but counts them all', () => {
    const result = split('0.0.0.0/0', { prefix: 32 }, 3);
    expect(result.total).toBe(2 ** 32);
    expect(result.subnets.map(row)).toEqual(['0.0.0.0/32 0.0.0.0-0.0.0.0 - 1', '0.0.0.1/32 0.0.0.1-0.0.0.1 - 1', '0.0.0.2/32 0.0.0.2-0.0.0.2 - 1']);
    expect(row(split('255.255.255.254/31', { count: 2 }).subnets[1])).toBe('255.255.255.255/32 255.255.255.255-255.255.255.255 - 1');
  });

  it('explains what cannot be split', () => {
    const problem = (parent: string, request: Parameters<typeof splitSubnet>[1]) => {
      const result = splitSubnet(parent, request);
      return result.ok ? 'split' : result.error;
    };
    expect(problem('', { count: 4 })).toMatch(/Type the network to split/);
    expect(problem('192.168.1.0', { count: 4 })).toMatch(/needs a prefix length.*192\.168\.1\.0\/24/);
    expect(problem('192.168.1.300/24', { count: 4 })).toMatch(/not an IPv4 address/);
    expect(problem('10.0.0.1/32', { count: 2 })).toMatch(/single address/);
    expect(problem('192.168.1.0/24', { count: 1 })).toMatch(/from 2 to 256/);
    expect(problem('192.168.1.0/24', { count: 257 })).toMatch(/from 2 to 256/);
    expect(problem('192.168.1.0/24', { count: 2.5 })).toMatch(/whole number/);
    expect(problem('192.168.1.0/24', { prefix: 24 })).toMatch(/longer than 192\.168\.1\.0\/24's own \/24: a whole number from 25 to 32/);
    expect(problem('192.168.1.0/24', { prefix: 33 })).toMatch(/from 25 to 32/);
  });
});
