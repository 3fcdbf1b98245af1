import { describe, expect, it } from 'vitest';
import { NetworkBuilder } from '../testing/network-builder';
import { setAddressing, setDhcpServer, suggestDhcpScope } from './dhcp-edits';
import { addRoute, setInterface } from './edits';
import { validateDocument } from './validate';

function small() {
  const net = new NetworkBuilder();
  const router = net.add('router');
  const pc = net.add('computer');
  const sw = net.add('switch');
  net.address(router, '192.168.1.1/24').address(router, '10.0.0.1/30', undefined, 'eth1').address(pc, '192.168.1.10/24', '192.168.1.1');
  return { doc: net.doc, router, pc, sw };
}

describe('DHCP edits', () => {
  it('switches an interface to DHCP, dropping its typed address and gateway, and back', () => {
    const { doc, pc } = small();
    const dhcp = setAddressing(doc, pc, 'eth0', 'dhcp');
    expect(dhcp.ok && dhcp.doc.devices.find((d) => d.id === pc)!.interfaces[0]).toEqual({ name: 'eth0', mac: expect.any(String), addressing: 'dhcp' });
    expect(dhcp.ok && validateDocument(dhcp.doc).ok).toBe(true);
    if (!dhcp.ok) return;
    const back = setAddressing(dhcp.doc, pc, 'eth0', 'static');
    expect(back.ok && back.doc.devices.find((d) => d.id === pc)!.interfaces[0]).toEqual({ name: 'eth0', mac: expect.any(String) });
    // Already static: nothing changes.
    expect(setAddressing(doc, pc, 'eth0', 'static')).toEqual({ ok: true, doc });
    // A new MAC keeps it on DHCP; a typed address makes it static.
    const newMac = setInterface(dhcp.doc, pc, 'eth0', { mac: '02:00:00:00:00:99' });
    expect(newMac.ok && newMac.doc.devices.find((d) => d.id === pc)!.interfaces[0]).toEqual({ name: 'eth0', mac: '02:00:00:00:00:99', addressing: 'dhcp' });
    const typed = setInterface(dhcp.doc, pc, 'eth0', { ipv4: '192.168.1.20/24' });
    expect(typed.ok && typed.doc.devices.find((d) => d.id === pc)!.interfaces[0]).toEqual({ name: 'eth0', mac: expect.any(String), ipv4: '192.168.1.20/24' });
  });

  it('refuses DHCP on a router, and on a computer whose routes need the typed address', () => {
    const { doc, router, pc } = small();
    expect(setAddressing(doc, router, 'eth0', 'dhcp')).toEqual({ ok: false, error: 'Router-1 eth0 cannot use DHCP: Router-1 is a router, and a router does not take its address from a DHCP server' });
    const routed = addRoute(doc, pc, { destination: '10.0.2.0/24', via: '192.168.1.2' });
    if (!routed.ok) throw new Error(routed.error);
    const refused = setAddressing(routed.doc, pc, 'eth0', 'dhcp');
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toMatch(/^PC-1 eth0 cannot switch to DHCP: the route to 10\.0\.2\.0\/24 via 192\.168\.1\.2 would no longer work \(PC-1 has no IPv4 address yet/);
    expect(setAddressing(doc, 'nope', 'eth0', 'dhcp')).toEqual({ ok: false, error: 'There is no device with id "nope"' });
  });

  it('suggests .100–.199 of a /24, the upper half of a smaller network, and never the router\'s own address', () => {
    const { doc, router, pc } = small();
    expect(suggestDhcpScope(doc, router, 'eth0')).toEqual({ ok: true, value: { interface: 'eth0', poolStart: '192.168.1.100', poolEnd: '192.168.1.199' } });
    // A /30 has two hosts: the router's .1 and one client, .2.
    expect(suggestDhcpScope(doc, router, 'eth1')).toEqual({ ok: true, value: { interface: 'eth1', poolStart: '10.0.0.2', poolEnd: '10.0.0.2' } });
    const high = setInterface(doc, router, 'eth0', { ipv4: '192.168.1.150/24' });
    if (!high.ok) throw new Error(high.error);
    expect(suggestDhcpScope(high.doc, router, 'eth0')).toEqual({ ok: true, value: { interface: 'eth0', poolStart: '192.168.1.100', poolEnd: '192.168.1.149' } });
    expect(suggestDhcpScope(doc, router, 'eth2')).toEqual({ ok: false, error: 'Router-1 eth2 has no IPv4 address: give it one first, since the DHCP server serves its network' });
    expect(suggestDhcpScope(doc, pc, 'eth0')).toEqual({ ok: false, error: 'PC-1 is a computer: only routers, ISPs, home routers and servers run a DHCP server' });
  });

  it('adds, replaces and removes a scope, in interface order, refusing a bad one whole', () => {
    const { doc, router } = small();
    const first = setDhcpServer(doc, router, 'eth1', { poolStart: '10.0.0.2', poolEnd: '10.0.0.2', leaseSeconds: 600 });
    if (!first.ok) throw new Error(first.error);
    const both = setDhcpServer(first.doc, router, 'eth0', { poolStart: '192.168.1.100', poolEnd: '192.168.1.120', dns: ['8.8.8.8'] });
    if (!both.ok) throw new Error(both.error);
    expect(both.doc.devices[0].dhcpServers).toEqual([
      { interface: 'eth0', poolStart: '192.168.1.100', poolEnd: '192.168.1.120', dns: ['8.8.8.8'] },
      { interface: 'eth1', poolStart: '10.0.0.2', poolEnd: '10.0.0.2', leaseSeconds: 600 },
    ]);
    expect(validateDocument(both.doc).ok).toBe(true);
    const replaced = setDhcpServer(both.doc, router, 'eth0', { poolStart: '192.168.1.50', poolEnd: '192.168.1.60' });
    expect(replaced.ok && replaced.doc.devices[0].dhcpServers![0]).toEqual({ interface: 'eth0', poolStart: '192.168.1.50', poolEnd: '192.168.1.60' });
    expect(setDhcpServer(both.doc, router, 'eth0', { poolStart: '192.168.1.60', poolEnd: '192.168.1.50', leaseSeconds: 5 })).toEqual({
      ok: false,
      error: 'Router-1 eth0: The pool ends at 192.168.1.50, before it starts at 192.168.1.60: the end must be the higher address; The lease time is a whole number of seconds from 120 (2 minutes) to 31536000 (a year), like 86400 (a day), not 5',
    });
    const removed = setDhcpServer(both.doc, router, 'eth1', undefined);
    expect(removed.ok && removed.doc.devices[0].dhcpServers).toHaveLength(1);
    if (!removed.ok) return;
    const none = setDhcpServer(removed.doc, router, 'eth0', undefined);
    expect(none.ok && 'dhcpServers' in none.doc.devices[0]).toBe(false);
    expect(setDhcpServer(doc, router, 'eth0', undefined)).toEqual({ ok: false, error: 'Router-1 eth0 has no DHCP server to remove' });
  });
});
