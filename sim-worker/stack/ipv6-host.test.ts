import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../api';
import { validateDocument } from '../document/validate';
import type { NetworkDocument } from '../document/schema';
import { Simulation } from '../engine/simulation';
import { NetworkBuilder, routedLine } from '../testing/network-builder';
import { appLines, tableRows } from '../testing/trace-queries';
import { tsharkFields } from '../testing/tshark';
import { formatIpv6 } from '../wire/address6';
import { parseEthernet } from '../wire/ethernet';
import { parseIpv6 } from '../wire/ipv6';

/** A document through validation, as the app and the CLI load it: the IPv6 fields must survive it. */
function validated(doc: NetworkDocument): NetworkDocument {
  const checked = validateDocument(JSON.parse(JSON.stringify(doc)));
  if (!checked.ok) throw new Error(checked.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return checked.value;
}

function setIpv6(doc: NetworkDocument, device: string, iface: string, cidr: string): void {
  doc.devices.find((d) => d.id === device)!.interfaces.find((i) => i.name === iface)!.ipv6 = cidr;
}

/**
 * PC-1 (02:…:01) — Switch-1 — Router-1 — Switch-2 — PC-2 (02:…:06), the router on
 * 2001:db8:1::1/64 and 2001:db8:2::1/64: the PCs take SLAAC addresses
 * 2001:db8:1::ff:fe00:1 and 2001:db8:2::ff:fe00:6 from its advertisements.
 */
function dualStackLine(): { sim: Simulation; pcs: [string, string]; router: string } {
  const { doc, pcs, routers } = routedLine(1);
  setIpv6(doc, routers[0], 'eth0', '2001:db8:1::1/64');
  setIpv6(doc, routers[0], 'eth1', '2001:db8:2::1/64');
  const sim = new Simulation(validated(doc));
  // Start-up: router solicitations and advertisements, as when the network loads.
  sim.run();
  return { sim, pcs, router: routers[0] };
}

const PC1 = '2001:db8:1::ff:fe00:1';
const PC2 = '2001:db8:2::ff:fe00:6';

function ipv6Of(event: TraceEvent) {
  const ethernet = parseEthernet(event.frame!.bytes);
  if (!ethernet.ok) throw new Error(ethernet.error);
  const ip = parseIpv6(ethernet.value.payload);
  if (!ip.ok) throw new Error(ip.error);
  return { ethernet: ethernet.value, ip: ip.value };
}

describe('IPv6 beside IPv4', () => {
  it('gives computers SLAAC addresses and a default route from the router advertisements', () => {
    const { sim, pcs, router } = dualStackLine();
    const slaac = sim.trace.events.find((e) => e.device === pcs[0] && e.type === 'receive' && e.summary.startsWith('Router Advertisement'))!;
    expect(slaac.layers.at(-1)!.reason).toBe(`router advertisement from fe80::ff:fe00:2 at 02:00:00:00:00:02: default route via fe80::ff:fe00:2 for 1800 s; new address ${PC1}/64 by SLAAC: the prefix 2001:db8:1::/64 and the interface id made from my MAC 02:00:00:00:00:01`);
    expect(tableRows(sim, pcs[0], 'routes6').map((r) => r.slice(0, 5))).toEqual([
      ['fe80::/64', 'directly connected', 'eth0', '256', 'connected'],
      ['::/0', 'fe80::ff:fe00:2', 'eth0', '1024', 'router advertisement'],
      ['2001:db8:1::/64', 'directly connected', 'eth0', '256', 'router advertisement'],
    ]);
    expect(tableRows(sim, pcs[0], 'neighbours').map((r) => r.slice(0, 4))).toEqual([['fe80::ff:fe00:2', '02:00:00:00:00:02', 'eth0', 'yes']]);
    // The advertisements are background timers: the start-up run still ended.
    expect(sim.quiet).toBe(true);
    const ra = sim.trace.events.find((e) => e.device === router && e.interface === 'eth0' && e.type === 'send' && e.summary.startsWith('Router Advertisement'))!;
    expect(formatIpv6(ipv6Of(ra).ip.src)).toBe('fe80::ff:fe00:2');
  });

  it('pings across the router: hop limit one lower, new MAC addresses, same IPv6 addresses', () => {
    const { sim, pcs, router } = dualStackLine();
    expect(sim.act({ kind: 'ping', device: pcs[0], target: PC2, count: 2 }).ok).toBe(true);
    sim.run();
    const lines = appLines(sim, pcs[0]);
    expect(lines[0]).toBe(`PING ${PC2}(${PC2}) 56 data bytes`);
    expect(lines[1]).toMatch(new RegExp(`^64 bytes from ${PC2}: icmp_seq=1 ttl=63 time=\\d+\\.\\d+ ms$`));
    expect(lines[2]).toMatch(/icmp_seq=2 ttl=63 /);
    expect(lines).toContain('2 packets transmitted, 2 received, 0% packet loss, time 1000ms');
    const request = sim.trace.events.find((e) => e.device === pcs[0] && e.type === 'send' && e.summary.startsWith('Echo (ping) request'))!;
    const forwarded = sim.trace.events.find((e) => e.device === router && e.type === 'send' && e.frame?.id === request.frame!.id)!;
    const [before, after] = [ipv6Of(request), ipv6Of(forwarded)];
    expect([before.ip.hopLimit, after.ip.hopLimit]).toEqual([64, 63]);
    expect([formatIpv6(after.ip.src), formatIpv6(after.ip.dst)]).toEqual([PC1, PC2]);
    expect([before.ethernet.src, before.ethernet.dst]).toEqual(['02:00:00:00:00:01', '02:00:00:00:00:02']);
    expect([after.ethernet.src, after.ethernet.dst]).toEqual(['02:00:00:00:00:03', '02:00:00:00:00:06']);
    expect(after.ip.payload).toEqual(before.ip.payload);
    const forward = sim.trace.events.find((e) => e.device === router && e.type === 'forward' && e.frame!.id === request.frame!.id)!;
    expect(forward.layers.map((l) => l.reason).slice(1)).toEqual([
      `route for ${PC2}: 2001:db8:2::/64 on eth1 (connected), longest match /64: ${PC2} is on that link, so it goes straight there`,
      'hop limit 64 → 63; IPv6 has no header checksum, so nothing else changes',
    ]);
    // The router found PC-2 by a solicitation to its solicited-node group.
    const solicitation = sim.trace.events.find((e) => e.device === router && e.type === 'send' && e.summary === `Neighbor Solicitation for ${PC2} from 02:00:00:00:00:03`)!;
    expect(parseEthernet(solicitation.frame!.bytes)).toMatchObject({ ok: true, value: { dst: '33:33:ff:00:00:06' } });
  });

  it('says "Address unreachable" after three unanswered neighbour solicitations', () => {
    const { sim, pcs } = dualStackLine();
    sim.act({ kind: 'ping', device: pcs[0], target: '2001:db8:1::99', count: 1 });
    sim.run();
    const solicitations = sim.trace.events.filter((e) => e.device === pcs[0] && e.type === 'send' && e.summary.startsWith('Neighbor Solicitation for 2001:db8:1::99'));
    expect(solicitations.map((e) => e.t - solicitations[0].t)).toEqual([0, 1e9, 2e9]);
    expect(parseEthernet(solicitations[0].frame!.bytes)).toMatchObject({ ok: true, value: { dst: '33:33:ff:00:00:99' } });
    expect(appLines(sim, pcs[0])).toContain(`From ${PC1} icmp_seq=1 Destination unreachable: Address unreachable`);
  });

  it('traceroutes over IPv6 through the router', () => {
    const { sim, pcs } = dualStackLine();
    sim.act({ kind: 'traceroute', device: pcs[0], target: PC2 });
    sim.run();
    const lines = appLines(sim, pcs[0]);
    expect(lines[0]).toBe(`traceroute to ${PC2} (${PC2}), 30 hops max, 80 byte packets`);
    expect(lines[1]).toMatch(/^ 1 {2}2001:db8:1::1 \(2001:db8:1::1\)( {2}\d+\.\d{3} ms){3}$/);
    expect(lines[2]).toMatch(new RegExp(`^ 2 {2}${PC2} \\(${PC2}\\)( {2}\\d+\\.\\d{3} ms){3}$`));
    expect(lines).toHaveLength(3);
  });

  it('still pings over IPv4 on the same network', () => {
    const { sim, pcs } = dualStackLine();
    sim.act({ kind: 'ping', device: pcs[0], target: '10.0.2.5', count: 1 });
    sim.run();
    expect(appLines(sim, pcs[0])[1]).toMatch(/^64 bytes from 10\.0\.2\.5: icmp_seq=1 ttl=63 time=/);
  });

  it('ends a routing loop with ICMPv6 time exceeded', () => {
    const net = new NetworkBuilder();
    const pc = net.add('computer');
    const [r1, r2] = [net.add('router'), net.add('router')];
    net.cable(pc, r1, 'eth0', 'eth0');
    net.cable(r1, r2, 'eth1', 'eth0');
    const doc = net.doc;
    setIpv6(doc, pc, 'eth0', '2001:db8:1::10/64');
    setIpv6(doc, r1, 'eth0', '2001:db8:1::1/64');
    setIpv6(doc, r1, 'eth1', '2001:db8:ff::1/64');
    setIpv6(doc, r2, 'eth0', '2001:db8:ff::2/64');
    // Each router sends what it does not know to the other.
    doc.devices.find((d) => d.id === r1)!.routes = [{ destination: '::/0', via: '2001:db8:ff::2' }];
    doc.devices.find((d) => d.id === r2)!.routes = [{ destination: '::/0', via: 'fe80::ff:fe00:3', interface: 'eth0' }];
    const sim = new Simulation(validated(doc));
    sim.run();
    sim.act({ kind: 'ping', device: pc, target: '2001:db8:99::9', count: 1 });
    sim.run();
    expect(appLines(sim, pc)).toContain('From 2001:db8:ff::2 icmp_seq=1 Time exceeded: Hop limit');
    const drop = sim.trace.events.find((e) => e.type === 'drop' && e.device === r2 && e.layers.at(-1)!.reason.startsWith('hop limit'))!;
    expect(drop.layers.at(-1)!.reason).toBe('hop limit 1: one more hop would take it to 0, so Router-2 must not forward it (RFC 8200 §3). Dropped; 2001:db8:1::10 is told with an ICMPv6 time exceeded (hop limit exceeded in transit)');
  });

  it('makes a capture tshark reads with no malformed packet and good checksums', () => {
    const { sim, pcs } = dualStackLine();
    sim.act({ kind: 'ping', device: pcs[0], target: PC2, count: 1 });
    sim.act({ kind: 'traceroute', device: pcs[0], target: PC2, maxHops: 2 });
    sim.run();
    const pcap = sim.capture({ kind: 'all' });
    if (!pcap.ok) throw new Error(pcap.error);
    const rows = tsharkFields(pcap.value, ['frame.protocols', 'icmpv6.checksum.status', 'udp.checksum.status', '_ws.malformed', '_ws.col.Info']);
    for (const [protocols, icmp, udp, malformed] of rows) {
      expect(malformed, protocols).toBe('');
      // An ICMPv6 error quotes a UDP header, which tshark leaves unverified (2) after the outer good one.
      for (const status of [icmp, udp]) if (status !== '') expect(status.split(',')[0], protocols).toBe('1');
    }
    const info = rows.map((r) => r[4]);
    for (const kind of ['Router Advertisement', 'Neighbor Solicitation', 'Neighbor Advertisement', 'Echo (ping) request', 'Echo (ping) reply', 'Time Exceeded', 'Destination Unreachable (Port unreachable)']) {
      expect(info.some((i) => i.startsWith(kind)), kind).toBe(true);
    }
  });
});
