import { describe, expect, it } from 'vitest';
import { NetworkBuilder } from '../testing/network-builder';
import { addRoute, setInterface } from './edits';
import { checkInterfaceIpv6, setInterfaceIpv6 } from './ipv6-edits';
import { validateDocument } from './validate';

function twoComputers() {
  const net = new NetworkBuilder();
  const pc1 = net.add('computer');
  const pc2 = net.add('computer');
  return { doc: net.doc, pc1, pc2 };
}

const eth0 = (doc: ReturnType<typeof twoComputers>['doc'], id: string) => doc.devices.find((d) => d.id === id)!.interfaces[0];

describe('IPv6 address edits', () => {
  it('sets an address in RFC 5952 form, keeps it through IPv4 edits, and clears it', () => {
    const { doc, pc1 } = twoComputers();
    const set = setInterfaceIpv6(doc, pc1, 'eth0', '2001:0DB8:0001:0000::0010/64');
    if (!set.ok) throw new Error(set.error);
    expect(eth0(set.doc, pc1).ipv6).toBe('2001:db8:1::10/64');
    expect(validateDocument(set.doc).ok).toBe(true);
    const withIpv4 = setInterface(set.doc, pc1, 'eth0', { ipv4: '192.168.1.10/24' });
    if (!withIpv4.ok) throw new Error(withIpv4.error);
    expect(eth0(withIpv4.doc, pc1)).toMatchObject({ ipv4: '192.168.1.10/24', ipv6: '2001:db8:1::10/64' });
    const cleared = setInterfaceIpv6(withIpv4.doc, pc1, 'eth0', ' ');
    expect(cleared.ok && eth0(cleared.doc, pc1)).toEqual({ name: 'eth0', mac: expect.any(String), ipv4: '192.168.1.10/24' });
  });

  it('refuses what the document would refuse, in the same words, and changes nothing', () => {
    const { doc, pc1, pc2 } = twoComputers();
    expect(checkInterfaceIpv6(doc, pc1, 'eth0', '2001:db8:1::10')).toBe('"2001:db8:1::10" needs a prefix length to say how big its network is: add one like /64 (2001:db8:1::10/64)');
    expect(checkInterfaceIpv6(doc, pc1, 'eth0', 'fe80::1/64')).toMatch(/^fe80::1 is link-local/);
    const set = setInterfaceIpv6(doc, pc1, 'eth0', '2001:db8:1::10/64');
    if (!set.ok) throw new Error(set.error);
    expect(setInterfaceIpv6(set.doc, pc2, 'eth0', '2001:db8:1::10/64')).toEqual({ ok: false, error: 'PC-2 eth0: 2001:db8:1::10 is already used by PC-1 eth0: two interfaces cannot share an address' });
  });

  it('will not strand an IPv6 route whose next router was on the old prefix', () => {
    const { doc, pc1 } = twoComputers();
    const set = setInterfaceIpv6(doc, pc1, 'eth0', '2001:db8:1::10/64');
    if (!set.ok) throw new Error(set.error);
    const routed = addRoute(set.doc, pc1, { destination: '2001:db8:2::/64', via: '2001:db8:1::1' });
    if (!routed.ok) throw new Error(routed.error);
    expect(checkInterfaceIpv6(routed.doc, pc1, 'eth0', '2001:db8:9::10/64')).toMatch(/would no longer work .*change or remove that route first$/);
  });
});
