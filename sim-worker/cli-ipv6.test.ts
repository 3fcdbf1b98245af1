import { describe, expect, it } from 'vitest';
import { runCli } from './cli-run';
import { lan } from './testing/network-builder';

describe('npm run sim with an IPv6 target', () => {
  it('pings an IPv6 address', () => {
    const { doc } = lan(2);
    doc.devices[1].interfaces[0].ipv6 = '2001:db8:1::1/64';
    doc.devices[2].interfaces[0].ipv6 = '2001:db8:1::10/64';
    const out: string[] = [];
    const err: string[] = [];
    const code = runCli(['net.json', '--ping', 'PC-1', '2001:db8:1::10', '--count', '2'], {
      readText: () => JSON.stringify(doc), writeFile: () => undefined, out: (line) => out.push(line), err: (line) => err.push(line),
    });
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out).toContain('  PING 2001:db8:1::10(2001:db8:1::10) 56 data bytes');
    expect(out.some((line) => /^ {2}64 bytes from 2001:db8:1::10: icmp_seq=1 ttl=64 time=/.test(line))).toBe(true);
    expect(out.some((line) => /PC-1 eth0\s+send\s+ICMPv6\s+Neighbor Solicitation for 2001:db8:1::10 from 02:00:00:00:00:0\d/.test(line))).toBe(true);
  });
});
